"""RDS instance alarms (the seed's shared RDS).

CPU above 80 % as in the seed.
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import AlarmSpec, GREATER, Target

ALARMS: tuple[AlarmSpec, ...] = (
    AlarmSpec(
        key="rds-cpu-high",
        summary="Shared RDS instance CPU utilization above {threshold:g}%",
        severity=Severity.P2,
        target=Target.RDS_INSTANCE,
        namespace="AWS/RDS",
        metric_name="CPUUtilization",
        comparison=GREATER,
        threshold=80,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
)
