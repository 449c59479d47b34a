"""An existing topic: the policies the README tells its owner to write admit our alarms, nobody else's.

The README's "Existing topics" example (``PaymentsStack``) sends P0 to the on-call team's topic. The
library writes no policy for it; the README gives its owner a topic policy and, for an encrypted
topic, key policy statements. Here they are taken from the README as written (the ``<!-- policy: ...
-->`` blocks) and evaluated with the requests AWS makes (``aws_requests.py``): every alarm that
notifies the topic (exactly those ``AlertTopics.publishers`` lists, the stack's ``pager_publishers``
output, the ``rds-down`` alarm of the shared database's events included) are allowed; the same alarm
of another account, and an alarm of another service whose name merely starts with ours, are not.

The README's policy for a key of your own (``kms_key_arn``) is checked against the policy
``MonitoringKey`` writes: filled in for ``fileflow-prod``, the two are the same statements.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from tests.delivery.aws_requests import CLOUDWATCH, SNS_KMS_ACTIONS, service_publish, service_topic_kms
from tests.delivery.iam_eval import Decision, evaluate
from tests.delivery.inventory import Notification, alarm_notifications
from tests.delivery.resolve import ACCOUNT
from tests.delivery.stacks import (
    ALLOWED,
    DENIED,
    OWNER_TOPIC,
    OWNER_TOPIC_STACK_NAME,
    DeliveryStack,
    assert_decisions,
)
from tests.readme_examples import README
from tests.delivery.topic_delivery import Source, foreign, lookalike, own

OWNER_KEY = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"


def readme_policy(name: str) -> dict[str, Any]:
    """The JSON policy block under ``<!-- policy: <name> -->`` in the README."""
    found = re.findall(rf"<!-- policy: {name} -->\n```json\n(.*?)```", README.read_text(), flags=re.DOTALL)
    assert len(found) == 1, f"README.md: expected one '<!-- policy: {name} -->' JSON block, found {len(found)}"
    return json.loads(found[0])


@pytest.fixture
def payments(delivery_stacks: dict[str, DeliveryStack]) -> DeliveryStack:
    return delivery_stacks[OWNER_TOPIC_STACK_NAME]


@pytest.fixture
def pager() -> str:
    """The owner's topic, as the README's topic policy names it."""
    (topic,) = {statement["Resource"] for statement in readme_policy("owner-topic")["Statement"]}
    return topic


def publish_checks(service: str, notes: Iterable[Notification], source: Source) -> dict[str, Decision]:
    policy = readme_policy("owner-topic")
    return {f"{source(n)} -> {n.topic_arn}": evaluate(policy, service_publish(service, n.topic_arn, source(n)))
            for n in notes}


def key_checks(service: str, notes: Iterable[Notification], source: Source) -> dict[str, Decision]:
    policy = readme_policy("owner-key")
    return {f"{source(n)} {action}": evaluate(policy, service_topic_kms(service, action, OWNER_KEY, n.topic_arn, source(n)))
            for n in notes for action in SNS_KMS_ACTIONS}


def test_the_owners_topic_policy_admits_exactly_the_alarms_that_notify_it(payments: DeliveryStack, pager: str) -> None:
    notes = alarm_notifications(payments.resolved, pager)
    assert notes, f"{payments}: no alarm notifies {pager}"
    (alarms,) = [s for s in readme_policy("owner-topic")["Statement"] if s["Principal"] == {"Service": CLOUDWATCH}]
    published = payments.resolved.value(payments.resolved.document["output"]["pager_publishers"]["value"])
    assert sorted(n.source_arn for n in notes) == sorted(alarms["Condition"]["ArnEquals"]["aws:SourceArn"]) == sorted(
        published)


@pytest.mark.parametrize("checks", [publish_checks, key_checks], ids=["topic policy", "key policy"])
def test_every_alarm_rds_down_included_may_publish_to_the_owners_topic(
    payments: DeliveryStack, pager: str, checks: Callable[..., dict[str, Decision]]
) -> None:
    notes = alarm_notifications(payments.resolved, pager)
    assert [n.source_name for n in notes] == ["payments-prod-notify-p0"], "only the P0 roll-up publishes"
    rule = payments.resolved.synthesized.composite("payments-prod-notify-p0")["alarm_rule"]
    assert 'ALARM("payments-prod-rds-down")' in rule, "the RDS events are not an alarm of the pager"
    found = checks(CLOUDWATCH, notes, own)
    assert_decisions(payments, OWNER_TOPIC, found, ALLOWED, "the README's owner policies refuse our alerts")


@pytest.mark.parametrize("source", ["another account", "another service"])
def test_an_alarm_of_another_account_or_service_cannot_publish_to_the_owners_topic(
    payments: DeliveryStack, pager: str, source: str
) -> None:
    notes = alarm_notifications(payments.resolved, pager)
    stranger = foreign if source == "another account" else lookalike(payments)
    found = publish_checks(CLOUDWATCH, notes, stranger) | key_checks(CLOUDWATCH, notes, stranger)
    assert_decisions(payments, OWNER_TOPIC, found, DENIED, f"the README's owner policies admit {source}'s alarms")



def normalized(policy: dict[str, Any]) -> list[dict[str, Any]]:
    """Statements with every string-or-list value as a sorted list (the provider reverse-sorts and unwraps)."""
    def values(value: str | list[str]) -> list[str]:
        return sorted([value] if isinstance(value, str) else value)

    return [
        {"Sid": s["Sid"], "Effect": s["Effect"], "Action": values(s["Action"]), "Resource": values(s["Resource"]),
         "Principal": {kind: values(who) for kind, who in s["Principal"].items()},
         "Condition": {test: {key: values(v) for key, v in keys.items()} for test, keys in s.get("Condition", {}).items()}}
        for s in policy["Statement"]
    ]


def test_the_readme_policy_for_your_own_key_is_the_one_monitoring_key_writes(
    delivery_stacks: dict[str, DeliveryStack],
) -> None:
    prod = delivery_stacks["fileflow-prod"].resolved
    (key_id,) = prod.resources("aws_kms_key")
    filled = {"<region>": prod.region(), "<account>": ACCOUNT, "<prefix>": "fileflow-prod",
              "<bucket>": prod.attribute("aws_s3_bucket", next(iter(prod.resources("aws_s3_bucket"))), "bucket")}
    text = json.dumps(readme_policy("your-key"))
    for placeholder, value in filled.items():
        text = text.replace(placeholder, value)
    assert normalized(json.loads(text)) == normalized(prod.key_policy(key_id))
