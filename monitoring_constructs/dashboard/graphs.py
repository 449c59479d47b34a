"""The dashboard's graphs: which alarms each draws, as data; ``metric_widgets`` builds them from the registry.

A graph draws the alarms of its ``keys`` that the registry holds, each exactly as
the alarm evaluates it (metric, statistic, dimensions, period, or its metric
math), plus ``extra`` metrics drawn without an alarm (ALB 4xx next to 5xx), and
each alarm's threshold as a horizontal line. An alarm no graph lists (the
ERROR-line alarm, a team's own) gets a graph of its own.

Example::

    Graph(title="RDS read / write latency p90 (s)", keys=("rds-read-latency-high", "rds-write-latency-high"))
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .._cdk import is_token
from ..alarms.factory import CreatedAlarm
from ..core.settings import MonitoringSettings
from ..core.severity import SEVERITY_COLORS

ELB = "AWS/ApplicationELB"


@dataclass(frozen=True, kw_only=True, slots=True)
class Graph:
    """One metric widget: the alarms of ``keys``, ``extra`` (namespace, metric, statistic) rows, a 0-100 axis if ``percent``."""

    title: str
    keys: tuple[str, ...]
    extra: tuple[tuple[str, str, str], ...] = ()
    percent: bool = False


def _database(name: str, prefix: str, *, storage: bool) -> tuple[Graph, ...]:
    """The graphs of AWS's recommended database alarms (``alarms/resources/database.py``)."""
    cpu = (f"{prefix}-cpu-high", f"{prefix}-cpu-very-high")
    return (
        Graph(title=f"{name} CPU utilization (%)", keys=cpu, percent=True),
        Graph(title=f"{name} freeable memory (%)", keys=(f"{prefix}-free-memory-low",), percent=True),
        *((Graph(title=f"{name} free storage (%)", keys=(f"{prefix}-free-storage-low",), percent=True),) if storage else ()),
        Graph(title=f"{name} connections (% of max_connections)", keys=(f"{prefix}-connections-high",), percent=True),
        Graph(title=f"{name} read / write latency p90 (s)",
              keys=(f"{prefix}-read-latency-high", f"{prefix}-write-latency-high")),
        Graph(title=f"{name} DB load per vCPU", keys=(f"{prefix}-db-load-high",)),
    )


# The graphs a dashboard may hold, in order; one is drawn when the registry has an alarm of its keys.
GRAPHS: tuple[Graph, ...] = (
    Graph(title="ECS CPU utilization (%)", keys=("cpu-high", "cpu-very-high"), percent=True),
    Graph(title="ECS memory utilization (%)", keys=("memory-elevated", "memory-high"), percent=True),
    Graph(title="ECS running tasks", keys=("task-count-zero",)),
    Graph(title="ALB target 5xx / 4xx responses", keys=("alb-5xx-high",),
          extra=((ELB, "HTTPCode_Target_4XX_Count", "Sum"),)),
    Graph(title="ALB target 5xx rate (%)", keys=("alb-5xx-rate-high",), percent=True),
    Graph(title="ALB target response time (s)", keys=("response-time-high",), extra=((ELB, "TargetResponseTime", "p99"),)),
    Graph(title="ALB target response time p99 (s)", keys=("alb-response-time-p99-high",)),
    Graph(title="ALB healthy / unhealthy targets", keys=("alb-unhealthy-hosts",),
          extra=((ELB, "HealthyHostCount", "Minimum"),)),
    Graph(title="ALB load balancer 5xx rate (%)", keys=("alb-elb-5xx-rate-high",), percent=True),
    Graph(title="ALB rejected connections", keys=("alb-rejected-connections",)),
    *_database("RDS", "rds", storage=True),
    *_database("Aurora", "aurora", storage=False),
    Graph(title="Redis engine CPU utilization (%)", keys=("redis-cpu-high",), percent=True),
)


def metric_widgets(settings: MonitoringSettings, alarms: Sequence[CreatedAlarm]) -> list[dict[str, object]]:
    """One metric widget per graph with alarms in the registry, then one per alarm key no graph lists."""
    widgets = []
    listed = {key for graph in GRAPHS for key in graph.keys}
    for graph in GRAPHS:
        drawn = [alarm for alarm in alarms if alarm.spec.key in graph.keys]
        if drawn:
            widgets.append(_widget(settings, graph.title, drawn, graph.extra, graph.percent))
    others: dict[str, list[CreatedAlarm]] = {}
    for alarm in alarms:
        if alarm.spec.key not in listed:
            others.setdefault(alarm.spec.key, []).append(alarm)
    for same_key in others.values():
        spec = same_key[0].spec
        widgets.append(_widget(settings, spec.graph_title or spec.key, same_key, (), False))
    return widgets


