"""Every EventBridge rule may write its events into the log group an event alarm counts; nothing else may.

The RDS "down" events and ECS failed deployments become alarms (``notify/event_log.py``): a rule
targets a log group, a metric filter counts the lines. EventBridge writes to CloudWatch Logs under
the account's CloudWatch Logs resource policies, not a role (EventBridge User Guide, "Using
resource-based policies for Amazon EventBridge", "CloudWatch Logs permissions"), as
``events.amazonaws.com`` calling ``logs:CreateLogStream`` and ``logs:PutLogEvents``
(``aws_requests.py``). CloudWatch Logs then encrypts each line with the group's key under the
``aws:logs:arn`` encryption context (CloudWatch Logs User Guide, "Encrypt log data in CloudWatch
Logs using AWS Key Management Service"): proven for every encrypted group, these included, in
``test_log_group_encryption.py``, and checked per rule here.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.delivery.aws_requests import LOGS_KMS_ACTIONS, event_log_writes, logs_key_use
from tests.delivery.iam_eval import Decision, evaluate
from tests.delivery.inventory import EventLogWrite, encrypted_log_groups, log_resource_policy
from tests.delivery.inventory import event_log_writes as rules_writing_logs
from tests.delivery.stacks import ALLOWED, DENIED, EVENTS, RDS, DeliveryStack, assert_decisions


def write_checks(stack: DeliveryStack, group_arn_of: Callable[[EventLogWrite], str],
                 principal: str = "events.amazonaws.com", only: Callable[[EventLogWrite], bool] = lambda w: True,
                 ) -> dict[str, Decision]:
    policy = log_resource_policy(stack.resolved)
    return {f"{w.rule_arn} {action} {group_arn_of(w)} as {principal}": evaluate(policy, request)
            for w in rules_writing_logs(stack.resolved) if only(w)
            for action, request in event_log_writes(group_arn_of(w), principal=principal).items()}


def is_rds(write: EventLogWrite) -> bool:
    return write.rule_arn.endswith("-rds-down")


def test_eventbridge_may_write_every_rules_events_into_its_log_group(stack: DeliveryStack) -> None:
    assert_decisions(stack, EVENTS, write_checks(stack, lambda w: w.group_arn), ALLOWED,
                     "EventBridge cannot write the events: the event alarms never fire")


def test_the_shared_rds_instances_down_events_reach_their_log_group(stack: DeliveryStack) -> None:
    assert_decisions(stack, RDS, write_checks(stack, lambda w: w.group_arn, only=is_rds), ALLOWED,
                     "RDS down events never reach the rds-down alarm")


def test_eventbridge_may_not_write_into_another_services_log_group(stack: DeliveryStack) -> None:
    def lookalike(write: EventLogWrite) -> str:
        return write.group_arn.removesuffix(write.group_name) + stack.lookalike(write.group_name)

    assert_decisions(stack, EVENTS, write_checks(stack, lookalike), DENIED,
                     "the resource policy lets EventBridge write into another service's log group")
    assert_decisions(stack, EVENTS, write_checks(stack, lambda w: w.group_arn.replace("/aws/events/", "/ecs/", 1)),
                     DENIED, "the resource policy lets EventBridge write into the application's log groups")


def test_no_other_service_may_write_into_the_event_log(stack: DeliveryStack) -> None:
    assert_decisions(stack, EVENTS, write_checks(stack, lambda w: w.group_arn, principal="sns.amazonaws.com"), DENIED,
                     "another service may write fake events")


def test_cloudwatch_logs_may_encrypt_every_event_log_with_its_key(stack: DeliveryStack) -> None:
    encrypted = {group.arn: group for group in encrypted_log_groups(stack.resolved)}
    checks: dict[str, Decision] = {}
    for write in rules_writing_logs(stack.resolved):
        group = encrypted.get(write.group_arn)
        assert group is not None, f"{stack}: the event log {write.group_name} is not encrypted"
        key_arn = stack.resolved.arn("aws_kms_key", group.key_id)
        for action in LOGS_KMS_ACTIONS:
            checks[f"{write.group_name} {action}"] = evaluate(stack.resolved.key_policy(group.key_id),
                                                             logs_key_use(group.region, action, key_arn, group.arn))
    assert_decisions(stack, EVENTS, checks, ALLOWED, "the key refuses the event log: events are dropped")
