"""Check a CloudWatch dashboard body before it becomes ``dashboard_body``.

CloudWatch validates the body only when ``PutDashboard`` runs, i.e. at
``terraform apply``, and then reports JSON pointers into a string nobody
wrote by hand.  ``validate_dashboard_body`` fails at synth time instead and
names the field the way the Python dict spells it, e.g.
``dashboard.widgets[3].properties.metrics[1]``.

The rules follow AWS's "Dashboard Body Structure and Syntax" reference unless
a comment says the rule is ours.  Rules that are ours are stricter than AWS,
never looser: they reject bodies our builders should never produce.

Tokens: a string containing ``${`` (a CDKTF ``${TfToken[...]}`` or a
Terraform interpolation such as ``${aws_cloudwatch_metric_alarm.cpu.arn}``)
is only known at apply time.  It is accepted wherever free text is expected
(ARNs, regions, dimension values, titles, markdown, queries) but not where a
number is expected (the grid must be known now to check layout) and not where
one of a fixed set of words is expected (``view``, ``stat``, ...), because
nothing could be checked.

Pure Python on purpose: no cdktf import, so it runs anywhere the tests run.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from .errors import MonitoringConfigError

# --- Limits ---------------------------------------------------------------

GRID_COLUMNS = 24
"""The dashboard grid is 24 columns wide (AWS: x is 0-23, width 1-24)."""

MAX_WIDGETS = 500  # AWS: "between 0 and 500 widget objects".
MAX_VARIABLES = 25  # AWS: a variables array holds 0-25 variable objects.
MAX_HEIGHT = 1000  # AWS: height 1-1000.
DEFAULT_SIZE = 6  # AWS: width and height default to 6.
MAX_METRIC_ROWS = 500  # AWS: a metrics array holds 0-500 metrics and expressions.
MAX_ALARMS = 100  # AWS: an alarm widget lists 1-100 ARNs.
MAX_EXPLORER_METRICS = 100  # AWS: an explorer widget lists 1-100 metrics.

# --- Allowed words (AWS reference unless noted) ----------------------------

TOP_LEVEL_KEYS = ("widgets", "start", "end", "periodOverride", "variables")
WIDGET_KEYS = ("type", "x", "y", "width", "height", "properties")
# "custom" (a Lambda-rendered widget) is not in the reference's type list;
# its shape comes from the CloudWatch custom-widget docs and AWS CDK's
# CustomWidget, which emits {endpoint, params, title, updateOn}.
WIDGET_TYPES = ("metric", "text", "log", "alarm", "explorer", "custom")
PERIOD_OVERRIDES = ("auto", "inherit")
METRIC_VIEWS = ("timeSeries", "singleValue", "gauge", "bar", "pie", "table")
LOG_VIEWS = ("table", "timeSeries", "bar", "pie")
EXPLORER_VIEWS = ("timeSeries", "bar", "pie")
LEGEND_POSITIONS = ("right", "bottom", "hidden")
Y_AXIS_SIDES = ("left", "right")
HORIZONTAL_FILLS = ("above", "below", "none")
VERTICAL_FILLS = ("before", "after", "none")
TEXT_BACKGROUNDS = ("solid", "transparent")
ALARM_SORT_ORDERS = ("default", "stateUpdatedTimestamp", "timestamp")
ALARM_STATES = ("ALARM", "INSUFFICIENT_DATA", "OK")
EXPLORER_AGGREGATIONS = ("AVG", "MIN", "MAX", "STDDEV", "SUM")
VARIABLE_TYPES = ("property", "pattern")
VARIABLE_INPUT_TYPES = ("input", "select", "radio")
ANNOTATION_KEYS = ("alarms", "horizontal", "vertical")

# Statistics (AWS "CloudWatch statistics definitions").  Percentile-style
# statistics take one number 0-100 (up to 10 decimals) in lower case (p99,
# tm90, wm98, tc90, ts90) or a range in upper case: TM(10%:90%), TC(80:500),
# PR(:300).  IQM is TM(25%:75%).
SIMPLE_STATS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum", "IQM")
_NUMBER = r"\d+(?:\.\d{1,10})?"
_SHORT_STAT = re.compile(rf"(p|tm|wm|tc|ts)({_NUMBER})")
_RANGE_STAT = re.compile(rf"(TM|WM|TC|TS|PR)\(({_NUMBER}%?)?:({_NUMBER}%?)?\)")
STAT_HELP = (
    "SampleCount, Average, Sum, Minimum, Maximum, IQM, pNN, tmNN, wmNN, tcNN, "
    "tsNN (NN 0-100) or TM/WM/TC/TS/PR(low:high)"
)

# Periods: the reference says "any multiple of 60"; the GetMetricData
# MetricStat reference also allows 1, 5, 10, 20 and 30 for high-resolution
# metrics, and graphs of such metrics use them, so we accept both.
HIGH_RESOLUTION_PERIODS = (1, 5, 10, 20, 30)
PERIOD_HELP = "1, 5, 10, 20, 30 (high resolution) or a positive multiple of 60 seconds"

_ALARM_ARN = re.compile(r"arn:aws(?:-[a-z]+)*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+")
_LAMBDA_ARN = re.compile(
    r"arn:aws(?:-[a-z]+)*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?"
)
# AWS: a metric id "must start with a lowercase letter"; GetMetricData adds
# letters, digits and underscores only.
_METRIC_ID = re.compile(r"[a-z][A-Za-z0-9_]*")
# AWS says "six-digit HTML hex color", yet its own examples use "#aaa".
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_TIMEZONE = re.compile(r"[+-]\d{4}")
_RELATIVE_TIME = re.compile(r"-P(?:T\d+[MH]|\d+[DWM])")
_VARIABLE_ID = re.compile(r"[0-9A-Za-z_-]{1,32}")
_RESOURCE_TYPE = re.compile(r"AWS::[A-Za-z0-9]+::[A-Za-z0-9]+(?:/[A-Za-z]+)?")
# A log widget's query names its log groups as SOURCE 'group' | SOURCE 'other' | ...
_LOG_SOURCE = re.compile(r"SOURCE\s+(['\"])[^'\"]+\1")
_WHOLE_TOKEN = re.compile(r"\$\{[^{}]*\}")

REPEAT = "."  # AWS: "." repeats the previous metric's value at that position.
REPEAT_ROW = "..."  # Console shorthand: ["...", {...}] repeats the whole previous row.

NUMBER_NOT_TOKEN = "a token is not accepted: the value must be known at synth time"


class _Missing:
    """Stands in for an absent key so messages read ``<missing>`` rather than None."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


