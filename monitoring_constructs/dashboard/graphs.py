"""The predefined graphs of the service dashboard: which metrics of which target each one draws.

A graph is drawn when an alarm of the registry watches one of its metrics,
one line per resource (dimension set), with each alarm's threshold on it.

Example::

    [graph.title for graph in GRAPHS if graph.target is Target.SQS_QUEUE]
    # ["SQS age of the oldest message (s)"]
"""

from __future__ import annotations

from dataclasses import dataclass

from ..alarms.spec import Target


@dataclass(frozen=True, kw_only=True, slots=True)
class Graph:
    """One metric widget: the metrics of one target, plus the alarms drawn on it.

    ``metrics`` are (namespace, metric name, statistic); ``extra`` metrics are
    drawn without an alarm (ALB 4xx next to 5xx). A ``math`` graph shows the
    metric-math alarm of its target (the 5xx rate).
    """

    title: str
    target: Target
    metrics: tuple[tuple[str, str, str], ...] = ()
    extra: tuple[tuple[str, str, str], ...] = ()
    percent: bool = False
    math: bool = False


# The graphs a dashboard may hold, in order; one is drawn when an alarm of the
# registry watches one of its metrics.
GRAPHS: tuple[Graph, ...] = (
    Graph(title="ECS CPU utilization (%)", target=Target.ECS_SERVICE,
          metrics=(("AWS/ECS", "CPUUtilization", "Average"),), percent=True),
    Graph(title="ECS memory utilization (%)", target=Target.ECS_SERVICE,
          metrics=(("AWS/ECS", "MemoryUtilization", "Average"),), percent=True),
    Graph(title="ECS running tasks", target=Target.ECS_SERVICE,
          metrics=(("ECS/ContainerInsights", "RunningTaskCount", "Average"),)),
    Graph(title="ALB target 5xx / 4xx responses", target=Target.LOAD_BALANCER,
          metrics=(("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum"),),
          extra=(("AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", "Sum"),)),
    Graph(title="ALB target 5xx rate (%)", target=Target.LOAD_BALANCER, math=True, percent=True),
    Graph(title="ALB target response time (s)", target=Target.LOAD_BALANCER,
          metrics=(("AWS/ApplicationELB", "TargetResponseTime", "Average"),),
          extra=(("AWS/ApplicationELB", "TargetResponseTime", "p99"),)),
    Graph(title="RDS CPU utilization (%)", target=Target.RDS_INSTANCE,
          metrics=(("AWS/RDS", "CPUUtilization", "Average"),), percent=True),
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
