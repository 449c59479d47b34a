"""The review of the default stacks, written once for the review tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitoring_constructs.review.__main__ import run


@pytest.fixture(scope="session")
def default_stacks(synth_dir: Path) -> Path:
    return synth_dir / "stacks"


@pytest.fixture(scope="session")
def review_dir(tmp_path_factory: pytest.TempPathFactory, default_stacks: Path) -> Path:
    """OUT_DIR of ``python -m monitoring_constructs.review OUT_DIR --stacks <default stacks>``."""
    out = tmp_path_factory.mktemp("review")
    assert run(out, default_stacks, None, say=lambda message: None) == 0
    return out
