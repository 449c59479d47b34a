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

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType

from .chatbot import SlackChannel
from .service_regions import chatbot_region_for, require_chatbot_region, require_grafana_region
from .alarm_catalog import ALARM_KEYS, LIBRARY_ALARMS, STANDARD_ALARMS, STATISTICS, TREAT_MISSING_DATA, AlarmSpec, Target
from .errors import MonitoringConfigError
from .naming import Naming
from .severity import Severity
from .validation import (
    ACTIONS_PER_STATE_MAX,
    ALARM_ACTIONS,
    ALARM_NAME_MAX,
    DASHBOARD_NAME,
    EMAIL,
    HTTPS_URL,
    KMS_KEY,
    LOG_GROUP_NAME,
    REGION,
    RETENTION_DAYS,
    SNS_TOPIC_NAME,
    require_alarm_period,
    require_alarm_window,
    require_arn,
    require_bool,
    require_instance,
    require_int,
    require_literal,
    require_mapping,
    require_max_length,
    require_number,
    require_one_of,
    require_pattern,
    require_tags,
    require_text_filter_pattern,
    require_tuple,
    require_unique,
)


class Tier(enum.Enum):
    """Which column of the environment table an environment uses."""

    PROD = "prod"
    NON_PROD = "non-prod"


LOG_LEVELS = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR")


@dataclass(frozen=True, kw_only=True, slots=True)
class LogRetention:
    """Days each log group keeps its events (CloudWatch's allowed values only)."""

    application: int
    error: int
    access: int
    db_queries: int = 7

    def __post_init__(self) -> None:
        for item in fields(self):
            require_one_of(f"retention.{item.name}", getattr(self, item.name), RETENTION_DAYS)


def _identity_routing() -> Mapping[Severity, Severity]:
    return MappingProxyType({severity: severity for severity in Severity})


def route_all_to(target: Severity) -> Mapping[Severity, Severity]:
    """A routing rule that sends every severity to ``target``'s topic."""
    return MappingProxyType({severity: target for severity in Severity})


@dataclass(frozen=True, kw_only=True, slots=True)
class EnvironmentProfile:
    """The per-tier rules of the seed (DESIGN.md section 4).

    ``severity_routing`` maps an alarm's severity to the topic it notifies:
    non-prod sends everything to its P3 channel so it never pages anyone.
    ``keep_log_groups_on_destroy`` keeps prod logs when a stack is destroyed.
    """

    retention: LogRetention
    log_level: str
    severity_routing: Mapping[Severity, Severity] = field(default_factory=_identity_routing)
    keep_log_groups_on_destroy: bool = False

    def __post_init__(self) -> None:
        require_instance("retention", self.retention, LogRetention, "a LogRetention(...) value")
        require_one_of("log_level", self.log_level, LOG_LEVELS)
        require_bool("keep_log_groups_on_destroy", self.keep_log_groups_on_destroy)
        require_mapping("severity_routing", self.severity_routing, "Severity -> Severity")
        missing = [s.value for s in Severity if s not in self.severity_routing]
        if missing:
            raise MonitoringConfigError(
                "severity_routing", dict(self.severity_routing), f"an entry for every severity (missing {missing})"
            )
        for source, target in self.severity_routing.items():
            if not isinstance(source, Severity) or not isinstance(target, Severity):
                raise MonitoringConfigError(
                    "severity_routing", {source: target}, "Severity keys and values (P0, P1, P2, P3)"
                )
        object.__setattr__(self, "severity_routing", MappingProxyType(dict(self.severity_routing)))


ENVIRONMENT_PROFILES: Mapping[Tier, EnvironmentProfile] = MappingProxyType(
    {
        Tier.PROD: EnvironmentProfile(
            retention=LogRetention(application=14, error=30, access=7, db_queries=7),
            log_level="INFO",
            keep_log_groups_on_destroy=True,
        ),
        Tier.NON_PROD: EnvironmentProfile(
            retention=LogRetention(application=7, error=14, access=3, db_queries=7),
            log_level="DEBUG",
            severity_routing=route_all_to(Severity.P3),
        ),
    }
)

