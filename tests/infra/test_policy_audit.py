"""What checkov cannot read: IAM statements and container definitions of every default stack."""

from __future__ import annotations

import json
import re

from tests.stack_assertions import Synthesized

# Statements that may use Resource "*", each because AWS offers nothing narrower.
WILDCARD_ALLOWED = {
    # In a key policy, "*" is the key the policy is attached to.
    "AccountAdministration",
    "CloudWatchLogsEncryptThisServicesLogGroups",
    "CloudWatchAlarmsPublishToEncryptedTopics",
    "CloudWatchLogsExportToTheArchiveBucket",
    "RdsEventsPublishToEncryptedTopics",
    # Actions without resource-level permissions.
    "XRayWriteTraces",
    "StopQueries",
    "ReadMetrics",
    "ReadActionsWithoutResourceScoping",
}
PINNED = re.compile(r"^[^\s:@]+(/[^\s:@]+)*(:(?!latest$)[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$")


def statements(stack: Synthesized) -> list[dict]:
    return [statement for document in stack.data("aws_iam_policy_document") for statement in document["statement"]]


def containers(stack: Synthesized) -> list[dict]:
    """Container definitions; ``${...}`` interpolations (whose quotes are not JSON-escaped) kept as text."""
    def unquoted(match: re.Match[str]) -> str:
        return match.group(0).replace('"', "'")

    return [
        container
        for task in stack.resources("aws_ecs_task_definition")
        for container in json.loads(re.sub(r"\$\{[^}]*\}", unquoted, task["container_definitions"]))
    ]


def test_only_reviewed_statements_allow_every_resource(stacks: dict[str, Synthesized]) -> None:
    for name, stack in stacks.items():
        wildcard = {s["sid"] for s in statements(stack) if "*" in (s.get("resources") or [])}
        assert wildcard <= WILDCARD_ALLOWED, f"{name}: unreviewed Resource '*' in {sorted(wildcard - WILDCARD_ALLOWED)}"


def test_trust_policies_name_no_resource_and_only_this_account(stacks: dict[str, Synthesized]) -> None:
    for name, stack in stacks.items():
        trusts = [s for s in statements(stack) if s["actions"] == ["sts:AssumeRole"]]
        assert trusts, name
        for statement in trusts:
            assert not statement.get("resources"), f"{name}: {statement['sid']} names a Resource (IAM rejects it)"
            variables = {condition["variable"] for condition in statement["condition"]}
            assert "aws:SourceAccount" in variables, statement["sid"]


def test_no_allowed_wildcard_actions_outside_the_key_policy(stacks: dict[str, Synthesized]) -> None:
    for name, stack in stacks.items():
        for statement in statements(stack):
            if statement["effect"] == "Deny" or statement["sid"] == "AccountAdministration":
                continue
            broad = [a for a in statement["actions"] if a.endswith(":*") or a == "*"]
            assert not broad, f"{name}: {statement['sid']} allows {broad}"


def test_no_container_runs_an_unpinned_image(stacks: dict[str, Synthesized]) -> None:
    for name, stack in stacks.items():
        for container in containers(stack):
            image = container["image"]
            # The sample app's tag is the image_tag variable, resolved at apply time.
            pinned = image.endswith("var.image_tag])}") or PINNED.fullmatch(image)
            assert not image.endswith(":latest"), image
            assert pinned, f"{name}: {container['name']} image {image!r} is not pinned"


def test_every_container_has_a_read_only_root_filesystem(stacks: dict[str, Synthesized]) -> None:
    for name, stack in stacks.items():
        assert all(c["readonlyRootFilesystem"] is True for c in containers(stack)), name
