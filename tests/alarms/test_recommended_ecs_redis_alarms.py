"""AWS's recommended alarms for the ECS service and Redis, one row per alarm as the README's table reads.

Source "RECOMMENDED" is https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
("Amazon ECS with Container Insights with enhanced observability", "Amazon ElastiCache"); where
AWS says the threshold "depends on your situation", the number is ours and the reason is in
``alarms/resources/``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from monitoring_constructs import AlarmOverride, EcsServiceTarget, MonitoringConfigError, MonitoringSettings
from monitoring_constructs.alarms.resources import ecs, redis
from stacks.app import fileflow_settings
from tests.stack_assertions import Synthesized

RECOMMENDED = "RECOMMENDED"
OURS = "ours: AWS leaves it to the workload"
# alarm <prefix>-...: (namespace, metric, statistic, period, evaluations, condition, severity, source of the number)
ROWS = {
    "ephemeral-storage-high": ("ECS/ContainerInsights", "TaskEphemeralStorageUtilization", "Average", 60, 5, "> 80",
                               "P2", RECOMMENDED),
    "redis-memory-high-1": ("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Average", 60, 5, "> 80", "P2", OURS),
    "redis-evictions-1": ("AWS/ElastiCache", "Evictions", "Sum", 300, 1, "> 0", "P3", OURS),
    "redis-connections-high-1": ("AWS/ElastiCache", "CurrConnections", "Average", 60, 10, "> 52000", "P2",
                                 "80 % of RECOMMENDED's 65,000 per node"),
    "redis-replication-lag-high-2": ("AWS/ElastiCache", "ReplicationLag", "Average", 60, 15, "> 1", "P3", OURS),
}
SIGNS = {"GreaterThanThreshold": ">", "LessThanThreshold": "<"}


@pytest.mark.parametrize("suffix", sorted(ROWS))
def test_prod_has_each_recommended_alarm_with_its_metric_statistic_period_threshold_and_severity(
    prod: Synthesized, suffix: str
) -> None:
    alarm = prod.alarm(f"fileflow-prod-{suffix}")
    namespace, metric, statistic, period, evaluations, condition, severity, _source = ROWS[suffix]
    assert (alarm["namespace"], alarm["metric_name"], alarm["statistic"], alarm["period"], alarm["evaluation_periods"],
            alarm.get("datapoints_to_alarm"), f"{SIGNS[alarm['comparison_operator']]} {alarm['threshold']:g}",
            alarm["tags"]["Severity"]) == (namespace, metric, statistic, period, evaluations, evaluations, condition, severity)


def test_every_new_alarm_says_where_its_number_comes_from_next_to_it() -> None:
    new = {"ephemeral-storage-high", "redis-memory-high", "redis-evictions", "redis-connections-high",
           "redis-replication-lag-high"}
    for module in (ecs, redis):
        text = open(module.__file__, encoding="utf-8").read()
        for spec in (s for s in module.ALARMS if s.key in new):
            block = text[text.index(f'key="{spec.key}"'):]
            block = block[:block.find("AlarmSpec(") if "AlarmSpec(" in block else len(block)]
            assert "RECOMMENDED" in block or "ElastiCache guide" in block, f"{spec.key}: no source for its numbers"
            assert "# P" in block, f"{spec.key}: no reason for its severity"


def test_ephemeral_storage_needs_container_insights_enhanced_observability(prod: Synthesized, dev: Synthesized) -> None:
    assert "fileflow-prod-ephemeral-storage-high" in prod.alarm_names()
    assert "fileflow-dev-ephemeral-storage-high" not in dev.alarm_names()


def test_overriding_ephemeral_storage_without_enhanced_container_insights_is_an_error() -> None:
    settings = fileflow_settings("dev", "app/fileflow-dev-alb/0123456789abcdef")
    with pytest.raises(MonitoringConfigError, match=r"ephemeral-storage-high needs resources.ecs_service with EcsServiceTarget.enhanced_container_insights=True"):
        replace(settings, alarm_overrides={"ephemeral-storage-high": AlarmOverride(threshold=90)})


def test_replication_lag_is_alarmed_only_with_replicas_and_missing_data_is_healthy(
    prod: Synthesized, dev: Synthesized
) -> None:
    lag = [prod.alarm(f"fileflow-prod-redis-replication-lag-high-{n}") for n in (1, 2)]
    assert [a["dimensions"] for a in lag] == [{"CacheClusterId": f"fileflow-prod-redis-00{n}"} for n in (1, 2)]
    assert {a["treat_missing_data"] for a in lag} == {"notBreaching"}  # the primary publishes no lag
    assert not any("replication-lag" in name for name in dev.alarm_names())  # one node: no replica


def test_connections_are_alarmed_per_node_as_aws_publishes_them(prod: Synthesized) -> None:
    assert prod.alarm("fileflow-prod-redis-connections-high-2")["dimensions"] == {
        "CacheClusterId": "fileflow-prod-redis-002", "CacheNodeId": "0001",
    }


def test_the_seed_alarms_keep_their_keys_and_thresholds(prod: Synthesized) -> None:
    seed = {"cpu-high": 80, "cpu-very-high": 85, "memory-elevated": 80, "memory-high": 85, "task-count-zero": 1,
            "redis-cpu-high-1": 75, "redis-cpu-high-2": 75}
    assert {key: prod.alarm(f"fileflow-prod-{key}")["threshold"] for key in seed} == seed


def test_each_redis_member_gets_every_redis_alarm_with_its_own_dimensions(prod: Synthesized) -> None:
    for key in ("redis-memory-high", "redis-evictions", "redis-cpu-high"):
        members = [prod.alarm(f"fileflow-prod-{key}-{n}")["dimensions"]["CacheClusterId"] for n in (1, 2)]
        assert members == ["fileflow-prod-redis-001", "fileflow-prod-redis-002"]


def test_an_ecs_target_checks_its_new_fields() -> None:
    with pytest.raises(MonitoringConfigError, match=r"^ecs_service.enhanced_container_insights: 'yes'"):
        EcsServiceTarget(cluster_name="c", service_name="s", enhanced_container_insights="yes")  # type: ignore[arg-type]
    with pytest.raises(MonitoringConfigError, match=r"^ecs_service.deployment_failures: 'P1'"):
        EcsServiceTarget(cluster_name="c", service_name="s", deployment_failures="P1")  # type: ignore[arg-type]


def test_settings_cover_an_alarm_only_when_its_resource_has_what_it_needs() -> None:
    settings: MonitoringSettings = fileflow_settings("prod", "app/fileflow-prod-alb/0123456789abcdef")
    keys = {alarm.spec.key for alarm in settings.library_alarms}
    assert {"ephemeral-storage-high", "redis-replication-lag-high"} <= keys
    dev = fileflow_settings("dev", "app/fileflow-dev-alb/0123456789abcdef")
    assert not {"ephemeral-storage-high", "redis-replication-lag-high"} & {a.spec.key for a in dev.library_alarms}
