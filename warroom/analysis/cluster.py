"""Near-duplicate clusters of mentions: copy-paste campaigns, reposts and quote chains.

Streaming MinHash with LSH banding.  Each text is reduced to its shingles
(word pairs after dropping URLs, @handles, a leading "RT", case and diacritics; character
pairs for Chinese), signed with 16 MinHash values, and looked up through 8
bands of 2 values; a candidate whose estimated Jaccard similarity is at least
`threshold` joins its cluster.  Every mention is indexed, so a quote of a
quote joins the chain's cluster.  Memory is bounded: only the most recent
`max_entries` signatures stay indexed (older ones are forgotten, oldest
first), and per-cluster velocity keeps at most the last `window` member times.

A cluster's id is derived from its first member's normalised text and the
minute it was published, so the same campaign gets the same id in another run
or on another laptop.  The minute leads the id (a UUID of version 8, RFC 9562's
custom layout): new clusters sort after older ones, so the store's cluster
index is appended to instead of rewritten at random on every commit (a
1,000,000-mention import wrote gigabytes of index pages with uuid5 ids).

Each distinct word's CRC-32 (a shingle unit's hash) is remembered (up to
500,000 words, then forgotten at once): a stream's vocabulary is small next
to its volume, so most words are looked up rather than encoded and hashed
again.  This memo depends only on the word, never on which texts came before,
so signatures are the same with it or without it.
"""

from __future__ import annotations

import hashlib
import re
import threading
import uuid
import zlib
from collections import OrderedDict, deque
from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import chain
from operator import eq
from typing import Any

import numpy as np
import numpy.typing as npt

from warroom.analysis.text import normalise

NUM_HASHES = 16
BAND_ROWS = 2
_CLUSTER = NUM_HASHES + NUM_HASHES // BAND_ROWS  # where an entry keeps its cluster id
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


class _UnitHashes(dict[str, int]):
    """CRC-32 of a shingle unit's UTF-8, remembered per distinct unit: words repeat a lot
    across mentions (a vocabulary is small next to a stream), and a look-up of a word whose
    hash Python already knows is cheaper than encoding and checksumming it again."""

    limit = 500_000

    def __missing__(self, unit: str) -> int:
        value = self[unit] = zlib.crc32(unit.encode("utf-8"))
        return value


_unit_hashes = _UnitHashes()


def signatures(
    norms: Sequence[str], words: Sequence[list[str]] | None = None
) -> npt.NDArray[np.uint32]:
    """MinHash signatures (len(norms) × NUM_HASHES) over shingles of two consecutive
    tokens (one token for a one-token text); an empty text gets all-max.  `words`, when
    given, are the texts' `norm.split()` (saves splitting again)."""
    if len(_unit_hashes) > _unit_hashes.limit:
        _unit_hashes.clear()
    out = np.full((len(norms), NUM_HASHES), np.iinfo(np.uint32).max, dtype=np.uint32)
    for start in range(0, len(norms), _CHUNK):
        out[start : start + _CHUNK] = _signatures(
            norms[start : start + _CHUNK],
            None if words is None else words[start : start + _CHUNK],
        )
    return out


def _signatures(norms: Sequence[str], words: Sequence[list[str]] | None) -> npt.NDArray[np.uint32]:
    out = np.full((len(norms), NUM_HASHES), np.iinfo(np.uint32).max, dtype=np.uint32)
    # Each text's shingle units (normalised text's words; Chinese, with no spaces between
    # words, its characters), all hashed at once.
    units: list[list[str]] = []
    han = _HAN.search
    for i, norm in enumerate(norms):
        if norm.isascii() or not han(norm):
            units.append(norm.split() if words is None else words[i])
        else:
            units.append(list(norm.replace(" ", "")))
    counts = list(map(len, units))
    total = sum(counts)
    if not total:
        return out
    h = np.fromiter(
        map(_unit_hashes.__getitem__, chain.from_iterable(units)), dtype=np.uint32, count=total
    )
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


def cluster_key(norm: str, when: datetime | None) -> str:
    """The id of a new cluster: its first member's minute, then a hash of its text."""
    digest = hashlib.sha1(_NS.bytes + norm.encode("utf-8", "replace")).hexdigest()
    minute = int(when.timestamp() // 60) & 0xFFFFFFFF if when is not None else 0
    variant = "89ab"[int(digest[16], 16) & 0x3]
    return f"{minute:08x}-{digest[8:12]}-8{digest[13:16]}-{variant}{digest[17:20]}-{digest[20:32]}"


class Clusterer:
    """Assigns each text a near-duplicate cluster id and counts the cluster's recent velocity."""

    def __init__(
        self, *, threshold: float = 0.5, max_entries: int = 50_000, window: int = 512
    ) -> None:
        self.threshold = threshold
        self.max_entries = max_entries
        self.window = window
        # entry id → [its NUM_HASHES signature values, its band keys, its cluster id]
        self._entries: OrderedDict[int, list[Any]] = OrderedDict()
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
        sig_rows: list[list[Any]] = sigs.tolist()
        band_rows: list[list[int]] = band_keys(sigs).tolist()
        out: list[tuple[str | None, int]] = []
        place = self._place
        count = self._count
        with self._lock:
            for i, norm in enumerate(norms):
                if not norm:
                    out.append((None, 0))
                    continue
                cluster = place(norm, sig_rows[i], band_rows[i], times[i] if times else None)
                out.append((cluster, count(cluster, times[i] if times is not None else None)))
        return out

    def _place(
        self, norm: str, sig: list[Any], bands: list[int], when: datetime | None = None
    ) -> str:
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
            other = entries.get(entry_id)
            if other is None:
                continue
            # the share of equal MinHash values estimates the Jaccard similarity
            # (`sig` holds just the NUM_HASHES values: the comparison stops there)
            if sum(map(eq, sig, other)) >= need:
                cluster = other[_CLUSTER]
                break
        if cluster is None:
            cluster = cluster_key(norm, when)
        entry_id = self._next
        self._next += 1
        # the entry is one list: signature, band keys, cluster id (the fewest objects
        # for Python's garbage collector to visit)
        sig.extend(bands)
        sig.append(cluster)
        entries[entry_id] = sig
        band_index.update(dict.fromkeys(bands, entry_id))
        while len(entries) > self.max_entries:
            old_id, old = entries.popitem(last=False)
            for band in old[NUM_HASHES:_CLUSTER]:
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
