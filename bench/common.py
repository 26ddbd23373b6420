"""Shared helpers of the benchmarks: timing loops and a plain table with ratios."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certplanner.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def per_call_seconds(
    function: Callable[[], object], *, repeat: int = 7, min_time: float = 0.2
) -> list[float]:
    """Seconds per call, `repeat` samples, each looping long enough to be measurable."""
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            function()
        if time.perf_counter() - start >= min_time / 4:
            break
        loops *= 4
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(loops):
            function()
        samples.append((time.perf_counter() - start) / loops)
    return samples


def print_table(
    title: str,
    rows: list[tuple[str, float]],
    baseline: str,
    unit: str = "µs",
    scale: float = 1e6,
) -> None:
    base = dict(rows)[baseline]
    print(f"\n{title}")
    print(f"  {'measurement':<44} {unit:>12} {'ratio to baseline':>22}")
    for name, seconds in rows:
        print(f"  {name:<44} {seconds * scale:>12.1f} {seconds / base:>22.1f}")


def median(samples: list[float]) -> float:
    return statistics.median(samples)
