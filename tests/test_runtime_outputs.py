"""CDK Terrain writes the same stacks as CDKTF, except where a runtime records itself.

The reference is CDKTF's reviewed snapshot (``./dev test`` proves CDKTF's output equal to it);
on CDK Terrain every difference must be one that :data:`RUNTIME_RECORDED` explains, and each
explained difference must still occur, so the explanation cannot outlive the difference.
"""

from __future__ import annotations

import re

import pytest

from monitoring_constructs._cdk import RUNTIME
from tests.conftest import STACK_NAMES
from tests.readable_json import readable
from tests.runtimes import RUNTIME_RECORDED, SNAPSHOT_RUNTIME, differences, reviewed_snapshot
from tests.stack_assertions import Synthesized

REGISTRY = "registry.terraform.io"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _full_source(source: str) -> str:
    """Terraform's reading of a provider source: ``aws`` -> ``registry.terraform.io/hashicorp/aws``."""
    parts = source.split("/")
    if len(parts) == 1:
        parts = ["hashicorp", *parts]
    if len(parts) == 2:
        parts = [REGISTRY, *parts]
    return "/".join(parts)


@pytest.mark.parametrize("stack_name", STACK_NAMES)
def test_the_runtimes_differ_only_where_a_runtime_records_itself(
    stacks: dict[str, Synthesized], stack_name: str
) -> None:
    found = differences(reviewed_snapshot(stack_name), readable(stacks[stack_name].document))
    unexplained = {path: values for path, values in found.items() if path not in RUNTIME_RECORDED}
    assert not unexplained, (
        f"{RUNTIME.title} writes {stack_name} differently from {SNAPSHOT_RUNTIME.title}'s reviewed snapshot "
        "(path: (snapshot, now)); explain it in tests/runtimes.py or fix it:\n"
        + "\n".join(f"  {'.'.join(path)}: {values}" for path, values in unexplained.items())
    )
    expected = set() if RUNTIME is SNAPSHOT_RUNTIME else set(RUNTIME_RECORDED)
    assert set(found) == expected, f"explained but not different on {RUNTIME.title}: {expected - set(found)}"


def test_each_stack_records_the_core_library_that_synthesized_it(stacks: dict[str, Synthesized]) -> None:
    recorded = {name: stack.document["//"]["metadata"]["version"] for name, stack in stacks.items()}
    assert recorded == dict.fromkeys(STACK_NAMES, RUNTIME.version())


@pytest.mark.parametrize("stack_name", STACK_NAMES)
def test_both_runtimes_pin_hashicorp_aws_6_and_cdk_terrain_no_older_one(
    stacks: dict[str, Synthesized], stack_name: str
) -> None:
    pinned = stacks[stack_name].document["terraform"]["required_providers"]["aws"]
    reviewed = reviewed_snapshot(stack_name)["terraform"]["required_providers"]["aws"]
    assert _full_source(pinned["source"]) == _full_source(reviewed["source"]) == f"{REGISTRY}/hashicorp/aws"
    assert re.fullmatch(r"6\.\d+\.\d+", pinned["version"]), pinned["version"]
    assert _version_key(pinned["version"]) >= _version_key(reviewed["version"])
