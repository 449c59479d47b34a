"""checkov on every synthesized stack: zero findings beyond the reviewed baseline."""

from __future__ import annotations

import fnmatch
import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import STACK_NAMES
from tests.terraform_harness import require_tool

BASELINE = Path(__file__).with_name("checkov_baseline.json")
pytestmark = pytest.mark.tools


@pytest.fixture(scope="module")
def findings(synth_dir: Path) -> list[tuple[str, str, str]]:
    """(stack, check id, resource) of every failed check in every stack."""
    executable = require_tool("checkov")  # ./dev test installs it into .tools/checkov
    failed = []
    for name in STACK_NAMES:
        result = subprocess.run(
            [executable, "--file", str(synth_dir / "stacks" / name / "cdk.tf.json"), "--framework", "terraform_json",
             "--skip-download", "--output", "json", "--quiet", "--compact"],
            capture_output=True, text=True, timeout=600,
        )
        assert result.returncode in (0, 1), result.stderr[-2000:]
        report = json.loads(result.stdout)
        for report_part in report if isinstance(report, list) else [report]:
            assert report_part["summary"]["parsing_errors"] == 0, name
            assert report_part["summary"]["passed"] > 0, f"checkov checked nothing in {name}"
            failed += [(name, c["check_id"], c["resource"]) for c in report_part["results"]["failed_checks"]]
    return failed


def accepted() -> list[dict[str, str]]:
    entries = json.loads(BASELINE.read_text())["accepted"]
    for entry in entries:
        assert entry.get("reason", "").strip(), f"baseline entry without a reason: {entry}"
    return entries


def is_accepted(check_id: str, resource: str) -> bool:
    return any(e["check_id"] == check_id and fnmatch.fnmatch(resource, e["resource"]) for e in accepted())


def test_checkov_finds_nothing_beyond_the_reviewed_baseline(findings: list[tuple[str, str, str]]) -> None:
    unexplained = [finding for finding in findings if not is_accepted(finding[1], finding[2])]
    assert not unexplained, "new checkov findings (fix them or add a reviewed baseline entry with its reason):\n" + (
        "\n".join(map(str, unexplained))
    )


def test_every_baseline_entry_still_matches_a_finding(findings: list[tuple[str, str, str]]) -> None:
    stale = [
        entry for entry in accepted()
        if not any(entry["check_id"] == c and fnmatch.fnmatch(r, entry["resource"]) for _, c, r in findings)
    ]
    assert not stale, "baseline entries that no longer match a finding (remove them):\n" + "\n".join(map(str, stale))
