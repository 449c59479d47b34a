"""Expressions AWS parses later: EventBridge schedules, checked now.

(Metric filter patterns are built, not taken: ``core/log_format.py``.)

Example::

    require_schedule_expression("log_analyzer.schedule", "rate(5 minutes)")
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import MonitoringConfigError
from .tokens import is_token
from .validation import require_string

# EventBridge wants the singular unit for 1 and the plural otherwise.
_RATE = re.compile(r"rate\((?:1 (?:minute|hour|day)|(?:[2-9]|[1-9][0-9]+) (?:minutes|hours|days))\)")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")


@dataclass(frozen=True, slots=True)
class _CronField:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    day: str = ""  # "month" or "week": the day fields, which take ? and L


# EventBridge cron: cron(minutes hours day-of-month month day-of-week year).
_CRON_FIELDS = (
    _CronField("minutes", 0, 59),
    _CronField("hours", 0, 23),
    _CronField("day-of-month", 1, 31, day="month"),
    _CronField("month", 1, 12, _MONTHS),
    _CronField("day-of-week", 1, 7, _DAYS, day="week"),
    _CronField("year", 1970, 2199),
)


def _cron_value(text: str, spec: _CronField) -> bool:
    if text.upper() in spec.names:
        return True
    return text.isascii() and text.isdigit() and spec.low <= int(text) <= spec.high


def _cron_item(item: str, spec: _CronField) -> bool:
    """``*``, a value, a range ``a-b``, each with an optional ``/step``; ``L``/``W`` forms in the day fields."""
    if spec.day == "month" and (item in ("L", "LW") or (item.endswith("W") and _cron_value(item[:-1], spec))):
        return True
    if spec.day == "week" and (item == "L" or (item.endswith("L") and _cron_value(item[:-1], spec))):
        return True
    base, slash, step = item.partition("/")
    if slash and not (step.isascii() and step.isdigit() and 1 <= int(step) <= spec.high):
        return False
    if base == "*":
        return True
    start, dash, end = base.partition("-")
    return _cron_value(start, spec) and (not dash or _cron_value(end, spec))


def _cron_field(text: str, spec: _CronField) -> bool:
    if text == "?":
        return bool(spec.day)
    if spec.day == "week" and "#" in text:  # <day>#<n>: the n-th such weekday, one expression only
        day, _, nth = text.partition("#")
        return _cron_value(day, spec) and nth in ("1", "2", "3", "4", "5")
    return all(_cron_item(item, spec) for item in text.split(","))


def _cron_problem(expression: str) -> str | None:
    """What is wrong with ``cron(...)``, or None."""
    fields = expression[len("cron("):-1].split()
    if len(fields) != len(_CRON_FIELDS):
        names = " ".join(spec.name for spec in _CRON_FIELDS)
        return f"cron takes {len(_CRON_FIELDS)} fields ({names}), got {len(fields)}"
    for text, spec in zip(fields, _CRON_FIELDS):
        if not _cron_field(text, spec):
            words = f" or {spec.names[0]}-{spec.names[-1]}" if spec.names else ""
            return f"{spec.name} {text!r} is not {spec.low}-{spec.high}{words} with the wildcards EventBridge allows"
    if (fields[2] == "?") == (fields[4] == "?"):
        return "exactly one of day-of-month and day-of-week must be ?"
    return None


SCHEDULE_HELP = "an EventBridge schedule like rate(5 minutes), rate(1 hour) or cron(0/5 * * * ? *)"


def require_schedule_expression(field: str, value: object) -> str:
    """An EventBridge ``rate(...)`` or ``cron(...)`` expression, checked field by field (tokens pass)."""
    text = require_string(field, value, SCHEDULE_HELP)
    if is_token(text) or _RATE.fullmatch(text):
        return text
    if not (text.startswith("cron(") and text.endswith(")")):
        raise MonitoringConfigError(field, text, SCHEDULE_HELP)
    problem = _cron_problem(text)
    if problem is not None:
        raise MonitoringConfigError(field, text, f"{SCHEDULE_HELP}; {problem}")
    return text
