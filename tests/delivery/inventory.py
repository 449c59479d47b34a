"""What a stack delivers, read from its synthesized JSON: each alarm-to-topic notification, each
EventBridge rule writing to a log group (the event alarms' input), each encrypted log group, each
archive bucket, each scheduled Lambda, each Chatbot channel. The tests iterate over these, so new
alarms, topics and groups are covered too.

A notification to a topic the stack does not create (an existing topic, ``Notifications.topic_arns``)
has no ``topic_id``: its policies are its owner's (tests/delivery/test_owner_topics.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tests.delivery.resolve import ResolvedStack

ALARM_KINDS = ("aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm")
ALARM_ACTIONS = ("alarm_actions", "ok_actions", "insufficient_data_actions")


@dataclass(frozen=True, slots=True)
class Notification:
    """An alarm publishing to one of the stack's topics."""

    source_name: str
    source_arn: str
    topic_id: str | None
    topic_arn: str
    region: str


@dataclass(frozen=True, slots=True)
class EncryptedLogGroup:
    name: str
    arn: str
    key_id: str
    region: str


@dataclass(frozen=True, slots=True)
class EventLogWrite:
    """An EventBridge rule whose target is one of the stack's log groups (an event alarm's input)."""

    rule_arn: str
    group_name: str
    group_arn: str
    region: str


@dataclass(frozen=True, slots=True)
class ScheduledInvocation:
    rule_arn: str
    function_id: str
    function_arn: str


def topics(stack: ResolvedStack) -> dict[str, str]:
    """Topic ARN -> topic resource id."""
    return {stack.arn("aws_sns_topic", topic_id): topic_id for topic_id in stack.resources("aws_sns_topic")}


def alarm_notifications(stack: ResolvedStack, topic_arn: str | None = None) -> list[Notification]:
    """Every (alarm, topic) pair where an alarm's actions name one of the stack's topics, or ``topic_arn``."""
    return [note for note in _all_alarm_notifications(stack) if _wanted(note, topic_arn)]


def _all_alarm_notifications(stack: ResolvedStack) -> list[Notification]:
    by_arn = topics(stack)
    found = []
    for kind in ALARM_KINDS:
        for alarm_id, alarm in stack.resources(kind).items():
            arns = {arn for action in ALARM_ACTIONS for arn in stack.value(alarm.get(action, []))}
            for topic_arn in sorted(arn for arn in arns if arn.startswith("arn:aws:sns:")):
                found.append(Notification(stack.attribute(kind, alarm_id, "alarm_name"), stack.arn(kind, alarm_id),
                                          by_arn.get(topic_arn), topic_arn, stack.region(alarm)))
    return found


def _wanted(note: Notification, topic_arn: str | None) -> bool:
    """One of the stack's own topics (no ``topic_arn``), or exactly the topic ``topic_arn``."""
    return note.topic_id is not None if topic_arn is None else note.topic_arn == topic_arn


def topic_key(stack: ResolvedStack, topic_id: str) -> str | None:
    """The stack's KMS key (resource id) that encrypts a topic, or None for an unencrypted topic."""
    reference = stack.value(stack.block("aws_sns_topic", topic_id).get("kms_master_key_id"))
    return None if reference is None else stack.key_of(reference)


def encrypted_log_groups(stack: ResolvedStack) -> list[EncryptedLogGroup]:
    return [
        EncryptedLogGroup(stack.attribute("aws_cloudwatch_log_group", group_id, "name"),
                          stack.arn("aws_cloudwatch_log_group", group_id),
                          stack.key_of(stack.value(group["kms_key_id"])), stack.region(group))
        for group_id, group in stack.resources("aws_cloudwatch_log_group").items()
        if "kms_key_id" in group
    ]


def bucket_encryption(stack: ResolvedStack, bucket_id: str) -> tuple[str, bool]:
    """(KMS key resource id, S3 Bucket Key enabled) of a bucket's default SSE-KMS encryption."""
    name = stack.attribute("aws_s3_bucket", bucket_id, "bucket")
    config_id = stack.one("aws_s3_bucket_server_side_encryption_configuration", "bucket", name)
    (rule,) = stack.value(stack.block("aws_s3_bucket_server_side_encryption_configuration", config_id)["rule"])
    default = rule["apply_server_side_encryption_by_default"]
    if default["sse_algorithm"] != "aws:kms":
        raise LookupError(f"{stack.name}: bucket {name} is not SSE-KMS encrypted")
    return stack.key_of(default["kms_master_key_id"]), bool(rule.get("bucket_key_enabled", False))


def scheduled_invocations(stack: ResolvedStack) -> Iterator[ScheduledInvocation]:
    """Every EventBridge rule target that is one of the stack's Lambda functions."""
    functions = {stack.arn("aws_lambda_function", fid): fid for fid in stack.resources("aws_lambda_function")}
    rules = {stack.attribute("aws_cloudwatch_event_rule", rid, "name"): rid for rid in stack.resources("aws_cloudwatch_event_rule")}
    for target in stack.resources("aws_cloudwatch_event_target").values():
        function_arn = stack.value(target["arn"])
        if function_arn in functions:
            rule_id = rules[stack.value(target["rule"])]
            yield ScheduledInvocation(stack.arn("aws_cloudwatch_event_rule", rule_id), functions[function_arn], function_arn)


def event_log_writes(stack: ResolvedStack) -> list[EventLogWrite]:
    """Every EventBridge rule target that is one of the stack's log groups; it must name no role
    (EventBridge writes to CloudWatch Logs under the log group's resource policy, not a role)."""
    groups = {stack.arn("aws_cloudwatch_log_group", gid): gid for gid in stack.resources("aws_cloudwatch_log_group")}
    rules = {stack.attribute("aws_cloudwatch_event_rule", rid, "name"): rid for rid in stack.resources("aws_cloudwatch_event_rule")}
    found = []
    for target in stack.resources("aws_cloudwatch_event_target").values():
        group_arn = stack.value(target["arn"])
        if group_arn not in groups:
            continue
        if "role_arn" in target:
            raise LookupError(f"{stack.name}: the rule {stack.value(target['rule'])} names a role for a log group target "
                              "(EventBridge User Guide: do not specify a RoleArn for CloudWatch Logs targets)")
        group_id = groups[group_arn]
        found.append(EventLogWrite(stack.arn("aws_cloudwatch_event_rule", rules[stack.value(target["rule"])]),
                                   stack.attribute("aws_cloudwatch_log_group", group_id, "name"), group_arn,
                                   stack.region(stack.block("aws_cloudwatch_log_group", group_id))))
    return found


def log_resource_policy(stack: ResolvedStack) -> dict[str, Any]:
    """The account's CloudWatch Logs resource policies this stack writes, as one policy: AWS evaluates them together."""
    statements = [statement for block in stack.resources("aws_cloudwatch_log_resource_policy").values()
                  for statement in json.loads(stack.value(block["policy_document"]))["Statement"]]
    return {"Version": "2012-10-17", "Statement": statements}
