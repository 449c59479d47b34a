"""Synthesized values resolve as terraform and the AWS provider would; anything unknown fails loudly."""

from __future__ import annotations

from typing import Any

import pytest

from tests.delivery.expressions import ExpressionError, evaluate_value
from tests.delivery.policy_document import render_policy_document
from tests.delivery.resolve import ResolvedStack
from tests.delivery.stacks import DeliveryStack, exercised
from tests.stack_assertions import Synthesized

REFERENCES = {("data", "aws_partition", "P", "partition"): "aws", ("aws_s3_bucket", "B", "arn"): "arn:aws:s3:::logs",
              ("data", "x", "y", "list"): ["a", "b"]}


def lookup(names: tuple[str, ...]) -> Any:
    return REFERENCES[names]


@pytest.mark.parametrize(("text", "value"), [
    ("plain text", "plain text"),
    ("", ""),
    ("${data.aws_partition.P.partition}", "aws"),
    ("${aws_s3_bucket.B.arn}/*", "arn:aws:s3:::logs/*"),
    ('${join("", ["arn:", data.aws_partition.P.partition, ":s3:::", "b"])}', "arn:aws:s3:::b"),
    ('${join("", [join(":", ["a", "b"]), "/*"])}', "a:b/*"),
    ('${join("-", [ "a" , "b" ])}', "a-b"),
    ('${"x\\"y"}', 'x"y'),
    ('${"arn:${data.aws_partition.P.partition}"}', "arn:aws"),
    ("$${literal}", "${literal}"),
    ("${data.x.y.list}", ["a", "b"]),
])
def test_the_expressions_cdktf_writes_evaluate(text: str, value: Any) -> None:
    assert evaluate_value(text, lookup) == value


