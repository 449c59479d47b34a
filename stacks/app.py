"""The sample service's three environments: fileflow-dev, fileflow-staging, fileflow-prod.

Every environment watches the ECS service, its ALB and the service's target group
(both looked up by name) and its Redis replication group, each with the library's
full set of alarms; only prod has a shared RDS instance (with its sizes, so its
memory, storage and connection alarms exist too), Slack channels, the scheduled
log analyzer, Managed Prometheus/Grafana, Container Insights with enhanced
observability (ephemeral storage) and an anomaly-detection alarm on its request
count. Each environment also gets the sample service's Fargate task definition
with the ADOT collector sidecar.
"""

from __future__ import annotations

from monitoring_constructs import (
    BELOW_BAND,
    AnomalyDetection,
    AppContainer,
    Contacts,
    CustomAlarm,
    EcsServiceTarget,
    FargateTaskProps,
    LoadBalancerTarget,
    MetricMath,
    MonitoredResources,
    MonitoringSettings,
    Notifications,
    RdsInstanceTarget,
    RedisTarget,
    ServiceMonitoring,
    Severity,
    SlackChannel,
)
from monitoring_constructs._cdk import (
    App,
    AwsProvider,
    Construct,
    DataAwsLb,
    DataAwsLbTargetGroup,
    Fn,
    TerraformOutput,
    TerraformStack,
    TerraformVariable,
)
from monitoring_constructs.infra.account import AccountContext

from .state_backend import configure_state_backend

SERVICE = "fileflow"
REGION = "ap-northeast-2"
ENVIRONMENTS = ("dev", "staging", "prod")
RUNBOOKS = "https://runbooks.example.com/fileflow"

# What differs between the sample environments; the rules (retention, log
# level, routing) come from the library's environment table.
_REDIS_NODES = {"dev": 1, "staging": 1, "prod": 2}
# Prod's shared RDS with the sizes its memory, storage and connection alarms are a share of
# (sample values: an instance class with 16 GiB, 100 GiB allocated without storage
# autoscaling, max_connections from its parameter group) and Performance Insights on, which its
# DB load alarm needs.
_SHARED_RDS = {
    "prod": RdsInstanceTarget(identifier="shared-postgres-prod", memory_gib=16, allocated_storage_gib=100,
                              max_connections=1700, performance_insights=True),
}
# The seed's checklist: P0 goes to #incidents, P1 to #platform (placeholder Slack ids).
_SLACK = {
    "prod": {
        Severity.P0: SlackChannel(workspace_id="T0FILEFLOW", channel_id="C0INCIDENTS"),
        Severity.P1: SlackChannel(workspace_id="T0FILEFLOW", channel_id="C0PLATFORM"),
    },
}
_LOG_ANALYZER = {"prod": True}
# Prod's cluster runs Container Insights with enhanced observability (task-level metrics).
_ENHANCED_CONTAINER_INSIGHTS = {"prod": True}
_PROMETHEUS_GRAFANA = {"prod": True}
APP_PORT = 8080
APP_IMAGE_TAG = "1.0.0"  # the default of the image_tag variable: `cdktf deploy --var image_tag=...`
_CONTACTS = {
    "prod": {
        Severity.P0: Contacts(emails=("oncall@example.com",), https_endpoints=("https://events.pagerduty.com/integration/fileflow-prod/enqueue",)),
        Severity.P1: Contacts(emails=("platform@example.com",)),
        Severity.P2: Contacts(emails=("platform@example.com",)),
        Severity.P3: Contacts(emails=("platform-alerts@example.com",)),
    },
}


def request_count_low(load_balancer_arn_suffix: str) -> CustomAlarm:
    """Requests unusually low for the time of day: a band, since fileflow's traffic has no fixed floor.

    FILL(..., 0): ALB publishes no RequestCount without requests, and no requests at all is the
    drop this alarm is for, so the gap counts as zero instead of as missing data.
    """
    return CustomAlarm(
        key="request-count-low",
        summary="Requests to the load balancer unusually low for this time",
        severity=Severity.P2,
        math=MetricMath(namespace="AWS/ApplicationELB", metrics=(("requests", "RequestCount", "Sum"),),
                        expression="FILL(requests, 0)", label="Requests", result_id="traffic"),
        dimensions={"LoadBalancer": load_balancer_arn_suffix},
        anomaly=AnomalyDetection(comparison=BELOW_BAND, band_width=3),
        period=300,
        evaluation_periods=3,
        graph_title="ALB requests and their expected band",
    )


