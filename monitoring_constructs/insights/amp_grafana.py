"""OptionalAmpGrafana: Amazon Managed Prometheus and Managed Grafana, off unless asked for.

The seed's "advanced monitoring" option, completed: the AMP workspace logs to
its own encrypted log group, and Grafana gets its own role with read-only
permissions scoped to this service where AWS allows resource-level
permissions (the AMP workspace, this service's log groups and alarms) and
``*`` only for actions that support no resource scoping (listings, metric
reads, X-Ray reads).

Example::

    amp = OptionalAmpGrafana(stack, "Prometheus", props=AmpGrafanaProps(
        identity=ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2"),
        enabled=True, kms_key_arn=key.arn))
    amp.prometheus_endpoint, amp.grafana_url   # None when disabled
"""

from __future__ import annotations

from dataclasses import dataclass

from .._cdk import (
    CloudwatchLogGroup,
    Construct,
    Fn,
    GrafanaWorkspace,
    IamRole,
    IamRolePolicy,
    PrometheusWorkspace,
    PrometheusWorkspaceLoggingConfiguration,
)
from ..infra.account import AccountContext
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..core.regions import require_grafana_region
from ..infra.policy import Statement, policy_document, trust_policy
from ..core.validation import KMS_KEY, RETENTION_DAYS, require_arn, require_bool, require_instance, require_one_of

GRAFANA_PRINCIPAL = "grafana.amazonaws.com"
DATA_SOURCES = ("PROMETHEUS", "CLOUDWATCH", "XRAY")

# Read actions that accept no resource-level scoping (IAM service
# authorization reference): only these may appear with Resource "*".
UNSCOPABLE_READ_ACTIONS = (
    "aps:ListWorkspaces",
    "cloudwatch:DescribeAlarmsForMetric",
    "cloudwatch:GetMetricData",
    "cloudwatch:ListMetrics",
    "cloudwatch:GetMetricStatistics",
    "ec2:DescribeRegions",
    "ec2:DescribeTags",
    "ec2:DescribeInstances",
    "logs:DescribeLogGroups",
    "logs:StopQuery",
    "tag:GetResources",
    "xray:BatchGetTraces",
    "xray:GetServiceGraph",
    "xray:GetTraceGraph",
    "xray:GetTraceSummaries",
    "xray:GetTimeSeriesServiceStatistics",
    "xray:GetInsightSummaries",
    "xray:GetInsight",
)
AMP_QUERY_ACTIONS = (
    "aps:DescribeWorkspace",
    "aps:QueryMetrics",
    "aps:GetLabels",
    "aps:GetSeries",
    "aps:GetMetricMetadata",
)
LOG_QUERY_ACTIONS = ("logs:GetLogGroupFields", "logs:StartQuery", "logs:GetQueryResults", "logs:GetLogEvents")
ALARM_READ_ACTIONS = ("cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory")


