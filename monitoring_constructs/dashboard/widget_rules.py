"""Rules for each widget type's properties (metric, text, log, alarm, explorer, custom)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from .body_checks import (
    ALARM_SORT_ORDERS,
    ALARM_STATES,
    ANNOTATION_KEYS,
    EXPLORER_AGGREGATIONS,
    EXPLORER_VIEWS,
    HORIZONTAL_FILLS,
    LEGEND_POSITIONS,
    LOG_VIEWS,
    MAX_ALARMS,
    MAX_EXPLORER_METRICS,
    MAX_METRIC_ROWS,
    METRIC_VIEWS,
    MISSING,
    REPEAT,
    REPEAT_ROW,
    TEXT_BACKGROUNDS,
    VERTICAL_FILLS,
    Y_AXIS_SIDES,
    _ALARM_ARN,
    _COLOR,
    _LAMBDA_ARN,
    _LOG_SOURCE,
    _METRIC_ID,
    _RESOURCE_TYPE,
    _TIMEZONE,
    _WHOLE_TOKEN,
    _bool,
    _check_optional,
    _fail,
    _int,
    _list,
    _mapping,
    _no_unknown_keys,
    _number,
    _pattern,
    _period,
    _required,
    _stat,
    _text,
    _time,
    _word,
)


# --- Metric widgets ------------------------------------------------------------

# ANOMALY_DETECTION_BAND(m1) or ANOMALY_DETECTION_BAND(m1, 2): the row it bands and the width.
_ANOMALY_BAND = re.compile(r"ANOMALY_DETECTION_BAND\(\s*([A-Za-z0-9_]+)\s*(?:,\s*([^)]*?)\s*)?\)")


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
    _check_row_ids(rows, field)
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


def _check_row_ids(rows: list, field: str) -> None:
    """Row ids are unique (GetMetricData: "Id must be unique within a request"), and an
    ``ANOMALY_DETECTION_BAND(id, width)`` names another row of the widget with a positive width
    (CloudWatch metric math: the band of a metric or expression, width in standard deviations)."""
    options = [(f"{field}[{i}][{len(row) - 1}]", row[-1]) for i, row in enumerate(rows)
               if isinstance(row, Sequence) and not isinstance(row, str) and row and isinstance(row[-1], Mapping)]
    ids = [str(o["id"]) for _, o in options if "id" in o]
    for path, option in options:
        if "id" in option and ids.count(str(option["id"])) > 1:
            _fail(f"{path}.id", option["id"], "an id no other row of this widget uses")
        band = _ANOMALY_BAND.search(str(option.get("expression", "")))
        if band is None:
            continue
        named, width = band.group(1), band.group(2)
        if named == option.get("id") or named not in ids:
            _fail(f"{path}.expression", option["expression"], "ANOMALY_DETECTION_BAND(<id of another row of this widget>, <width>)")
        if width is not None and not (_number_text(width) or 0) > 0:
            _fail(f"{path}.expression", option["expression"], "a band width that is a positive number of standard deviations")


def _number_text(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


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
