"""AlarmFactory: the one place an alarm is made, and the registry every alarm lands in.

Every alarm the library creates (the standard ones, the ERROR-line alarm, the
log analyzer's own errors) goes through ``AlarmFactory.create``, which

- applies ``props.alarm_overrides`` for the spec's key (or skips a disabled alarm),
- routes its severity (``props.routing``) to a topic of ``AlertTopics`` and adds it to its
  severity's roll-up composite (``alarms.rollups``), which alone notifies that topic: one
  notification per incident, less urgent severities held back while a more urgent one pages,
- writes the responder-facing description and the tags (``Severity``: the topic it pages;
  ``AlarmSeverity``: its own severity, when routing sends it to another topic),
- and records it in ``created``, the registry the dashboard draws.

Composite alarms (``create_composite``) are routed the same way and recorded in ``composites``.

Example::

    factory = AlarmFactory(props=AlarmFactoryProps(identity=topics.props.identity, routing=topics.props.routing),
                           topics=topics)
    StandardAlarms(stack, "Alarms", props=StandardAlarmsProps(resources=(ecs_service,)), alarms=factory)
    [alarm.name for alarm in factory.created]  # what the dashboard draws
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from .._cdk import (
    CloudwatchCompositeAlarm,
    CloudwatchMetricAlarm,
    CloudwatchMetricAlarmMetricQuery,
    CloudwatchMetricAlarmMetricQueryMetric,
    Construct,
    ITerraformDependable,
)
from .catalog import ALARM_KEYS
from .rollups import SeverityRollups
from .spec import BAND_ID, STATISTICS, AlarmSpec
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..core.overrides import AlarmOverride, require_alarm_overrides, resolve_alarm
from ..core.paging import Paging
from ..core.routing import AlertRouting
from ..core.severity import Severity
from ..core.validation import require_instance, require_int
from ..infra.account import AccountContext
from ..notify.topics import AlertTopics

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

    @property
    def arn(self) -> str:
        return self.resource.arn


@dataclass(frozen=True, kw_only=True, slots=True)
class CreatedComposite:
    """One composite alarm: ``rule`` over other alarms, routed like a metric alarm.

    ``key`` names it ``<service>-<env>-<key>``; ``severity`` is the routed severity.
    ``arn`` is built from the name (``arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>``),
    not read from ``resource``: what lists it (the dashboard) then does not depend on the composite
    resource, and keeps its deploy check on emulators that cannot create composite alarms.
    """

    key: str
    severity: Severity
    name: str
    rule: str
    arn: str
    resource: CloudwatchCompositeAlarm


def window(seconds: int) -> str:
    """``300`` -> ``5 minutes``; ``30`` -> ``30 seconds``."""
    if seconds % 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def summarize(spec: AlarmSpec) -> str:
    """What happened, in the alarm's own words: its summary with the threshold and window filled in."""
    if spec.anomaly is not None and "{threshold" in spec.summary:
        # A library alarm switched to a band: its summary names a threshold it no longer has.
        what = spec.math.label if spec.math else f"{spec.metric_name} ({spec.statistic})"
        return f"{what} {spec.anomaly.describe()} for {window(spec.period * spec.evaluation_periods)}"
    # {held}: how long an alarm firing on 1 of its periods stays in ALARM after the last breach.
    return spec.summary.format(threshold=spec.threshold, window=window(spec.period),
                               held=window(spec.period * spec.evaluation_periods))


def describe(spec: AlarmSpec, severity: Severity, runbook_base_url: str | None) -> str:
    """Severity, what happened, expected response and the runbook, as responders read it."""
    return responder_text(summarize(spec), spec.key, severity, runbook_base_url)


def responder_text(summary: str, key: str, severity: Severity, runbook_base_url: str | None) -> str:
    """``[P1 High] <summary>. Respond within 15 minutes (Platform Team). Runbook: <base>/<key>``."""
    text = f"[{severity.value} {severity.label}] {summary}. Respond {severity.response_time} ({severity.responder})."
    if runbook_base_url:
        text += f" Runbook: {runbook_base_url.rstrip('/')}/{key}"
    return text[:DESCRIPTION_MAX]


