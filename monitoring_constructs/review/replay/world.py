"""What an incident replay reads and writes: the world AWS would publish, and who hears about it.

The replay (``review.replay.engine``) reads only synthesized JSON. A scenario gives it a
``World``: per metric and minute, the values AWS would publish (the publishing model,
``review.replay.publishing``, knows which metrics go missing or are reported only when
non-zero), plus the events and log lines of the incident. The replay answers with every
``Notification`` a topic receives and every alarm ``Transition``.

Time is in minutes from the start of the incident (minute 0). A scenario starts earlier
(``warmup`` minutes before 0) so that alarms leave INSUFFICIENT_DATA and anomaly models
see normal traffic before the incident; only what happens at minute >= 0 counts.

Example::

    class Quiet:
        def samples(self, metric, minute): return (0.0,) if metric.metric_name == "RunningTaskCount" else ()
        def expected(self, metric, minute): return None
    result = replay(stack, Quiet(), minutes=60)
    [(n.minute, n.sender, n.state) for n in result.notifications]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol


@dataclass(frozen=True, slots=True, order=True)
class MetricId:
    """One CloudWatch metric: namespace, name and its dimensions (sorted name/value pairs)."""

    namespace: str
    metric_name: str
    dimensions: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def of(namespace: str, metric_name: str, dimensions: Mapping[str, str] | None = None) -> MetricId:
        return MetricId(namespace, metric_name, tuple(sorted((dimensions or {}).items())))

    def dimension(self, name: str) -> str | None:
        return dict(self.dimensions).get(name)


class World(Protocol):
    """What AWS publishes during one scenario."""

    def samples(self, metric: MetricId, minute: int) -> tuple[float, ...]:
        """The values published for ``metric`` in minute ``[minute, minute + 1)``; ``()``: nothing published.

        Counts are one value per minute (a minute's sum); latencies are a few
        representative values (so percentiles and averages can be taken).
        """

    def expected(self, metric: MetricId, minute: int) -> tuple[float, float] | None:
        """(expected value, standard deviation) an anomaly model trained on this metric would predict.

        None: the replay learns it from the warm-up instead.
        """


@dataclass(frozen=True, slots=True)
class Event:
    """An EventBridge event (the fields rules match on) delivered at ``minute``."""

    minute: float
    source: str
    detail_type: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    resources: tuple[str, ...] = ()

    def document(self, account: str, region: str) -> dict[str, Any]:
        """The event as EventBridge matches it (EventBridge User Guide, "Amazon EventBridge events")."""
        return {
            "version": "0", "id": "00000000-0000-0000-0000-000000000000", "detail-type": self.detail_type,
            "source": self.source, "account": account, "time": "2026-01-01T00:00:00Z", "region": region,
            "resources": list(self.resources), "detail": dict(self.detail),
        }


@dataclass(frozen=True, slots=True)
class LogLine:
    """One line a writer puts into ``log_group`` at ``minute``."""

    minute: float
    log_group: str
    message: str


State = Literal["OK", "ALARM", "INSUFFICIENT_DATA"]


@dataclass(frozen=True, slots=True)
class Transition:
    """An alarm (metric or composite) changing state at ``minute``, with CloudWatch's kind of reason."""

    minute: float
    alarm: str
    old: State
    new: State
    reason: str


@dataclass(frozen=True, slots=True)
class Notification:
    """One message a topic receives.

    ``topic``: the topic's name (or the ARN of an existing topic); ``topic_severity``: its
    ``Severity`` tag. ``sender``: the alarm, composite or rule that published.
    ``state``: ``ALARM``, ``OK`` or ``INSUFFICIENT_DATA`` for alarms (the actions of that state),
    ``EVENT`` for an event delivered by a rule or
    an RDS event subscription. ``severity``: how urgent the message is: the sender's own
    ``AlarmSeverity`` tag, else its ``Severity`` tag; for a composite over alarms of
    several severities, the most urgent of its children in ALARM when it notifies.
    ``reason``: one short line a responder reads (the triggering alarms, the datapoints).
    """

    minute: float
    topic: str
    topic_severity: str | None
    sender: str
    sender_kind: Literal["alarm", "composite", "event_rule", "rds_subscription"]
    state: Literal["ALARM", "OK", "INSUFFICIENT_DATA", "EVENT"]
    severity: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Replay:
    """Everything that happened at minute >= 0, in time order."""

    notifications: tuple[Notification, ...]
    transitions: tuple[Transition, ...]
