"""The predefined graphs of the service dashboard: which metrics of which target each one draws.

A graph is drawn when an alarm of the registry watches one of its metrics
(a metric-math alarm: its first input, drawn as the alarm computes it), one
line per resource (dimension set), with each alarm's threshold on it.

Example::

    [graph.title for graph in GRAPHS if graph.target is Target.SQS_QUEUE]
    # ["SQS age of the oldest message (s)"]
"""

from __future__ import annotations

from dataclasses import dataclass

from ..alarms.spec import AlarmSpec, Target

ELB = "AWS/ApplicationELB"
RDS = "AWS/RDS"


@dataclass(frozen=True, kw_only=True, slots=True)
class Graph:
    """One metric widget: the metrics of one target, plus the alarms drawn on it.

    ``metrics`` are (namespace, metric name, statistic); ``extra`` metrics are
    drawn without an alarm (ALB 4xx next to 5xx). A ``math`` graph shows the
    metric-math alarms of its target whose first input is one of its
    ``metrics`` (the 5xx rate, freeable memory in percent of memory).
    """

    title: str
    target: Target
    metrics: tuple[tuple[str, str, str], ...] = ()
    extra: tuple[tuple[str, str, str], ...] = ()
    percent: bool = False
    math: bool = False

    def draws(self, spec: AlarmSpec) -> bool:
        """Whether this graph draws ``spec``'s alarms: its target, and its metric (a metric-math alarm's first input)."""
        if spec.target is not self.target or self.math != (spec.math is not None):
            return False
        watched = (spec.math.namespace, spec.math.metrics[0][1]) if spec.math else (spec.namespace, spec.metric_name)
        return watched in {(namespace, metric) for namespace, metric, _ in self.metrics}


def _database(name: str, target: Target, db_load: Target, *, storage: bool) -> tuple[Graph, ...]:
    """The graphs of AWS's recommended database alarms (``alarms/resources/database.py``)."""
    return (
        Graph(title=f"{name} CPU utilization (%)", target=target, metrics=((RDS, "CPUUtilization", "Average"),),
              percent=True),
        Graph(title=f"{name} freeable memory (%)", target=target, metrics=((RDS, "FreeableMemory", "Average"),),
              math=True, percent=True),
        *((Graph(title=f"{name} free storage (%)", target=target, metrics=((RDS, "FreeStorageSpace", "Minimum"),),
                 math=True, percent=True),) if storage else ()),
        Graph(title=f"{name} connections (% of max_connections)", target=target,
              metrics=((RDS, "DatabaseConnections", "Average"),), math=True, percent=True),
        Graph(title=f"{name} read / write latency p90 (s)", target=target,
              metrics=((RDS, "ReadLatency", "p90"), (RDS, "WriteLatency", "p90"))),
        Graph(title=f"{name} DB load per vCPU", target=db_load, metrics=((RDS, "DBLoadRelativeToNumVCPUs", "Average"),)),
    )


# The graphs a dashboard may hold, in order; one is drawn when an alarm of the
# registry watches one of its metrics.
GRAPHS: tuple[Graph, ...] = (
    Graph(title="ECS CPU utilization (%)", target=Target.ECS_SERVICE,
          metrics=(("AWS/ECS", "CPUUtilization", "Average"),), percent=True),
    Graph(title="ECS memory utilization (%)", target=Target.ECS_SERVICE,
          metrics=(("AWS/ECS", "MemoryUtilization", "Average"),), percent=True),
    Graph(title="ECS running tasks", target=Target.ECS_SERVICE,
          metrics=(("ECS/ContainerInsights", "RunningTaskCount", "Average"),), math=True),
    Graph(title="ALB target 5xx / 4xx responses", target=Target.LOAD_BALANCER,
          metrics=((ELB, "HTTPCode_Target_5XX_Count", "Sum"),), extra=((ELB, "HTTPCode_Target_4XX_Count", "Sum"),)),
    Graph(title="ALB target 5xx rate (%)", target=Target.LOAD_BALANCER,
          metrics=((ELB, "HTTPCode_Target_5XX_Count", "Sum"),), math=True, percent=True),
    # The average and the p99 alarm on one graph; p99 is drawn even without its alarm.
    Graph(title="ALB target response time (s)", target=Target.LOAD_BALANCER,
          metrics=((ELB, "TargetResponseTime", "Average"),), extra=((ELB, "TargetResponseTime", "p99"),)),
    Graph(title="ALB healthy / unhealthy targets", target=Target.TARGET_GROUP,
          metrics=((ELB, "UnHealthyHostCount", "Maximum"),), extra=((ELB, "HealthyHostCount", "Minimum"),)),
    Graph(title="ALB load balancer 5xx rate (%)", target=Target.LOAD_BALANCER_OWN,
          metrics=((ELB, "HTTPCode_ELB_5XX_Count", "Sum"),), math=True, percent=True),
    Graph(title="ALB rejected connections", target=Target.LOAD_BALANCER_OWN,
          metrics=((ELB, "RejectedConnectionCount", "Sum"),)),
    *_database("RDS", Target.RDS_INSTANCE, Target.RDS_INSTANCE, storage=True),
    *_database("Aurora", Target.AURORA_CLUSTER, Target.AURORA_INSTANCE, storage=False),
    Graph(title="Redis engine CPU utilization (%)", target=Target.REDIS_MEMBER,
          metrics=(("AWS/ElastiCache", "EngineCPUUtilization", "Average"),), percent=True),
    Graph(title="SQS age of the oldest message (s)", target=Target.SQS_QUEUE,
          metrics=(("AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum"),)),
    Graph(title="SQS messages in the dead-letter queue", target=Target.SQS_DEAD_LETTER_QUEUE,
          metrics=(("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum"),)),
    Graph(title="Lambda errors / invocations", target=Target.LAMBDA_FUNCTION,
          metrics=(("AWS/Lambda", "Errors", "Sum"),), extra=(("AWS/Lambda", "Invocations", "Sum"),)),
    Graph(title="Lambda throttles", target=Target.LAMBDA_FUNCTION,
          metrics=(("AWS/Lambda", "Throttles", "Sum"),)),
    Graph(title="Lambda p99 duration (ms)", target=Target.LAMBDA_FUNCTION,
          metrics=(("AWS/Lambda", "Duration", "p99"),)),
)
