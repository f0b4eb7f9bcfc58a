"""The benchmarks `python -m bench` knows, by name, and the line format."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    reference: float | None = None
    reference_unit: str | None = None
    note: str = ""

    def line(self) -> str:
        text = f"{self.name}: {_num(self.value)} {self.unit}"
        if self.reference is not None:
            text += f" (reference: {_num(self.reference)} {self.reference_unit or self.unit})"
        if self.note:
            text += f"  # {self.note}"
        return text


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _modules() -> dict[str, str]:
    """Every module in bench/ with a `figures()` generator is a benchmark, by file name."""
    import pkgutil

    import bench

    skip = {"registry", "__main__"}
    return {
        info.name: f"bench.{info.name}"
        for info in pkgutil.iter_modules(bench.__path__)
        if info.name not in skip and not info.name.startswith("_")
    }


def names() -> list[str]:
    return sorted(_modules())


def run(name: str) -> Iterator[str]:
    module = importlib.import_module(_modules()[name])
    figures: Callable[[], Iterator[Figure]] = module.figures
    for figure in figures():
        yield figure.line()
