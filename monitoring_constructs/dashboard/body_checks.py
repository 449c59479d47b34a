"""The dashboard body rules' building blocks: AWS's limits and words, and small typed checks.

Part of the body validator (``body_rules.validate_dashboard_body``); see that module for the
rules' sources and how tokens are treated.
"""

from __future__ import annotations

import math
import re

from collections.abc import Mapping, Sequence
from datetime import datetime

from ..core.errors import MonitoringConfigError

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