# Words of an environment name that decide its tier; a name with words of both
# kinds, or of neither (``live``, ``pre-prod``, ``eu``), needs an explicit ``tier``:
# guessing wrong either pages nobody in prod or deletes prod logs on destroy.
PROD_ENVIRONMENT_WORDS = ("prod", "production", "prd")
NON_PROD_ENVIRONMENT_WORDS = (
    "dev", "development", "test", "testing", "qa", "uat", "staging", "stage", "stg",
    "sandbox", "sbx", "demo", "preview", "ci", "local", "nonprod", "pre", "preprod",
)


def tier_of(environment: str) -> Tier | None:
    """PROD or NON_PROD when the name says so clearly (``prod-eu``, ``dev``), else None (``live``)."""
    words = set(environment.split("-"))
    prod = bool(words & set(PROD_ENVIRONMENT_WORDS))
    non_prod = bool(words & set(NON_PROD_ENVIRONMENT_WORDS))
    if prod == non_prod:
        return None
    return Tier.PROD if prod else Tier.NON_PROD

# Lower-case words joined by single hyphens: valid in every name derived from it
# (log groups, alarms, topics, KMS aliases, IAM roles, S3 buckets).
NAME_WORD = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
NAME_PREFIX_MAX = 32
# An ALB name: 1-32 letters, digits or hyphens, not starting or ending with a hyphen.
ALB_ARN_SUFFIX = re.compile(r"^app/[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?/[0-9a-f]{1,32}$")
RDS_IDENTIFIER = re.compile(r"^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$")
ECS_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
CACHE_CLUSTER_ID = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,49}(?<!-)$")
REPLICATION_GROUP_ID = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$")
# Every resource carries these tags (Naming.tags, plus Severity on alarms and event subscriptions).
REQUIRED_TAG_KEYS = ("Service", "Environment", "ManagedBy", "Name", "Component", "Severity")


@dataclass(frozen=True, kw_only=True, slots=True)
class EcsServiceTarget:
    """The ECS service to watch; names may be tokens (``my_service.name``).

    The cluster must have Container Insights enabled (``containerInsights``
    setting) for the running-task alarm to receive data.
    """

    cluster_name: str
    service_name: str

    def __post_init__(self) -> None:
        require_pattern("ecs_service.cluster_name", self.cluster_name, ECS_NAME, "1-255 letters, digits, - or _")
        require_pattern("ecs_service.service_name", self.service_name, ECS_NAME, "1-255 letters, digits, - or _")


