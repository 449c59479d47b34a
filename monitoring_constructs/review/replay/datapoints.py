"""The datapoints an alarm compares with its threshold, one per period, from per-minute samples.

A period's datapoint is the alarm's statistic over the samples of its minutes
("CloudWatch statistics definitions",
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html):
Sum, Average, Minimum, Maximum, SampleCount, percentiles ``pNN`` / ``pNN.N`` (nearest
rank) and trimmed means: ``tmNN`` (the highest 100-NN % removed), ``TM(a%:b%)`` (the lowest
a % and the highest 100-b % removed, either bound optional), ``TM(a:b)`` (values <= a or > b
removed) and ``IQM`` (``TM(25%:75%)``). CloudWatch interpolates; the replay trims whole
samples: an approximation. No samples in a period: no datapoint.

Timing: the evaluation at minute ``e`` sees the samples of minutes before ``e`` (a sample of
minute ``m`` is available at ``m + 1``); its newest period is ``[e - period, e)`` and
periods slide by one minute between evaluations.

Example::

    data = AlarmData(alarm, samples=world.samples, expected=world.expected, warmup_start=-60)
    data.datapoints(evaluation_minute=10, count=5)  # oldest first
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from .metric_math import BAND_FLOOR, Array, Series, Value, band_from, evaluate, parse, references
from .stack_model import MetricAlarm, MetricStat, Query
from .terraform_values import ReplayError
from .world import MetricId

Window = tuple[int, int]  # [start, end) in minutes
Samples = Callable[[MetricId, int], tuple[float, ...]]
Expected = Callable[[MetricId, int], "tuple[float, float] | None"]


@dataclass(frozen=True)
class Datapoint:
    """One period: the value, the threshold band it is compared with, and how many samples it has."""

    value: float | None
    lower: float | None
    upper: float | None
    samples: int


def percentile(stat: str) -> float | None:
    """99.0 for ``p99``, 99.9 for ``p99.9``; None for other statistics."""
    if stat[:1] in ("p", "P"):
        try:
            return float(stat[1:])
        except ValueError:
            return None
    return None


def aggregate(stat: str, values: tuple[float, ...]) -> float | None:
    """``stat`` of the samples of one period; None when there are none."""
    if not values:
        return None
    simple = {"Sum": sum, "Minimum": min, "Maximum": max, "SampleCount": len}
    if stat in simple:
        return float(simple[stat](values))  # type: ignore[operator]
    if stat == "Average":
        return sum(values) / len(values)
    ordered = sorted(values)
    rank = percentile(stat)
    if rank is not None and 0 < rank <= 100:
        return ordered[max(0, math.ceil(rank / 100 * len(ordered)) - 1)]
    kept = _trimmed(stat, ordered)
    if kept is None:
        raise ReplayError(f"statistic {stat!r} is not replayed (Sum, Average, Minimum, Maximum, SampleCount, pNN, "
                          "tmNN, TM(a:b), IQM)")
    return sum(kept) / len(kept) if kept else None


def _trimmed(stat: str, ordered: list[float]) -> list[float] | None:
    """The samples a trimmed mean keeps, or None when ``stat`` is not a trimmed mean."""
    found = re.fullmatch(r"tm(\d+(?:\.\d+)?)", stat, re.IGNORECASE)
    bounds = ("", f"{found[1]}%") if found else ("25%", "75%") if stat.upper() == "IQM" else None
    if bounds is None:
        ranged = re.fullmatch(r"TM\(([\d.]*%?):([\d.]*%?)\)", stat, re.IGNORECASE)
        if ranged is None:
            return None
        bounds = (ranged[1], ranged[2])
    low, high = bounds
    if low.endswith("%") or high.endswith("%") or not (low or high):
        n = len(ordered)
        start = int(n * float(low.rstrip("%")) / 100) if low else 0
        end = math.ceil(n * float(high.rstrip("%")) / 100) if high else n
        return ordered[start:end]
    return [v for v in ordered if (not low or v > float(low)) and (not high or v <= float(high))]


class AlarmData:
    """Evaluates one alarm's metric and metric-math queries over any run of periods."""

    def __init__(self, alarm: MetricAlarm, *, samples: Samples, expected: Expected, warmup_start: int) -> None:
        self.alarm, self.samples, self.expected, self.warmup_start = alarm, samples, expected, warmup_start
        self.queries = {query.id: query for query in alarm.queries}
        self.trees = {q.id: parse(q.expression, alarm=alarm.name) for q in alarm.queries if q.expression}
        periods = {q.metric.period for q in alarm.queries if q.metric}
        if len(periods) != 1 or next(iter(periods)) % 60:
            raise ReplayError(f"alarm {alarm.name}: its metrics must share one period of whole minutes, not {periods}")
        self.period = next(iter(periods)) // 60
        returned = [q.id for q in alarm.queries if q.returns and q.id != alarm.threshold_metric_id]
        if len(returned) != 1:
            raise ReplayError(f"alarm {alarm.name}: exactly one metric query must return data, not {returned}")
        self.returned = returned[0]
        self._cache: dict[tuple[str, tuple[Window, ...]], Value] = {}
        self._learned: dict[tuple[str, float], tuple[float, float] | None] = {}

    def windows(self, evaluation_minute: int, count: int) -> tuple[Window, ...]:
        """The ``count`` most recent periods at ``evaluation_minute``, oldest first."""
        p, e = self.period, evaluation_minute
        return tuple((e - (count - k) * p, e - (count - k - 1) * p) for k in range(count))

    def datapoints(self, evaluation_minute: int, count: int) -> list[Datapoint]:
        """The alarm's datapoints for the ``count`` most recent periods, oldest first."""
        windows = self.windows(evaluation_minute, count)
        values = self._series(self.returned, windows)
        lower, upper = self._thresholds(windows)
        metric = self.queries[self.returned].metric
        counts = [len(self._window_samples(metric.metric, w)) if metric else 0 for w in windows]
        return [Datapoint(values[i], lower[i], upper[i], counts[i]) for i in range(count)]

    def _thresholds(self, windows: tuple[Window, ...]) -> tuple[Series, Series]:
        if self.alarm.threshold_metric_id is None:
            if self.alarm.threshold is None:
                raise ReplayError(f"alarm {self.alarm.name} has neither a threshold nor a threshold_metric_id")
            return (self.alarm.threshold,) * len(windows), (self.alarm.threshold,) * len(windows)
        band = self._value(self.alarm.threshold_metric_id, windows)
        if not isinstance(band, Array) or len(band) != 2:
            raise ReplayError(f"alarm {self.alarm.name}: threshold_metric_id {self.alarm.threshold_metric_id} "
                              "must be an ANOMALY_DETECTION_BAND")
        return band[1], band[0]  # the band is (upper, lower): LAST() of it is the lower bound

    def _series(self, query_id: str, windows: tuple[Window, ...]) -> Series:
        value = self._value(query_id, windows)
        if isinstance(value, float):
            return (value,) * len(windows)
        if isinstance(value, Array):
            raise ReplayError(f"alarm {self.alarm.name}: query {query_id} returns several time series")
        return value

    def _value(self, query_id: str, windows: tuple[Window, ...]) -> Value:
        key = (query_id, windows)
        if key not in self._cache:
            query = self._query(query_id)
            if query.metric:
                stat = query.metric
                self._cache[key] = tuple(aggregate(stat.stat, self._window_samples(stat.metric, w)) for w in windows)
            else:
                self._cache[key] = evaluate(
                    self.trees[query_id], lookup=lambda name: self._value(name, windows),
                    band=lambda name, width: self._band(name, width, windows),
                    alarm=self.alarm.name, expression=query.expression or "",
                )
        return self._cache[key]

    def _query(self, query_id: str) -> Query:
        if query_id not in self.queries:
            raise ReplayError(f"alarm {self.alarm.name}: no metric query has the id {query_id!r}")
        return self.queries[query_id]

    def _window_samples(self, metric: MetricId, window: Window) -> tuple[float, ...]:
        return tuple(value for minute in range(*window) for value in self.samples(metric, minute))

    def _band(self, query_id: str, width: float, windows: tuple[Window, ...]) -> Array:
        stat = self._single_metric(query_id)
        if stat is not None and self.expected(stat.metric, windows[0][0]) is not None:
            bands = [self._expected_band(stat, window, width) for window in windows]
        else:
            if (query_id, width) not in self._learned:
                learned = self.windows(0, max(1, -self.warmup_start // self.period))
                values = [x for x in self._series(query_id, learned) if x is not None]
                self._learned[(query_id, width)] = band_from(values, width)
            bands = [self._learned[(query_id, width)]] * len(windows)
        return Array((tuple(b[1] if b else None for b in bands), tuple(b[0] if b else None for b in bands)))

    def _expected_band(self, stat: MetricStat, window: Window, width: float) -> tuple[float, float] | None:
        found = [self.expected(stat.metric, minute) for minute in range(*window)]
        if any(item is None for item in found):
            return None
        means = [item[0] for item in found if item]
        deviations = [item[1] for item in found if item]
        if stat.stat == "Sum":
            mean, deviation = sum(means), math.sqrt(sum(d * d for d in deviations))
        else:
            mean, deviation = sum(means) / len(means), sum(deviations) / len(deviations)
        spread = width * max(deviation, BAND_FLOOR * abs(mean))
        return mean - spread, mean + spread

    def _single_metric(self, query_id: str) -> MetricStat | None:
        """The one metric behind a query (itself, or the only metric an expression reads)."""
        query = self._query(query_id)
        if query.metric:
            return query.metric
        found = {self._single_metric(name) for name in references(self.trees[query_id])}
        return found.pop() if len(found) == 1 else None
