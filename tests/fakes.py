"""Test doubles shared by the tool tests (export CLI, log analyzer)."""

from __future__ import annotations


class FakeClock:
    """Monotonic clock whose sleep advances time instead of waiting."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
