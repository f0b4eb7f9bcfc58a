"""Normalisation of outside text, times and URLs; cross-source duplicates linked once."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from warroom.sources.normalize import canonical_url, clean_text, language, parse_time
from warroom.store.db import Store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import Mention, Source, VolumeBucket


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("<p>Kopi &amp; <b>Kita</b></p><p>two</p>", "Kopi & Kita\ntwo"),
        ("&lt;b&gt;Kopi Kita&lt;/b&gt; recall", "Kopi Kita recall"),
        ("before<script>alert('x')</script>after", "before after"),
        ("a<br/>b", "a\nb"),
        ("x < y &amp;&amp; y > z", "x < y && y > z"),
        ("  spaced \u00a0 out ", "spaced out"),
        ("<p>one</p>\n\n \t<p>  two  </p>\r\n\r\n<p></p>", "one\ntwo"),
        ("line\u2003\n\u2028\n\tnext\v", "line\nnext"),
        ("tab\there", "tab here"),
        (None, ""),
    ],
)
def test_clean_text(raw: str | None, plain: str) -> None:
    assert clean_text(raw) == plain


def test_times_become_utc_and_impossible_ones_are_refused() -> None:
    expected = datetime(2026, 11, 29, 2, 30, tzinfo=UTC)
    assert parse_time("2026-11-29T10:30:00+08:00") == expected
    assert parse_time("2026-11-29T02:30:00.000Z") == expected
    assert parse_time("2026-11-29T02:30:00.000+0000") == expected  # Brandwatch
    assert parse_time("Sun, 29 Nov 2026 02:30:00 GMT") == expected  # RSS
    assert parse_time(expected.timestamp()) == expected  # Reddit, Algolia
    assert parse_time(int(expected.timestamp() * 1000)) == expected  # Talkwalker
    assert parse_time("2026-11-29T02:30:00.123456789Z").microsecond == 123456
    for bad in ("2026-02-30T10:00:00Z", "yesterday", "", 10**18, "1970-01-01T00:00:00Z", True):
        with pytest.raises(ValueError, match="impossible date"):
            parse_time(bad)


def test_canonical_urls() -> None:
    google = "https://www.google.com/url?rct=j&sa=t&url=https://News.example/a%3Fx%3D1&ct=ga&usg=A"
    assert canonical_url(google) == "https://news.example/a?x=1"
    assert (
        canonical_url("https://Blog.Example:443/p?utm_source=x&id=2#top")
        == "https://blog.example/p?id=2"
    )
    assert canonical_url("javascript:alert(1)") == ""
    assert language(["ms", "en"]) == "ms" and language("EN_us") == "en-us" and language(5) == ""


def test_same_url_from_two_sources_is_linked_not_counted_twice(store: Store) -> None:
    when = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    with store.session() as session:
        first = Source(origin=store.origin, name="a", kind="rss")
        second = Source(origin=store.origin, name="b", kind="rss")
        session.add_all([first, second])
        session.flush()
        row = {"external_id": "1", "canonical_url": "https://news.example/x", "published_at": when}
        assert store_mentions(session, [{**row, "source_id": first.id}], origin=store.origin) == 1
        assert store_mentions(session, [{**row, "source_id": second.id}], origin=store.origin) == 1
        original = session.scalars(select(Mention).where(Mention.source_id == first.id)).one()
        copy = session.scalars(select(Mention).where(Mention.source_id == second.id)).one()
        assert copy.duplicate_of_id == original.id and original.duplicate_of_id is None
        assert sum(b.total for b in session.scalars(select(VolumeBucket))) == 1


def test_a_literal_less_than_in_a_post_loses_nothing() -> None:
    # plain text with "<" (maths, code, arrows) beside real tags: only the tags go
    assert clean_text("Use a<b for less-than<br>Second line") == (
        "Use a<b for less-than\nSecond line"
    )
    assert clean_text("<p>if x<y then it fails</p><p>Rest of the complaint</p>") == (
        "if x<y then it fails\nRest of the complaint"
    )
    # an escaped "<" in HTML is text, not the start of a tag
    assert clean_text("<p>if a&lt;b then it broke</p><p>rest</p>") == "if a<b then it broke\nrest"
    assert clean_text("a&lt;b then it broke") == "a<b then it broke"
    # while double-escaped highlighting (Google Alerts) is still stripped
    assert clean_text("&lt;b&gt;Kopi&lt;/b&gt; recall") == "Kopi recall"
    assert clean_text('text <a href="http://x') == "text"  # a tag cut off at the end


def test_half_an_emoji_cannot_block_a_source() -> None:
    broken = json.loads('"kopi \\ud83d recall"')  # a lone surrogate, as cut-off JSON sends
    assert clean_text(broken) == "kopi \ufffd recall"
    assert clean_text(broken).encode("utf-8")  # storable
    assert canonical_url("https://a.example/x\x00y") == "https://a.example/xy"
