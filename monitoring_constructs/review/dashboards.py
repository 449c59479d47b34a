"""The dashboards of a stack as widgets on CloudWatch's 24-column grid.

``aws_cloudwatch_dashboard.dashboard_body`` is a JSON string; references in it
(alarm ARNs, a load balancer's ``arn_suffix``) are resolved to names. Alarm
annotations and alarm-status widgets are matched to the stack's alarms, so
they carry the alarm's threshold and severity. Widgets without ``x``/``y`` are
placed after the placed ones, flowing left to right as CloudWatch does.

Example::

    for dashboard in read_dashboards(stack, alarms):
        [(w.kind, w.title, w.x, w.y, w.width, w.height) for w in dashboard.widgets]
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..dashboard.body_checks import DEFAULT_SIZE, GRID_COLUMNS, MAX_HEIGHT, REPEAT, REPEAT_ROW
from ..dashboard.layout import place_widgets
from ..core.severity import SEVERITY_COLORS, Severity
from .alarms import Alarm
from .stacks import Stack

DASHBOARD = "aws_cloudwatch_dashboard"
DEFAULT_STAT = "Average"  # CloudWatch graphs a metric row without "stat" as its average


@dataclass(frozen=True)
class Line:
    """One plotted metric or expression."""

    label: str
    source: str  # "AWS/ECS CPUUtilization" or "= <expression>"
    dimensions: str  # "ClusterName=..., ServiceName=..." (empty for expressions)
    color: str | None = None


@dataclass(frozen=True)
class Threshold:
    """A horizontal annotation: a line at ``value``, a band up to ``upper``, or only a label (value unknown)."""

    label: str
    value: float | None = None
    upper: float | None = None
    color: str | None = None


@dataclass(frozen=True)
class Chip:
    """One alarm on an alarm-status widget."""

    name: str
    color: str | None


@dataclass(frozen=True)
class Widget:
    """One widget: where it sits on the grid and what it shows."""

    kind: str
    x: int
    y: int
    width: int
    height: int
    title: str
    view: str = ""
    lines: tuple[Line, ...] = ()
    hidden: tuple[Line, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    chips: tuple[Chip, ...] = ()
    text: str = ""
    y_range: tuple[float | None, float | None] = (None, None)

    @property
    def label(self) -> str:
        return f"{self.kind} “{self.title}”"


@dataclass(frozen=True)
class Dashboard:
    """One ``aws_cloudwatch_dashboard``; ``problem`` says why there is nothing to draw."""

    stack: str
    name: str
    widgets: tuple[Widget, ...]
    problem: str | None = None

    @property
    def rows(self) -> int:
        return max((w.y + w.height for w in self.widgets), default=0)


def severity_color(severity: str) -> str | None:
    """The dashboard's color for a severity (``P0`` red ... ``P3`` grey), None when unknown."""
    return SEVERITY_COLORS.get(Severity(severity)) if severity in Severity._value2member_map_ else None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _size(value: object, default: int, low: int, high: int) -> int:
    return min(max(value, low), high) if isinstance(value, int) and not isinstance(value, bool) else default


