"""One encrypted SNS topic per severity, with its subscribers and a publish policy."""

from __future__ import annotations

from ._cdk import Construct, SnsTopic, SnsTopicPolicy, SnsTopicSubscription
from .account import AccountContext
from .naming import Naming
from .policy import Statement, policy_document
from .settings import MonitoringSettings
from .severity import Severity

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
    topic and never pages. Each topic is encrypted with the monitoring key,
    lets CloudWatch alarms of this service (same account, alarm names with the
    service prefix) publish (and, with a shared RDS, this service's RDS event
    subscriptions), and subscribes the severity's emails and HTTPS endpoints. Contacts of a severity that is routed elsewhere are not used.

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
        account = AccountContext.of(self)
        alarm_arns = account.arn("cloudwatch", settings.region, f"alarm:{naming.prefix}-*")
        rds_event_subscriptions = account.arn("rds", settings.region, f"es:{naming.prefix}-*")
        has_rds = settings.resources.shared_rds_identifier is not None
        self.topics: dict[Severity, SnsTopic] = {}
        for severity in settings.topic_severities:
            level = severity.value.lower()
            topic = SnsTopic(
                self,
                severity.value,
                name=naming.topic_name(severity),
                kms_master_key_id=kms_key_arn,
                tags=naming.tags(f"alerts-{level}", "monitoring"),
            )
            document = policy_document(
                self,
                f"{severity.value}Policy",
                [
                    Statement(
                        sid="AccountOwner",
                        actions=_OWNER_ACTIONS,
                        resources=[topic.arn],
                        principals={"AWS": [account.root_principal()]},
                    ),
                    Statement(
                        sid="CloudWatchAlarmsOfThisService",
                        actions=["sns:Publish"],
                        resources=[topic.arn],
                        principals={"Service": ["cloudwatch.amazonaws.com"]},
                        conditions=[
                            ("StringEquals", "aws:SourceAccount", [account.account_id]),
                            ("ArnLike", "aws:SourceArn", [alarm_arns]),
                        ],
                    ),
                    *(
                        [
                            Statement(
                                sid="RdsEventsOfThisService",
                                actions=["sns:Publish"],
                                resources=[topic.arn],
                                principals={"Service": ["events.rds.amazonaws.com"]},
                                conditions=[
                                    ("StringEquals", "aws:SourceAccount", [account.account_id]),
                                    ("ArnLike", "aws:SourceArn", [rds_event_subscriptions]),
                                ],
                            )
                        ]
                        if has_rds
                        else []
                    ),
                ],
            )
            SnsTopicPolicy(self, f"{severity.value}TopicPolicy", arn=topic.arn, policy=document.json)
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
            self.topics[severity] = topic

    def arn_for(self, severity: Severity) -> str:
        """The ARN of the topic that alarms of ``severity`` notify in this environment."""
        return self.topics[self._settings.routed_severity(severity)].arn
