"""The team server's address (settings) and password (OS keyring only).

`configure()` keeps the URL without its password in settings (team.url) and
the password in the keyring under SECRET_NAME; a password written inside the
URL is taken out of it and moved to the keyring.  `team_url()` puts them back
together for a connection.  Nothing here ever prints or logs the password.
"""

from __future__ import annotations

from warroom import credentials, settings
from warroom.errors import UserError
from warroom.sync.server import TeamUrl

SECRET_NAME = "team-server"


def configure(
    url_text: str, password: str | None, prefs: settings.Settings | None = None
) -> TeamUrl:
    """Save the team server; returns it (without password).

    `password`: the one typed at the prompt or read from stdin (None or ""
    for none).  A password inside the URL wins over none and is moved to the
    keyring; given both ways, they must agree.
    """
    prefs = prefs or settings.Settings()
    team = TeamUrl.parse(url_text)
    in_url = team.password
    if in_url and password and in_url != password:
        raise UserError("the URL holds a password and another one was given: give it one way only")
    secret = in_url or password or None
    if secret:
        credentials.set_secret(SECRET_NAME, secret)
    else:
        try:
            credentials.delete_secret(SECRET_NAME)
        except credentials.CredentialsError:
            pass  # no keyring: there is nothing stored either
    prefs.set(settings.TEAM_URL, team.without_password())
    return team.with_password(None)


def configured_url(prefs: settings.Settings | None = None) -> TeamUrl | None:
    """The team server from settings, without password; None in solo mode."""
    prefs = prefs or settings.Settings()
    text = prefs.get(settings.TEAM_URL).strip()
    return TeamUrl.parse(text) if text else None


def team_url(prefs: settings.Settings | None = None) -> TeamUrl | None:
    """The team server with its password from the keyring; None in solo mode.

    Without a usable keyring the connection is tried without a password (a
    server that needs one then says so).
    """
    team = configured_url(prefs)
    if team is None:
        return None
    try:
        secret = credentials.get_secret(SECRET_NAME)
    except credentials.CredentialsError:
        secret = None
    return team.with_password(secret)


def has_password() -> bool | None:
    """Whether a password is in the keyring (None: the keyring cannot be read)."""
    try:
        return credentials.get_secret(SECRET_NAME) is not None
    except credentials.CredentialsError:
        return None


def require_team_url(prefs: settings.Settings | None = None) -> TeamUrl:
    team = team_url(prefs)
    if team is None:
        raise UserError(
            "no team server is set: run `warroom team set postgresql://user@host:5432/warroom`"
        )
    return team
