"""Test doubles shared by the tool tests (export CLI, log analyzer)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from moto import mock_aws


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


@contextmanager
def fake_aws(monkeypatch: pytest.MonkeyPatch, region: str) -> Iterator[None]:
    """moto's in-process AWS with fake credentials: no request can reach a real account.

    ``AWS_REGION`` is unset so code under test falls back to ``AWS_DEFAULT_REGION``
    (tests that need it set it themselves).
    """
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    monkeypatch.delenv("AWS_REGION", raising=False)
    with mock_aws():
        yield
