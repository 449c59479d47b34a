"""alarms.md: every alarm once, with its severity, topic and the people its topic reaches."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitoring_constructs.review.__main__ import run
from tests.conftest import STACK_NAMES
from tests.review.handmade import DANGLING, HANDMADE, write_stack
from tests.review.tables import sections, table_rows
from tests.stack_assertions import Synthesized

ALARM_TYPES = ("aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm")
# The README's alarm table: severities in prod, where each severity keeps its own topic.
PROD_SEVERITIES = {
    "task-count-zero": "P0",
    "cpu-very-high": "P1",
    "memory-high": "P1",
    "alb-5xx-rate-high": "P1",
    "app-error-lines-high": "P1",
    "cpu-high": "P2",
    "memory-elevated": "P2",
    "alb-5xx-high": "P2",
    "response-time-high": "P2",
    "rds-cpu-high": "P2",
    "redis-cpu-high-1": "P3",
    "redis-cpu-high-2": "P3",
}


def _rows(review_dir: Path, stack: str) -> dict[str, dict[str, str]]:
    rows = table_rows(sections((review_dir / "alarms.md").read_text())[stack], "Alarm")
    return {row["Alarm"].removesuffix(" (composite)"): row for row in rows}


def _synthesized_alarms(stack: Synthesized) -> list[dict]:
    return [alarm for kind in ALARM_TYPES for alarm in stack.resources(kind)]


@pytest.mark.parametrize("name", STACK_NAMES)
def test_every_alarm_of_a_stack_has_exactly_one_row(review_dir, stacks, name):
    rows = table_rows(sections((review_dir / "alarms.md").read_text())[name], "Alarm")
    expected = sorted(alarm["alarm_name"] for alarm in _synthesized_alarms(stacks[name]))
    assert sorted(row["Alarm"].removesuffix(" (composite)") for row in rows) == expected


@pytest.mark.parametrize("name", STACK_NAMES)
def test_each_row_shows_the_alarm_severity_tag(review_dir, stacks, name):
    rows = _rows(review_dir, name)
    assert {alarm["alarm_name"]: rows[alarm["alarm_name"]]["Severity"] for alarm in _synthesized_alarms(stacks[name])} == {
        alarm["alarm_name"]: alarm["tags"]["Severity"] for alarm in _synthesized_alarms(stacks[name])
    }


@pytest.mark.parametrize("name", STACK_NAMES)
def test_each_static_threshold_alarm_row_shows_its_threshold_and_evaluation(review_dir, stacks, name):
    rows = _rows(review_dir, name)
    static = [a for a in stacks[name].resources("aws_cloudwatch_metric_alarm") if "threshold_metric_id" not in a]
    for alarm in static:
        row = rows[alarm["alarm_name"]]
        assert row["Condition"].endswith(f" {alarm['threshold']:g}")
        datapoints = alarm.get("datapoints_to_alarm", alarm["evaluation_periods"])
        assert row["Period × evaluations (datapoints)"].endswith(f"× {alarm['evaluation_periods']} ({datapoints})")


def test_prod_alarms_keep_the_readme_severities(review_dir):
    rows = _rows(review_dir, "fileflow-prod")
    assert {key: rows[f"fileflow-prod-{key}"]["Severity"] for key in PROD_SEVERITIES} == PROD_SEVERITIES


def _notifying(rows):
    """Rows of alarms that notify (a roll-up's suppressor notifies nobody: it holds a roll-up back)."""
    return [row for row in rows if not row["Notifies"].startswith("nobody: holds back ")]


def test_a_prod_p0_alarm_reaches_on_call_by_email_pagerduty_and_the_incidents_channel(review_dir):
    rows = _rows(review_dir, "fileflow-prod")
    assert rows["fileflow-prod-notify-p0"]["Notifies"] == "fileflow-prod-alerts-p0 (ALARM, OK)"
    for name in ("fileflow-prod-notify-p0", "fileflow-prod-service-unhealthy", "fileflow-prod-task-count-zero"):
        assert rows[name]["Subscribers"] == (
            "3: email oncall@example.com, https events.pagerduty.com/…, Slack C0INCIDENTS (fileflow-prod-slack-p0)"
        )


def test_an_alarm_is_heard_through_its_topics_roll_up(review_dir):
    rows = _rows(review_dir, "fileflow-prod")
    assert rows["fileflow-prod-task-count-zero"]["Notifies"] == "fileflow-prod-alerts-p0 (ALARM, OK) through fileflow-prod-notify-p0"
    assert rows["fileflow-prod-notify-p2-held"]["Notifies"] == "nobody: holds back fileflow-prod-notify-p2"


def test_prod_p1_alarms_post_to_the_platform_channel_and_p2_alarms_only_email(review_dir):
    rows = _notifying(_rows(review_dir, "fileflow-prod").values())
    assert {row["Severity"] for row in rows} >= {"P1", "P2"}
    for row in rows:
        if row["Severity"] == "P1":
            assert row["Subscribers"] == "2: email platform@example.com, Slack C0PLATFORM (fileflow-prod-slack-p1)"
        if row["Severity"] == "P2":
            assert row["Subscribers"] == "1: email platform@example.com"


@pytest.mark.parametrize("environment", ["dev", "staging"])
def test_non_prod_alarms_all_notify_the_p3_topic_and_its_one_mailbox(review_dir, environment):
    rows = _notifying(_rows(review_dir, f"fileflow-{environment}").values())
    assert rows
    for row in rows:
        assert row["Notifies"].startswith(f"fileflow-{environment}-alerts-p3 (ALARM)")
        assert row["Subscribers"] == f"1: email fileflow-{environment}-alerts@example.com"


def test_the_metric_math_alarm_shows_its_expression_and_inputs(review_dir):
    row = _rows(review_dir, "fileflow-prod")["fileflow-prod-alb-5xx-rate-high"]
    assert row["Metric or expression"].startswith("IF(requests >= 100, 100 * FILL(errors, 0) / requests, 0) where ")
    assert ("errors = AWS/ApplicationELB HTTPCode_Target_5XX_Count (LoadBalancer=fileflow-prod-alb (arn_suffix), "
            "TargetGroup=fileflow-prod-tg (arn_suffix)) Sum") in (
        row["Metric or expression"])


def test_the_default_stacks_have_no_unsubscribed_topic(review_dir):
    assert "⚠" not in (review_dir / "alarms.md").read_text().split("\n", 3)[3]


def test_the_topic_table_names_other_publishers(review_dir):
    topics = {row["Topic"]: row for row in table_rows(sections((review_dir / "alarms.md").read_text())["fileflow-prod"], "Topic")}
    # The RDS down events are the rds-down alarm now: nothing but alarms publishes to P0.
    assert topics["fileflow-prod-alerts-p0"]["Other publishers"] == "—"


# --- The hand-made stack ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def handmade_rows(tmp_path_factory) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]], str]:
    stacks = write_stack(tmp_path_factory.mktemp("handmade"), "shop-prod", HANDMADE)
    out = tmp_path_factory.mktemp("out")
    assert run(out, stacks, None, say=lambda message: None) == 0
    text = sections((out / "alarms.md").read_text())["shop-prod"]
    alarms = {row["Alarm"]: row for row in table_rows(text, "Alarm")}
    topics = {row["Topic"]: row for row in table_rows(text, "Topic")}
    return alarms, topics, text


def test_a_topic_without_subscribers_is_flagged_with_its_alarms(handmade_rows):
    alarms, topics, text = handmade_rows
    assert topics["shop-prod-quiet"]["Subscribers"] == "⚠ none"
    assert alarms["shop-prod-queue-age"]["Subscribers"] == "⚠ none: shop-prod-quiet has no subscriber"
    assert "⚠ 1 topic without subscribers: shop-prod-quiet" in text


def test_a_slack_channel_alone_is_a_subscriber(handmade_rows):
    alarms, topics, _ = handmade_rows
    assert topics["shop-prod-chat"]["Subscribers"] == "1: Slack C0SHOP (shop-prod-chat)"
    assert alarms["shop-prod-requests-low"]["Subscribers"] == "1: Slack C0SHOP (shop-prod-chat)"


def test_an_https_subscriber_is_shown_by_host_without_its_integration_key(handmade_rows):
    alarms, _, text = handmade_rows
    assert alarms["shop-prod-latency"]["Subscribers"] == "2: email oncall@shop.example, https events.pagerduty.com/…"
    assert "SECRETKEY" not in text


def test_a_topic_from_outside_the_stack_is_not_flagged(handmade_rows):
    alarms, topics, _ = handmade_rows
    assert topics["platform-shared (outside this stack)"]["Subscribers"] == "not visible here"
    assert alarms["shop-prod-shared"]["Subscribers"] == "0 (+ subscribers of platform-shared, outside this stack)"


def test_a_reference_to_a_missing_block_is_shown_verbatim(handmade_rows):
    alarms, _, _ = handmade_rows
    assert alarms["shop-prod-dangling"]["Notifies"] == f"{DANGLING} (ALARM)"
    assert "QueueName=${aws_sqs_queue.Orders.name}" in alarms["shop-prod-dangling"]["Metric or expression"]


def test_an_alarm_without_actions_or_severity_is_flagged(handmade_rows):
    alarms, _, _ = handmade_rows
    row = alarms["shop-prod-silent"]
    assert (row["Severity"], row["Notifies"], row["Subscribers"]) == ("—", "nobody (no actions)", "⚠ none: no topic notified")


def test_extended_statistics_and_datapoints_are_shown(handmade_rows):
    alarms, _, _ = handmade_rows
    row = alarms["shop-prod-latency"]
    assert (row["Statistic"], row["Period × evaluations (datapoints)"], row["Condition"]) == ("p99", "1 min × 5 (3)", "≥ 2")


def test_an_anomaly_band_alarm_shows_its_band(handmade_rows):
    alarms, _, _ = handmade_rows
    row = alarms["shop-prod-requests-low"]
    assert row["Condition"] == "below the band ANOMALY_DETECTION_BAND(m1, 2)"
    assert row["Metric or expression"] == "AWS/ApplicationELB RequestCount"
    assert (row["Statistic"], row["Period × evaluations (datapoints)"]) == ("Sum", "5 min × 3 (3)")


def test_a_composite_alarm_shows_its_rule_by_alarm_names_and_its_suppressor(handmade_rows):
    alarms, _, _ = handmade_rows
    row = alarms["shop-prod-unhealthy (composite)"]
    assert row["Severity"] == "P0"
    assert row["Metric or expression"] == (
        'rule: ALARM("shop-prod-latency") AND ALARM(shop-prod-requests-low); actions suppressed while '
        "shop-prod-queue-age is in ALARM (wait 2 min, extension 3 min)"
    )
    assert row["Subscribers"] == "2: email oncall@shop.example, https events.pagerduty.com/…"


def test_alarms_are_listed_most_severe_first(handmade_rows):
    alarms, _, _ = handmade_rows
    severities = [row["Severity"] for row in alarms.values()]
    assert severities == sorted(severities, key=lambda s: (s == "—", s))
