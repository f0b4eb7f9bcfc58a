"""Shipped drill scenarios (one JSON file each), read with importlib.resources."""
