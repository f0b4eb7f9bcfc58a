"""Real HTTP servers on 127.0.0.1 for source tests, and payloads shaped like each API.

`FakeService` is a threaded http.server whose routes return (status, body,
headers); every request is recorded (path, query, headers) for assertions.
The payload builders follow each service's documented response shapes.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""

    def arg(self, key: str, default: str = "") -> str:
        return self.query.get(key, [default])[0]


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    cut_at: int | None = None  # send only this many bytes of a longer Content-Length

    def encoded(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


Route = Callable[[Request], Reply]


class FakeService:
    """A real HTTP server on 127.0.0.1; `url` is its base URL."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Route] = {}
        self.requests: list[Request] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(
                    method, parts.path, parse_qs(parts.query), dict(self.headers.items()), body
                )
                service.requests.append(request)
                route = service.routes.get((method, parts.path))
                reply = route(request) if route else Reply(404, "<html>not found</html>")
                if reply.delay:
                    time.sleep(reply.delay)
                data = reply.encoded()
                self.send_response(reply.status)
                headers = {"Content-Type": "application/json; charset=utf-8", **reply.headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                if reply.cut_at is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(data if reply.cut_at is None else data[: reply.cut_at])
                    self.wfile.flush()
                except OSError:
                    pass
                if reply.cut_at is not None:
                    self.close_connection = True

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def route(self, path: str, method: str = "GET") -> Callable[[Route], Route]:
        def register(func: Route) -> Route:
            self.routes[(method, path)] = func
            return func

        return register

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(name="service")
def service_fixture() -> Iterator[FakeService]:
    running = FakeService()
    yield running
    running.close()


def ago(minutes: float) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=minutes)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


# --- payload builders, one per service ---------------------------------------------


def mastodon_status(n: int, minutes_ago: float = 0) -> dict[str, Any]:
    return {
        "id": str(110000000000000000 + n),
        "created_at": iso(ago(minutes_ago)),
        "in_reply_to_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "en",
        "uri": f"https://social.example/users/ali/statuses/{n}",
        "url": f"https://social.example/@ali/{n}",
        "replies_count": 1,
        "reblogs_count": 2,
        "favourites_count": 3,
        "content": f'<p>Kopi Kita &amp; me #{n}: <a href="https://x.example">link</a></p>',
        "reblog": None,
        "account": {
            "id": "1",
            "username": "ali",
            "acct": "ali@social.example",
            "display_name": "Ali <script>x</script>",
            "followers_count": 1234,
        },
        "media_attachments": [],
        "mentions": [],
        "tags": [{"name": "kopikita", "url": "https://social.example/tags/kopikita"}],
    }


def bluesky_post(n: int, minutes_ago: float = 0) -> dict[str, Any]:
    did = f"did:plc:author{n % 3}"
    return {
        "uri": f"at://{did}/app.bsky.feed.post/3k{n:06d}",
        "cid": f"bafyrei{n:010d}",
        "author": {
            "did": did,
            "handle": f"user{n % 3}.bsky.social",
            "displayName": f"User {n % 3}",
        },
        "record": {
            "$type": "app.bsky.feed.post",
            "text": f"kopi kita post {n}",
            "createdAt": ago(minutes_ago).isoformat().replace("+00:00", "Z"),
            "langs": ["ms"],
        },
        "replyCount": 1,
        "repostCount": 2,
        "likeCount": 3,
        "quoteCount": 0,
        "indexedAt": iso(ago(minutes_ago)),
        "labels": [],
    }


def reddit_listing(children: list[dict[str, Any]], after: str | None) -> dict[str, Any]:
    return {
        "kind": "Listing",
        "data": {
            "after": after,
            "before": None,
            "dist": len(children),
            "modhash": "",
            "children": children,
        },
    }


def reddit_post(n: int, minutes_ago: float = 0) -> dict[str, Any]:
    return {
        "kind": "t3",
        "data": {
            "id": f"p{n}",
            "name": f"t3_p{n}",
            "title": f"Kopi Kita recall {n}",
            "selftext": "Is it safe? & more <not a tag>",  # raw_json=1: sent as typed
            "author": f"redditor{n}",
            "created_utc": ago(minutes_ago).timestamp(),
            "permalink": f"/r/malaysia/comments/p{n}/kopi_kita_recall/",
            "url": f"https://www.reddit.com/r/malaysia/comments/p{n}/kopi_kita_recall/",
            "score": 10,
            "num_comments": 4,
            "subreddit": "malaysia",
            "subreddit_subscribers": 500000,
        },
    }


