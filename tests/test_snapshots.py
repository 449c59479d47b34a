"""Snapshots of each default stack: a reviewer reads the diff of tests/__snapshots__/ in a PR.

Update with `./dev test --snapshot-update` and say in the commit why the output changed.
"""

from __future__ import annotations

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from tests.conftest import STACK_NAMES
from tests.stack_assertions import Synthesized


@pytest.fixture
def snapshot_json(snapshot):  # type: ignore[no-untyped-def]
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("stack_name", STACK_NAMES)
def test_stack_matches_its_reviewed_snapshot(stacks: dict[str, Synthesized], stack_name: str, snapshot_json) -> None:  # type: ignore[no-untyped-def]
    assert stacks[stack_name].document == snapshot_json
