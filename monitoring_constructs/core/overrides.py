"""Per-alarm overrides and how they apply to an alarm spec (the same for every alarm).

Example::

    AlarmOverride(threshold=70, severity=Severity.P1)  # in MonitoringSettings.alarm_overrides["cpu-high"]
    AlarmOverride(anomaly=AnomalyDetection(comparison=ABOVE_BAND))  # ["response-time-high"]: a band, no threshold
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from ..alarms.catalog import EXTENDED_STATISTIC, STATISTICS, AlarmSpec
from ..alarms.spec import AnomalyDetection
from .errors import MonitoringConfigError
from .severity import Severity
from .validation import (
    require_alarm_period,
    require_alarm_window,
    require_bool,
    require_instance,
    require_int,
    require_mapping,
    require_number,
    require_one_of,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class AlarmOverride:
    """Changes to one standard alarm; ``None`` keeps the library's value.

    Where the threshold is a percentage of each resource's limit
    (``lambda-duration-near-timeout``: of the function's timeout), so is ``threshold``.
    ``anomaly`` alarms on an anomaly-detection band instead of the threshold;
    a ``threshold`` makes an alarm static again. Not both.
    """

    enabled: bool = True
    threshold: float | None = None
    period: int | None = None
    evaluation_periods: int | None = None
    datapoints_to_alarm: int | None = None
    statistic: str | None = None
    severity: Severity | None = None
    anomaly: AnomalyDetection | None = None

    def __post_init__(self) -> None:
        # Types and ranges here; what depends on the alarm (its metric's resolution,
        # datapoints <= evaluation periods, the window) is checked by _resolve_alarm.
        require_bool("alarm_override.enabled", self.enabled)
        if self.threshold is not None:
            require_number("alarm_override.threshold", self.threshold)
        for name, low in (("period", 10), ("evaluation_periods", 1), ("datapoints_to_alarm", 1)):
            if getattr(self, name) is not None:
                require_int(f"alarm_override.{name}", getattr(self, name), low)
        if self.statistic is not None and self.statistic not in STATISTICS and not (
            isinstance(self.statistic, str) and EXTENDED_STATISTIC.fullmatch(self.statistic)
        ):
            raise MonitoringConfigError(
                "alarm_override.statistic", self.statistic, "one of " + ", ".join(STATISTICS) + " or a percentile like p99"
            )
        if self.severity is not None:
            require_one_of("alarm_override.severity", self.severity, tuple(Severity))
        if self.anomaly is not None:
            if not isinstance(self.anomaly, AnomalyDetection):
                raise MonitoringConfigError("alarm_override.anomaly", self.anomaly, "an AnomalyDetection(...)")
            if self.threshold is not None:
                raise MonitoringConfigError("alarm_override.threshold", self.threshold,
                                            "None with anomaly=...: a band alarm has no threshold")


@dataclass(frozen=True, kw_only=True, slots=True)
class ResolvedAlarm:
    """An alarm spec after ``alarm_overrides``: what AlarmFactory creates."""

    spec: AlarmSpec
    datapoints_to_alarm: int


def resolve_alarm(spec: AlarmSpec, override: AlarmOverride | None) -> ResolvedAlarm | None:
    override = override or AlarmOverride()
    if not override.enabled:
        return None
    where = f"alarm_overrides[{spec.key!r}]"
    changes: dict[str, object] = {}
    # AlarmOverride checked types and ranges; what depends on this alarm is checked here.
    if override.threshold is not None:
        if spec.percent_of is not None and not 0 < override.threshold <= 100:
            raise MonitoringConfigError(
                f"{where}.threshold", override.threshold,
                f"a percentage of each resource's {spec.percent_of.attribute}, above 0 and at most 100",
            )
        changes.update(threshold=float(override.threshold), anomaly=None)
    if override.anomaly is not None:
        changes["anomaly"] = override.anomaly
    if override.period is not None:
        metric = spec.math.namespace if spec.math else f"{spec.namespace} {spec.metric_name}".strip()
        # Every standard alarm watches an AWS/* or Container Insights metric, published once a minute.
        changes["period"] = require_alarm_period(f"{where}.period", override.period, metric=metric)
    if override.evaluation_periods is not None:
        changes["evaluation_periods"] = override.evaluation_periods
    if override.statistic is not None:
        if spec.math is not None:
            raise MonitoringConfigError(f"{where}.statistic", override.statistic, "None: this alarm uses metric math")
        changes["statistic"] = override.statistic
    if override.severity is not None:
        changes["severity"] = override.severity
    resolved = replace(spec, **changes)
    require_alarm_window(where, resolved.period, resolved.evaluation_periods)
    datapoints = next(value for value in (override.datapoints_to_alarm, spec.datapoints_to_alarm,
                                          resolved.evaluation_periods) if value is not None)
    require_int(f"{where}.datapoints_to_alarm", datapoints, 1, resolved.evaluation_periods)
    return ResolvedAlarm(spec=resolved, datapoints_to_alarm=datapoints)


def require_alarm_overrides(field: str, value: object, keys: Collection[str]) -> Mapping[str, AlarmOverride]:
    """Alarm keys, each one of ``keys`` (the alarms that exist there), to ``AlarmOverride`` values, frozen:
    an override of an alarm that is not made would be ignored silently."""
    overrides = require_mapping(field, value, "alarm keys to AlarmOverride(...)")
    for key, override in overrides.items():
        require_one_of(field, key, tuple(keys))
        require_instance(f"{field}[{key!r}]", override, AlarmOverride, "an AlarmOverride(...)")
    return overrides  # type: ignore[return-value]
