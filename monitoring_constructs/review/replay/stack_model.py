"""One synthesized stack read once into plain values: what the replay evaluates.

``read_model`` turns ``cdk.tf.json`` into alarms, composites, topics, event rules and
their targets, RDS event subscriptions and log metric filters, every interpolation
rendered (``terraform_values``), so evaluation never reads JSON again.

Alarm actions follow "PutMetricAlarm" (CloudWatch API Reference,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html):
an action is an ARN; only SNS topics are kept (``arn:aws:sns:...``). The same page's
``TreatMissingData``: alarms on ``AWS/DynamoDB`` metrics always ignore missing data. A reference to a
topic of the stack is that topic (its ``name`` and ``Severity`` tag); a literal ARN is an
existing topic, named by the ARN itself, without a severity.

Example::

    model = read_model(stack, account="123456789012")
    [alarm.name for alarm in model.alarms]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..stacks import Stack
from .terraform_values import Renderer, ReplayError
from .world import MetricId, Notification, State

SenderKind = Literal["alarm", "composite", "event_rule", "rds_subscription"]


@dataclass(frozen=True)
class Topic:
    """An SNS topic an alarm, rule or subscription publishes to."""

    name: str
    severity: str | None


@dataclass(frozen=True)
class MetricStat:
    """One metric with its statistic and period (seconds), as an alarm or a metric query reads it."""

    metric: MetricId
    stat: str
    period: int


@dataclass(frozen=True)
class Query:
    """One ``metric_query`` block: a metric or an expression; ``returns``: its ``return_data``."""

    id: str
    metric: MetricStat | None
    expression: str | None
    returns: bool


@dataclass(frozen=True)
class Actions:
    """The topics notified on entering each state; ``enabled``: ``actions_enabled``."""

    enabled: bool
    alarm: tuple[Topic, ...]
    ok: tuple[Topic, ...]
    insufficient_data: tuple[Topic, ...]


    def topics(self, state: State) -> tuple[Topic, ...]:
        """The topics notified on entering ``state`` (none when actions are disabled)."""
        if not self.enabled:
            return ()
        return {"ALARM": self.alarm, "OK": self.ok, "INSUFFICIENT_DATA": self.insufficient_data}[state]

    def notify(self, state: State, *, minute: float, sender: str, kind: SenderKind, severity: str | None,
               reason: str) -> list[Notification]:
        """One Notification per topic of ``state``; INSUFFICIENT_DATA actions carry that state."""
        return [Notification(minute, topic.name, topic.severity, sender, kind, state, severity, reason)
                for topic in self.topics(state)]


@dataclass(frozen=True)
class MetricAlarm:
    """An ``aws_cloudwatch_metric_alarm``; a single-metric alarm is one returned metric query ``m1``."""

    name: str
    queries: tuple[Query, ...]
    comparison: str
    threshold: float | None
    threshold_metric_id: str | None
    evaluation_periods: int
    datapoints_to_alarm: int
    treat_missing_data: str
    evaluate_low_sample_count: bool
    actions: Actions
    severity: str | None


@dataclass(frozen=True)
class Suppressor:
    """``actions_suppressor``: the alarm's name and the periods in seconds."""

    alarm: str
    wait_period: int
    extension_period: int


@dataclass(frozen=True)
class CompositeAlarm:
    """An ``aws_cloudwatch_composite_alarm`` with its rule rendered (names or ARNs of alarms)."""

    name: str
    rule: str
    actions: Actions
    suppressor: Suppressor | None
    severity: str | None


@dataclass(frozen=True)
class Target:
    """An event target the replay follows: a topic or a log group (other targets are not kept)."""

    topic: Topic | None
    log_group: str | None


@dataclass(frozen=True)
class EventRule:
    """An ``aws_cloudwatch_event_rule`` with an event pattern, and its kept targets."""

    name: str
    pattern: Mapping[str, Any]
    severity: str | None
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class RdsSubscription:
    """An ``aws_db_event_subscription`` (its block rendered) and its topic."""

    name: str
    block: Mapping[str, Any]
    topic: Topic
    severity: str | None


@dataclass(frozen=True)
class LogFilter:
    """An ``aws_cloudwatch_log_metric_filter``: pattern, log group and the metric it publishes."""

    name: str
    log_group: str
    pattern: str
    metric: MetricId
    value: str
    default_value: float | None


@dataclass(frozen=True)
class StackModel:
    """Everything of one stack that the replay evaluates."""

    region: str
    alarms: tuple[MetricAlarm, ...]
    composites: tuple[CompositeAlarm, ...]
    rules: tuple[EventRule, ...]
    subscriptions: tuple[RdsSubscription, ...]
    filters: tuple[LogFilter, ...]


