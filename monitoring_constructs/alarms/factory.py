"""AlarmFactory: the one place an alarm is made, and the registry every alarm lands in.

Every alarm the library creates (the standard ones, the ERROR-line alarm, the
log analyzer's own errors) goes through ``AlarmFactory.create``, which

- applies ``settings.alarm_overrides`` for the spec's key (or skips a disabled alarm),
- routes its severity (``settings.severity_routing``) to a topic of ``AlertTopics``,
- admits exactly that alarm in the topic's policy (``AlertTopics.admit_alarm``),
- writes the responder-facing description and the tags,
- and records it in ``created``, the registry the dashboard draws.

Example::

    factory = AlarmFactory(settings=settings, topics=topics)
    StandardAlarms(stack, "Alarms", settings=settings, alarms=factory)
    Dashboard(stack, "Dashboard", settings=settings, props=DashboardProps(alarms=tuple(factory.created)))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .._cdk import (
    CloudwatchMetricAlarm,
    CloudwatchMetricAlarmMetricQuery,
    CloudwatchMetricAlarmMetricQueryMetric,
    Construct,
)
from .spec import STATISTICS, AlarmSpec
from ..core.errors import MonitoringConfigError
from ..core.naming import Naming
from ..core.overrides import AlarmOverride
from ..notify.topics import AlertTopics
from ..core.settings import MonitoringSettings
from ..core.severity import Severity

DESCRIPTION_MAX = 1024


@dataclass(frozen=True, kw_only=True, slots=True)
class CreatedAlarm:
    """One alarm in the registry: what it watches, at what threshold, who hears it.

    ``spec`` has the overrides applied; ``severity`` is the routed severity (the
    topic it notifies here).
    """

    spec: AlarmSpec
    severity: Severity
    name: str
    dimensions: Mapping[str, str]
    resource: CloudwatchMetricAlarm
    # What suffixes the name when a spec has one alarm per member (Redis 1, 2; a queue's label).
    member: int | str | None = None


def window(seconds: int) -> str:
    """``300`` -> ``5 minutes``; ``30`` -> ``30 seconds``."""
    if seconds % 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def describe(spec: AlarmSpec, severity: Severity, runbook_base_url: str | None) -> str:
    """Severity, what happened, expected response and the runbook, as responders read it."""
    summary = spec.summary.format(threshold=spec.threshold, window=window(spec.period))
    text = f"[{severity.value} {severity.label}] {summary}. Respond {severity.response_time} ({severity.responder})."
    if runbook_base_url:
        text += f" Runbook: {runbook_base_url.rstrip('/')}/{spec.key}"
    return text[:DESCRIPTION_MAX]


class AlarmFactory:
    """Creates alarms from specs for one service, routes them and keeps the registry."""

    def __init__(self, *, settings: MonitoringSettings, topics: AlertTopics) -> None:
        self._settings = settings
        self._topics = topics
        self._naming = Naming(settings)
        self.created: list[CreatedAlarm] = []
        self._names: set[str] = set()

    def create(
        self,
        scope: Construct,
        spec: AlarmSpec,
        *,
        dimensions: Mapping[str, str],
        member: int | str | None = None,
        override: AlarmOverride | None = None,
        limit: float | None = None,
    ) -> CreatedAlarm | None:
        """The alarm ``<service>-<env>-<key>[-<member>]`` in ``scope``, or None when overridden off.

        ``override`` replaces ``settings.alarm_overrides[spec.key]`` for this alarm.
        ``limit`` is the resource's limit when the spec's threshold is a percentage
        of it (``spec.percent_of``, e.g. a Lambda's timeout in seconds).
        """
        resolved = self._settings.resolve_alarm(spec, override)
        if resolved is None:
            return None
        spec = resolved.spec
        if spec.percent_of is not None:
            assert limit is not None, f"{spec.key}: its threshold is a percentage of the resource's {spec.percent_of.attribute}"
            spec = spec.at_limit(limit)
        settings = self._settings
        severity = settings.routed_severity(spec.severity)
        name = self._naming.alarm_name(spec.key, member)
        if name in self._names:
            raise MonitoringConfigError("alarm", name, "one alarm per name: this resource is monitored twice, or "
                                        "two databases of one kind need distinct labels")
        if not settings.notifications.reaches_someone(severity):
            raise MonitoringConfigError(
                f"notifications.contacts[{severity.value}]",
                (),
                f"at least one email, HTTPS endpoint or Slack channel: alarm {name} ({spec.severity.value}) "
                f"notifies the {severity.value} topic, which would reach nobody; or name an existing topic in "
                f"Notifications(topic_arns=...), or accept that with "
                f"Notifications(unattended={{Severity.{severity.value}}})",
            )
        actions = [self._topics.arn_for(spec.severity), *settings.notifications.extra_alarm_actions]
        construct_id = spec.key if member is None else f"{spec.key}-{member}"
        alarm = CloudwatchMetricAlarm(
            scope,
            construct_id,
            alarm_name=name,
            alarm_description=describe(spec, severity, settings.notifications.runbook_base_url),
            comparison_operator=spec.comparison,
            threshold=spec.threshold,
            evaluation_periods=spec.evaluation_periods,
            datapoints_to_alarm=resolved.datapoints_to_alarm,
            treat_missing_data=spec.treat_missing_data,
            alarm_actions=actions,
            ok_actions=actions if severity.notifies_recovery else None,
            tags=self._naming.tags(construct_id, "monitoring") | {"Severity": severity.value},
            **_metric(spec, dimensions, settings.error_rate_min_requests),
        )
        self._topics.admit_alarm(name, spec.severity)
        self._names.add(name)
        created = CreatedAlarm(spec=spec, severity=severity, name=name, dimensions=dimensions, resource=alarm,
                               member=member)
        self.created.append(created)
        return created


def _metric(spec: AlarmSpec, dimensions: Mapping[str, str], min_requests: int) -> dict[str, object]:
    """The alarm's metric arguments: one metric, or metric math over hidden inputs."""
    if spec.math is None:
        # Percentiles (p99) are extended statistics in CloudWatch's API.
        statistic = {"statistic": spec.statistic} if spec.statistic in STATISTICS else {"extended_statistic": spec.statistic}
        return {
            "namespace": spec.namespace,
            "metric_name": spec.metric_name,
            **statistic,
            "period": spec.period,
            "dimensions": dict(dimensions) or None,
        }
    math = spec.math
    queries = [
        CloudwatchMetricAlarmMetricQuery(
            id=metric_id,
            return_data=False,
            metric=CloudwatchMetricAlarmMetricQueryMetric(
                namespace=math.namespace,
                metric_name=metric_name,
                stat=statistic,
                period=spec.period,
                dimensions=dict(dimensions) or None,
            ),
        )
        for metric_id, metric_name, statistic in math.metrics
    ]
    queries.append(
        CloudwatchMetricAlarmMetricQuery(
            id=math.result_id,
            expression=math.expression.format(min_requests=min_requests),
            label=math.label,
            return_data=True,
        )
    )
    return {"metric_query": queries}


__all__ = ["AlarmFactory", "CreatedAlarm", "describe", "window"]
