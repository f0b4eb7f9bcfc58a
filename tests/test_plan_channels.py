"""Channel limits (X, Bluesky graphemes, Mastodon, SMS) and safe placeholder filling."""

from __future__ import annotations

import pytest

from warroom.plan.channels import (
    channel_limit,
    fits,
    grapheme_count,
    graphemes,
    measure,
    sms_length,
)
from warroom.plan.placeholders import fill, placeholders


def test_channel_limits() -> None:
    assert channel_limit("x") == (280, "characters")
    assert channel_limit("bluesky") == (300, "graphemes")
    assert channel_limit("mastodon") == (500, "characters")
    assert channel_limit("sms")[0] == 160
    assert channel_limit("press_release")[0] is None
    assert fits("x", "a" * 280) and not fits("x", "a" * 281)
    assert fits("mastodon", "a" * 500) and not fits("mastodon", "a" * 501)
    assert fits("blog", "a" * 100_000)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("abc", 3),
        ("e\u0301", 1),  # combining acute
        ("👍🏽", 1),  # skin-tone modifier
        ("👨‍👩‍👧‍👦", 1),  # ZWJ family
        ("🏳️‍🌈", 1),  # flag with variation selector and ZWJ
        ("❤️", 1),  # variation selector
        ("🇲🇾🇬🇧", 2),  # two regional-indicator flags
        ("🇲🇾🇬", 2),  # a flag and a lone indicator
        ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", 1),  # Scotland tag flag
        ("\r\n", 1),
        ("한국어", 3),
        ("\u1100\u1161\u11a8", 1),  # conjoining jamo
        ("नमस्ते", 3),
    ],
)
def test_grapheme_count(text: str, count: int) -> None:
    assert grapheme_count(text) == count
    assert "".join(graphemes(text)) == text


def test_bluesky_counts_graphemes_not_code_points() -> None:
    family = "👨‍👩‍👧‍👦"
    text = family * 300
    assert len(text) == 2100
    assert fits("bluesky", text)
    assert not fits("bluesky", text + "a")
    assert not fits("x", text)
    m = measure("bluesky", text)
    assert (m.count, m.limit, m.unit) == (300, 300, "graphemes")


def test_sms_gsm7_and_ucs2() -> None:
    assert sms_length("Hello") == (5, 160, "GSM-7")
    assert sms_length("[€]") == (6, 160, "GSM-7")  # extension characters count double
    assert fits("sms", "a" * 160) and not fits("sms", "a" * 161)
    assert fits("sms", "é" * 160)  # é is in GSM-7
    assert not fits("sms", "a" * 79 + "\u2019")  # curly quote forces UCS-2: 70 units
    assert fits("sms", "a" * 69 + "\u2019")
    assert sms_length("😀")[0] == 2  # a surrogate pair is two UCS-2 units
    m = measure("sms", "Kami 😀")
    assert m.limit == 70 and m.unit == "UCS-2 characters"


def test_fill_replaces_known_and_keeps_unknown_visible() -> None:
    body = "{brand}: call {hotline} about {product} on {date}. {unknown} {website} {incident}"
    values = {
        "brand": "Kedai",
        "hotline": "1-800",
        "product": "Soya",
        "date": "12 Mac",
        "website": "https://x.my",
        "incident": "INC-1",
    }
    assert (
        fill(body, values) == "Kedai: call 1-800 about Soya on 12 Mac. {unknown} https://x.my INC-1"
    )
    assert placeholders(body)[:3] == ["brand", "hotline", "product"]


def test_fill_is_not_str_format() -> None:
    hostile = "{brand.__class__} {brand[0]} {0} {} {{brand}} %(brand)s {brand!r}"
    out = fill(hostile, {"brand": "Kedai"})
    assert out == "{brand.__class__} {brand[0]} {0} {} {Kedai} %(brand)s {brand!r}"
    # a value that looks like a placeholder is not filled again
    assert fill("{brand} {product}", {"brand": "{product}", "product": "P"}) == "{product} P"
