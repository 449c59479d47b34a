"""Every alarm reaches its topic, as AWS authorizes it; nobody else's alarm does.

The requests (see ``aws_requests.py`` for each source):

- CloudWatch publishes an alarm's notification as ``cloudwatch.amazonaws.com`` calling
  ``sns:Publish`` on the topic with ``aws:SourceArn`` =
  ``arn:aws:cloudwatch:<region>:<account>:alarm:<alarm name>`` and ``aws:SourceAccount``
  (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html, "Allow any
  CloudWatch alarm to publish to a topic in a different account").
- For an encrypted topic, the key must let that service principal call ``kms:GenerateDataKey*``
  and ``kms:Decrypt`` (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services);
  the calls carry the alarm's source keys and the encryption context ``aws:sns:topicArn``
  (https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html
  shows the same key statement for another service publisher).
- ``aws:SecureTransport`` is present in every request
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean).
"""

from __future__ import annotations

from tests.delivery.aws_requests import CLOUDWATCH
from tests.delivery.iam_eval import Request, evaluate
from tests.delivery.inventory import Notification, alarm_notifications, topics
from tests.delivery.resolve import ACCOUNT
from tests.delivery.stacks import ALARMS, ALLOWED, COMPOSITES, DENIED, EXPLICITLY_DENIED, DeliveryStack, assert_decisions
from tests.delivery.topic_delivery import foreign, key_checks, lookalike, publish_checks


def test_every_alarm_can_publish_to_its_topic(stack: DeliveryStack) -> None:
    checks = publish_checks(stack, CLOUDWATCH, alarm_notifications(stack.resolved))
    assert_decisions(stack, ALARMS, checks, ALLOWED, "topic policies refuse their own alarms")


def test_every_alarm_topic_key_lets_cloudwatch_encrypt_the_notification(stack: DeliveryStack) -> None:
    checks = key_checks(stack, CLOUDWATCH, alarm_notifications(stack.resolved))
    assert_decisions(stack, ALARMS, checks, ALLOWED, "topic keys refuse their alarms")


def composite_notifications(stack: DeliveryStack) -> list[Notification]:
    """Notifications whose source is a composite alarm (its ARN has the metric alarms' form, ``...:alarm:<name>``)."""
    composites = {stack.resolved.arn("aws_cloudwatch_composite_alarm", cid)
                  for cid in stack.resolved.resources("aws_cloudwatch_composite_alarm")}
    return [note for note in alarm_notifications(stack.resolved) if note.source_arn in composites]


def test_every_composite_alarm_can_publish_to_its_topic_and_use_its_key(stack: DeliveryStack) -> None:
    notes = composite_notifications(stack)
    checks = publish_checks(stack, CLOUDWATCH, notes) | key_checks(stack, CLOUDWATCH, notes)
    assert_decisions(stack, COMPOSITES, checks, ALLOWED, "composite alarms (service-unhealthy, the notifiers) never arrive")


def test_a_composite_alarm_of_another_service_sharing_the_prefix_cannot_publish(stack: DeliveryStack) -> None:
    checks = publish_checks(stack, CLOUDWATCH, composite_notifications(stack), lookalike(stack))
    assert_decisions(stack, COMPOSITES, checks, DENIED, "composite alarms of another service may publish")


def test_an_alarm_of_another_account_cannot_publish(stack: DeliveryStack) -> None:
    checks = publish_checks(stack, CLOUDWATCH, alarm_notifications(stack.resolved), foreign)
    assert_decisions(stack, ALARMS, checks, DENIED, "alarms of another account may publish")


def test_an_alarm_of_another_account_cannot_use_the_topic_key(stack: DeliveryStack) -> None:
    checks = key_checks(stack, CLOUDWATCH, alarm_notifications(stack.resolved), foreign)
    assert_decisions(stack, ALARMS, checks, DENIED, "topic keys let CloudWatch act for another account's alarms")


def test_an_alarm_of_another_service_sharing_the_prefix_cannot_publish(stack: DeliveryStack) -> None:
    checks = publish_checks(stack, CLOUDWATCH, alarm_notifications(stack.resolved), lookalike(stack))
    assert_decisions(stack, ALARMS, checks, DENIED, "alarms of another service may publish")


def test_no_request_over_plain_http_reaches_a_topic(stack: DeliveryStack) -> None:
    owner = {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    checks = {
        f"the account owner -> {topic_arn}": evaluate(stack.resolved.topic_policy(topic_id), Request(
            principal=owner, action="sns:Publish", resource=topic_arn, context={"aws:SecureTransport": "false"}))
        for topic_arn, topic_id in topics(stack.resolved).items()
    }
    checks |= publish_checks(stack, CLOUDWATCH, alarm_notifications(stack.resolved), secure=False)
    assert_decisions(stack, ALARMS, checks, EXPLICITLY_DENIED, "topics do not deny plain HTTP")
