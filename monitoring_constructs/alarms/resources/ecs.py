"""ECS Fargate service alarms: CPU and memory in two tiers, and no running tasks (the seed's, fixed).

RunningTaskCount exists only in Container Insights (``ECS/ContainerInsights``), not ``AWS/ECS``.
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import AlarmSpec, GREATER, LESS, Target

ALARMS: tuple[AlarmSpec, ...] = (
    AlarmSpec(
        key="cpu-high",
        summary="ECS service CPU utilization above {threshold:g}%",
        severity=Severity.P2,
        target=Target.ECS_SERVICE,
        namespace="AWS/ECS",
        metric_name="CPUUtilization",
        comparison=GREATER,
        threshold=80,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
    AlarmSpec(
        key="cpu-very-high",
        summary="ECS service CPU utilization above {threshold:g}%",
        severity=Severity.P1,
        target=Target.ECS_SERVICE,
        namespace="AWS/ECS",
        metric_name="CPUUtilization",
        comparison=GREATER,
        threshold=85,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
    AlarmSpec(
        key="memory-elevated",
        summary="ECS service memory utilization above {threshold:g}%",
        severity=Severity.P2,
        target=Target.ECS_SERVICE,
        namespace="AWS/ECS",
        metric_name="MemoryUtilization",
        comparison=GREATER,
        threshold=80,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
    AlarmSpec(
        key="memory-high",
        summary="ECS service memory utilization above {threshold:g}%",
        severity=Severity.P1,
        target=Target.ECS_SERVICE,
        namespace="AWS/ECS",
        metric_name="MemoryUtilization",
        comparison=GREATER,
        threshold=85,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
    AlarmSpec(
        key="task-count-zero",
        summary="No running ECS tasks (Container Insights RunningTaskCount below {threshold:g})",
        severity=Severity.P0,
        target=Target.ECS_SERVICE,
        # RunningTaskCount exists only in Container Insights; the cluster must
        # have containerInsights enabled or this alarm stays in ALARM.
        namespace="ECS/ContainerInsights",
        metric_name="RunningTaskCount",
        comparison=LESS,
        threshold=1,
        period=60,
        evaluation_periods=1,
        treat_missing_data="breaching",
    ),
)
