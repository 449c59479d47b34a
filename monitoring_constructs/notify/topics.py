"""One encrypted SNS topic per severity, with its subscribers and a publish policy, or an existing topic."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from .._cdk import Construct, DataAwsIamPolicyDocument, SnsTopic, SnsTopicPolicy, SnsTopicSubscription
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..core.routing import AlertRouting
from ..core.severity import Severity
from ..core.validation import KMS_KEY, require_arn, require_instance
from ..infra.account import AccountContext
from ..infra.policy import Statement, policy_document, statement_blocks

_ALARMS_SID = "CloudWatchAlarmsOfThisService"
_OWNER_ACTIONS = (
    "sns:GetTopicAttributes",
    "sns:SetTopicAttributes",
    "sns:AddPermission",
    "sns:RemovePermission",
    "sns:DeleteTopic",
    "sns:Subscribe",
    "sns:ListSubscriptionsByTopic",
    "sns:Publish",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class AlertTopicsProps:
    """Whose topics these are, where each severity goes, and the key that encrypts them.

    ``identity`` names and tags the topics (``<prefix>-alerts-p0``) and gives the region of
    the alarm ARNs the policies admit. ``routing`` decides which severities get a topic
    (every routing target), their subscribers, and the existing topics used instead
    (``notifications.topic_arns``). ``kms_key_arn`` encrypts the topics the library creates.
    ``rds_event_source`` is deprecated and ignored (DeprecationWarning): RDS events no longer
    publish to a topic, they feed the ``rds-down`` alarm (``RdsDownEvents``).

    Example::

        AlertTopicsProps(
            identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
            routing=AlertRouting(notifications=Notifications(
                contacts={s: Contacts(emails=("team@example.com",)) for s in Severity})),
            kms_key_arn=key.arn,
        )
    """

    identity: ServiceIdentity
    routing: AlertRouting
    kms_key_arn: str
    rds_event_source: str | None = None

    def __post_init__(self) -> None:
        require_instance("alert_topics.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        require_instance("alert_topics.routing", self.routing, AlertRouting, "an AlertRouting(...)")
        require_arn("alert_topics.kms_key_arn", self.kms_key_arn, KMS_KEY)
        if self.rds_event_source is not None:
            warnings.warn("AlertTopicsProps.rds_event_source is deprecated and ignored: RDS events feed the rds-down "
                          "alarm, which the topic policy admits like any alarm", DeprecationWarning, stacklevel=3)


class AlertTopics(Construct):
    """``<service>-<env>-alerts-p0`` .. ``-p3``, one per severity the routing targets.

    Non-prod routes every severity to P3 by default, so it gets only the P3
    topic and never pages. Each topic is encrypted with the monitoring key and
    subscribes the severity's emails and HTTPS endpoints. Its policy (a custom
    topic policy replaces SNS's default, so every publisher is named):

    - the account may manage the topic;
    - ``cloudwatch.amazonaws.com`` may publish for exactly the alarms that
      notify this topic, by ARN (``admit``, called for each roll-up composite routed here),
      metric and composite alike (both are ``...:alarm:<name>``): another
      service's alarm whose name merely shares the prefix is refused;
    - publishing over plain HTTP is denied (``aws:SecureTransport``).

    A severity with an existing topic (``Notifications.topic_arns``) gets none of
    this: no topic, no policy, no subscription. Its alarms notify that ARN, and
    ``publishers(severity)`` lists the alarm ARNs its owner's topic policy (and
    key policy, for an encrypted topic) must admit: principal
    ``cloudwatch.amazonaws.com``, ``aws:SourceArn`` those alarms,
    ``aws:SourceAccount`` this account (README, "Existing topics").

    Example::

        topics = AlertTopics(stack, "Alerts", props=AlertTopicsProps(
            identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
            routing=AlertRouting(notifications=Notifications(
                contacts={s: Contacts(emails=("team@example.com",)) for s in Severity})),
            kms_key_arn=key.arn,
        ))
        topics.arn_for(Severity.P0)      # the topic a P0 alarm notifies here
        topics.publishers(Severity.P0)   # alarm ARNs that publish to it (for an existing topic's owner)
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: AlertTopicsProps) -> None:
        super().__init__(scope, construct_id)
        self.props = props
        routing = props.routing
        naming = Naming(props.identity)
        self._account = AccountContext.of(self)
        self.topics: dict[Severity, SnsTopic] = {}
        self.existing = {s: routing.notifications.topic_arns[s] for s in routing.topic_severities
                         if s in routing.notifications.topic_arns}
        self._documents: dict[Severity, DataAwsIamPolicyDocument] = {}
        self._admitted: dict[Severity, list[str]] = {severity: [] for severity in routing.topic_severities}
        self._alarm_arns: dict[str, str] = {}
        self._fixed_blocks: dict[Severity, dict[str, object]] = {}
        # Values of the runtime, read once: a policy is rewritten per alarm.
        self._topic_arns: dict[Severity, str] = {}
        self._root_principal = self._account.root_principal()
        self._account_id = self._account.account_id
        for severity in routing.own_topic_severities:
            level = severity.value.lower()
            topic = SnsTopic(
                self,
                severity.value,
                name=naming.topic_name(severity),
                kms_master_key_id=props.kms_key_arn,
                tags=naming.tags(f"alerts-{level}", "monitoring"),
            )
            self.topics[severity] = topic
            self._documents[severity] = policy_document(self, f"{severity.value}Policy", self._statements(severity))
            SnsTopicPolicy(
                self, f"{severity.value}TopicPolicy", arn=topic.arn, policy=self._documents[severity].json
            )
            contacts = routing.notifications.contacts_for(severity)
            for protocol, endpoints in (("email", contacts.emails), ("https", contacts.https_endpoints)):
                for index, endpoint in enumerate(endpoints):
                    SnsTopicSubscription(
                        self,
                        f"{severity.value}{protocol.capitalize()}{index}",
                        topic_arn=topic.arn,
                        protocol=protocol,
                        endpoint=endpoint,
                        # Paging services confirm HTTPS subscriptions themselves.
                        endpoint_auto_confirms=True if protocol == "https" else None,
                    )

    @property
    def arns(self) -> dict[Severity, str]:
        """Every routing target's topic ARN, ours or existing, in P0..P3 order."""
        return {severity: self._arn(severity) for severity in self.props.routing.topic_severities}

    def arn_for(self, severity: Severity) -> str:
        """The ARN of the topic that alarms of ``severity`` notify in this environment."""
        return self._arn(self.props.routing.routed_severity(severity))

    def _arn(self, topic: Severity) -> str:
        return self.existing[topic] if topic in self.existing else self.topics[topic].arn

    def admit(self, alarm_name: str, topic: Severity) -> None:
        """Let the CloudWatch alarm ``alarm_name`` publish to ``topic``'s topic (a routing target).

        For an existing topic the alarm is only recorded in ``publishers``: its policy is its owner's.
        """
        self._admitted[topic].append(alarm_name)
        self._rewrite(topic)

    def publishers(self, severity: Severity) -> list[str]:
        """ARNs of the alarms that publish to ``severity``'s topic (a routing target) so far.

        For an existing topic, what its owner's topic policy (and key policy) must admit as
        ``aws:SourceArn``; alarms added later (``monitor_*``, ``add_alarm``) are included when
        read after them, e.g. in a ``TerraformOutput`` created last.
        """
        return [self._alarm_arn(name) for name in self._admitted[severity]]

    def _alarm_arn(self, alarm_name: str) -> str:
        # Each ARN is a Terraform join() made through the runtime; a policy is rewritten as alarms
        # arrive, so each ARN is built once (synthesis time grows with alarms, not alarms squared).
        if alarm_name not in self._alarm_arns:
            self._alarm_arns[alarm_name] = self._account.arn("cloudwatch", self.props.identity.region,
                                                            f"alarm:{alarm_name}")
        return self._alarm_arns[alarm_name]

    def _rewrite(self, topic: Severity) -> None:
        if topic not in self._documents:  # an existing topic's policy is its owner's
            return
        # Only the alarms' statement changes as alarms arrive: the other blocks are built once
        # (each block is an object of the runtime, and a policy is rewritten per alarm).
        statements = self._statements(topic)
        if topic not in self._fixed_blocks:
            self._fixed_blocks[topic] = {
                st.sid: block for st, block in zip(statements, statement_blocks(statements))
                if st.sid != _ALARMS_SID
            }
        fixed = self._fixed_blocks[topic]
        blocks = [fixed.get(st.sid) or statement_blocks([st])[0] for st in statements]
        self._documents[topic].put_statement(blocks)

    def _statements(self, topic: Severity) -> list[Statement]:
        topic_arn = self._topic_arns.setdefault(topic, self.topics[topic].arn)
        statements = [
            Statement(
                sid="AccountOwner",
                actions=_OWNER_ACTIONS,
                resources=[topic_arn],
                principals={"AWS": [self._root_principal]},
            )
        ]
        alarms = self._admitted[topic]
        if alarms:
            statements.append(
                Statement(
                    sid=_ALARMS_SID,
                    actions=["sns:Publish"],
                    resources=[topic_arn],
                    principals={"Service": ["cloudwatch.amazonaws.com"]},
                    conditions=[
                        ("StringEquals", "aws:SourceAccount", [self._account_id]),
                        ("ArnEquals", "aws:SourceArn", [self._alarm_arn(name) for name in alarms]),
                    ],
                )
            )
        statements.append(
            Statement(
                sid="DenyPublishWithoutTls",
                effect="Deny",
                actions=["sns:Publish"],
                resources=[topic_arn],
                principals={"*": ["*"]},
                conditions=[("Bool", "aws:SecureTransport", ["false"])],
            )
        )
        return statements
