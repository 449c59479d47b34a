"""AWS's recommended alarms for an RDS or Aurora database, shared by ``rds.py`` and ``aurora.py``.

Every number comes from CloudWatch's recommended alarms, Amazon RDS section
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html#RDS,
the console's data behind it is published in awslabs/mcp ``cloudwatch_metrics/data/metric_metadata.json``):

| metric | statistic | period x datapoints | threshold | missing data (AWS / here) |
|---|---|---|---|---|
| CPUUtilization | Average | 60 s x 5 of 5 | > 90 % | breaching / notBreaching |
| FreeableMemory | Average | 60 s x 15 of 15 | < 25 % of memory (Aurora: about 5 %) | breaching / notBreaching |
| DatabaseConnections | Average | 60 s x 5 of 5 | > 90-95 % of max_connections | breaching / notBreaching |
| ReadLatency / WriteLatency | p90 | 60 s x 5 of 5 | "higher than 20 milliseconds ... a cause for investigation" | missing |
| DBLoad | Average | 60 s x 15 of 15 | "DB load should not go above vCPU line" | missing / notBreaching |
| FreeStorageSpace | Minimum | 60 s x 5 of 5 | < 10 % of the allocated storage | breaching / notBreaching |

Missing data. AWS recommends "breaching" for CPU, memory, connections and storage, so that an
instance that stops publishing pages. But an instance stops publishing on every routine reboot:
"Rebooting a DB instance results in a momentary outage, during which the DB instance status is
set to rebooting", and its length "is a function of the specific database engine's crash recovery
process" (RDS User Guide, "Rebooting a DB instance",
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_RebootInstance.html). With breaching,
5 missing minutes paged P1 for high CPU and too many connections, and a reboot of a quarter of an
hour paged for low memory, none of which was true. A database that is down is the RDS events'
job (``notify/rds_events.py``: availability, failure, failover), which know a reboot from an
outage. So these alarms judge only the datapoints the instance publishes: "notBreaching", not
"missing", because "missing" moves the alarm to INSUFFICIENT_DATA once the whole window is
missing and back to OK afterwards ("Configuring how CloudWatch alarms treat missing data",
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html),
and the P0/P1 topics are told of every return to OK: a "recovered" message for nothing.
notBreaching keeps the alarm in OK through the gap, and a value that breaches after the reboot
still pages. The P2 latency alarms keep "missing" (AWS's choice; no recovery message at P2).

Thresholds that are a share of the instance's size are metric math over the size the
resource declares (``PercentOfLimit`` with a ``metric_id``, of ``memory_gib``,
``allocated_storage_gib`` or ``max_connections``): the alarm, its override and its graph
are in percent, and a resource without that size gets no such alarm. DB load uses
``DBLoadRelativeToNumVCPUs`` (DB load / vCPUs, published by Performance Insights, "RDS
Performance Insights metrics published to CloudWatch" page), so no vCPU count is needed;
Performance Insights publishes it "only if there is load on the DB instance", hence missing
data is not breaching, and only with Performance Insights on, hence the alarm exists only where
the resource declares ``performance_insights=True``.
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import GREATER, LESS, AlarmSpec, PercentOfLimit, Target

RDS_NAMESPACE = "AWS/RDS"
GIB = 1073741824


def database_alarms(
    prefix: str,
    target: Target,
    what: str,
    *,
    memory_low_percent: float,
    memory_severity: Severity,
    cpu_key: str = "cpu-very-high",
    db_load_target: Target | None = None,
) -> tuple[AlarmSpec, ...]:
    """CPU, freeable memory, connections, read/write latency and DB load of ``what``, keys ``<prefix>-...``.

    ``cpu_key``: ``cpu-very-high`` next to the seed's ``rds-cpu-high`` (80 %), ``cpu-high`` where it is the only tier.
    ``db_load_target``: where DB load is measured when it is not ``target`` (each instance of an Aurora cluster).
    """
    return (
        # P1: sustained CPU above 90 % slows every query of the service (the response table's
        # "CPU > 85 %" tier is P1).
        AlarmSpec(
            key=f"{prefix}-{cpu_key}",
            summary=f"{what} CPU utilization above {{threshold:g}}%",
            severity=Severity.P1,
            target=target,
            namespace=RDS_NAMESPACE,
            metric_name="CPUUtilization",
            comparison=GREATER,
            threshold=90,  # AWS recommended alarms #RDS CPUUtilization: 90
            period=60,  # ... period 60 s, 5 of 5 datapoints (missing data: see the module docstring)
            evaluation_periods=5,
            treat_missing_data="notBreaching",  # a reboot publishes nothing; it is not high CPU
            unit_suffix="%",
        ),
        AlarmSpec(
            key=f"{prefix}-free-memory-low",
            summary=f"{what} freeable memory below {{threshold:g}}% of its memory",
            severity=memory_severity,
            target=target,
            namespace=RDS_NAMESPACE,
            metric_name="FreeableMemory",
            comparison=LESS,
            threshold=memory_low_percent,
            period=60,  # AWS recommended alarms #RDS FreeableMemory: period 60 s, 15 of 15
            evaluation_periods=15,
            percent_of=PercentOfLimit(attribute="memory_gib", scale=GIB, metric_id="free_memory",
                                      label="Freeable memory (% of memory)"),
            treat_missing_data="notBreaching",  # a rebooting instance has no memory reading, not too little
            unit_suffix="%",
        ),
        # P1: at max_connections new connections are refused and requests fail.
        AlarmSpec(
            key=f"{prefix}-connections-high",
            summary=f"{what} connections above {{threshold:g}}% of max_connections",
            severity=Severity.P1,
            target=target,
            namespace=RDS_NAMESPACE,
            metric_name="DatabaseConnections",
            comparison=GREATER,
            threshold=90,  # AWS recommended alarms #RDS DatabaseConnections: "90-95% of the maximum"
            period=60,  # ... period 60 s, 5 of 5 datapoints
            evaluation_periods=5,
            percent_of=PercentOfLimit(attribute="max_connections", metric_id="connections",
                                      label="Connections (% of max_connections)"),
            treat_missing_data="notBreaching",  # no connections reading during a reboot, not too many
            unit_suffix="%",
        ),
        # P2: slow storage slows queries; the service still answers.
        *(
            AlarmSpec(
                key=f"{prefix}-{kind}-latency-high",
                summary=f"{what} {kind} latency p90 above {{threshold:g}} s",
                severity=Severity.P2,
                target=target,
                namespace=RDS_NAMESPACE,
                metric_name=metric,
                statistic="p90",  # AWS recommended alarms #RDS Read/WriteLatency: p90
                comparison=GREATER,
                threshold=0.02,  # ... "higher than 20 milliseconds are likely a cause for investigation"
                period=60,  # ... period 60 s, 5 of 5 datapoints, missing data missing
                evaluation_periods=5,
                unit_suffix=" s",
            )
            for kind, metric in (("read", "ReadLatency"), ("write", "WriteLatency"))
        ),
        # P2: sessions queue for CPU or I/O; queries slow down before anything fails.
        AlarmSpec(
            key=f"{prefix}-db-load-high",
            summary=f"{what} DB load above {{threshold:g}} x its vCPUs",
            severity=Severity.P2,
            target=db_load_target or target,
            # Published only with Performance Insights on: the resource declares it (core/databases.py).
            applies_when="performance_insights",
            namespace=RDS_NAMESPACE,
            metric_name="DBLoadRelativeToNumVCPUs",
            comparison=GREATER,
            threshold=1,  # AWS recommended alarms #RDS DBLoad: "should not go above vCPU line"
            period=60,  # ... period 60 s, 15 of 15 datapoints
            evaluation_periods=15,
            treat_missing_data="notBreaching",  # published only under load (Performance Insights)
            unit_suffix=" x vCPUs",
        ),
    )
