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

from tests.delivery.aws_requests import OTHER_ACCOUNT, SNS_KMS_ACTIONS, in_account, service_publish, service_topic_kms
from tests.delivery.iam_eval import Decision, Request, evaluate
from tests.delivery.inventory import Notification, alarm_notifications, topic_key, topics
from tests.delivery.resolve import ACCOUNT
from tests.delivery.stacks import ALARMS, DeliveryStack, exercised

CLOUDWATCH = "cloudwatch.amazonaws.com"


def publish(stack: DeliveryStack, note: Notification, source_arn: str, *, secure: bool = True) -> Decision:
    return evaluate(stack.resolved.topic_policy(note.topic_id), service_publish(CLOUDWATCH, note.topic_arn, source_arn, secure=secure))


def key_decisions(stack: DeliveryStack, note: Notification, source_arn: str) -> dict[str, Decision]:
    """The topic key's decision for each KMS call SNS makes for the alarm (none for a plain topic)."""
    key_id = topic_key(stack.resolved, note.topic_id)
    if key_id is None:
        return {}
    policy, key_arn = stack.resolved.key_policy(key_id), stack.resolved.arn("aws_kms_key", key_id)
    return {action: evaluate(policy, service_topic_kms(CLOUDWATCH, action, key_arn, note.topic_arn, source_arn))
            for action in SNS_KMS_ACTIONS}


def lookalike(stack: DeliveryStack, alarm_name: str) -> str:
    """The same alarm of another service whose name merely starts with this one's prefix."""
    assert alarm_name.startswith(f"{stack.prefix}-"), f"{alarm_name} does not carry the prefix {stack.prefix}"
    return f"{stack.prefix}-eu-{alarm_name.removeprefix(stack.prefix + '-')}"


def test_every_alarm_can_publish_to_its_topic(stack: DeliveryStack) -> None:
    notes = alarm_notifications(stack.resolved)
    exercised(stack, ALARMS, notes)
    refused = [f"{n.source_name} -> {n.topic_arn}: {d.value}" for n in notes
               if (d := publish(stack, n, n.source_arn)) is not Decision.ALLOW]
    assert not refused, f"{stack}: topic policies refuse their own alarms:\n" + "\n".join(refused)


def test_every_alarm_topic_key_lets_cloudwatch_encrypt_the_notification(stack: DeliveryStack) -> None:
    checks = {(n.source_name, n.topic_arn, action): decision for n in alarm_notifications(stack.resolved)
              for action, decision in key_decisions(stack, n, n.source_arn).items()}
    exercised(stack, ALARMS, checks)
    refused = [f"{alarm} -> {topic} {action}: {d.value}" for (alarm, topic, action), d in checks.items() if d is not Decision.ALLOW]
    assert not refused, f"{stack}: topic keys refuse their alarms:\n" + "\n".join(refused)


def test_an_alarm_of_another_account_cannot_publish(stack: DeliveryStack) -> None:
    notes = alarm_notifications(stack.resolved)
    exercised(stack, ALARMS, notes)
    admitted = [n.source_name for n in notes if publish(stack, n, in_account(n.source_arn, OTHER_ACCOUNT)) is Decision.ALLOW]
    assert not admitted, f"{stack}: alarms named like these in account {OTHER_ACCOUNT} may publish: {admitted}"


def test_an_alarm_of_another_account_cannot_use_the_topic_key(stack: DeliveryStack) -> None:
    checks = {(n.source_name, action): decision for n in alarm_notifications(stack.resolved)
              for action, decision in key_decisions(stack, n, in_account(n.source_arn, OTHER_ACCOUNT)).items()}
    exercised(stack, ALARMS, checks)
    admitted = sorted({alarm for (alarm, _), d in checks.items() if d is Decision.ALLOW})
    assert not admitted, f"{stack}: the topic key lets CloudWatch act for account {OTHER_ACCOUNT}'s alarms: {admitted}"


def test_an_alarm_of_another_service_sharing_the_prefix_cannot_publish(stack: DeliveryStack) -> None:
    notes = alarm_notifications(stack.resolved)
    exercised(stack, ALARMS, notes)
    admitted = []
    for note in notes:
        other = lookalike(stack, note.source_name)
        if publish(stack, note, note.source_arn.removesuffix(note.source_name) + other) is Decision.ALLOW:
            admitted.append(f"{other} -> {note.topic_arn}")
    assert not admitted, f"{stack}: alarms of another service may publish:\n" + "\n".join(admitted)


def test_no_request_over_plain_http_reaches_a_topic(stack: DeliveryStack) -> None:
    by_arn = topics(stack.resolved)
    exercised(stack, ALARMS, by_arn)
    owner = {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    let_through = []
    for topic_arn, topic_id in by_arn.items():
        request = Request(principal=owner, action="sns:Publish", resource=topic_arn, context={"aws:SecureTransport": "false"})
        if (d := evaluate(stack.resolved.topic_policy(topic_id), request)) is not Decision.EXPLICIT_DENY:
            let_through.append(f"the account owner -> {topic_arn}: {d.value}")
    for note in alarm_notifications(stack.resolved):
        if (d := publish(stack, note, note.source_arn, secure=False)) is not Decision.EXPLICIT_DENY:
            let_through.append(f"{note.source_name} -> {note.topic_arn}: {d.value}")
    assert not let_through, f"{stack}: topics do not deny plain HTTP:\n" + "\n".join(let_through)