@pytest.mark.parametrize("text", [
    '${format("%s", "a")}',              # another function
    "${var.image_tag}",                  # a variable (no value here)
    "${aws_s3_bucket.B.arn[0]}",         # an index
    '${aws_s3_bucket.B.arn == "x"}',     # an operator
    "${1}",                              # a number
    "${aws_s3_bucket.B.arn",             # unterminated
    '${join("", "not a list")}',
    "x-${data.x.y.list}",                # a list inside a string
    '${"\\u0041"}',                      # an escape HCL has but the stacks never write
])
def test_anything_else_raises(text: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate_value(text, lookup)


def render(*statements: dict[str, Any], **block: Any) -> dict[str, Any]:
    return render_policy_document({"statement": list(statements), **block}, lambda value: value)


def test_policy_documents_render_as_the_provider_writes_them() -> None:
    document = render(
        {"actions": ["kms:Decrypt"], "resources": ["*"], "principals": [{"type": "Service", "identifiers": ["b", "a"]}]},
        {"sid": "Two", "effect": "Deny", "actions": ["s3:a", "s3:b", "s3:a"], "resources": ["r1", "r2"],
         "principals": [{"type": "*", "identifiers": ["*"]}]},
    )
    assert document == {"Version": "2012-10-17", "Statement": [
        {"Sid": "", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Principal": {"Service": ["b", "a"]}},
        {"Sid": "Two", "Effect": "Deny", "Action": ["s3:b", "s3:a"], "Resource": ["r2", "r1"], "Principal": "*"},
    ]}


def test_principals_of_one_type_merge() -> None:
    (statement,) = render({"actions": ["x:y"], "resources": ["*"], "principals": [
        {"type": "AWS", "identifiers": ["1"]}, {"type": "AWS", "identifiers": ["2", "3"]}, {"type": "Service", "identifiers": ["s"]}]})["Statement"]
    assert statement["Principal"] == {"AWS": ["1", "3", "2"], "Service": "s"}


def test_conditions_on_one_variable_merge_their_values_into_one_or() -> None:
    (statement,) = render({"actions": ["x:y"], "resources": ["*"], "condition": [
        {"test": "ArnLike", "variable": "aws:SourceArn", "values": ["a", "b"]},
        {"test": "ArnLike", "variable": "aws:SourceArn", "values": ["c", "d"]},
        {"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["1"]},
    ]})["Statement"]
    assert statement["Condition"] == {"ArnLike": {"aws:SourceArn": ["a", "b", "c", "d"]}, "StringEquals": {"aws:SourceAccount": "1"}}


def test_a_single_value_condition_replaces_an_earlier_one_and_a_list_after_it_fails() -> None:
    (statement,) = render({"actions": ["x:y"], "resources": ["*"], "condition": [
        {"test": "StringEquals", "variable": "k", "values": ["1"]}, {"test": "StringEquals", "variable": "k", "values": ["2"]}]})["Statement"]
    assert statement["Condition"] == {"StringEquals": {"k": "2"}}
    with pytest.raises(ExpressionError):
        render({"actions": ["x:y"], "resources": ["*"], "condition": [
            {"test": "StringEquals", "variable": "k", "values": ["1"]}, {"test": "StringEquals", "variable": "k", "values": ["2", "3"]}]})


def test_merged_source_documents_are_not_guessed() -> None:
    with pytest.raises(ExpressionError):
        render(source_policy_documents=["{}"])
    with pytest.raises(ExpressionError):
        render({"actions": ["x:y"], "resources": ["*"], "not_a_field": True})


def test_arns_come_from_the_referenced_resources_and_the_providers_region() -> None:
    stack = ResolvedStack(Synthesized({
        "provider": {"aws": [{"region": "eu-west-1"}, {"alias": "chatbot", "region": "us-east-2"}]},
        "resource": {
            "aws_sns_topic": {"T": {"name": "alerts"}, "U": {"name": "other", "provider": "aws.chatbot"}},
            "aws_cloudwatch_event_rule": {"R": {"name": "every-5m"}, "S": {"name": "r", "event_bus_name": "bus"}},
            "aws_kms_key": {"K": {}},
            "aws_prometheus_workspace": {"W": {"alias": "orders-prod"}},
            "aws_s3_bucket": {"B": {"bucket": "archive"}},
            "aws_sqs_queue": {"Q": {"name": "q"}},
            "aws_lambda_function": {"F": {"function_name": "fn"}},
        },
        "data": {"aws_caller_identity": {"C": {}}},
    }), name="test")
    assert stack.arn("aws_sns_topic", "T") == "arn:aws:sns:eu-west-1:111122223333:alerts"
    assert stack.arn("aws_sns_topic", "U") == "arn:aws:sns:us-east-2:111122223333:other"
    assert stack.attribute("aws_sns_topic", "T", "id") == stack.arn("aws_sns_topic", "T")
    assert stack.arn("aws_cloudwatch_event_rule", "R") == "arn:aws:events:eu-west-1:111122223333:rule/every-5m"
    assert stack.arn("aws_cloudwatch_event_rule", "S") == "arn:aws:events:eu-west-1:111122223333:rule/bus/r"
    assert stack.arn("aws_s3_bucket", "B") == "arn:aws:s3:::archive"
    assert stack.attribute("aws_s3_bucket", "B", "id") == "archive"
    assert stack.value("${aws_lambda_function.F.arn}:live") == "arn:aws:lambda:eu-west-1:111122223333:function:fn:live"
    key = stack.attribute("aws_kms_key", "K", "key_id")
    assert stack.arn("aws_kms_key", "K") == f"arn:aws:kms:eu-west-1:111122223333:key/{key}"
    workspace = stack.attribute("aws_prometheus_workspace", "W", "id")
    assert workspace.startswith("ws-")
    assert stack.arn("aws_prometheus_workspace", "W") == f"arn:aws:aps:eu-west-1:111122223333:workspace/{workspace}"
    assert stack.value("${data.aws_caller_identity.C.account_id}") == "111122223333"
    with pytest.raises(ExpressionError):
        stack.arn("aws_sqs_queue", "Q")  # an ARN format not modelled
    with pytest.raises(ExpressionError):
        stack.value("${data.aws_caller_identity.C.arn}")


def test_every_policy_of_every_stack_resolves(stack: DeliveryStack) -> None:
    """No reference in a delivery stack's policies is left unresolved (or resolved by guessing)."""
    resolved = stack.resolved
    policies = [
        *(resolved.topic_policy(topic) for topic in resolved.resources("aws_sns_topic")),
        *(resolved.key_policy(key) for key in resolved.resources("aws_kms_key")),
        *(resolved.bucket_policy(bucket) for bucket in resolved.resources("aws_s3_bucket")),
    ]
    assert policies
    assert all(policy["Statement"] for policy in policies)
    # A function nobody may invoke (a team's own worker Lambda) has no resource policy; every
    # aws_lambda_permission lands in the policy of the function it names.
    function_policies = [resolved.lambda_policy(function) for function in resolved.resources("aws_lambda_function")]
    assert sum(len(policy["Statement"]) for policy in function_policies) == len(resolved.resources("aws_lambda_permission"))
    assert "${" not in str(policies + function_policies)


def test_a_stack_with_a_path_but_nothing_on_it_fails_and_one_without_the_path_passes(stack: DeliveryStack) -> None:
    for path in stack.paths:
        with pytest.raises(AssertionError, match=f"no {path} delivery"):
            exercised(stack, path, [])
    exercised(stack, "a path no stack has", [])
