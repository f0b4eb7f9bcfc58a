"""What the feed shows: filters turned into one parameterised SQL condition.

User text never becomes SQL: every value travels as a bound parameter, and
the search words are quoted for FTS5 so its query syntax cannot be injected.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any


def fts_query(text: str) -> str:
    """User words → an FTS5 query of quoted prefix terms (no FTS syntax injection)."""
    terms = [word.replace('"', '""') for word in text.split()]
    return " ".join(f'"{term}"*' for term in terms if term)


FTS_BY_HITS = "m.rowid IN (SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH :q)"
FTS_BY_TIME = "+" + FTS_BY_HITS  # unary + stops SQLite driving the query by the hit list


@dataclass(frozen=True)
class FeedFilter:
    search: str = ""
    source_id: str = ""
    language: str = ""
    sentiment: str = ""  # negative, neutral, positive
    min_severity: int = 0
    status: str = ""
    risk_term: str = ""
    since: datetime | None = None
    until: datetime | None = None
    cluster_id: str = ""  # one narrative (warroom.glance.top_narratives)
    collapse_duplicates: bool = True

    def but(self, **changes: Any) -> FeedFilter:
        return replace(self, **changes)

    def sql(self, *, fts_by_time: bool = False) -> tuple[str, dict[str, Any]]:
        """A WHERE condition over alias `m` (mentions) and its parameters.

        `fts_by_time`: for searches with many hits, `+m.rowid` keeps SQLite from
        driving the query by the hit list, so it walks the time index instead and
        stops after a page.
        """
        clauses: list[str] = []
        params: dict[str, Any] = {}
        query = fts_query(self.search)
        if query:
            clauses.append(FTS_BY_TIME if fts_by_time else FTS_BY_HITS)
            params["q"] = query
        if self.source_id:
            clauses.append("m.source_id = :source_id")
            params["source_id"] = self.source_id
        if self.language:
            clauses.append("m.language = :language")
            params["language"] = self.language
        if self.sentiment == "negative":
            clauses.append("m.sentiment <= -0.05")
        elif self.sentiment == "positive":
            clauses.append("m.sentiment >= 0.05")
        elif self.sentiment == "neutral":
            clauses.append("(m.sentiment IS NULL OR (m.sentiment > -0.05 AND m.sentiment < 0.05))")
        if self.min_severity > 0:
            clauses.append("m.severity >= :min_severity")
            params["min_severity"] = self.min_severity
        if self.status:
            clauses.append("m.status = :status")
            params["status"] = self.status
        if self.risk_term:
            clauses.append(
                "EXISTS (SELECT 1 FROM json_each(m.risk_terms) WHERE value = :risk_term)"
            )
            params["risk_term"] = self.risk_term
        if self.since is not None:
            clauses.append("m.published_at >= :since")
            params["since"] = _sqlite_time(self.since)
        if self.until is not None:
            clauses.append("m.published_at < :until")
            params["until"] = _sqlite_time(self.until)
        if self.cluster_id:
            clauses.append("m.cluster_id = :cluster_id")
            params["cluster_id"] = self.cluster_id
        if self.collapse_duplicates:
            # the newest of each near-duplicate cluster stands for it (index on cluster_id)
            clauses.append(
                "NOT EXISTS (SELECT 1 FROM mentions d WHERE d.cluster_id = m.cluster_id "
                "AND d.rowid > m.rowid)"
            )
        return " AND ".join(clauses), params


def _sqlite_time(moment: datetime) -> str:
    """The stored form of a UTC time on SQLite (naive ISO text, see store.models.UTCDateTime)."""
    from datetime import UTC

    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
