"""changes.md: what a pull request does to alarms and dashboard widgets, between two syntheses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from monitoring_constructs.review.__main__ import main
from monitoring_constructs.review.changes import changes_markdown, compare
from monitoring_constructs.review.model import review_stack
from monitoring_constructs.review.stacks import load_stacks
from tests.review.tables import sections, table_rows

PROD = "fileflow-prod"


def _edit(stacks: Path, stack: str, change) -> None:
    path = stacks / stack / "cdk.tf.json"
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


def _alarm(document: dict, name: str) -> tuple[str, dict]:
    alarms = document["resource"]["aws_cloudwatch_metric_alarm"]
    return next((key, block) for key, block in alarms.items() if block["alarm_name"] == name)


def _dashboard_body(document: dict) -> tuple[dict, dict]:
    (block,) = document["resource"]["aws_cloudwatch_dashboard"].values()
    return block, json.loads(block["dashboard_body"])


@pytest.fixture
def current(tmp_path: Path, default_stacks: Path) -> Path:
    """A copy of the default stacks, to edit as a pull request would."""
    copy = tmp_path / "current"
    shutil.copytree(default_stacks, copy)
    return copy


def _cli_changes(tmp_path: Path, current: Path, base: Path) -> tuple[int, str]:
    """Exit code and changes.md of the whole command (pictures included)."""
    out = tmp_path / "out"
    code = main([str(out), "--stacks", str(current), "--base", str(base)])
    return code, (out / "changes.md").read_text()


def _changes(current: Path, base: Path) -> str:
    """changes.md only, without drawing the pictures."""
    reviews = [[review_stack(stack) for stack in load_stacks(folder)] for folder in (base, current)]
    return changes_markdown(compare(*reviews), base=str(base), current=str(current))


def test_a_raised_threshold_and_a_removed_alarm_are_the_only_changes(tmp_path, current, default_stacks):
    def change(document):
        _alarm(document, "fileflow-prod-cpu-high")[1]["threshold"] = 90
        key, _ = _alarm(document, "fileflow-prod-redis-cpu-high-2")
        del document["resource"]["aws_cloudwatch_metric_alarm"][key]

    _edit(current, PROD, change)
    code, text = _cli_changes(tmp_path, current, default_stacks)

    assert code == 0
    assert "1 alarm removed, 1 alarm changed." in text
    stack = sections(text, "### ")[PROD]
    assert table_rows(stack, "Alarm") == [
        {"Alarm": "fileflow-prod-cpu-high", "What": "condition", "Before": "> 80", "After": "> 90"},
        {
            "Alarm": "fileflow-prod-redis-cpu-high-2",
            "Severity": "P3",
            "Metric or expression": "AWS/ElastiCache EngineCPUUtilization (CacheClusterId=fileflow-prod-redis-002)",
            "Condition": "> 75",
            "Notifies": "fileflow-prod-alerts-p3 (ALARM) through fileflow-prod-notify-p3",
            "Subscribers": "1: email platform-alerts@example.com",
        },
    ]
    assert "**Alarms removed (1)**" in stack and "**Alarms changed (1)**" in stack
    assert "Unchanged: fileflow-dev, fileflow-staging." in text


def test_a_new_alarm_and_a_lost_subscriber_are_reported(tmp_path, current, default_stacks):
    def change(document):
        key, block = _alarm(document, "fileflow-prod-cpu-high")
        document["resource"]["aws_cloudwatch_metric_alarm"]["Extra"] = {**block, "alarm_name": "fileflow-prod-cpu-warm",
                                                                       "threshold": 60}
        subscriptions = document["resource"]["aws_sns_topic_subscription"]
        del subscriptions[next(k for k, s in subscriptions.items() if s["endpoint"] == "platform-alerts@example.com")]

    _edit(current, PROD, change)
    text = _changes(current, default_stacks)

    rows = table_rows(sections(text, "### ")[PROD], "Alarm")
    assert {"Alarm": "fileflow-prod-redis-cpu-high-1", "What": "subscribers",
            "Before": "1: email platform-alerts@example.com",
            "After": "⚠ none: fileflow-prod-alerts-p3 has no subscriber"} in rows
    assert [row["Alarm"] for row in rows if row.get("Condition") == "> 60"] == ["fileflow-prod-cpu-warm"]


def test_a_removed_dashboard_widget_is_reported_with_its_place(tmp_path, current, default_stacks):
    def change(document):
        block, body = _dashboard_body(document)
        body["widgets"] = [w for w in body["widgets"] if w["properties"].get("title") != "RDS CPU utilization (%)"]
        block["dashboard_body"] = json.dumps(body)

    _edit(current, PROD, change)
    text = _changes(current, default_stacks)

    assert table_rows(sections(text, "### ")[PROD], "Dashboard") == [
        {"Dashboard": "fileflow-prod-dashboard", "Widget": "RDS CPU utilization (%)",
         "Type": "metric · timeSeries", "Grid position": "x 0, y 24, 8 × 6"},
    ]
    assert "1 dashboard widget removed." in text


def test_a_widget_that_only_moved_is_no_change(tmp_path, current, default_stacks):
    def change(document):
        block, body = _dashboard_body(document)
        body["widgets"][-1]["y"] += 10
        block["dashboard_body"] = json.dumps(body)

    _edit(current, PROD, change)
    assert _cli_changes(tmp_path, current, default_stacks) == (
        0, f"## Monitoring changes\n\nFrom `{default_stacks}` to `{current}`: "
        "no alarm or dashboard widget added, removed or changed in 3 stacks.\n")


def test_a_new_stack_lists_all_its_alarms_as_added(tmp_path, current, default_stacks):
    shutil.copytree(current / "fileflow-dev", current / "fileflow-qa")
    text = _changes(current, default_stacks)

    stack = sections(text, "### ")["fileflow-qa (new stack)"]
    dev = json.loads((current / "fileflow-dev" / "cdk.tf.json").read_text())["resource"]
    dev_alarms = [*dev["aws_cloudwatch_metric_alarm"], *dev["aws_cloudwatch_composite_alarm"]]
    assert f"**Alarms added ({len(dev_alarms)})**" in stack
    assert "**Dashboard widgets added (" in stack
