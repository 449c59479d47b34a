"""A synthesized alarm evaluated on a series of datapoints, as CloudWatch documents it; for alarm rule tests.

Only what these tests need, and only the documented rules: every period the alarm looks at
its last ``evaluation_periods`` datapoints and is in ALARM when at least
``datapoints_to_alarm`` of them breach ("Using Amazon CloudWatch alarms",
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html).
A missing datapoint (``None``) is treated per ``treat_missing_data`` ("Configuring how
CloudWatch alarms treat missing data",
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html):
``breaching`` / ``notBreaching`` count it as bad / good, ``ignore`` keeps the current state,
``missing`` goes to INSUFFICIENT_DATA when every datapoint of the window is missing and
otherwise judges the datapoints it has. The full replay (``review.replay``) models more; these
rules are the part every model agrees on.

``metric_math`` evaluates the alarms' expressions (``IF``, ``FILL``, + - * /, comparisons)
for one period's input values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

Value = float | None


def states(alarm: Mapping[str, Any], values: Sequence[Value], start: str = "OK") -> list[str]:
    """The alarm's state after each datapoint of ``values`` (one per period, ``None``: missing)."""
    window, needed = alarm["evaluation_periods"], alarm["datapoints_to_alarm"]
    treatment, state, result = alarm["treat_missing_data"], start, []
    for end in range(1, len(values) + 1):
        seen = values[max(0, end - window):end]
        present = [value for value in seen if value is not None]
        if treatment == "breaching":
            bad = sum(1 for value in seen if value is None or _breaches(alarm, value))
        else:
            bad = sum(1 for value in present if _breaches(alarm, value))
        if bad >= needed:
            state = "ALARM"
        elif not present and treatment == "ignore":
            pass
        elif not present and treatment == "missing":
            state = "INSUFFICIENT_DATA"
        else:
            state = "OK"
        result.append(state)
    return result


def _breaches(alarm: Mapping[str, Any], value: float) -> bool:
    threshold, comparison = alarm["threshold"], alarm["comparison_operator"]
    return {"GreaterThanThreshold": value > threshold, "GreaterThanOrEqualToThreshold": value >= threshold,
            "LessThanThreshold": value < threshold, "LessThanOrEqualToThreshold": value <= threshold}[comparison]


def metric_math(expression: str, inputs: Mapping[str, Value]) -> Value:
    """``expression`` over one period's ``inputs`` (metric id -> value, ``None``: no datapoint)."""
    def if_(condition: Any, then: Any, otherwise: Any) -> Any:
        return then() if condition else otherwise()

    def fill(value: Value, default: float) -> float:
        return default if value is None else value

    # IF's branches are evaluated lazily, as a guard against the division it protects needs.
    python = re.sub(r"\bIF\(", "if_(", expression)
    python = re.sub(r"\bFILL\(", "fill(", python)
    python = _lazy_branches(python)
    # One namespace: the branches' lambdas look their names up in the globals.
    return eval(python, {"__builtins__": {}, "if_": if_, "fill": fill, **inputs})  # noqa: S307 - test input only


def _lazy_branches(python: str) -> str:
    """``if_(c, a, b)`` -> ``if_(c, lambda: a, lambda: b)`` (top-level commas of each call)."""
    out, index = [], 0
    while (start := python.find("if_(", index)) >= 0:
        out.append(python[index:start + 4])
        depth, parts, begin = 0, [], start + 4
        for position in range(start + 4, len(python)):
            char = python[position]
            if char == "(":
                depth += 1
            elif char == ")" and depth == 0:
                parts.append(python[begin:position])
                index = position + 1
                break
            elif char == ")":
                depth -= 1
            elif char == "," and depth == 0:
                parts.append(python[begin:position])
                begin = position + 1
        condition, then, otherwise = (_lazy_branches(part) for part in parts)
        out.append(f"{condition}, lambda: {then}, lambda: {otherwise})")
    out.append(python[index:])
    return "".join(out)
