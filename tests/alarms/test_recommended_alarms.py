"""AWS's recommended load balancer and RDS alarms, in the README's table style, on the default stacks.

Each row: what the alarm evaluates (a metric, or the metric math over its inputs), statistic,
period, datapoints, comparison, threshold, severity, missing data, and where the number comes
from (CloudWatch's "Recommended alarms" page, section #RDS or #ECS, or the ALB metrics page).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.stack_assertions import Synthesized

GiB = 1073741824
REC = "AWS recommended alarms"

# key: (metric or expression, statistic, period, evaluation periods, comparison, threshold, severity,
#       missing data, source of the number)
PROD_ALARMS: dict[str, tuple[Any, ...]] = {
    "alb-elb-5xx-rate-high": (
        "IF((FILL(elb_requests, 0) + FILL(elb_503, 0)) >= 100, "
        "100 * FILL(elb_errors, 0) / (FILL(elb_requests, 0) + FILL(elb_503, 0)), 0)", "Sum", 300, 1, ">", 5, "P1",
        "notBreaching", f"{REC} #ECS HTTPCode_Target_5XX_Count: about 5% of traffic, over 5 minutes"),
    "alb-unhealthy-hosts": (
        "UnHealthyHostCount", "Maximum", 60, 5, ">", 0, "P2", "notBreaching", f"{REC} #ECS: 60 s x 5; ALB metrics page"),
    "alb-response-time-p99-high": (
        "TargetResponseTime", "p99", 60, 5, ">", 2, "P2", "notBreaching",
        f"{REC} #ECS TargetResponseTime: 60 s x 5, threshold use-case dependent: 2 x the seed's 1 s"),
    "alb-rejected-connections": (
        "RejectedConnectionCount", "Sum", 60, 5, ">", 0, "P1", "notBreaching", f"{REC} #ECS: 60 s x 5; ALB metrics page"),
    "rds-cpu-very-high": ("CPUUtilization", "Average", 60, 5, ">", 90, "P1", "notBreaching", f"{REC} #RDS CPUUtilization"),
    "rds-free-memory-low": (
        f"100 * free_memory / (16 * {GiB})", "Average", 60, 15, "<", 25, "P2", "notBreaching", f"{REC} #RDS FreeableMemory"),
    "rds-free-storage-low": (
        f"100 * free_storage / (100 * {GiB})", "Minimum", 60, 5, "<", 10, "P1", "notBreaching",
        f"{REC} #RDS FreeStorageSpace"),
    "rds-connections-high": (
        "100 * connections / 1700", "Average", 60, 5, ">", 90, "P1", "notBreaching", f"{REC} #RDS DatabaseConnections"),
    "rds-read-latency-high": ("ReadLatency", "p90", 60, 5, ">", 0.02, "P2", "missing", f"{REC} #RDS ReadLatency"),
    "rds-write-latency-high": ("WriteLatency", "p90", 60, 5, ">", 0.02, "P2", "missing", f"{REC} #RDS WriteLatency"),
    "rds-db-load-high": (
        "DBLoadRelativeToNumVCPUs", "Average", 60, 15, ">", 1, "P2", "notBreaching", f"{REC} #RDS DBLoad"),
}
COMPARISONS = {">": "GreaterThanThreshold", "<": "LessThanThreshold"}
# The metric math alarms' inputs: id -> metric.
MATH_INPUTS = {
    "alb-elb-5xx-rate-high": {"elb_errors": "HTTPCode_ELB_5XX_Count", "elb_requests": "RequestCount",
                              "elb_503": "HTTPCode_ELB_503_Count"},
    "rds-free-memory-low": {"free_memory": "FreeableMemory"},
    "rds-free-storage-low": {"free_storage": "FreeStorageSpace"},
    "rds-connections-high": {"connections": "DatabaseConnections"},
}


def evaluated(alarm: dict[str, Any]) -> tuple[str, str]:
    """(metric or expression, statistic) as CloudWatch evaluates the alarm."""
    if "metric_query" not in alarm:
        return alarm["metric_name"], alarm.get("statistic") or alarm["extended_statistic"]
    (result,) = [q for q in alarm["metric_query"] if q.get("return_data")]
    (statistic,) = {q["metric"]["stat"] for q in alarm["metric_query"] if "metric" in q}
    return result["expression"], statistic


@pytest.mark.parametrize("key", sorted(PROD_ALARMS))
def test_prod_recommended_alarm_has_its_metric_statistic_period_threshold_and_severity(prod: Synthesized, key: str) -> None:
    metric, statistic, period, evaluations, comparison, threshold, severity, missing, _source = PROD_ALARMS[key]
    alarm = prod.alarm(f"fileflow-prod-{key}")
    periods = {q["metric"]["period"] for q in alarm.get("metric_query", []) if "metric" in q} or {alarm["period"]}
    assert (evaluated(alarm), periods, alarm["evaluation_periods"], alarm["datapoints_to_alarm"]) == (
        (metric, statistic), {period}, evaluations, evaluations)
    assert (alarm["comparison_operator"], alarm["threshold"], alarm["tags"]["Severity"], alarm["treat_missing_data"]) == (
        COMPARISONS[comparison], threshold, severity, missing)


@pytest.mark.parametrize("key", sorted(MATH_INPUTS))
def test_shares_of_a_size_and_rates_are_metric_math_over_their_inputs(prod: Synthesized, key: str) -> None:
    queries = prod.alarm(f"fileflow-prod-{key}")["metric_query"]
    assert {q["id"]: q["metric"]["metric_name"] for q in queries if "metric" in q} == MATH_INPUTS[key]
    assert [q["return_data"] for q in queries] == [False] * len(MATH_INPUTS[key]) + [True]


def test_the_shared_rds_alarms_watch_the_shared_instance(prod: Synthesized) -> None:
    for key in PROD_ALARMS:
        if key.startswith("rds-"):
            alarm = prod.alarm(f"fileflow-prod-{key}")
            dimensions = [q["metric"]["dimensions"] for q in alarm.get("metric_query", []) if "metric" in q]
            assert (dimensions or [alarm["dimensions"]]) == [{"DBInstanceIdentifier": "shared-postgres-prod"}], key


def test_the_seed_rds_cpu_alarm_keeps_its_tier_below_the_recommended_one(prod: Synthesized) -> None:
    tiers = [(prod.alarm(f"fileflow-prod-{key}")["threshold"], prod.alarm(f"fileflow-prod-{key}")["period"],
              prod.alarm(f"fileflow-prod-{key}")["tags"]["Severity"]) for key in ("rds-cpu-high", "rds-cpu-very-high")]
    assert tiers == [(80, 300, "P2"), (90, 60, "P1")]


def test_dev_and_staging_get_the_load_balancer_alarms_routed_to_p3_and_no_database_alarm(
    dev: Synthesized, staging: Synthesized
) -> None:
    for stack, env in ((dev, "dev"), (staging, "staging")):
        for key in (k for k in PROD_ALARMS if k.startswith("alb-")):
            alarm = stack.alarm(f"fileflow-{env}-{key}")
            assert alarm["tags"]["Severity"] == "P3" and "ok_actions" not in stack.notifier_of(alarm), key
        assert not [name for name in stack.alarm_names() if "-rds-" in name]


def test_p1_recommended_alarms_page_in_prod_and_notify_recovery(prod: Synthesized) -> None:
    for key, row in PROD_ALARMS.items():
        alarm = prod.alarm(f"fileflow-prod-{key}")
        assert prod.notifier_of(alarm)["alarm_actions"] == [prod.topic_arn(f"fileflow-prod-alerts-{row[6].lower()}")], key
        assert ("ok_actions" in prod.notifier_of(alarm)) is (row[6] in ("P0", "P1")), key


def test_descriptions_say_what_happened_and_who_responds(prod: Synthesized) -> None:
    description = prod.alarm("fileflow-prod-rds-free-storage-low")["alarm_description"]
    assert description.startswith("[P1 High] RDS instance free storage below 10% of its allocated storage. "
                                   "Respond within 15 minutes (Platform Team).")
    assert prod.alarm("fileflow-prod-alb-elb-5xx-rate-high")["alarm_description"].startswith(
        "[P1 High] The load balancer itself answered more than 5% of requests with a 5xx.")
