"""Who hears a severity: emails, HTTPS endpoints and Slack channels, and the delivery options.

Plain data, checked on creation; ``MonitoringSettings`` checks them against
the environment's routing (no contact may be dropped silently).

Example::

    Notifications(
        contacts={Severity.P1: Contacts(emails=("oncall@example.com",))},
        slack_channels={Severity.P1: SlackChannel(workspace_id="T07EA123LEP", channel_id="C0INCIDENT")},
        topic_arns={Severity.P0: "arn:aws:sns:eu-west-1:111122223333:pager"},  # an existing topic
        unattended={Severity.P3},
    )
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .errors import MonitoringConfigError
from .regions import require_chatbot_region
from .severity import Severity
from .validation import (
    ACTIONS_PER_STATE_MAX,
    ALARM_ACTIONS,
    EMAIL,
    HTTPS_URL,
    SNS_TOPIC,
    require_arn,
    require_bool,
    require_mapping,
    require_one_of,
    require_pattern,
    require_tuple,
    require_unique,
)

SLACK_WORKSPACE_ID = re.compile(r"^[0-9A-Z]{1,255}$")
SLACK_CHANNEL_ID = re.compile(r"^[A-Za-z0-9]{1,255}$")


@dataclass(frozen=True, kw_only=True, slots=True)
class SlackChannel:
    """A Slack channel in a workspace authorized with AWS Chatbot."""

    workspace_id: str
    channel_id: str

    def __post_init__(self) -> None:
        require_pattern(
            "slack.workspace_id", self.workspace_id, SLACK_WORKSPACE_ID, "a Slack workspace (team) id like T07EA123LEP"
        )
        require_pattern("slack.channel_id", self.channel_id, SLACK_CHANNEL_ID, "a Slack channel id like C07EZ1ABC23")


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

    ``topic_arns`` names an existing SNS topic for a severity instead of one of
    ours (e.g. the on-call pager's). For that severity the library creates no
    topic, no topic policy and no subscription: its alarms (and, for P0, the
    "RDS down" events) notify that ARN, Slack channels are still configured on
    it through Chatbot, and it counts as reaching someone (its owner subscribes
    whoever hears it), so a severity with a topic ARN takes no ``contacts``. The
    topic must be in the settings' region (CloudWatch alarms notify topics of
    their own region only), and its owner's topic policy, and key policy when
    it is encrypted, must let this service's alarms publish: see the README,
    "Existing topics"; ``AlertTopics.publishers(severity)`` lists the alarm ARNs
    to admit. Their policy is theirs: the library never writes it.

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
    topic_arns: Mapping[Severity, str] = field(default_factory=dict)

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
        self._check_topic_arns()
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

    def _check_topic_arns(self) -> None:
        require_mapping("notifications.topic_arns", self.topic_arns, "Severity -> SNS topic ARN")
        for key, arn in self.topic_arns.items():
            if not isinstance(key, Severity):
                raise MonitoringConfigError("notifications.topic_arns", key, "Severity.P0, P1, P2 or P3 as keys")
            require_arn(f"notifications.topic_arns[{key.value}]", arn, SNS_TOPIC)
            contacts = self.contacts.get(key)
            if contacts is not None and (contacts.emails or contacts.https_endpoints):
                raise MonitoringConfigError(
                    f"notifications.contacts[{key.value}]", [*contacts.emails, *contacts.https_endpoints],
                    f"no contacts for {key.value}: its topic is the existing {arn}, whose owner subscribes who "
                    "hears it (the library adds no subscription to someone else's topic)",
                )
        object.__setattr__(self, "topic_arns", MappingProxyType(dict(self.topic_arns)))

    def contacts_for(self, severity: Severity) -> Contacts:
        return self.contacts.get(severity, Contacts())

    def reaches_someone(self, severity: Severity) -> bool:
        """Whether ``severity``'s topic has a subscriber, is an existing topic (its owner's subscribers),
        or nobody is told on purpose (``unattended``)."""
        return bool(self.subscribers_of(severity)) or severity in self.unattended

    def subscribers_of(self, severity: Severity) -> int:
        """How many emails, HTTPS endpoints, Slack channels and existing topics hear ``severity``."""
        contacts = self.contacts_for(severity)
        return (len(contacts.emails) + len(contacts.https_endpoints) + (severity in self.slack_channels)
                + (severity in self.topic_arns))


def _describe_contacts(notifications: Notifications, severity: Severity) -> list[str]:
    contacts = notifications.contacts_for(severity)
    channel = notifications.slack_channels.get(severity)
    topic = notifications.topic_arns.get(severity)
    return [*contacts.emails, *contacts.https_endpoints, *([f"slack:{channel.channel_id}"] if channel else []),
            *([topic] if topic else [])]
