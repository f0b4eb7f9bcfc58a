"""Per-source health: last success, last error in plain words, counts, rate limits.

Written in the same transaction as the page (success) or on its own (error),
and announced to the UI with `events.SOURCE_HEALTH`.  Health is one of:
new, ok, error (the message says what), offline (no network) or limited
(the service's rate limit is spent until its reset).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warroom import events
from warroom.sources.http import RateLimit
from warroom.store.models import PollLog, Source, utcnow


def note_rate(source: Source, rate: RateLimit) -> None:
    if rate.remaining is not None:
        source.rate_limit_remaining = rate.remaining
    if rate.reset_at is not None:
        source.rate_limit_reset_at = rate.reset_at


def record_success(source: Source, problems: list[str], rate: RateLimit) -> None:
    """A poll went through; item-level problems still make the source unhealthy."""
    now = utcnow()
    note_rate(source, rate)
    source.last_success_at = now
    if problems:
        source.health = "error"
        source.last_error_at = now
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        source.last_error = (f"source {source.name!r}: " + "; ".join(problems[:3]) + more)[:2000]
    else:
        source.health = "ok"
        source.last_error = ""


def record_failure(source: Source, health: str, message: str, rate: RateLimit) -> None:
    note_rate(source, rate)
    source.health = health
    source.last_error_at = utcnow()
    source.last_error = message[:2000]


def log_poll(
    source: Source,
    *,
    started_at: datetime,
    ok: bool,
    fetched: int,
    stored: int,
    error: str,
    rate: RateLimit,
    origin: str,
) -> PollLog:
    """The poll-log row of one poll (added by the caller to the session that records health)."""
    return PollLog(
        origin=origin,
        source_id=source.id,
        started_at=started_at,
        finished_at=utcnow(),
        ok=ok,
        health=source.health,
        fetched=fetched,
        stored=stored,
        error=error[:2000],
        rate_limit_remaining=rate.remaining,
        rate_limit_reset_at=rate.reset_at,
    )


def announce(source: Source) -> None:
    events.publish(
        events.SOURCE_HEALTH, source=source.name, health=source.health, message=source.last_error
    )


def _iso(moment: datetime | None) -> str | None:
    from warroom.sources.normalize import iso_utc

    return iso_utc(moment) if moment is not None else None


def describe(source: Source) -> dict[str, Any]:
    """What `sources list --json` and the Sources dialog show about a source."""
    return {
        "name": source.name,
        "kind": source.kind,
        "url": source.base_url,
        "query": source.query,
        "interval_s": source.interval_s,
        "options": dict(source.options or {}),
        "enabled": source.enabled,
        "health": source.health,
        "last_success_at": _iso(source.last_success_at),
        "last_error_at": _iso(source.last_error_at),
        "last_error": source.last_error,
        "items_fetched": source.items_fetched,
        "rate_limit_remaining": source.rate_limit_remaining,
        "rate_limit_reset_at": _iso(source.rate_limit_reset_at),
    }


def summary(source: Source) -> str:
    """One line for people: health, last success, items, rate limit, last error."""
    parts = [source.health]
    if source.last_success_at:
        parts.append(f"last ok {source.last_success_at:%Y-%m-%d %H:%M} UTC")
    parts.append(f"{source.items_fetched} items")
    if source.rate_limit_remaining is not None:
        reset = (
            f", resets {source.rate_limit_reset_at:%H:%M} UTC" if source.rate_limit_reset_at else ""
        )
        parts.append(f"{source.rate_limit_remaining} calls left{reset}")
    if source.last_error and source.health != "ok":
        parts.append(source.last_error)
    return " · ".join(parts)
