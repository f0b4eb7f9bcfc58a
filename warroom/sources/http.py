"""HTTP for sources: one requests Session per source, polite and bounded.

Timeouts on every call; retries with exponential backoff on connection errors,
cut-off bodies and 5xx; 429 and `Retry-After` honoured; each API's rate-limit
headers read (X-RateLimit-*, Reddit's x-ratelimit-used/remaining/reset, IETF
RateLimit-*, Mastodon's ISO reset time) and the next call held back when the
budget is spent; bodies larger than a cap refused; a descriptive User-Agent.

Error messages name the source and the URL without its query string, so a
token passed as a parameter never reaches a message or a log line.
"""

from __future__ import annotations

import errno
import json
import re
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.structures import CaseInsensitiveDict

from warroom import __version__

USER_AGENT = f"Warroom/{__version__} (crisis monitoring desktop app; +https://warroom.example/bot)"
MAX_BYTES = 20 * 1024 * 1024
MAX_WAIT_S = 60.0


class HttpError(Exception):
    """Raised by HttpClient; `kind` is offline, rate_limited, status, too_big, bad_body."""

    def __init__(self, message: str, *, kind: str, status: int = 0) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


@dataclass
class Response:
    status: int
    headers: CaseInsensitiveDict[str]
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self, what: str) -> Any:
        """The body as JSON; an HTML page or malformed JSON raises a plain HttpError."""
        head = self.body[:512].lstrip().lower()
        ctype = self.headers.get("content-type", "").lower()
        if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<")) or "text/html" in ctype:
            raise HttpError(
                f"{what} returned an HTML page instead of JSON (HTTP {self.status}); "
                "check the URL, or the service may be down or asking for a login",
                kind="bad_body",
                status=self.status,
            )
        if not self.body.strip():
            raise HttpError(f"{what} returned an empty response", kind="bad_body")
        # JSON on the network is UTF-8 (RFC 8259 §8.1): anything else is not text
        try:
            text = self.body.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if not text or _CONTROL.search(text, 0, 512):
            raise HttpError(
                f"{what} returned binary data or text in an unknown encoding, not JSON "
                f"(HTTP {self.status}, {len(self.body) // 1024} KB)",
                kind="bad_body",
                status=self.status,
            )
        try:
            return json.loads(text)
        except RecursionError:
            raise HttpError(
                f"{what} returned JSON nested too deeply to read (arrays or objects inside "
                "one another, thousands of levels)",
                kind="bad_body",
                status=self.status,
            ) from None
        except ValueError as exc:
            where = (
                f" at line {exc.lineno} column {exc.colno}"
                if isinstance(exc, json.JSONDecodeError)
                else ""
            )
            raise HttpError(
                f"{what} returned malformed or truncated JSON{where}", kind="bad_body"
            ) from None


# characters no JSON text holds outside a string: a body starting with them is binary
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class RateLimit:
    remaining: int | None = None
    reset_at: datetime | None = None