@dataclass(frozen=True, kw_only=True, slots=True)
class LoadBalancerTarget:
    """The ALB in front of the service, by ``arn_suffix`` (``app/<name>/<id>``)."""

    arn_suffix: str

    def __post_init__(self) -> None:
        require_pattern(
            "load_balancer.arn_suffix",
            self.arn_suffix,
            ALB_ARN_SUFFIX,
            "an ALB ARN suffix like app/<name>/<hex id> (aws_lb.arn_suffix)",
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class RedisTarget:
    """An ElastiCache Redis replication group, alarmed per member cluster.

    CloudWatch publishes ElastiCache CPU per ``CacheClusterId``; for a
    cluster-mode-disabled group the members are ``<group id>-001``,
    ``-002``, ... Give ``member_cluster_ids`` to name them explicitly.
    """

    replication_group_id: str
    node_count: int = 1
    member_cluster_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require_pattern(
            "redis.replication_group_id",
            self.replication_group_id,
            REPLICATION_GROUP_ID,
            "1-40 lower-case letters, digits or single hyphens, starting with a letter",
        )
        require_int("redis.node_count", self.node_count, 1, 6)
        object.__setattr__(
            self, "member_cluster_ids", require_tuple("redis.member_cluster_ids", self.member_cluster_ids, "cluster ids")
        )
        for index, member in enumerate(self.member_cluster_ids):
            require_pattern(
                f"redis.member_cluster_ids[{index}]",
                member,
                CACHE_CLUSTER_ID,
                "an ElastiCache cluster id (lower-case letters, digits, single hyphens)",
            )
        require_unique("redis.member_cluster_ids", self.member_cluster_ids)


@dataclass(frozen=True, kw_only=True, slots=True)
class MonitoredResources:
    """What the standard alarms watch. Only the ECS service is required.

    ``shared_rds_identifier`` turns on the DB query log group and the RDS alarm.
    """

    ecs_service: EcsServiceTarget
    load_balancer: LoadBalancerTarget | None = None
    redis: RedisTarget | None = None
    shared_rds_identifier: str | None = None

    def __post_init__(self) -> None:
        require_instance("ecs_service", self.ecs_service, EcsServiceTarget, "an EcsServiceTarget(...) value")
        if self.load_balancer is not None:
            require_instance("load_balancer", self.load_balancer, LoadBalancerTarget, "a LoadBalancerTarget(...) value")
        if self.redis is not None:
            require_instance("redis", self.redis, RedisTarget, "a RedisTarget(...) value")
        if self.shared_rds_identifier is not None:
            require_pattern(
                "shared_rds_identifier",
                self.shared_rds_identifier,
                RDS_IDENTIFIER,
                "an RDS DB instance identifier (1-63 letters, digits or single hyphens, starting with a letter)",
            )

    def has(self, target: Target) -> bool:
        return getattr(self, TARGET_FIELDS[target]) is not None


# The MonitoredResources field that turns each resource's alarms on.
TARGET_FIELDS: Mapping[Target, str] = MappingProxyType({
    Target.ECS_SERVICE: "ecs_service",
    Target.LOAD_BALANCER: "load_balancer",
    Target.RDS_INSTANCE: "shared_rds_identifier",
    Target.REDIS_MEMBER: "redis",
})
# What turns on the alarms of the library's own parts (the application log is always there).
_SETTING_OF = {Target.LOG_ANALYZER: "log_analyzer_enabled=True"}


@dataclass(frozen=True, kw_only=True, slots=True)
class Contacts:
    """Who a severity's topic notifies: email addresses and HTTPS endpoints (paging services)."""

    emails: tuple[str, ...] = ()
    https_endpoints: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "emails", require_tuple("contacts.emails", self.emails, "email addresses"))
        object.__setattr__(
            self, "https_endpoints", require_tuple("contacts.https_endpoints", self.https_endpoints, "https:// URLs")
        )
        for index, email in enumerate(self.emails):
            require_pattern(f"contacts.emails[{index}]", email, EMAIL, "an email address like oncall@example.com")
        for index, url in enumerate(self.https_endpoints):
            require_pattern(f"contacts.https_endpoints[{index}]", url, HTTPS_URL, "an https:// URL")
        require_unique("contacts.emails", self.emails)
        require_unique("contacts.https_endpoints", self.https_endpoints)


