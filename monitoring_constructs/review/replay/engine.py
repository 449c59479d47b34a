"""Replay one incident through every alarm, rule and subscription of one synthesized stack.

``replay`` reads the stack once (``stack_model``), delivers the incident's events
(EventBridge rules and RDS event subscriptions), turns log lines into metric-filter
samples, then evaluates every metric alarm each minute from ``-warmup`` to ``minutes``
(``metric_alarms``, ``datapoints``, ``metric_math``) and re-evaluates the composites
(``composites``). Only what happens at minute >= 0 is returned, in time order.
Timing approximation: the evaluation at minute ``e`` sees the samples of minutes before
``e`` (a datapoint for minute ``m`` is available at ``m + 1``), and a composite follows its
children in the same minute. The World is read from minute ``-warmup`` on: before the
scenario's warm-up nothing was published.

Events: a rule whose pattern matches the event ("Amazon EventBridge event patterns",
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html) sends it to
each target: an SNS topic receives it (a Notification in state EVENT), a CloudWatch Logs
log group stores the event as JSON as the log message ("Amazon EventBridge targets",
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html); other targets are
not followed. RDS events reach the topic of each matching ``aws_db_event_subscription``
("Working with Amazon RDS event notification",
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.html).

Log metric filters ("Concepts", Creating metrics from log events using filters, CloudWatch
Logs User Guide, https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html):
each matching line of the filter's log group publishes its value (one sample per line);
the default value is "reported ... during a period when logs are ingested but no matching
logs are found", so a minute with lines and no match publishes it once and a minute
without lines publishes nothing. These samples join the World's for that metric.

Example::

    result = replay(load_stack(path), world, minutes=30, events=[deployment_failed])
    [(n.minute, n.topic, n.state) for n in result.notifications]
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Sequence

from ..stacks import Stack
from . import event_patterns, log_filters, rds_events
from .composites import CompositeRunner
from .datapoints import AlarmData
from .metric_alarms import evaluation_range, next_state
from .stack_model import LogFilter, StackModel, read_model
from .world import Event, LogLine, MetricId, Notification, Replay, State, Transition, World


def replay(stack: Stack, world: World, *, minutes: int, warmup: int = 60, events: Sequence[Event] = (),
           log_lines: Sequence[LogLine] = (), account: str = "123456789012", region: str | None = None) -> Replay:
    """Every notification and transition of ``stack`` at minutes 0 to ``minutes`` of the incident."""
    model = read_model(stack, account=account, region=region)
    notifications: list[Notification] = []
    lines = list(log_lines)
    for event in sorted(events, key=lambda item: item.minute):
        notifications += _deliver(model, event, account, lines)
    samples = _Samples(world, _filter_samples(model.filters, lines), start=-warmup)
    data = {alarm.name: AlarmData(alarm, samples=samples.get, expected=world.expected, warmup_start=-warmup)
            for alarm in model.alarms}
    states: dict[str, State] = {alarm.name: "INSUFFICIENT_DATA" for alarm in model.alarms}
    states |= {composite.name: "INSUFFICIENT_DATA" for composite in model.composites}
    severities = {alarm.name: alarm.severity for alarm in model.alarms} | {c.name: c.severity for c in model.composites}
    runner = CompositeRunner(model.composites, severities=severities)
    transitions: list[Transition] = []
    for minute in range(-warmup, minutes + 1):
        for alarm in model.alarms:
            evaluation = next_state(alarm, data[alarm.name].datapoints(minute, evaluation_range(alarm)), states[alarm.name])
            if evaluation.state is not None and evaluation.state != states[alarm.name]:
                transitions.append(Transition(minute, alarm.name, states[alarm.name], evaluation.state, evaluation.reason))
                states[alarm.name] = evaluation.state
                notifications += alarm.actions.notify(evaluation.state, minute=minute, sender=alarm.name, kind="alarm",
                                                      severity=alarm.severity, reason=evaluation.reason)
        changed, notified = runner.step(minute, states)
        transitions += changed
        notifications += notified
    return Replay(
        notifications=tuple(sorted((n for n in notifications if 0 <= n.minute <= minutes), key=lambda n: n.minute)),
        transitions=tuple(sorted((t for t in transitions if 0 <= t.minute <= minutes), key=lambda t: t.minute)),
    )


def _deliver(model: StackModel, event: Event, account: str, lines: list[LogLine]) -> list[Notification]:
    """The notifications an event causes; log-group targets append its JSON to ``lines``."""
    document = event.document(account, model.region)
    reason = f"{event.detail_type} from {event.source}"
    found: list[Notification] = []
    for rule in model.rules:
        if not event_patterns.matches(rule.pattern, document):
            continue
        for target in rule.targets:
            if target.topic is not None:
                found.append(Notification(event.minute, target.topic.name, target.topic.severity, rule.name,
                                          "event_rule", "EVENT", rule.severity, reason))
            if target.log_group is not None:
                lines.append(LogLine(event.minute, target.log_group, json.dumps(document)))
    if event.source == "aws.rds":
        for subscription in model.subscriptions:
            if rds_events.subscription_matches(subscription.block, event):
                found.append(Notification(event.minute, subscription.topic.name, subscription.topic.severity,
                                          subscription.name, "rds_subscription", "EVENT", subscription.severity, reason))
    return found


def _filter_samples(filters: Sequence[LogFilter], lines: Sequence[LogLine]) -> dict[tuple[MetricId, int], list[float]]:
    """The samples each metric filter publishes, by metric and minute."""
    by_minute: dict[tuple[str, int], list[str]] = defaultdict(list)
    for line in lines:
        by_minute[(line.log_group, math.floor(line.minute))].append(line.message)
    found: dict[tuple[MetricId, int], list[float]] = defaultdict(list)
    for log_filter in filters:
        pattern = log_filters.parse(log_filter.pattern)
        for (group, minute), messages in by_minute.items():
            if group != log_filter.log_group:
                continue
            values = [pattern.value(m, log_filter.value) for m in messages if pattern.matches(m)]
            published = [v for v in values if v is not None]
            if not values and log_filter.default_value is not None:
                published = [log_filter.default_value]
            found[(log_filter.metric, minute)] += published
    return found


class _Samples:
    """The World's samples from ``start`` on, with the metric filters' samples added, each read once."""

    def __init__(self, world: World, derived: dict[tuple[MetricId, int], list[float]], *, start: int) -> None:
        self.world, self.derived, self.start = world, derived, start
        self.cache: dict[tuple[MetricId, int], tuple[float, ...]] = {}

    def get(self, metric: MetricId, minute: int) -> tuple[float, ...]:
        key = (metric, minute)
        if minute < self.start:
            return ()  # before the scenario's warm-up nothing was published
        if key not in self.cache:
            self.cache[key] = tuple(self.world.samples(metric, minute)) + tuple(self.derived.get(key, ()))
        return self.cache[key]
