"""A failed ECS deployment reaches its topic as AWS authorizes it; no other rule, account or topic gets in.

EventBridge cannot be confined to one rule by a topic policy ("You can't use Condition blocks in
Amazon SNS topic policies for EventBridge", EventBridge User Guide, "Using resource-based policies
for Amazon EventBridge"), so each rule's target names an execution role (supported for SNS targets
since March 2025). The path, request by request (``aws_requests.py``):

1. EventBridge assumes the role: the role's trust policy must admit ``events.amazonaws.com`` for
   exactly this rule of this account.
2. The role publishes: its own policy allows ``sns:Publish`` on the topic, and the topic policy
   leaves principals of its account to their IAM policies (its account-owner statement).
3. SNS encrypts for the role: the key policy delegates to the account (its root principal) and the
   role's policy allows the key for this topic's encryption context only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tests.delivery.aws_requests import (
    OTHER_ACCOUNT, SNS_KMS_ACTIONS, events_assume_role, in_account, role_publish, role_topic_kms,
)
from tests.delivery.iam_eval import Decision, Request, evaluate
from tests.delivery.inventory import EventDelivery, event_deliveries, topic_key
from tests.delivery.stacks import ALLOWED, DENIED, EVENTS, EXPLICITLY_DENIED, DeliveryStack, assert_decisions


def identity_decision(policies: list[Mapping[str, Any]], request: Request) -> Decision:
    """What a principal's own (identity) policies say: each statement applies to that principal."""
    owned = {"Version": "2012-10-17", "Statement": [
        {**statement, "Principal": {"AWS": request.principal["AWS"]}}
        for policy in policies for statement in policy["Statement"]
    ]}
    return evaluate(owned, request)


def trust_decision(policy: Mapping[str, Any], request: Request) -> Decision:
    """What a role's trust policy says: it names no Resource (IAM rejects one), it is about its own role."""
    return evaluate({**policy, "Statement": [{**s, "Resource": request.resource} for s in policy["Statement"]]}, request)


def assume_checks(stack: DeliveryStack, rule_arn_of: Callable[[EventDelivery], str]) -> dict[str, Decision]:
    return {f"{rule_arn_of(d)} assumes {d.role_arn}": trust_decision(stack.resolved.role_trust_policy(d.role_id),
                                                                     events_assume_role(d.role_arn, rule_arn_of(d)))
            for d in event_deliveries(stack.resolved)}


def test_eventbridge_may_assume_each_delivery_role_for_its_own_rule(stack: DeliveryStack) -> None:
    assert_decisions(stack, EVENTS, assume_checks(stack, lambda d: d.rule_arn), ALLOWED,
                     "EventBridge cannot assume the delivery role: failed deployments never arrive")


def test_a_rule_of_another_account_cannot_assume_the_delivery_role(stack: DeliveryStack) -> None:
    assert_decisions(stack, EVENTS, assume_checks(stack, lambda d: in_account(d.rule_arn, OTHER_ACCOUNT)), DENIED,
                     "another account's rule may use the delivery role")


def test_another_rule_of_this_account_cannot_assume_the_delivery_role(stack: DeliveryStack) -> None:
    assert_decisions(stack, EVENTS, assume_checks(stack, lambda d: d.rule_arn + "-other"), DENIED,
                     "any rule of the account may use the delivery role")


def test_each_delivery_role_may_publish_to_its_topic(stack: DeliveryStack) -> None:
    checks: dict[str, Decision] = {}
    for d in event_deliveries(stack.resolved):
        request = role_publish(d.role_arn, d.topic_arn)
        checks[f"{d.role_arn} -> {d.topic_arn} (topic policy)"] = evaluate(stack.resolved.topic_policy(d.topic_id), request)
        checks[f"{d.role_arn} -> {d.topic_arn} (role policy)"] = identity_decision(
            stack.resolved.role_policies(d.role_id), request)
    assert_decisions(stack, EVENTS, checks, ALLOWED, "the delivery role may not publish to its topic")


def test_a_role_of_another_account_cannot_publish_and_plain_http_is_refused(stack: DeliveryStack) -> None:
    deliveries = event_deliveries(stack.resolved)
    foreign = {f"{in_account(d.role_arn, OTHER_ACCOUNT)} -> {d.topic_arn}": evaluate(
        stack.resolved.topic_policy(d.topic_id), role_publish(in_account(d.role_arn, OTHER_ACCOUNT), d.topic_arn))
        for d in deliveries}
    assert_decisions(stack, EVENTS, foreign, DENIED, "another account's role of the same name may publish")
    plain = {f"{d.role_arn} -> {d.topic_arn} over HTTP": evaluate(
        stack.resolved.topic_policy(d.topic_id), role_publish(d.role_arn, d.topic_arn, secure=False)) for d in deliveries}
    assert_decisions(stack, EVENTS, plain, EXPLICITLY_DENIED, "the topic accepts events over plain HTTP")


def kms_checks(stack: DeliveryStack, topic_arn_of: Callable[[EventDelivery], str]) -> dict[str, Decision]:
    """Key policy and role policy, both needed, for SNS's key use on behalf of the role."""
    checks = {}
    for d in event_deliveries(stack.resolved):
        key_id = topic_key(stack.resolved, d.topic_id)
        assert key_id is not None, f"{stack}: {d.topic_arn} is not encrypted"
        key_arn = stack.resolved.arn("aws_kms_key", key_id)
        for action in SNS_KMS_ACTIONS:
            request = role_topic_kms(d.role_arn, action, key_arn, topic_arn_of(d))
            by_key = evaluate(stack.resolved.key_policy(key_id), request)
            by_role = identity_decision(stack.resolved.role_policies(d.role_id), request)
            checks[f"{d.role_arn} {action} for {topic_arn_of(d)}"] = by_role if by_key is Decision.ALLOW else by_key
    return checks


def test_each_delivery_role_may_use_the_topic_key_for_its_topic(stack: DeliveryStack) -> None:
    assert_decisions(stack, EVENTS, kms_checks(stack, lambda d: d.topic_arn), ALLOWED,
                     "SNS cannot encrypt the event for the delivery role")


def test_a_delivery_role_cannot_use_the_key_for_another_topic(stack: DeliveryStack) -> None:
    assert_decisions(stack, EVENTS, kms_checks(stack, lambda d: d.topic_arn + "-other"), DENIED,
                     "the delivery role may encrypt for any topic of the key")
