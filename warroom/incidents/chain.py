"""The hash chain of an incident's timeline.

Each laptop (origin) keeps its own chain per incident: entry `seq` n carries
the SHA-256 of its canonical content plus the hash of the same laptop's entry
n-1.  Two laptops appending offline therefore never fork a chain, and merging
their entries is a plain union; a `merge` entry records the heads of the
other chains it has seen, binding them into the local chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol


class EntryLike(Protocol):
    id: str
    incident_id: str
    origin: str
    seq: int
    kind: str
    author: str
    occurred_at: datetime
    text: str
    data: dict[str, Any]
    prev_hash: str
    hash: str


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    *,
    incident_id: str,
    origin: str,
    seq: int,
    kind: str,
    author: str,
    occurred_at: datetime,
    text: str,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 over the canonical JSON of an entry's content and its predecessor."""
    canonical = json.dumps(
        {
            "incident": incident_id,
            "origin": origin,
            "seq": seq,
            "kind": kind,
            "author": author,
            "at": _iso(occurred_at),
            "text": text,
            "data": data,
            "prev": prev_hash,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def hash_of(entry: EntryLike) -> str:
    return entry_hash(
        incident_id=entry.incident_id,
        origin=entry.origin,
        seq=entry.seq,
        kind=entry.kind,
        author=entry.author,
        occurred_at=entry.occurred_at,
        text=entry.text,
        data=entry.data,
        prev_hash=entry.prev_hash,
    )


@dataclass(frozen=True)
class ChainProblem:
    """The first entry that breaks a chain, and why."""

    entry_id: str
    origin: str
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"entry {self.entry_id} (laptop {self.origin[:8]}, #{self.seq}): {self.reason}"


def verify(entries: Iterable[EntryLike]) -> ChainProblem | None:
    """Check every per-laptop chain; return the first broken entry, or None."""
    chains: dict[str, list[EntryLike]] = {}
    for entry in entries:
        chains.setdefault(entry.origin, []).append(entry)
    problems: list[tuple[datetime, ChainProblem]] = []
    for origin, chain in chains.items():
        problem = _verify_chain(origin, sorted(chain, key=lambda e: e.seq))
        if problem is not None:
            at = next(e.occurred_at for e in chain if e.id == problem.entry_id)
            problems.append((at, problem))
    if not problems:
        return None
    return min(problems, key=lambda p: p[0])[1]


def _verify_chain(origin: str, chain: Sequence[EntryLike]) -> ChainProblem | None:
    prev = ""
    for expected_seq, entry in enumerate(chain, start=1):
        if entry.seq != expected_seq:
            return ChainProblem(
                entry.id, origin, entry.seq, f"sequence gap: expected #{expected_seq}"
            )
        if entry.prev_hash != prev:
            return ChainProblem(entry.id, origin, entry.seq, "does not follow the entry before it")
        if hash_of(entry) != entry.hash:
            return ChainProblem(entry.id, origin, entry.seq, "content does not match its hash")
        prev = entry.hash
    return None


def heads(entries: Iterable[EntryLike]) -> dict[str, str]:
    """The last hash of each laptop's chain: what a report prints and a merge binds."""
    last: dict[str, EntryLike] = {}
    for entry in entries:
        if entry.origin not in last or entry.seq > last[entry.origin].seq:
            last[entry.origin] = entry
    return {origin: e.hash for origin, e in sorted(last.items())}


def combined_head(entries: Iterable[EntryLike]) -> str:
    """One hash over all chain heads: the timeline's fingerprint."""
    joined = "\n".join(f"{o}:{h}" for o, h in heads(entries).items())
    return hashlib.sha256(joined.encode("ascii")).hexdigest()
