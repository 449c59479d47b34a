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

# Event alarms: an EventBridge rule writes the matching AWS events to a log group, a metric filter
# counts them, and the alarm fires on the first one (1 of 15 one-minute periods) and stays in ALARM
# until 15 minutes pass without another: one ALARM (and one OK) per incident, however many events
# it produces, through the same factory, overrides and topics as every other alarm.
EVENT_ALARM_PERIODS = 15


def _event_alarm(key: str, summary: str, severity: Severity, target: Target, metric_name: str, graph: str) -> AlarmSpec:
    """An alarm on a count of AWS events: Sum > 0, fired by 1 of 15 one-minute periods; no event, no datapoint."""
    return AlarmSpec(key=key, summary=summary, severity=severity, target=target, metric_name=metric_name,
                     statistic="Sum", comparison=GREATER, threshold=0, period=60,
                     evaluation_periods=EVENT_ALARM_PERIODS, datapoints_to_alarm=1,
                     # No event, no datapoint: that is the healthy case.
                     treat_missing_data="notBreaching", graph_title=graph)


# The shared RDS instance's state as its events tell it (notify/rds_events.py): a "down" event
# (RDS_DOWN_EVENT_IDS) publishes 1, a "back" event (RDS_BACK_EVENT_IDS) 0, and no event nothing. With
# missing data ignored ("the current alarm state is maintained", CloudWatch User Guide, "Configuring how
# CloudWatch alarms treat missing data") the alarm is a latch: in ALARM from the first down event until
# RDS says the instance is back, however long that takes, so a database that stays down keeps paging
# as one incident and its OK means the instance is back. Before any event it is INSUFFICIENT_DATA,
# which notifies nobody. The namespace is set by RdsDownEvents (``<service>/<environment>``).
RDS_DOWN_ALARM = AlarmSpec(
    key="rds-down",
    summary="RDS reported the shared DB instance down or about to be (stopped, shut down, failed, failing "
            "over, in offline maintenance or out of storage) and has not reported it back since",
    severity=Severity.P0,
    target=Target.RDS_EVENTS,
    metric_name="RdsDownEvents",
    statistic="Maximum",  # a down and a back event in one minute: down wins until the next back event
    comparison=GREATER,
    threshold=0,
    period=60,
    evaluation_periods=1,
    treat_missing_data="ignore",
    graph_title="RDS down (1) and back (0) events",
)
# A failed deployment of an ECS service (notify/deployment_events.py); its severity is the service's
# ``deployment_failures``, the namespace set by EcsDeploymentEvents.
DEPLOY_FAILED_ALARM = _event_alarm(
    "deploy-failed",
    "An ECS deployment failed (SERVICE_DEPLOYMENT_FAILED: the circuit breaker or a deployment alarm "
    "stopped it) in the last {held}. OK means no new failure for {held}",
    Severity.P2, Target.ECS_DEPLOYMENTS, "FailedDeployments", "Failed ECS deployments",
)



def _undelivered(key: str, what: str, severity: Severity, target: Target) -> AlarmSpec:
    """EventBridge could not write a rule's events into its event log: the event alarm would never fire.

    ``FailedInvocations`` (AWS/Events, per ``RuleName``) counts invocations that "failed permanently",
    sent only when non-zero (EventBridge User Guide, "Monitoring Amazon EventBridge"); the rule's target
    gives up after 10 minutes (``notify.event_log``). Same shape as the event alarms: the first failure
    fires it, 15 quiet minutes end it. Its severity is the event alarm's: the page it stands in for.
    """
    return AlarmSpec(key=key, summary=f"EventBridge could not deliver {what} to their event log in the last {{held}}: "
                                      "the alarm on them cannot fire; check the log group's resource policy and key",
                     severity=severity, target=target, namespace="AWS/Events", metric_name="FailedInvocations",
                     statistic="Sum", comparison=GREATER, threshold=0, period=60,
                     evaluation_periods=EVENT_ALARM_PERIODS, datapoints_to_alarm=1,
                     treat_missing_data="notBreaching", graph_title="Events EventBridge could not deliver")


RDS_EVENTS_UNDELIVERED_ALARM = _undelivered("rds-events-undelivered", "the shared DB instance's RDS events",
                                            Severity.P0, Target.RDS_EVENTS)
DEPLOY_EVENTS_UNDELIVERED_ALARM = _undelivered("deploy-events-undelivered", "failed-deployment events",
                                               Severity.P2, Target.ECS_DEPLOYMENTS)

# Every alarm the library creates, by key: all are overridable the same way.
LIBRARY_ALARMS: tuple[AlarmSpec, ...] = (*STANDARD_ALARMS, ERROR_LINES_ALARM, LOG_ANALYZER_ERRORS_ALARM,
                                         RDS_DOWN_ALARM, DEPLOY_FAILED_ALARM, RDS_EVENTS_UNDELIVERED_ALARM,
                                         DEPLOY_EVENTS_UNDELIVERED_ALARM)
ALARM_KEYS = tuple(spec.key for spec in LIBRARY_ALARMS)

__all__ = [
    "ALARM_KEYS", "DEPLOY_EVENTS_UNDELIVERED_ALARM", "DEPLOY_FAILED_ALARM", "RDS_EVENTS_UNDELIVERED_ALARM", "ERROR_LINES_ALARM", "EVENT_ALARM_PERIODS", "EXTENDED_STATISTIC", "GREATER", "LESS", "LIBRARY_ALARMS", "LOG_ANALYZER_ERRORS_ALARM",
    "RDS_DOWN_ALARM", "STANDARD_ALARMS", "STATISTICS", "TREAT_MISSING_DATA", "AlarmSpec", "MetricMath", "Target",
]