def public_url(url: str) -> str:
    """The URL without query or credentials, safe for messages."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, "", ""))
    except ValueError:
        return "(invalid URL)"


def _is_offline(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return True
        if isinstance(current, OSError) and current.errno in (
            errno.ENETUNREACH,
            errno.EHOSTUNREACH,
            errno.ENETDOWN,
        ):
            return True
        text = str(current)
        if "Name or service not known" in text or "Temporary failure in name resolution" in text:
            return True
        if "Network is unreachable" in text or "nodename nor servname" in text:
            return True
        current = current.__cause__ or current.__context__
        if current is None and hasattr(exc, "args"):
            nested = [a for a in exc.args if isinstance(a, BaseException) and id(a) not in seen]
            current = nested[0] if nested else None
    return False


def parse_rate_limit(headers: Mapping[str, str], now: datetime) -> RateLimit:
    """Remaining calls and reset time from whichever rate-limit headers the API sends."""
    limit = RateLimit()
    remaining = headers.get("x-ratelimit-remaining") or headers.get("ratelimit-remaining")
    if remaining is not None:
        try:
            limit.remaining = max(0, int(float(remaining.split(",")[0].split(";")[0])))
        except ValueError:
            pass
    reset = headers.get("x-ratelimit-reset") or headers.get("ratelimit-reset")
    if reset is not None:
        limit.reset_at = _reset_time(reset.strip(), now)
    return limit


def _reset_time(value: str, now: datetime) -> datetime | None:
    try:
        number = float(value.split(",")[0].split(";")[0])
    except ValueError:
        try:  # Mastodon sends an ISO 8601 time
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if number > 1e11:
        return datetime.fromtimestamp(number / 1000, UTC)
    if number > 1e9:  # epoch seconds
        return datetime.fromtimestamp(number, UTC)
    return now + timedelta(seconds=number)  # seconds from now (Reddit, IETF draft)


def _retry_after(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class HttpClient:
    """One source's HTTP: a Session with timeouts, retries, rate limits and a size cap.

    Args:
        name: the source's name, for messages.
        session: the requests Session to use (tests may pass their own).
        sleep: how to wait (tests pass a recorder).
    """

    def __init__(
        self,
        name: str,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        retries: int = 3,
        backoff_s: float = 0.5,
        max_bytes: int = MAX_BYTES,
        max_wait_s: float = MAX_WAIT_S,
        sleep: Callable[[float], None] = time.sleep,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.name = name
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.timeout = timeout
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_bytes = max_bytes
        self.max_wait_s = max_wait_s
        self.sleep = sleep
        self.rate = RateLimit()
        self.calls = 0
        self.page = 0  # the page being fetched, for messages (0: not counted)

    @property
    def where(self) -> str:
        """'source NAME' with the page being fetched, for messages."""
        return f"source {self.name!r}" + (f", page {self.page}" if self.page else "")

    def close(self) -> None:
        self.session.close()

    def get(self, url: str, **kwargs: Any) -> Response:
        return self.request("GET", url, **kwargs)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | list[tuple[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        data: Any = None,
        json_body: Any = None,
        ok: tuple[int, ...] = (200,),
    ) -> Response:
        """Send a request; returns a Response whose status is in `ok` (304 included if asked)."""
        where = f"{self.where}: {public_url(url)}"
        self._respect_budget(where)
        attempt = 0
        while True:
            attempt += 1
            self.calls += 1
            try:
                response = self._send(method, url, params, headers, data, json_body, where)
            except HttpError as exc:
                if exc.kind in ("offline", "connection", "truncated") and attempt <= self.retries:
                    self.sleep(self.backoff_s * 2 ** (attempt - 1))
                    continue
                raise
            now = datetime.now(UTC)
            self._note_rate(response.headers, now)
            status = response.status
            if status in ok:
                return response
            if status == 429 or (status == 503 and "retry-after" in response.headers):
                wait = _retry_after(response.headers.get("retry-after"), now)
                if wait is None:
                    wait = self.backoff_s * 2 ** (attempt - 1)
                    if self.rate.reset_at is not None:
                        wait = max(wait, (self.rate.reset_at - now).total_seconds())
                if wait > self.max_wait_s or attempt > self.retries:
                    self.rate.remaining = 0
                    self.rate.reset_at = now + timedelta(seconds=wait)
                    raise HttpError(
                        f"{where} rate limit reached (HTTP {status}); "
                        f"try again after {self.rate.reset_at:%H:%M:%S} UTC",
                        kind="rate_limited",
                        status=status,
                    )
                self.sleep(wait)
                continue
            if status >= 500 and attempt <= self.retries:
                self.sleep(self.backoff_s * 2 ** (attempt - 1))
                continue
            raise HttpError(_status_message(where, status), kind="status", status=status)

    def _send(
        self,
        method: str,
        url: str,
        params: Any,
        headers: Mapping[str, str] | None,
        data: Any,
        json_body: Any,
        where: str,
    ) -> Response:
        try:
            with self.session.request(
                method,
                url,
                params=params,
                headers=dict(headers or {}),
                data=data,
                json=json_body,
                timeout=self.timeout,
                stream=True,
                allow_redirects=True,
            ) as raw:
                declared = raw.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise HttpError(
                        f"{where} sent {int(declared) // 1024} KB, more than the "
                        f"{self.max_bytes // 1024} KB limit",
                        kind="too_big",
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in raw.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise HttpError(
                            f"{where} sent more than the {self.max_bytes // 1024} KB limit",
                            kind="too_big",
                        )
                    chunks.append(chunk)
                return Response(raw.status_code, raw.headers, b"".join(chunks), raw.url)
        except HttpError:
            raise
        except requests.exceptions.InvalidURL:
            raise HttpError(f"{where}: the URL is not valid", kind="status") from None
        except (requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema):
            raise HttpError(
                f"{where}: the URL must start with http:// or https://", kind="status"
            ) from None
        except requests.exceptions.ChunkedEncodingError:
            raise HttpError(
                f"{where}: the response was cut off (truncated body)", kind="truncated"
            ) from None
        except requests.exceptions.Timeout:
            raise HttpError(
                f"{where}: no answer within {self.timeout[1]:.0f} s (timeout)", kind="connection"
            ) from None
        except requests.exceptions.ConnectionError as exc:
            if _is_offline(exc):
                raise HttpError(
                    f"{where}: offline (no network or the host name cannot be resolved)",
                    kind="offline",
                ) from None
            raise HttpError(
                f"{where}: cannot connect ({_reason(exc)})", kind="connection"
            ) from None
        except requests.exceptions.RequestException as exc:
            raise HttpError(
                f"{where}: the request failed ({_reason(exc)})", kind="connection"
            ) from None

    def _note_rate(self, headers: Mapping[str, str], now: datetime) -> None:
        limit = parse_rate_limit(headers, now)
        if limit.remaining is not None:
            self.rate.remaining = limit.remaining
        if limit.reset_at is not None:
            self.rate.reset_at = limit.reset_at

    def _respect_budget(self, where: str) -> None:
        """Hold back while the API's budget is spent; refuse if the wait is too long."""
        if self.rate.remaining is None or self.rate.remaining > 0 or self.rate.reset_at is None:
            return
        wait = (self.rate.reset_at - datetime.now(UTC)).total_seconds()
        if wait <= 0:
            self.rate.remaining = None
            return
        if wait > self.max_wait_s:
            raise HttpError(
                f"{where} rate limit spent; resets at {self.rate.reset_at:%H:%M:%S} UTC",
                kind="rate_limited",
                status=429,
            )
        self.sleep(wait)
        self.rate.remaining = None


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if "Connection refused" in text:
        return "connection refused"
    if "reset" in text.lower():
        return "connection reset"
    if "redirect" in text.lower():
        return "too many redirects"
    return "a network error"


def _status_message(where: str, status: int) -> str:
    if status == 401:
        return (
            f"{where} refused the credentials (HTTP 401); set them with `warroom credentials set`"
        )
    if status == 403:
        return f"{where} forbids access (HTTP 403); check the credentials and their permissions"
    if status == 404:
        return f"{where} was not found (HTTP 404); check the URL and the source's options"
    if status == 400:
        return f"{where} rejected the request (HTTP 400); check the query and options"
    if status >= 500:
        return f"{where} failed on the service's side (HTTP {status}) after retries"
    return f"{where} answered HTTP {status}"
