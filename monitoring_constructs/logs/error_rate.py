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
from dataclasses import dataclass, replace

from .._cdk import CloudwatchLogMetricFilter, CloudwatchLogMetricFilterMetricTransformation, Construct
from ..alarms.catalog import ERROR_LINES_ALARM, AlarmSpec, MetricMath
from ..alarms.factory import AlarmFactory, CreatedAlarm
from ..core.errors import MonitoringConfigError
from ..core.expressions import require_text_filter_pattern
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..core.validation import (
    LOG_GROUP_NAME,
    require_instance,
    require_literal,
    require_one_of,
    require_pattern,
    require_tuple,
)


class LogFormat(enum.Enum):
    """How the application writes a log line."""

    JSON = "json"
    TEXT = "text"


JSON_ERROR_PATTERN = '{ $.level = "ERROR" }'
TEXT_ERROR_PATTERN = '[timestamp, level = "ERROR", ...]'
METRIC_NAMES = {LogFormat.JSON: ERROR_LINES_ALARM.metric_name, LogFormat.TEXT: "ErrorLogLinesText"}
# CloudWatch namespaces: printable ASCII without spaces, not starting with "AWS/".
NAMESPACE = re.compile(r"^(?!AWS/)[0-9A-Za-z.\-_/#:]{1,255}$")


@dataclass(frozen=True, kw_only=True, slots=True)
class ErrorRateProps:
    """Whose ERROR lines (``identity``: filter names, default namespace) and where they are counted.

    ``log_group_name``: the application log group (``logs.application.name``).
    ``metric_namespace``: default ``<service>/<env>`` (e.g. ``fileflow/prod``).
    ``formats``: default JSON lines only. The alarm itself is the catalog's
    ``app-error-lines-high`` (> 100 per 5 minutes, P1): change it like any
    other alarm with ``MonitoringSettings.alarm_overrides``.

    Example::

        ErrorRateProps(identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
                       log_group_name="/ecs/orders-dev/application", formats=(LogFormat.JSON, LogFormat.TEXT))
    """

    identity: ServiceIdentity
    log_group_name: str
    formats: tuple[LogFormat, ...] = (LogFormat.JSON,)
    text_pattern: str = TEXT_ERROR_PATTERN
    metric_namespace: str | None = None

    def __post_init__(self) -> None:
        require_instance("error_rate.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...) value")
        require_pattern("error_rate.log_group_name", self.log_group_name, LOG_GROUP_NAME, "^[0-9A-Za-z_./#-]{1,512}$")
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


class ErrorLogRate(Construct):
    """Metric filter(s) on the application log group and the ``<service>-<env>-app-error-lines-high`` alarm.

    The alarm is made by the AlarmFactory like every other: overridable by its
    key, routed by severity, on the dashboard. Missing data (no log lines at
    all) is not breaching: a silent service is the running-task alarm's job.

    Example::

        ErrorLogRate(stack, "ErrorRate", alarms=factory, props=ErrorRateProps(
            identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
            log_group_name=logs.application.name))
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: ErrorRateProps, alarms: AlarmFactory) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(props.identity)
        self.namespace = props.metric_namespace or naming.metric_namespace()
        self.filters: dict[LogFormat, CloudwatchLogMetricFilter] = {}
        for log_format in props.formats:
            self.filters[log_format] = CloudwatchLogMetricFilter(
                self,
                f"{log_format.value.capitalize()}Filter",
                name=naming.metric_filter(f"error-lines-{log_format.value}"),
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
        self.alarm: CreatedAlarm | None = alarms.create(self, self._spec(props), dimensions={})

    def _spec(self, props: ErrorRateProps) -> AlarmSpec:
        """The catalog's ERROR-line alarm on this namespace; both formats are added by metric math."""
        if len(props.formats) == 1:
            return replace(ERROR_LINES_ALARM, namespace=self.namespace, metric_name=METRIC_NAMES[props.formats[0]])
        return replace(
            ERROR_LINES_ALARM,
            math=MetricMath(
                namespace=self.namespace,
                metrics=tuple((f.value, METRIC_NAMES[f], "Sum") for f in props.formats),
                expression=" + ".join(f"FILL({f.value}, 0)" for f in props.formats),
                label="ERROR lines",
                result_id="errors",
            ),
        )
