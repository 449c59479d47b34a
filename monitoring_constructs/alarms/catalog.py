"""Every alarm the library creates, gathered from the per-resource specs: read by StandardAlarms and the settings.

The seed's alarms keep its thresholds, periods, evaluation periods and
statistics, with its mistakes fixed (DESIGN.md section 7):
- running tasks come from Container Insights (``ECS/ContainerInsights``), not ``AWS/ECS``;
- Redis is alarmed per member cluster on ``CacheClusterId`` with
  ``EngineCPUUtilization`` (the seed's ``ReplicationGroupId`` never gets data);
- "5xx > 1 %" is a rate computed by metric math, next to the seed's absolute count.
The SQS and Lambda alarms take their shapes from AWS's recommended alarms
(each number's source is next to it in ``resources/sqs.py`` and ``resources/lambda_.py``),
and so do the other load balancer, RDS and Aurora alarms (each module says where
each number comes from). Severities follow the seed's response table (DESIGN.md section 5).
"""

from __future__ import annotations

from ..core.severity import Severity
from .resources import aurora, ecs, lambda_, load_balancer, rds, redis, sqs
from .spec import (  # re-exported: the names users and constructs import from the catalog
    EXTENDED_STATISTIC,
    GREATER,
    LESS,
    STATISTICS,
    TREAT_MISSING_DATA,
    AlarmSpec,
    MetricMath,
    Target,
)

# The alarms of the monitored resources, in dashboard order.
STANDARD_ALARMS: tuple[AlarmSpec, ...] = (
    *ecs.ALARMS, *load_balancer.ALARMS, *rds.ALARMS, *aurora.ALARMS, *redis.ALARMS, *sqs.ALARMS, *lambda_.ALARMS,
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

__all__ = [
    "ALARM_KEYS", "ERROR_LINES_ALARM", "EXTENDED_STATISTIC", "GREATER", "LESS", "LIBRARY_ALARMS", "LOG_ANALYZER_ERRORS_ALARM",
    "STANDARD_ALARMS", "STATISTICS", "TREAT_MISSING_DATA", "AlarmSpec", "MetricMath", "Target",
]
