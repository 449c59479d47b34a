"""CloudWatch Logs can use the key of every encrypted log group; another service's only where groups are kept (prod).

CloudWatch Logs calls KMS as ``logs.<region>.amazonaws.com`` with the encryption context
``kms:EncryptionContext:aws:logs:arn`` = the log group's ARN
(``arn:aws:logs:<region>:<account>:log-group:<name>``); without the key policy's grant, creating
the group or writing to it fails
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
The key policy's statement covers ``kms:Encrypt*``, ``kms:Decrypt*``, ``kms:ReEncrypt*``,
``kms:GenerateDataKey*`` and ``kms:Describe*``; the cryptographic calls are checked here
(``DescribeKey`` carries no encryption context).
"""

from __future__ import annotations

from collections.abc import Callable

from tests.delivery.aws_requests import LOGS_KMS_ACTIONS, OTHER_ACCOUNT, in_account, logs_key_use
from tests.delivery.iam_eval import Decision, evaluate
from tests.delivery.inventory import EncryptedLogGroup, encrypted_log_groups
from tests.delivery.stacks import ALLOWED, DENIED, KEEPS_LOG_GROUPS, LOG_KEY, DeliveryStack, assert_decisions


def decisions(stack: DeliveryStack, group: EncryptedLogGroup, group_arn: str) -> dict[str, Decision]:
    policy, key_arn = stack.resolved.key_policy(group.key_id), stack.resolved.arn("aws_kms_key", group.key_id)
    return {action: evaluate(policy, logs_key_use(group.region, action, key_arn, group_arn)) for action in LOGS_KMS_ACTIONS}


def another_services(stack: DeliveryStack, group: EncryptedLogGroup) -> str:
    """The same group of another service whose prefix merely starts with this one's (``/ecs/fileflow-prod-eu/...``)."""
    return group.arn.removesuffix(group.name) + stack.lookalike(group.name)


def checks(stack: DeliveryStack, arn_of: Callable[[EncryptedLogGroup], str]) -> dict[str, Decision]:
    return {f"{arn_of(g)} {action}": d for g in encrypted_log_groups(stack.resolved)
            for action, d in decisions(stack, g, arn_of(g)).items()}


def test_cloudwatch_logs_can_use_the_key_of_every_encrypted_log_group(stack: DeliveryStack) -> None:
    assert_decisions(stack, LOG_KEY, checks(stack, lambda g: g.arn), ALLOWED, "the key refuses its own log groups")


def test_a_log_group_of_another_service_cannot_use_the_key_unless_log_groups_are_kept(stack: DeliveryStack) -> None:
    """Where log groups are kept on destroy (prod), a group kept under an earlier service or environment
    name must stay readable, and to the key it is just another service's group: there the key admits
    every log group of its account and region."""
    if stack.name in KEEPS_LOG_GROUPS:
        wanted, problem = ALLOWED, "a log group kept under an earlier name cannot use the key"
    else:
        wanted, problem = DENIED, "log groups of another service may use the key"
    assert_decisions(stack, LOG_KEY, checks(stack, lambda g: another_services(stack, g)), wanted, problem)


def test_a_log_group_of_another_account_cannot_use_the_key(stack: DeliveryStack) -> None:
    assert_decisions(stack, LOG_KEY, checks(stack, lambda g: in_account(g.arn, OTHER_ACCOUNT)), DENIED,
                     "log groups of another account may use the key")
