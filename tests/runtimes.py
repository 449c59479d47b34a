"""The two CDK runtimes in tests: how an app moves from one to the other, and where their outputs differ.

:func:`migrate` is the README's migration of a CDKTF app (rename the imports). The reviewed snapshots (``tests/__snapshots__/test_snapshots/``) are CDKTF's output, and
``./dev test`` proves CDKTF's output equal to them. ``./dev test --runtime cdktn`` compares
CDK Terrain's output with the same snapshots: equal everywhere except at the paths of
:data:`RUNTIME_RECORDED`, where each runtime records itself. The library sets only attributes
both bindings know, so no attribute that is new in the AWS provider after 6.25 appears.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from monitoring_constructs._cdk import CDKTF, RUNTIME, Runtime

#: The runtime whose output the reviewed snapshots are.
SNAPSHOT_RUNTIME = CDKTF
SNAPSHOTS = Path(__file__).resolve().parent / "__snapshots__" / "test_snapshots"

Path_ = tuple[str, ...]

#: Path in ``cdk.tf.json`` -> why the runtimes write different values there.
RUNTIME_RECORDED: dict[Path_, str] = {
    ("//", "metadata", "version"): (
        "the version of the core library that synthesized the stack (cdktf 0.21.0, cdktn 0.24.0); "
        "terraform ignores the `//` comment block"
    ),
    ("terraform", "required_providers", "aws", "version"): (
        "the hashicorp/aws version the prebuilt bindings were generated from, pinned exactly: "
        "cdktf-cdktf-provider-aws 21.22.1 was generated from 6.25.0 (frozen since CDKTF was archived), "
        "cdktn-provider-aws 25.8.1 from 6.69.1"
    ),
    ("terraform", "required_providers", "aws", "source"): (
        "cdktf's bindings write the short source `aws`, cdktn's the full `hashicorp/aws`; "
        "terraform reads both as registry.terraform.io/hashicorp/aws"
    ),
}

_ABSENT = "<absent>"


def migrate(source: str, runtime: Runtime = RUNTIME) -> str:
    """Python ``source`` written for CDKTF, moved to ``runtime`` as the README says: rename the imports.

    Submodules and class names stay the same; unchanged on CDKTF.
    """
    for old, new in ((CDKTF.provider, runtime.provider), (CDKTF.core, runtime.core)):
        source = re.sub(rf"^(\s*(?:from|import)\s+){old}\b", rf"\g<1>{new}", source, flags=re.MULTILINE)
    return source


def reviewed_snapshot(stack_name: str) -> dict[str, Any]:
    """The reviewed snapshot of ``stack_name`` (CDKTF's output)."""
    return json.loads((SNAPSHOTS / f"test_stack_matches_its_reviewed_snapshot[{stack_name}].json").read_text())


def differences(reviewed: Any, synthesized: Any, path: Path_ = ()) -> dict[Path_, tuple[Any, Any]]:
    """Every path where ``synthesized`` differs from ``reviewed``: (reviewed value, synthesized value)."""
    if isinstance(reviewed, dict) and isinstance(synthesized, dict):
        found: dict[Path_, tuple[Any, Any]] = {}
        for key in sorted(reviewed.keys() | synthesized.keys()):
            found.update(
                differences(reviewed.get(key, _ABSENT), synthesized.get(key, _ABSENT), (*path, key))
            )
        return found
    if isinstance(reviewed, list) and isinstance(synthesized, list) and len(reviewed) == len(synthesized):
        found = {}
        for index, (left, right) in enumerate(zip(reviewed, synthesized, strict=True)):
            found.update(differences(left, right, (*path, str(index))))
        return found
    return {} if reviewed == synthesized else {path: (reviewed, synthesized)}


def as_snapshot_runtime(document: dict[str, Any], stack_name: str) -> dict[str, Any]:
    """``document`` as the snapshot runtime would write it: the reviewed values at :data:`RUNTIME_RECORDED`.

    Unchanged on the snapshot runtime; ``tests/test_runtime_outputs.py`` checks what another
    runtime writes at those paths.
    """
    if RUNTIME is SNAPSHOT_RUNTIME:
        return document
    reviewed = reviewed_snapshot(stack_name)
    converted = copy.deepcopy(document)
    for path in RUNTIME_RECORDED:
        source, target = reviewed, converted
        for key in path[:-1]:
            source, target = source[key], target[key]
        target[path[-1]] = source[path[-1]]
    return converted
