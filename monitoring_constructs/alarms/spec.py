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
from dataclasses import dataclass

from ..core.severity import Severity


class Target(enum.Enum):
    """Which monitored resource an alarm needs; its dimensions come from it."""

    ECS_SERVICE = "ecs_service"
    LOAD_BALANCER = "load_balancer"
    RDS_INSTANCE = "rds_instance"
    REDIS_MEMBER = "redis_member"
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


GREATER = "GreaterThanThreshold"
LESS = "LessThanThreshold"

STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
TREAT_MISSING_DATA = ("missing", "ignore", "breaching", "notBreaching")
