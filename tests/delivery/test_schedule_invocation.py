"""Every EventBridge schedule can invoke the Lambda it targets; a rule of another account cannot.

EventBridge invokes a Lambda target as ``events.amazonaws.com`` calling ``lambda:InvokeFunction``
with ``aws:SourceArn`` = the rule (``arn:aws:events:<region>:<account>:rule/<name>``); the
function's resource policy, which ``aws_lambda_permission`` writes through AddPermission
(``source_arn`` becomes ``ArnLike AWS:SourceArn``), must allow it
(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions,
https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html).
"""

from __future__ import annotations

from collections.abc import Callable

from tests.delivery.aws_requests import OTHER_ACCOUNT, in_account, schedule_invoke
from tests.delivery.iam_eval import Decision, evaluate
from tests.delivery.inventory import scheduled_invocations
from tests.delivery.stacks import ALLOWED, DENIED, SCHEDULE, DeliveryStack, assert_decisions


def checks(stack: DeliveryStack, rule_arn_of: Callable[[str], str]) -> dict[str, Decision]:
    return {f"{rule_arn_of(s.rule_arn)} -> {s.function_arn}": evaluate(stack.resolved.lambda_policy(s.function_id),
                                                                     schedule_invoke(s.function_arn, rule_arn_of(s.rule_arn)))
            for s in scheduled_invocations(stack.resolved)}


def test_every_schedule_can_invoke_its_lambda(stack: DeliveryStack) -> None:
    assert_decisions(stack, SCHEDULE, checks(stack, lambda arn: arn), ALLOWED, "scheduled functions never run")


def test_a_rule_of_another_account_cannot_invoke_the_lambda(stack: DeliveryStack) -> None:
    assert_decisions(stack, SCHEDULE, checks(stack, lambda arn: in_account(arn, OTHER_ACCOUNT)), DENIED,
                     "a rule of another account may invoke the function")
