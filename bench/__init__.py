"""Benchmarks: `python -m bench [NAME ...]` prints `NAME: VALUE UNIT (reference: VALUE UNIT)`."""
