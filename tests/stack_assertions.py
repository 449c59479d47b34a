"""Read synthesized stacks as intent: "the stack has an alarm named X with threshold Y"."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from monitoring_constructs import Contacts, Notifications, Severity
from monitoring_constructs._cdk import App, AwsProvider, TerraformStack, Testing

# Someone hears every severity in every environment: what tests use when routing is not their subject.
EVERYONE_HEARS = Notifications(
    contacts={severity: Contacts(emails=(f"{severity.value.lower()}@example.com",)) for severity in Severity},
    allow_unused_contacts=True,
)


class Synthesized:
    """One synthesized stack (the parsed ``cdk.tf.json``)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def resources(self, resource_type: str) -> list[dict[str, Any]]:
        return list(self.document.get("resource", {}).get(resource_type, {}).values())

    def data(self, data_type: str) -> list[dict[str, Any]]:
        return list(self.document.get("data", {}).get(data_type, {}).values())

    def resource_ids(self, resource_type: str) -> list[str]:
        return list(self.document.get("resource", {}).get(resource_type, {}))

    def one(self, resource_type: str, **attributes: Any) -> dict[str, Any]:
        """The single resource of ``resource_type`` whose attributes match."""
        found = [r for r in self.resources(resource_type) if all(r.get(k) == v for k, v in attributes.items())]
        assert len(found) == 1, f"expected one {resource_type} with {attributes}, found {len(found)}"
        return found[0]

    def alarm(self, name: str) -> dict[str, Any]:
        return self.one("aws_cloudwatch_metric_alarm", alarm_name=name)

    def composite(self, name: str) -> dict[str, Any]:
        return self.one("aws_cloudwatch_composite_alarm", alarm_name=name)

    def notifier_of(self, alarm: dict[str, Any]) -> dict[str, Any]:
        """The block whose actions tell people about ``alarm``: the roll-up composite of its topic
        (``<prefix>-notify-<topic>``) whose rule names it, directly or through one of its parts."""
        name = f'ALARM("{alarm["alarm_name"]}")'
        composites = self.resources("aws_cloudwatch_composite_alarm")
        naming = [c for c in composites if name in c["alarm_rule"].split(" OR ")]
        notifiers = [c for c in naming if c.get("alarm_actions")] or [
            c for c in composites if c.get("alarm_actions")
            and any(f'ALARM("{part["alarm_name"]}")' in c["alarm_rule"] for part in naming)]
        assert len(notifiers) == 1, f"{alarm['alarm_name']} is in {len(notifiers)} roll-ups"
        return notifiers[0]

    def paging_alarms(self) -> list[dict[str, Any]]:
        """Every alarm that pages through a roll-up: the metric alarms and the composites that are no roll-up."""
        return self.resources("aws_cloudwatch_metric_alarm") + [
            c for c in self.resources("aws_cloudwatch_composite_alarm") if "-notify-" not in c["alarm_name"]]

    def alarm_names(self) -> set[str]:
        return {alarm["alarm_name"] for alarm in self.resources("aws_cloudwatch_metric_alarm")}

    def topic_arn(self, name: str) -> str:
        """The ``${aws_sns_topic.<id>.arn}`` reference of the topic named ``name``."""
        (topic_id,) = [tid for tid, t in self.document["resource"]["aws_sns_topic"].items() if t["name"] == name]
        return f"${{aws_sns_topic.{topic_id}.arn}}"

    def log_group(self, name: str) -> dict[str, Any]:
        return self.one("aws_cloudwatch_log_group", name=name)

    def log_group_names(self) -> set[str]:
        return {group["name"] for group in self.resources("aws_cloudwatch_log_group")}

    def resolve(self, reference: str) -> dict[str, Any]:
        """The block a ``${type.id.attr}`` / ``${data.type.id.attr}`` reference points at."""
        parts = reference.removeprefix("${").removesuffix("}").split(".")
        if parts[0] == "data":
            return self.document["data"][parts[1]][parts[2]]
        return self.document["resource"][parts[0]][parts[1]]

    def policy_statements(self, policy_reference: str) -> dict[str, dict[str, Any]]:
        """The statements (by sid) of the policy document a ``${data...json}`` reference names."""
        return {statement["sid"]: statement for statement in self.resolve(policy_reference)["statement"]}


def synth_construct(build: Callable[[TerraformStack], None], region: str = "eu-west-1") -> Synthesized:
    """Synthesize a throwaway stack that ``build`` fills, as a service team's stack would be."""
    app = Testing.app()
    stack = TerraformStack(app, "test")
    AwsProvider(stack, "aws", region=region)
    build(stack)
    return Synthesized(json.loads(Testing.synth(stack)))


__all__ = ["App", "EVERYONE_HEARS", "Synthesized", "synth_construct"]
