"""ECS Fargate service alarms: CPU and memory in two tiers, no running tasks (the seed's, fixed), ephemeral storage.

RunningTaskCount exists only in Container Insights (``ECS/ContainerInsights``), not ``AWS/ECS``.
Numbers not from the seed come from AWS's recommended alarms
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html,
"RECOMMENDED" below). A failed deployment (the circuit breaker rolled it back) has no metric: it is an
EventBridge event, see ``notify/deployment_events.py``.
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import AlarmSpec, GREATER, LESS, MetricMath, Target

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
        # have containerInsights enabled (insights/container_insights.py checks it at plan time).
        # Container Insights derives its metrics from performance log events the running tasks emit
        # ("Metrics collected by Container Insights": "Metrics are not visible until the container
        # tasks have been running for some time",
        # https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics.html),
        # so with no task running there may be a 0 or no datapoint at all. A missing datapoint only
        # counts as breaching once the alarm's evaluation range holds fewer real datapoints than its
        # evaluation periods ("Configuring how CloudWatch alarms treat missing data": otherwise
        # CloudWatch evaluates the most recent real ones), which for a metric that stops took until
        # minute 4 (replayed, review.replay). FILL(tasks, 0) makes every minute without a datapoint a
        # 0 (CloudWatch User Guide, "Metric math syntax and functions", FILL), so 2 of 2 pages a total
        # outage in minute 2 whether the metric reads 0 or stops, and one missing minute between
        # healthy ones is 1 of 2 and pages nobody, however far the evaluation range reaches back (with
        # the old 1 of 1 that depended on it: undocumented for one-minute alarms).
        math=MetricMath(
            namespace="ECS/ContainerInsights",
            metrics=(("tasks", "RunningTaskCount", "Average"),),
            expression="FILL(tasks, 0)",
            label="Running tasks (no datapoint: 0)",
            result_id="running",
        ),
        comparison=LESS,
        threshold=1,
        period=60,
        evaluation_periods=2,
        treat_missing_data="breaching",
    ),
    AlarmSpec(
        key="ephemeral-storage-high",
        summary="ECS tasks use more than {threshold:g}% of their ephemeral storage",
        # P2: a full disk fails the task's writes and then the task, but it fills over
        # minutes to hours and the scheduler replaces failed tasks: respond within the hour.
        severity=Severity.P2,
        target=Target.ECS_SERVICE,
        # TaskEphemeralStorageUtilization is published only with Container Insights
        # *enhanced* observability: opt in with EcsServiceTarget(enhanced_container_insights=True).
        applies_when="enhanced_container_insights",
        namespace="ECS/ContainerInsights",
        metric_name="TaskEphemeralStorageUtilization",
        comparison=GREATER,
        # RECOMMENDED, "Amazon ECS with Container Insights with enhanced observability",
        # TaskEphemeralStorageUtilization (ClusterName, ServiceName): Average, 80, period 60, 5 of 5.
        threshold=80,
        period=60,
        evaluation_periods=5,
        unit_suffix="%",
        graph_title="ECS task ephemeral storage utilization (%)",
    ),
)
