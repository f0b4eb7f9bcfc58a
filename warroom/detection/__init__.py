"""Spike detection over per-bucket mention counts (streaming and causal).

`detector` holds the algorithm, `csvio` and `cli` the `warroom detect`
command, `monitor` the app's view: series from the store's volume rollup,
alerts recorded once and announced to the UI.
"""

from warroom.detection.detector import DetectorConfig, SpikeDetector, detect

__all__ = ["DetectorConfig", "SpikeDetector", "detect"]