@dataclass(frozen=True, kw_only=True, slots=True)
class Notifications:
    """Alert delivery: contacts and Slack channels per severity topic, runbooks, extra alarm actions.

    ``slack_channels`` posts a severity's topic to a Slack channel through AWS
    Chatbot (the Slack workspace must be authorized in the Chatbot console once).
    Chatbot exists in a few regions only: ``slack_region`` picks one (default:
    the one nearest to the service's region, see ``service_regions.py``).

    ``extra_alarm_actions`` (e.g. an organisation-wide topic ARN) are added to
    every alarm next to its severity topic.

    No alert may reach nobody silently. ``MonitoringSettings`` raises when a
    topic that alarms notify has no email, HTTPS endpoint or Slack channel,
    unless its severity is in ``unattended`` (you accept that nobody is told),
    and when contacts or channels are given for a severity that this
    environment routes to another topic, unless ``allow_unused_contacts``
    (one Notifications shared by environments with different routing).
    """

    contacts: Mapping[Severity, Contacts] = field(default_factory=dict)
    slack_channels: Mapping[Severity, SlackChannel] = field(default_factory=dict)
    runbook_base_url: str | None = None
    extra_alarm_actions: tuple[str, ...] = ()
    unattended: frozenset[Severity] = frozenset()
    allow_unused_contacts: bool = False
    slack_region: str | None = None

    def __post_init__(self) -> None:
        require_mapping("notifications.contacts", self.contacts, "Severity -> Contacts(...)")
        require_mapping("notifications.slack_channels", self.slack_channels, "Severity -> SlackChannel(...)")
        for key, value in self.contacts.items():
            if not isinstance(key, Severity):
                raise MonitoringConfigError("notifications.contacts", key, "Severity.P0, P1, P2 or P3 as keys")
            if not isinstance(value, Contacts):
                raise MonitoringConfigError(f"notifications.contacts[{key.value}]", value, "a Contacts(...) value")
        object.__setattr__(self, "contacts", MappingProxyType(dict(self.contacts)))
        for key, value in self.slack_channels.items():
            if not isinstance(key, Severity):
                raise MonitoringConfigError("notifications.slack_channels", key, "Severity.P0, P1, P2 or P3 as keys")
            if not isinstance(value, SlackChannel):
                raise MonitoringConfigError(
                    f"notifications.slack_channels[{key.value}]", value, "a SlackChannel(...) value"
                )
        object.__setattr__(self, "slack_channels", MappingProxyType(dict(self.slack_channels)))
        object.__setattr__(
            self, "extra_alarm_actions",
            require_tuple("notifications.extra_alarm_actions", self.extra_alarm_actions, "alarm action ARNs"),
        )
        if isinstance(self.unattended, (str, Severity)) or not isinstance(self.unattended, Iterable):
            raise MonitoringConfigError("notifications.unattended", self.unattended, "a set of Severity values")
        object.__setattr__(self, "unattended", frozenset(self.unattended))
        for severity in self.unattended:
            require_one_of("notifications.unattended", severity, tuple(Severity))
        require_bool("notifications.allow_unused_contacts", self.allow_unused_contacts)
        if self.slack_region is not None:
            require_chatbot_region("notifications.slack_region", self.slack_region)
        if self.runbook_base_url is not None:
            require_pattern("notifications.runbook_base_url", self.runbook_base_url, HTTPS_URL, "an https:// URL")
        for index, action in enumerate(self.extra_alarm_actions):
            require_arn(f"notifications.extra_alarm_actions[{index}]", action, *ALARM_ACTIONS)
        if len(self.extra_alarm_actions) + 1 > ACTIONS_PER_STATE_MAX:
            raise MonitoringConfigError(
                "notifications.extra_alarm_actions",
                self.extra_alarm_actions,
                f"at most {ACTIONS_PER_STATE_MAX - 1} (CloudWatch allows {ACTIONS_PER_STATE_MAX} actions per "
                "alarm state and the severity topic is one)",
            )

    def contacts_for(self, severity: Severity) -> Contacts:
        return self.contacts.get(severity, Contacts())

    def subscribers_of(self, severity: Severity) -> int:
        """How many emails, HTTPS endpoints and Slack channels hear ``severity``'s topic."""
        contacts = self.contacts_for(severity)
        return len(contacts.emails) + len(contacts.https_endpoints) + (severity in self.slack_channels)


@dataclass(frozen=True, kw_only=True, slots=True)
class AlarmOverride:
    """Changes to one standard alarm; ``None`` keeps the seed's value."""

    enabled: bool = True
    threshold: float | None = None
    period: int | None = None
    evaluation_periods: int | None = None
    datapoints_to_alarm: int | None = None
    statistic: str | None = None
    severity: Severity | None = None

    def __post_init__(self) -> None:
        # Types and ranges here; what depends on the alarm (its metric's resolution,
        # datapoints <= evaluation periods, the window) is checked by _resolve_alarm.
        require_bool("alarm_override.enabled", self.enabled)
        if self.threshold is not None:
            require_number("alarm_override.threshold", self.threshold)
        for name, low in (("period", 10), ("evaluation_periods", 1), ("datapoints_to_alarm", 1)):
            if getattr(self, name) is not None:
                require_int(f"alarm_override.{name}", getattr(self, name), low)
        if self.statistic is not None:
            require_one_of("alarm_override.statistic", self.statistic, STATISTICS)
        if self.severity is not None:
            require_one_of("alarm_override.severity", self.severity, tuple(Severity))


