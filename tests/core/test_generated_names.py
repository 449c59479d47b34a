"""With the longest prefix the settings accept, every name in the synthesized stack is one AWS accepts.

The settings check the names of what they decide; constructs check the rest when created. This
test reads the names back from a stack with every part on (ECS, ALB, Redis, RDS, Slack, the log
analyzer, AMP/Grafana, the task definition) so a name no check covers, or a new resource type
with a name, fails here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from monitoring_constructs import (
    ArchiveSettings,
    EcsServiceTarget,
    MonitoredResources,
    MonitoringConfigError,
    MonitoringSettings,
    ServiceMonitoring,
)
from monitoring_constructs.core import name_rules
from monitoring_constructs.core.name_rules import NameRule
from stacks import fileflow_settings
from stacks.app import fileflow_task
from tests.rejections import rejected
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct

REGION = "ap-northeast-2"
IMAGE = f"123456789012.dkr.ecr.{REGION}.amazonaws.com/fileflow:1.0.0"
# (resource type, attribute) -> the rule of the name it holds
NAMES: dict[tuple[str, str], NameRule] = {
    ("aws_cloudwatch_log_group", "name"): name_rules.LOG_GROUP,
    ("aws_cloudwatch_metric_alarm", "alarm_name"): name_rules.METRIC_ALARM,
    ("aws_cloudwatch_composite_alarm", "alarm_name"): name_rules.METRIC_ALARM,
    ("aws_sns_topic", "name"): name_rules.SNS_TOPIC,
    ("aws_cloudwatch_dashboard", "dashboard_name"): name_rules.DASHBOARD,
    ("aws_kms_alias", "name"): name_rules.KMS_ALIAS,
    ("aws_iam_role", "name"): name_rules.IAM_ROLE,
    ("aws_iam_policy", "name_prefix"): name_rules.IAM_POLICY_NAME_PREFIX,
    ("aws_lambda_function", "function_name"): name_rules.LAMBDA_FUNCTION,
    ("aws_cloudwatch_event_rule", "name"): name_rules.EVENT_RULE,
    ("aws_chatbot_slack_channel_configuration", "configuration_name"): name_rules.CHATBOT_CONFIGURATION,
    ("aws_resourcegroups_group", "name"): name_rules.RESOURCE_GROUP,
    ("aws_db_event_subscription", "name"): name_rules.DB_EVENT_SUBSCRIPTION,
    ("aws_cloudwatch_query_definition", "name"): name_rules.QUERY_DEFINITION,
    ("aws_cloudwatch_log_metric_filter", "name"): name_rules.METRIC_FILTER,
    ("aws_ecs_task_definition", "family"): name_rules.TASK_FAMILY,
    ("aws_prometheus_workspace", "alias"): name_rules.PROMETHEUS_ALIAS,
    ("aws_grafana_workspace", "name"): name_rules.GRAFANA_WORKSPACE,
    ("aws_s3_bucket", "bucket"): name_rules.S3_BUCKET,
}
# Resource types whose names are fixed words or references, not generated from the prefix.
UNNAMED = {
    "aws_applicationinsights_application",  # named by its resource group (checked above)
    "aws_cloudwatch_event_target", "aws_iam_role_policy",
    # PutResourcePolicy documents no pattern or length for policyName; ours is <prefix>-rds-events / -deployments-events.
    "aws_cloudwatch_log_resource_policy", "aws_iam_role_policy_attachment",
    "aws_lambda_function_event_invoke_config", "aws_lambda_permission", "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning", "aws_kms_key",
    "aws_sns_topic_policy", "aws_sns_topic_subscription",
}


def full_settings(name_prefix: str | None = None) -> MonitoringSettings:
    """The sample service's prod settings (every part on), with ``name_prefix``."""
    return replace(fileflow_settings("prod", "app/fileflow-prod-alb/0123456789abcdef"), name_prefix=name_prefix)


def longest_accepted_prefix() -> int:
    for length in range(1, 300):
        try:
            full_settings("p" * length)
        except MonitoringConfigError:
            return length - 1
    raise AssertionError("no prefix length is refused")


@pytest.fixture(scope="module")
def longest() -> int:
    return longest_accepted_prefix()


@pytest.fixture(scope="module")
def stack(longest: int) -> Synthesized:
    settings = full_settings("p" * longest)
    return synth_construct(
        lambda scope: ServiceMonitoring(scope, "Monitoring", settings=settings, task=fileflow_task("prod", IMAGE)),
        region=REGION,
    )


def test_the_longest_prefix_with_every_part_on_is_bound_by_the_tightest_name(longest: int) -> None:
    # <prefix>-log-analyzer-schedule, an EventBridge rule: 64 characters.
    assert longest == 64 - len("-log-analyzer-schedule")


def test_one_character_more_fails_before_synthesis(longest: int) -> None:
    with pytest.raises(MonitoringConfigError):
        full_settings("p" * (longest + 1))


def test_every_generated_name_of_the_stack_fits_its_resource_type(stack: Synthesized, longest: int) -> None:
    found, wrong = 0, []
    for kind, resources in stack.document["resource"].items():
        for resource in resources.values():
            for (named_kind, attribute), rule in NAMES.items():
                if named_kind == kind:
                    found += 1
                    if not rule.accepts(resource[attribute]):
                        wrong.append(f"{kind}.{attribute} = {resource[attribute]!r}: not {rule.what}")
            for key, value in resource.get("tags", {}).items():
                if not name_rules.TAG_VALUE.accepts(value):
                    wrong.append(f"{kind} tag {key} = {value!r}")
    assert found > 40
    assert not wrong, "\n".join(wrong)
    assert stack.one("aws_iam_role", name="p" * longest + "-ecs-execution")


def test_every_resource_type_of_the_stack_is_known_to_have_a_checked_name_or_none(stack: Synthesized) -> None:
    named = {kind for kind, _ in NAMES}
    unknown: dict[str, Any] = {kind: sorted(r) for kind, r in stack.document["resource"].items()
                               if kind not in named | UNNAMED}
    assert unknown == {}


def test_a_name_only_a_construct_decides_fails_when_the_construct_is_made() -> None:
    # The task definition is the facade's argument, not a setting: its roles are checked on creation.
    settings = MonitoringSettings(service="orders", environment="prod", region=REGION,
                                  resources=MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="c",
                                                                                            service_name="s")),
                                  notifications=EVERYONE_HEARS, name_prefix="o" * 51,
                                  archive=ArchiveSettings(enabled=False))
    rejected(lambda: synth_construct(lambda scope: ServiceMonitoring(
        scope, "Monitoring", settings=settings, task=fileflow_task("prod", IMAGE)), region=REGION),
        "name_prefix", "o" * 51 + "-ecs-execution", "an IAM role name of at most 64 characters")
