"""Small checks shared by the settings; each raises MonitoringConfigError.

Values that are unresolved CDKTF tokens (a service team's own
``aws_ecs_service.name``) are only known at apply time: pattern checks let
them through, type checks do not.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from ._cdk import is_token
from .errors import MonitoringConfigError

# The AWS provider's allowed aws_cloudwatch_log_group.retention_in_days.
RETENTION_DAYS = (
    0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
    1096, 1827, 2192, 2557, 2922, 3288, 3653,
)
LOG_GROUP_NAME = re.compile(r"^[0-9A-Za-z_./#-]{1,512}$")
DASHBOARD_NAME = re.compile(r"^[0-9A-Za-z_-]{1,255}$")
SNS_TOPIC_NAME = re.compile(r"^[0-9A-Za-z_-]{1,256}$")
ALARM_NAME_MAX = 255
ACTIONS_PER_STATE_MAX = 5
# Simple, deliberately strict: one @, a dot in the domain, no spaces.
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
HTTPS_URL = re.compile(r"^https://[^\s/$.?#][^\s]*$")
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")


def require_literal(field: str, value: object, allowed: str) -> str:
    """A plain string: names derived from it must be known at synth time."""
    if not isinstance(value, str) or is_token(value):
        raise MonitoringConfigError(field, value, allowed)
    return value


def require_string(field: str, value: object, allowed: str) -> str:
    """A string or a token; empty strings are rejected."""
    if not isinstance(value, str) or value == "":
        raise MonitoringConfigError(field, value, allowed)
    return value


def require_pattern(field: str, value: object, pattern: re.Pattern[str], allowed: str) -> None:
    require_string(field, value, allowed)
    if not is_token(value) and not pattern.fullmatch(str(value)):
        raise MonitoringConfigError(field, value, allowed)


def require_one_of(field: str, value: object, choices: Collection[object]) -> None:
    if isinstance(value, bool) or value not in choices:
        raise MonitoringConfigError(field, value, "one of " + ", ".join(map(str, choices)))


def require_int(field: str, value: object, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (
        high is not None and value > high
    ):
        bound = f"an integer from {low} to {high}" if high is not None else f"an integer >= {low}"
        raise MonitoringConfigError(field, value, bound)
    return value


def require_number(field: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise MonitoringConfigError(field, value, "a finite number")
    return float(value)


def require_max_length(field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise MonitoringConfigError(field, value, f"at most {limit} characters (has {len(value)})")


def require_unique(field: str, values: Iterable[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise MonitoringConfigError(field, value, "each value once")
        seen.add(value)


def require_alarm_period(field: str, period: object) -> int:
    """CloudWatch accepts 10, 20, 30 (high resolution) or a multiple of 60 seconds."""
    value = require_int(field, period, 10)
    if value not in (10, 20, 30) and value % 60 != 0:
        raise MonitoringConfigError(field, value, "10, 20, 30 or a multiple of 60 seconds")
    return value


def require_alarm_window(field: str, period: int, evaluation_periods: int) -> None:
    """period x evaluation_periods may span at most one day (seven for periods of an hour+)."""
    limit = 604_800 if period >= 3600 else 86_400
    if period * evaluation_periods > limit:
        raise MonitoringConfigError(
            field,
            f"{period} s x {evaluation_periods}",
            f"period x evaluation_periods <= {limit} s",
        )


def require_bool(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise MonitoringConfigError(field, value, "True or False")
    return value
