"""Incident scenarios: what happens to the service, and what the responder expects to be paged for.

A ``Scenario`` is a state timeline (``publishing.Timeline``), the events and log lines of the
incident (built for the stack under test: its service ARN, its database, its log group), the
stacks it ``applies_to``, and an ``Expectation``. The catalog (``review.replay.catalog.CATALOG``)
is written with the same API a team uses for its own scenarios.

Example::

    from monitoring_constructs.review.replay.engine import replay
    queue_stuck = Scenario(
        name="queue stuck", description="Consumers stop; the oldest message ages for 40 minutes.",
        timeline=Timeline(phases=(Phase(0, 40, {"queue_depth": 500.0, "queue_oldest_age_seconds": 1800.0}),)),
        expectation=paged_at("P2", 25),
        applies_to=has_metric("AWS/SQS", "ApproximateAgeOfOldestMessage"),
    )
    if queue_stuck.applies_to(stack):
        result = queue_stuck.run(stack, replay)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..stacks import Stack
from .expectations import Expectation
from .publishing import PublishedWorld, Timeline
from .world import Event, LogLine, Replay, World

DEFAULT_ACCOUNT = "123456789012"

# The engine's ``replay`` function (passed in, so scenarios do not depend on the evaluator).
ReplayFunction = Callable[..., Replay]


def _metrics(stack: Stack) -> Iterator[tuple[str, str, dict[str, str]]]:
    """(namespace, metric name, resolved dimensions) of every metric the stack's alarms read."""
    for alarm in stack.resources("aws_cloudwatch_metric_alarm").values():
        queries = [query.get("metric") for query in alarm.get("metric_query") or ()]
        for metric in [alarm, *[query for query in queries if isinstance(query, Mapping)]]:
            if metric.get("namespace") and metric.get("metric_name"):
                dimensions = {str(k): stack.resolve(v) for k, v in (metric.get("dimensions") or {}).items()}
                yield str(metric["namespace"]), str(metric["metric_name"]), dimensions


@dataclass(frozen=True, slots=True)
class Target:
    """What a scenario needs to know of the stack under test (read from its JSON alone)."""

    account: str
    region: str
    cluster: str | None = None
    service: str | None = None
    databases: tuple[str, ...] = ()
    dead_letter_queues: frozenset[str] = frozenset()
    log_groups: tuple[str, ...] = ()

    @property
    def service_arn(self) -> str | None:
        """``arn:aws:ecs:<region>:<account>:service/<cluster>/<service>``, from the alarm dimensions."""
        if not (self.cluster and self.service):
            return None
        return f"arn:aws:ecs:{self.region}:{self.account}:service/{self.cluster}/{self.service}"

    @staticmethod
    def of(stack: Stack, *, account: str = DEFAULT_ACCOUNT, region: str | None = None) -> Target:
        """The facts of ``stack``; ``region`` defaults to its (unaliased) AWS provider's region."""
        providers = stack.document.get("provider", {}).get("aws") or [{}]
        default = next((p for p in providers if isinstance(p, Mapping) and "alias" not in p), {})
        metrics = list(_metrics(stack))
        ecs = next((d for _, _, d in metrics if "ClusterName" in d and "ServiceName" in d), {})
        filters = stack.resources("aws_cloudwatch_log_metric_filter").values()
        return Target(
            account=account,
            region=region or str(default.get("region", "us-east-1")),
            cluster=ecs.get("ClusterName"),
            service=ecs.get("ServiceName"),
            databases=tuple(sorted({d["DBInstanceIdentifier"] for _, _, d in metrics if "DBInstanceIdentifier" in d})),
            # The library's only alarm on ApproximateNumberOfMessagesVisible watches the dead-letter queue.
            dead_letter_queues=frozenset(d["QueueName"] for _, name, d in metrics
                                         if name == "ApproximateNumberOfMessagesVisible" and "QueueName" in d),
            log_groups=tuple(sorted({stack.resolve(f.get("log_group_name")) for f in filters})),
        )


def has_metric(namespace: str, metric_name: str | None = None) -> Callable[[Stack], bool]:
    """Stacks with an alarm reading ``namespace`` (and ``metric_name``, when given)."""
    def applies(stack: Stack) -> bool:
        return any(ns == namespace and metric_name in (None, name) for ns, name, _ in _metrics(stack))
    return applies


def log_format(stack: Stack) -> str | None:
    """``json`` when the log metric filters match JSON fields (``{ $.level = ... }``), ``text`` otherwise."""
    patterns = [str(f.get("pattern", "")) for f in stack.resources("aws_cloudwatch_log_metric_filter").values()]
    if not patterns:
        return None
    return "json" if all(pattern.lstrip().startswith("{") for pattern in patterns) else "text"


def logs_in(format_name: str) -> Callable[[Stack], bool]:
    """Stacks whose application log filters read ``format_name`` lines."""
    return lambda stack: log_format(stack) == format_name


def watches_deployments(stack: Stack) -> bool:
    """Stacks with an EventBridge rule on ECS deployment state changes."""
    rules = stack.resources("aws_cloudwatch_event_rule").values()
    return any("ECS Deployment State Change" in str(rule.get("event_pattern", "")) for rule in rules)


def grades_severity(stack: Stack) -> bool:
    """Stacks whose senders carry more than one severity (prod); dev and staging send all at P3.

    A scenario whose expectation names severities applies only there: on a one-severity stack
    "a P0 page" cannot be asked for.
    """
    kinds = ("aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm", "aws_cloudwatch_event_rule",
             "aws_db_event_subscription")
    severities = {(block.get("tags") or {}).get("AlarmSeverity") or (block.get("tags") or {}).get("Severity")
                  for kind in kinds for block in stack.resources(kind).values()}
    return len(severities - {None}) > 1


def both(*conditions: Callable[[Stack], bool]) -> Callable[[Stack], bool]:
    """Stacks meeting every condition."""
    return lambda stack: all(condition(stack) for condition in conditions)


def _no_events(target: Target) -> tuple[Event, ...]:
    return ()


def _no_lines(target: Target) -> tuple[LogLine, ...]:
    return ()


def _every_stack(stack: Stack) -> bool:
    return True


@dataclass(frozen=True)
class Scenario:
    """One incident: ``minutes`` of ``timeline`` after ``warmup`` minutes of it, with what the responder expects.

    ``description``: one line for responders. ``events`` and ``log_lines`` are built for the
    stack under test from its ``Target`` (times in minutes from the incident's start).
    """

    name: str
    description: str
    timeline: Timeline
    expectation: Expectation
    minutes: int = 60
    warmup: int = 60
    events: Callable[[Target], tuple[Event, ...]] = field(default=_no_events)
    log_lines: Callable[[Target], tuple[LogLine, ...]] = field(default=_no_lines)
    applies_to: Callable[[Stack], bool] = field(default=_every_stack)

    def world(self, target: Target) -> World:
        return PublishedWorld(self.timeline, dead_letter_queues=target.dead_letter_queues)

    def run(self, stack: Stack, replay: ReplayFunction, *, account: str = DEFAULT_ACCOUNT,
            region: str | None = None) -> Replay:
        """``replay(stack, world, ...)`` with this scenario's world, events and log lines for ``stack``."""
        target = Target.of(stack, account=account, region=region)
        arguments: dict[str, Any] = {
            "minutes": self.minutes, "warmup": self.warmup, "events": self.events(target),
            "log_lines": self.log_lines(target), "account": target.account, "region": target.region,
        }
        return replay(stack, self.world(target), **arguments)