def hn_hit(n: int, minutes_ago: float = 0) -> dict[str, Any]:
    moment = ago(minutes_ago)
    return {
        "objectID": str(40000000 + n),
        "created_at": iso(moment),
        "created_at_i": int(moment.timestamp()),
        "author": f"hn{n}",
        "title": f"Kopi Kita outage {n}",
        "story_text": None,
        "comment_text": None,
        "url": f"https://news.example/{n}",
        "points": 5,
        "num_comments": 2,
        "_tags": ["story", f"author_hn{n}", f"story_{40000000 + n}"],
    }


def mention_item(n: int, minutes_ago: float = 0) -> dict[str, Any]:
    return {
        "id": str(900000 - n),
        "alert_id": "42",
        "title": f"Kopi Kita {n}",
        "description": "People <b>complain</b>",
        "url": f"https://blog.example/{n}",
        "original_url": f"https://blog.example/{n}?utm_source=mention",
        "published_at": ago(minutes_ago).isoformat(),
        "language_code": "en",
        "source_type": "web",
        "source_name": "blog.example",
        "tone": -1,
        "author_influence": {"score": 40, "followers_count": 800},
    }


def brandwatch_result(n: int, minutes_ago: float = 0) -> dict[str, Any]:
    return {
        "resourceId": f"bw{n}",
        "guid": f"https://forum.example/t/{n}",
        "date": ago(minutes_ago).strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
        "url": f"https://forum.example/t/{n}",
        "author": f"poster{n}",
        "fullname": f"Poster {n}",
        "fullText": f"kopi kita keracunan {n}",
        "snippet": "kopi kita",
        "title": "",
        "sentiment": "negative",
        "language": "ms",
        "reachEstimate": 150,
        "pageType": "forum",
    }


def talkwalker_result(n: int, minutes_ago: float = 0) -> dict[str, Any]:
    return {
        "data": {
            "url": f"https://news.example/tw/{n}",
            "indexed": int(ago(minutes_ago).timestamp() * 1000),
            "published": int(ago(minutes_ago).timestamp() * 1000),
            "title": f"Kopi Kita news {n}",
            "content": "Story text &amp; more",
            "lang": "en",
            "sentiment": -3,
            "reach": 25000,
            "engagement": 12,
            "extra_author_attributes": {"name": "Reporter", "id": "rep1"},
            "source_type": ["ONLINENEWS"],
        }
    }


def talkwalker_payload(results: list[dict[str, Any]], next_offset: int | None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "status_code": "0",
        "status_message": "OK",
        "request": "GET /api/v1/search/results?q=kopi",
        "pagination": {"total": 999},
        "result_content": {"data": results},
    }
    if next_offset is not None:
        payload["pagination"]["next"] = f"GET /api/v1/search/results?q=kopi&offset={next_offset}"
    return payload


GOOGLE_ALERTS_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:idx="urn:atom-extension:indexing">
<id>tag:google.com,2005:reader/user/1/state/com.google/alerts/1</id>
<title>Google Alert - kopi kita</title>
<updated>{updated}</updated>
<entry>
<id>tag:google.com,2013:googlealerts/feed:111</id>
<title type="html">&lt;b&gt;Kopi Kita&lt;/b&gt; recalls iced coffee</title>
<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://news.example/recall%3Fid%3D7&amp;ct=ga&amp;cd=CAIy&amp;usg=AOv" />
<published>{updated}</published>
<updated>{updated}</updated>
<content type="html">Customers of &lt;b&gt;Kopi Kita&lt;/b&gt; report &amp;quot;bad taste&amp;quot;</content>
<author><name></name></author>
</entry>
<entry>
<id>tag:google.com,2013:googlealerts/feed:112</id>
<title type="html">Second &lt;b&gt;Kopi Kita&lt;/b&gt; story</title>
<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://blog.example/two&amp;ct=ga" />
<published>{updated}</published>
<updated>{updated}</updated>
<content type="html">more</content>
</entry>
</feed>
"""

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>News</title><link>https://news.example/</link><language>ms</language>
{items}
</channel></rss>
"""


def rss_item(n: int, minutes_ago: float = 0) -> str:
    from email.utils import format_datetime

    return (
        f"<item><title>Berita Kopi Kita {n}</title><link>https://news.example/{n}</link>"
        f"<guid>https://news.example/{n}</guid><pubDate>{format_datetime(ago(minutes_ago))}</pubDate>"
        f"<dc:creator>Wartawan</dc:creator><description>&lt;p&gt;Isi {n}&lt;/p&gt;</description></item>"
    )
