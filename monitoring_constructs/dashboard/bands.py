"""Anomaly-detection bands on dashboard graphs: the band an alarm compares its metric with, drawn around it.

A graph row is ``[Namespace, MetricName, dims..., {options}]`` or ``[{"expression": ...}]``;
the band is an expression row ``ANOMALY_DETECTION_BAND(<metric id>, <width>)`` naming the
metric row by its ``id`` (CloudWatch User Guide, "Using CloudWatch anomaly detection").
Ids are the rows' positions in their widget (``m3``, ``band4``), unique within it.

Example::

    with_bands(["AWS/ApplicationELB", "RequestCount", "LoadBalancer", arn_suffix],
               {"stat": "Sum", "label": "RequestCount Sum"}, [request_count_low], 0)
    # [[..., {"stat": "Sum", "label": ..., "id": "m0"}],
    #  [{"expression": "ANOMALY_DETECTION_BAND(m0, 2)", "label": "...", "id": "band1", "color": ...}]]
"""

from __future__ import annotations

from collections.abc import Sequence

from ..alarms.factory import CreatedAlarm
from ..core.severity import SEVERITY_COLORS


def with_bands(metric: list[object], options: dict[str, object], alarms: Sequence[CreatedAlarm],
               index: int) -> list[list[object]]:
    """The row ``metric + [options]`` at position ``index``, then the band of each alarm in ``alarms``."""
    if not alarms:
        return [[*metric, options]]
    metric_id = str(options.get("id") or f"m{index}")
    rows: list[list[object]] = [[*metric, {**options, "id": metric_id}]]
    for alarm in alarms:
        anomaly = alarm.spec.anomaly
        assert anomaly is not None
        rows.append([{
            "expression": anomaly.expression(metric_id),
            "label": f"{alarm.name} {anomaly.describe()} ({alarm.severity.value})",
            "id": f"band{index + len(rows)}",
            "color": SEVERITY_COLORS[alarm.severity],
        }])
    return rows
