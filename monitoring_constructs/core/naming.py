"""Names and tags derived from a service's settings: the seed's conventions in one place.

Every AWS resource name comes from a method here and is checked against the rule of its resource
type (``name_rules.py``: an IAM role 64 characters, an S3 bucket 63, an alarm 255, ...) when it is
made, so a long prefix fails before synthesis, naming the resource that does not fit.
``check_generated_names`` makes, at settings time, the names of every resource the settings
decide; constructs make the rest (the task definition's roles) when they are created.

The prefix is ``<service>-<env>``, or ``MonitoringSettings.name_prefix`` when set; tags keep
the full ``Service`` and ``Environment``.

Example::

    naming = Naming(settings.identity)
    naming.log_group("application")   # "/ecs/fileflow-prod/application"
    naming.alarm_name("cpu-high")     # "fileflow-prod-cpu-high"
    naming.iam_role("ecs-execution")  # "fileflow-prod-ecs-execution" (at most 64 characters)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .identity import ServiceIdentity
from .name_rules import (
    CHATBOT_CONFIGURATION,
    DASHBOARD,
    EVENT_RULE,
    GRAFANA_WORKSPACE,
    IAM_POLICY_NAME_PREFIX,
    IAM_ROLE,
    KMS_ALIAS,
    LAMBDA_FUNCTION,
    LOG_GROUP,
    METRIC_ALARM,
    METRIC_FILTER,
    METRIC_NAMESPACE,
    PROMETHEUS_ALIAS,
    QUERY_DEFINITION,
    RESOURCE_GROUP,
    S3_BUCKET,
    SNS_TOPIC,
    TAG_VALUE,
    TASK_FAMILY,
    NameRule,
    require_name,
)
from .severity import Severity

if TYPE_CHECKING:
    from .settings import MonitoringSettings

MANAGED_BY = "cdktf"
APPLICATION_LOG_KINDS = ("application", "error", "access")
DEFAULT_PREFIX_FIELD = "service + environment (name prefix)"
_HINT = "; MonitoringSettings(name_prefix=...) sets a shorter prefix for every generated name"
# The alarm member suffix checked at settings time: per-member alarms (Redis) end in -<member>.
_LONGEST_MEMBER = 99
_LOG_ANALYZER = "log-analyzer"


def log_group_name(prefix: str, kind: str) -> str:
    """``/ecs/<prefix>/<kind>`` (also the export CLI's default log group)."""
    return f"/ecs/{prefix}/{kind}"


def archive_bucket_name(prefix: str) -> str:
    """The seed's S3 log archive bucket ``<prefix>-logs-archive`` (also the export CLI's default)."""
    return f"{prefix}-logs-archive"


class Naming:
    """The name prefix, the names built from it (each checked for its resource type) and the required tags."""

    def __init__(self, identity: ServiceIdentity) -> None:
        self.prefix = identity.prefix
        self._field = "name_prefix" if identity.name_prefix is not None else DEFAULT_PREFIX_FIELD
        self._namespace = f"{identity.service}/{identity.environment}"
        self._required_tags = {
            "Service": identity.service,
            "Environment": identity.environment,
            "ManagedBy": MANAGED_BY,
            **identity.tags,
        }

    def _checked(self, rule: NameRule, name: str) -> str:
        return require_name(self._field, name, rule, _HINT)

    def resource(self, suffix: str) -> str:
        """``<prefix>-<suffix>``, unchecked: the typed methods below check it for their resource type."""
        return f"{self.prefix}-{suffix}"

    def log_group(self, kind: str) -> str:
        return self._checked(LOG_GROUP, log_group_name(self.prefix, kind))

    def db_query_log_group(self) -> str:
        # The seed's /aws/rds/<service>/queries collides between environments
        # of one account; the environment is part of the name here.
        return self._checked(LOG_GROUP, f"/aws/rds/{self.prefix}/queries")

    def amp_log_group(self) -> str:
        """Managed Prometheus logs, under ``/aws/vendedlogs/`` so CloudWatch Logs' resource
        policy for vended logs stays small."""
        return self._checked(LOG_GROUP, f"/aws/vendedlogs/prometheus/{self.prefix}")

    def event_log_group(self, kind: str) -> str:
        """``/aws/events/<prefix>/<kind>``: where an EventBridge rule writes the events an alarm counts."""
        return self._checked(LOG_GROUP, f"/aws/events/{self.prefix}/{kind}")

    def log_analyzer_log_group(self) -> str:
        """``/aws/lambda/<log analyzer function>``; the key admits it whether or not the analyzer is on."""
        return self._checked(LOG_GROUP, f"/aws/lambda/{self.resource(_LOG_ANALYZER)}")

    def log_analyzer_function(self) -> str:
        """The log analyzer's function name, also its role's name."""
        return self._checked(IAM_ROLE, self._checked(LAMBDA_FUNCTION, self.resource(_LOG_ANALYZER)))

    def service_log_group_patterns(self) -> tuple[str, ...]:
        """Wildcards matching the service's own log groups (application, error, access, DB queries, events)."""
        return (f"/ecs/{self.prefix}/*", f"/aws/rds/{self.prefix}/*", f"/aws/events/{self.prefix}/*")

    def log_group_names(self) -> tuple[str, ...]:
        return (*(self.log_group(kind) for kind in APPLICATION_LOG_KINDS), self.db_query_log_group())

    def archive_bucket(self) -> str:
        """The seed's ``<prefix>-logs-archive`` (``ArchiveSettings(bucket_name=...)`` may name another)."""
        return require_name(self._field, archive_bucket_name(self.prefix), S3_BUCKET,
                            _HINT + ", or ArchiveSettings(bucket_name=...) names the bucket")

    def topic_name(self, severity: Severity) -> str:
        return self._checked(SNS_TOPIC, self.resource(f"alerts-{severity.value.lower()}"))

    def alarm_name(self, key: str, member: int | str | None = None) -> str:
        return self._checked(METRIC_ALARM, self.resource(key if member is None else f"{key}-{member}"))

    def dashboard_name(self) -> str:
        return self._checked(DASHBOARD, self.resource("dashboard"))

    def kms_alias(self) -> str:
        return self._checked(KMS_ALIAS, f"alias/{self.prefix}-monitoring")

    def iam_role(self, suffix: str) -> str:
        return self._checked(IAM_ROLE, self.resource(suffix))

    def iam_policy_prefix(self, suffix: str) -> str:
        """A ``name_prefix`` of an IAM policy (Terraform appends a unique suffix)."""
        return self._checked(IAM_POLICY_NAME_PREFIX, self.resource(suffix))

    def event_rule(self, suffix: str) -> str:
        return self._checked(EVENT_RULE, self.resource(suffix))

    def chatbot_configuration(self, suffix: str) -> str:
        return self._checked(CHATBOT_CONFIGURATION, self.resource(suffix))

    def resource_group(self) -> str:
        return self._checked(RESOURCE_GROUP, self.resource("resources"))

    def query_definition(self, query_name: str) -> str:
        return self._checked(QUERY_DEFINITION, f"{self.prefix}/{query_name}")

    def metric_filter(self, suffix: str) -> str:
        return self._checked(METRIC_FILTER, self.resource(suffix))

    def metric_namespace(self) -> str:
        """``<service>/<environment>``: where the log metric filters publish."""
        return require_name("service + environment (metric namespace)", self._namespace, METRIC_NAMESPACE)

    def task_family(self) -> str:
        return self._checked(TASK_FAMILY, self.prefix)

    def prometheus_alias(self) -> str:
        return self._checked(PROMETHEUS_ALIAS, self.prefix)

    def grafana_workspace(self) -> str:
        return self._checked(GRAFANA_WORKSPACE, self.prefix)

    def tags(self, name_suffix: str, component: str) -> dict[str, str]:
        """The required tags plus the seed's ``Name`` and ``Component``."""
        return {**self._required_tags, "Name": self._checked(TAG_VALUE, self.resource(name_suffix)),
                "Component": component}


def check_generated_names(settings: MonitoringSettings) -> None:
    """Make the name of every resource ``settings`` decide, so a name AWS would refuse fails now.

    Names only a construct decides (the task definition's roles, the saved queries, the metric
    filters, the Chatbot configurations) are checked when that construct is created.
    """
    naming = Naming(settings.identity)
    for tag in ("Service", "Environment"):
        require_name(tag.lower(), naming._required_tags[tag], TAG_VALUE)
    naming.log_group_names()
    naming.dashboard_name()
    naming.resource_group()
    for severity in settings.own_topic_severities:
        naming.topic_name(severity)
    for resolved in settings.library_alarms:
        naming.alarm_name(resolved.spec.key, member=_LONGEST_MEMBER)
    for alarm in settings.custom_alarms:
        naming.alarm_name(alarm.key)
    if settings.kms_key_arn is None:
        naming.kms_alias()
    settings.archive_bucket_name  # noqa: B018 - the default bucket name is checked when it is used
    if settings.resources.ecs_service is not None:
        naming.metric_namespace()
    if settings.resources.shared_rds_identifier is not None:
        naming.event_rule("rds-down")
        naming.event_log_group("rds")
        naming.metric_filter("rds-down")
    ecs = settings.resources.ecs_service
    if ecs is not None and ecs.alarms_failed_deployments:
        naming.event_rule("deploy-failed")
        naming.event_log_group("deployments")
        naming.metric_filter("deploy-failed")
    if any(severity in settings.topic_severities for severity in settings.notifications.slack_channels):
        naming.iam_role("chatbot")
    if settings.log_analyzer_enabled:
        naming.log_analyzer_function()
        naming.event_rule("log-analyzer-schedule")
    if settings.managed_prometheus_grafana:
        naming.amp_log_group()
        naming.prometheus_alias()
        naming.grafana_workspace()
        naming.iam_role("grafana")
