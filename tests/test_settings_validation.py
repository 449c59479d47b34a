"""Bad settings fail before synthesis with a message naming field, value and what is allowed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from monitoring_constructs import (
    AlarmOverride,
    Contacts,
    EcsServiceTarget,
    LoadBalancerTarget,
    LogRetention,
    MonitoredResources,
    MonitoringConfigError,
    MonitoringSettings,
    Notifications,
    RedisTarget,
    Severity,
    Tier,
)
from monitoring_constructs._cdk import Fn
from tests.stack_assertions import EVERYONE_HEARS

ECS = EcsServiceTarget(cluster_name="main", service_name="orders")


def settings(**changes: Any) -> MonitoringSettings:
    values: dict[str, Any] = {
        "service": "orders",
        "environment": "prod",
        "region": "eu-west-1",
        "resources": MonitoredResources(ecs_service=ECS),
        "notifications": EVERYONE_HEARS,
    }
    values.update(changes)
    return MonitoringSettings(**values)


def rejected(build: Any, field: str, value: str, allowed: str) -> None:
    with pytest.raises(MonitoringConfigError) as error:
        build()
    message = str(error.value)
    assert message.startswith(f"{field}: "), message
    assert value in message, message
    assert allowed in message, message


def test_valid_settings_resolve_the_prod_row_of_the_environment_table() -> None:
    resolved = settings()
    assert resolved.tier is Tier.PROD
    assert resolved.profile.retention == LogRetention(application=14, error=30, access=7, db_queries=7)
    assert resolved.profile.log_level == "INFO"


def test_other_environments_use_the_non_prod_row_and_overrides_win() -> None:
    resolved = settings(environment="qa", retention=LogRetention(application=30, error=60, access=7))
    assert resolved.tier is Tier.NON_PROD
    assert resolved.profile.log_level == "DEBUG"
    assert resolved.profile.retention.application == 30
    assert resolved.routed_severity(Severity.P0) is Severity.P3


def test_retention_must_be_a_cloudwatch_value() -> None:
    rejected(lambda: LogRetention(application=13, error=30, access=7), "retention.application", "13", "one of 0, 1, 3")


def test_alarm_period_is_10_20_30_or_a_multiple_of_60() -> None:
    rejected(
        lambda: settings(alarm_overrides={"cpu-high": AlarmOverride(period=45)}),
        "alarm_overrides['cpu-high'].period", "45", "10, 20, 30 or a multiple of 60 seconds",
    )


def test_datapoints_to_alarm_cannot_exceed_evaluation_periods() -> None:
    rejected(
        lambda: settings(alarm_overrides={"cpu-high": AlarmOverride(datapoints_to_alarm=3)}),
        "alarm_overrides['cpu-high'].datapoints_to_alarm", "3", "an integer from 1 to 2",
    )


def test_an_alarm_window_spans_at_most_one_day() -> None:
    rejected(
        lambda: settings(alarm_overrides={"cpu-high": AlarmOverride(period=600, evaluation_periods=150)}),
        "alarm_overrides['cpu-high']", "600 s x 150", "<= 86400 s",
    )


def test_hourly_alarms_may_span_seven_days_but_no_more() -> None:
    ok = settings(alarm_overrides={"cpu-high": AlarmOverride(period=3600, evaluation_periods=168)})
    assert {a.spec.key: a.spec.period for a in ok.library_alarms}["cpu-high"] == 3600
    rejected(
        lambda: settings(alarm_overrides={"cpu-high": AlarmOverride(period=3600, evaluation_periods=169)}),
        "alarm_overrides['cpu-high']", "3600 s x 169", "<= 604800 s",
    )


def test_unknown_alarm_override_names_the_known_alarms() -> None:
    rejected(lambda: settings(alarm_overrides={"cpu-hgih": AlarmOverride()}), "alarm_overrides", "'cpu-hgih'", "cpu-high")


def test_statistic_must_be_a_cloudwatch_statistic_and_not_on_metric_math() -> None:
    rejected(
        lambda: settings(alarm_overrides={"cpu-high": AlarmOverride(statistic="Mean")}),
        "alarm_overrides['cpu-high'].statistic", "'Mean'", "Average",
    )
    rejected(
        lambda: settings(
            resources=MonitoredResources(ecs_service=ECS, load_balancer=LoadBalancerTarget(arn_suffix="app/a/0f")),
            alarm_overrides={"alb-5xx-rate-high": AlarmOverride(statistic="Sum")},
        ),
        "alarm_overrides['alb-5xx-rate-high'].statistic", "'Sum'", "metric math",
    )


def test_an_alarm_state_has_at_most_five_actions() -> None:
    arns = tuple(f"arn:aws:sns:eu-west-1:111122223333:t{i}" for i in range(5))
    rejected(lambda: Notifications(extra_alarm_actions=arns), "notifications.extra_alarm_actions", "t4", "at most 4")


def test_emails_must_be_addresses() -> None:
    rejected(lambda: Contacts(emails=("oncall at example.com",)), "contacts.emails[0]", "'oncall at example.com'",
             "an email address")


def test_https_endpoints_must_be_https() -> None:
    rejected(lambda: Contacts(https_endpoints=("http://pager.example.com",)), "contacts.https_endpoints[0]",
             "'http://pager.example.com'", "an https:// URL")


@pytest.mark.parametrize("name", ["Orders", "orders_api", "9orders", "orders--api", "orders-", "", "orders api"])
def test_service_names_must_be_safe_in_every_derived_name(name: str) -> None:
    rejected(lambda: settings(service=name), "service", repr(name), "lower-case letters and digits")


def test_service_and_environment_must_be_known_at_synth_time_not_tokens() -> None:
    token = Fn.lower("ORDERS")  # any unresolved token
    rejected(lambda: settings(service=token), "service", "TfToken", "lower-case letters")


def test_the_name_prefix_is_at_most_32_characters_so_derived_names_fit_aws_limits() -> None:
    rejected(lambda: settings(service="a" * 28), "service + environment (name prefix)", "a" * 28 + "-prod",
             "at most 32 characters")


def test_region_must_be_a_region_name() -> None:
    rejected(lambda: settings(region="Seoul"), "region", "'Seoul'", "an AWS region name")


def test_alb_is_named_by_its_arn_suffix() -> None:
    rejected(lambda: LoadBalancerTarget(arn_suffix="arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x/1"),
             "load_balancer.arn_suffix", "arn:aws", "app/<name>/<hex id>")


def test_rds_identifier_must_be_an_rds_identifier() -> None:
    rejected(lambda: MonitoredResources(ecs_service=ECS, shared_rds_identifier="shared_rds"),
             "shared_rds_identifier", "'shared_rds'", "RDS DB instance identifier")


def test_redis_node_count_is_1_to_6_and_members_are_unique() -> None:
    rejected(lambda: RedisTarget(replication_group_id="cache", node_count=0), "redis.node_count", "0",
             "an integer from 1 to 6")
    rejected(lambda: RedisTarget(replication_group_id="cache", member_cluster_ids=("cache-001", "cache-001")),
             "redis.member_cluster_ids", "'cache-001'", "each value once")


def test_tags_may_not_replace_the_required_tags_or_use_the_aws_prefix() -> None:
    rejected(lambda: settings(tags={"Service": "x"}), "tags", "'Service'", "keys other than the required")
    rejected(lambda: settings(tags={"aws:owner": "x"}), "tags", "'aws:owner'", "not starting with aws:")


def test_own_kms_key_must_be_a_key_arn() -> None:
    rejected(lambda: settings(kms_key_arn="alias/my-key"), "kms_key_arn", "'alias/my-key'", "a KMS key ARN")


def test_severity_routing_covers_every_severity() -> None:
    rejected(lambda: settings(severity_routing={Severity.P0: Severity.P1}), "severity_routing", "P0",
             "an entry for every severity")


def test_log_level_is_a_known_level() -> None:
    rejected(lambda: settings(log_level="VERBOSE"), "log_level", "'VERBOSE'", "one of TRACE, DEBUG, INFO")


def test_error_rate_guard_needs_at_least_one_request() -> None:
    rejected(lambda: settings(error_rate_min_requests=0), "error_rate_min_requests", "0", "an integer >= 1")


def test_names_of_a_service_teams_own_resources_may_be_tokens() -> None:
    cluster = Fn.lower("MAIN")
    target = EcsServiceTarget(cluster_name=cluster, service_name=Fn.lower("ORDERS"))
    assert settings(resources=MonitoredResources(ecs_service=target)).resources.ecs_service.cluster_name == cluster


def test_settings_are_frozen() -> None:
    resolved = settings()
    with pytest.raises(AttributeError):
        resolved.service = "other"  # type: ignore[misc]
    assert replace(resolved, environment="dev").tier is Tier.PROD  # an explicit tier is kept by replace


@pytest.mark.parametrize(
    "flag", ["log_analyzer_enabled", "managed_prometheus_grafana", "check_container_insights"]
)
def test_feature_switches_are_booleans(flag: str) -> None:
    rejected(lambda: settings(**{flag: "yes"}), flag, "'yes'", "True or False")


def test_error_log_text_pattern_is_a_non_empty_pattern() -> None:
    rejected(lambda: settings(error_log_text_pattern=""), "error_log_text_pattern", "''", "a metric filter pattern")


def test_slack_channels_are_keyed_by_severity_and_hold_slack_channels() -> None:
    rejected(lambda: Notifications(slack_channels={"P0": None}), "notifications.slack_channels", "'P0'",
             "Severity.P0, P1, P2 or P3")
    rejected(lambda: Notifications(slack_channels={Severity.P0: "#incidents"}), "notifications.slack_channels[P0]",
             "'#incidents'", "a SlackChannel(...) value")
