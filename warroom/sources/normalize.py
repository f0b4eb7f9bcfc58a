"""Normalising what services send: text, times, URLs and language codes.

Text from outside is untrusted: HTML is stripped (scripts and styles dropped
with their content), entities decoded, whitespace collapsed.  Times become
UTC-aware datetimes and impossible ones are refused.  URLs are canonicalised
(Google Alerts redirects unwrapped, tracking parameters dropped, host
lower-cased, fragment removed) so the same article from two sources is linked.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TAG_HINT = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z0-9]+;")
# runs that need collapsing: two or more blanks, or any blank other than a space
_SPACES = re.compile(r"[\t\r\f\v\u00a0][ \t\r\f\v\u00a0]*| [ \t\r\f\v\u00a0]+")
_ODD_SPACE = re.compile("[\t\f\v\u00a0]")  # a blank other than a space ("\r" is gone by then)
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|igshid|ref_src|cmpid)$", re.I)

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=2)


_DROP = re.compile(r"<(script|style|template|head)\b.*?(</\1\s*>|$)", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.S)
_DROP_HINT = re.compile(r"<(?:script|style|template|head)", re.I)
# block-level tags become line breaks (applied before _TAG removes every other tag)
_BREAK = re.compile(r"<(?:br|/?p|/?div|/?li|/?blockquote|/?h[1-6]|/?tr)\b[^>]*>", re.I)
# a tag holds no '<'; one cut off at the very end of the text (a truncated feed)
# goes too, but only within its line, so a literal "a<b" in text loses nothing
_TAG = re.compile(r"</?[a-zA-Z!][^<>]*>|</?[a-zA-Z!][^<>\n]*$")
# after unescaping (double-escaped feeds), only complete tags are tags
_ESCAPED_TAG = re.compile(r"</?[a-zA-Z!][^<>]*>")
_SURROGATE = re.compile("[\ud800-\udfff]")  # half an emoji: SQLite cannot store it
_PLAIN = re.compile("[<&\n\r\t\x00\u00a0\ud800-\udfff]|  ")


def clean_text(value: Any) -> str:
    """Plain text from HTML or text: tags stripped, entities decoded, spaces collapsed.

    Scripts, styles and comments go with their content; block tags become line
    breaks.  Entities are decoded after the tags are gone, so an escaped
    `&lt;b&gt;` (double-escaped feeds) is stripped on a second pass.
    """
    if not value:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not _PLAIN.search(text):
        return text.strip()
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    tags = _TAG
    for _ in range(2):
        if "<" in text:
            if _DROP_HINT.search(text):
                text = _DROP.sub(" ", text)
            if "<!--" in text:
                text = _COMMENT.sub(" ", text)
            text = tags.sub("", _BREAK.sub("\n", text))
        if "&" not in text:
            break
        text = html.unescape(text)
        if not _TAG_HINT.search(text):
            break
        tags = _ESCAPED_TAG
    if "\x00" in text:
        text = text.replace("\x00", "")
    if "\r" in text:
        text = text.replace("\r", "\n")
    text = text.strip()
    if "  " in text or _ODD_SPACE.search(text):
        text = _SPACES.sub(" ", text)
    if "\n" in text:
        # each line stripped, empty lines dropped (str.strip and the re module's \s
        # agree on what is a blank)
        text = "\n".join(filter(None, [line.strip() for line in text.split("\n")]))
    return text


TextKind = Literal["plain", "html", "markdown"]

# what plain text may need: a carriage return, a NUL, half of a surrogate pair
_PLAIN_FIX = re.compile("[\r\x00\ud800-\udfff]")
_CRLF = re.compile("\r\n?")


def plain_text(value: Any) -> str:
    """Plain text (or Markdown) as its author wrote it.

    Kept byte for byte but for three things no store should keep: line endings
    become "\\n", NULs and unpaired surrogates go.  Nothing that looks like a
    tag or an entity is touched: `<b>` and `&lt;` are what the author typed.
    """
    if not value:
        return ""
    text = value if isinstance(value, str) else str(value)
    if not _PLAIN_FIX.search(text):
        return text
    if "\r" in text:
        text = _CRLF.sub("\n", text)
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _SURROGATE.sub("", text)


_WHITE = re.compile(r"[ \t\n\r\f]+")
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.I | re.S)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
_BREAK_NAMES = frozenset(
    {"br", "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}
)
_HTML_MARKUP = re.compile(r"[<&]")


def _bare(url: str) -> str:
    url = html.unescape(url).strip()
    for scheme in ("https://", "http://"):
        if url.lower().startswith(scheme):
            url = url[len(scheme) :]
    return url.rstrip("/")


def _anchor(match: re.Match[str]) -> str:
    attributes, inner = match.group(1), match.group(2)
    found = _HREF.search(attributes)
    href = next((g for g in found.groups() if g is not None), "") if found else ""
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return inner
    classes = _CLASS.search(attributes)
    if classes and re.search(r"\b(mention|hashtag)\b", classes.group(1) or classes.group(2)):
        return inner  # Mastodon's @user and #tag links: the text is what was typed
    shown = _HTML_TAG.sub("", inner)
    if not shown.strip():
        return href
    if _bare(shown) == _bare(href):
        return inner
    return f"{inner} ({href})"


def _tag_text(match: re.Match[str]) -> str:
    """What a tag leaves in the text: a line break for block tags, else nothing."""
    name = _TAG_NAME.match(match.group(0))
    return "\n" if name and name.group(1).lower() in _BREAK_NAMES else ""


def html_text(value: Any) -> str:
    """The text an HTML fragment shows: what its author typed.

    Entities are decoded once (an escaped `&lt;b&gt;` is the text `<b>`), tags
    become text structure (paragraphs, line breaks, list items, headings start
    new lines), a link keeps its URL beside its text where the two differ, and
    scripts, styles and comments go with their content.  Runs of blanks
    collapse as a browser shows them.
    """
    if not value:
        return ""
    text = value if isinstance(value, str) else str(value)
    if _PLAIN_FIX.search(text):
        text = plain_text(text)
    if not _HTML_MARKUP.search(text):
        return _WHITE.sub(" ", text).strip()
    text = _WHITE.sub(" ", text)
    if "<" in text:
        if _DROP_HINT.search(text):
            text = _DROP.sub(" ", text)
        if "<!--" in text:
            text = _COMMENT.sub(" ", text)
        if "<a" in text or "<A" in text:
            text = _ANCHOR.sub(_anchor, text)
        # one left-to-right pass, as a browser reads tags: a tag runs to the next ">",
        # so a malformed "</span}</p>" is one (invisible) tag, not text and a break
        text = _HTML_TAG.sub(_tag_text, text)
    if "&" in text:
        text = html.unescape(text)
        if _PLAIN_FIX.search(text):  # &#0; or &#xD800; decoded
            text = plain_text(text)
        if "\u00a0" in text:
            text = text.replace("\u00a0", " ")
    if "\n" in text:
        return "\n".join(filter(None, [line.strip() for line in text.split("\n")]))
    return text.strip()


def convert(value: Any, kind: TextKind) -> str:
    """The text of a field whose service sends `kind` (plain, html or markdown)."""
    return html_text(value) if kind == "html" else plain_text(value)


def scrub(text: str) -> str:
    """`text` without what no store can keep: NUL, and halves of surrogate pairs (as U+FFFD)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def parse_time(value: Any) -> datetime:
    """A UTC datetime from ISO 8601, RFC 822, or epoch seconds/milliseconds.

    Raises ValueError naming the value for anything unparseable or impossible
    (before 1990 or more than two days in the future).
    """
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, bool) or value is None:
        moment = None
    elif isinstance(value, int | float):
        seconds = float(value)
        if seconds > 1e11:  # milliseconds
            seconds /= 1000.0
        try:
            moment = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            moment = None
    elif isinstance(value, str) and value.strip():
        moment = _parse_text_time(value.strip())
    if moment is None:
        raise ValueError(f"impossible date {str(value)[:40]!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    if moment < EARLIEST or moment > datetime.now(UTC) + FUTURE_SLACK:
        raise ValueError(f"impossible date {str(value)[:40]!r}")
    return moment


def _parse_text_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    if text.lstrip("-").replace(".", "", 1).isdigit():
        try:
            return parse_time(float(text))
        except ValueError:
            return None
    iso = text.replace("Z", "+00:00").replace("z", "+00:00")
    # Brandwatch writes +0000; Python 3.11 wants +00:00
    iso = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", iso)
    # more than six fractional digits (Bluesky, Go services) are not accepted
    iso = re.sub(r"(\.\d{6})\d+", r"\1", iso)
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def unwrap_redirect(url: str) -> str:
    """The real link inside a Google (Alerts, News) redirect; other URLs unchanged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").lower()
    if (host == "google.com" or host.startswith("www.google.")) and parts.path == "/url":
        query = dict(parse_qsl(parts.query))
        real = query.get("url") or query.get("q") or ""
        if real.startswith(("http://", "https://")):
            return real
    return url


_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")  # never part of a URL
_SIMPLE_URL = re.compile(r"https?://[a-z0-9.-]+(/[^?#&\s]*)?")


def canonical_url(url: Any) -> str:
    """A comparable URL: redirect unwrapped, host lower-case, no fragment, no tracking."""
    if not isinstance(url, str) or not url.strip():
        return ""
    link: str = _CONTROL.sub("", url) if _CONTROL.search(url) else url
    if _SIMPLE_URL.fullmatch(link):  # already canonical: no query, fragment, port or capitals
        return link if link.count("/") > 2 else link + "/"
    text = link.strip()
    if "&" in text:
        text = html.unescape(text)
    if "google." in text:
        text = unwrap_redirect(text)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.lower()
    if port and not (
        (parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)
    ):
        host = f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def language(value: Any) -> str:
    """A short language code ('en', 'pt-br') from a code, a list of codes or junk."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if not isinstance(value, str) or not value:
        return ""
    return _language(value)


@lru_cache(maxsize=512)
def _language(value: str) -> str:
    code = value.strip().lower().replace("_", "-")
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,4})?", code):
        return ""
    return code[:10]


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