def severity(block: Mapping[str, Any]) -> str | None:
    """The sender's severity: its ``AlarmSeverity`` tag, else its ``Severity`` tag."""
    tags = block.get("tags") or {}
    return tags.get("AlarmSeverity") or tags.get("Severity")


def most_urgent(severities: Sequence[str | None]) -> str | None:
    """The most urgent severity (P0 before P1...; other values after the P levels)."""
    found = [s for s in severities if s]
    return min(found, key=lambda s: (0, int(s[1:])) if s[:1] == "P" and s[1:].isdigit() else (1, 0)) if found else None


def default_region(stack: Stack) -> str:
    """The region of the stack's default (unaliased) AWS provider."""
    providers = stack.document.get("provider", {}).get("aws", [])
    for provider in providers if isinstance(providers, list) else [providers]:
        if "alias" not in provider and isinstance(provider.get("region"), str):
            return str(provider["region"])
    raise ReplayError(f"stack {stack.name} names no region in its default aws provider; pass region=")


def alarm_name(reference: str) -> str:
    """An alarm named in a rule or a suppressor: its name, or the name inside its ARN."""
    return reference.split(":alarm:", 1)[1] if reference.startswith("arn:") and ":alarm:" in reference else reference


def read_model(stack: Stack, *, account: str, region: str | None = None) -> StackModel:
    """Read the alarms, composites, rules, subscriptions and filters of ``stack`` once."""
    region = region or default_region(stack)
    reader = _Reader(stack, Renderer(stack, account=account, region=region))
    return StackModel(
        region=region,
        alarms=tuple(reader.alarm(block) for block in stack.resources("aws_cloudwatch_metric_alarm").values()),
        composites=tuple(reader.composite(block) for block in stack.resources("aws_cloudwatch_composite_alarm").values()),
        rules=reader.rules(),
        subscriptions=tuple(reader.subscription(block) for block in stack.resources("aws_db_event_subscription").values()
                            if block.get("enabled", True) not in (False, "false")),
        filters=tuple(reader.log_filter(block) for block in stack.resources("aws_cloudwatch_log_metric_filter").values()),
    )


