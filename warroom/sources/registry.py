"""The kinds of source and the connector of each."""

from __future__ import annotations

from warroom.sources import (
    bluesky,
    brandwatch,
    file,
    hackernews,
    mastodon,
    mention,
    reddit,
    rss,
    talkwalker,
)
from warroom.sources.base import Connector

CONNECTORS: dict[str, Connector] = {
    "rss": rss.pages,
    "mastodon": mastodon.pages,
    "bluesky": bluesky.pages,
    "reddit": reddit.pages,
    "hackernews": hackernews.pages,
    "mention": mention.pages,
    "brandwatch": brandwatch.pages,
    "talkwalker": talkwalker.pages,
    "file": file.pages,
}
KINDS = tuple(CONNECTORS)

# What each kind needs besides a base URL, for help texts and the Sources dialog.
NEEDS: dict[str, str] = {
    "rss": "--url FEED_URL",
    "mastodon": "--url https://INSTANCE --query '#tag' or words; optional token",
    "bluesky": "--url https://public.api.bsky.app --query WORDS; optional handle= + app password",
    "reddit": "--url https://www.reddit.com --query WORDS; optional subreddit=, client_id= + secret",
    "hackernews": "--url https://hn.algolia.com --query WORDS",
    "mention": "--url https://web.mention.com --option account=ID --option alert=ID; token",
    "brandwatch": "--url https://api.brandwatch.com --option project=ID --option query_id=ID "
    "--option username=NAME; password",
    "talkwalker": "--url https://api.talkwalker.com --query Q; access token",
    "file": "--url PATH (CSV or JSON Lines); --option map.FIELD=COLUMN",
}
DEFAULT_URLS: dict[str, str] = {
    "mastodon": "https://mastodon.social",
    "bluesky": "https://public.api.bsky.app",
    "reddit": "https://www.reddit.com",
    "hackernews": "https://hn.algolia.com",
    "mention": "https://web.mention.com",
    "brandwatch": "https://api.brandwatch.com",
    "talkwalker": "https://api.talkwalker.com",
}


def connector(kind: str) -> Connector:
    try:
        return CONNECTORS[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r} (known: {', '.join(KINDS)})") from None
