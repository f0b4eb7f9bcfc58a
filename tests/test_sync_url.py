"""The team-server URL never carries its password into settings or messages."""

from __future__ import annotations

import pytest

from warroom.sync.server import TeamUrl, TeamUrlError


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://ana:s3cret@db.example/warroom",
        "postgresql://ana@db.example/warroom?password=s3cret",
    ],
)
def test_the_password_is_taken_out_of_the_url(url: str) -> None:
    team = TeamUrl.parse(url)
    assert team.password == "s3cret"
    assert "s3cret" not in team.without_password()
    assert "s3cret" not in team.where()


def test_a_password_given_twice_is_refused() -> None:
    with pytest.raises(TeamUrlError, match="once"):
        TeamUrl.parse("postgresql://ana:one@db.example/warroom?password=two")