# --- Small checks -----------------------------------------------------------


def is_token(value: object) -> bool:
    """True for a CDKTF token or Terraform interpolation (known only at apply time)."""
    return isinstance(value, str) and "${" in value


def _fail(field: str, value: object, allowed: str) -> None:
    raise MonitoringConfigError(field, value, allowed)


def _is_int(value: object) -> bool:
    # bool is an int subclass in Python; JSON true is never a size.
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _mapping(field: str, value: object, what: str) -> Mapping:
    if not isinstance(value, Mapping):
        _fail(field, value, what)
    return value


def _list(field: str, value: object, what: str, low: int = 0, high: int | None = None) -> list:
    # A str is a Sequence too; a JSON array never is.
    if not isinstance(value, Sequence) or isinstance(value, (str, bytes)):
        _fail(field, value, what)
    if len(value) < low or (high is not None and len(value) > high):
        _fail(field, value, what)
    return list(value)


def _text(field: str, value: object, what: str = "a non-empty string or a token") -> str:
    """Free text: any non-empty string, tokens included."""
    if not isinstance(value, str) or value == "":
        _fail(field, value, what)
    return value


def _pattern(field: str, value: object, pattern: re.Pattern[str], what: str) -> str:
    """A string that must match ``pattern`` unless it is a token."""
    _text(field, value, what)
    if not is_token(value) and not pattern.fullmatch(value):
        _fail(field, value, what)
    return value


