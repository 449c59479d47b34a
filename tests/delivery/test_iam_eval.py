"""The offline evaluator decides as the IAM User Guide says, including every way a request is denied."""

from __future__ import annotations

from typing import Any

import pytest

from tests.delivery.iam_eval import Decision, PolicyError, Request, evaluate

ACCOUNT = "111122223333"
TOPIC = f"arn:aws:sns:eu-west-1:{ACCOUNT}:alerts"
ALARM = f"arn:aws:cloudwatch:eu-west-1:{ACCOUNT}:alarm:orders-prod-cpu-high"
CLOUDWATCH = {"Service": "cloudwatch.amazonaws.com"}


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(condition: dict[str, Any] | None = None, **elements: Any) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Action": "sns:Publish",
                 "Resource": TOPIC, **elements}
    return statement | ({"Condition": condition} if condition is not None else {})


def publish(context: dict[str, Any] | None = None, **fields: Any) -> Request:
    return Request(**{"principal": CLOUDWATCH, "action": "sns:Publish", "resource": TOPIC,
                      "context": context or {}, **fields})


def decide(condition: dict[str, Any], context: dict[str, Any]) -> Decision:
    return evaluate(policy(allow(condition)), publish(context))


# --- statements, effect, principal, action, resource -------------------------------------------

def test_a_matching_allow_allows_and_nothing_else_does() -> None:
    assert evaluate(policy(allow()), publish()) is Decision.ALLOW
    assert evaluate(policy(), publish()) is Decision.IMPLICIT_DENY
    assert evaluate({"Statement": allow()}, publish()) is Decision.ALLOW  # a single statement object


def test_an_explicit_deny_wins_over_any_allow_in_any_order() -> None:
    deny = allow(Effect="Deny")
    assert evaluate(policy(allow(), deny), publish()) is Decision.EXPLICIT_DENY
    assert evaluate(policy(deny, allow()), publish()) is Decision.EXPLICIT_DENY


