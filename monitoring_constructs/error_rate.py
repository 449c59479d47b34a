"""ErrorLogRate: count ERROR lines with a log metric filter and alarm on them (no polling Lambda).

The seed ran a Lambda every few minutes that queried Logs Insights for ERROR
lines (and read the wrong field, DESIGN §7.6). A metric filter counts matching
lines as they are ingested; an alarm on the count does the rest.

How ERROR lines are matched. A metric filter has exactly one filter pattern,
and a JSON pattern never matches a non-JSON line, so each log format gets its
own filter and its own metric, and the alarm adds them with metric math:

- ``LogFormat.JSON`` (default; the app logs JSON, the seed's queries read
  ``level``): ``{ $.level = "ERROR" }``.
- ``LogFormat.TEXT`` (opt-in): a space-delimited pattern, by default
  ``[timestamp, level = "ERROR", ...]`` (``<timestamp> ERROR message...``).
  Change ``text_pattern`` for other layouts, e.g.
  ``[date, time, level = "ERROR", ...]`` for Python's default
  ``%(asctime)s %(levelname)s``. A JSON line does not match it (its second
  space-separated field is never exactly ``ERROR``), so no line is counted twice.
  A bare term pattern such as ``ERROR`` would also count JSON lines whose
  message merely mentions ERROR, and INFO lines like "retrying after ERROR".
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from ._cdk import (
    CloudwatchLogMetricFilter,
    CloudwatchLogMetricFilterMetricTransformation,
    CloudwatchMetricAlarm,
    CloudwatchMetricAlarmMetricQuery,
    CloudwatchMetricAlarmMetricQueryMetric,
    Construct,
)
from .alarm_catalog import GREATER, AlarmSpec, Target
from .alarms import describe
from .errors import MonitoringConfigError
from .naming import Naming
from .settings import MonitoringSettings
from .severity import Severity
from .validation import (
    LOG_GROUP_NAME,
    SNS_TOPIC,
    require_alarm_period,
    require_alarm_window,
    require_arn,
    require_int,
    require_literal,
    require_number,
    require_one_of,
    require_pattern,
    require_text_filter_pattern,
    require_tuple,
)


class LogFormat(enum.Enum):
    """How the application writes a log line."""

    JSON = "json"
    TEXT = "text"


JSON_ERROR_PATTERN = '{ $.level = "ERROR" }'
TEXT_ERROR_PATTERN = '[timestamp, level = "ERROR", ...]'
ALARM_KEY = "app-error-lines-high"
METRIC_NAMES = {LogFormat.JSON: "ErrorLogLines", LogFormat.TEXT: "ErrorLogLinesText"}
# CloudWatch namespaces: printable ASCII without spaces, not starting with "AWS/".
NAMESPACE = re.compile(r"^(?!AWS/)[0-9A-Za-z.\-_/#:]{1,255}$")


@dataclass(frozen=True, kw_only=True, slots=True)
class ErrorRateProps:
    """The error-line alarm: more than ``threshold`` ERROR lines per ``period`` seconds.

    ``log_group_name``: the application log group (``logs.application.name``).
    ``alarm_topic_arn``: the topic of the routed severity (``topics.arn_for(props.severity)``).
    ``metric_namespace``: default ``<service>/<env>`` (e.g. ``fileflow/prod``).
    Defaults: threshold 100, period 300 s, 1 evaluation period, P1, JSON lines only.
    """

    log_group_name: str
    alarm_topic_arn: str
    threshold: float = 100
    period: int = 300
    evaluation_periods: int = 1
    severity: Severity = Severity.P1
    formats: tuple[LogFormat, ...] = (LogFormat.JSON,)
    text_pattern: str = TEXT_ERROR_PATTERN
    metric_namespace: str | None = None

    def __post_init__(self) -> None:
        require_pattern("error_rate.log_group_name", self.log_group_name, LOG_GROUP_NAME, "^[0-9A-Za-z_./#-]{1,512}$")
        require_arn("error_rate.alarm_topic_arn", self.alarm_topic_arn, SNS_TOPIC)
        require_number("error_rate.threshold", self.threshold, 0)
        # Metric filters publish standard-resolution (1-minute) metrics.
        require_alarm_period("error_rate.period", self.period, metric="a log metric filter's metric")
        require_int("error_rate.evaluation_periods", self.evaluation_periods, 1)
        require_alarm_window("error_rate", self.period, self.evaluation_periods)
        require_one_of("error_rate.severity", self.severity, tuple(Severity))
        object.__setattr__(self, "formats", require_tuple("error_rate.formats", self.formats, "LogFormat values"))
        if not self.formats or len(set(self.formats)) != len(self.formats):
            raise MonitoringConfigError(
                "error_rate.formats", self.formats, "one or both of LogFormat.JSON, LogFormat.TEXT, each once"
            )
        for log_format in self.formats:
            require_one_of("error_rate.formats", log_format, tuple(LogFormat))
        require_text_filter_pattern("error_rate.text_pattern", self.text_pattern)
        if self.metric_namespace is not None:
            require_pattern(
                "error_rate.metric_namespace",
                require_literal("error_rate.metric_namespace", self.metric_namespace, "a CloudWatch namespace"),
                NAMESPACE,
                "1-255 letters, digits or . - _ / # :, not starting with AWS/",
            )


def _window(seconds: int) -> str:
    """``300`` -> ``5 minutes``; ``30`` -> ``30 seconds``."""
    if seconds % 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


class ErrorLogRate(Construct):
    """Metric filter(s) on the application log group and the ``<service>-<env>-app-error-lines-high`` alarm.

    Missing data (no log lines at all) is not breaching: a silent service is the
    running-task alarm's job. P0/P1 also notify on recovery.

    Example::

        ErrorLogRate(stack, "ErrorRate", settings=settings, props=ErrorRateProps(
            log_group_name=logs.application.name,
            alarm_topic_arn=topics.arn_for(Severity.P1),
        ))
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, settings: MonitoringSettings, props: ErrorRateProps
    ) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(settings)
        self.namespace = props.metric_namespace or f"{settings.service}/{settings.environment}"
        self.filters: dict[LogFormat, CloudwatchLogMetricFilter] = {}
        for log_format in props.formats:
            self.filters[log_format] = CloudwatchLogMetricFilter(
                self,
                f"{log_format.value.capitalize()}Filter",
                name=naming.resource(f"error-lines-{log_format.value}"),
                log_group_name=props.log_group_name,
                pattern=JSON_ERROR_PATTERN if log_format is LogFormat.JSON else props.text_pattern,
                metric_transformation=CloudwatchLogMetricFilterMetricTransformation(
                    name=METRIC_NAMES[log_format],
                    namespace=self.namespace,
                    value="1",
                    default_value="0",
                    unit="Count",
                ),
            )

        severity = settings.routed_severity(props.severity)
        self.spec = AlarmSpec(
            key=ALARM_KEY,
            summary="More than {threshold:g} ERROR lines in the application log in " + _window(props.period),
            severity=props.severity,
            target=Target.ECS_SERVICE,
            comparison=GREATER,
            threshold=props.threshold,
            period=props.period,
            evaluation_periods=props.evaluation_periods,
            namespace=self.namespace,
            metric_name=METRIC_NAMES[props.formats[0]],
            statistic="Sum",
            treat_missing_data="notBreaching",
        )
        # Notifications already keeps extra actions within CloudWatch's 5 per state.
        actions = [props.alarm_topic_arn, *settings.notifications.extra_alarm_actions]
        self.alarm_name = naming.alarm_name(ALARM_KEY)
        self.alarm = CloudwatchMetricAlarm(
            self,
            "Alarm",
            alarm_name=self.alarm_name,
            alarm_description=describe(self.spec, severity, settings.notifications.runbook_base_url),
            comparison_operator=GREATER,
            threshold=props.threshold,
            evaluation_periods=props.evaluation_periods,
            datapoints_to_alarm=props.evaluation_periods,
            treat_missing_data="notBreaching",
            alarm_actions=actions,
            ok_actions=actions if severity.notifies_recovery else None,
            tags=naming.tags(ALARM_KEY, "monitoring") | {"Severity": severity.value},
            **self._metric(props),
        )

    def _metric(self, props: ErrorRateProps) -> dict[str, object]:
        if len(props.formats) == 1:
            return {
                "namespace": self.namespace,
                "metric_name": METRIC_NAMES[props.formats[0]],
                "statistic": "Sum",
                "period": props.period,
            }
        queries = [
            CloudwatchMetricAlarmMetricQuery(
                id=log_format.value,
                return_data=False,
                metric=CloudwatchMetricAlarmMetricQueryMetric(
                    namespace=self.namespace, metric_name=METRIC_NAMES[log_format], stat="Sum", period=props.period
                ),
            )
            for log_format in props.formats
        ]
        expression = " + ".join(f"FILL({log_format.value}, 0)" for log_format in props.formats)
        queries.append(
            CloudwatchMetricAlarmMetricQuery(id="errors", expression=expression, label="ERROR lines", return_data=True)
        )
        return {"metric_query": queries}
