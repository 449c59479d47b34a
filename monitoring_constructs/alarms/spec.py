"""Alarms as data: what an alarm watches, at what threshold, with which severity.

An ``AlarmSpec`` is the ONE metric definition an alarm and its dashboard graph
are both built from (``alarms.factory`` and ``dashboard``). Specs per monitored
resource type live in ``alarms/resources/``; ``alarms.catalog`` gathers them.

Example::

    AlarmSpec(key="queue-age-high", summary="Oldest message older than {threshold:g} s",
              severity=Severity.P2, target=Target.SQS_QUEUE, namespace="AWS/SQS",
              metric_name="ApproximateAgeOfOldestMessage", statistic="Maximum",
              comparison=GREATER, threshold=600, period=60, evaluation_periods=5)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from ..core.severity import Severity


class Target(enum.Enum):
    """Which monitored resource an alarm needs; its dimensions come from it."""

    ECS_SERVICE = "ecs_service"
    LOAD_BALANCER = "load_balancer"
    RDS_INSTANCE = "rds_instance"
    REDIS_MEMBER = "redis_member"
    SQS_QUEUE = "sqs_queue"
    # The dead-letter queue of a monitored SQS queue (SqsQueueTarget.dead_letter_queue_name).
    SQS_DEAD_LETTER_QUEUE = "sqs_dead_letter_queue"
    LAMBDA_FUNCTION = "lambda_function"
    # Alarms on what the library itself creates; their metric comes from that construct.
    APPLICATION_LOG = "application_log"
    LOG_ANALYZER = "log_analyzer"
    # A team's own metric (MonitoringSettings.custom_alarms / ServiceMonitoring.add_alarm).
    CUSTOM = "custom"


@dataclass(frozen=True, kw_only=True, slots=True)
class MetricMath:
    """A metric-math alarm: ``expression`` over named metrics of one namespace.

    ``{min_requests}`` in the expression is replaced by the alarm's
    minimum-traffic guard, so one 5xx among three requests does not page.
    """

    namespace: str
    metrics: tuple[tuple[str, str, str], ...]  # (id, metric name, statistic)
    expression: str
    label: str
    result_id: str = "rate"


@dataclass(frozen=True, kw_only=True, slots=True)
class PercentOfLimit:
    """A threshold in percent of a limit each monitored resource declares (a Lambda's timeout).

    The spec's ``threshold`` (and an override's) is then that percentage; each
    alarm gets ``threshold / 100 * <resource>.<attribute> * scale``, in the
    metric's unit (``unit``): 90 % of a 30 s timeout is 27000 ms.
    """

    attribute: str  # the target's field holding the limit, e.g. "timeout_seconds"
    scale: float  # metric units per unit of the limit, e.g. 1000 (milliseconds per second)
    unit: str  # the metric's unit as alarm descriptions and graph lines show it, e.g. " ms"

    def absolute(self, percent: float, limit: float) -> float:
        """``percent`` of ``limit`` in the metric's unit (multiplied first: 90 * 30 * 1000 / 100 is exact)."""
        return round(percent * limit * self.scale / 100, 6)


@dataclass(frozen=True, kw_only=True, slots=True)
class AlarmSpec:
    """One standard alarm; the alarm is named ``<service>-<env>-<key>``."""

    key: str
    summary: str
    severity: Severity
    target: Target
    comparison: str
    threshold: float
    period: int
    evaluation_periods: int
    namespace: str = ""
    metric_name: str = ""
    statistic: str = "Average"
    math: MetricMath | None = None
    treat_missing_data: str = "missing"
    unit_suffix: str = ""
    # The dashboard graph's title when no predefined graph draws this alarm's metric.
    graph_title: str = ""
    # A per-resource threshold: ``threshold`` is a percentage of this limit of each resource.
    percent_of: PercentOfLimit | None = None

    def at_limit(self, limit: float) -> AlarmSpec:
        """This spec for a resource whose limit is ``limit``: the threshold in the metric's unit."""
        assert self.percent_of is not None, f"{self.key} has no per-resource threshold"
        return replace(self, threshold=self.percent_of.absolute(self.threshold, limit),
                       unit_suffix=self.percent_of.unit, percent_of=None)


GREATER = "GreaterThanThreshold"
LESS = "LessThanThreshold"

STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
TREAT_MISSING_DATA = ("missing", "ignore", "breaching", "notBreaching")