def fileflow_settings(
    environment: str, load_balancer_arn_suffix: str, target_group_arn_suffix: str | None = None
) -> MonitoringSettings:
    """The sample service's settings in ``environment``."""
    prefix = f"{SERVICE}-{environment}"
    shared_rds = _SHARED_RDS.get(environment)
    return MonitoringSettings(
        service=SERVICE,
        environment=environment,
        region=REGION,
        resources=MonitoredResources(
            # The sample service deploys with the ECS deployment circuit breaker (rollback) on: only then does
            # ECS send SERVICE_DEPLOYMENT_FAILED, which the deploy-failed alarm counts. Check yours with
            # `aws ecs describe-services` (deploymentConfiguration.deploymentCircuitBreaker.enable).
            ecs_service=EcsServiceTarget(cluster_name=f"{prefix}-cluster", service_name=f"{prefix}-service",
                                         enhanced_container_insights=_ENHANCED_CONTAINER_INSIGHTS.get(environment, False),
                                         deployment_circuit_breaker=True),
            load_balancer=LoadBalancerTarget(
                arn_suffix=load_balancer_arn_suffix, target_group_arn_suffix=target_group_arn_suffix
            ),
            redis=RedisTarget(replication_group_id=f"{prefix}-redis", node_count=_REDIS_NODES[environment]),
            shared_rds_identifier=None if shared_rds is None else shared_rds.identifier,
            rds_instances=() if shared_rds is None else (shared_rds,),
        ),
        notifications=Notifications(
            contacts=_CONTACTS.get(environment, {Severity.P3: Contacts(emails=(f"{prefix}-alerts@example.com",))}),
            slack_channels=_SLACK.get(environment, {}),
            runbook_base_url=RUNBOOKS,
        ),
        log_analyzer_enabled=_LOG_ANALYZER.get(environment, False),
        managed_prometheus_grafana=_PROMETHEUS_GRAFANA.get(environment, False),
        custom_alarms=(request_count_low(load_balancer_arn_suffix),) if environment == "prod" else (),
    )


def fileflow_task(environment: str, image: str) -> FargateTaskProps:
    """The sample service's task: the app image from its ECR repository, the ADOT collector beside it."""
    size = {"prod": (1024, 2048)}.get(environment, (512, 1024))
    return FargateTaskProps(
        app=AppContainer(name=f"{SERVICE}-app", image=image, port=APP_PORT),
        cpu=size[0],
        memory=size[1],
    )


class FileflowMonitoringStack(TerraformStack):
    """One environment of the sample service: provider, state backend, monitoring and outputs."""

    def __init__(self, scope: Construct, environment: str) -> None:
        name = f"{SERVICE}-{environment}"
        super().__init__(scope, name)
        AwsProvider(self, "aws", region=REGION)
        configure_state_backend(self, stack_name=name, environment=environment, region=REGION)
        load_balancer = DataAwsLb(self, "LoadBalancer", name=f"{name}-alb")
        target_group = DataAwsLbTargetGroup(self, "TargetGroup", name=f"{name}-tg")
        image_tag = TerraformVariable(
            self, "image_tag", type="string", default=APP_IMAGE_TAG, description="The fileflow image tag to run"
        )
        account = AccountContext.of(self)
        image = Fn.join(
            "", [account.account_id, f".dkr.ecr.{REGION}.amazonaws.com/{SERVICE}:", image_tag.string_value]
        )
        monitoring = ServiceMonitoring(
            self,
            "Monitoring",
            settings=fileflow_settings(environment, load_balancer.arn_suffix, target_group.arn_suffix),
            task=fileflow_task(environment, image),
        )
        for kind, group in monitoring.logs.by_kind.items():
            TerraformOutput(self, f"log_group_{kind}", value=group.name)
        for severity, topic in monitoring.topics.topics.items():
            TerraformOutput(self, f"alert_topic_{severity.value.lower()}", value=topic.arn)
        if monitoring.archive is not None:
            TerraformOutput(self, "log_archive_bucket", value=monitoring.archive.bucket_name)
        TerraformOutput(self, "dashboard_url", value=monitoring.dashboard.url)
        if monitoring.amp_grafana.prometheus_endpoint is not None:
            TerraformOutput(self, "prometheus_endpoint", value=monitoring.amp_grafana.prometheus_endpoint)
            TerraformOutput(self, "grafana_url", value=monitoring.amp_grafana.grafana_url)


def build_app(outdir: str | None = None) -> App:
    """The app with every default stack; ``outdir`` defaults to cdktf.out (or CDKTF_OUTDIR)."""
    app = App(outdir=outdir) if outdir else App()
    for environment in ENVIRONMENTS:
        FileflowMonitoringStack(app, environment)
    return app
