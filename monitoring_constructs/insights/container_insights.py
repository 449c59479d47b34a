"""ContainerInsightsCheck: fail the plan when the cluster would leave a Container Insights alarm blind."""

from __future__ import annotations

from .._cdk import Construct, DataAwsEcsCluster, Postcondition, TerraformResourceLifecycle

# Container Insights is on with either value of the cluster setting containerInsights.
ENABLED_VALUES = ("enabled", "enhanced")
# Task-level metrics such as TaskEphemeralStorageUtilization (the ephemeral-storage alarm) exist
# only with enhanced observability: CloudWatch's "Recommended alarms" lists them under "Amazon ECS
# with Container Insights with enhanced observability"
# (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html),
# and "Metrics collected by Container Insights"
# (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics.html)
# keeps the enhanced observability metrics of ECS apart from the others.
ENHANCED_VALUES = ("enhanced",)


def condition(values: tuple[str, ...]) -> str:
    """The postcondition: the cluster's containerInsights setting is one of ``values``."""
    allowed = ", ".join(f'"{value}"' for value in values)
    return ('${anytrue([for setting in self.setting : setting.name == "containerInsights" && '
            f"contains([{allowed}], setting.value)])}}")


CONDITION = condition(ENABLED_VALUES)
ENHANCED_CONDITION = condition(ENHANCED_VALUES)


class ContainerInsightsCheck(Construct):
    """Reads the ECS cluster and stops ``terraform plan`` unless Container Insights is on (``enhanced`` if asked).

    The "no running tasks" alarm reads ``ECS/ContainerInsights`` RunningTaskCount;
    without Container Insights it never gets data and, missing data being
    breaching, stays in ALARM. ``enhanced``: the service also has the
    ephemeral-storage alarm (``EcsServiceTarget.enhanced_container_insights``),
    whose metric only enhanced observability publishes: with the setting
    ``enabled`` it would show INSUFFICIENT_DATA forever, so only ``enhanced``
    passes. The cluster name may be a token of a cluster in the same stack (the
    check then runs once the cluster exists).

    Example::

        ContainerInsightsCheck(stack, "ContainerInsights", cluster_name=cluster.name, enhanced=True)
    """

    def __init__(self, scope: Construct, construct_id: str, *, cluster_name: str, enhanced: bool = False) -> None:
        super().__init__(scope, construct_id)
        if enhanced:
            message = (
                "Container Insights with enhanced observability is off on this ECS cluster: the ephemeral-storage "
                "alarm (ECS/ContainerInsights TaskEphemeralStorageUtilization) would never get data. Set the cluster "
                "setting containerInsights to enhanced, or set EcsServiceTarget.enhanced_container_insights=False."
            )
        else:
            message = (
                "Container Insights is off on this ECS cluster: the running-task alarm "
                "(ECS/ContainerInsights RunningTaskCount) would never get data. Enable the "
                "cluster setting containerInsights (enabled or enhanced), or set "
                "MonitoringSettings.check_container_insights=False."
            )
        self.cluster = DataAwsEcsCluster(
            self,
            "Cluster",
            cluster_name=cluster_name,
            lifecycle=TerraformResourceLifecycle(
                postcondition=[
                    Postcondition(condition=ENHANCED_CONDITION if enhanced else CONDITION, error_message=message)
                ]
            ),
        )
