"""Incidents and their tamper-evident timelines."""
