"""RDS DB instance alarms: the seed's CPU above 80 %, and AWS's recommended set (``database.py``).

Alarmed per ``DBInstanceIdentifier``. Free storage is a share of the instance's allocated
storage (AWS does not recommend it with storage autoscaling: leave
``RdsInstanceTarget.allocated_storage_gib`` unset then).
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import GREATER, LESS, AlarmSpec, PercentOfLimit, Target
from .database import GIB, RDS_NAMESPACE, database_alarms

ALARMS: tuple[AlarmSpec, ...] = (
    AlarmSpec(
        key="rds-cpu-high",
        summary="Shared RDS instance CPU utilization above {threshold:g}%",
        severity=Severity.P2,
        target=Target.RDS_INSTANCE,
        namespace=RDS_NAMESPACE,
        metric_name="CPUUtilization",
        comparison=GREATER,
        threshold=80,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
    # P2: a 25 % share left is an early warning; swapping and refused connections come later.
    *database_alarms("rds", Target.RDS_INSTANCE, "RDS instance", memory_low_percent=25,  # AWS #RDS FreeableMemory: 25 %
                     memory_severity=Severity.P2),
    # P1: a full disk stops writes (the instance goes to storage-full), often hours after 10 % left.
    AlarmSpec(
        key="rds-free-storage-low",
        summary="RDS instance free storage below {threshold:g}% of its allocated storage",
        severity=Severity.P1,
        target=Target.RDS_INSTANCE,
        namespace=RDS_NAMESPACE,
        metric_name="FreeStorageSpace",
        statistic="Minimum",
        comparison=LESS,
        threshold=10,  # AWS recommended alarms #RDS FreeStorageSpace: "10 percent of the allocated storage"
        period=60,  # ... Minimum, period 60 s, 5 of 5 datapoints
        evaluation_periods=5,
        percent_of=PercentOfLimit(attribute="allocated_storage_gib", scale=GIB, metric_id="free_storage",
                                  label="Free storage (% of allocated)"),
        # Not breaching: a reboot publishes no FreeStorageSpace and fills no disk; a disk filling
        # up shows in the datapoints before it is full (database.py, "Missing data").
        treat_missing_data="notBreaching",
        unit_suffix="%",
    ),
)
