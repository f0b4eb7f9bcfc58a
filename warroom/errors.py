"""Errors the user can act on, as opposed to bugs.

A `UserError` carries one plain line that names what is wrong and where; the
command line prints it and exits non-zero, the window shows it in a dialog.
"""

from __future__ import annotations


class UserError(Exception):
    """Something in the environment or the input the user can fix."""


class StoreTooNewError(UserError):
    """The database was written by a newer Warroom; we refuse to touch it."""


class StoreError(UserError):
    """The database cannot be opened or written (locked, disk full, corrupt)."""