def _widget(settings: MonitoringSettings, title: str, drawn: Sequence[CreatedAlarm],
            extra: tuple[tuple[str, str, str], ...], percent: bool) -> dict[str, object]:
    dimension_sets = _unique([dict(alarm.dimensions) for alarm in drawn])
    varying = [name for name in dimension_sets[0] if len({str(d.get(name)) for d in dimension_sets}) > 1]
    math_alarms = [alarm for alarm in drawn if alarm.spec.math is not None]
    rows: list[list[object]] = []
    for dimensions in dimension_sets:
        member = " ".join(dimensions[n] for n in varying if n in dimensions and not is_token(dimensions[n]))
        at = [alarm for alarm in drawn if dict(alarm.dimensions) == dimensions]
        plain = _unique([(a.spec.namespace, a.spec.metric_name, a.spec.statistic) for a in at if a.spec.math is None])
        for namespace, metric, stat in plain + [row for row in extra if row not in plain]:
            rows.append([namespace, metric, *_dimension_items(dimensions), _row_options(member, f"{metric} {stat}", stat)])
        for alarm in (a for a in at if a.spec.math is not None):
            rows.extend(_math_rows(settings, alarm, member, index=math_alarms.index(alarm)))
    first_of_key: dict[str, CreatedAlarm] = {}
    for alarm in drawn:
        first_of_key.setdefault(alarm.spec.key, alarm)
    return {
        "type": "metric",
        "properties": {
            "title": title,
            "view": "timeSeries",
            "region": settings.region,
            # The alarms' own period, so a line crossing the threshold is what the alarm saw.
            "period": min(alarm.spec.period for alarm in drawn),
            "metrics": rows,
            "annotations": {"horizontal": [
                _annotation(alarm, sum(1 for a in drawn if a.spec.key == key)) for key, alarm in first_of_key.items()
            ]},
            "yAxis": {"left": {"min": 0, "max": 100} if percent else {"min": 0}},
        },
    }


def _unique(items: list) -> list:
    return [item for index, item in enumerate(items) if item not in items[:index]]


def _dimension_items(dimensions: Mapping[str, str]) -> list[str]:
    return [item for pair in dimensions.items() for item in pair]


def _row_options(member: str, label: str, stat: str) -> dict[str, object]:
    """``{stat, label}``; with one line per member (Redis node, Aurora role) the label names the member."""
    return {"stat": stat, "label": f"{member} {label}" if member else label}


def _math_rows(settings: MonitoringSettings, alarm: CreatedAlarm, member: str, index: int) -> list[list[object]]:
    """The alarm's own metric math, drawn as on the alarm: hidden inputs, the visible result.

    The ids of a graph's second, third... math alarm get ``_1``, ``_2``... so they stay unique.
    """
    math = alarm.spec.math
    assert math is not None
    suffix = f"_{index}" if index else ""
    rows: list[list[object]] = [
        [math.namespace, metric, *_dimension_items(alarm.dimensions),
         {"id": f"{metric_id}{suffix}", "stat": stat, "visible": False}]
        for metric_id, metric, stat in math.metrics
    ]
    expression = math.graph_expression or math.expression.format(min_requests=settings.error_rate_min_requests)
    for metric_id, _, _ in math.metrics:
        expression = re.sub(rf"\b{metric_id}\b", f"{metric_id}{suffix}", expression)
    label = f"{member} {math.label}" if member else math.label
    rows.append([{"expression": expression, "label": label, "id": f"{math.result_id}{suffix}"}])
    return rows


def _annotation(alarm: CreatedAlarm, members: int) -> dict[str, object]:
    """The alarm's threshold line; alarms of one spec on several members share one line named ``<alarm>-*``."""
    comparison = ">" if "Greater" in alarm.spec.comparison else "<"
    name = alarm.name
    if members > 1:
        base = name if alarm.member is None else name[: -len(str(alarm.member)) - 1]
        name = f"{base}-*"
    return {
        "label": f"{name} {comparison} {alarm.spec.threshold:g}{alarm.spec.unit_suffix} ({alarm.severity.value})",
        "value": alarm.spec.threshold,
        "color": SEVERITY_COLORS[alarm.severity],
    }


__all__ = ["GRAPHS", "Graph", "metric_widgets"]