@dataclass(frozen=True, kw_only=True, slots=True)
class ResolvedAlarm:
    """An alarm spec after ``alarm_overrides``: what AlarmFactory creates."""

    spec: AlarmSpec
    datapoints_to_alarm: int


def _resolve_alarm(spec: AlarmSpec, override: AlarmOverride | None) -> ResolvedAlarm | None:
    override = override or AlarmOverride()
    if not override.enabled:
        return None
    where = f"alarm_overrides[{spec.key!r}]"
    changes: dict[str, object] = {}
    # AlarmOverride checked types and ranges; what depends on this alarm is checked here.
    if override.threshold is not None:
        changes["threshold"] = float(override.threshold)
    if override.period is not None:
        metric = spec.math.namespace if spec.math else f"{spec.namespace} {spec.metric_name}".strip()
        # Every standard alarm watches an AWS/* or Container Insights metric, published once a minute.
        changes["period"] = require_alarm_period(f"{where}.period", override.period, metric=metric)
    if override.evaluation_periods is not None:
        changes["evaluation_periods"] = override.evaluation_periods
    if override.statistic is not None:
        if spec.math is not None:
            raise MonitoringConfigError(f"{where}.statistic", override.statistic, "None: this alarm uses metric math")
        changes["statistic"] = override.statistic
    if override.severity is not None:
        changes["severity"] = override.severity
    resolved = replace(spec, **changes)
    require_alarm_window(where, resolved.period, resolved.evaluation_periods)
    datapoints = resolved.evaluation_periods if override.datapoints_to_alarm is None else override.datapoints_to_alarm
    require_int(f"{where}.datapoints_to_alarm", datapoints, 1, resolved.evaluation_periods)
    return ResolvedAlarm(spec=resolved, datapoints_to_alarm=datapoints)


