"""ErrorLogRate: count ERROR lines with a log metric filter and alarm on them (no polling Lambda).

The seed ran a Lambda every few minutes that queried Logs Insights for ERROR
lines (and read the wrong field, DESIGN §7.6). A metric filter counts matching
lines as they are ingested; an alarm on the count does the rest.

How ERROR lines are matched: by the application's ``LogFormat`` (``core/log_format.py``), whose
``metric_filter_pattern()`` is the filter's pattern: ``{ $.level = "ERROR" }`` for the default
JSON lines, ``[timestamp, level = "ERROR", ...]`` for ``LogFormat.text()``. A metric filter
counts only the lines its pattern matches: with the wrong format the alarm shows OK forever.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .._cdk import CloudwatchLogMetricFilter, CloudwatchLogMetricFilterMetricTransformation, Construct
from ..alarms.catalog import ERROR_LINES_ALARM
from ..alarms.factory import AlarmFactory, CreatedAlarm
from ..core.identity import ServiceIdentity
from ..core.log_format import LogFormat
from ..core.naming import Naming
from ..core.validation import LOG_GROUP_NAME, require_instance, require_literal, require_pattern

# CloudWatch namespaces: printable ASCII without spaces, not starting with "AWS/".
NAMESPACE = re.compile(r"^(?!AWS/)[0-9A-Za-z.\-_/#:]{1,255}$")


@dataclass(frozen=True, kw_only=True, slots=True)
class ErrorRateProps:
    """Whose ERROR lines (``identity``: filter names, default namespace) and where they are counted.

    ``log_group_name``: the application log group (``logs.application.name``).
    ``metric_namespace``: default ``<service>/<env>`` (e.g. ``fileflow/prod``).
    The alarm itself is the catalog's ``app-error-lines-high`` (> 100 per 5 minutes, P1):
    change it like any other alarm with ``MonitoringSettings.alarm_overrides``.

    Example::

        ErrorRateProps(identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
                       log_group_name="/ecs/orders-dev/application", log_format=LogFormat.text())
    """

    identity: ServiceIdentity
    log_group_name: str
    log_format: LogFormat = field(default_factory=LogFormat.json)
    """How the application writes its lines; default JSON with the level in ``level``."""
    metric_namespace: str | None = None

    def __post_init__(self) -> None:
        require_instance("error_rate.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...) value")
        require_pattern("error_rate.log_group_name", self.log_group_name, LOG_GROUP_NAME, "^[0-9A-Za-z_./#-]{1,512}$")
        require_instance("error_rate.log_format", self.log_format, LogFormat, "LogFormat.json(...) or LogFormat.text(...)")
        if self.metric_namespace is not None:
            require_pattern(
                "error_rate.metric_namespace",
                require_literal("error_rate.metric_namespace", self.metric_namespace, "a CloudWatch namespace"),
                NAMESPACE,
                "1-255 letters, digits or . - _ / # :, not starting with AWS/",
            )


class ErrorLogRate(Construct):
    """The metric filter on the application log group and the ``<service>-<env>-app-error-lines-high`` alarm.

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
        log_format = props.log_format
        self.filter = CloudwatchLogMetricFilter(
            self,
            f"{log_format.kind.capitalize()}Filter",
            name=naming.metric_filter(f"error-lines-{log_format.kind}"),
            log_group_name=props.log_group_name,
            pattern=log_format.metric_filter_pattern(),
            metric_transformation=CloudwatchLogMetricFilterMetricTransformation(
                name=ERROR_LINES_ALARM.metric_name,
                namespace=self.namespace,
                value="1",
                default_value="0",
                unit="Count",
            ),
        )
        spec = replace(ERROR_LINES_ALARM, namespace=self.namespace)
        self.alarm: CreatedAlarm | None = alarms.create(self, spec, dimensions={})
