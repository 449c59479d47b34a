"""A service team's app written for CDKTF: its own ECS cluster and service, watched by the library.

``tests/test_runtime.py`` runs it as it is on CDKTF, and on CDK Terrain after the README's
migration (rename the imports). Usage: ``python orders_app.py <outdir>``.
"""

import sys

from cdktf import App, TerraformStack

# The library before the bindings: the bindings then load only the submodules used (fast import).
from monitoring_constructs import (
    Contacts,
    EcsServiceTarget,
    MonitoredResources,
    MonitoringSettings,
    Notifications,
    ServiceMonitoring,
    Severity,
)

from cdktf_cdktf_provider_aws.ecs_cluster import EcsCluster  # isort: skip
from cdktf_cdktf_provider_aws.ecs_service import EcsService  # isort: skip
from cdktf_cdktf_provider_aws.provider import AwsProvider  # isort: skip


class OrdersStack(TerraformStack):
    def __init__(self, scope: App, name: str) -> None:
        super().__init__(scope, name)
        AwsProvider(self, "aws", region="eu-west-1")
        cluster = EcsCluster(self, "cluster", name="orders")
        service = EcsService(self, "service", name="orders-api", cluster=cluster.id, task_definition="orders:1")
        ServiceMonitoring(
            self,
            "Monitoring",
            settings=MonitoringSettings(
                service="orders",
                environment="prod",
                region="eu-west-1",
                resources=MonitoredResources(
                    ecs_service=EcsServiceTarget(cluster_name=cluster.name, service_name=service.name)
                ),
                notifications=Notifications(
                    contacts={severity: Contacts(emails=("orders-oncall@example.com",)) for severity in Severity}
                ),
            ),
        )


if __name__ == "__main__":
    app = App(outdir=sys.argv[1])
    OrdersStack(app, "orders-prod")
    app.synth()