def _word(field: str, value: object, choices: Sequence[str]) -> str:
    """One of a fixed set of words; a token is rejected because it cannot be checked."""
    if not isinstance(value, str) or value not in choices:
        _fail(field, value, "one of " + ", ".join(choices))
    return value


def _int(field: str, value: object, low: int, high: int | None = None) -> int:
    if not _is_int(value) or value < low or (high is not None and value > high):
        bound = f"an integer from {low} to {high}" if high is not None else f"an integer >= {low}"
        if is_token(value):
            bound += f" ({NUMBER_NOT_TOKEN})"
        _fail(field, value, bound)
    return value


def _number(field: str, value: object) -> float:
    if not _is_number(value):
        what = "a finite number"
        if is_token(value):
            what += f" ({NUMBER_NOT_TOKEN})"
        _fail(field, value, what)
    return value


def _bool(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        _fail(field, value, "true or false")
    return value


def _required(props: Mapping, key: str, parent: str, what: str) -> object:
    if key not in props:
        _fail(f"{parent}.{key}", MISSING, what)
    return props[key]


def _no_unknown_keys(mapping: Mapping, allowed: Sequence[str], parent: str) -> None:
    for key in mapping:
        if key not in allowed:
            _fail(f"{parent}.{key}", mapping[key], "only the keys " + ", ".join(allowed))


def _check_optional(props: Mapping, parent: str, checks: Mapping[str, object]) -> None:
    """Run ``checks[key](field, value)`` for each key present in ``props``."""
    for key, check in checks.items():
        if key in props:
            check(f"{parent}.{key}", props[key])


# --- Statistic, period, time --------------------------------------------------


def is_valid_stat(stat: str) -> bool:
    """True for any statistic CloudWatch graphs accept (see SIMPLE_STATS notes)."""
    if stat in SIMPLE_STATS:
        return True
    short = _SHORT_STAT.fullmatch(stat)
    if short:
        return float(short.group(2)) <= 100
    ranged = _RANGE_STAT.fullmatch(stat)
    if not ranged:
        return False
    name, low, high = ranged.groups()
    bounds = [b for b in (low, high) if b is not None]
    if not bounds:
        return False
    percents = {b.endswith("%") for b in bounds}
    if len(percents) > 1:  # ours: AWS describes all-percent or all-absolute ranges only
        return False
    is_percent = percents.pop()
    if is_percent and name == "PR":  # percentile rank takes absolute thresholds
        return False
    values = [float(b.rstrip("%")) for b in bounds]
    if is_percent and any(v > 100 for v in values):
        return False
    return len(values) == 1 or values[0] < values[1]


def _stat(field: str, value: object) -> None:
    if not isinstance(value, str) or not is_valid_stat(value):
        _fail(field, value, STAT_HELP)


def _period(field: str, value: object) -> None:
    if not _is_int(value) or value < 1 or (
        value not in HIGH_RESOLUTION_PERIODS and value % 60 != 0
    ):
        what = PERIOD_HELP + (f" ({NUMBER_NOT_TOKEN})" if is_token(value) else "")
        _fail(field, value, what)


def _is_iso8601(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _time(field: str, value: object, *, relative_ok: bool) -> None:
    """AWS: -PT5M / -PT8H / -P3D style relative times, or an ISO 8601 timestamp."""
    what = "an ISO 8601 time" + (" or a relative time such as -PT6H or -P7D" if relative_ok else "")
    _text(field, value, what)
    if is_token(value):
        return
    if relative_ok and _RELATIVE_TIME.fullmatch(value):
        return
    if not _is_iso8601(value):
        _fail(field, value, what)


# --- Top level ------------------------------------------------------------------


def validate_dashboard_body(body: Mapping) -> None:
    """Raise MonitoringConfigError for the first problem in ``body``.

    ``body`` is the dict that will be JSON-encoded into
    ``aws_cloudwatch_dashboard.dashboard_body``.
    """
    root = "dashboard"
    _mapping(root, body, "a mapping with a widgets list (parse the JSON first)")
    _no_unknown_keys(body, TOP_LEVEL_KEYS, root)
    widgets = _list(
        f"{root}.widgets",
        _required(body, "widgets", root, f"a list of 0-{MAX_WIDGETS} widgets"),
        f"a list of 0-{MAX_WIDGETS} widgets",
        0,
        MAX_WIDGETS,
    )
    if "periodOverride" in body:
        _word(f"{root}.periodOverride", body["periodOverride"], PERIOD_OVERRIDES)
    _check_dashboard_time_range(body, root)
    if "variables" in body:
        _check_variables(body["variables"], f"{root}.variables")

    for index, widget in enumerate(widgets):
        _check_widget(widget, f"{root}.widgets[{index}]")
    _check_no_overlap(widgets, f"{root}.widgets")


def _check_dashboard_time_range(body: Mapping, root: str) -> None:
    """AWS: ``end`` needs ``start``, and both are then absolute ISO 8601 times."""
    if "end" in body:
        if "start" not in body:
            _fail(f"{root}.start", MISSING, "a start time whenever end is given")
        _time(f"{root}.end", body["end"], relative_ok=False)
        _time(f"{root}.start", body["start"], relative_ok=False)
    elif "start" in body:
        _time(f"{root}.start", body["start"], relative_ok=True)


def _check_variables(value: object, field: str) -> None:
    """Dashboard variables (AWS "Variables Array Structure"), checked lightly."""
    variables = _list(field, value, f"a list of 0-{MAX_VARIABLES} variables", 0, MAX_VARIABLES)
    for index, variable in enumerate(variables):
        path = f"{field}[{index}]"
        _mapping(path, variable, "a variable object")
        kind = _word(f"{path}.type", _required(variable, "type", path, "property or pattern"), VARIABLE_TYPES)
        # property variables name a "property"; pattern variables name a "pattern".
        _text(f"{path}.{kind}", _required(variable, kind, path, f"the {kind} this variable replaces"))
        input_type = _word(
            f"{path}.inputType",
            _required(variable, "inputType", path, "input, select or radio"),
            VARIABLE_INPUT_TYPES,
        )
        _pattern(
            f"{path}.id",
            _required(variable, "id", path, "an id of 1-32 characters 0-9A-Za-z-_"),
            _VARIABLE_ID,
            "an id of 1-32 characters 0-9A-Za-z-_",
        )
        if input_type != "input" and "values" not in variable and not (
            "search" in variable and "populateFrom" in variable
        ):
            _fail(f"{path}.values", MISSING, "values, or search with populateFrom, for select/radio inputs")
        if "values" in variable:
            _list(f"{path}.values", variable["values"], "a list of 1-500 {value, label} objects", 1, 500)


# --- Widgets and the grid -------------------------------------------------------


def _check_widget(widget: object, path: str) -> None:
    _mapping(path, widget, "a widget object with type and properties")
    _no_unknown_keys(widget, WIDGET_KEYS, path)
    kind = _word(f"{path}.type", _required(widget, "type", path, "one of " + ", ".join(WIDGET_TYPES)), WIDGET_TYPES)
    _check_geometry(widget, path)
    props = _mapping(
        f"{path}.properties",
        _required(widget, "properties", path, f"the properties object of a {kind} widget"),
        f"the properties object of a {kind} widget",
    )
    _PROPERTY_CHECKS[kind](props, f"{path}.properties")


def _check_geometry(widget: Mapping, path: str) -> None:
    """AWS: x 0-23, y >= 0, width 1-24, height 1-1000; x and y come together.

    Ours: x + width <= 24.  AWS documents the two ranges separately and its
    console reflows a widget that hangs off the grid; for generated layouts
    that is always a bug, so we reject it.
    """
    if ("x" in widget) != ("y" in widget):
        missing = "y" if "x" in widget else "x"
        _fail(f"{path}.{missing}", MISSING, "x and y together, or neither (AWS then places the widget)")
    if "x" in widget:
        _int(f"{path}.x", widget["x"], 0, GRID_COLUMNS - 1)
        _int(f"{path}.y", widget["y"], 0)
    width = _int(f"{path}.width", widget.get("width", DEFAULT_SIZE), 1, GRID_COLUMNS)
    _int(f"{path}.height", widget.get("height", DEFAULT_SIZE), 1, MAX_HEIGHT)
    if "x" in widget and widget["x"] + width > GRID_COLUMNS:
        _fail(
            f"{path}.width",
            width,
            f"at most {GRID_COLUMNS - widget['x']} at x={widget['x']} (x + width <= {GRID_COLUMNS})",
        )


def _rectangle(widget: Mapping) -> tuple[int, int, int, int]:
    return (
        widget["x"],
        widget["y"],
        widget.get("width", DEFAULT_SIZE),
        widget.get("height", DEFAULT_SIZE),
    )


def _check_no_overlap(widgets: list, field: str) -> None:
    """Ours: two placed widgets may not share a grid cell.

    AWS does not reject overlapping widgets -- its own reference example puts
    two widgets at x=0, y=0 -- and the console silently pushes one of them
    down.  Our generated dashboards should never overlap, so an overlap means
    a layout bug and is an error here.  Widgets without x/y are skipped:
    CloudWatch places those at the next free position.
    """
    placed = [(i, _rectangle(w)) for i, w in enumerate(widgets) if "x" in w]
    for n, (i, (x1, y1, w1, h1)) in enumerate(placed):
        for j, (x2, y2, w2, h2) in placed[:n]:
            if x1 < x2 + w2 and x2 < x1 + w1 and y1 < y2 + h2 and y2 < y1 + h1:
                _fail(
                    f"{field}[{i}]",
                    {"x": x1, "y": y1, "width": w1, "height": h1},
                    f"a position that does not overlap {field}[{j}] "
                    f"(x={x2}, y={y2}, width={w2}, height={h2})",
                )


def place_widgets(sizes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return an (x, y) for each (width, height), flowing left to right.

    A widget that does not fit in what is left of the current row starts a
    new row below the tallest widget of the current one, so the result never
    overlaps and never passes column 24.
    """
    positions: list[tuple[int, int]] = []
    x = y = row_height = 0
    for index, size in enumerate(sizes):
        field = f"sizes[{index}]"
        _list(field, size, "a (width, height) pair", 2, 2)
        width = _int(f"{field}.width", size[0], 1, GRID_COLUMNS)
        height = _int(f"{field}.height", size[1], 1, MAX_HEIGHT)
        if x + width > GRID_COLUMNS:
            x, y, row_height = 0, y + row_height, 0
        positions.append((x, y))
        x += width
        row_height = max(row_height, height)
    return positions


# --- Metric widgets ------------------------------------------------------------


def _check_metric_widget(props: Mapping, path: str) -> None:
    """AWS: ``metrics`` unless there is an alarm annotation; ``region`` always."""
    annotations = props.get("annotations")
    if annotations is not None:
        _check_annotations(annotations, f"{path}.annotations")
    has_alarm = isinstance(annotations, Mapping) and bool(annotations.get("alarms"))
    rows = props.get("metrics")
    if rows is not None:
        if has_alarm:
            _fail(f"{path}.annotations.alarms", annotations["alarms"], "no alarm annotation when metrics are given")
        _check_metric_rows(rows, f"{path}.metrics")
    # Ours: AWS allows an empty metrics array; an empty graph is a builder bug.
    if not rows and not has_alarm:
        _fail(f"{path}.metrics", rows if rows is not None else MISSING, "at least one metric row, or an alarm annotation")
    _text(f"{path}.region", _required(props, "region", path, "the region of the metrics (a string or a token)"))
    _check_optional(
        props,
        path,
        {
            "view": lambda f, v: _word(f, v, METRIC_VIEWS),
            "stat": _stat,
            "period": _period,
            "title": _text,
            "accountId": _text,
            "stacked": _bool,
            "liveData": _bool,
            "sparkline": _bool,
            "timezone": lambda f, v: _pattern(f, v, _TIMEZONE, "+HHMM or -HHMM, e.g. +0130"),
            "legend": _check_legend,
            "yAxis": _check_y_axes,
        },
    )
    if props.get("view") == "gauge":
        # AWS: "If you specify gauge, you must set a value for min and max on the left side of yAxis."
        left = props.get("yAxis", {}).get("left", {})
        for bound in ("min", "max"):
            if bound not in left:
                _fail(f"{path}.yAxis.left.{bound}", MISSING, "a number (gauge widgets need yAxis.left min and max)")


def _check_legend(field: str, value: object) -> None:
    legend = _mapping(field, value, "an object with a position")
    if "position" in legend:
        _word(f"{field}.position", legend["position"], LEGEND_POSITIONS)


def _check_y_axes(field: str, value: object) -> None:
    axes = _mapping(field, value, "an object with left and/or right axis settings")
    _no_unknown_keys(axes, Y_AXIS_SIDES, field)
    for side, axis in axes.items():
        path = f"{field}.{side}"
        _mapping(path, axis, "an object with min, max, label, showUnits")
        _check_optional(axis, path, {"min": _number, "max": _number, "label": _text, "showUnits": _bool})
        if "min" in axis and "max" in axis and axis["min"] >= axis["max"]:
            _fail(f"{path}.max", axis["max"], f"a number greater than min ({axis['min']})")


def _check_metric_rows(value: object, field: str) -> None:
    """Each row: [Namespace, MetricName, DimName, DimValue, ..., {options}] or [{expression...}].

    AWS: each row after the first may use "." for a namespace, metric name or
    dimension name to repeat the previous metric's value; the console also
    writes "." for dimension values and ["...", {...}] for a whole repeated
    row, so both are accepted.  Expression rows are not "previous metrics".
    """
    rows = _list(field, value, f"a list of 0-{MAX_METRIC_ROWS} metric rows (each row is itself a list)", 0, MAX_METRIC_ROWS)
    previous: list[str] | None = None
    for index, row in enumerate(rows):
        path = f"{field}[{index}]"
        items = _list(
            path,
            row,
            '[Namespace, MetricName, DimensionName, DimensionValue, ..., {options}] or [{"expression": ...}]',
            1,
        )
        options = items[-1] if isinstance(items[-1], Mapping) else None
        positional = items[:-1] if options is not None else items
        if options is not None:
            _check_render_options(options, f"{path}[{len(items) - 1}]")
        if options is not None and "expression" in options:
            if positional:
                _fail(path, row, "either a metric or an expression row, not both")
            continue
        if not positional:
            _fail(path, row, 'a metric [Namespace, MetricName, ...] or an expression {"expression": ...}')
        previous = _check_metric_row(positional, previous, path)


def _check_metric_row(positional: list, previous: list[str] | None, path: str) -> list[str]:
    """Check one metric row against ``previous``; return it as the next row's "previous".

    A "." only needs the previous row to have something at that position, so
    rows are kept as written; "..." hands the previous row on unchanged.
    """
    if positional == [REPEAT_ROW]:
        if previous is None:
            _fail(f"{path}[0]", REPEAT_ROW, "a namespace ('...' repeats the previous metric row; there is none)")
        return list(previous)
    for position, item in enumerate(positional):
        item_path = f"{path}[{position}]"
        _text(item_path, item, "a non-empty string or a token (namespace, metric name, dimension name or value)")
        if item == REPEAT and (previous is None or position >= len(previous)):
            _fail(item_path, item, "a value ('.' repeats the previous metric row's value here, and it has none)")
    if len(positional) < 2:
        _fail(path, positional, "at least a namespace and a metric name")
    if len(positional) % 2:
        _fail(f"{path}[{len(positional) - 1}]", positional[-1], "dimension names and values in pairs")
    return list(positional)


def _check_render_options(options: Mapping, path: str) -> None:
    """The per-row object: rendering properties, or an expression with label and id."""
    if "expression" in options:
        _text(f"{path}.expression", options["expression"], "a metric math, search or Metrics Insights expression")
    _check_optional(
        options,
        path,
        {
            "id": lambda f, v: _pattern(f, v, _METRIC_ID, "an id starting with a lowercase letter, then letters, digits or _"),
            "label": _text,
            "color": lambda f, v: _pattern(f, v, _COLOR, "a hex color such as #1f77b4"),
            "stat": _stat,
            "period": _period,
            "visible": _bool,
            "yAxis": lambda f, v: _word(f, v, Y_AXIS_SIDES),
            "region": _text,
            "accountId": _text,
        },
    )


def _check_annotations(value: object, path: str) -> None:
    """AWS: at most one alarm, or horizontal/vertical annotations, never both."""
    annotations = _mapping(path, value, "an object with alarms, horizontal and/or vertical")
    _no_unknown_keys(annotations, ANNOTATION_KEYS, path)
    if "alarms" in annotations:
        alarms = _list(f"{path}.alarms", annotations["alarms"], "a list of at most one alarm ARN", 0, 1)
        for index, arn in enumerate(alarms):
            _pattern(f"{path}.alarms[{index}]", arn, _ALARM_ARN, "a CloudWatch alarm ARN or a token")
        if alarms and ("horizontal" in annotations or "vertical" in annotations):
            _fail(f"{path}.alarms", alarms, "no alarm annotation alongside horizontal or vertical annotations")
    for axis, fills, value_check in (
        ("horizontal", HORIZONTAL_FILLS, _number),
        ("vertical", VERTICAL_FILLS, lambda f, v: _time(f, v, relative_ok=False)),
    ):
        if axis in annotations:
            items = _list(f"{path}.{axis}", annotations[axis], f"a list of {axis} annotations")
            for index, item in enumerate(items):
                _check_annotation(item, f"{path}.{axis}[{index}]", fills, value_check)


def _check_annotation(item: object, path: str, fills: Sequence[str], value_check) -> None:
    """A single annotation {value, ...} or a band [{value, ...}, {value, ...}]."""
    if isinstance(item, Mapping):
        lines = [(path, item)]
    else:
        band = _list(path, item, "an annotation {value, ...} or a band of two annotations", 2, 2)
        lines = [(f"{path}[{i}]", line) for i, line in enumerate(band)]
    for line_path, line in lines:
        _mapping(line_path, line, "an annotation object with a value")
        value_check(f"{line_path}.value", _required(line, "value", line_path, "the annotation's value"))
        _check_optional(
            line,
            line_path,
            {
                "label": _text,
                "color": lambda f, v: _pattern(f, v, _COLOR, "a hex color such as #9467bd"),
                "fill": lambda f, v: _word(f, v, fills),
                "visible": _bool,
                "yAxis": lambda f, v: _word(f, v, Y_AXIS_SIDES),
            },
        )


# --- Other widget types --------------------------------------------------------


def _check_text_widget(props: Mapping, path: str) -> None:
    """AWS: ``markdown`` is required; ``background`` is solid or transparent."""
    _text(f"{path}.markdown", _required(props, "markdown", path, "the markdown to show"), "non-empty markdown")
    if "background" in props:
        _word(f"{path}.background", props["background"], TEXT_BACKGROUNDS)


def _check_log_widget(props: Mapping, path: str) -> None:
    """AWS: ``region`` and ``query`` are required; the query names its log groups with SOURCE."""
    _text(f"{path}.region", _required(props, "region", path, "the region of the log groups"))
    what = "a Logs Insights query starting with SOURCE 'log-group' | ..."
    query = _text(f"{path}.query", _required(props, "query", path, what), what)
    # A query that is one whole token cannot be inspected; anything else must name a source.
    if not _WHOLE_TOKEN.fullmatch(query) and not _LOG_SOURCE.search(query):
        _fail(f"{path}.query", query, what)
    _check_optional(
        props,
        path,
        {"view": lambda f, v: _word(f, v, LOG_VIEWS), "title": _text, "accountId": _text, "stacked": _bool},
    )


def _check_alarm_widget(props: Mapping, path: str) -> None:
    """AWS: ``alarms`` lists 1-100 alarm ARNs.  No region: the ARNs carry it."""
    what = f"a list of 1-{MAX_ALARMS} alarm ARNs"
    alarms = _list(f"{path}.alarms", _required(props, "alarms", path, what), what, 1, MAX_ALARMS)
    for index, arn in enumerate(alarms):
        _pattern(f"{path}.alarms[{index}]", arn, _ALARM_ARN, "a CloudWatch alarm ARN or a token")
    if "sortBy" in props:
        _word(f"{path}.sortBy", props["sortBy"], ALARM_SORT_ORDERS)
    if "states" in props:
        for index, state in enumerate(_list(f"{path}.states", props["states"], "a list of alarm states")):
            _word(f"{path}.states[{index}]", state, ALARM_STATES)
    if "title" in props:
        _text(f"{path}.title", props["title"])


def _check_explorer_widget(props: Mapping, path: str) -> None:
    """AWS: 1-100 metrics sharing one resourceType, plus a labels filter."""
    what = f"a list of 1-{MAX_EXPLORER_METRICS} {{metricName, resourceType, stat}} objects"
    metrics = _list(f"{path}.metrics", _required(props, "metrics", path, what), what, 1, MAX_EXPLORER_METRICS)
    resource_type = None
    for index, metric in enumerate(metrics):
        item = f"{path}.metrics[{index}]"
        _mapping(item, metric, "a {metricName, resourceType, stat} object")
        _text(f"{item}.metricName", _required(metric, "metricName", item, "the metric name"))
        kind = _pattern(
            f"{item}.resourceType",
            _required(metric, "resourceType", item, "a CloudFormation type such as AWS::EC2::Instance"),
            _RESOURCE_TYPE,
            "a CloudFormation type such as AWS::EC2::Instance",
        )
        if resource_type is not None and kind != resource_type:
            _fail(f"{item}.resourceType", kind, f"{resource_type} (all metrics in one explorer widget share a resourceType)")
        resource_type = kind
        if "stat" in metric:
            _stat(f"{item}.stat", metric["stat"])
    labels = _list(f"{path}.labels", _required(props, "labels", path, "a list of {key, value} filters"), "a list of {key, value} filters")
    for index, label in enumerate(labels):
        item = f"{path}.labels[{index}]"
        _mapping(item, label, "a {key, value} filter")
        _text(f"{item}.key", _required(label, "key", item, "a tag or resource property key"))
    if "aggregateBy" in props:
        aggregate = _mapping(f"{path}.aggregateBy", props["aggregateBy"], "a {key, func} object")
        _text(f"{path}.aggregateBy.key", _required(aggregate, "key", f"{path}.aggregateBy", "a tag or property key"))
        _word(f"{path}.aggregateBy.func", _required(aggregate, "func", f"{path}.aggregateBy", "an aggregation"), EXPLORER_AGGREGATIONS)
    _check_optional(props, path, {"period": _period, "splitBy": _text, "title": _text})
    if "widgetOptions" in props:
        options_path = f"{path}.widgetOptions"
        options = _mapping(options_path, props["widgetOptions"], "an object with legend, view, stacked, rowsPerPage, widgetsPerRow")
        _check_optional(
            options,
            options_path,
            {
                "legend": _check_legend,
                "view": lambda f, v: _word(f, v, EXPLORER_VIEWS),
                "stacked": _bool,
                "rowsPerPage": lambda f, v: _int(f, v, 1),
                "widgetsPerRow": lambda f, v: _int(f, v, 1),
            },
        )


def _check_custom_widget(props: Mapping, path: str) -> None:
    """A Lambda-rendered widget: ``endpoint`` is the function ARN (often a token)."""
    what = "a Lambda function ARN or a token"
    _pattern(f"{path}.endpoint", _required(props, "endpoint", path, what), _LAMBDA_ARN, what)
    if "title" in props:
        _text(f"{path}.title", props["title"])
    if "updateOn" in props:
        update_on = _mapping(f"{path}.updateOn", props["updateOn"], "an object with refresh, resize, timeRange")
        _no_unknown_keys(update_on, ("refresh", "resize", "timeRange"), f"{path}.updateOn")
        for key, flag in update_on.items():
            _bool(f"{path}.updateOn.{key}", flag)


_PROPERTY_CHECKS = {
    "metric": _check_metric_widget,
    "text": _check_text_widget,
    "log": _check_log_widget,
    "alarm": _check_alarm_widget,
    "explorer": _check_explorer_widget,
    "custom": _check_custom_widget,
}