@dataclass(frozen=True, kw_only=True, slots=True)
class AmpGrafanaProps:
    """``enabled`` False (default): nothing is created.

    ``identity`` names and tags the workspaces, their role and log group, and
    scopes Grafana's reads to this service's log groups and alarms in its
    region (one where Amazon Managed Grafana exists, when enabled).
    Enabled, ``kms_key_arn`` (may be a token) encrypts the AMP log group;
    its key policy must let ``logs.<region>.amazonaws.com`` use it for
    ``/aws/vendedlogs/prometheus/<service>-<env>``. ``log_retention_days``
    (default 365: AMP logs only rule and ingestion errors, a small volume)
    follows CloudWatch's allowed values.

    Example::

        AmpGrafanaProps(identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
                        enabled=True, kms_key_arn="arn:aws:kms:eu-west-1:123456789012:key/...")
    """

    identity: ServiceIdentity
    enabled: bool = False
    kms_key_arn: str | None = None
    log_retention_days: int = 365

    def __post_init__(self) -> None:
        require_instance("amp_grafana.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        require_bool("amp_grafana.enabled", self.enabled)
        if self.enabled:
            require_grafana_region("amp_grafana.enabled", self.identity.region)
            if self.kms_key_arn is None:
                raise MonitoringConfigError("amp_grafana.kms_key_arn", None, "the KMS key ARN that encrypts the AMP log group")
            require_arn("amp_grafana.kms_key_arn", self.kms_key_arn, KMS_KEY)
        require_one_of("amp_grafana.log_retention_days", self.log_retention_days, RETENTION_DAYS)


class OptionalAmpGrafana(Construct):
    """An AMP workspace with logging and a Grafana workspace reading AMP, CloudWatch and X-Ray.

    Grafana: ``CURRENT_ACCOUNT``, ``AWS_SSO`` authentication,
    ``SERVICE_MANAGED`` permissions, data sources PROMETHEUS, CLOUDWATCH and
    XRAY, and its own role trusted by ``grafana.amazonaws.com`` for
    workspaces of this account only (``aws:SourceAccount`` / ``aws:SourceArn``).

    Example::

        OptionalAmpGrafana(stack, "AmpGrafana", props=AmpGrafanaProps(identity=identity))   # disabled: creates nothing
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        props: AmpGrafanaProps,
    ) -> None:
        super().__init__(scope, construct_id)
        self.props = props
        self.prometheus: PrometheusWorkspace | None = None
        self.grafana: GrafanaWorkspace | None = None
        self.log_group: CloudwatchLogGroup | None = None
        self.role: IamRole | None = None
        if self.props.enabled:
            self._build(props.identity)

    @property
    def prometheus_endpoint(self) -> str | None:
        return self.prometheus.prometheus_endpoint if self.prometheus else None

    @property
    def grafana_url(self) -> str | None:
        return Fn.join("", ["https://", self.grafana.endpoint]) if self.grafana else None

    def _build(self, identity: ServiceIdentity) -> None:
        naming = Naming(identity)
        account = AccountContext.of(self)
        self.log_group = CloudwatchLogGroup(
            self,
            "LogGroup",
            name=naming.amp_log_group(),
            retention_in_days=self.props.log_retention_days,
            kms_key_id=self.props.kms_key_arn,
            tags=naming.tags("prometheus-logs", "logging"),
        )
        self.prometheus = PrometheusWorkspace(
            self,
            "Prometheus",
            alias=naming.prometheus_alias(),
            # AMP wants the log group ARN with the ":*" stream wildcard.
            logging_configuration=PrometheusWorkspaceLoggingConfiguration(
                log_group_arn=Fn.join("", [self.log_group.arn, ":*"])
            ),
            tags=naming.tags("prometheus", "monitoring"),
        )
        trust = trust_policy(
            self,
            "GrafanaTrust",
            sid="GrafanaWorkspacesOfThisAccount",
            service=GRAFANA_PRINCIPAL,
            account_id=account.account_id,
            source_arn=account.arn("grafana", identity.region, "/workspaces/*"),
        )
        self.role = IamRole(
            self,
            "GrafanaRole",
            name=naming.iam_role("grafana"),
            description=f"Read-only access of the {naming.prefix} Grafana workspace",
            assume_role_policy=trust.json,
            tags=naming.tags("grafana-role", "iam"),
        )
        log_groups = account.log_group_arns(identity.region, naming.service_log_group_patterns())
        permissions = policy_document(
            self,
            "GrafanaPermissions",
            [
                Statement(sid="QueryThisPrometheusWorkspace", actions=AMP_QUERY_ACTIONS, resources=(self.prometheus.arn,)),
                Statement(
                    sid="QueryThisServicesLogGroups",
                    actions=LOG_QUERY_ACTIONS,
                    resources=(*log_groups, *[Fn.join("", [arn, ":*"]) for arn in log_groups]),
                ),
                Statement(
                    sid="ReadThisServicesAlarms",
                    actions=ALARM_READ_ACTIONS,
                    resources=(account.arn("cloudwatch", identity.region, f"alarm:{naming.prefix}-*"),),
                ),
                Statement(sid="ReadActionsWithoutResourceScoping", actions=UNSCOPABLE_READ_ACTIONS, resources=("*",)),
            ],
        )
        IamRolePolicy(self, "GrafanaPolicy", name="read-only", role=self.role.id, policy=permissions.json)
        self.grafana = GrafanaWorkspace(
            self,
            "Grafana",
            name=naming.grafana_workspace(),
            description=f"Dashboards of {naming.prefix}: Prometheus, CloudWatch and X-Ray",
            account_access_type="CURRENT_ACCOUNT",
            authentication_providers=["AWS_SSO"],
            permission_type="SERVICE_MANAGED",
            role_arn=self.role.arn,
            data_sources=list(DATA_SOURCES),
            tags=naming.tags("grafana", "monitoring"),
        )


__all__ = ["AmpGrafanaProps", "DATA_SOURCES", "OptionalAmpGrafana", "UNSCOPABLE_READ_ACTIONS"]
