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

from .body_checks import (
    MAX_VARIABLES,
    MAX_WIDGETS,
    MISSING,
    PERIOD_OVERRIDES,
    TOP_LEVEL_KEYS,
    VARIABLE_INPUT_TYPES,
    VARIABLE_TYPES,
    WIDGET_KEYS,
    WIDGET_TYPES,
    _VARIABLE_ID,
    _fail,
    _list,
    _mapping,
    _no_unknown_keys,
    _pattern,
    _required,
    _text,
    _time,
    _word,
)
from .layout import (
    _check_geometry,
    _check_no_overlap,
)
from .widget_rules import (
    _PROPERTY_CHECKS,
)
from collections.abc import Mapping


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
