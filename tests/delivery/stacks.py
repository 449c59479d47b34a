"""The stacks the delivery tests cover: every default stack and the README's service-team example.

Each stack declares the delivery paths it has; a test over a path the stack has must find at
least one delivery there (``exercised``), so a loop over nothing fails instead of passing.

The service-team example is the README's own code (the ``class OrdersStack`` block of "Use it
in your own stack"), executed with the team's provider, ECS cluster, service and ALB in place of
its ``...`` line, so the test follows the README as it is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sized
from dataclasses import dataclass
from pathlib import Path

from monitoring_constructs._cdk import Testing
from tests.delivery.iam_eval import Decision
from tests.delivery.resolve import ResolvedStack
from tests.stack_assertions import Synthesized

TEAM_STACK_NAME = "orders-prod"
ALARMS, RDS, LOG_KEY, LOG_EXPORT, SCHEDULE, CHATBOT = "alarms", "rds", "log-key", "log-export", "schedule", "chatbot"
COMPOSITES, EVENTS = "composite-alarms", "events"
# Every stack monitors an ECS service behind a load balancer: its failed deployments are events, and
# its service-unhealthy composite (and the children's notifier composites) publish like any alarm.
EVERY_STACK = frozenset({ALARMS, LOG_KEY, LOG_EXPORT, COMPOSITES, EVENTS})
# stack -> (its <service>-<env> prefix, the delivery paths it has)
DELIVERY_STACKS = {
    "fileflow-dev": ("fileflow-dev", EVERY_STACK),
    "fileflow-staging": ("fileflow-staging", EVERY_STACK),
    "fileflow-prod": ("fileflow-prod", EVERY_STACK | {RDS, SCHEDULE, CHATBOT}),
    TEAM_STACK_NAME: ("orders-prod", EVERY_STACK | {RDS}),  # the README example names a shared RDS
}

README = Path(__file__).resolve().parents[2] / "README.md"

# What the README's "..." stands for: the team's own provider and resources, in its region.
_TEAM_RESOURCES = '''\
from monitoring_constructs._cdk import AwsProvider
from cdktf_cdktf_provider_aws.ecs_cluster import EcsCluster, EcsClusterSetting
from cdktf_cdktf_provider_aws.ecs_service import EcsService
from cdktf_cdktf_provider_aws.lb import Lb
AwsProvider(self, "aws", region="{region}")
cluster = EcsCluster(self, "cluster", name="orders",
                     setting=[EcsClusterSetting(name="containerInsights", value="enabled")])
service = EcsService(self, "service", name="orders-api", cluster=cluster.id, task_definition="orders:1")
alb = Lb(self, "alb", name="orders-alb", subnets=["subnet-1", "subnet-2"])'''


@dataclass(frozen=True, kw_only=True, slots=True)
class DeliveryStack:
    """A stack under test: ``prefix`` is its ``<service>-<env>``; ``paths`` the delivery paths it has."""

    name: str
    prefix: str
    resolved: ResolvedStack
    paths: frozenset[str]

    def __str__(self) -> str:
        return self.name

    def lookalike(self, name: str) -> str:
        """The same name for another service whose prefix merely starts with this one's (``<prefix>-eu``)."""
        assert self.prefix in name, f"{self}: {name} does not name its service {self.prefix}"
        return name.replace(self.prefix, f"{self.prefix}-eu", 1)


def readme_team_example() -> str:
    """The README's service-team example with the team's resources in place of its ``...`` line."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)
    examples = [block for block in blocks if "class OrdersStack(TerraformStack)" in block]
    if len(examples) != 1:
        raise LookupError(f"README.md: expected one 'class OrdersStack' example, found {len(examples)}")
    code = examples[0]
    placeholder = re.search(r"^( +)\.\.\.  # your provider.*$", code, flags=re.MULTILINE)
    region = re.search(r'region="([a-z0-9-]+)"', code)
    if placeholder is None or region is None:
        raise LookupError("README.md: the OrdersStack example lost its '...  # your provider' line or its region")
    indent = placeholder.group(1)
    resources = "\n".join(indent + line for line in _TEAM_RESOURCES.format(region=region.group(1)).splitlines())
    return code[:placeholder.start()] + resources + code[placeholder.end():]


def synth_team_example() -> Synthesized:
    namespace: dict[str, object] = {}
    exec(compile(readme_team_example(), f"{README} (OrdersStack example)", "exec"), namespace)  # noqa: S102
    stack_class = namespace["OrdersStack"]
    stack = stack_class(Testing.app(), TEAM_STACK_NAME)  # type: ignore[operator]
    return Synthesized(json.loads(Testing.synth(stack)))


def exercised(stack: DeliveryStack, path: str, deliveries: Sized) -> None:
    """A stack that has ``path`` must have at least one delivery on it, or the test checked nothing."""
    if path in stack.paths:
        assert len(deliveries) > 0, f"{stack}: no {path} delivery found to check"


ALLOWED = frozenset({Decision.ALLOW})
DENIED = frozenset({Decision.EXPLICIT_DENY, Decision.IMPLICIT_DENY})
EXPLICITLY_DENIED = frozenset({Decision.EXPLICIT_DENY})


def assert_decisions(stack: DeliveryStack, path: str, checks: Mapping[str, Decision], wanted: frozenset[Decision],
                     problem: str) -> None:
    """Every request (described by its key) got a decision in ``wanted``; the stack's path was exercised."""
    exercised(stack, path, checks)
    wrong = [f"{what}: {decision.value}" for what, decision in checks.items() if decision not in wanted]
    assert not wrong, f"{stack}: {problem}:\n" + "\n".join(wrong)
