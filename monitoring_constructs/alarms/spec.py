"""Alarms as data: what an alarm watches, at what threshold, with which severity.

An ``AlarmSpec`` is the ONE metric definition an alarm and its dashboard graph
are both built from (``alarms.factory`` and ``dashboard``). Specs per monitored
resource type live in ``alarms/resources/``; ``alarms.catalog`` gathers them.

Example::

    AlarmSpec(key="queue-age-high", summary="Oldest message older than {threshold:g} s",
              severity=Severity.P2, target=Target.SQS_QUEUE, namespace="AWS/SQS",
              metric_name="ApproximateAgeOfOldestMessage", statistic="Maximum",
              comparison=GREATER, threshold=600, period=60, evaluation_periods=5)
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace

from ..core.errors import MonitoringConfigError
from ..core.severity import Severity
from ..core.validation import require_number, require_one_of


class Target(enum.Enum):
    """Which monitored resource an alarm needs; its dimensions come from it."""

    ECS_SERVICE = "ecs_service"
    # The service's requests at its ALB: per target group when LoadBalancerTarget has one.
    LOAD_BALANCER = "load_balancer"
    # The load balancer's own metrics (its 5xx, rejected connections): per LoadBalancer only.
    LOAD_BALANCER_OWN = "load_balancer_own"
    # Metrics CloudWatch has per TargetGroup + LoadBalancer only (host counts): needs the target group.
    TARGET_GROUP = "target_group"
    RDS_INSTANCE = "rds_instance"
    # An Aurora cluster per instance role; AURORA_INSTANCE: each DB instance it lists.
    AURORA_CLUSTER = "aurora_cluster"
    AURORA_INSTANCE = "aurora_instance"
    REDIS_MEMBER = "redis_member"
    SQS_QUEUE = "sqs_queue"
    # The dead-letter queue of a monitored SQS queue (SqsQueueTarget.dead_letter_queue_name).
    SQS_DEAD_LETTER_QUEUE = "sqs_dead_letter_queue"
    LAMBDA_FUNCTION = "lambda_function"
    # Alarms on what the library itself creates; their metric comes from that construct.
    APPLICATION_LOG = "application_log"
    LOG_ANALYZER = "log_analyzer"
    # AWS events counted from the log group an EventBridge rule writes them to (``notify/event_log.py``):
    # the shared RDS instance's "down" events, an ECS service's failed deployments.
    RDS_EVENTS = "rds_events"
    ECS_DEPLOYMENTS = "ecs_deployments"
    # A team's own metric (MonitoringSettings.custom_alarms / ServiceMonitoring.add_alarm).
    CUSTOM = "custom"


@dataclass(frozen=True, kw_only=True, slots=True)
class MetricMath:
    """A metric-math alarm: ``expression`` over named metrics of one namespace.

    ``{min_requests}`` in the expression is replaced by the alarm's
    minimum-traffic guard, so one 5xx among three requests does not page.
    ``graph_expression`` is what the dashboard draws when it differs (the
    rate without the guard).
    """

    namespace: str
    metrics: tuple[tuple[str, str, str], ...]  # (id, metric name, statistic)
    expression: str
    label: str
    result_id: str = "rate"
    graph_expression: str = ""


GREATER = "GreaterThanThreshold"
LESS = "LessThanThreshold"
# Anomaly detection: the alarm compares the metric with the band CloudWatch's model expects.
ABOVE_BAND = "GreaterThanUpperThreshold"
BELOW_BAND = "LessThanLowerThreshold"
OUTSIDE_BAND = "LessThanLowerOrGreaterThanUpperThreshold"
BAND_COMPARISONS = (ABOVE_BAND, BELOW_BAND, OUTSIDE_BAND)
# The band expression's id in the alarm's metric queries and on its graph.
BAND_ID = "band"


@dataclass(frozen=True, kw_only=True, slots=True)
class AnomalyDetection:
    """Alarm when the metric leaves its expected band instead of crossing a fixed threshold.

    For metrics whose normal level changes with the time of day or with growth
    (request count dropping unusually low, latency drifting up), a static
    threshold is either noisy or blind. CloudWatch trains a model on the
    metric's history and the alarm compares each datapoint with
    ``ANOMALY_DETECTION_BAND(metric, band_width)``: ``band_width`` standard
    deviations around the expected value (2, the console's default; higher is a
    wider band and fewer alarms). ``comparison``: ``ABOVE_BAND`` (latency up),
    ``BELOW_BAND`` (traffic down) or ``OUTSIDE_BAND``. The model needs about two
    weeks of data before the band is tight.

    Example::

        AnomalyDetection(comparison=BELOW_BAND, band_width=3)
    """

    comparison: str = ABOVE_BAND
    band_width: float = 2.0

    def __post_init__(self) -> None:
        require_one_of("anomaly_detection.comparison", self.comparison, BAND_COMPARISONS)
        width = require_number("anomaly_detection.band_width", self.band_width)
        if width <= 0:
            raise MonitoringConfigError("anomaly_detection.band_width", width, "a positive number of standard deviations")

    def expression(self, metric_id: str) -> str:
        """``ANOMALY_DETECTION_BAND(<metric_id>, <band_width>)``."""
        return f"ANOMALY_DETECTION_BAND({metric_id}, {self.band_width:g})"

    def describe(self) -> str:
        """``above its expected band (2 standard deviations)``: how alarm descriptions and graphs name it."""
        side = {ABOVE_BAND: "above", BELOW_BAND: "below", OUTSIDE_BAND: "outside"}[self.comparison]
        return f"{side} its expected band ({self.band_width:g} standard deviations)"


@dataclass(frozen=True, kw_only=True, slots=True)
class PercentOfLimit:
    """A threshold in percent of a limit each monitored resource declares (a Lambda's timeout, a database's memory).

    The spec's ``threshold`` (and an override's) is then that percentage; each
    alarm gets ``threshold / 100 * <resource>.<attribute> * scale``, in the
    metric's unit (``unit``): 90 % of a 30 s timeout is 27000 ms. With
    ``metric_id``, the alarm instead watches the metric as a percentage of the
    limit (metric math ``100 * <metric_id> / (limit * scale)``, drawn as
    ``label``), so its threshold, its override and its graph stay in percent
    (freeable memory: 25 % of 16 GiB). A resource whose ``attribute`` is unset
    gets no such alarm.
    """

    attribute: str  # the target's field holding the limit, e.g. "timeout_seconds"
    scale: float = 1  # metric units per unit of the limit, e.g. 1000 (milliseconds per second)
    unit: str = ""  # the metric's unit as alarm descriptions and graph lines show it, e.g. " ms"
    metric_id: str = ""  # watch the metric in percent of the limit, under this metric math id
    label: str = ""  # the percentage's line on the dashboard, e.g. "Freeable memory (% of memory)"

    def absolute(self, percent: float, limit: float) -> float:
        """``percent`` of ``limit`` in the metric's unit (multiplied first: 90 * 30 * 1000 / 100 is exact)."""
        return round(percent * limit * self.scale / 100, 6)


