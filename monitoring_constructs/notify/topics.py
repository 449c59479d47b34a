"""One encrypted SNS topic per severity, with its subscribers and a publish policy."""

from __future__ import annotations

from .._cdk import Construct, DataAwsIamPolicyDocument, SnsTopic, SnsTopicPolicy, SnsTopicSubscription
from ..infra.account import AccountContext
from ..core.naming import Naming
from ..infra.policy import Statement, policy_document, statement_blocks
from ..core.settings import MonitoringSettings
from ..core.severity import Severity

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


class AlertTopics(Construct):
    """``<service>-<env>-alerts-p0`` .. ``-p3``, one per severity the routing targets.

    Non-prod routes every severity to P3 by default, so it gets only the P3
    topic and never pages. Each topic is encrypted with the monitoring key and
    subscribes the severity's emails and HTTPS endpoints. Its policy (a custom
    topic policy replaces SNS's default, so every publisher is named):

    - the account may manage the topic;
    - ``cloudwatch.amazonaws.com`` may publish for exactly the alarms that
      notify this topic, by ARN (``admit_alarm``, called by the AlarmFactory),
      metric and composite alike (both are ``...:alarm:<name>``): another
      service's alarm whose name merely shares the prefix is refused;
    - with a shared RDS, ``events.rds.amazonaws.com`` may publish to the P0
      topic for that DB instance (AWS evaluates ``aws:SourceArn`` as the RDS
      resource ARN ``...:db:<identifier>``, not the event subscription's);
    - publishing over plain HTTP is denied (``aws:SecureTransport``).

    Example::

        topics = AlertTopics(stack, "Alerts", settings=settings, kms_key_arn=key.arn)
        topics.arn_for(Severity.P0)  # the topic a P0 alarm notifies here
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, settings: MonitoringSettings, kms_key_arn: str
    ) -> None:
        super().__init__(scope, construct_id)
        self._settings = settings
        naming = Naming(settings)
        self._account = AccountContext.of(self)
        self.topics: dict[Severity, SnsTopic] = {}
        self._documents: dict[Severity, DataAwsIamPolicyDocument] = {}
        self._admitted: dict[Severity, list[str]] = {}
        for severity in settings.topic_severities:
            level = severity.value.lower()
            topic = SnsTopic(
                self,
                severity.value,
                name=naming.topic_name(severity),
                kms_master_key_id=kms_key_arn,
                tags=naming.tags(f"alerts-{level}", "monitoring"),
            )
            self.topics[severity] = topic
            self._admitted[severity] = []
            self._documents[severity] = policy_document(self, f"{severity.value}Policy", self._statements(severity))
            SnsTopicPolicy(
                self, f"{severity.value}TopicPolicy", arn=topic.arn, policy=self._documents[severity].json
            )
            contacts = settings.notifications.contacts_for(severity)
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

    def arn_for(self, severity: Severity) -> str:
        """The ARN of the topic that alarms of ``severity`` notify in this environment."""
        return self.topics[self._settings.routed_severity(severity)].arn

    def admit_alarm(self, alarm_name: str, severity: Severity) -> None:
        """Let the CloudWatch alarm ``alarm_name`` (of ``severity``, before routing) publish to its topic."""
        topic = self._settings.routed_severity(severity)
        self._admitted[topic].append(alarm_name)
        self._rewrite(topic)

    def withdraw_alarm(self, alarm_name: str, severity: Severity) -> None:
        """The alarm ``alarm_name`` no longer notifies its topic (a composite does for it): refuse it again."""
        topic = self._settings.routed_severity(severity)
        self._admitted[topic].remove(alarm_name)
        self._rewrite(topic)

    def _rewrite(self, topic: Severity) -> None:
        self._documents[topic].put_statement(statement_blocks(self._statements(topic)))

    def _statements(self, topic: Severity) -> list[Statement]:
        account, settings = self._account, self._settings
        topic_arn = self.topics[topic].arn
        statements = [
            Statement(
                sid="AccountOwner",
                actions=_OWNER_ACTIONS,
                resources=[topic_arn],
                principals={"AWS": [account.root_principal()]},
            )
        ]
        alarms = self._admitted[topic]
        if alarms:
            statements.append(
                Statement(
                    sid="CloudWatchAlarmsOfThisService",
                    actions=["sns:Publish"],
                    resources=[topic_arn],
                    principals={"Service": ["cloudwatch.amazonaws.com"]},
                    conditions=[
                        ("StringEquals", "aws:SourceAccount", [account.account_id]),
                        ("ArnEquals", "aws:SourceArn", [account.arn("cloudwatch", settings.region, f"alarm:{name}") for name in alarms]),
                    ],
                )
            )
        rds = settings.resources.shared_rds_identifier
        if rds is not None and settings.routed_severity(Severity.P0) is topic:
            statements.append(
                Statement(
                    sid="RdsEventsOfTheSharedInstance",
                    actions=["sns:Publish"],
                    resources=[topic_arn],
                    principals={"Service": ["events.rds.amazonaws.com"]},
                    conditions=[
                        ("StringEquals", "aws:SourceAccount", [account.account_id]),
                        ("ArnEquals", "aws:SourceArn", [account.arn("rds", settings.region, f"db:{rds}")]),
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
