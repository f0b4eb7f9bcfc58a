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
from datetime import datetime, timedelta
from operator import eq

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
    if not norm.isascii() and _HAN.search(norm):
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
    # Each text's shingle units as one space-separated UTF-8 string (normalised text is
    # words joined by single spaces; Chinese becomes its characters, space-separated), so
    # all texts are split and hashed at once and a text's unit count is its spaces + 1.
    units: list[bytes] = []
    han = _HAN.search
    for norm in norms:
        if norm.isascii() or not han(norm):
            units.append(norm.encode("utf-8"))
        else:
            units.append(" ".join(norm.replace(" ", "")).encode("utf-8"))
    counts = [u.count(b" ") + 1 if u else 0 for u in units]
    tokens = b" ".join(units).split()
    if not tokens:
        return out
    h = np.fromiter(map(zlib.crc32, tokens), dtype=np.uint32, count=len(tokens))
    count_arr = np.asarray(counts, dtype=np.int64)
    who = np.repeat(np.arange(len(norms), dtype=np.int64), count_arr)
    same = who[:-1] == who[1:]
    # shingles: consecutive pairs within a text; a one-unit text's unit on its own
    pair = ((h[:-1] * np.uint32(0x9E3779B1)) ^ h[1:])[same]
    pair_owner = who[:-1][same]  # ascending
    if pair.size:
        starts = np.flatnonzero(np.r_[True, pair_owner[1:] != pair_owner[:-1]])
        # universal hashing mod 2^32 (uint32 arithmetic wraps), one odd multiplier per hash
        mixed = pair[:, None] * _A[None, :] + _B[None, :]
        out[pair_owner[starts]] = np.minimum.reduceat(mixed, starts, axis=0)
    single = count_arr == 1
    if single.any():
        out[single] = h[np.cumsum(count_arr)[single] - 1][:, None] * _A[None, :] + _B[None, :]
    return out


def band_keys(sigs: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
    """One LSH key per band of BAND_ROWS values (len × bands), distinct per band number."""
    keys = np.zeros((sigs.shape[0], NUM_HASHES // BAND_ROWS), dtype=np.uint64)
    for r in range(BAND_ROWS):
        keys = (keys << np.uint64(32)) | sigs[:, r::BAND_ROWS].astype(np.uint64)
    return keys + np.arange(keys.shape[1], dtype=np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)


class Clusterer:
    """Assigns each text a near-duplicate cluster id and counts the cluster's recent velocity."""

    def __init__(
        self, *, threshold: float = 0.5, max_entries: int = 50_000, window: int = 512
    ) -> None:
        self.threshold = threshold
        self.max_entries = max_entries
        self.window = window
        # entry id → (signature as a tuple of ints, cluster id, band keys)
        self._entries: OrderedDict[int, tuple[list[int], str, list[int]]] = OrderedDict()
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
        bands: list[list[int]] = band_keys(sigs).tolist()
        sig_rows: list[list[int]] = sigs.tolist()
        out: list[tuple[str | None, int]] = []
        place = self._place
        count = self._count
        with self._lock:
            for i, norm in enumerate(norms):
                if not norm:
                    out.append((None, 0))
                    continue
                cluster = place(norm, sig_rows[i], bands[i])
                out.append((cluster, count(cluster, times[i] if times is not None else None)))
        return out

    def _place(self, norm: str, sig: list[int], bands: list[int]) -> str:
        cluster: str | None = None
        entries = self._entries
        band_index = self._bands
        need = self.threshold * NUM_HASHES  # c / NUM_HASHES >= threshold, exactly
        last = -1
        for band in bands:
            entry_id = band_index.get(band)
            # an entry found through several bands is compared once (the same answer)
            if entry_id is None or entry_id == last:
                continue
            last = entry_id
            entry = entries.get(entry_id)
            if entry is None:
                continue
            # the share of equal MinHash values estimates the Jaccard similarity
            if sum(map(eq, entry[0], sig)) >= need:
                cluster = entry[1]
                break
        if cluster is None:
            cluster = str(uuid.uuid5(_NS, norm))
        entry_id = self._next
        self._next += 1
        entries[entry_id] = (sig, cluster, bands)
        band_index.update(dict.fromkeys(bands, entry_id))
        while len(entries) > self.max_entries:
            old_id, (_sig, _cluster, old_bands) = entries.popitem(last=False)
            for band in old_bands:
                if band_index.get(band) == old_id:
                    del band_index[band]
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
