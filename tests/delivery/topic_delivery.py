"""What a topic and its key decide for a service publishing on behalf of its resources (alarms, databases).

Each ``*_checks`` function maps a readable description of one request to the decision it gets, for
every notification given; ``source`` picks the resource the service acts for (by default the
notification's own, e.g. ``foreign`` for the same resource in another account).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tests.delivery.aws_requests import OTHER_ACCOUNT, SNS_KMS_ACTIONS, in_account, service_publish, service_topic_kms
from tests.delivery.iam_eval import Decision, evaluate
from tests.delivery.inventory import Notification, topic_key
from tests.delivery.stacks import DeliveryStack

Source = Callable[[Notification], str]


def own(note: Notification) -> str:
    return note.source_arn


def foreign(note: Notification) -> str:
    """The same resource in another account."""
    return in_account(note.source_arn, OTHER_ACCOUNT)


def lookalike(stack: DeliveryStack) -> Source:
    """The same alarm of another service whose prefix merely starts with this one's (``fileflow-prod-eu-cpu-high``)."""
    return lambda note: note.source_arn.removesuffix(note.source_name) + stack.lookalike(note.source_name)


def publish_checks(stack: DeliveryStack, service: str, notes: Iterable[Notification], source: Source = own,
                   *, secure: bool = True) -> dict[str, Decision]:
    """The topic policy's decision for ``service`` publishing each notification for ``source(note)``."""
    return {
        f"{source(n)} -> {n.topic_arn}": evaluate(stack.resolved.topic_policy(n.topic_id),
                                                  service_publish(service, n.topic_arn, source(n), secure=secure))
        for n in notes
    }


def key_checks(stack: DeliveryStack, service: str, notes: Iterable[Notification], source: Source = own) -> dict[str, Decision]:
    """The topic key's decision for each KMS call SNS makes for the publisher (none for a plain topic)."""
    checks = {}
    for note in notes:
        key_id = topic_key(stack.resolved, note.topic_id)
        if key_id is None:
            continue
        policy, key_arn = stack.resolved.key_policy(key_id), stack.resolved.arn("aws_kms_key", key_id)
        for action in SNS_KMS_ACTIONS:
            request = service_topic_kms(service, action, key_arn, note.topic_arn, source(note))
            checks[f"{source(note)} -> {note.topic_arn} {action}"] = evaluate(policy, request)
    return checks
