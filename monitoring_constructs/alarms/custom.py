"""A team's own alarms: any CloudWatch metric or metric math, with a severity, routed like ours.

A custom alarm goes through the same factory as the library's: it is named
``<service>-<env>-<key>``, notifies its routed severity's topic (whose policy
admits exactly it), and is drawn on the dashboard with its threshold. Plain
data, checked on creation.

Example::

    CustomAlarm(
        key="checkout-failures-high",
        summary="More than {threshold:g} failed checkouts in {window}",
        severity=Severity.P1,
        metric=Metric(namespace="Orders", metric_name="CheckoutFailed", statistic="Sum",
                      dimensions={"Stage": "prod"}),
        threshold=5,
        period=60,
        evaluation_periods=3,
        treat_missing_data="notBreaching",
    )
    CustomAlarm(  # no fixed threshold: alarm when requests drop below the band CloudWatch learns
        key="orders-unusually-low",
        summary="Orders per minute unusually low",
        severity=Severity.P2,
        metric=Metric(namespace="Orders", metric_name="OrderPlaced", statistic="Sum"),
        anomaly=AnomalyDetection(comparison=BELOW_BAND, band_width=3),
        period=300,
        evaluation_periods=3,
    )
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..core.errors import MonitoringConfigError
from ..core.severity import Severity
from ..core.validation import (
    require_int,
    require_literal,
    require_mapping,
    require_number,
    require_one_of,
    require_pattern,
    require_string,
)
from .spec import EXTENDED_STATISTIC, GREATER, LESS, STATISTICS, TREAT_MISSING_DATA, AlarmSpec, AnomalyDetection, MetricMath, Target

COMPARISONS = (GREATER, LESS, "GreaterThanOrEqualToThreshold", "LessThanOrEqualToThreshold")
# CloudWatch: namespaces of printable ASCII, not AWS/ for your own metrics (AWS/* is allowed to read).
NAMESPACE = re.compile(r"^[0-9A-Za-z.\-_/#:]{1,255}$")
METRIC_NAME = re.compile(r"^[^\s:][^:]{0,254}$")
DIMENSIONS_MAX = 30
# Lower-case words joined by hyphens: the alarm is named <service>-<env>-<key>.
KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
KEY_MAX = 200


@dataclass(frozen=True, kw_only=True, slots=True)
class Metric:
    """One CloudWatch metric: ``statistic`` is Average, Sum, ... or a percentile like ``p99``."""

    namespace: str
    metric_name: str
    statistic: str = "Average"
    dimensions: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        require_pattern("metric.namespace", self.namespace, NAMESPACE, "1-255 letters, digits or . - _ / # :")
        require_pattern("metric.metric_name", self.metric_name, METRIC_NAME, "1-255 characters, no colon")
        if self.statistic not in STATISTICS and not EXTENDED_STATISTIC.fullmatch(str(self.statistic)):
            raise MonitoringConfigError(
                "metric.statistic", self.statistic, "one of " + ", ".join(STATISTICS) + " or a percentile like p99"
            )
        dimensions = require_mapping("metric.dimensions", self.dimensions, "dimension name -> value")
        if len(dimensions) > DIMENSIONS_MAX:
            raise MonitoringConfigError("metric.dimensions", len(dimensions), f"at most {DIMENSIONS_MAX} dimensions")
        for name, value in dimensions.items():
            require_literal("metric.dimensions", name, "dimension names as plain strings")
            require_string(f"metric.dimensions[{name!r}]", value, "a value (or a token)")
        object.__setattr__(self, "dimensions", MappingProxyType(dict(dimensions)))


@dataclass(frozen=True, kw_only=True, slots=True)
class CustomAlarm:
    """An alarm on ``metric`` (or ``math`` over metrics of one namespace, with ``dimensions``).

    ``key`` names the alarm ``<service>-<env>-<key>``; ``summary`` is what
    responders read (``{threshold:g}`` and ``{window}`` are filled in).
    ``period``: 10, 20 or 30 seconds only for high-resolution metrics of your own,
    else a multiple of 60. Defaults: GreaterThanThreshold, 300 s, 1 evaluation
    period, all datapoints breaching, missing data treated as missing.
    Exactly one of ``threshold`` (static, with ``comparison``) or ``anomaly``
    (an anomaly-detection band, which has its own comparison).
    """

    key: str
    summary: str
    severity: Severity
    threshold: float | None = None
    anomaly: AnomalyDetection | None = None
    metric: Metric | None = None
    math: MetricMath | None = None
    dimensions: Mapping[str, str] = field(default_factory=dict)
    comparison: str = GREATER
    period: int = 300
    evaluation_periods: int = 1
    treat_missing_data: str = "missing"
    graph_title: str = ""

    def __post_init__(self) -> None:
        where = f"custom_alarms[{self.key!r}]"
        require_pattern("custom_alarm.key", self.key, KEY, "lower-case words joined by hyphens")
        if len(self.key) > KEY_MAX:
            raise MonitoringConfigError("custom_alarm.key", self.key, f"at most {KEY_MAX} characters")
        require_string(f"{where}.summary", self.summary, "what responders read, e.g. 'Checkout failures above {threshold:g}'")
        try:
            self.summary.format(threshold=0.0, window="5 minutes")
        except (KeyError, IndexError, ValueError) as error:
            raise MonitoringConfigError(f"{where}.summary", self.summary, "text with at most {threshold:g} and {window}") from error
        require_one_of(f"{where}.severity", self.severity, tuple(Severity))
        self._check_condition(where)
        if (self.metric is None) == (self.math is None):
            raise MonitoringConfigError(f"{where}.metric", self.metric, "exactly one of metric=Metric(...) or math=MetricMath(...)")
        if self.metric is not None and not isinstance(self.metric, Metric):
            raise MonitoringConfigError(f"{where}.metric", self.metric, "a Metric(...)")
        if self.math is not None and not isinstance(self.math, MetricMath):
            raise MonitoringConfigError(f"{where}.math", self.math, "a MetricMath(...)")
        require_one_of(f"{where}.comparison", self.comparison, COMPARISONS)
        period = require_int(f"{where}.period", self.period, 10)
        if period not in (10, 20, 30) and period % 60:
            raise MonitoringConfigError(f"{where}.period", period, "10, 20, 30 (high-resolution metrics) or a multiple of 60")
        require_int(f"{where}.evaluation_periods", self.evaluation_periods, 1)
        require_one_of(f"{where}.treat_missing_data", self.treat_missing_data, TREAT_MISSING_DATA)
        object.__setattr__(self, "dimensions", MappingProxyType(dict(require_mapping(
            f"{where}.dimensions", self.dimensions, "dimension name -> value"))))

    def _check_condition(self, where: str) -> None:
        """A static threshold or an anomaly band, never both or neither."""
        if (self.threshold is None) == (self.anomaly is None):
            raise MonitoringConfigError(f"{where}.threshold", self.threshold,
                                        "a number, or None with anomaly=AnomalyDetection(...) (exactly one of them)")
        if self.anomaly is None:
            require_number(f"{where}.threshold", self.threshold)
            return
        if not isinstance(self.anomaly, AnomalyDetection):
            raise MonitoringConfigError(f"{where}.anomaly", self.anomaly, "an AnomalyDetection(...)")
        if self.comparison != GREATER:
            raise MonitoringConfigError(f"{where}.comparison", self.comparison,
                                        "the default with anomaly=...: the band's side is AnomalyDetection.comparison")

    @property
    def alarm_dimensions(self) -> Mapping[str, str]:
        """The metric's dimensions (for metric math: ``dimensions``, shared by its metrics)."""
        return self.metric.dimensions if self.metric is not None else self.dimensions

    def spec(self) -> AlarmSpec:
        """The alarm as the factory builds it (and the dashboard draws it)."""
        metric = self.metric
        return AlarmSpec(
            key=self.key,
            summary=self.summary,
            severity=self.severity,
            target=Target.CUSTOM,
            comparison=self.comparison,
            threshold=0.0 if self.threshold is None else float(self.threshold),
            anomaly=self.anomaly,
            period=self.period,
            evaluation_periods=self.evaluation_periods,
            namespace=metric.namespace if metric else "",
            metric_name=metric.metric_name if metric else "",
            statistic=metric.statistic if metric else "Average",
            math=self.math,
            treat_missing_data=self.treat_missing_data,
            graph_title=self.graph_title or self.key,
        )
