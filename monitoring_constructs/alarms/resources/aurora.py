"""Aurora cluster alarms: AWS's recommended database set (``database.py``), per instance role.

"For Aurora, use WRITER or READER role metrics to set up alarms instead of relying on metrics
for specific DB instances. Aurora DB instance roles can change roles over time." (Aurora User
Guide, "Creating CloudWatch alarms to monitor Amazon Aurora",
https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/creating_alarms.html). So each
alarm watches ``DBClusterIdentifier`` + ``Role`` (WRITER, and READER when the cluster has
readers), whatever instance holds the role after a failover. DB load is a Performance Insights
metric of each DB instance (``DBInstanceIdentifier`` only): it is alarmed per listed instance,
which is right for it (load relative to that instance's own vCPUs, whatever its role).
Aurora storage grows by itself: no free-storage alarm.
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import AlarmSpec, Target
from .database import database_alarms

ALARMS: tuple[AlarmSpec, ...] = database_alarms(
    "aurora",
    Target.AURORA_CLUSTER,
    "Aurora",
    # AWS recommended alarms #RDS FreeableMemory: "For Aurora, you can set the threshold close
    # to 5%, because the metric approaching 0 means that the DB instance has scaled up as much
    # as it can." P1: at 5 % the instance is out of room, not early.
    memory_low_percent=5,
    memory_severity=Severity.P1,
    cpu_key="cpu-high",
    db_load_target=Target.AURORA_INSTANCE,
)
