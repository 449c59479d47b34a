"""Snapshots of each default stack: a reviewer reads the diff of tests/__snapshots__/ in a PR.

JSON documents inside strings (the dashboard body, container definitions, the resource group query,
policies written as JSON) are snapshotted parsed, one line per value, under a ``// JSON string``
marker (``tests/readable_json.py``); the byte-exact output is what the determinism tests compare
(``tests/test_fast_import_and_determinism.py``).

Update with `./dev test --snapshot-update` and say in the commit why the output changed.
The snapshots are CDKTF's output; on CDK Terrain (`./dev test --runtime cdktn`) the stacks
must match them too, except where a runtime records itself (tests/runtimes.py).
"""

from __future__ import annotations

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from tests.conftest import STACK_NAMES
from tests.readable_json import readable
from tests.runtimes import as_snapshot_runtime
from tests.stack_assertions import Synthesized


@pytest.fixture
def snapshot_json(snapshot):  # type: ignore[no-untyped-def]
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("stack_name", STACK_NAMES)
def test_stack_matches_its_reviewed_snapshot(stacks: dict[str, Synthesized], stack_name: str, snapshot_json) -> None:  # type: ignore[no-untyped-def]
    assert readable(as_snapshot_runtime(stacks[stack_name].document, stack_name)) == snapshot_json
