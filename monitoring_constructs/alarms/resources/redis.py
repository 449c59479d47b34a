"""ElastiCache Redis alarms, one per member cluster: engine CPU (the seed's), memory, evictions, connections, replication lag.

CPU is published per ``CacheClusterId``; EngineCPUUtilization is what matters for the single-threaded engine.
Numbers not from the seed come from AWS's recommended alarms
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html,
section "Amazon ElastiCache", "RECOMMENDED" below) or, where AWS leaves the threshold to you ("depends on
your situation"), from the reason next to it.
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import AlarmSpec, GREATER, Target

# Each member cluster of a cluster-mode-disabled replication group has one node, "0001".
FIRST_NODE = (("CacheNodeId", "0001"),)
# ElastiCache: "each node can support up to 65,000 concurrent connections" (RECOMMENDED, CurrConnections).
MAX_CONNECTIONS_PER_NODE = 65_000

ALARMS: tuple[AlarmSpec, ...] = (
    AlarmSpec(
        key="redis-cpu-high",
        summary="Redis engine CPU utilization above {threshold:g}%",
        severity=Severity.P3,
        target=Target.REDIS_MEMBER,
        namespace="AWS/ElastiCache",
        metric_name="EngineCPUUtilization",
        comparison=GREATER,
        # The seed's 75 % over 5 minutes x 2 (RECOMMENDED would be 90, 60 s x 5): kept as the seed has it.
        threshold=75,
        period=300,
        evaluation_periods=2,
        unit_suffix="%",
    ),
    AlarmSpec(
        key="redis-memory-high",
        summary="Redis uses more than {threshold:g}% of its maxmemory",
        # P2: at 100 % the maxmemory policy evicts keys, or writes fail when nothing may be
        # evicted; an hour is enough to scale up before that.
        severity=Severity.P2,
        target=Target.REDIS_MEMBER,
        namespace="AWS/ElastiCache",
        metric_name="DatabaseMemoryUsagePercentage",
        comparison=GREATER,
        # RECOMMENDED: Average, period 60, 5 of 5; the threshold "depends on your situation".
        # 80 % leaves a fifth of maxmemory as headroom to scale before evictions start at 100 %.
        threshold=80,
        period=60,
        evaluation_periods=5,
        unit_suffix="%",
        graph_title="Redis memory used (% of maxmemory)",
    ),
    AlarmSpec(
        key="redis-evictions",
        summary="Redis evicted more than {threshold:g} keys in {window}",
        # P3: an evicted key is a cache miss (more load on the database), not an outage; the
        # memory alarm (P2) is the early warning. Caches that evict by design disable this one.
        severity=Severity.P3,
        target=Target.REDIS_MEMBER,
        namespace="AWS/ElastiCache",
        metric_name="Evictions",
        statistic="Sum",
        comparison=GREATER,
        # Not in AWS's recommended alarms; the ElastiCache guide (CacheMetrics.WhichShouldIMonitor)
        # says "determine your own alarm threshold ... based on your application needs". A cache
        # that is not meant to evict should never do so: any eviction in 5 minutes.
        threshold=0,
        period=300,
        evaluation_periods=1,
        # A gap in the data is no eviction.
        treat_missing_data="notBreaching",
        graph_title="Redis evictions",
    ),
    AlarmSpec(
        key="redis-connections-high",
        summary="Redis has more than {threshold:g} client connections",
        # P2: a connection leak refuses new connections at the limit, which fails requests.
        severity=Severity.P2,
        target=Target.REDIS_MEMBER,
        namespace="AWS/ElastiCache",
        metric_name="CurrConnections",
        # RECOMMENDED: dimensions CacheClusterId, CacheNodeId; Average, period 60, 10 of 10.
        extra_dimensions=FIRST_NODE,
        comparison=GREATER,
        # The threshold "depends on your situation"; the hard limit is 65,000 per node:
        # 80 % of it, time to find the leak before new connections are refused.
        threshold=MAX_CONNECTIONS_PER_NODE * 0.8,
        period=60,
        evaluation_periods=10,
        graph_title="Redis client connections",
    ),
    AlarmSpec(
        key="redis-replication-lag-high",
        summary="Redis replica lags its primary by more than {threshold:g} s",
        # P3: a lagging replica serves stale reads and would lose writes on failover, but
        # nothing fails yet: business hours.
        severity=Severity.P3,
        target=Target.REDIS_MEMBER,
        # Only replicas publish ReplicationLag: a group of one node has no replica.
        applies_when="has_replicas",
        namespace="AWS/ElastiCache",
        metric_name="ReplicationLag",
        comparison=GREATER,
        # RECOMMENDED: Average, period 60, 15 of 15; the threshold "depends on your situation".
        # Replication normally keeps up within a second; a quarter of an hour above it is a
        # replica that cannot keep up.
        threshold=1,
        period=60,
        evaluation_periods=15,
        # The primary publishes no ReplicationLag (and a failover swaps roles): no data is healthy.
        treat_missing_data="notBreaching",
        unit_suffix=" s",
        graph_title="Redis replication lag (s)",
    ),
)
