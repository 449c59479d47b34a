"""What AWS publishes to CloudWatch during an incident: a ``World`` built from the service's state per minute.

A scenario says what the service does each minute (``ServiceState``: traffic, tasks, errors,
latency, the database...); ``PublishedWorld`` answers, per metric and minute, what CloudWatch
would hold: nothing where AWS publishes nothing. Each rule names its AWS page:

- ALB: "CloudWatch metrics for your Application Load Balancer",
  https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
  (metrics only while requests flow; ``HTTPCode_*`` and ``TargetResponseTime`` only when non-zero;
  ``RequestCount`` always while requests flow; ``HealthyHostCount``/``UnHealthyHostCount``
  whenever health checks are on). With no registered target the load balancer itself answers 503
  (``HTTPCode_ELB_5XX_Count`` and ``HTTPCode_ELB_503_Count``): "The load balancer generates an
  HTTP error" in "Troubleshoot your Application Load Balancers",
  https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html,
  and the AWS re:Post knowledge-center article on ALB 503 errors (first check: the target group
  has registered targets), https://repost.aws/knowledge-center/alb-troubleshoot-503-errors.
  No target answers those requests, so ``HTTPCode_Target_*`` and ``TargetResponseTime`` have no
  data. ``RequestCount`` is modelled as counting the requests routed to a target (0, not missing,
  while only 503s flow; the stacks' ELB rate adds ``HTTPCode_ELB_5XX_Count`` to it for the same
  reason). A 502 or 504 is the load balancer's answer after it chose a target, so those requests
  are in ``RequestCount`` but have no ``TargetResponseTime`` (the target sent no response): a
  model choice, the metrics page does not say it in so many words.
  When every registered target is unhealthy the load balancer fails open and routes to all of
  them: "Health checks for Application Load Balancer target groups",
  https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html.
- ECS: "Amazon ECS CloudWatch metrics",
  https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html: a service
  with no task in RUNNING sends no ``CPUUtilization``/``MemoryUtilization``. Whether Container
  Insights sends ``RunningTaskCount`` 0 or nothing then is not documented on any page found:
  ``zero_task_count`` chooses (missing by default, the case a ``breaching`` alarm must cover).
- RDS: Performance Insights ``DBLoad*`` "are published to CloudWatch only if there is load on the
  DB instance" ("Amazon CloudWatch metrics for Amazon RDS Performance Insights",
  https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.Cloudwatch.html). While
  the instance is rebooting, failed, stopped or in offline maintenance it publishes nothing: a
  model assumption (no AWS page states the gap); a scenario decides how many minutes it lasts.
- ElastiCache: host and engine metrics are "published for each cache node in 60-second intervals"
  ("Monitoring use with CloudWatch Metrics",
  https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.html); a node being failed
  over publishes nothing for those minutes (assumption). Only the primary evicts: "replicas do not
  take the initiative to evict keys", the primary sends them the DELs (redis.io knowledge base,
  "Do replicas apply eviction policies if maxmemory is set?",
  https://redis.io/kb/doc/1oc8qbinn7/do-replicas-apply-eviction-policies-if-maxmemory-is-set), so
  a replica's ``Evictions`` stay 0. The primary is taken to be the group's first node (``-001``).
  ``ReplicationLag`` is not modelled.
- SQS: "All metrics emit non-negative values only when the queue is active", and
  ``ApproximateAgeOfOldestMessage`` only while the queue holds a message ("Available CloudWatch
  metrics for Amazon SQS",
  https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
- Lambda: invocation metrics are sent per invocation (``Errors`` 1 or 0 for each) ("Types of
  metrics for Lambda functions", https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html):
  a function nobody invokes publishes nothing; a throttled request is not an invocation.
- Log metric filters: their metrics come from log lines, which the replay turns into datapoints
  itself; like every metric not modelled here they get ``()``.

Example::

    night = Phase(0, 60, {"requests_per_minute": 40.0}, normal=True)
    world = PublishedWorld(Timeline(phases=(night,)))
    world.samples(MetricId.of("AWS/ApplicationELB", "RequestCount", {"LoadBalancer": "app/x"}), 5)  # (40.0,)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .world import MetricId

DbState = Literal["up", "rebooting", "failed", "stopped", "maintenance"]

# TargetResponseTime is published as a spread of values: most requests near the typical time, one
# in twenty at TAIL times it (so p99 of a minute is TAIL x latency, the average is the latency).
SPREAD = 20
TAIL = 3.0
# The anomaly model's standard deviation, as a share of the normal value (a model choice).
NORMAL_SPREAD = 0.1


@dataclass(frozen=True, slots=True)
class ServiceState:
    """What the service does during one minute (counts are per minute)."""

    published: bool = True  # False: CloudWatch receives no datapoint of any metric this minute
    requests_per_minute: float = 600.0
    running_tasks: int = 2
    healthy_targets: int | None = None  # None: every running task is healthy
    target_5xx_share: float = 0.0  # of the requests a target answers
    elb_502_share: float = 0.0  # of the requests routed to a target, answered 502 by the load balancer
    elb_504_share: float = 0.0  # likewise 504 (the target did not answer in time)
    latency_seconds: float = 0.12  # the targets' average response time
    cpu: float = 30.0
    memory: float = 45.0
    ephemeral_storage: float = 20.0
    db: DbState = "up"
    db_cpu: float = 20.0
    db_connections: float = 100.0
    db_free_memory_bytes: float = 8 * 2**30
    db_free_storage_bytes: float = 60 * 2**30
    db_latency_seconds: float = 0.002
    db_load_per_vcpu: float = 0.3
    redis_cpu: float = 15.0
    redis_memory: float = 40.0
    redis_connections: float = 200.0
    redis_evictions: float = 0.0  # on the primary; replicas receive its DELs and evict nothing
    redis_failover: bool = False  # the primary (first) node is being replaced this minute
    queue_active: bool = True
    queue_depth: float = 0.0
    queue_oldest_age_seconds: float = 0.0
    dlq_messages: float = 0.0
    lambda_invocations: float = 1.0
    lambda_errors: float = 0.0
    lambda_throttles: float = 0.0
    lambda_duration_ms: float = 800.0
    # Invocations of the event rules' targets that failed permanently this minute (every rule).
    event_delivery_failures: float = 0.0


@dataclass(frozen=True, slots=True)
class Phase:
    """``changes`` to the state for minutes ``[start, end)``; ``normal``: the change is the usual level then.

    A normal phase (night-time traffic) is what the anomaly model expects, so it is not an anomaly.
    """

    start: int
    end: int
    changes: Mapping[str, Any]
    normal: bool = False

    def covers(self, minute: int) -> bool:
        return self.start <= minute < self.end


@dataclass(frozen=True, slots=True)
class Timeline:
    """The service's state per minute: ``base``, with each covering phase applied in order.

    Example::

        outage = Timeline(phases=(Phase(0, 30, {"running_tasks": 0}),))
        outage.at(10).running_tasks  # 0
        outage.normal_at(10).running_tasks  # 2: the outage is not normal
    """

    base: ServiceState = field(default_factory=ServiceState)
    phases: tuple[Phase, ...] = ()

    def at(self, minute: int) -> ServiceState:
        return self._apply(minute, self.phases)

    def normal_at(self, minute: int) -> ServiceState:
        return self._apply(minute, tuple(phase for phase in self.phases if phase.normal))

    def _apply(self, minute: int, phases: tuple[Phase, ...]) -> ServiceState:
        state = self.base
        for phase in phases:
            if phase.covers(minute):
                state = replace(state, **phase.changes)
        return state


def _nonzero(value: float) -> tuple[float, ...]:
    """A count reported only when non-zero."""
    return (value,) if value > 0 else ()


def _alb(metric: MetricId, state: ServiceState) -> tuple[float, ...]:
    registered = state.running_tasks
    healthy = registered if state.healthy_targets is None else min(state.healthy_targets, registered)
    name = metric.metric_name
    if name == "HealthyHostCount":
        return (float(healthy),)
    if name == "UnHealthyHostCount":
        return (float(registered - healthy),)
    requests = state.requests_per_minute
    if requests <= 0:
        return ()
    routed = requests if registered > 0 else 0.0  # fail-open: unhealthy targets still get traffic
    elb_503 = requests - routed
    elb_502, elb_504 = routed * state.elb_502_share, routed * state.elb_504_share
    answered = routed - elb_502 - elb_504
    target_5xx = answered * state.target_5xx_share
    counts = {
        "RequestCount": (routed,),
        "HTTPCode_ELB_5XX_Count": _nonzero(elb_503 + elb_502 + elb_504),
        "HTTPCode_ELB_502_Count": _nonzero(elb_502),
        "HTTPCode_ELB_503_Count": _nonzero(elb_503),
        "HTTPCode_ELB_504_Count": _nonzero(elb_504),
        "HTTPCode_Target_5XX_Count": _nonzero(target_5xx),
        "HTTPCode_Target_2XX_Count": _nonzero(answered - target_5xx),
    }
    if name == "TargetResponseTime":
        if answered <= 0:
            return ()
        usual = state.latency_seconds * (SPREAD - TAIL) / (SPREAD - 1)
        return (usual,) * (SPREAD - 1) + (state.latency_seconds * TAIL,)
    return counts.get(name, ())


def _ecs(metric: MetricId, state: ServiceState, zero_task_count: Literal["zero", "missing"]) -> tuple[float, ...]:
    if metric.metric_name == "RunningTaskCount":
        running = float(state.running_tasks)
        return (running,) if running > 0 or zero_task_count == "zero" else ()
    if state.running_tasks <= 0:
        return ()
    values = {
        "CPUUtilization": state.cpu,
        "MemoryUtilization": state.memory,
        "TaskEphemeralStorageUtilization": state.ephemeral_storage,
    }
    return (values[metric.metric_name],) if metric.metric_name in values else ()


def _rds(metric: MetricId, state: ServiceState) -> tuple[float, ...]:
    if state.db != "up":
        return ()
    if metric.metric_name.startswith("DBLoad"):
        return _nonzero(state.db_load_per_vcpu)
    values = {
        "CPUUtilization": state.db_cpu,
        "DatabaseConnections": state.db_connections,
        "FreeableMemory": state.db_free_memory_bytes,
        "FreeStorageSpace": state.db_free_storage_bytes,
        "ReadLatency": state.db_latency_seconds,
        "WriteLatency": state.db_latency_seconds,
    }
    return (values[metric.metric_name],) if metric.metric_name in values else ()


def _redis(metric: MetricId, state: ServiceState) -> tuple[float, ...]:
    primary = (metric.dimension("CacheClusterId") or "").endswith("-001")
    if state.redis_failover and primary:
        return ()
    values = {
        "EngineCPUUtilization": state.redis_cpu,
        "DatabaseMemoryUsagePercentage": state.redis_memory,
        "CurrConnections": state.redis_connections,
        "Evictions": state.redis_evictions if primary else 0.0,
    }
    return (values[metric.metric_name],) if metric.metric_name in values else ()


def _sqs(metric: MetricId, state: ServiceState, dead_letter_queues: frozenset[str]) -> tuple[float, ...]:
    if not state.queue_active:
        return ()
    dead_letters = metric.dimension("QueueName") in dead_letter_queues
    depth = state.dlq_messages if dead_letters else state.queue_depth
    if metric.metric_name == "ApproximateNumberOfMessagesVisible":
        return (depth,)
    if metric.metric_name == "ApproximateAgeOfOldestMessage":
        return (state.queue_oldest_age_seconds,) if depth > 0 and not dead_letters else ()
    return ()


def _lambda(metric: MetricId, state: ServiceState) -> tuple[float, ...]:
    invoked = state.lambda_invocations > 0
    if metric.metric_name == "Throttles":
        return (state.lambda_throttles,) if invoked or state.lambda_throttles > 0 else ()
    if not invoked:
        return ()
    values = {
        "Invocations": (state.lambda_invocations,),
        "Errors": (state.lambda_errors,),
        "Duration": (state.lambda_duration_ms,),
    }
    return values.get(metric.metric_name, ())


@dataclass(frozen=True, slots=True)
class PublishedWorld:
    """The ``World`` of one scenario: what AWS publishes for the service following ``timeline``.

    ``dead_letter_queues``: the QueueName values that are dead-letter queues (they hold
    ``dlq_messages``; every other queue holds ``queue_depth``). ``zero_task_count``: what Container
    Insights publishes for ``RunningTaskCount`` while no task runs (undocumented, see above).

    Example::

        world = PublishedWorld(Timeline(phases=(Phase(0, 30, {"running_tasks": 0}),)))
        elb_5xx = MetricId.of("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", {"LoadBalancer": "app/x"})
        world.samples(elb_5xx, 3)  # (600.0,): every request answered 503 by the load balancer
    """

    timeline: Timeline
    dead_letter_queues: frozenset[str] = frozenset()
    zero_task_count: Literal["zero", "missing"] = "missing"

    def samples(self, metric: MetricId, minute: int) -> tuple[float, ...]:
        return self._published(metric, self.timeline.at(minute))

    def expected(self, metric: MetricId, minute: int) -> tuple[float, float] | None:
        """The normal level (normal phases only: low traffic at night is normal at night)."""
        values = self._published(metric, self.timeline.normal_at(minute))
        if not values:
            return None
        level = sum(values) / len(values)
        return level, max(abs(level) * NORMAL_SPREAD, 1.0)

    def _published(self, metric: MetricId, state: ServiceState) -> tuple[float, ...]:
        if not state.published:
            return ()
        namespace = metric.namespace
        if namespace == "AWS/ApplicationELB":
            return _alb(metric, state)
        if namespace in ("AWS/ECS", "ECS/ContainerInsights"):
            return _ecs(metric, state, self.zero_task_count)
        if namespace == "AWS/RDS":
            return _rds(metric, state)
        if namespace == "AWS/ElastiCache":
            return _redis(metric, state)
        if namespace == "AWS/SQS":
            return _sqs(metric, state, self.dead_letter_queues)
        if namespace == "AWS/Lambda":
            return _lambda(metric, state)
        if namespace == "AWS/Events" and metric.metric_name == "FailedInvocations":
            # "EventBridge only sends this metric to CloudWatch if it isn't zero" (EventBridge User
            # Guide, "Monitoring Amazon EventBridge", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
            return (state.event_delivery_failures,) if state.event_delivery_failures > 0 else ()
        return ()
