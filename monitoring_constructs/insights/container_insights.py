"""ContainerInsightsCheck: fail the plan when the cluster would leave the running-task alarm blind."""

from __future__ import annotations

from .._cdk import Construct, DataAwsEcsCluster, Postcondition, TerraformResourceLifecycle

# Container Insights is on with either value ("enhanced" adds container-level metrics).
ENABLED_VALUES = ("enabled", "enhanced")
CONDITION = (
    '${anytrue([for setting in self.setting : setting.name == "containerInsights" && '
    'contains(["enabled", "enhanced"], setting.value)])}'
)


class ContainerInsightsCheck(Construct):
    """Reads the ECS cluster and stops ``terraform plan`` unless Container Insights is on.

    The "no running tasks" alarm reads ``ECS/ContainerInsights`` RunningTaskCount;
    without Container Insights it never gets data and, missing data being
    breaching, stays in ALARM. The cluster name may be a token of a cluster in
    the same stack (the check then runs once the cluster exists).

    Example::

        ContainerInsightsCheck(stack, "ContainerInsights", cluster_name=cluster.name)
    """

    def __init__(self, scope: Construct, construct_id: str, *, cluster_name: str) -> None:
        super().__init__(scope, construct_id)
        self.cluster = DataAwsEcsCluster(
            self,
            "Cluster",
            cluster_name=cluster_name,
            lifecycle=TerraformResourceLifecycle(
                postcondition=[
                    Postcondition(
                        condition=CONDITION,
                        error_message=(
                            "Container Insights is off on this ECS cluster: the running-task alarm "
                            "(ECS/ContainerInsights RunningTaskCount) would never get data. Enable the "
                            "cluster setting containerInsights (enabled or enhanced), or set "
                            "MonitoringSettings.check_container_insights=False."
                        ),
                    )
                ]
            ),
        )
