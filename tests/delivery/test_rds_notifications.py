"""RDS "down" events reach their topic as AWS authorizes them; another account's database does not.

RDS publishes an event subscription's notifications as ``events.rds.amazonaws.com`` calling
``sns:Publish`` with ``aws:SourceArn`` = the RDS *resource* that emitted the event
(``arn:aws:rds:<region>:<account>:db:<identifier>`` for a DB instance) and ``aws:SourceAccount``
(https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.GrantingPermissions.html);
not the event subscription's ``es:`` ARN. For an encrypted topic, SNS uses the key for that
service principal
(https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services);
AWS documents no source keys for those KMS calls, so only the topic policy can keep another
account's databases out (``aws_requests.py``).
"""

from __future__ import annotations

from tests.delivery.aws_requests import RDS_EVENTS
from tests.delivery.inventory import rds_notifications
from tests.delivery.stacks import ALLOWED, DENIED, RDS, DeliveryStack, assert_decisions
from tests.delivery.topic_delivery import foreign, key_checks, publish_checks


def test_every_rds_event_source_can_publish_to_its_topic(stack: DeliveryStack) -> None:
    checks = publish_checks(stack, RDS_EVENTS, rds_notifications(stack.resolved))
    assert_decisions(stack, RDS, checks, ALLOWED, "RDS events never arrive")


def test_every_rds_topic_key_lets_rds_encrypt_the_event(stack: DeliveryStack) -> None:
    checks = key_checks(stack, RDS_EVENTS, rds_notifications(stack.resolved))
    assert_decisions(stack, RDS, checks, ALLOWED, "the topic key refuses RDS events")


def test_a_database_of_another_account_cannot_publish(stack: DeliveryStack) -> None:
    checks = publish_checks(stack, RDS_EVENTS, rds_notifications(stack.resolved), foreign)
    assert_decisions(stack, RDS, checks, DENIED, "another account's database may publish")
