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
import re
from dataclasses import dataclass

from ..core.severity import Severity


class Target(enum.Enum):
    """Which monitored resource an alarm needs; its dimensions come from it."""

    ECS_SERVICE = "ecs_service"
    LOAD_BALANCER = "load_balancer"
    RDS_INSTANCE = "rds_instance"
    AURORA_CLUSTER = "aurora_cluster"
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
    A library alarm's ``{<field>}`` (its spec's ``needs``) is replaced by that
    field of the monitored resource (``{memory_gib}``). ``graph_expression``
    is what the dashboard draws when it differs (the rate without the guard).
    """

    namespace: str
    metrics: tuple[tuple[str, str, str], ...]  # (id, metric name, statistic)
    expression: str
    label: str
    result_id: str = "rate"
    graph_expression: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class AlarmSpec:
    """One standard alarm; the alarm is named ``<service>-<env>-<key>``.

    ``needs``: a field of the monitored resource the alarm cannot do without
    (``target_group_arn_suffix``, ``memory_gib``); a resource without it gets no
    such alarm. ``scope``: which of the resource's dimension sets the metric
    has (``SCOPE_LOAD_BALANCER``: the load balancer's own, even when a target
    group is given; ``SCOPE_INSTANCE``: each listed DB instance of a cluster).
    """

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
    needs: str = ""
    scope: str = ""


GREATER = "GreaterThanThreshold"
LESS = "LessThanThreshold"

# The resource's own dimensions: an ALB's target group (when given), an Aurora cluster's roles.
SCOPE_RESOURCE = ""
SCOPE_LOAD_BALANCER = "load_balancer"
SCOPE_INSTANCE = "instance"

STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
# Extended statistics: percentiles and trimmed statistics (p99, p99.9, tm90).
EXTENDED_STATISTIC = re.compile(r"^(p|tm|wm|tc|ts)(\d{1,2}(\.\d{1,10})?|100)$")
TREAT_MISSING_DATA = ("missing", "ignore", "breaching", "notBreaching")
