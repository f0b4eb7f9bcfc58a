"""Secrets in the OS keyring, and nowhere else.

A thin wrapper over `keyring` that turns "no backend", "locked" and other
keyring failures into a `CredentialsError` with a plain message saying what
to do, so the app keeps running on what it has stored.  Secrets never reach
the database, settings, logs, exception text or reports: error messages here
name the source, never the secret.
"""

from __future__ import annotations

import logging

import keyring
import keyring.errors
from keyring.backends import fail

from warroom.errors import UserError

log = logging.getLogger(__name__)

SERVICE = "warroom"


class CredentialsError(UserError):
    """The keyring cannot be used; the message says what to do."""


def _backend_ok() -> None:
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        raise CredentialsError(
            "no OS keyring is available to keep credentials: on Linux start a Secret Service "
            "(gnome-keyring or KWallet) in your desktop session; on Windows and macOS the "
            "system keyring is used"
        )


def _explain(action: str, name: str, exc: Exception) -> CredentialsError:
    if isinstance(exc, keyring.errors.KeyringLocked):
        return CredentialsError(
            f"the keyring is locked: unlock it to {action} the credentials of {name!r}"
        )
    errors = keyring.errors
    if isinstance(exc, errors.InitError | errors.NoKeyringError):
        reason = "no keyring service answers in this session"
    elif isinstance(exc, errors.PasswordSetError):
        reason = "the keyring refused to store them"
    elif isinstance(exc, errors.PasswordDeleteError):
        reason = "the keyring could not remove them"
    else:
        # the log gets the kind of failure only: a keyring's message may quote what it held
        log.warning("keyring could not %s %r: %s", action, name, type(exc).__name__)
        reason = "the keyring did not answer (see the log)"
    return CredentialsError(f"cannot {action} the credentials of {name!r}: {reason}")


def set_secret(name: str, secret: str) -> None:
    if not secret:
        raise CredentialsError(f"empty secret for {name!r}: nothing stored")
    _backend_ok()
    try:
        keyring.set_password(SERVICE, name, secret)
    except keyring.errors.KeyringError as exc:
        raise _explain("store", name, exc) from None


def get_secret(name: str) -> str | None:
    _backend_ok()
    try:
        return keyring.get_password(SERVICE, name)
    except keyring.errors.KeyringError as exc:
        raise _explain("read", name, exc) from None


def delete_secret(name: str) -> None:
    _backend_ok()
    try:
        keyring.delete_password(SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        return
    except keyring.errors.KeyringError as exc:
        raise _explain("delete", name, exc) from None
