"""Warroom's Qt interface: windows, panes, item models and the engine bridge."""
