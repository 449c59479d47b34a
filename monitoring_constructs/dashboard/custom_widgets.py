"""Widgets of your own on the service's dashboard: graphs of any metrics, notes, Logs Insights tables.

Plain data, checked on creation; ``ServiceMonitoring.add_widget`` places them after everything
the library draws, in the order added (the body is checked again as a whole before synthesis).
A graph that should also page someone is a ``CustomAlarm``: it is drawn with its threshold.

Example::

    monitoring.add_widget(GraphWidget(
        title="Checkouts",
        metrics=(Metric(namespace="Orders", metric_name="CheckoutStarted", statistic="Sum"),
                 Metric(namespace="Orders", metric_name="CheckoutCompleted", statistic="Sum")),
        horizontal_lines={"daily target": 500},
    ))
    monitoring.add_widget(TextWidget(markdown="Runbook: https://wiki.example.com/orders"))
    monitoring.add_widget(LogQueryWidget(
        title="Slow checkouts", log_group_names=(monitoring.logs.application.name,),
        query="fields @timestamp, duration_ms | filter duration_ms > 2000 | sort duration_ms desc | limit 50"))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .._cdk import is_token
from ..alarms.custom import Metric
from ..core.errors import MonitoringConfigError
from ..core.validation import (
    LOG_GROUP_NAME,
    REGION,
    require_bool,
    require_instance,
    require_int,
    require_mapping,
    require_number,
    require_pattern,
    require_string,
    require_tuple,
)
from .body_checks import GRID_COLUMNS, MAX_METRIC_ROWS
from .widgets import source_query

_PERIODS = "60 or a multiple of 60 (10, 20 or 30 for high-resolution metrics)"


def _require_size(where: str, width: object, height: object) -> None:
    require_int(f"{where}.width", width, 1, GRID_COLUMNS)
    require_int(f"{where}.height", height, 1, 1000)


@dataclass(frozen=True, kw_only=True, slots=True)
class GraphWidget:
    """A time-series graph of ``metrics`` (1-500, each with its dimensions), no alarm attached.

    Defaults: a 300-second period, the y axis from 0 (``y_min=None`` lets it
    float), not stacked, 8 x 6 grid cells (three to a row). ``horizontal_lines``
    draws a labelled line per value (a target, a quota); ``region`` draws another
    region's metrics (default: the service's).
    """

    title: str
    metrics: tuple[Metric, ...]
    period: int = 300
    y_min: float | None = 0
    stacked: bool = False
    horizontal_lines: Mapping[str, float] = field(default_factory=dict)
    region: str | None = None
    width: int = 8
    height: int = 6

    def __post_init__(self) -> None:
        where = f"graph_widget[{self.title!r}]"
        require_string(f"{where}.title", self.title, "the graph's title")
        metrics = require_tuple(f"{where}.metrics", self.metrics, "Metric(...) values")
        if not 1 <= len(metrics) <= MAX_METRIC_ROWS:
            raise MonitoringConfigError(f"{where}.metrics", len(metrics), f"1-{MAX_METRIC_ROWS} Metric(...) values")
        for index, metric in enumerate(metrics):
            require_instance(f"{where}.metrics[{index}]", metric, Metric, "a Metric(...)")
        object.__setattr__(self, "metrics", metrics)
        period = require_int(f"{where}.period", self.period, 10)
        if period not in (10, 20, 30) and period % 60:
            raise MonitoringConfigError(f"{where}.period", period, _PERIODS)
        if self.y_min is not None:
            require_number(f"{where}.y_min", self.y_min)
        require_bool(f"{where}.stacked", self.stacked)
        lines = require_mapping(f"{where}.horizontal_lines", self.horizontal_lines, "label -> value")
        for label, value in lines.items():
            require_string(f"{where}.horizontal_lines", label, "a label for each line")
            require_number(f"{where}.horizontal_lines[{label!r}]", value)
        object.__setattr__(self, "horizontal_lines", MappingProxyType(dict(lines)))
        if self.region is not None:
            require_pattern(f"{where}.region", self.region, REGION, "an AWS region name like ap-northeast-2")
        _require_size(where, self.width, self.height)

    def _label(self, metric: Metric) -> str:
        """``CheckoutFailed Sum``, led by its literal dimension values when another line has that name too."""
        label = f"{metric.metric_name} {metric.statistic}"
        twins = [m for m in self.metrics if (m.metric_name, m.statistic) == (metric.metric_name, metric.statistic)]
        values = [value for value in metric.dimensions.values() if not is_token(value)]
        return " ".join([*values, label]) if len(twins) > 1 and values else label

    def widget(self, region: str) -> dict[str, object]:
        """The CloudWatch widget (geometry is added by the dashboard's layout)."""
        rows = [[metric.namespace, metric.metric_name, *(item for pair in metric.dimensions.items() for item in pair),
                 {"stat": metric.statistic, "label": self._label(metric)}] for metric in self.metrics]
        lines = [{"label": label, "value": value} for label, value in self.horizontal_lines.items()]
        return {
            "type": "metric",
            "properties": {
                "title": self.title,
                "view": "timeSeries",
                "stacked": self.stacked,
                "region": self.region or region,
                "period": self.period,
                "metrics": rows,
                **({"annotations": {"horizontal": lines}} if lines else {}),
                **({"yAxis": {"left": {"min": self.y_min}}} if self.y_min is not None else {}),
            },
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class TextWidget:
    """Markdown: a runbook link, an owner, what a graph means. Default: the full width, 2 cells high."""

    markdown: str
    width: int = GRID_COLUMNS
    height: int = 2

    def __post_init__(self) -> None:
        require_string("text_widget.markdown", self.markdown, "non-empty markdown")
        _require_size("text_widget", self.width, self.height)

    def widget(self, region: str) -> dict[str, object]:
        return {"type": "text", "properties": {"markdown": self.markdown}}


@dataclass(frozen=True, kw_only=True, slots=True)
class LogQueryWidget:
    """A Logs Insights table over ``log_group_names`` (1-50; tokens allowed), e.g. the slowest requests.

    ``query`` is the part after the ``SOURCE`` clauses (``fields ... | filter ... |
    limit 50``). Default: the full width, 6 cells high.
    """

    title: str
    log_group_names: tuple[str, ...]
    query: str
    width: int = GRID_COLUMNS
    height: int = 6

    def __post_init__(self) -> None:
        where = f"log_query_widget[{self.title!r}]"
        require_string(f"{where}.title", self.title, "the table's title")
        groups = require_tuple(f"{where}.log_group_names", self.log_group_names, "log group names")
        if not 1 <= len(groups) <= 50:
            raise MonitoringConfigError(f"{where}.log_group_names", len(groups), "1-50 log group names")
        for index, group in enumerate(groups):
            require_pattern(f"{where}.log_group_names[{index}]", group, LOG_GROUP_NAME,
                            "a log group name matching ^[0-9A-Za-z_./#-]{1,512}$ or a token")
        object.__setattr__(self, "log_group_names", groups)
        require_string(f"{where}.query", self.query, "a Logs Insights query such as 'fields @message | limit 20'")
        # The query may be joined with log group tokens into the body's JSON string, unescaped.
        if (is_token(self.query) or self.query.lstrip().upper().startswith("SOURCE")
                or any(character in '"\\' or character < " " for character in self.query)):
            raise MonitoringConfigError(f"{where}.query", self.query, "a literal one-line query without SOURCE "
                                        "(log_group_names gives the groups), double quotes or backslashes "
                                        "(use single quotes)")
        _require_size(where, self.width, self.height)

    def widget(self, region: str) -> dict[str, object]:
        return {
            "type": "log",
            "properties": {"title": self.title, "region": region, "query": source_query(self.log_group_names, self.query),
                           "view": "table"},
        }


CustomWidget = GraphWidget | TextWidget | LogQueryWidget
CUSTOM_WIDGETS = (GraphWidget, TextWidget, LogQueryWidget)
CUSTOM_WIDGET_KINDS = "a GraphWidget(...), TextWidget(...) or LogQueryWidget(...)"
