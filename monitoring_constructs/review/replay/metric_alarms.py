"""A metric alarm's next state from its most recent datapoints, as CloudWatch documents it.

Sources (CloudWatch User Guide):

* "Alarm evaluation" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html):
  *Evaluation Periods* N is the number of most recent periods evaluated, *Datapoints to
  Alarm* M how many of them must breach (not necessarily consecutive); fewer than M
  breaching gives OK, otherwise ALARM. An alarm starts in INSUFFICIENT_DATA.
* "Configuring how CloudWatch alarms treat missing data"
  (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html):
  CloudWatch retrieves more datapoints than N (the *evaluation range*). If at least N of
  them exist, the N most recent existing ones are evaluated and the missing-data setting
  is ignored. Otherwise all existing ones are evaluated with as few filled-in missing ones
  as possible: ``breaching`` fills breaching points, ``notBreaching`` good ones. For
  ``missing`` and ``ignore`` this module reproduces the page's two tables: with no
  datapoint at all the alarm goes to INSUFFICIENT_DATA (``missing``) or keeps its state
  (``ignore``); M or more breaching real points give ALARM; any non-breaching real point
  gives OK; only breaching points (fewer than M) give ALARM for ``missing`` when the oldest
  point of the range is one of them (the table's ``X - - - -``), else INSUFFICIENT_DATA
  (``missing``) or the current state (``ignore``).
  The range's length is not documented beyond its example (N = 3 retrieves 5): the replay
  uses N + 2 (``evaluation_range``), an approximation.
* "Percentile-based alarms and low data samples"
  (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/percentiles-with-low-samples.html):
  with ``evaluate_low_sample_count_percentiles = ignore`` the state does not change while the
  newest datapoint has fewer than 10/(1-p) samples (p >= 0.5) or 10/p samples (p < 0.5).
* Comparison operators from "PutMetricAlarm" (CloudWatch API Reference,
  https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html),
  the band ones (``LessThanLowerThreshold``...) comparing with the band of ``threshold_metric_id``.

Example::

    evaluation = next_state(alarm, data.datapoints(minute, evaluation_range(alarm)), current="OK")
    evaluation.state, evaluation.reason
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .datapoints import Datapoint, percentile
from .stack_model import MetricAlarm
from .terraform_values import ReplayError
from .world import State

_ABOVE = {"GreaterThanThreshold": "greater than", "GreaterThanOrEqualToThreshold": "greater than or equal to",
          "GreaterThanUpperThreshold": "greater than the upper bound of"}
_BELOW = {"LessThanThreshold": "less than", "LessThanOrEqualToThreshold": "less than or equal to",
          "LessThanLowerThreshold": "less than the lower bound of"}
_OUTSIDE = "LessThanLowerOrGreaterThanUpperThreshold"


@dataclass(frozen=True)
class Evaluation:
    """The state the alarm is set to (None: unchanged) and CloudWatch's kind of reason."""

    state: State | None
    reason: str


def evaluation_range(alarm: MetricAlarm) -> int:
    """How many periods an evaluation retrieves: N + 2 (the documented example: 3 retrieves 5)."""
    return alarm.evaluation_periods + 2


def breaches(alarm: MetricAlarm, point: Datapoint) -> bool | None:
    """Whether a datapoint breaches; None when it (or its band) is missing."""
    value, lower, upper = point.value, point.lower, point.upper
    if value is None or lower is None or upper is None:
        return None
    operator = alarm.comparison
    tests = {
        "GreaterThanThreshold": value > upper, "GreaterThanOrEqualToThreshold": value >= upper,
        "LessThanThreshold": value < lower, "LessThanOrEqualToThreshold": value <= lower,
        "GreaterThanUpperThreshold": value > upper, "LessThanLowerThreshold": value < lower,
        _OUTSIDE: value < lower or value > upper,
    }
    if operator not in tests:
        raise ReplayError(f"alarm {alarm.name}: comparison operator {operator!r} is not known")
    return tests[operator]


def minimum_samples(rank: float) -> float:
    """Samples a percentile needs to be evaluated when low sample counts are ignored."""
    fraction = rank / 100
    return 10 / (1 - fraction) if fraction >= 0.5 else 10 / fraction


def next_state(alarm: MetricAlarm, points: Sequence[Datapoint], current: State) -> Evaluation:
    """The alarm's state after one evaluation of ``points`` (its evaluation range, oldest first)."""
    n, m = alarm.evaluation_periods, alarm.datapoints_to_alarm
    existing = [p for p in points if breaches(alarm, p) is not None]
    if not alarm.evaluate_low_sample_count and existing:
        stat = alarm.queries[0].metric.stat if len(alarm.queries) == 1 and alarm.queries[0].metric else ""
        rank = percentile(stat)
        if rank is not None and existing[-1].samples < minimum_samples(rank):
            return Evaluation(None, f"fewer than {math.ceil(minimum_samples(rank))} samples for {stat}")
    if len(existing) >= n:
        evaluated = existing[-n:]
        bad = sum(1 for p in evaluated if breaches(alarm, p))
        return _decision(alarm, evaluated, bad, filled=0)
    treat, bad = alarm.treat_missing_data, sum(1 for p in existing if breaches(alarm, p))
    filled = n - len(existing)
    if treat == "breaching":
        return _decision(alarm, existing, bad + filled, filled=filled, fill_word="breaching")
    if treat == "notBreaching":
        return _decision(alarm, existing, bad, filled=filled, fill_word="not breaching")
    if treat not in ("missing", "ignore"):
        raise ReplayError(f"alarm {alarm.name}: treat_missing_data {treat!r} is not known")
    keep = Evaluation(None if treat == "ignore" else "INSUFFICIENT_DATA",
                      f"{len(existing)} of the last {n} datapoints exist (missing data: {treat})")
    if not existing:
        return keep
    if bad >= m or bad < len(existing):
        return _decision(alarm, existing, bad, filled=0)
    if treat == "missing" and any(p is points[0] for p in existing):  # the oldest point breaches
        return _decision(alarm, existing, max(bad, m), filled=0)
    return keep


def _decision(alarm: MetricAlarm, evaluated: Sequence[Datapoint], bad: int, *, filled: int,
              fill_word: str = "") -> Evaluation:
    state: State = "ALARM" if bad >= alarm.datapoints_to_alarm else "OK"
    shown = ", ".join(_number(p.value) for p in evaluated)
    missing = f" and {filled} missing treated as {fill_word}" if filled and fill_word else ""
    real_bad = sum(1 for p in evaluated if breaches(alarm, p))
    return Evaluation(state, f"{real_bad} of [{shown}]{missing} {_relation(alarm, evaluated)} "
                             f"(minimum {alarm.datapoints_to_alarm} of {alarm.evaluation_periods} for ALARM)")


def _relation(alarm: MetricAlarm, evaluated: Sequence[Datapoint]) -> str:
    operator = alarm.comparison
    if alarm.threshold_metric_id is not None:
        newest = evaluated[-1] if evaluated else None
        band = f"[{_number(newest.lower)}, {_number(newest.upper)}]" if newest else "[]"
        return f"outside the band {band}" if operator == _OUTSIDE else f"{(_ABOVE | _BELOW)[operator]} the band {band}"
    return f"{(_ABOVE | _BELOW)[operator]} the threshold {_number(alarm.threshold)}"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"