@dataclass(frozen=True, kw_only=True, slots=True)
class AlarmFactoryProps:
    """Whose alarms these are, where they go, and how the library's alarms are changed.

    ``identity`` names and tags each alarm (``<prefix>-<key>``) and gives the region of
    composite alarm ARNs. ``routing`` sends each severity to its topic and says who is
    behind it (an alarm whose topic reaches nobody is refused); its notifications add the
    runbook link and extra alarm actions. ``alarm_overrides`` (default none) change
    library alarms by key (``ALARM_KEYS``). ``error_rate_min_requests`` (default 100) is
    the traffic below which the 5xx-rate alarm stays quiet. ``paging`` (default ``Paging()``:
    wait 180 s, extension 900 s) times how a severity's roll-up is held back while a more
    urgent one pages.

    Example::

        AlarmFactoryProps(
            identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
            routing=AlertRouting(notifications=Notifications(
                contacts={s: Contacts(emails=("team@example.com",)) for s in Severity})),
            alarm_overrides={"cpu-high": AlarmOverride(threshold=70)},
        )
    """

    identity: ServiceIdentity
    routing: AlertRouting
    alarm_overrides: Mapping[str, AlarmOverride] = field(default_factory=dict)
    error_rate_min_requests: int = 100
    paging: Paging = field(default_factory=Paging)

    def __post_init__(self) -> None:
        require_instance("alarm_factory.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        require_instance("alarm_factory.routing", self.routing, AlertRouting, "an AlertRouting(...)")
        object.__setattr__(self, "alarm_overrides", require_alarm_overrides(
            "alarm_factory.alarm_overrides", self.alarm_overrides, ALARM_KEYS))
        require_int("alarm_factory.error_rate_min_requests", self.error_rate_min_requests, 1)
        require_instance("alarm_factory.paging", self.paging, Paging, "a Paging(...)")


class AlarmFactory:
    """Creates alarms from specs for one service, routes them and keeps the registry.

    ``topics`` is where the alarms notify (its policies admit the roll-ups routed to each).
    """

    def __init__(self, *, props: AlarmFactoryProps, topics: AlertTopics) -> None:
        self.props = props
        self._routing = props.routing
        self._topics = topics
        self._naming = Naming(props.identity)
        self.rollups = SeverityRollups(topics, "Notify", identity=props.identity, routing=props.routing, topics=topics,
                                    paging=props.paging)
        self.created: list[CreatedAlarm] = []
        self.composites: list[CreatedComposite] = []
        self._names: set[str] = set()

    def enabled(self, key: str) -> bool:
        """Whether the library alarm ``key`` is on (``alarm_overrides`` may turn it off): what only feeds it is then not made."""
        override = self.props.alarm_overrides.get(key)
        return override is None or override.enabled

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

        ``override`` replaces ``props.alarm_overrides[spec.key]`` for this alarm.
        ``limit`` is the resource's limit when the spec's threshold is a percentage
        of it (``spec.percent_of``, e.g. a Lambda's timeout in seconds).
        """
        resolved = resolve_alarm(spec, override or self.props.alarm_overrides.get(spec.key))
        if resolved is None:
            return None
        spec = resolved.spec
        if spec.percent_of is not None:
            assert limit is not None, f"{spec.key}: its threshold is a percentage of the resource's {spec.percent_of.attribute}"
            spec = spec.at_limit(limit)
        if spec.math is not None:
            # The registry holds the expression as evaluated, so the dashboard draws exactly it.
            spec = replace(spec, math=replace(spec.math, expression=spec.math.expression.format(
                min_requests=self.props.error_rate_min_requests)))
        name = self._naming.alarm_name(spec.key, member)
        severity = self._claim(name, spec.severity)
        construct_id = spec.key if member is None else f"{spec.key}-{member}"
        alarm = CloudwatchMetricAlarm(
            scope,
            construct_id,
            alarm_name=name,
            alarm_description=describe(spec, severity, self._routing.notifications.runbook_base_url),
            comparison_operator=spec.anomaly.comparison if spec.anomaly else spec.comparison,
            threshold=None if spec.anomaly else spec.threshold,
            threshold_metric_id=BAND_ID if spec.anomaly else None,
            evaluation_periods=spec.evaluation_periods,
            datapoints_to_alarm=resolved.datapoints_to_alarm,
            treat_missing_data=spec.treat_missing_data,
            tags=self._tags(construct_id, spec.severity, severity),
            **_metric(spec, dimensions),
        )
        self.rollups.add(name, spec.severity, alarm)
        created = CreatedAlarm(spec=spec, severity=severity, name=name, dimensions=dimensions, resource=alarm,
                               member=member)
        self.created.append(created)
        return created

    def create_composite(
        self, scope: Construct, *, key: str, summary: str, severity: Severity, rule: str,
        depends_on: Sequence[ITerraformDependable], runbook_key: str | None = None,
    ) -> CreatedComposite:
        """The composite alarm ``<service>-<env>-<key>`` over ``rule``, routed like any alarm.

        ``rule`` names alarms literally; ``depends_on`` are those alarms, so Terraform creates
        them first and deletes them last. It pages through its severity's roll-up, like a metric alarm.
        """
        name = self._naming.alarm_name(key)
        routed = self._claim(name, severity)
        runbook = self._routing.notifications.runbook_base_url
        alarm = CloudwatchCompositeAlarm(
            scope,
            key,
            alarm_name=name,
            alarm_rule=rule,
            depends_on=list(depends_on),
            alarm_description=responder_text(summary, runbook_key or key, routed, runbook),
            tags=self._tags(key, severity, routed),
        )
        self.rollups.add(name, severity, alarm)
        account = AccountContext.of(scope)
        # Concatenated, not Fn.join: the text keeps ":alarm:<name>", which readers of the body match on.
        arn = "".join(["arn:", account.partition, ":cloudwatch:", self.props.identity.region, ":", account.account_id,
                       ":alarm:", name])
        created = CreatedComposite(key=key, severity=routed, name=name, rule=rule, arn=arn, resource=alarm)
        self.composites.append(created)
        return created

    def _claim(self, name: str, severity: Severity) -> Severity:
        """The routed severity of a new alarm ``name``, once its name is free and its topic reaches someone."""
        routed = self._routing.routed_severity(severity)
        if name in self._names:
            raise MonitoringConfigError("alarm", name, "one alarm per name: this resource is monitored twice, or "
                                        "two databases of one kind need distinct labels")
        if not self._routing.notifications.reaches_someone(routed):
            raise MonitoringConfigError(
                f"notifications.contacts[{routed.value}]",
                (),
                f"at least one email, HTTPS endpoint or Slack channel: alarm {name} ({severity.value}) "
                f"notifies the {routed.value} topic, which would reach nobody; or name an existing topic in "
                f"Notifications(topic_arns=...), or accept that with "
                f"Notifications(unattended={{Severity.{routed.value}}})",
            )
        self._names.add(name)
        return routed

    def _tags(self, construct_id: str, severity: Severity, routed: Severity) -> dict[str, str]:
        """The required tags, the topic's ``Severity`` and, when routing changes it, the alarm's own."""
        own = {} if routed is severity else {"AlarmSeverity": severity.value}
        return self._naming.tags(construct_id, "monitoring") | {"Severity": routed.value} | own


def _metric(spec: AlarmSpec, dimensions: Mapping[str, str]) -> dict[str, object]:
    """The alarm's metric arguments: one metric, or queries (metric math over hidden inputs, a band)."""
    if spec.math is None and spec.anomaly is None:
        # Percentiles (p99) are extended statistics in CloudWatch's API.
        statistic = {"statistic": spec.statistic} if spec.statistic in STATISTICS else {"extended_statistic": spec.statistic}
        return {
            "namespace": spec.namespace,
            "metric_name": spec.metric_name,
            **statistic,
            "period": spec.period,
            "dimensions": dict(dimensions) or None,
        }
    return {"metric_query": _queries(spec, dimensions)}


# The evaluated metric's id when an anomaly band is drawn around a single metric.
METRIC_ID = "m1"


def _queries(spec: AlarmSpec, dimensions: Mapping[str, str]) -> list[CloudwatchMetricAlarmMetricQuery]:
    """Metric queries: metric math (hidden inputs, visible result) or one metric, plus the band if any."""
    def query(metric_id: str, namespace: str, metric_name: str, statistic: str, visible: bool):
        return CloudwatchMetricAlarmMetricQuery(
            id=metric_id,
            return_data=visible,
            metric=CloudwatchMetricAlarmMetricQueryMetric(
                namespace=namespace, metric_name=metric_name, stat=statistic, period=spec.period,
                dimensions=dict(dimensions) or None,
            ),
        )

    math = spec.math
    if math is None:
        queries = [query(METRIC_ID, spec.namespace, spec.metric_name, spec.statistic, True)]
        evaluated = METRIC_ID
    else:
        queries = [query(metric_id, math.namespace, metric_name, statistic, False)
                   for metric_id, metric_name, statistic in math.metrics]
        queries.append(CloudwatchMetricAlarmMetricQuery(
            id=math.result_id, expression=math.expression, label=math.label,
            return_data=True,
        ))
        evaluated = math.result_id
    if spec.anomaly is not None:
        # CloudWatch: the metric and its band both return data; threshold_metric_id names the band.
        queries.append(CloudwatchMetricAlarmMetricQuery(
            id=BAND_ID, expression=spec.anomaly.expression(evaluated), label="Expected band", return_data=True,
        ))
    return queries


__all__ = ["AlarmFactory", "AlarmFactoryProps", "CreatedAlarm", "CreatedComposite", "describe", "summarize", "window"]
