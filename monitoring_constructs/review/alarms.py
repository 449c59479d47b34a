"""The alarms of a stack, the topics they notify, and who is subscribed to those topics.

Read generically from the synthesized JSON, so alarms added by any construct
appear: metric alarms (``aws_cloudwatch_metric_alarm``, plain or metric math,
static threshold or anomaly band) and composite alarms
(``aws_cloudwatch_composite_alarm``). A topic's subscribers are its
``aws_sns_topic_subscription`` blocks and every AWS Chatbot channel
configuration (Slack, Teams) that lists it. Severity is the alarm's
``Severity`` tag.

HTTP(S) endpoints are shown as scheme and host only: their paths often carry
an integration key, and this text is meant to be pasted into pull requests.

Example::

    alarms, topics = read_alarms(stack)
    [alarm.name for alarm in alarms if alarm.unheard]  # alarms nobody hears
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .notifiers import heard_through_composites
from .stacks import Stack

METRIC_ALARM = "aws_cloudwatch_metric_alarm"
COMPOSITE_ALARM = "aws_cloudwatch_composite_alarm"
TOPIC = "aws_sns_topic"
SUBSCRIPTION = "aws_sns_topic_subscription"
CHATBOT_PREFIX = "aws_chatbot_"
# Resource types that mention a topic without publishing to it.
_NOT_PUBLISHERS = (TOPIC, "aws_iam_")

COMPARISONS = {
    "GreaterThanThreshold": ">",
    "GreaterThanOrEqualToThreshold": "≥",
    "LessThanThreshold": "<",
    "LessThanOrEqualToThreshold": "≤",
    "LessThanLowerOrGreaterThanUpperThreshold": "outside the band",
    "LessThanLowerThreshold": "below the band",
    "GreaterThanUpperThreshold": "above the band",
}
# Alarm state -> the argument listing its actions.
ACTION_STATES = (("ALARM", "alarm_actions"), ("OK", "ok_actions"), ("INSUFFICIENT_DATA", "insufficient_data_actions"))
SEVERITY_TAG = "Severity"
NONE = "—"


@dataclass(frozen=True)
class Subscriber:
    """Someone a topic reaches: ``kind`` is the protocol (email, https...) or Slack/Teams."""

    kind: str
    target: str

    def __str__(self) -> str:
        return f"{self.kind} {self.target}"


@dataclass(frozen=True)
class Topic:
    """An SNS topic alarms notify. ``in_stack`` is False for a topic created elsewhere (an ARN or a lookup)."""

    key: str
    name: str
    in_stack: bool
    subscribers: tuple[Subscriber, ...] = ()
    publishers: tuple[str, ...] = ()

    @property
    def unsubscribed(self) -> bool:
        """A topic of this stack that reaches nobody (one from elsewhere may have subscribers we cannot see)."""
        return self.in_stack and not self.subscribers


@dataclass(frozen=True)
class Action:
    """One action of one alarm state: a topic, or another target (Lambda, Auto Scaling...) shown as text."""

    state: str
    target: str
    topic: Topic | None


@dataclass(frozen=True)
class Alarm:
    """One CloudWatch alarm as a reviewer reads it; every field is display text."""

    address: str
    kind: str  # "metric" or "composite"
    name: str
    severity: str
    metric: str
    statistic: str
    schedule: str
    condition: str
    missing_data: str
    actions: tuple[Action, ...]
    actions_enabled: bool
    threshold: float | None  # the static threshold, for graphs
    # The roll-ups (composites with actions) whose rule names this alarm, which has no actions of its
    # own: ``actions`` are then theirs. ``suppresses``: the composites whose actions this one holds back.
    through: tuple[str, ...] = ()
    suppresses: tuple[str, ...] = ()

    @property
    def topics(self) -> tuple[Topic, ...]:
        return tuple(dict.fromkeys(action.topic for action in self.actions if action.topic))

    @property
    def subscribers(self) -> tuple[Subscriber, ...]:
        return tuple(dict.fromkeys(s for topic in self.topics for s in topic.subscribers))

    @property
    def unheard(self) -> bool:
        """Nobody hears it: no ALARM action, actions disabled, or only topics of this stack without subscribers."""
        alarm_targets = [action for action in self.actions if action.state == "ALARM"]
        if not alarm_targets and self.suppresses:
            return False
        if not self.actions_enabled or not alarm_targets:
            return True
        return all(action.topic is not None and action.topic.unsubscribed for action in alarm_targets)

    @property
    def notifies(self) -> str:
        """``topic (ALARM, OK)`` per target, or why it notifies nobody."""
        states: dict[str, list[str]] = {}
        for action in self.actions:
            states.setdefault(action.target, []).append(action.state)
        text = "; ".join(f"{target} ({', '.join(s)})" for target, s in states.items())
        if not text and self.suppresses:
            return "nobody: holds back " + ", ".join(self.suppresses)
        text = text or "nobody (no actions)"
        if self.through:
            text += " through " + ", ".join(self.through)
        return text if self.actions_enabled else f"actions disabled: {text}"

    @property
    def subscriber_text(self) -> str:
        """``N: kind target, ...``, flagged when the alarm reaches nobody."""
        if self.unheard:
            unsubscribed = [t.name for t in self.topics if t.unsubscribed]
            why = f"{', '.join(unsubscribed)} has no subscriber" if unsubscribed else "no topic notified"
            return f"⚠ none: {why}"
        text = f"{len(self.subscribers)}: " + ", ".join(map(str, self.subscribers)) if self.subscribers else "0"
        outside = [t.name for t in self.topics if not t.in_stack]
        return text + (f" (+ subscribers of {', '.join(outside)}, outside this stack)" if outside else "")

    def facets(self) -> dict[str, str]:
        """What a reviewer compares between two versions of the alarm."""
        return {
            "metric": self.metric,
            "statistic": self.statistic,
            "period × evaluations (datapoints)": self.schedule,
            "condition": self.condition,
            "missing data": self.missing_data,
            "severity": self.severity,
            "notifies": self.notifies,
            "subscribers": self.subscriber_text,
        }


# --- Topics and subscribers ------------------------------------------------------------


def _topic_key(stack: Stack, value: object) -> str | None:
    """``aws_sns_topic.<id>`` (or ``data.aws_sns_topic.<id>``) for a topic of the stack, the ARN for a topic ARN.

    A reference to a block that does not exist is no topic: it is shown verbatim.
    """
    reference = stack.reference(value)
    if reference:
        address = reference[0]
        return address if address.split(".")[-2] == TOPIC and stack.block(address) is not None else None
    if isinstance(value, str) and value.startswith("arn:") and ":sns:" in value:
        return value
    return None


def _endpoint(protocol: str, endpoint: str) -> str:
    if protocol in ("http", "https") and "${" not in endpoint:
        parts = urlsplit(endpoint)
        return parts.netloc + ("/…" if parts.path.strip("/") or parts.query else "")
    return endpoint


def _chatbot_subscriber(resource_type: str, block: Mapping[str, Any], stack: Stack) -> Subscriber:
    app = resource_type.removeprefix(CHATBOT_PREFIX).split("_")[0].capitalize()  # Slack, Teams
    channel = block.get("slack_channel_id") or block.get("channel_id") or block.get("channel_name") or "?"
    name = block.get("configuration_name")
    return Subscriber(app, stack.resolve(channel) + (f" ({stack.resolve(name)})" if name else ""))


def _mentioned_topics(stack: Stack, value: object) -> set[str]:
    """Topic keys referenced anywhere in ``value`` (strings, lists, nested blocks)."""
    if isinstance(value, Mapping):
        return set().union(*(_mentioned_topics(stack, v) for k, v in value.items() if k != "//"))
    if isinstance(value, list):
        return set().union(*(_mentioned_topics(stack, v) for v in value))
    key = _topic_key(stack, value)
    return {key} if key else set()


def read_topics(stack: Stack) -> dict[str, Topic]:
    """Every topic of the stack, and every topic some block of it mentions, by key."""
    subscribers: dict[str, list[Subscriber]] = {}
    publishers: dict[str, list[str]] = {}
    notified: set[str] = set()
    for resource_type in stack.resource_types():
        for block in stack.resources(resource_type).values():
            if resource_type == SUBSCRIPTION:
                key = _topic_key(stack, block.get("topic_arn"))
                protocol = str(block.get("protocol", "?"))
                subscriber = Subscriber(protocol, _endpoint(protocol, stack.resolve(block.get("endpoint", "?"))))
                subscribers.setdefault(key or stack.resolve(block.get("topic_arn")), []).append(subscriber)
            elif resource_type in (METRIC_ALARM, COMPOSITE_ALARM):
                for _, argument in ACTION_STATES:
                    notified.update(filter(None, (_topic_key(stack, v) for v in block.get(argument) or ())))
            elif resource_type.startswith(CHATBOT_PREFIX):
                for key in filter(None, (_topic_key(stack, arn) for arn in block.get("sns_topic_arns") or ())):
                    subscribers.setdefault(key, []).append(_chatbot_subscriber(resource_type, block, stack))
            elif not resource_type.startswith(_NOT_PUBLISHERS):
                name = next((stack.resolve(block[k]) for k in ("name", "function_name") if k in block), None)
                label = resource_type.removeprefix("aws_") + (f" {name}" if name else "")
                for key in _mentioned_topics(stack, block):
                    publishers.setdefault(key, []).append(label)
    keys = [f"{TOPIC}.{key}" for key in stack.resources(TOPIC)] + sorted(set(subscribers) | set(publishers) | notified)
    return {
        key: _topic(stack, key, sorted(subscribers.get(key, ()), key=_by_kind), publishers.get(key, ()))
        for key in dict.fromkeys(keys)
    }


def _by_kind(subscriber: Subscriber) -> tuple[str, str]:
    """A stable order: by kind (email, https, Slack, sms, Teams...), then target."""
    return (subscriber.kind.lower(), subscriber.target)


def _topic(stack: Stack, key: str, subscribers: Sequence[Subscriber], publishers: Sequence[str]) -> Topic:
    in_stack = key.startswith(f"{TOPIC}.")
    if key.startswith("arn:"):
        name = key.rsplit(":", 1)[-1]
    else:
        block = stack.block(key) or {}
        name = stack.name_of(key) or (f"{block['name_prefix']}*" if "name_prefix" in block else key)
    return Topic(key=key, name=name, in_stack=in_stack, subscribers=tuple(subscribers), publishers=tuple(publishers))


# --- Alarms -----------------------------------------------------------------------------


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def _duration(seconds: object) -> str:
    """``5 min``, ``1 h``, ``30 s``; anything else verbatim."""
    if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds <= 0:
        return str(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def _dimensions(stack: Stack, dimensions: object) -> str:
    if not isinstance(dimensions, Mapping) or not dimensions:
        return ""
    return " (" + ", ".join(f"{k}={stack.resolve(v)}" for k, v in dimensions.items()) + ")"


def _metric_text(stack: Stack, block: Mapping[str, Any]) -> str:
    return f"{block.get('namespace', '?')} {block.get('metric_name', '?')}" + _dimensions(stack, block.get("dimensions"))


def _queries(block: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [q for q in block.get("metric_query") or () if isinstance(q, Mapping)]


def _query_metric(query: Mapping[str, Any]) -> Mapping[str, Any]:
    metric = query.get("metric")
    if isinstance(metric, list):  # a block list of one
        metric = metric[0] if metric else None
    return metric if isinstance(metric, Mapping) else {}


def _math_fields(stack: Stack, queries: list[Mapping[str, Any]], band_id: object) -> dict[str, Any]:
    """Metric, statistic and period of a metric-math alarm (the band query is not the metric)."""
    returned = [q for q in queries if q.get("return_data") and q.get("id") != band_id] or queries[-1:]
    inputs = [_query_metric(q) | {"id": q.get("id")} for q in queries if "metric" in q]
    described = [f"{m['id']} = {_metric_text(stack, m)} {m.get('stat', '')}".rstrip() for m in inputs]
    metric = "; ".join(
        stack.resolve(q["expression"]) if "expression" in q else _metric_text(stack, _query_metric(q)) for q in returned
    )
    periods = [m.get("period") for m in inputs] + [q.get("period") for q in queries]
    expressions = any("expression" in q for q in returned)
    return {
        "metric": metric + (f" where {'; '.join(described)}" if described and expressions else ""),
        "statistic": ", ".join(dict.fromkeys(str(m.get("stat")) for m in inputs)) or NONE,
        "period": next((p for p in periods if p is not None), None),
    }


def _metric_alarm_fields(stack: Stack, block: Mapping[str, Any]) -> dict[str, Any]:
    queries = _queries(block)
    band_id = block.get("threshold_metric_id")
    if queries:
        fields = _math_fields(stack, queries, band_id)
    else:
        fields = {
            "metric": _metric_text(stack, block),
            "statistic": str(block.get("extended_statistic") or block.get("statistic") or NONE),
            "period": block.get("period"),
        }
    symbol = COMPARISONS.get(block.get("comparison_operator"), str(block.get("comparison_operator", "?")))
    value = block.get("threshold")
    if band_id is not None:
        band = next((q.get("expression") for q in queries if q.get("id") == band_id), None) or band_id
        condition, threshold = f"{symbol} {stack.resolve(band)}", None
    else:
        condition = f"{symbol} {_number(stack.resolve(value) if isinstance(value, str) else value)}"
        threshold = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    evaluations = block.get("evaluation_periods", "?")
    return {
        "metric": fields["metric"],
        "statistic": fields["statistic"],
        "schedule": f"{_duration(fields['period'])} × {evaluations} ({block.get('datapoints_to_alarm', evaluations)})",
        "condition": condition,
        "missing_data": str(block.get("treat_missing_data", "missing")),
        "threshold": threshold,
    }


def _composite_alarm_fields(stack: Stack, block: Mapping[str, Any]) -> dict[str, Any]:
    metric = "rule: " + stack.resolve(block.get("alarm_rule", "?"))
    suppressor = block.get("actions_suppressor")
    if isinstance(suppressor, list):
        suppressor = suppressor[0] if suppressor else None
    if isinstance(suppressor, Mapping):
        metric += (
            f"; actions suppressed while {stack.resolve(suppressor.get('alarm', '?'))} is in ALARM"
            f" (wait {_duration(suppressor.get('wait_period'))}, extension {_duration(suppressor.get('extension_period'))})"
        )
    return {"metric": metric, "statistic": NONE, "schedule": NONE, "condition": "rule is true",
            "missing_data": NONE, "threshold": None}


def _actions(stack: Stack, block: Mapping[str, Any], topics: Mapping[str, Topic]) -> tuple[Action, ...]:
    actions = []
    for state, argument in ACTION_STATES:
        for value in block.get(argument) or ():
            key = _topic_key(stack, value)
            topic = topics.get(key) if key else None
            actions.append(Action(state=state, target=topic.name if topic else stack.resolve(value), topic=topic))
    return tuple(actions)


def read_alarms(stack: Stack) -> tuple[list[Alarm], dict[str, Topic]]:
    """The stack's metric and composite alarms (by severity, then name) and its topics by key."""
    topics = read_topics(stack)
    alarms = []
    for resource_type, kind, fields in (
        (METRIC_ALARM, "metric", _metric_alarm_fields),
        (COMPOSITE_ALARM, "composite", _composite_alarm_fields),
    ):
        for key, block in stack.resources(resource_type).items():
            tags = block.get("tags") if isinstance(block.get("tags"), Mapping) else {}
            alarms.append(
                Alarm(
                    address=f"{resource_type}.{key}",
                    kind=kind,
                    name=stack.resolve(block.get("alarm_name", key)),
                    severity=str(tags.get(SEVERITY_TAG, NONE)),
                    actions=_actions(stack, block, topics),
                    actions_enabled=block.get("actions_enabled", True) is not False,
                    **fields(stack, block),
                )
            )
    alarms = heard_through_composites(alarms, stack)
    alarms.sort(key=lambda alarm: (alarm.severity == NONE, alarm.severity, alarm.name))
    return alarms, topics
