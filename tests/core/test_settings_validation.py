"""Bad settings fail before synthesis with a message naming field, value and what is allowed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import botocore
import pytest

from monitoring_constructs import (
    AlarmOverride,
    AuroraClusterTarget,
    Contacts,
    EcsServiceTarget,
    LoadBalancerTarget,
    LogRetention,
    MonitoredResources,
    MonitoringSettings,
    Notifications,
    RedisTarget,
    Severity,
    Tier,
)
from monitoring_constructs._cdk import Fn
from monitoring_constructs.core.validation import PARTITION_REGIONS, REGION
from tests.rejections import rejected
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


def test_standard_alarm_periods_are_multiples_of_60_because_their_metrics_are_published_once_a_minute() -> None:
    rejected(
        lambda: settings(alarm_overrides={"cpu-high": AlarmOverride(period=45)}),
        "alarm_overrides['cpu-high'].period", "45",
        "a multiple of 60 seconds: AWS/ECS CPUUtilization is published once a minute",
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
    rejected(lambda: AlarmOverride(statistic="Mean"), "alarm_override.statistic", "'Mean'", "Average")
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
    rejected(lambda: settings(tags={"aws:owner": "x"}), "tags", "'aws:owner'", "not starting with aws: (any case)")


def test_own_kms_key_must_be_a_key_arn() -> None:
    rejected(lambda: settings(kms_key_arn="alias/my-key"), "kms_key_arn", "'alias/my-key'", "a KMS key ARN like")


def test_severity_routing_covers_every_severity() -> None:
    rejected(lambda: settings(severity_routing={Severity.P0: Severity.P1}), "severity_routing", "P0",
             "an entry for every severity")


def test_log_level_is_a_known_level() -> None:
    rejected(lambda: settings(log_level="VERBOSE"), "log_level", "'VERBOSE'", "one of TRACE, DEBUG, INFO")


def test_error_rate_guard_needs_at_least_one_request() -> None:
    rejected(lambda: settings(error_rate_min_requests=0), "error_rate_min_requests", "0",
             "an integer >= 1 and <= 2147483647")


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


def test_the_log_format_is_checked_here_not_later_by_the_error_rate_alarm() -> None:
    rejected(lambda: settings(log_format="text"), "log_format", "'text'", "LogFormat.json(...) or LogFormat.text(...)")


def test_slack_channels_are_keyed_by_severity_and_hold_slack_channels() -> None:
    rejected(lambda: Notifications(slack_channels={"P0": None}), "notifications.slack_channels", "'P0'",
             "Severity.P0, P1, P2 or P3")
    rejected(lambda: Notifications(slack_channels={Severity.P0: "#incidents"}), "notifications.slack_channels[P0]",
             "'#incidents'", "a SlackChannel(...) value")


# --- Bad input that used to be accepted and failed later (issue 8) -----------------------------

ALB = LoadBalancerTarget(arn_suffix="app/orders-alb/50dc6c495c0c9188")
REDIS = RedisTarget(replication_group_id="orders-cache", node_count=2)
EVERYTHING = MonitoredResources(ecs_service=ECS, load_balancer=ALB, redis=REDIS, shared_rds_identifier="shared-db")
ACCOUNT = "111122223333"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
TOPIC = f"arn:aws:sns:eu-west-1:{ACCOUNT}:org-alerts"


def override(key: str = "cpu-high", **fields: Any) -> MonitoringSettings:
    return settings(resources=EVERYTHING, alarm_overrides={key: AlarmOverride(**fields)})


@pytest.mark.parametrize(
    ("key", "period", "metric"),
    [
        # A 10 s period on a once-a-minute metric sees no datapoint in 5 of 6 periods: with
        # missing = breaching, the P0 running-task alarm would page with all tasks running.
        ("task-count-zero", 10, "ECS/ContainerInsights"),
        ("task-count-zero", 20, "ECS/ContainerInsights"),
        ("task-count-zero", 30, "ECS/ContainerInsights"),
        ("cpu-high", 30, "AWS/ECS CPUUtilization"),
        ("alb-5xx-rate-high", 10, "AWS/ApplicationELB"),
        ("rds-cpu-high", 20, "AWS/RDS CPUUtilization"),
        ("redis-cpu-high", 30, "AWS/ElastiCache EngineCPUUtilization"),
    ],
)
def test_periods_below_a_minute_are_rejected_on_metrics_published_once_a_minute(key: str, period: int, metric: str) -> None:
    rejected(lambda: override(key, period=period), f"alarm_overrides['{key}'].period", str(period),
             f"a multiple of 60 seconds: {metric} is published once a minute")


@pytest.mark.parametrize("period", [60, 120, 3600])
def test_whole_minute_periods_are_accepted_on_the_running_task_alarm(period: int) -> None:
    resolved = {alarm.spec.key: alarm.spec for alarm in override("task-count-zero", period=period).library_alarms}
    assert resolved["task-count-zero"].period == period


@pytest.mark.parametrize(
    ("fields", "field", "value", "allowed"),
    [
        # A truthy string used to keep the alarm on (or off, for 0).
        ({"enabled": "no"}, "alarm_override.enabled", "'no'", "True or False"),
        ({"enabled": 0}, "alarm_override.enabled", "0", "True or False"),
        ({"enabled": None}, "alarm_override.enabled", "None", "True or False"),
        # inf is not JSON: the jsii runtime dies; 2**53 + 1 reaches Terraform rounded.
        ({"threshold": float("inf")}, "alarm_override.threshold", "inf", "a finite number from -9007199254740992 to 9007199254740992"),
        ({"threshold": float("-inf")}, "alarm_override.threshold", "-inf", "a finite number"),
        ({"threshold": float("nan")}, "alarm_override.threshold", "nan", "a finite number"),
        ({"threshold": 10**400}, "alarm_override.threshold", "1000000", "a finite number"),
        ({"threshold": 2**53 + 1}, "alarm_override.threshold", "9007199254740993", "a finite number"),
        ({"threshold": "80"}, "alarm_override.threshold", "'80'", "a finite number"),
        # CloudWatch's integer fields are int32; a float or a bool is not an integer.
        ({"period": 60.0}, "alarm_override.period", "60.0", "an integer >= 10 and <= 2147483647"),
        ({"period": True}, "alarm_override.period", "True", "an integer >= 10"),
        ({"period": 2**31}, "alarm_override.period", "2147483648", "an integer >= 10 and <= 2147483647"),
        ({"evaluation_periods": 2.0}, "alarm_override.evaluation_periods", "2.0", "an integer >= 1"),
        ({"evaluation_periods": 2**31}, "alarm_override.evaluation_periods", "2147483648", "<= 2147483647"),
        # 0 used to mean "the evaluation periods" silently.
        ({"datapoints_to_alarm": 0}, "alarm_override.datapoints_to_alarm", "0", "an integer >= 1"),
        ({"datapoints_to_alarm": 1.5}, "alarm_override.datapoints_to_alarm", "1.5", "an integer >= 1"),
        ({"severity": "P0"}, "alarm_override.severity", "'P0'", "one of Severity.P0"),
    ],
)
def test_alarm_overrides_are_type_checked(fields: dict[str, Any], field: str, value: str, allowed: str) -> None:
    rejected(lambda: AlarmOverride(**fields), field, value, allowed)


def test_datapoints_to_alarm_given_is_used_as_given() -> None:
    resolved = {alarm.spec.key: alarm for alarm in override("cpu-high", datapoints_to_alarm=1).library_alarms}
    assert resolved["cpu-high"].datapoints_to_alarm == 1


@pytest.mark.parametrize(
    ("build", "field", "value", "allowed"),
    [
        (lambda: settings(keep_log_groups_on_destroy="yes"), "keep_log_groups_on_destroy", "'yes'", "True or False"),
        (lambda: settings(keep_log_groups_on_destroy=1), "keep_log_groups_on_destroy", "1", "True or False"),
        (lambda: settings(retention=14), "retention", "14", "a LogRetention(...) value"),
        (lambda: settings(error_rate_min_requests=True), "error_rate_min_requests", "True", "an integer >= 1"),
        (lambda: settings(error_rate_min_requests=1.5), "error_rate_min_requests", "1.5", "an integer >= 1"),
        (lambda: settings(error_rate_min_requests=2**31), "error_rate_min_requests", "2147483648", "<= 2147483647"),
        (lambda: LogRetention(application=14.0, error=30, access=7), "retention.application", "14.0", "one of 0, 1, 3"),
        (lambda: LogRetention(application=True, error=30, access=7), "retention.application", "True", "one of 0, 1, 3"),
        (lambda: RedisTarget(replication_group_id="cache", node_count=2.0), "redis.node_count", "2.0", "an integer from 1 to 6"),
    ],
)
def test_switches_and_numbers_are_type_checked(build: Any, field: str, value: str, allowed: str) -> None:
    rejected(build, field, value, allowed)


@pytest.mark.parametrize(
    ("build", "field", "value", "what"),
    [
        # A bare string used to be checked (or used) letter by letter.
        (lambda: Contacts(emails="oncall@example.com"), "contacts.emails", "'oncall@example.com'", "email addresses"),
        (lambda: Contacts(https_endpoints="https://events.pagerduty.com/x"), "contacts.https_endpoints",
         "'https://events.pagerduty.com/x'", "https:// URLs"),
        (lambda: Notifications(extra_alarm_actions=TOPIC), "notifications.extra_alarm_actions", repr(TOPIC), "alarm action ARNs"),
        (lambda: RedisTarget(replication_group_id="cache", member_cluster_ids="abc"), "redis.member_cluster_ids", "'abc'",
         "cluster ids"),
    ],
)
def test_a_string_is_not_taken_for_a_tuple(build: Any, field: str, value: str, what: str) -> None:
    rejected(build, field, value, f"a tuple of {what}, e.g. ('...',) for one")


def test_lists_are_still_accepted_where_a_tuple_is_expected() -> None:
    assert Contacts(emails=["oncall@example.com"]).emails == ("oncall@example.com",)


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (lambda: Notifications(contacts=[Contacts()]), "notifications.contacts", "[Contacts("),
        (lambda: Notifications(slack_channels="#incidents"), "notifications.slack_channels", "'#incidents'"),
        (lambda: settings(alarm_overrides="cpu-high"), "alarm_overrides", "'cpu-high'"),
        (lambda: settings(tags="team=platform"), "tags", "'team=platform'"),
        (lambda: settings(severity_routing="P3"), "severity_routing", "'P3'"),
    ],
)
def test_a_mapping_is_required_where_one_is_expected(build: Any, field: str, value: str) -> None:
    rejected(build, field, value, "a mapping of")


@pytest.mark.parametrize(
    ("build", "field", "value", "allowed"),
    [
        (lambda: MonitoredResources(ecs_service="orders"), "ecs_service", "'orders'", "an EcsServiceTarget(...) value"),
        (lambda: MonitoredResources(ecs_service=ECS, load_balancer="app/orders-alb/50dc6c495c0c9188"), "load_balancer",
         "'app/orders-alb/50dc6c495c0c9188'", "a LoadBalancerTarget(...) value"),
        (lambda: MonitoredResources(ecs_service=ECS, redis="orders-cache"), "redis", "'orders-cache'", "a RedisTarget(...) value"),
        # An ALB name never starts or ends with a hyphen: the alarms would watch nothing.
        (lambda: LoadBalancerTarget(arn_suffix="app/orders-/50dc6c495c0c9188"), "load_balancer.arn_suffix",
         "'app/orders-/50dc6c495c0c9188'", "app/<name>/<hex id>"),
        (lambda: RedisTarget(replication_group_id="r" * 41), "redis.replication_group_id", "'rrrr", "1-40 lower-case"),
    ],
)
def test_resources_are_the_targets_they_claim_to_be(build: Any, field: str, value: str, allowed: str) -> None:
    rejected(build, field, value, allowed)


@pytest.mark.parametrize(
    ("action", "why"),
    [
        ("not-an-arn", "not an ARN"),
        (f"arn:aws:sqs:eu-west-1:{ACCOUNT}:queue", "a queue is no alarm action"),
        ("arn:aws:sns:eu-west-1:123:alerts", "accounts have 12 digits"),
        ("arn:aws:automate:eu-west-1:ec2:stop", "EC2 actions need EC2 instance metrics"),
        (f"arn:aws:sns:cn-north-1:{ACCOUNT}:alerts", "cn-north-1 is in the aws-cn partition"),
    ],
)
def test_extra_alarm_actions_are_arns_cloudwatch_accepts(action: str, why: str) -> None:
    rejected(lambda: Notifications(extra_alarm_actions=(action,)), "notifications.extra_alarm_actions[0]", repr(action),
             "an SNS topic ARN like arn:aws:sns:<region>:<account>:<topic> or a Lambda function ARN")


@pytest.mark.parametrize(
    "action",
    [
        TOPIC,
        f"arn:aws-us-gov:sns:us-gov-west-1:{ACCOUNT}:org-alerts",
        f"arn:aws-cn:sns:cn-northwest-1:{ACCOUNT}:org-alerts",
        f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:pager:live",
        f"arn:aws:ssm:eu-west-1:{ACCOUNT}:opsitem:2#CATEGORY=Availability",
        f"arn:aws:ssm-incidents::{ACCOUNT}:response-plan/orders",
        Fn.join("", ["arn:aws:sns:eu-west-1:", ACCOUNT, ":alerts"]),
    ],
)
def test_alarm_actions_of_every_partition_and_kind_and_tokens_are_accepted(action: str) -> None:
    assert Notifications(extra_alarm_actions=(action,)).extra_alarm_actions == (action,)


@pytest.mark.parametrize(
    ("tags", "field", "value", "allowed"),
    [
        ({"AWS:owner": "x"}, "tags", "'AWS:owner'", "not starting with aws: (any case)"),
        ({"Aws:team": "x"}, "tags", "'Aws:team'", "not starting with aws: (any case)"),
        ({"team\t": "x"}, "tags", "'team\\t'", "tag keys of 1-128 letters, digits, spaces and _ . : / = + - @"),
        ({"k" * 129: "x"}, "tags", "'kkkk", "tag keys of 1-128"),
        ({"team": "bad\nvalue"}, "tags['team']", "'bad\\nvalue'", "a tag value of 0-256 letters, digits, spaces"),
        ({"team": "a<b>"}, "tags['team']", "'a<b>'", "a tag value of 0-256"),
        ({"team": "aws:platform"}, "tags['team']", "'aws:platform'", "not starting with aws:"),
        ({"team": "v" * 257}, "tags['team']", "'vvvv", "a tag value of 0-256"),
        ({"team": 5}, "tags['team']", "5", "a tag value of 0-256"),
        # Alarms carry Severity; a user tag of that name was silently replaced there.
        ({"Severity": "P9"}, "tags", "'Severity'", "keys other than the required Service, Environment, ManagedBy, Name, "
                                                   "Component, Severity"),
        # 50 tags per resource, 6 of them required.
        ({f"k{i}": "v" for i in range(45)}, "tags", "'45 tags'", "at most 44 (50 per resource minus the required"),
    ],
)
def test_tags_follow_the_aws_tagging_rules(tags: dict[str, Any], field: str, value: str, allowed: str) -> None:
    rejected(lambda: settings(tags=tags), field, value, allowed)


@pytest.mark.parametrize(
    "tags",
    [
        {"team": "Équipe plateforme"},
        {"empty-value": ""},
        {"cost-center/team:x@y+z=1_2.3": "v"},
        {f"k{i}": "v" for i in range(44)},
    ],
)
def test_tags_aws_accepts_are_accepted(tags: dict[str, str]) -> None:
    assert dict(settings(tags=tags).tags) == tags


@pytest.mark.parametrize(
    ("resources", "key", "needs"),
    [
        (MonitoredResources(ecs_service=ECS, load_balancer=ALB, redis=REDIS), "rds-cpu-high",
         "resources.shared_rds_identifier or resources.rds_instances"),
        (MonitoredResources(ecs_service=ECS, load_balancer=ALB), "redis-cpu-high", "resources.redis"),
        (MonitoredResources(ecs_service=ECS), "alb-5xx-high", "resources.load_balancer"),
        (MonitoredResources(ecs_service=ECS), "response-time-high", "resources.load_balancer"),
        (MonitoredResources(ecs_service=ECS), "aurora-cpu-high", "resources.aurora_clusters"),
        # The resource is there, but not what the alarm needs.
        (MonitoredResources(ecs_service=ECS, load_balancer=ALB), "alb-unhealthy-hosts",
         "resources.load_balancer with LoadBalancerTarget.target_group_arn_suffix"),
        (MonitoredResources(ecs_service=ECS, shared_rds_identifier="shared-db"), "rds-free-memory-low",
         "resources.shared_rds_identifier or resources.rds_instances with RdsInstanceTarget.memory_gib"),
        (MonitoredResources(ecs_service=ECS, aurora_clusters=(AuroraClusterTarget(cluster_identifier="ledger"),)),
         "aurora-db-load-high", "resources.aurora_clusters with AuroraClusterTarget.instance_identifiers and "
                                "AuroraClusterTarget.performance_insights=True"),
    ],
)
def test_an_override_of_an_alarm_the_service_does_not_get_is_rejected(
    resources: MonitoredResources, key: str, needs: str
) -> None:
    created = ", ".join(alarm.spec.key for alarm in settings(resources=resources).library_alarms)
    rejected(lambda: settings(resources=resources, alarm_overrides={key: AlarmOverride(enabled=False)}),
             "alarm_overrides", repr(key), f"overrides of alarms this service has; {key} needs {needs} "
                                           f"(its alarms here: {created})")


@pytest.mark.parametrize(
    ("region", "arn"),
    [
        ("eu-west-1", f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/{KEY_ID}"),
        # Multi-Region keys have ids mrk-<32 hex>.
        ("eu-west-1", f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab"),
        ("cn-north-1", f"arn:aws-cn:kms:cn-north-1:{ACCOUNT}:key/{KEY_ID}"),
        ("us-gov-west-1", f"arn:aws-us-gov:kms:us-gov-west-1:{ACCOUNT}:key/{KEY_ID}"),
        ("eusc-de-east-1", f"arn:aws-eusc:kms:eusc-de-east-1:{ACCOUNT}:key/{KEY_ID}"),
    ],
)
def test_own_kms_keys_of_every_partition_and_multi_region_keys_are_accepted(region: str, arn: str) -> None:
    assert settings(region=region, kms_key_arn=arn).kms_key_arn == arn


@pytest.mark.parametrize(
    "arn",
    [
        f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/{KEY_ID.upper()}",
        f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/mrk-xyz",
        f"arn:aws:kms:eu-west-1:{ACCOUNT}:alias/logs",
        f"arn:awsx:kms:eu-west-1:{ACCOUNT}:key/{KEY_ID}",
        f"arn:aws:kms:cn-north-1:{ACCOUNT}:key/{KEY_ID}",
    ],
)
def test_own_kms_key_must_be_a_key_arn_of_a_real_partition(arn: str) -> None:
    rejected(lambda: settings(kms_key_arn=arn), "kms_key_arn", repr(arn), "a KMS key ARN like arn:aws:kms:")


def test_regions_follow_the_partitions_aws_publishes() -> None:
    # botocore (a dev dependency through boto3) ships AWS's partition and Region table.
    published = json.loads((Path(botocore.__file__).parent / "data" / "partitions.json").read_text())
    regions = {partition["id"]: [r for r in partition["regions"] if not r.endswith("-global")]
               for partition in published["partitions"]}
    assert set(PARTITION_REGIONS) == set(regions)
    for partition, names in regions.items():
        for name in names:
            assert REGION.fullmatch(name), name
            assert settings(region=name).region == name