class _Reader:
    """Turns one dashboard body into widgets, resolving names through the stack and its alarms."""

    def __init__(self, stack: Stack, alarms: Sequence[Alarm]) -> None:
        self.stack = stack
        self.by_address = {alarm.address: alarm for alarm in alarms}
        self.by_name = {alarm.name: alarm for alarm in alarms}

    def alarm(self, value: object) -> Alarm | None:
        """The alarm an ARN (reference or literal ``...:alarm:<name>``) names."""
        reference = self.stack.reference(value)
        if reference:
            return self.by_address.get(reference[0])
        return self.by_name.get(value.rsplit(":alarm:", 1)[-1]) if isinstance(value, str) else None

    def lines(self, rows: object, stat: str) -> tuple[list[Line], list[Line]]:
        """(visible, hidden) lines of a ``metrics`` array, with ``.`` and ``...`` expanded."""
        visible: list[Line] = []
        hidden: list[Line] = []
        previous: list[Any] = []
        for row in rows if isinstance(rows, list) else ():
            if not isinstance(row, list) or not row:
                continue
            options = row[-1] if isinstance(row[-1], Mapping) else {}
            values = list(row[:-1] if isinstance(row[-1], Mapping) else row)
            if "expression" in options:
                expression = self.stack.resolve(options["expression"])
                line = Line(str(options.get("label") or options.get("id") or expression), f"= {expression}", "",
                            options.get("color"))
            else:
                if values[:1] == [REPEAT_ROW]:
                    values = previous[: max(len(previous) - len(values) + 1, 0)] + values[1:]
                values = [previous[i] if v == REPEAT and i < len(previous) else v for i, v in enumerate(values)]
                previous = values
                namespace, metric = (values + ["?", "?"])[:2]
                pairs = zip(values[2::2], values[3::2])
                dimensions = ", ".join(f"{self.stack.resolve(k)}={self.stack.resolve(v)}" for k, v in pairs)
                line_stat = str(options.get("stat", stat))
                default = f"{metric} {line_stat}"
                if options.get("visible") is False and options.get("id"):  # an input of an expression
                    default = f"{options['id']} = {default}"
                line = Line(str(options.get("label") or default), f"{namespace} {metric} {line_stat}",
                            dimensions, options.get("color"))
            (hidden if options.get("visible") is False else visible).append(line)
        return visible, hidden

    def thresholds(self, annotations: object) -> list[Threshold]:
        if not isinstance(annotations, Mapping):
            return []
        found = []
        for item in annotations.get("horizontal") or ():
            if isinstance(item, list) and len(item) == 2 and all(isinstance(i, Mapping) for i in item):
                low, high = item
                label = self.stack.resolve(low.get("label") or high.get("label") or "band")
                found.append(Threshold(label, _number(low.get("value")), _number(high.get("value")), low.get("color")))
            elif isinstance(item, Mapping) and item.get("visible") is not False:
                value = item.get("value")
                found.append(Threshold(self.stack.resolve(item.get("label") or value), _number(value), None, item.get("color")))
        for item in annotations.get("vertical") or ():
            first = item[0] if isinstance(item, list) and item else item
            if isinstance(first, Mapping):
                found.append(Threshold(f"time marker: {self.stack.resolve(first.get('label') or first.get('value'))}"))
        for arn in annotations.get("alarms") or ():
            alarm = self.alarm(arn)
            found.append(
                Threshold(f"{alarm.name} {alarm.condition} ({alarm.severity})", alarm.threshold, None,
                          severity_color(alarm.severity))
                if alarm else Threshold(self.stack.resolve(arn))
            )
        return found

    def chips(self, arns: object) -> list[Chip]:
        chips = []
        for arn in arns if isinstance(arns, list) else ():
            alarm = self.alarm(arn)
            chips.append(Chip(alarm.name, severity_color(alarm.severity)) if alarm else Chip(self.stack.resolve(arn), None))
        return chips

    def widget(self, raw: Mapping[str, Any], x: int, y: int, width: int, height: int) -> Widget:
        kind = str(raw.get("type", "?"))
        props = raw.get("properties") if isinstance(raw.get("properties"), Mapping) else {}
        title = self.stack.resolve(props["title"]) if props.get("title") else ""
        common = {"kind": kind, "x": x, "y": y, "width": width, "height": height}
        if kind == "metric":
            visible, hidden = self.lines(props.get("metrics"), str(props.get("stat", DEFAULT_STAT)))
            left = (props.get("yAxis") or {}).get("left") if isinstance(props.get("yAxis"), Mapping) else None
            left = left if isinstance(left, Mapping) else {}
            return Widget(**common, title=title or (visible[0].label if visible else "metric"),
                          view=str(props.get("view", "timeSeries")), lines=tuple(visible), hidden=tuple(hidden),
                          thresholds=tuple(self.thresholds(props.get("annotations"))),
                          y_range=(_number(left.get("min")), _number(left.get("max"))))
        if kind == "alarm":
            return Widget(**common, title=title or "Alarms", view="alarm status", chips=tuple(self.chips(props.get("alarms"))))
        if kind == "log":
            return Widget(**common, title=title or "Logs Insights", view=f"Logs Insights · {props.get('view', 'table')}",
                          text=self.stack.resolve(props.get("query", "")))
        if kind == "text":
            markdown = self.stack.resolve(props.get("markdown", ""))
            first = next((line.lstrip("# ").strip() for line in markdown.splitlines() if line.strip()), "text")
            return Widget(**common, title=title or first, text=markdown)
        details = ", ".join(f"{key}: {self.stack.resolve(value)}" for key, value in props.items() if key != "title")
        return Widget(**common, title=title or kind, text=details)


def _widgets(reader: _Reader, raws: Sequence[object]) -> list[Widget]:
    raws = [raw for raw in raws if isinstance(raw, Mapping)]
    geometry = []
    for raw in raws:
        x = _size(raw.get("x"), -1, 0, GRID_COLUMNS - 1) if "x" in raw and "y" in raw else -1
        width = min(_size(raw.get("width"), DEFAULT_SIZE, 1, GRID_COLUMNS), GRID_COLUMNS - max(x, 0))
        height = _size(raw.get("height"), DEFAULT_SIZE, 1, MAX_HEIGHT)
        geometry.append([x, _size(raw.get("y"), 0, 0, 10**6), width, height])
    placed_rows = max((y + h for x, y, w, h in geometry if x >= 0), default=0)
    unplaced = [g for g in geometry if g[0] < 0]
    for g, (x, y) in zip(unplaced, place_widgets([(g[2], g[3]) for g in unplaced])):
        g[0], g[1] = x, placed_rows + y
    return [reader.widget(raw, *g) for raw, g in zip(raws, geometry)]


def read_dashboards(stack: Stack, alarms: Sequence[Alarm]) -> list[Dashboard]:
    """Every dashboard of ``stack``, its widgets read from the body."""
    reader = _Reader(stack, alarms)
    dashboards = []
    for key, block in stack.resources(DASHBOARD).items():
        name = stack.resolve(block.get("dashboard_name", key))
        body = block.get("dashboard_body")
        try:
            parsed = json.loads(body) if isinstance(body, str) else body
        except json.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, Mapping) or not isinstance(parsed.get("widgets"), list):
            problem = "dashboard_body is not a JSON dashboard (a Terraform expression?): nothing to draw"
            dashboards.append(Dashboard(stack.name, name, (), problem))
            continue
        dashboards.append(Dashboard(stack.name, name, tuple(_widgets(reader, parsed["widgets"]))))
    return dashboards