@dataclass(frozen=True, kw_only=True, slots=True)
class MonitoringSettings:
    """Everything ServiceMonitoring needs for one service in one environment.

    ``tier`` is PROD or NON_PROD from the environment's words (``prod``,
    ``prod-eu``, ``production`` are prod; ``dev``, ``staging``, ``qa-2`` are
    not, see ``PROD_ENVIRONMENT_WORDS`` / ``NON_PROD_ENVIRONMENT_WORDS``); any
    other name (``live``, ``pre-prod``) must set ``tier`` explicitly. ``retention``, ``log_level``, ``severity_routing`` and
    ``keep_log_groups_on_destroy`` override the tier's row of
    ``ENVIRONMENT_PROFILES``. ``kms_key_arn`` uses your own key instead of
    creating one (its policy must allow CloudWatch Logs and CloudWatch, see
    ``encryption.py``). ``error_rate_min_requests`` is the traffic below which
    the 5xx-rate alarm stays quiet. ERROR lines are counted in JSON logs
    (``{ $.level = "ERROR" }``); ``error_log_text_pattern`` (a metric filter
    pattern) counts plain-text lines too. ``log_analyzer_enabled`` adds the
    scheduled log-analyzer Lambda (off by default: the error-rate alarm
    already detects spikes). ``managed_prometheus_grafana`` adds an AMP and a
    Grafana workspace (needs IAM Identity Center for Grafana's AWS SSO login).
    ``check_container_insights`` reads the ECS cluster and fails the plan when
    Container Insights is off (the running-task alarm would never get data).
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
    error_log_text_pattern: str | None = None
    log_analyzer_enabled: bool = False
    managed_prometheus_grafana: bool = False
    check_container_insights: bool = True
    tags: Mapping[str, str] = field(default_factory=dict)
    kms_key_arn: str | None = None

    def __post_init__(self) -> None:
        word = "lower-case letters and digits in words joined by single hyphens, starting with a letter"
        require_pattern("service", require_literal("service", self.service, word), NAME_WORD, word)
        require_pattern("environment", require_literal("environment", self.environment, word), NAME_WORD, word)
        prefix = f"{self.service}-{self.environment}"
        require_max_length("service + environment (name prefix)", prefix, NAME_PREFIX_MAX)
        require_pattern("region", require_literal("region", self.region, "an AWS region"), REGION,
                        "an AWS region name like ap-northeast-2")
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
        if self.error_log_text_pattern is not None:
            require_text_filter_pattern("error_log_text_pattern", self.error_log_text_pattern)
        require_bool("log_analyzer_enabled", self.log_analyzer_enabled)
        if require_bool("managed_prometheus_grafana", self.managed_prometheus_grafana):
            require_grafana_region("managed_prometheus_grafana", self.region)
        require_bool("check_container_insights", self.check_container_insights)
        if self.kms_key_arn is not None:
            require_arn("kms_key_arn", self.kms_key_arn, KMS_KEY)
        self._check_tags()
        require_mapping("alarm_overrides", self.alarm_overrides, "alarm keys to AlarmOverride(...)")
        for key in self.alarm_overrides:
            require_one_of("alarm_overrides", key, ALARM_KEYS)
            if not isinstance(self.alarm_overrides[key], AlarmOverride):
                raise MonitoringConfigError(f"alarm_overrides[{key!r}]", self.alarm_overrides[key], "an AlarmOverride(...)")
        object.__setattr__(self, "alarm_overrides", MappingProxyType(dict(self.alarm_overrides)))
        self.profile  # noqa: B018 - resolving the profile validates the overrides
        self._check_derived_names()  # resolves every alarm, which validates its overrides
        self._check_everyone_is_heard()
        if any(severity in self.topic_severities for severity in self.notifications.slack_channels):
            self.slack_region  # noqa: B018 - fails now when no Chatbot region is near

    def _check_tags(self) -> None:
        object.__setattr__(self, "tags", require_tags("tags", self.tags, REQUIRED_TAG_KEYS))

    def _check_derived_names(self) -> None:
        # The prefix rules above make these hold; checking the derived names
        # themselves keeps that true if a name template changes.
        naming = Naming(self)
        for name in naming.log_group_names():
            require_pattern("log group name", name, LOG_GROUP_NAME, "^[0-9A-Za-z_./#-]{1,512}$")
        for severity in Severity:
            require_pattern("topic name", naming.topic_name(severity), SNS_TOPIC_NAME, "^[0-9A-Za-z_-]{1,256}$")
        require_pattern("dashboard name", naming.dashboard_name(), DASHBOARD_NAME, "^[0-9A-Za-z_-]{1,255}$")
        for resolved in self.library_alarms:
            require_max_length("alarm name", naming.alarm_name(resolved.spec.key, member=99), ALARM_NAME_MAX)

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
                    f"contacts only for severities with a topic here ({', '.join(s.value for s in topics)}): "
                    f"this environment routes {severity.value} alarms to the "
                    f"{self.routed_severity(severity).value} topic ({_routing_text(self)}), so these contacts "
                    "would never be told; move them, or set Notifications(allow_unused_contacts=True)",
                )
        for topic in topics:
            if notifications.subscribers_of(topic) or topic in notifications.unattended:
                continue
            keys = self.alarm_keys_notifying(topic)
            if not keys:
                continue
            raise MonitoringConfigError(
                f"notifications.contacts[{topic.value}]",
                (),
                f"at least one email, HTTPS endpoint or Slack channel: alarms {', '.join(keys)} notify the "
                f"{topic.value} topic ({_routing_text(self)}), which would reach nobody; or accept that with "
                f"Notifications(unattended={{Severity.{topic.value}}})",
            )

    @property
    def name_prefix(self) -> str:
        return f"{self.service}-{self.environment}"

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
        if target is Target.APPLICATION_LOG:
            return True
        if target is Target.LOG_ANALYZER:
            return self.log_analyzer_enabled
        return self.resources.has(target)

    def resolve_alarm(self, spec: AlarmSpec) -> ResolvedAlarm | None:
        """``spec`` with its ``alarm_overrides`` entry applied; None when overridden off."""
        return _resolve_alarm(spec, self.alarm_overrides.get(spec.key))

    @property
    def standard_alarm_specs(self) -> tuple[AlarmSpec, ...]:
        """The standard alarms' specs for the resources present (overrides are applied at creation)."""
        return tuple(spec for spec in STANDARD_ALARMS if self.monitors(spec.target))

    @property
    def library_alarms(self) -> tuple[ResolvedAlarm, ...]:
        """Every enabled alarm the library creates for what is monitored, overrides applied."""
        self._check_overrides_are_monitored()
        resolved = (self.resolve_alarm(spec) for spec in LIBRARY_ALARMS if self.monitors(spec.target))
        return tuple(alarm for alarm in resolved if alarm is not None)

    def alarm_keys_notifying(self, topic: Severity) -> tuple[str, ...]:
        """Keys of the library's alarms (and ``rds-down`` events) that notify ``topic``'s topic here."""
        keys = [alarm.spec.key for alarm in self.library_alarms if self.routed_severity(alarm.spec.severity) is topic]
        if self.resources.shared_rds_identifier is not None and self.routed_severity(Severity.P0) is topic:
            keys.append("rds-down")
        return tuple(keys)

    @property
    def slack_region(self) -> str:
        """The region of the Chatbot channel configurations (Chatbot's API exists in few regions)."""
        return self.notifications.slack_region or chatbot_region_for(self.region)

    def _check_overrides_are_monitored(self) -> None:
        """An override of an alarm whose resource is not monitored would be silently ignored."""
        monitored = [spec.key for spec in LIBRARY_ALARMS if self.monitors(spec.target)]
        for spec in LIBRARY_ALARMS:
            if spec.key in self.alarm_overrides and not self.monitors(spec.target):
                raise MonitoringConfigError(
                    "alarm_overrides", spec.key,
                    f"overrides of alarms on monitored resources ({', '.join(monitored)}); {spec.key} needs "
                    + _SETTING_OF.get(spec.target, f"resources.{TARGET_FIELDS.get(spec.target)}"),
                )

    def routed_severity(self, severity: Severity) -> Severity:
        """The severity whose topic an alarm of ``severity`` notifies here."""
        return self.profile.severity_routing[severity]

    @property
    def topic_severities(self) -> tuple[Severity, ...]:
        """Severities that get a topic: every routing target, in P0..P3 order."""
        targets = set(self.profile.severity_routing.values())
        return tuple(severity for severity in Severity if severity in targets)


def _routing_text(settings: MonitoringSettings) -> str:
    """``routing P0->P3, P1->P3, ...`` as the error messages show it."""
    return "routing " + ", ".join(f"{s.value}->{settings.routed_severity(s).value}" for s in Severity)


def _describe_contacts(notifications: Notifications, severity: Severity) -> list[str]:
    contacts = notifications.contacts_for(severity)
    channel = notifications.slack_channels.get(severity)
    return [*contacts.emails, *contacts.https_endpoints, *([f"slack:{channel.channel_id}"] if channel else [])]


__all__ = [
    "AlarmOverride",
    "Contacts",
    "ENVIRONMENT_PROFILES",
    "EcsServiceTarget",
    "EnvironmentProfile",
    "LoadBalancerTarget",
    "LogRetention",
    "MonitoredResources",
    "MonitoringSettings",
    "Notifications",
    "RedisTarget",
    "ResolvedAlarm",
    "Tier",
    "TREAT_MISSING_DATA",
    "route_all_to",
]
