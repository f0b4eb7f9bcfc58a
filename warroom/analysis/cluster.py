"""Near-duplicate clusters of mentions: copy-paste campaigns, reposts and quote chains.

Streaming MinHash with LSH banding.  Each text is reduced to its shingles
(word pairs after dropping URLs, @handles, a leading "RT", case and diacritics; character
pairs for Chinese), signed with 16 MinHash values, and looked up through 8
bands of 2 values; a candidate whose estimated Jaccard similarity is at least
`threshold` joins its cluster.  Every mention is indexed, so a quote of a
quote joins the chain's cluster.  Memory is bounded: only the most recent
`max_entries` signatures stay indexed (older ones are forgotten, oldest
first), and per-cluster velocity keeps at most the last `window` member times.

A cluster's id is derived from its first member's normalised text, so the
same campaign gets the same id in another run or on another laptop.
"""

from __future__ import annotations

import re
import threading
import uuid
import zlib
from collections import OrderedDict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from warroom.analysis.text import normalise

NUM_HASHES = 16
BAND_ROWS = 2
_CHUNK = 2048
_rng = np.random.default_rng(20240607)
_A = (_rng.integers(0, 1 << 31, size=NUM_HASHES, dtype=np.uint32) << np.uint32(1)) | np.uint32(1)
_B = _rng.integers(0, 1 << 32, size=NUM_HASHES, dtype=np.uint32)

_HAN = re.compile(r"[\u3400-\u9fff]")
_NS = uuid.UUID("5b0f3f4e-52a4-4c43-9a43-8c1f1e2d7a10")
VELOCITY_WINDOW = timedelta(hours=1)


def tokens(norm: str) -> list[bytes]:
    """Shingle units as UTF-8: words, or characters for Chinese (no spaces between words)."""
    if _HAN.search(norm):
        return [ch.encode("utf-8") for ch in norm.replace(" ", "")]
    return norm.encode("utf-8").split()


def signatures(norms: Sequence[str]) -> npt.NDArray[np.uint32]:
    """MinHash signatures (len(norms) × NUM_HASHES) over shingles of two consecutive
    tokens (one token for a one-token text); an empty text gets all-max."""
    out = np.full((len(norms), NUM_HASHES), np.iinfo(np.uint32).max, dtype=np.uint32)
    for start in range(0, len(norms), _CHUNK):
        out[start : start + _CHUNK] = _signatures(norms[start : start + _CHUNK])
    return out


def _signatures(norms: Sequence[str]) -> npt.NDArray[np.uint32]:
    out = np.full((len(norms), NUM_HASHES), np.iinfo(np.uint32).max, dtype=np.uint32)
    flat: list[int] = []
    counts: list[int] = []
    crc32 = zlib.crc32
    for norm in norms:
        toks = tokens(norm)
        flat.extend(map(crc32, toks))
        counts.append(len(toks))
    if not flat:
        return out
    h = np.asarray(flat, dtype=np.uint32)
    count_arr = np.asarray(counts, dtype=np.int64)
    who = np.repeat(np.arange(len(norms), dtype=np.int64), count_arr)
    same = who[:-1] == who[1:]
    pair = ((h[:-1] * np.uint32(0x9E3779B1)) ^ h[1:])[same]
    single = count_arr[who] == 1
    shingle = np.concatenate((pair, h[single]))
    shingle_owner = np.concatenate((who[:-1][same], who[single]))
    order = np.argsort(shingle_owner, kind="stable")
    shingle, shingle_owner = shingle[order], shingle_owner[order]
    # universal hashing mod 2^32 (uint32 arithmetic wraps), one odd multiplier per hash
    mixed = shingle[:, None] * _A[None, :] + _B[None, :]
    present, starts = np.unique(shingle_owner, return_index=True)
    out[present] = np.minimum.reduceat(mixed, starts, axis=0)
    return out


def band_keys(sigs: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """One LSH key per band of BAND_ROWS values (len × bands), distinct per band number."""
    keys = np.zeros((sigs.shape[0], NUM_HASHES // BAND_ROWS), dtype=np.uint64)
    for r in range(BAND_ROWS):
        keys = (keys << np.uint64(32)) | sigs[:, r::BAND_ROWS].astype(np.uint64)
    return keys + np.arange(keys.shape[1], dtype=np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)


@dataclass
class _Entry:
    sig: npt.NDArray[np.uint32]
    cluster: str
    bands: tuple[int, ...]


class Clusterer:
    """Assigns each text a near-duplicate cluster id and counts the cluster's recent velocity."""

    def __init__(
        self, *, threshold: float = 0.5, max_entries: int = 50_000, window: int = 512
    ) -> None:
        self.threshold = threshold
        self.max_entries = max_entries
        self.window = window
        self._entries: OrderedDict[int, _Entry] = OrderedDict()
        self._bands: dict[int, int] = {}
        self._times: OrderedDict[str, deque[datetime | None]] = OrderedDict()
        self._next = 0
        self._lock = threading.Lock()

    def assign(
        self, texts: Sequence[str], times: Sequence[datetime | None] | None = None
    ) -> list[tuple[str | None, int]]:
        """(cluster id or None for empty text, members in the last hour incl. this one) per text."""
        norms = [normalise(t) for t in texts]
        return self.assign_signed(norms, signatures(norms), times)

    def assign_signed(
        self,
        norms: Sequence[str],
        sigs: npt.NDArray[np.uint32],
        times: Sequence[datetime | None] | None = None,
    ) -> list[tuple[str | None, int]]:
        """`assign` for texts already normalised and signed (by worker processes)."""
        band_rows: list[tuple[int, ...]] = [tuple(b) for b in band_keys(sigs).tolist()]
        out: list[tuple[str | None, int]] = []
        with self._lock:
            for i, norm in enumerate(norms):
                if not norm:
                    out.append((None, 0))
                    continue
                when = times[i] if times is not None else None
                cluster = self._place(norm, sigs[i], band_rows[i])
                out.append((cluster, self._count(cluster, when)))
        return out

    def _place(self, norm: str, sig: npt.NDArray[np.uint32], bands: tuple[int, ...]) -> str:
        cluster: str | None = None
        seen: set[int] = set()
        for band in bands:
            entry_id = self._bands.get(band)
            if entry_id is None or entry_id in seen:
                continue
            seen.add(entry_id)
            entry = self._entries.get(entry_id)
            if entry is None:
                continue
            if float(np.count_nonzero(entry.sig == sig)) / NUM_HASHES >= self.threshold:
                cluster = entry.cluster
                break
        if cluster is None:
            cluster = str(uuid.uuid5(_NS, norm))
        entry_id = self._next
        self._next += 1
        self._entries[entry_id] = _Entry(sig, cluster, bands)
        for band in bands:
            self._bands[band] = entry_id
        while len(self._entries) > self.max_entries:
            old_id, old = self._entries.popitem(last=False)
            for band in old.bands:
                if self._bands.get(band) == old_id:
                    del self._bands[band]
        return cluster

    def _count(self, cluster: str, when: datetime | None) -> int:
        times = self._times.get(cluster)
        if times is None:
            times = self._times[cluster] = deque(maxlen=self.window)
            while len(self._times) > self.max_entries:
                self._times.popitem(last=False)
        else:
            self._times.move_to_end(cluster)
        times.append(when)
        if when is None:
            return len(times)
        start = when - VELOCITY_WINDOW
        return sum(1 for t in times if t is None or start <= t <= when)
