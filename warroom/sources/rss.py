"""RSS 2.0 and Atom feeds: Google Alerts, Talkwalker Alerts, Mastodon tag RSS, news.

Conditional GET with the ETag and Last-Modified of the last stored fetch (a
304 stores nothing).  Google Alerts wrap each link in a
`google.com/url?…&url=REAL` redirect, unwrapped before dedupe, and highlight
matches with `<b>`, stripped with the rest of the HTML.  The feed is parsed
incrementally, so items before a truncation or a syntax error are kept; the
validators are then not stored, and the next poll fetches the feed again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from warroom.sources import normalize
from warroom.sources.base import Context, Page, PageBuilder, mention

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# What the service sends in each text field: RSS 2.0 title/description/content:encoded carry HTML (Google Alerts titles too); an Atom text construct says its type (text, html, xhtml).
TEXT_FIELDS: dict[str, str] = {
    "title": "html",
    "description": "html",
    "content:encoded": "html",
    "dc:creator": "plain",
    "atom:title": "html if type=html else plain",
    "atom:content": "html if type=html else plain",
}


def _text(element: Element | None) -> str:
    if element is None:
        return ""
    return "".join(element.itertext()).strip()


def _atom_kind(entry: Element, name: str) -> normalize.TextKind:
    """RFC 4287 3.1: a text construct is type="text" (the default), "html" or "xhtml"
    (whose markup the XML parser has already taken apart)."""
    element = entry.find(f"{ATOM}{name}")
    return "html" if element is not None and element.get("type") == "html" else "plain"


def _atom_link(entry: Element) -> str:
    fallback = ""
    for link in entry.findall(f"{ATOM}link"):
        rel = link.get("rel", "alternate")
        if rel == "alternate":
            return link.get("href", "")
        fallback = fallback or link.get("href", "")
    return fallback


def _rss_item(args: tuple[Element, str]) -> dict[str, Any]:
    item, language = args
    link = _text(item.find("link"))
    guid = _text(item.find("guid"))
    when = _text(item.find("pubDate")) or _text(item.find(f"{DC}date"))
    if not when:
        raise KeyError("pubDate")
    body = _text(item.find(CONTENT)) or _text(item.find("description"))
    external = guid or link or _digest(_text(item.find("title")), body)
    return mention(
        external_id=external,
        published_at=normalize.parse_time(when),
        url=link or (guid if guid.startswith("http") else ""),
        author=_text(item.find(f"{DC}creator")) or _text(item.find("author")),
        title=_text(item.find("title")),
        text=body,
        text_kind="html",
        title_kind="html",
        language=language,
        raw={
            "kind": "rss",
            "title": _text(item.find("title")),
            "link": link,
            "guid": guid,
            "pubDate": when,
            "description": body[:5000],
        },
    )


def _atom_entry(args: tuple[Element, str]) -> dict[str, Any]:
    entry, language = args
    link = _atom_link(entry)
    when = _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated"))
    if not when:
        raise KeyError("published")
    body = _text(entry.find(f"{ATOM}content")) or _text(entry.find(f"{ATOM}summary"))
    title = _text(entry.find(f"{ATOM}title"))
    author = entry.find(f"{ATOM}author")
    external = _text(entry.find(f"{ATOM}id")) or link or _digest(title, body)
    return mention(
        external_id=external,
        published_at=normalize.parse_time(when),
        url=link,
        author=_text(author.find(f"{ATOM}name")) if author is not None else "",
        title=title,
        text=body,
        text_kind=_atom_kind(entry, "content")
        if entry.find(f"{ATOM}content") is not None and _text(entry.find(f"{ATOM}content"))
        else _atom_kind(entry, "summary"),
        title_kind=_atom_kind(entry, "title"),
        language=entry.get(XML_LANG) or language,
        raw={
            "kind": "atom",
            "id": external,
            "title": title,
            "link": link,
            "published": when,
            "content": body[:5000],
        },
    )


def _digest(*parts: str) -> str:
    return "sha1:" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def parse_feed(body: bytes, builder: PageBuilder) -> str | None:
    """Parse items into the builder; returns a problem with the feed as a whole, or None."""
    parser = XMLPullParser(events=("start", "end"))
    root_tag: str | None = None
    language = ""
    index = 0
    try:
        for offset in range(0, len(body), 65536):
            parser.feed(body[offset : offset + 65536])
            events: Iterator[Any] = parser.read_events()
            for pair in events:
                event, element = pair
                if not isinstance(element, Element):
                    continue
                tag = element.tag
                if event == "start":
                    if root_tag is None:
                        root_tag = tag
                        if tag.lower() in ("html", "{http://www.w3.org/1999/xhtml}html"):
                            return "returned an HTML page instead of a feed; check the URL"
                        if tag not in (
                            "rss",
                            f"{ATOM}feed",
                            "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF",
                        ):
                            return f"is not an RSS or Atom feed (root element <{tag}>)"
                        language = element.get(XML_LANG, "")
                    continue
                if tag == "language" and not language:
                    language = _text(element)
                elif tag in ("item", "{http://purl.org/rss/1.0/}item"):
                    builder.add(index, _rss_item, (element, language))
                    index += 1
                    element.clear()
                elif tag == f"{ATOM}entry":
                    builder.add(index, _atom_entry, (element, language))
                    index += 1
                    element.clear()
        parser.close()
    except ParseError as exc:
        kept = f"; the {len(builder.rows)} items before it were kept" if builder.rows else ""
        if root_tag is None:
            return f"is not valid XML ({exc})"
        return f"feed is malformed or cut off ({exc}){kept}"
    if root_tag is None:
        return "returned an empty response instead of a feed"
    return None


def pages(ctx: Context) -> Iterator[Page]:
    url = ctx.spec.base_url.strip()
    if not url.startswith(("http://", "https://")):
        raise ctx.fail(f"feed URL {url!r} must start with http:// or https://")
    headers = {
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
    }
    if ctx.cursor.get("etag"):
        headers["If-None-Match"] = str(ctx.cursor["etag"])
    if ctx.cursor.get("last_modified"):
        headers["If-Modified-Since"] = str(ctx.cursor["last_modified"])
    response = ctx.fetch(url, headers=headers, ok=(200, 304))
    if response.status == 304:
        yield Page([], dict(ctx.cursor))
        return
    builder = PageBuilder(ctx)
    problem = parse_feed(response.body, builder)
    if problem is None:
        cursor = {
            "etag": response.headers.get("etag", ""),
            "last_modified": response.headers.get("last-modified", ""),
        }
    else:
        cursor = {}  # fetch the whole feed again next time
        builder.problems.insert(0, f"the feed {problem}")
    page = builder.page(cursor)
    if problem is not None and not builder.rows:
        raise ctx.fail(f"the feed {problem}")
    yield page
