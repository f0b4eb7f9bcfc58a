"""The NAB development set: 48 series of ../shared/data/nab-dev plus the five
Twitter series of ../shared/data/nab-realtweets, loaded once and scored per
corpus with ../shared/tools/nabscore.py (NAB standard profile).

Only these 53 files are read; the other NAB Twitter-volume series are held
out and are never fetched, read or scored here.
"""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _shared() -> Path:
    """../shared beside the checkout (a git worktree may sit a level deeper)."""
    for folder in ROOT.parents:
        if (folder / "shared" / "tools" / "nabscore.py").exists():
            return folder / "shared"
    return ROOT.parent / "shared"


SHARED = _shared()
DEV_DIR = SHARED / "data" / "nab-dev"
TWITTER_DIR = SHARED / "data" / "nab-realtweets"
NABSCORE = SHARED / "tools" / "nabscore.py"

CORPORA = ("Twitter", "known cause", "traffic", "AWS", "ad exchange", "artificial")
_FOLDER_CORPUS = {
    "realKnownCause": "known cause",
    "realTraffic": "traffic",
    "realAWSCloudwatch": "AWS",
    "realAdExchange": "ad exchange",
    "artificialNoAnomaly": "artificial",
    "artificialWithAnomaly": "artificial",
}


@dataclass(frozen=True)
class Series:
    key: str  # the windows.json key (corpus folder kept for nab-dev)
    corpus: str
    path: Path
    stamps: list[datetime]  # naive UTC, as nabscore parses them
    seconds: list[float]  # Unix seconds of the same rows
    values: list[float]
    windows: list[tuple[datetime, datetime]]


def nabscore() -> ModuleType | None:
    if not NABSCORE.exists():
        return None
    spec = importlib.util.spec_from_file_location("nabscore", NABSCORE)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def available() -> bool:
    return NABSCORE.exists() and (DEV_DIR / "windows.json").exists() and TWITTER_DIR.exists()


def load(nab: ModuleType) -> list[Series]:
    """All 53 series, every row as it is in the file (none dropped or reordered)."""
    found: list[Series] = []
    for folder, corpus_of in ((TWITTER_DIR, None), (DEV_DIR, _FOLDER_CORPUS)):
        windows = nab.load_windows(str(folder / "windows.json"))
        for key in sorted(windows):
            corpus = "Twitter" if corpus_of is None else corpus_of[key.split("/")[0]]
            path = folder / key
            with path.open(newline="") as handle:
                rows = list(csv.DictReader(handle))
            stamps = [nab.parse_ts(r["timestamp"]) for r in rows]
            found.append(
                Series(
                    key=key,
                    corpus=corpus,
                    path=path,
                    stamps=stamps,
                    seconds=[s.replace(tzinfo=UTC).timestamp() for s in stamps],
                    values=[float(r["value"]) for r in rows],
                    windows=windows[key],
                )
            )
    return found


@dataclass(frozen=True)
class Scores:
    total: float
    per_corpus: dict[str, float]
    per_series: dict[str, float]
    raw: dict[str, tuple[float, int]]  # per series: raw NAB score and its windows

    def line(self) -> str:
        return f"all {self.total:.1f} | " + " ".join(
            f"{c} {self.per_corpus[c]:.1f}" for c in CORPORA if c in self.per_corpus
        )


def score(
    nab: ModuleType, series: Sequence[Series], alerts: Callable[[Series], Iterable[bool]]
) -> Scores:
    """NAB standard score of `alerts(series)` on each series, per corpus and over all."""
    raw: dict[str, tuple[float, int]] = {}
    for item in series:
        flags = list(alerts(item))
        assert len(flags) == len(item.values), item.key  # no row dropped
        result, n_windows, _, _ = nab.score_file(item.stamps, flags, item.windows)
        raw[item.key] = (result, n_windows)
    return summarise(nab, series, raw)


def summarise(
    nab: ModuleType, series: Sequence[Series], raw: dict[str, tuple[float, int]]
) -> Scores:
    def norm(keys: Iterable[str]) -> float:
        chosen = [raw[k] for k in keys]
        return float(nab.normalise(sum(r for r, _ in chosen), sum(n for _, n in chosen)))

    per_corpus = {
        c: norm(s.key for s in series if s.corpus == c)
        for c in CORPORA
        if any(s.corpus == c for s in series)
    }
    per_series = {s.key: float(nab.normalise(*raw[s.key])) for s in series if raw[s.key][1]}
    return Scores(norm(raw), per_corpus, per_series, raw)