class _Reader:
    def __init__(self, stack: Stack, renderer: Renderer) -> None:
        self.stack, self.renderer = stack, renderer

    def topic(self, action: str, sender: str) -> Topic | None:
        """The topic an action or target ARN names, or None when it is not an SNS topic."""
        found = self.stack.reference(action)
        if found and found[0].startswith("aws_sns_topic."):
            block = self.stack.block(found[0])
            if block is None:
                raise ReplayError(f"{sender} notifies {action}, which is not in the stack")
            return self._topic(block)
        if found is not None:
            return None
        plain = self.renderer.render(action)
        if not (plain.startswith("arn:") and plain.split(":")[2:3] == ["sns"]):
            return None
        if plain != action:  # built with join(): the ARN of one of the stack's topics, or an existing one
            for key, block in self.stack.resources("aws_sns_topic").items():
                if self.renderer.attribute(f"aws_sns_topic.{key}.arn") == plain:
                    return self._topic(block)
        return Topic(plain, None)

    def _topic(self, block: Mapping[str, Any]) -> Topic:
        return Topic(self.renderer.render(block["name"]), (block.get("tags") or {}).get("Severity"))

    def actions(self, block: Mapping[str, Any], sender: str) -> Actions:
        def topics(key: str) -> tuple[Topic, ...]:
            return tuple(t for t in (self.topic(a, sender) for a in block.get(key) or ()) if t is not None)

        enabled = block.get("actions_enabled", True) not in (False, "false")
        return Actions(enabled, topics("alarm_actions"), topics("ok_actions"), topics("insufficient_data_actions"))

    def metric(self, block: Mapping[str, Any], stat: str) -> MetricStat:
        dimensions = {name: self.renderer.render_or_keep(str(value)) for name, value in (block.get("dimensions") or {}).items()}
        return MetricStat(MetricId.of(block["namespace"], block["metric_name"], dimensions), stat, int(block["period"]))

    def alarm(self, block: Mapping[str, Any]) -> MetricAlarm:
        name = self.renderer.render(block["alarm_name"])
        if block.get("metric_query"):
            queries = tuple(self.query(item, name) for item in block["metric_query"])
        else:
            stat = block.get("statistic") or block.get("extended_statistic")
            if not stat:
                raise ReplayError(f"alarm {name} has neither a statistic nor metric queries")
            queries = (Query("m1", self.metric(block, stat), None, True),)
        periods = int(block["evaluation_periods"])
        threshold = block.get("threshold")
        treat = block.get("treat_missing_data") or "missing"
        if any(q.metric and q.metric.metric.namespace == "AWS/DynamoDB" for q in queries):
            treat = "ignore"  # PutMetricAlarm: AWS/DynamoDB alarms "always ignore missing data"
        return MetricAlarm(
            name=name, queries=queries, comparison=block["comparison_operator"],
            threshold=None if threshold is None else float(threshold),
            threshold_metric_id=block.get("threshold_metric_id"), evaluation_periods=periods,
            datapoints_to_alarm=int(block.get("datapoints_to_alarm") or periods),
            treat_missing_data=treat,
            evaluate_low_sample_count=block.get("evaluate_low_sample_count_percentiles", "evaluate") != "ignore",
            actions=self.actions(block, name), severity=severity(block),
        )

    def query(self, item: Mapping[str, Any], alarm: str) -> Query:
        metric = item.get("metric")
        returns = item.get("return_data") in (True, "true")
        if metric:
            metric = metric[0] if isinstance(metric, list) else metric
            return Query(item["id"], self.metric(metric, metric["stat"]), None, returns)
        if not item.get("expression"):
            raise ReplayError(f"alarm {alarm}: metric query {item.get('id')} has neither a metric nor an expression")
        return Query(item["id"], None, self.renderer.render(item["expression"]), returns)

    def composite(self, block: Mapping[str, Any]) -> CompositeAlarm:
        name = self.renderer.render(block["alarm_name"])
        found = block.get("actions_suppressor")
        found = found[0] if isinstance(found, list) else found
        suppressor = None
        if found:
            suppressor = Suppressor(alarm_name(self.renderer.render(found["alarm"])),
                                    int(found["wait_period"]), int(found["extension_period"]))
        return CompositeAlarm(name, self.renderer.render(block["alarm_rule"]), self.actions(block, name), suppressor,
                              severity(block))

    def rules(self) -> tuple[EventRule, ...]:
        targets: dict[str, list[Target]] = {}
        for block in self.stack.resources("aws_cloudwatch_event_target").values():
            found = self.stack.reference(block["rule"])
            rule = found[0] if found else f"name:{block['rule']}"
            target = self.target(block["arn"], rule)
            if target is not None:
                targets.setdefault(rule, []).append(target)
        rules = []
        for key, block in self.stack.resources("aws_cloudwatch_event_rule").items():
            if not block.get("event_pattern") or block.get("state") == "DISABLED" or block.get("is_enabled") is False:
                continue  # a schedule, or a disabled rule: no event reaches its targets
            name = self.renderer.render(block["name"])
            kept = targets.get(f"aws_cloudwatch_event_rule.{key}", []) + targets.get(f"name:{name}", [])
            rules.append(EventRule(name, self.renderer.render_json(block["event_pattern"]), severity(block), tuple(kept)))
        return tuple(rules)

    def target(self, arn: str, rule: str) -> Target | None:
        found = self.stack.reference(arn)
        if found and found[0].startswith("aws_cloudwatch_log_group."):
            return Target(None, self.renderer.attribute(f"{found[0]}.name"))
        topic = self.topic(arn, rule)
        if topic is not None:
            return Target(topic, None)
        if found is None:
            plain = self.renderer.render(arn)
            if plain.split(":")[2:3] == ["logs"] and ":log-group:" in plain:
                return Target(None, plain.split(":log-group:", 1)[1].removesuffix(":*"))
        return None

    def subscription(self, block: Mapping[str, Any]) -> RdsSubscription:
        name = self.renderer.render(block["name"])
        topic = self.topic(block["sns_topic"], name)
        if topic is None:
            raise ReplayError(f"RDS event subscription {name} does not notify an SNS topic: {block['sns_topic']}")
        rendered = {key: self.renderer.render_tree(value) for key, value in block.items() if key != "//"}
        return RdsSubscription(name, rendered, topic, severity(block))

    def log_filter(self, block: Mapping[str, Any]) -> LogFilter:
        name = self.renderer.render(block["name"])
        transformation = block["metric_transformation"]
        transformation = transformation[0] if isinstance(transformation, Sequence) else transformation
        dimensions = transformation.get("dimensions") or {}
        if any(str(value).startswith("$") for value in dimensions.values()):
            raise ReplayError(f"log metric filter {name}: dimensions taken from log fields are not replayed")
        default = transformation.get("default_value")
        return LogFilter(
            name=name, log_group=self.renderer.render(block["log_group_name"]), pattern=block.get("pattern", ""),
            metric=MetricId.of(transformation["namespace"], transformation["name"], dimensions),
            value=str(transformation["value"]), default_value=None if default in (None, "") else float(default),
        )
