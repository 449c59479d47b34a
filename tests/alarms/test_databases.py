"""RDS instances and Aurora clusters: alarmed per instance or per role, told apart by labels, each alarm overridable."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from monitoring_constructs import (
    AlarmOverride,
    AuroraClusterTarget,
    EcsServiceTarget,
    MonitoredResources,
    MonitoringConfigError,
    MonitoringSettings,
    RdsInstanceTarget,
    ServiceMonitoring,
    Severity,
)
from monitoring_constructs.alarms.catalog import STANDARD_ALARMS
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct

ECS = EcsServiceTarget(cluster_name="main", service_name="orders")
LEDGER = AuroraClusterTarget(cluster_identifier="ledger", readers=True, instance_identifiers=("ledger-1", "ledger-2"),
                             memory_gib=32, max_connections=3000, performance_insights=True)
ORDERS_DB = RdsInstanceTarget(identifier="orders-db", memory_gib=8, allocated_storage_gib=200, max_connections=900)
GiB = 1073741824


def synth(resources: MonitoredResources, **changes: Any) -> Synthesized:
    settings = MonitoringSettings(service="orders", environment="prod", region="eu-west-1", resources=resources,
                                  notifications=EVERYONE_HEARS, **changes)
    return synth_construct(lambda stack: ServiceMonitoring(stack, "Monitoring", settings=settings))


@pytest.fixture(scope="module")
def aurora() -> Synthesized:
    return synth(MonitoredResources(ecs_service=ECS, aurora_clusters=(LEDGER,)))


# role alarm key: (metric or expression, statistic, period, evaluation periods, comparison, threshold, severity, source)
AURORA_ROLE_ALARMS = {
    "aurora-cpu-high": ("CPUUtilization", "Average", 60, 5, "GreaterThanThreshold", 90, "P1",
                        "AWS recommended alarms #RDS CPUUtilization"),
    "aurora-free-memory-low": (f"100 * free_memory / (32 * {GiB})", "Average", 60, 15, "LessThanThreshold", 5, "P1",
                               "AWS recommended alarms #RDS FreeableMemory: for Aurora close to 5%"),
    "aurora-connections-high": ("100 * connections / 3000", "Average", 60, 5, "GreaterThanThreshold", 90, "P1",
                                "AWS recommended alarms #RDS DatabaseConnections"),
    "aurora-read-latency-high": ("ReadLatency", "p90", 60, 5, "GreaterThanThreshold", 0.02, "P2",
                                 "AWS recommended alarms #RDS ReadLatency"),
    "aurora-write-latency-high": ("WriteLatency", "p90", 60, 5, "GreaterThanThreshold", 0.02, "P2",
                                  "AWS recommended alarms #RDS WriteLatency"),
}


def watched(alarm: dict[str, Any]) -> tuple[str, str, int, dict[str, str]]:
    """(metric or expression, statistic, period, dimensions) of a plain or metric math alarm."""
    if "metric_query" not in alarm:
        statistic = alarm.get("statistic") or alarm["extended_statistic"]
        return alarm["metric_name"], statistic, alarm["period"], alarm["dimensions"]
    (result,) = [q for q in alarm["metric_query"] if q.get("return_data")]
    (metric,) = [q["metric"] for q in alarm["metric_query"] if "metric" in q]
    return result["expression"], metric["stat"], metric["period"], metric["dimensions"]


@pytest.mark.parametrize("key", sorted(AURORA_ROLE_ALARMS))
@pytest.mark.parametrize("role", ["WRITER", "READER"])
def test_aurora_is_alarmed_per_instance_role_with_awss_numbers(aurora: Synthesized, key: str, role: str) -> None:
    metric, statistic, period, evaluations, comparison, threshold, severity, _source = AURORA_ROLE_ALARMS[key]
    alarm = aurora.alarm(f"orders-prod-{key}-{role.lower()}")
    assert watched(alarm) == (metric, statistic, period, {"DBClusterIdentifier": "ledger", "Role": role})
    assert (alarm["evaluation_periods"], alarm["comparison_operator"], alarm["threshold"], alarm["tags"]["Severity"]) == (
        evaluations, comparison, threshold, severity)


def test_aurora_db_load_is_alarmed_per_listed_instance_against_its_vcpus(aurora: Synthesized) -> None:
    for index, instance in enumerate(("ledger-1", "ledger-2"), start=1):
        alarm = aurora.alarm(f"orders-prod-aurora-db-load-high-{index}")
        assert watched(alarm) == ("DBLoadRelativeToNumVCPUs", "Average", 60, {"DBInstanceIdentifier": instance})
        assert (alarm["evaluation_periods"], alarm["threshold"], alarm["treat_missing_data"]) == (15, 1, "notBreaching")


def test_aurora_has_no_free_storage_alarm_its_storage_grows_by_itself(aurora: Synthesized) -> None:
    assert not [name for name in aurora.alarm_names() if "storage" in name]


def test_a_cluster_without_readers_sizes_or_instances_gets_only_its_writer_alarms() -> None:
    stack = synth(MonitoredResources(ecs_service=ECS, aurora_clusters=(AuroraClusterTarget(cluster_identifier="ledger"),)))
    assert {name for name in stack.alarm_names() if "aurora" in name} == {
        "orders-prod-aurora-cpu-high-writer", "orders-prod-aurora-read-latency-high-writer",
        "orders-prod-aurora-write-latency-high-writer",
    }


def test_the_dashboard_draws_one_line_per_role_and_one_threshold_per_alarm(aurora: Synthesized) -> None:
    widgets = json.loads(aurora.one("aws_cloudwatch_dashboard")["dashboard_body"])["widgets"]
    (cpu,) = [w["properties"] for w in widgets if w["properties"].get("title") == "Aurora CPU utilization (%)"]
    assert [row[-1]["label"] for row in cpu["metrics"]] == ["WRITER CPUUtilization Average", "READER CPUUtilization Average"]
    assert [line["label"] for line in cpu["annotations"]["horizontal"]] == ["orders-prod-aurora-cpu-high-* > 90% (P1)"]
    (memory,) = [w["properties"] for w in widgets if w["properties"].get("title") == "Aurora freeable memory (%)"]
    results = [row[0] for row in memory["metrics"] if "expression" in row[0]]
    assert [(r["id"], r["expression"], r["label"]) for r in results] == [
        ("free_memory_pct", f"100 * free_memory / (32 * {GiB})", "WRITER Freeable memory (% of memory)"),
        ("free_memory_pct_1", f"100 * free_memory_1 / (32 * {GiB})", "READER Freeable memory (% of memory)"),
    ]
    assert memory["yAxis"]["left"] == {"min": 0, "max": 100}


def test_several_rds_instances_are_told_apart_by_their_labels() -> None:
    stack = synth(MonitoredResources(ecs_service=ECS, shared_rds_identifier="shared-db",
                                     rds_instances=(RdsInstanceTarget(identifier="orders-db", label="orders"),)))
    assert {"orders-prod-rds-cpu-high", "orders-prod-rds-cpu-high-orders"} <= stack.alarm_names()
    assert stack.alarm("orders-prod-rds-cpu-high-orders")["dimensions"] == {"DBInstanceIdentifier": "orders-db"}
    assert stack.alarm("orders-prod-rds-cpu-high")["dimensions"] == {"DBInstanceIdentifier": "shared-db"}
    # The shared instance keeps its RDS down alarm and query log group; the other one has neither.
    (rule,) = [r for r in stack.resources("aws_cloudwatch_event_rule") if r["name"] == "orders-prod-rds-down"]
    assert '"db:", "shared-db"' in rule["event_pattern"] and "orders-db" not in rule["event_pattern"]


def test_an_entry_of_the_shared_identifier_describes_the_shared_instance() -> None:
    shared = RdsInstanceTarget(identifier="shared-db", memory_gib=8)
    stack = synth(MonitoredResources(ecs_service=ECS, shared_rds_identifier="shared-db", rds_instances=(shared,)))
    assert "orders-prod-rds-free-memory-low" in stack.alarm_names()
    assert len([name for name in stack.alarm_names() if name.startswith("orders-prod-rds-cpu-high")]) == 1


def test_a_second_database_added_later_without_a_label_is_an_error_that_says_so() -> None:
    def build(stack):
        settings = MonitoringSettings(service="orders", environment="prod", region="eu-west-1",
                                      resources=MonitoredResources(ecs_service=ECS, rds_instances=(ORDERS_DB,)),
                                      notifications=EVERYONE_HEARS)
        ServiceMonitoring(stack, "Monitoring", settings=settings).monitor_rds_instance(
            RdsInstanceTarget(identifier="reports-db"))

    with pytest.raises(MonitoringConfigError, match=r"^alarm: 'orders-prod-rds-cpu-high' .* two databases of one kind "
                                                    r"need distinct labels"):
        synth_construct(build)


def test_monitor_aurora_cluster_adds_its_alarms_and_graphs() -> None:
    def build(stack):
        settings = MonitoringSettings(service="orders", environment="prod", region="eu-west-1",
                                      resources=MonitoredResources(ecs_service=ECS), notifications=EVERYONE_HEARS)
        made = ServiceMonitoring(stack, "Monitoring", settings=settings).monitor_aurora_cluster(LEDGER)
        assert len(made) == 2 * len(AURORA_ROLE_ALARMS) + 2

    stack = synth_construct(build)
    titles = {w["properties"].get("title") for w in json.loads(stack.one("aws_cloudwatch_dashboard")["dashboard_body"])["widgets"]}
    assert {"Aurora CPU utilization (%)", "Aurora DB load per vCPU", "Aurora read / write latency p90 (s)"} <= titles


NEW_DATABASE_KEYS = [spec.key for spec in STANDARD_ALARMS
                     if spec.key.startswith(("rds-", "aurora-")) and spec.key != "rds-cpu-high"]


@pytest.fixture(scope="module")
def every_database() -> MonitoredResources:
    return MonitoredResources(ecs_service=ECS, rds_instances=(replace(ORDERS_DB, performance_insights=True),),
                              aurora_clusters=(LEDGER,))


def test_every_new_database_alarm_takes_an_override(every_database: MonitoredResources) -> None:
    overrides = {key: AlarmOverride(threshold=42, severity=Severity.P3) for key in NEW_DATABASE_KEYS}
    stack = synth(every_database, alarm_overrides=overrides)
    changed = {name: (a["threshold"], a["tags"]["Severity"]) for a in stack.resources("aws_cloudwatch_metric_alarm")
               for name in [a["alarm_name"]] if name != "orders-prod-rds-cpu-high" and ("-rds-" in name or "-aurora-" in name)}
    assert len(changed) == len(NEW_DATABASE_KEYS) + 5 + 1  # Aurora's role alarms twice, its DB load per instance
    assert set(changed.values()) == {(42, "P3")}


def test_every_new_database_alarm_can_be_switched_off(every_database: MonitoredResources) -> None:
    stack = synth(every_database, alarm_overrides={key: AlarmOverride(enabled=False) for key in NEW_DATABASE_KEYS})
    assert [name for name in stack.alarm_names() if "-rds-" in name or "-aurora-" in name] == ["orders-prod-rds-cpu-high"]


def test_a_latency_alarm_takes_another_percentile() -> None:
    stack = synth(MonitoredResources(ecs_service=ECS, rds_instances=(ORDERS_DB,)),
                  alarm_overrides={"rds-read-latency-high": AlarmOverride(statistic="p99", threshold=0.05)})
    alarm = stack.alarm("orders-prod-rds-read-latency-high")
    assert (alarm["extended_statistic"], alarm["threshold"], "statistic" in alarm) == ("p99", 0.05, False)


def test_db_load_is_alarmed_only_where_performance_insights_is_declared_on() -> None:
    """DBLoadRelativeToNumVCPUs exists only with Performance Insights: without it the alarm would show OK forever."""
    plain = synth(MonitoredResources(ecs_service=ECS, rds_instances=(replace(ORDERS_DB, performance_insights=False),),
                                     aurora_clusters=(replace(LEDGER, performance_insights=False),)))
    assert not [name for name in plain.alarm_names() if "db-load" in name]
    insights = synth(MonitoredResources(ecs_service=ECS, rds_instances=(replace(ORDERS_DB, performance_insights=True),)))
    assert "orders-prod-rds-db-load-high" in insights.alarm_names()


def test_an_override_of_db_load_without_performance_insights_says_what_it_needs() -> None:
    with pytest.raises(MonitoringConfigError, match=r"rds-db-load-high needs resources.shared_rds_identifier or "
                                                    r"resources.rds_instances with RdsInstanceTarget.performance_insights=True"):
        MonitoringSettings(service="orders", environment="prod", region="eu-west-1", notifications=EVERYONE_HEARS,
                           resources=MonitoredResources(ecs_service=ECS, rds_instances=(ORDERS_DB,)),
                           alarm_overrides={"rds-db-load-high": AlarmOverride(threshold=2)})