@dataclass(frozen=True, kw_only=True, slots=True)
class AlarmSpec:
    """One standard alarm; the alarm is named ``<service>-<env>-<key>``.

    ``anomaly`` replaces ``comparison``/``threshold`` by an anomaly-detection
    band. ``applies_when`` names a boolean attribute of the monitored resource
    that must be true for the alarm to exist (``has_replicas``: replication lag
    only with replicas). ``extra_dimensions`` are added to the resource's own
    (``CacheNodeId`` for the per-node Redis metrics). ``datapoints_to_alarm``:
    how many of the ``evaluation_periods`` must breach ("M out of N"; CloudWatch
    User Guide, "Using Amazon CloudWatch alarms",
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html);
    ``None`` (default): all of them.
    """

    key: str
    summary: str
    severity: Severity
    target: Target
    comparison: str
    threshold: float
    period: int
    evaluation_periods: int
    datapoints_to_alarm: int | None = None
    namespace: str = ""
    metric_name: str = ""
    statistic: str = "Average"
    math: MetricMath | None = None
    treat_missing_data: str = "missing"
    unit_suffix: str = ""
    # The dashboard graph's title when no predefined graph draws this alarm's metric.
    graph_title: str = ""
    # A per-resource threshold: ``threshold`` is a percentage of this limit of each resource.
    percent_of: PercentOfLimit | None = None
    anomaly: AnomalyDetection | None = None
    applies_when: str = ""
    extra_dimensions: tuple[tuple[str, str], ...] = ()

    def at_limit(self, limit: float) -> AlarmSpec:
        """This spec for a resource whose limit is ``limit``: the threshold in the metric's unit, or the metric in percent."""
        share = self.percent_of
        assert share is not None, f"{self.key} has no per-resource threshold"
        if not share.metric_id:
            return replace(self, threshold=share.absolute(self.threshold, limit), unit_suffix=share.unit, percent_of=None)
        size = _number(limit) if share.scale == 1 else f"({_number(limit)} * {_number(share.scale)})"
        math = MetricMath(namespace=self.namespace, metrics=((share.metric_id, self.metric_name, self.statistic),),
                          expression=f"100 * {share.metric_id} / {size}", label=share.label,
                          result_id=f"{share.metric_id}_pct")
        return replace(self, namespace="", metric_name="", math=math, unit_suffix="%", percent_of=None)


    def applies_to(self, resource: object) -> bool:
        """Whether ``resource`` (a monitored target) gets this alarm."""
        return not self.applies_when or bool(getattr(resource, self.applies_when))

    @property
    def condition(self) -> str:
        """``> 80%`` or ``below its expected band (...)``: the alarm's condition as people read it."""
        if self.anomaly is not None:
            return self.anomaly.describe()
        sign = ">" if "Greater" in self.comparison else "<"
        if "OrEqual" in self.comparison:
            sign += "="
        return f"{sign} {self.threshold:g}{self.unit_suffix}"



def _number(value: float) -> str:
    """``16`` for 16 and 16.0, ``0.5`` for 0.5: a constant in a metric math expression."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
# Extended statistics: percentiles and trimmed statistics (p99, p99.9, tm90).
EXTENDED_STATISTIC = re.compile(r"^(p|tm|wm|tc|ts)(\d{1,2}(\.\d{1,10})?|100)$")
TREAT_MISSING_DATA = ("missing", "ignore", "breaching", "notBreaching")
