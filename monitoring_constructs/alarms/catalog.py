"""The standard alarms as data: one spec per alarm, read by StandardAlarms.

Thresholds, periods, evaluation periods and statistics are the seed's, with
its mistakes fixed (DESIGN.md section 7):
- running tasks come from Container Insights (``ECS/ContainerInsights``), not ``AWS/ECS``;
- Redis is alarmed per member cluster on ``CacheClusterId`` with
  ``EngineCPUUtilization`` (the seed's ``ReplicationGroupId`` never gets data);
- "5xx > 1 %" is a rate computed by metric math, next to the seed's absolute count.
Severities follow the seed's response table (DESIGN.md section 5).
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

STANDARD_ALARMS: tuple[AlarmSpec, ...] = (
    AlarmSpec(
        key="cpu-high",
        summary="ECS service CPU utilization above {threshold:g}%",
        severity=Severity.P2,
        target=Target.ECS_SERVICE,
        namespace="AWS/ECS",
        metric_name="CPUUtilization",
        comparison=GREATER,
        threshold=80,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
    AlarmSpec(
        key="cpu-very-high",
        summary="ECS service CPU utilization above {threshold:g}%",
        severity=Severity.P1,
        target=Target.ECS_SERVICE,
        namespace="AWS/ECS",
        metric_name="CPUUtilization",
        comparison=GREATER,
        threshold=85,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
    AlarmSpec(
        key="memory-elevated",
        summary="ECS service memory utilization above {threshold:g}%",
        severity=Severity.P2,
        target=Target.ECS_SERVICE,
        namespace="AWS/ECS",
        metric_name="MemoryUtilization",
        comparison=GREATER,
        threshold=80,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
    AlarmSpec(
        key="memory-high",
        summary="ECS service memory utilization above {threshold:g}%",
        severity=Severity.P1,
        target=Target.ECS_SERVICE,
        namespace="AWS/ECS",
        metric_name="MemoryUtilization",
        comparison=GREATER,
        threshold=85,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
    AlarmSpec(
        key="task-count-zero",
        summary="No running ECS tasks (Container Insights RunningTaskCount below {threshold:g})",
        severity=Severity.P0,
        target=Target.ECS_SERVICE,
        # RunningTaskCount exists only in Container Insights; the cluster must
        # have containerInsights enabled or this alarm stays in ALARM.
        namespace="ECS/ContainerInsights",
        metric_name="RunningTaskCount",
        comparison=LESS,
        threshold=1,
        period=60,
        evaluation_periods=1,
        treat_missing_data="breaching",
    ),
    AlarmSpec(
        key="alb-5xx-high",
        summary="ALB targets returned more than {threshold:g} 5xx responses in 5 minutes",
        severity=Severity.P2,
        target=Target.LOAD_BALANCER,
        namespace="AWS/ApplicationELB",
        metric_name="HTTPCode_Target_5XX_Count",
        statistic="Sum",
        comparison=GREATER,
        threshold=10,
        period=300,
        evaluation_periods=2,
        # No 5xx responses means no datapoints, which is healthy.
        treat_missing_data="notBreaching",
    ),
    AlarmSpec(
        key="alb-5xx-rate-high",
        summary="More than {threshold:g}% of requests end in a target 5xx",
        severity=Severity.P1,
        target=Target.LOAD_BALANCER,
        comparison=GREATER,
        threshold=1,
        period=300,
        evaluation_periods=2,
        math=MetricMath(
            namespace="AWS/ApplicationELB",
            metrics=(
                ("errors", "HTTPCode_Target_5XX_Count", "Sum"),
                ("requests", "RequestCount", "Sum"),
            ),
            expression="IF(requests >= {min_requests}, 100 * FILL(errors, 0) / requests, 0)",
            label="Target 5xx rate (%)",
        ),
        treat_missing_data="notBreaching",
        unit_suffix="%",
    ),
    AlarmSpec(
        key="response-time-high",
        summary="ALB target response time above {threshold:g} s",
        severity=Severity.P2,
        target=Target.LOAD_BALANCER,
        namespace="AWS/ApplicationELB",
        metric_name="TargetResponseTime",
        comparison=GREATER,
        threshold=1.0,
        period=300,
        evaluation_periods=3,
        unit_suffix=" s",
    ),
    AlarmSpec(
        key="rds-cpu-high",
        summary="Shared RDS instance CPU utilization above {threshold:g}%",
        severity=Severity.P2,
        target=Target.RDS_INSTANCE,
        namespace="AWS/RDS",
        metric_name="CPUUtilization",
        comparison=GREATER,
        threshold=80,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
    AlarmSpec(
        key="redis-cpu-high",
        summary="Redis engine CPU utilization above {threshold:g}%",
        severity=Severity.P3,
        target=Target.REDIS_MEMBER,
        namespace="AWS/ElastiCache",
        metric_name="EngineCPUUtilization",
        comparison=GREATER,
        threshold=75,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
)

# The ERROR-line alarm: its namespace (``<service>/<environment>`` by default)
# and, for plain-text logs, its metric math are set by ErrorLogRate.
ERROR_LINES_ALARM = AlarmSpec(
    key="app-error-lines-high",
    summary="More than {threshold:g} ERROR lines in the application log in {window}",
    severity=Severity.P1,
    target=Target.APPLICATION_LOG,
    metric_name="ErrorLogLines",
    statistic="Sum",
    comparison=GREATER,
    threshold=100,
    period=300,
    evaluation_periods=1,
    # No ERROR lines means no datapoints; a silent service is the running-task alarm's job.
    treat_missing_data="notBreaching",
    graph_title="ERROR lines in the application log",
)

# The log analyzer's own failures (errors and timeouts both count in AWS/Lambda
# Errors): without it, a broken analyzer just stops sending summaries.
LOG_ANALYZER_ERRORS_ALARM = AlarmSpec(
    key="log-analyzer-errors",
    summary="The log analyzer Lambda failed more than {threshold:g} times in {window}",
    severity=Severity.P2,
    target=Target.LOG_ANALYZER,
    namespace="AWS/Lambda",
    metric_name="Errors",
    statistic="Sum",
    comparison=GREATER,
    threshold=0,
    period=900,
    evaluation_periods=1,
    treat_missing_data="notBreaching",
    graph_title="Log analyzer Lambda errors",
)

# Every alarm the library creates, by key: all are overridable the same way.
LIBRARY_ALARMS: tuple[AlarmSpec, ...] = (*STANDARD_ALARMS, ERROR_LINES_ALARM, LOG_ANALYZER_ERRORS_ALARM)
ALARM_KEYS = tuple(spec.key for spec in LIBRARY_ALARMS)
STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
TREAT_MISSING_DATA = ("missing", "ignore", "breaching", "notBreaching")
