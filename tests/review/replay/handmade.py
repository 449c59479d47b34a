"""Tiny hand-made stacks and worlds for the replay tests.

``stack(...)`` wraps resource blocks in a ``cdk.tf.json``-like document; ``alarm(...)``
writes a metric alarm block with small defaults; ``Scripted`` is a World whose samples
come from one function per metric name (minute -> value, tuple of values, or None).

Example::

    doc = stack(aws_sns_topic={"Paged": topic("shop-paged", "P1")},
                aws_cloudwatch_metric_alarm={"Errors": alarm("shop-errors", alarm_actions=[PAGED])})
    result = replay(doc, Scripted(Errors=lambda m: 50.0 if m >= 0 else 0.0), minutes=20)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from monitoring_constructs.review.replay.world import MetricId
from monitoring_constructs.review.stacks import Stack

PAGED = "${aws_sns_topic.Paged.arn}"
REGION = "eu-west-1"


def stack(region: str = REGION, **resources: dict[str, Any]) -> Stack:
    """A synthesized stack with these resource types and blocks (and one aws provider)."""
    document = {"provider": {"aws": [{"region": region}]}, "resource": resources}
    return Stack(name="handmade", path=Path("handmade/cdk.tf.json"), document=document)


def topic(name: str, severity: str | None = None) -> dict[str, Any]:
    return {"name": name, **({"tags": {"Severity": severity}} if severity else {})}


def alarm(name: str, **fields: Any) -> dict[str, Any]:
    """A metric alarm on ``Errors`` (Sum over 60 s, > 10, 1 of 1) with ``fields`` overriding."""
    return {
        "alarm_name": name, "namespace": "Shop", "metric_name": "Errors", "statistic": "Sum", "period": 60,
        "evaluation_periods": 1, "comparison_operator": "GreaterThanThreshold", "threshold": 10, **fields,
    }


Script = Callable[[int], "float | tuple[float, ...] | None"]


class Scripted:
    """A World: ``samples`` of a metric name come from its script; ``expected`` from ``models``."""

    def __init__(self, models: dict[str, tuple[float, float]] | None = None, **scripts: Script) -> None:
        self.scripts, self.models = scripts, models or {}

    def samples(self, metric: MetricId, minute: int) -> tuple[float, ...]:
        script = self.scripts.get(metric.metric_name)
        found = script(minute) if script else None
        return () if found is None else found if isinstance(found, tuple) else (float(found),)

    def expected(self, metric: MetricId, minute: int) -> tuple[float, float] | None:
        return self.models.get(metric.metric_name)
