"""Warroom engine: store, sources, analysis, plan, incidents, reports and sync.

Nothing in this package imports Qt widgets; the command line and the tests use
it without a window.
"""

__version__ = "0.1.0"
APP_NAME = "Warroom"
