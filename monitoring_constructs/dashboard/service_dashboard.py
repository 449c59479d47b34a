"""Dashboard: the service's CloudWatch dashboard, generated from what is monitored.

Every graph comes from the alarm registry (``StandardAlarms.created``): a
graph per watched metric, with the dimensions the alarms use (never an
account-wide aggregate, DESIGN.md section 7.5) and each alarm's threshold as
a horizontal annotation. Then an alarm status widget and a Logs Insights
widget of recent errors. The body is checked by
``dashboard_body.validate_dashboard_body`` before it is synthesized.

Example::

    Dashboard(stack, "Dashboard", props=DashboardProps(
        identity=ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2"),
        alarms=tuple(factory.created), error_log_groups=("/ecs/fileflow-prod/error",)))
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from .._cdk import CloudwatchDashboard, Construct, is_token
from ..alarms.catalog import MetricMath
from ..alarms.factory import CreatedAlarm, CreatedComposite
from .bands import with_bands
from .custom_widgets import CUSTOM_WIDGET_KINDS, CUSTOM_WIDGETS, CustomWidget
from .widgets import alarm_status_widget, logs_query
from .body_rules import validate_dashboard_body
from .graphs import GRAPHS
from .layout import place_widgets
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.log_format import LogFormat
from ..core.naming import Naming
from ..core.severity import SEVERITY_COLORS
from ..core.validation import LOG_GROUP_NAME, require_instance, require_int, require_pattern, require_tuple


GRAPH_SIZE = (8, 6)
HEADER_SIZE = (24, 2)
ALARM_STATUS_SIZE = (24, 4)
LOGS_SIZE = (24, 8)


@dataclass(frozen=True, kw_only=True, slots=True)
class DashboardProps:
    """What the dashboard shows.

    ``identity``: the dashboard's name, header and region. ``alarms``: the
    registry (``AlarmFactory.created``); ``composites``: composite alarms
    listed in the alarm status (the service-unhealthy page). ``error_log_groups``:
    log group names for the recent-errors widget (tokens allowed); none
    (default): no such widget (``ServiceMonitoring`` passes the service's
    ``error`` and ``application`` groups when it has an ECS service).
    ``recent_errors_limit``: rows in the logs widget; ``log_format``: how its ERROR lines
    are found (the application's, default JSON ``level``). Each graph uses its alarms'
    period and draws their metric math as they evaluate it.
    ``widgets``: a team's own graphs, notes and log tables, last.

    Example::

        DashboardProps(identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
                       alarms=tuple(factory.created), error_log_groups=("/ecs/orders-prod/error",))
    """

    identity: ServiceIdentity
    alarms: tuple[CreatedAlarm, ...]
    composites: tuple[CreatedComposite, ...] = ()
    error_log_groups: tuple[str, ...] = ()
    recent_errors_limit: int = 100
    widgets: tuple[CustomWidget, ...] = ()
    log_format: LogFormat = field(default_factory=LogFormat.json)

    def __post_init__(self) -> None:
        require_instance("dashboard.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        object.__setattr__(self, "alarms", require_tuple("dashboard.alarms", self.alarms, "CreatedAlarm values"))
        for index, alarm in enumerate(self.alarms):
            if not isinstance(alarm, CreatedAlarm):
                raise MonitoringConfigError(f"dashboard.alarms[{index}]", alarm, "a CreatedAlarm from StandardAlarms.created")
        object.__setattr__(self, "composites", require_tuple("dashboard.composites", self.composites, "CreatedComposite values"))
        for index, composite in enumerate(self.composites):
            require_instance(f"dashboard.composites[{index}]", composite, CreatedComposite,
                             "a CreatedComposite from AlarmFactory.composites")
        object.__setattr__(
            self, "error_log_groups", require_tuple("dashboard.error_log_groups", self.error_log_groups, "log group names")
        )
        for index, group in enumerate(self.error_log_groups):
            require_pattern(f"dashboard.error_log_groups[{index}]", group, LOG_GROUP_NAME,
                            "a log group name matching ^[0-9A-Za-z_./#-]{1,512}$ or a token")
        require_int("dashboard.recent_errors_limit", self.recent_errors_limit, 1, 10000)
        require_instance("dashboard.log_format", self.log_format, LogFormat, "LogFormat.json(...) or LogFormat.text(...)")
        object.__setattr__(self, "widgets", require_tuple("dashboard.widgets", self.widgets, "custom widgets"))
        for index, widget in enumerate(self.widgets):
            require_instance(f"dashboard.widgets[{index}]", widget, CUSTOM_WIDGETS, CUSTOM_WIDGET_KINDS)


def _unique_dimensions(alarms: Sequence[CreatedAlarm]) -> list[Mapping[str, str]]:
    seen: list[Mapping[str, str]] = []
    for alarm in alarms:
        if dict(alarm.dimensions) not in [dict(d) for d in seen]:
            seen.append(alarm.dimensions)
    return seen


def _dimension_items(dimensions: Mapping[str, str]) -> list[str]:
    return [item for pair in dimensions.items() for item in pair]


def _annotations(drawn: Sequence[CreatedAlarm]) -> dict[str, object]:
    """Each static alarm's threshold line (alarms on a band draw the band instead); none: no annotations."""
    lines = [_annotation(a, [d for d in drawn if _line(d) == _line(a)], sum(d.spec.key == a.spec.key for d in drawn))
             for a in _unique_lines(drawn) if a.spec.anomaly is None]
    return {"annotations": {"horizontal": lines}} if lines else {}


def _annotation(alarm: CreatedAlarm, line: Sequence[CreatedAlarm], of_key: int) -> dict[str, object]:
    """The threshold line of ``line``, the alarms of one spec at one threshold among the graph's ``of_key``
    alarms of that spec: ``<alarm>`` for one, ``<alarm>-*`` for all (Redis members), else ``<alarm>-{a,b}``."""
    name = alarm.name
    if len(line) > 1:
        members = "*" if len(line) == of_key else "{" + ",".join(str(a.member) for a in line) + "}"
        name = alarm.name.removesuffix(f"-{alarm.member}") + f"-{members}"
    return {
        "label": f"{name} {alarm.spec.condition} ({alarm.severity.value})",
        "value": alarm.spec.threshold,
        "color": SEVERITY_COLORS[alarm.severity],
    }


def metric_widgets(props: DashboardProps) -> list[dict[str, object]]:
    """One metric widget per graph that an alarm of the registry watches, then one per other alarm."""
    alarms = props.alarms
    widgets = []
    drawn_names: set[str] = set()
    for graph in GRAPHS:
        drawn = [a for a in alarms if graph.draws(a.spec)]
        if not drawn:
            continue
        drawn_names.update(a.name for a in drawn)
        rows: list[list[object]] = []
        dimension_sets = _unique_dimensions(drawn)
        for index, dimensions in enumerate(dimension_sets):
            own = [a for a in drawn if dict(a.dimensions) == dict(dimensions)]
            member = _member(own[0], dimension_sets)
            if graph.math:
                rows.extend(_math_rows(props, own[0], member, index, len(rows)))
                continue
            # Draw what the alarms evaluate (a statistic may be overridden), then the extra rows.
            watched = [(namespace, metric, a.spec.statistic)
                       for namespace, metric, _ in graph.metrics for a in own if a.spec.metric_name == metric]
            lines = [row for i, row in enumerate(watched) if row not in watched[:i]]
            for namespace, metric, stat in lines + [row for row in graph.extra if row not in lines]:
                banded = [a for a in own if (namespace, metric, stat) in lines and a.spec.metric_name == metric
                          and a.spec.statistic == stat and a.spec.anomaly is not None]
                rows += with_bands([namespace, metric, *_dimension_items(dimensions)],
                                   _row_options(metric, stat, member), banded, len(rows))
        properties: dict[str, object] = {
            "title": graph.title,
            "view": "timeSeries",
            "region": props.identity.region,
            # The alarms' own period, so a line crossing the threshold is what the alarm saw.
            "period": min(a.spec.period for a in drawn),
            "metrics": rows,
            **_annotations(drawn),
            "yAxis": {"left": {"min": 0, "max": 100} if graph.percent else {"min": 0}},
        }
        widgets.append({"type": "metric", "properties": properties})
    others: dict[str, list[CreatedAlarm]] = {}
    for alarm in alarms:
        if alarm.name not in drawn_names:
            others.setdefault(alarm.spec.key, []).append(alarm)
    widgets += [_alarm_graph(props, same_key) for same_key in others.values()]
    return widgets


def _alarm_graph(props: DashboardProps, alarms: Sequence[CreatedAlarm]) -> dict[str, object]:
    """The graph of an alarm no predefined graph draws: exactly the metric (or math) it evaluates."""
    first = alarms[0]
    spec = first.spec
    rows: list[list[object]] = []
    for offset, alarm in enumerate(alarms):
        banded = [alarm] if spec.anomaly is not None else []
        if spec.math is None:
            rows += with_bands([spec.namespace, spec.metric_name, *_dimension_items(alarm.dimensions)],
                               _row_options(spec.metric_name, spec.statistic, _member(alarm, [a.dimensions for a in alarms])),
                               banded, len(rows))
            continue
        suffix = f"_{offset}" if offset else ""
        rows += [
            [spec.math.namespace, metric, *_dimension_items(alarm.dimensions),
             {"id": f"{metric_id}{suffix}", "stat": stat, "visible": False}]
            for metric_id, metric, stat in spec.math.metrics
        ]
        expression = _suffixed(spec.math, spec.math.expression, suffix)
        rows += with_bands([], {"expression": expression, "label": spec.math.label, "id": f"{spec.math.result_id}{suffix}"},
                           banded, len(rows))
    return {
        "type": "metric",
        "properties": {
            "title": spec.graph_title or spec.key,
            "view": "timeSeries",
            "region": props.identity.region,
            "period": spec.period,
            "metrics": rows,
            **_annotations(alarms),
            "yAxis": {"left": {"min": 0}},
        },
    }


def _member(alarm: CreatedAlarm, dimension_sets: Sequence[Mapping[str, str]]) -> str:
    """What tells ``alarm``'s line apart on a graph of several: the values of the dimensions that differ
    between its lines when they are known at synth time (a Redis member cluster, a queue, an Aurora role),
    else the alarm's label (``jobs``); nothing on a graph of one line."""
    if len(dimension_sets) < 2:
        return ""
    varying = [name for name in alarm.dimensions if len({str(d.get(name)) for d in dimension_sets}) > 1]
    values = [alarm.dimensions[name] for name in varying if not is_token(alarm.dimensions[name])]
    if values:
        return " ".join(values)
    return alarm.member if isinstance(alarm.member, str) else ""


def _row_options(metric: str, stat: str, member: str) -> dict[str, object]:
    """``{stat, label}``; with one line per member the label names it."""
    label = f"{metric} {stat}"
    return {"stat": stat, "label": f"{member} {label}" if member else label}


def _line(alarm: CreatedAlarm) -> tuple[str, float]:
    """Alarms of one spec at one threshold share a threshold line (Redis members; functions of one timeout)."""
    return alarm.spec.key, alarm.spec.threshold


def _unique_lines(alarms: Sequence[CreatedAlarm]) -> list[CreatedAlarm]:
    """One annotation per threshold line."""
    seen: dict[tuple[str, float], CreatedAlarm] = {}
    for alarm in alarms:
        seen.setdefault(_line(alarm), alarm)
    return list(seen.values())


def _suffixed(math: MetricMath, expression: str, suffix: str) -> str:
    """``expression`` with each input id of ``math`` suffixed (``errors_2``): ids stay unique per widget."""
    for metric_id, _, _ in math.metrics:
        expression = re.sub(rf"\b{metric_id}\b", f"{metric_id}{suffix}", expression)
    return expression


def _math_rows(
    props: DashboardProps, alarm: CreatedAlarm, member: str, index: int, offset: int
) -> list[list[object]]:
    """The alarm's own metric math, drawn as on the alarm: hidden inputs, the visible result (its
    ``graph_expression`` when it has one: the rate without the minimum-traffic guard; with an anomaly
    band, exactly what the alarm evaluates, since the band is learnt on that).

    The ids of a graph's second, third... line get ``_1``, ``_2``... so they stay unique.
    """
    math = alarm.spec.math
    assert math is not None
    suffix = f"_{index}" if index else ""
    rows: list[list[object]] = [
        [math.namespace, metric, *_dimension_items(alarm.dimensions),
         {"id": f"{metric_id}{suffix}", "stat": stat, "visible": False}]
        for metric_id, metric, stat in math.metrics
    ]
    if alarm.spec.anomaly is None and math.graph_expression:
        expression = math.graph_expression
    else:
        expression = math.expression
    expression = _suffixed(math, expression, suffix)
    label = f"{member} {math.label}" if member else math.label
    options = {"expression": expression, "label": label, "id": f"{math.result_id}{suffix}"}
    if alarm.spec.anomaly is not None:
        return rows + with_bands([], options, [alarm], offset + len(rows))
    rows.append([options])
    return rows


def dashboard_body(props: DashboardProps) -> dict[str, object]:
    """The dashboard as a dict (tokens as strings), validated and laid out on the 24-column grid."""
    identity = props.identity
    naming = Naming(identity)
    widgets: list[dict[str, object]] = [
        {
            "type": "text",
            "properties": {
                "markdown": (
                    f"# {naming.prefix}\n"
                    f"Service **{identity.service}** in **{identity.environment}** ({identity.region}). "
                    "Lines on graphs are alarm thresholds, colored by severity (P0 red, P1 orange, P2 olive, P3 grey)."
                ),
            },
        }
    ]
    # The service-unhealthy page first: it is what the on-call engineer looks for.
    status = alarm_status_widget((*props.composites, *props.alarms), f"{naming.prefix} alarms")
    if status:
        widgets.append(status)
    widgets += metric_widgets(props)
    if props.error_log_groups:
        widgets.append(
            {
                "type": "log",
                "properties": {
                    "title": "Recent errors",
                    "region": props.identity.region,
                    "query": logs_query(props.error_log_groups, props.recent_errors_limit, props.log_format),
                    "view": "table",
                },
            }
        )
    # A team's widgets last: adding one never moves the library's.
    sizes = [_size(widget) for widget in widgets] + [(custom.width, custom.height) for custom in props.widgets]
    widgets += [custom.widget(identity.region) for custom in props.widgets]
    for widget, (x, y), (width, height) in zip(widgets, place_widgets(sizes), sizes):
        widget.update({"x": x, "y": y, "width": width, "height": height})
    body = {"widgets": [_ordered(widget) for widget in widgets]}
    validate_dashboard_body(body)
    return body


def _size(widget: Mapping[str, object]) -> tuple[int, int]:
    return {"text": HEADER_SIZE, "alarm": ALARM_STATUS_SIZE, "log": LOGS_SIZE}.get(str(widget["type"]), GRAPH_SIZE)


def _ordered(widget: Mapping[str, object]) -> dict[str, object]:
    """type, x, y, width, height, properties: the order CloudWatch itself writes."""
    return {key: widget[key] for key in ("type", "x", "y", "width", "height", "properties")}


class Dashboard(Construct):
    """``<service>-<env>-dashboard``: status, one graph per watched metric, recent errors.

    Graphs: ECS CPU / memory / running tasks (``ClusterName`` + ``ServiceName``),
    ALB 5xx and 4xx, 5xx rates, response time, healthy targets and rejected
    connections (``LoadBalancer``, with ``TargetGroup`` for a target group's
    metrics), RDS and Aurora CPU, memory, storage, connections, latency and DB
    load, Redis engine CPU per member cluster, SQS oldest
    message age and dead-letter messages per queue, Lambda errors, throttles
    and p99 duration per function (``dashboard/graphs.py``); each alarm's
    threshold is a horizontal line on its graph (one per threshold: functions
    with different timeouts get their own lines).

    Example::

        board = Dashboard(stack, "Dashboard", props=DashboardProps(identity=identity,
                                                                   alarms=tuple(factory.created)))
        board.url
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, props: DashboardProps
    ) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(props.identity)
        region = props.identity.region
        self._props = props
        self.body = dashboard_body(props)
        self.name = naming.dashboard_name()
        self.dashboard = CloudwatchDashboard(
            self,
            "Dashboard",
            dashboard_name=self.name,
            # Built in a fixed order, so the text is deterministic; token strings
            # inside (alarm ARNs) resolve to ${...} references in the JSON string.
            dashboard_body=json.dumps(self.body, separators=(",", ":")),
        )
        self.url = (
            f"https://{region}.console.aws.amazon.com/cloudwatch/home"
            f"?region={region}#dashboards:name={self.name}"
        )

    def show(self, alarms: tuple[CreatedAlarm, ...], composites: tuple[CreatedComposite, ...] = (),
             widgets: tuple[CustomWidget, ...] = ()) -> None:
        """Draw ``alarms`` (the whole registry, after alarms were added), list ``composites`` and add
        ``widgets``, validated like the first body."""
        self._props = replace(self._props, alarms=tuple(alarms), composites=tuple(composites), widgets=tuple(widgets))
        self.body = dashboard_body(self._props)
        self.dashboard.dashboard_body = json.dumps(self.body, separators=(",", ":"))


__all__ = ["Dashboard", "DashboardProps", "GRAPHS", "dashboard_body"]