def test_another_principal_is_not_allowed() -> None:
    assert evaluate(policy(allow()), publish(principal={"Service": "events.rds.amazonaws.com"})) is Decision.IMPLICIT_DENY
    assert evaluate(policy(allow()), publish(principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"})) is Decision.IMPLICIT_DENY


def test_star_principals_are_everyone_including_services() -> None:
    assert evaluate(policy(allow(Principal="*")), publish()) is Decision.ALLOW
    assert evaluate(policy(allow(Principal={"AWS": "*"})), publish()) is Decision.ALLOW


def test_an_account_principal_delegates_to_its_principals_only() -> None:
    role = {"AWS": f"arn:aws:iam::{ACCOUNT}:role/ops"}
    for account in (ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root"):
        assert evaluate(policy(allow(Principal={"AWS": account})), publish(principal=role)) is Decision.ALLOW
        other = {"AWS": "arn:aws:iam::444455556666:role/ops"}
        assert evaluate(policy(allow(Principal={"AWS": account})), publish(principal=other)) is Decision.IMPLICIT_DENY
    named = allow(Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:role/admin"})
    assert evaluate(policy(named), publish(principal=role)) is Decision.IMPLICIT_DENY


def test_not_principal_applies_to_everyone_else() -> None:
    deny_others = allow(Effect="Deny", NotPrincipal={"Service": ["cloudwatch.amazonaws.com"]})
    del deny_others["Principal"]
    rds = publish(principal={"Service": "events.rds.amazonaws.com"})
    assert evaluate(policy(allow(Principal="*"), deny_others), rds) is Decision.EXPLICIT_DENY
    assert evaluate(policy(allow(Principal="*"), deny_others), publish()) is Decision.ALLOW


def test_actions_match_case_insensitively_with_wildcards() -> None:
    for pattern in ("SNS:publish", "sns:Pub*", "sns:Publis?", "*", ["sqs:SendMessage", "sns:*"]):
        assert evaluate(policy(allow(Action=pattern)), publish()) is Decision.ALLOW, pattern
    for pattern in ("sns:Subscribe", "sns:Pub", "sns:Publish?", "sqs:*"):
        assert evaluate(policy(allow(Action=pattern)), publish()) is Decision.IMPLICIT_DENY, pattern


def test_not_action_covers_every_other_action() -> None:
    statement = allow(NotAction="sns:Subscribe")
    del statement["Action"]
    assert evaluate(policy(statement), publish()) is Decision.ALLOW
    assert evaluate(policy(statement), publish(action="sns:subscribe")) is Decision.IMPLICIT_DENY


def test_resource_wildcards_stay_in_their_segment_unless_they_end_it() -> None:
    def matches(pattern: str, resource: str) -> bool:
        return evaluate(policy(allow(Resource=pattern)), publish(resource=resource)) is Decision.ALLOW

    assert matches("*", TOPIC)
    assert matches("arn:aws:sns:*:111122223333:alerts", TOPIC)
    assert matches("arn:aws:sns:eu-west-1:111122223333:al?rts", TOPIC)
    assert matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c")
    assert not matches("arn:aws:sns:*:444455556666:alerts", TOPIC)
    assert not matches("arn:aws:sns:eu-west-1:111122223333:alerts-*x", f"arn:aws:sns:eu-west-1:{ACCOUNT}:alerts-p0:x")
    assert not matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket")
    assert not matches("arn:aws:sns:eu-west-1:111122223333:ALERTS", TOPIC)  # case-sensitive


def test_not_resource_covers_every_other_resource() -> None:
    statement = allow(NotResource=TOPIC)
    del statement["Resource"]
    assert evaluate(policy(statement), publish()) is Decision.IMPLICIT_DENY
    assert evaluate(policy(statement), publish(resource=TOPIC + "-2")) is Decision.ALLOW


# --- conditions ----------------------------------------------------------------------------------

def test_string_operators() -> None:
    assert decide({"StringEquals": {"aws:SourceAccount": ACCOUNT}}, {"aws:SourceAccount": ACCOUNT}) is Decision.ALLOW
    assert decide({"StringEquals": {"aws:SourceAccount": ACCOUNT}}, {"aws:SourceAccount": "444455556666"}) is Decision.IMPLICIT_DENY
    assert decide({"StringEquals": {"s3:x-amz-acl": "Private"}}, {"s3:x-amz-acl": "private"}) is Decision.IMPLICIT_DENY
    assert decide({"StringEqualsIgnoreCase": {"s3:x-amz-acl": "Private"}}, {"s3:x-amz-acl": "private"}) is Decision.ALLOW
    assert decide({"StringNotEquals": {"k": "a"}}, {"k": "b"}) is Decision.ALLOW
    assert decide({"StringNotEqualsIgnoreCase": {"k": "A"}}, {"k": "a"}) is Decision.IMPLICIT_DENY
    assert decide({"StringLike": {"k": "fileflow-*-high"}}, {"k": "fileflow-prod-cpu-high"}) is Decision.ALLOW
    assert decide({"StringLike": {"k": "a?c"}}, {"k": "abbc"}) is Decision.IMPLICIT_DENY
    assert decide({"StringLike": {"k": "a*"}}, {"k": "A1"}) is Decision.IMPLICIT_DENY  # case-sensitive
    assert decide({"StringNotLike": {"k": "a*"}}, {"k": "a1"}) is Decision.IMPLICIT_DENY


def test_arn_operators_match_each_of_the_six_components_separately() -> None:
    # The IAM User Guide's own example: StringLike matches it, ArnLike does not.
    pattern = "arn:aws:someservice:*:111122223333:finance/*"
    value = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
    assert decide({"StringLike": {"aws:SourceArn": pattern}}, {"aws:SourceArn": value}) is Decision.ALLOW
    assert decide({"ArnLike": {"aws:SourceArn": pattern}}, {"aws:SourceArn": value}) is Decision.IMPLICIT_DENY
    for operator in ("ArnLike", "ArnEquals"):
        assert decide({operator: {"aws:SourceArn": "arn:aws:cloudwatch:*:111122223333:alarm:orders-*"}},
                      {"aws:SourceArn": ALARM}) is Decision.ALLOW
    assert decide({"ArnLike": {"aws:SourceArn": "arn:aws:logs:r:1:log-group:/ecs/a/*"}},
                  {"aws:SourceArn": "arn:aws:logs:r:1:log-group:/ecs/a/b:*"}) is Decision.ALLOW
    for operator in ("ArnNotLike", "ArnNotEquals"):
        assert decide({operator: {"aws:SourceArn": ALARM}}, {"aws:SourceArn": ALARM}) is Decision.IMPLICIT_DENY
    assert decide({"ArnLike": {"aws:SourceArn": ALARM}}, {"aws:SourceArn": "not-an-arn"}) is Decision.IMPLICIT_DENY


def test_bool_and_numeric_operators() -> None:
    assert decide({"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "true"}) is Decision.ALLOW
    assert decide({"Bool": {"aws:SecureTransport": True}}, {"aws:SecureTransport": "false"}) is Decision.IMPLICIT_DENY
    assert decide({"NumericLessThanEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": "10"}) is Decision.ALLOW
    assert decide({"NumericLessThan": {"s3:max-keys": 10}}, {"s3:max-keys": "10"}) is Decision.IMPLICIT_DENY
    assert decide({"NumericGreaterThan": {"n": "1.5"}}, {"n": "2"}) is Decision.ALLOW
    assert decide({"NumericGreaterThanEquals": {"n": "2"}}, {"n": "1"}) is Decision.IMPLICIT_DENY
    assert decide({"NumericEquals": {"n": "2"}}, {"n": "2.0"}) is Decision.ALLOW
    assert decide({"NumericNotEquals": {"n": "2"}}, {"n": "2.0"}) is Decision.IMPLICIT_DENY
    assert decide({"NumericEquals": {"n": "2"}}, {"n": "two"}) is Decision.IMPLICIT_DENY


def test_values_of_one_key_are_or_and_negated_values_are_nor() -> None:
    either = {"StringEquals": {"aws:SourceAccount": [ACCOUNT, "444455556666"]}}
    assert decide(either, {"aws:SourceAccount": "444455556666"}) is Decision.ALLOW
    neither = {"StringNotEquals": {"aws:SourceAccount": [ACCOUNT, "444455556666"]}}
    assert decide(neither, {"aws:SourceAccount": "444455556666"}) is Decision.IMPLICIT_DENY
    assert decide(neither, {"aws:SourceAccount": "777788889999"}) is Decision.ALLOW


def test_keys_and_operators_are_and() -> None:
    both = {"StringEquals": {"aws:SourceAccount": ACCOUNT}, "ArnLike": {"aws:SourceArn": ALARM}}
    assert decide(both, {"aws:SourceAccount": ACCOUNT, "aws:SourceArn": ALARM}) is Decision.ALLOW
    assert decide(both, {"aws:SourceAccount": ACCOUNT, "aws:SourceArn": ALARM + "x"}) is Decision.IMPLICIT_DENY
    two_keys = {"StringEquals": {"aws:SourceAccount": ACCOUNT, "s3:x-amz-acl": "bucket-owner-full-control"}}
    assert decide(two_keys, {"aws:SourceAccount": ACCOUNT}) is Decision.IMPLICIT_DENY


def test_condition_key_names_are_case_insensitive() -> None:
    assert decide({"StringEquals": {"AWS:SourceAccount": ACCOUNT}}, {"aws:sourceaccount": ACCOUNT}) is Decision.ALLOW


def test_a_missing_key_fails_a_positive_condition_and_passes_a_negated_one() -> None:
    for operator in ("StringEquals", "StringLike", "ArnLike", "ArnEquals", "Bool", "NumericEquals", "StringEqualsIgnoreCase"):
        value = ALARM if operator.startswith("Arn") else "true"
        assert decide({operator: {"k": value}}, {}) is Decision.IMPLICIT_DENY, operator
    for operator in ("StringNotEquals", "StringNotLike", "ArnNotLike", "ArnNotEquals", "NumericNotEquals"):
        value = ALARM if operator.startswith("Arn") else "1"
        assert decide({operator: {"k": value}}, {}) is Decision.ALLOW, operator


def test_if_exists_passes_a_missing_key_and_tests_a_present_one() -> None:
    assert decide({"StringEqualsIfExists": {"k": "a"}}, {}) is Decision.ALLOW
    assert decide({"StringEqualsIfExists": {"k": "a"}}, {"k": "b"}) is Decision.IMPLICIT_DENY
    assert decide({"ArnLikeIfExists": {"k": ALARM}}, {"k": ALARM}) is Decision.ALLOW


def test_a_deny_with_a_negated_if_exists_operator_still_denies_a_missing_key() -> None:
    deny = allow({"StringNotEqualsIfExists": {"aws:SourceAccount": ACCOUNT}}, Effect="Deny")
    assert evaluate(policy(allow(), deny), publish()) is Decision.EXPLICIT_DENY
    assert evaluate(policy(allow(), deny), publish({"aws:SourceAccount": ACCOUNT})) is Decision.ALLOW


def test_null_tests_whether_a_key_is_present() -> None:
    assert decide({"Null": {"aws:SourceArn": "true"}}, {}) is Decision.ALLOW
    assert decide({"Null": {"aws:SourceArn": "true"}}, {"aws:SourceArn": ALARM}) is Decision.IMPLICIT_DENY
    assert decide({"Null": {"aws:SourceArn": "false"}}, {"aws:SourceArn": ALARM}) is Decision.ALLOW
    assert decide({"Null": {"aws:SourceArn": False}}, {}) is Decision.IMPLICIT_DENY


def test_for_all_values_needs_every_request_value_and_passes_a_missing_key() -> None:
    condition = {"ForAllValues:StringLike": {"aws:TagKeys": ["Service", "Env*"]}}
    assert decide(condition, {"aws:TagKeys": ["Service", "Environment"]}) is Decision.ALLOW
    assert decide(condition, {"aws:TagKeys": ["Service", "Owner"]}) is Decision.IMPLICIT_DENY
    assert decide(condition, {}) is Decision.ALLOW
    assert decide(condition, {"aws:TagKeys": []}) is Decision.ALLOW
    negated = {"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}
    assert decide(negated, {"aws:TagKeys": ["key2:audit"]}) is Decision.ALLOW
    assert decide(negated, {"aws:TagKeys": ["key1:hr", "key2:audit"]}) is Decision.IMPLICIT_DENY


def test_for_any_value_needs_one_request_value_and_fails_a_missing_key() -> None:
    condition = {"ForAnyValue:StringEquals": {"aws:TagKeys": ["ID", "PostDateTime"]}}
    assert decide(condition, {"aws:TagKeys": ["UserName", "PostDateTime"]}) is Decision.ALLOW
    assert decide(condition, {"aws:TagKeys": ["UserName"]}) is Decision.IMPLICIT_DENY
    assert decide(condition, {}) is Decision.IMPLICIT_DENY
    assert decide(condition, {"aws:TagKeys": []}) is Decision.IMPLICIT_DENY
    assert decide({"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": "ID"}}, {}) is Decision.ALLOW
    assert decide({"ForAnyValue:StringNotEquals": {"aws:TagKeys": "ID"}}, {"aws:TagKeys": ["ID", "X"]}) is Decision.ALLOW


def test_a_multivalued_key_needs_a_set_operator() -> None:
    with pytest.raises(ValueError, match="ForAnyValue/ForAllValues"):
        decide({"StringEquals": {"aws:TagKeys": "ID"}}, {"aws:TagKeys": ["ID", "X"]})


# --- what the evaluator refuses to guess ---------------------------------------------------------

@pytest.mark.parametrize("bad", [
    {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}},
    {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    {"ForEveryValue:StringEquals": {"k": "v"}},
    {"NullIfExists": {"k": "true"}},
    {"StringEquals": {"aws:username": "${aws:username}"}},
    {"ArnLike": {"aws:SourceArn": "cloudwatch-alarm"}},
    {"Bool": {"aws:SecureTransport": "yes"}},
    {"NumericEquals": {"n": "ten"}},
])
def test_unsupported_conditions_raise_instead_of_guessing(bad: dict[str, Any]) -> None:
    with pytest.raises(PolicyError):
        decide(bad, {"k": "v", "aws:SourceArn": ALARM, "aws:SecureTransport": "true", "n": "1", "aws:username": "x"})


@pytest.mark.parametrize("statement", [
    {"Effect": "Allow", "Action": "sns:Publish", "Resource": TOPIC},  # no principal
    {"Effect": "Permit", "Principal": "*", "Action": "sns:Publish", "Resource": TOPIC},
    {"Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "NotAction": "x:y", "Resource": TOPIC},
    {"Effect": "Allow", "Principal": "*", "Action": "sns:Publish"},  # no resource
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/*"}, "Action": "*", "Resource": "*"},
    {"Effect": "Allow", "Principal": {"Group": "x"}, "Action": "*", "Resource": "*"},
    {"Effect": "Allow", "Principal": "*", "Action": [], "Resource": "*"},
    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Conditions": {}},
])
def test_malformed_statements_raise(statement: dict[str, Any]) -> None:
    with pytest.raises(PolicyError):
        evaluate(policy(statement), publish())


def test_requests_name_exactly_one_known_principal() -> None:
    with pytest.raises(ValueError):
        Request(principal={"Service": "a", "AWS": "b"}, action="x:y", resource="*")
    with pytest.raises(ValueError):
        Request(principal={"User": "bob"}, action="x:y", resource="*")
