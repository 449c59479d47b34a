"""Every incident of the catalog, replayed on every default stack and every README example, pages as the responder expects.

Each expectation is the scenario's (a total outage pages P0 within 3 minutes, a database reboot
pages nobody at P0 or P1, ...) plus the two that hold for every incident: at most one ALARM
notification per topic, and nothing less urgent after the first P0 page. On the stacks before
the roll-ups (one notifier composite per service-health child, RDS event subscriptions by
category) seven of these failed on prod alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitoring_constructs.review.__main__ import PAGES_FILE, run
from monitoring_constructs.review.replay.catalog import CATALOG
from monitoring_constructs.review.replay.pages import PageResult
from monitoring_constructs.review.replay.run import replay_stacks
from monitoring_constructs.review.stacks import Stack, load_stacks
from tests.conftest import STACK_NAMES
from tests.readme_examples import examples, synth_example


def _failures(results: list[PageResult]) -> list[str]:
    return [f"{r.stack} / {r.scenario}: {r.verdict.explanation}" for r in results if not r.verdict.holds]


@pytest.fixture(scope="module")
def default_results(synth_dir: Path) -> list[PageResult]:
    return replay_stacks(load_stacks(synth_dir / "stacks"))


def test_every_scenario_pages_as_expected_on_the_default_stacks(default_results: list[PageResult]) -> None:
    assert not _failures(default_results)


def test_every_scenario_of_the_catalog_is_replayed_on_prod(default_results: list[PageResult]) -> None:
    on_prod = {r.scenario for r in default_results if r.stack == "fileflow-prod"}
    applicable = {s.name for s in CATALOG} - {"lambda throttles", "queue backlog", "dead letters",
                                              "error log flood (text)"}  # prod has no queue, throttles or text logs
    assert on_prod >= applicable
    assert {r.stack for r in default_results} == set(STACK_NAMES)


@pytest.mark.parametrize(("scenario", "severity", "by"), [
    ("total outage", "P0", 3), ("partial 5xx", "P1", 15), ("latency regression", "P2", 20),
    ("database failure", "P0", 5),
])
def test_prod_pages_the_responder_once_at_the_expected_severity(default_results: list[PageResult], scenario: str,
                                                                severity: str, by: int) -> None:
    (result,) = [r for r in default_results if (r.stack, r.scenario) == ("fileflow-prod", scenario)]
    pages = [n for n in result.replay.notifications if n.state in ("ALARM", "EVENT")]
    assert [(p.severity, p.minute <= by) for p in pages] == [(severity, True)], pages


@pytest.mark.parametrize("environment", ["dev", "staging"])
def test_non_prod_mails_its_one_topic_once_per_incident_at_the_incidents_severity(
        default_results: list[PageResult], environment: str) -> None:
    results = {r.scenario: r for r in default_results if r.stack == f"fileflow-{environment}"}
    outage = [n for n in results["total outage"].replay.notifications if n.state == "ALARM"]
    assert [(n.topic, n.severity) for n in outage] == [(f"fileflow-{environment}-alerts-p3", "P0")]
    assert all(len([n for n in r.replay.notifications if n.state == "ALARM"]) <= 1 for r in results.values())


@pytest.mark.parametrize("class_name", sorted(examples()))
def test_every_scenario_pages_as_expected_on_each_readme_example(tmp_path: Path, class_name: str) -> None:
    stack = synth_example(class_name, f"readme-{class_name.lower()}")
    path = tmp_path / "cdk.tf.json"
    path.write_text(json.dumps(stack.document))
    results = replay_stacks([Stack(name=class_name, path=path, document=stack.document)])
    assert results, f"no scenario applies to {class_name}"
    assert not _failures(results)


def test_review_writes_pages_md_and_changes_md_lists_the_pages_that_change(tmp_path: Path, synth_dir: Path) -> None:
    stacks = synth_dir / "stacks"
    assert run(tmp_path, stacks, stacks, say=lambda message: None, scenarios=True) == 0
    pages = (tmp_path / PAGES_FILE).read_text()
    assert pages.startswith("# Who is paged, and when") and "0 expectations not met" in pages
    assert "| total outage | ✓ P0 at minute 2 (fileflow-dev-notify-p0) |" in pages
    assert "No scenario pages anyone differently." in (tmp_path / "changes.md").read_text()
