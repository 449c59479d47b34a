"""Typed, frozen settings for one service in one environment, validated on creation.

The prod / non-prod rules of the seed live in ONE table, ``ENVIRONMENT_PROFILES``;
constructs read the resolved profile and never test ``env == "prod"``.

Example::

    settings = MonitoringSettings(
        service="fileflow",
        environment="prod",
        region="ap-northeast-2",
        resources=MonitoredResources(
            ecs_service=EcsServiceTarget(cluster_name="fileflow-prod", service_name="fileflow-prod"),
            load_balancer=LoadBalancerTarget(arn_suffix="app/fileflow-prod/0123456789abcdef"),
            shared_rds_identifier="shared-postgres",
        ),
        notifications=Notifications(
            contacts={Severity.P0: Contacts(emails=("oncall@example.com",))},
        ),
    )

Every field is checked in ``__post_init__``; a bad value raises
``MonitoringConfigError`` naming the field, the value and what is allowed,
before any construct exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..alarms.catalog import ALARM_KEYS, LIBRARY_ALARMS, AlarmSpec, Target
from ..alarms.custom import CustomAlarm
from .archive import ArchiveSettings
from .contacts import Contacts, Notifications, SlackChannel, _describe_contacts
from .environments import (
    ENVIRONMENT_PROFILES,
    NON_PROD_ENVIRONMENT_WORDS,
    PROD_ENVIRONMENT_WORDS,
    EnvironmentProfile,
    LogRetention,
    Tier,
    tier_of,
)
from .errors import MonitoringConfigError
from .health import ServiceHealth
from .paging import Paging
from .identity import ServiceIdentity
from .log_format import LogFormat
from .naming import Naming, check_generated_names
from .overrides import AlarmOverride, ResolvedAlarm, require_alarm_overrides, resolve_alarm
from .routing import AlertRouting, route_all_to
from .regions import chatbot_region_for, require_grafana_region
from .severity import Severity
from .targets import (
    AuroraClusterTarget,
    EcsServiceTarget,
    LoadBalancerTarget,
    MonitoredResources,
    RdsInstanceTarget,
    RedisTarget,
    requirement,
)
from .tokens import is_token
from .validation import (
    KMS_KEY,
    require_arn,
    require_bool,
    require_int,
    require_one_of,
    require_instance,
    require_tuple,
    require_unique,
)

# What turns on the alarms of the library's own parts (the application log is always there).
_SETTING_OF = {
    Target.LOG_ANALYZER: "log_analyzer_enabled=True",
    Target.RDS_EVENTS: "resources.shared_rds_identifier",
    Target.ECS_DEPLOYMENTS: "resources.ecs_service with deployment_circuit_breaker=True and deployment_failures set",
}
# Alarms on what the library itself creates (their resource is a setting, not a monitored target).
_OWN_TARGETS = (Target.APPLICATION_LOG, Target.LOG_ANALYZER, Target.RDS_EVENTS, Target.ECS_DEPLOYMENTS)


@dataclass(frozen=True, kw_only=True, slots=True)
class MonitoringSettings:
    """Everything ServiceMonitoring needs for one service in one environment.

    ``tier`` is PROD or NON_PROD from the environment's words (``prod``,
    ``prod-eu``, ``production`` are prod; ``dev``, ``staging``, ``qa-2`` are
    not, see ``PROD_ENVIRONMENT_WORDS`` / ``NON_PROD_ENVIRONMENT_WORDS``); any
    other name (``live``, ``pre-prod``) must set ``tier`` explicitly. ``retention``, ``log_level``, ``severity_routing`` and
    ``keep_log_groups_on_destroy`` override the tier's row of
    ``ENVIRONMENT_PROFILES``. ``kms_key_arn`` uses your own key (in the
    settings' region) instead of creating one: its policy needs the statements
    ``MonitoringKey`` writes (README, "Bring your own KMS key"); a key of your
    own stack passed as a token cannot be checked before apply.
    ``name_prefix`` replaces ``<service>-<env>`` at the start of every
    generated name (``ord-p-cpu-high``, ``ord-p-logs-archive``) when that is
    too long for some resource type; each generated name is checked against
    its type's AWS limit (``name_rules.py``), and tags keep the full
    ``Service`` and ``Environment``. ``archive`` turns the S3 log archive off
    or names its bucket (``ArchiveSettings``). ``error_rate_min_requests`` is the traffic below which
    the 5xx-rate alarm stays quiet. ``log_format`` says how the application
    writes its lines (default ``LogFormat.json()``: JSON, level in ``level``,
    ERROR lines ``{ $.level = "ERROR" }``; ``LogFormat.text()`` for plain text):
    the ERROR-line alarm and the recent-errors query find ERROR lines by it.
    ``log_analyzer_enabled`` adds the
    scheduled log-analyzer Lambda (off by default: the error-rate alarm
    already detects spikes). ``managed_prometheus_grafana`` adds an AMP and a
    Grafana workspace (needs IAM Identity Center for Grafana's AWS SSO login).
    ``check_container_insights`` reads the ECS cluster and fails the plan when
    Container Insights is off (the running-task alarm would never get data).
    ``service_health`` configures the composite "service unhealthy" alarm
    (on by default: running tasks, 5xx rate and response time, two together).
    ``paging`` (default ``Paging()``) times how each severity's roll-up, through which
    every alarm pages, is held back while a more urgent one pages.
    """

    service: str
    environment: str
    region: str
    resources: MonitoredResources
    notifications: Notifications = field(default_factory=Notifications)
    tier: Tier | None = None
    retention: LogRetention | None = None
    log_level: str | None = None
    severity_routing: Mapping[Severity, Severity] | None = None
    keep_log_groups_on_destroy: bool | None = None
    alarm_overrides: Mapping[str, AlarmOverride] = field(default_factory=dict)
    error_rate_min_requests: int = 100
    log_format: LogFormat = field(default_factory=LogFormat.json)
    log_analyzer_enabled: bool = False
    managed_prometheus_grafana: bool = False
    check_container_insights: bool = True
    tags: Mapping[str, str] = field(default_factory=dict)
    kms_key_arn: str | None = None
    custom_alarms: tuple[CustomAlarm, ...] = ()
    name_prefix: str | None = None
    archive: ArchiveSettings = field(default_factory=ArchiveSettings)
    service_health: ServiceHealth = field(default_factory=ServiceHealth)
    paging: Paging = field(default_factory=Paging)
    _identity: ServiceIdentity = field(init=False, repr=False, compare=False)
    _routing: AlertRouting = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        identity = ServiceIdentity(service=self.service, environment=self.environment, region=self.region,
                                   name_prefix=self.name_prefix, tags=self.tags)
        object.__setattr__(self, "tags", identity.tags)
        object.__setattr__(self, "_identity", identity)
        require_instance("archive", self.archive, ArchiveSettings, "an ArchiveSettings(...) value")
        if not isinstance(self.resources, MonitoredResources):
            raise MonitoringConfigError("resources", self.resources, "a MonitoredResources(...) value")
        if not isinstance(self.notifications, Notifications):
            raise MonitoringConfigError("notifications", self.notifications, "a Notifications(...) value")
        if self.tier is None:
            tier = tier_of(self.environment)
            if tier is None:
                raise MonitoringConfigError(
                    "tier",
                    None,
                    f"Tier.PROD or Tier.NON_PROD: environment {self.environment!r} is not clearly prod (words "
                    f"{', '.join(PROD_ENVIRONMENT_WORDS)}) or non-prod ({', '.join(NON_PROD_ENVIRONMENT_WORDS)}), "
                    "and the tier decides paging, retention and what a destroy keeps",
                )
            object.__setattr__(self, "tier", tier)
        require_one_of("tier", self.tier, tuple(Tier))
        require_int("error_rate_min_requests", self.error_rate_min_requests, 1)
        require_instance("log_format", self.log_format, LogFormat, "LogFormat.json(...) or LogFormat.text(...)")
        require_bool("log_analyzer_enabled", self.log_analyzer_enabled)
        if require_bool("managed_prometheus_grafana", self.managed_prometheus_grafana):
            require_grafana_region("managed_prometheus_grafana", self.region)
        require_bool("check_container_insights", self.check_container_insights)
        if self.kms_key_arn is not None:
            require_arn("kms_key_arn", self.kms_key_arn, KMS_KEY)
            self._require_in_region("kms_key_arn", self.kms_key_arn, "log groups and topics use keys of their own region only")
        for severity, arn in self.notifications.topic_arns.items():
            self._require_in_region(f"notifications.topic_arns[{severity.value}]", arn,
                                    "CloudWatch alarms notify topics of their own region only")
        object.__setattr__(self, "alarm_overrides", require_alarm_overrides("alarm_overrides", self.alarm_overrides,
                                                                            ALARM_KEYS))
        # Resolving the profile validates the overrides.
        object.__setattr__(self, "_routing", AlertRouting(severity_routing=self.profile.severity_routing,
                                                          notifications=self.notifications))
        self._check_custom_alarms()
        self._check_service_health()
        require_instance("paging", self.paging, Paging, "a Paging(...) value")
        check_generated_names(self)  # resolves every alarm, which validates its overrides
        self._check_everyone_is_heard()
        if any(severity in self.topic_severities for severity in self.notifications.slack_channels):
            self.slack_region  # noqa: B018 - fails now when no Chatbot region is near

    def _require_in_region(self, field: str, arn: str, why: str) -> None:
        """A literal ARN names the settings' region (a token is only known at apply)."""
        if not is_token(arn) and arn.split(":")[3] != self.region:
            raise MonitoringConfigError(field, arn, f"an ARN in {self.region}, the settings' region: {why}")

    def _check_custom_alarms(self) -> None:
        alarms = require_tuple("custom_alarms", self.custom_alarms, "CustomAlarm(...) values")
        object.__setattr__(self, "custom_alarms", alarms)
        for alarm in alarms:
            require_instance("custom_alarms", alarm, CustomAlarm, "CustomAlarm(...) values")
            if alarm.key in ALARM_KEYS:
                raise MonitoringConfigError("custom_alarms", alarm.key, "a key the library's alarms do not use")
        require_unique("custom_alarms (keys)", [alarm.key for alarm in alarms])

    def _check_service_health(self) -> None:
        require_instance("service_health", self.service_health, ServiceHealth, "a ServiceHealth(...) value")
        keys = (*ALARM_KEYS, *(alarm.key for alarm in self.custom_alarms))
        for child in self.service_health.children:
            require_one_of("service_health.children", child, keys)

    def _check_everyone_is_heard(self) -> None:
        """Every topic that alarms notify reaches someone; no contact is dropped by routing."""
        notifications = self.notifications
        topics = self.topic_severities
        for severity in Severity:
            if notifications.subscribers_of(severity) and severity not in topics:
                if notifications.allow_unused_contacts:
                    continue
                raise MonitoringConfigError(
                    f"notifications.contacts[{severity.value}]",
                    _describe_contacts(notifications, severity),
                    f"contacts and topic ARNs only for severities with a topic here "
                    f"({', '.join(s.value for s in topics)}): "
                    f"this environment routes {severity.value} alarms to the "
                    f"{self.routed_severity(severity).value} topic ({self.routing.text()}), so these contacts "
                    "would never be told; move them, or set Notifications(allow_unused_contacts=True)",
                )
        for topic in topics:
            if notifications.reaches_someone(topic):
                continue
            keys = self.alarm_keys_notifying(topic)
            if not keys:
                continue
            raise MonitoringConfigError(
                f"notifications.contacts[{topic.value}]",
                (),
                f"at least one email, HTTPS endpoint or Slack channel: alarms {', '.join(keys)} notify the "
                f"{topic.value} topic ({self.routing.text()}), which would reach nobody; or name an existing "
                f"topic in Notifications(topic_arns=...), or accept that with "
                f"Notifications(unattended={{Severity.{topic.value}}})",
            )

    @property
    def identity(self) -> ServiceIdentity:
        """The service, environment, region, name prefix and tags every construct's props carry."""
        return self._identity

    @property
    def prefix(self) -> str:
        """What every generated name starts with: ``name_prefix``, else ``<service>-<env>``."""
        return self._identity.prefix

    @property
    def routing(self) -> AlertRouting:
        """This environment's severity routing and the notifications behind each topic."""
        return self._routing

    @property
    def archive_bucket_name(self) -> str | None:
        """The archive bucket: ``archive.bucket_name``, else ``<prefix>-logs-archive``; None when the archive is off."""
        if not self.archive.enabled:
            return None
        return self.archive.bucket_name or Naming(self._identity).archive_bucket()

    @property
    def profile(self) -> EnvironmentProfile:
        """The tier's row of ENVIRONMENT_PROFILES with this environment's overrides applied."""
        assert self.tier is not None
        overrides = {
            "retention": self.retention,
            "log_level": self.log_level,
            "severity_routing": self.severity_routing,
            "keep_log_groups_on_destroy": self.keep_log_groups_on_destroy,
        }
        return replace(ENVIRONMENT_PROFILES[self.tier], **{k: v for k, v in overrides.items() if v is not None})

    def monitors(self, target: Target) -> bool:
        """Whether this service has ``target`` (its alarms are created)."""
        # The application log (its ERROR-line alarm, the log analyzer) exists only with an ECS service:
        # a Lambda-only service has no such alarm, and is asked for no contact on its behalf.
        if target is Target.APPLICATION_LOG:
            return self.resources.ecs_service is not None
        if target is Target.LOG_ANALYZER:
            return self.log_analyzer_enabled and self.resources.ecs_service is not None
        if target is Target.RDS_EVENTS:
            return self.resources.shared_rds_identifier is not None
        if target is Target.ECS_DEPLOYMENTS:
            ecs = self.resources.ecs_service
            return ecs is not None and ecs.alarms_failed_deployments
        return self.resources.has(target)

    def provides(self, spec: AlarmSpec) -> bool:
        """Whether this service gets ``spec``'s alarm: its resource is monitored and has what the alarm needs."""
        if spec.target in _OWN_TARGETS:
            return self.monitors(spec.target)
        return self.resources.provides(spec)

    def resolve_alarm(self, spec: AlarmSpec, override: AlarmOverride | None = None) -> ResolvedAlarm | None:
        """``spec`` with ``override`` (default: its ``alarm_overrides`` entry) applied; None when off."""
        return resolve_alarm(spec, override or self.alarm_overrides.get(spec.key))

    @property
    def library_alarms(self) -> tuple[ResolvedAlarm, ...]:
        """Every enabled alarm the library creates for what is monitored, overrides applied."""
        self._check_overrides_are_monitored()
        resolved = (self.resolve_alarm(self._own_severity(spec)) for spec in LIBRARY_ALARMS if self.provides(spec))
        return tuple(alarm for alarm in resolved if alarm is not None)

    def _own_severity(self, spec: AlarmSpec) -> AlarmSpec:
        """``deploy-failed`` has the ECS service's ``deployment_failures`` severity (an override may change it)."""
        ecs = self.resources.ecs_service
        if spec.target is Target.ECS_DEPLOYMENTS and ecs is not None and ecs.deployment_failures is not None:
            return replace(spec, severity=ecs.deployment_failures)
        return spec

    def alarm_keys_notifying(self, topic: Severity) -> tuple[str, ...]:
        """Keys of the library's alarms (``rds-down`` and ``deploy-failed`` included) that notify ``topic``'s topic here."""
        specs = [*(alarm.spec for alarm in self.library_alarms), *(alarm.spec() for alarm in self.custom_alarms)]
        return tuple(spec.key for spec in specs if self.routed_severity(spec.severity) is topic)

    @property
    def slack_region(self) -> str:
        """The region of the Chatbot channel configurations (Chatbot's API exists in few regions)."""
        return self.notifications.slack_region or chatbot_region_for(self.region)

    def _check_overrides_are_monitored(self) -> None:
        """An override of an alarm that is not created here would be silently ignored."""
        for spec in LIBRARY_ALARMS:
            if spec.key in self.alarm_overrides and not self.provides(spec):
                created = ", ".join(s.key for s in LIBRARY_ALARMS if self.provides(s))
                raise MonitoringConfigError(
                    "alarm_overrides", spec.key,
                    f"overrides of alarms this service has; {spec.key} needs "
                    f"{_SETTING_OF.get(spec.target) or requirement(spec)} (its alarms here: {created})",
                )

    def routed_severity(self, severity: Severity) -> Severity:
        """The severity whose topic an alarm of ``severity`` notifies here."""
        return self._routing.routed_severity(severity)

    @property
    def topic_severities(self) -> tuple[Severity, ...]:
        """Severities that get a topic: every routing target, in P0..P3 order."""
        return self.routing.topic_severities

    @property
    def own_topic_severities(self) -> tuple[Severity, ...]:
        """Routing targets whose topic the library creates (not an existing ``notifications.topic_arns`` one)."""
        return self.routing.own_topic_severities


__all__ = [
    "AlarmOverride",
    "ArchiveSettings",
    "AuroraClusterTarget",
    "Contacts",
    "ENVIRONMENT_PROFILES",
    "EcsServiceTarget",
    "EnvironmentProfile",
    "LoadBalancerTarget",
    "LogRetention",
    "MonitoredResources",
    "MonitoringSettings",
    "Notifications",
    "RdsInstanceTarget",
    "RedisTarget",
    "ResolvedAlarm",
    "ServiceHealth",
    "SlackChannel",
    "Tier",
    "route_all_to",
]
