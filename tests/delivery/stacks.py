"""The stacks the delivery tests cover: every default stack, the README's service-team examples and a worker.

Each stack declares the delivery paths it has; a test over a path the stack has must find at
least one delivery there (``exercised``), so a loop over nothing fails instead of passing.

The service-team examples are the README's own code (the ``class OrdersStack`` block of "Use it
in your own stack", the ``class PaymentsStack`` block of "Existing topics", the ``class AuditStack``
block of constructs used alone), executed with the
team's provider and resources in place of their ``...`` line (tests/readme_examples.py), so the
tests follow the README as it is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sized
from dataclasses import dataclass

from tests.delivery.iam_eval import Decision
from tests.delivery.resolve import ResolvedStack
from tests.readme_examples import synth_example
from tests.stack_assertions import Synthesized
from tests.worker_example import WORKER_STACK_NAME

TEAM_STACK_NAME = "orders-prod"
OWNER_TOPIC_STACK_NAME = "payments-prod"
STANDALONE_STACK_NAME = "audit-prod"
# stack name -> the README example class synthesized under it
README_EXAMPLES = {TEAM_STACK_NAME: "OrdersStack", OWNER_TOPIC_STACK_NAME: "PaymentsStack",
                   STANDALONE_STACK_NAME: "AuditStack"}
ALARMS, RDS, LOG_KEY, LOG_EXPORT, SCHEDULE, CHATBOT = "alarms", "rds", "log-key", "log-export", "schedule", "chatbot"
OWNER_TOPIC = "owner-topic"
COMPOSITES, EVENTS = "composite-alarms", "events"
# Every stack monitors an ECS service with the deployment circuit breaker: its failed deployments are
# events written to a log group (EVENTS); with a shared RDS, its "down" events too (RDS).
EVERY_STACK = frozenset({ALARMS, LOG_KEY, LOG_EXPORT, EVENTS})
# Behind a load balancer, its service-unhealthy composite (and the children's notifier composites)
# publish like any alarm; the worker (no ALB) has too few children for one.
WITH_ALB = EVERY_STACK | {COMPOSITES}
# stack -> (its <service>-<env> prefix, the delivery paths it has)
DELIVERY_STACKS = {
    "fileflow-dev": ("fileflow-dev", WITH_ALB),
    "fileflow-staging": ("fileflow-staging", WITH_ALB),
    "fileflow-prod": ("fileflow-prod", WITH_ALB | {RDS, SCHEDULE, CHATBOT}),
    TEAM_STACK_NAME: ("orders-prod", WITH_ALB | {RDS}),  # the README example names a shared RDS
    WORKER_STACK_NAME: ("jobs-prod", EVERY_STACK),  # ECS + SQS + Lambda, no ALB (tests/worker_example.py)
    # P0 (and with it the rds-down alarm) goes to an existing topic: tests/delivery/test_owner_topics.py.
    OWNER_TOPIC_STACK_NAME: ("payments-prod", EVERY_STACK | {OWNER_TOPIC, RDS}),
    # Constructs built from their props alone, no MonitoringSettings: key, log groups, topics, ECS alarms.
    STANDALONE_STACK_NAME: ("audit-prod", frozenset({ALARMS, LOG_KEY})),
}
# Stacks that keep their log groups on destroy (the prod tier, environment prod): a kept group
# outlives the name it was created under, so their key admits every log group of the account and
# region (tests/logs/test_retained_data.py).
KEEPS_LOG_GROUPS = frozenset(name for name, (prefix, _) in DELIVERY_STACKS.items() if prefix.endswith("-prod"))

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


def synth_readme_example(stack_name: str) -> Synthesized:
    """The README example of ``README_EXAMPLES[stack_name]``, synthesized as ``stack_name``."""
    return synth_example(README_EXAMPLES[stack_name], stack_name)


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
