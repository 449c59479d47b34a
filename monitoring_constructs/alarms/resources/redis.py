"""ElastiCache Redis alarms, one per member cluster.

CPU is published per ``CacheClusterId``; EngineCPUUtilization is what matters for the single-threaded engine.
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import AlarmSpec, GREATER, Target

ALARMS: tuple[AlarmSpec, ...] = (
    AlarmSpec(
        key="redis-cpu-high",
        summary="Redis engine CPU utilization above {threshold:g}%",
        severity=Severity.P3,
        target=Target.REDIS_MEMBER,
        namespace="AWS/ElastiCache",
        metric_name="EngineCPUUtilization",
        comparison=GREATER,
        threshold=75,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
)
