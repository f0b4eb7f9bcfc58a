"""Fonts shipped for the PDF report (see README.md beside them)."""
