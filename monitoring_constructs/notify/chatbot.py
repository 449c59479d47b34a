"""SlackAlerts: severity topics into Slack channels through AWS Chatbot.

The seed's response checklist posts P0 to ``#incidents`` and P1 to
``#platform``. Each configured severity that has a topic here gets its Slack
channel subscribed through an ``aws_chatbot_slack_channel_configuration``.
Severities sharing one channel share one configuration (one configuration per
Slack channel, listing all its topics).

Routing is respected: non-prod has only the P3 topic by default, so only the P3
channel is configured there and ``#incidents`` never hears from dev.

Region: Chatbot's API exists only in us-east-2, us-west-2, ap-southeast-1 and
eu-west-1, so the channel configurations are created through an aliased AWS
provider (``aws.chatbot``) in one of them: the one nearest to the stack's
region unless ``region`` names another. That provider copies the stack's
default provider's ``profile``, ``assume_role``, ``allowed_account_ids`` and
``default_tags``; pass your own ``provider`` for anything else. The topics
stay in the stack's region (Chatbot reads topics of every region).

Least privilege:
- the channel role is trusted by ``chatbot.amazonaws.com`` only (with an
  ``aws:SourceAccount`` condition) and may only read CloudWatch alarms and
  metrics (to render the alarm chart in the message);
- the channel guardrail is ``CloudWatchReadOnlyAccess`` (instead of the
  ``AdministratorAccess`` Chatbot applies when none is given), so nobody can
  run a mutating command from Slack, whatever role they map to. Other
  guardrails must come from ``READ_ONLY_GUARDRAILS``, an allow-list of
  read-only AWS managed policies.

The Slack workspace must be authorized once in the AWS Chatbot console; its
workspace (team) id starts with ``T``, channel ids with ``C`` (or ``G`` for private channels).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .._cdk import (
    AwsProvider,
    ChatbotSlackChannelConfiguration,
    Construct,
    Fn,
    IamRole,
    IamRolePolicy,
    TerraformStack,
)
from ..infra.account import AccountContext
from ..core.regions import chatbot_region_for, require_chatbot_region
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..infra.policy import Statement, policy_document, trust_policy
from ..core.severity import Severity
from ..core.contacts import SlackChannel
from ..core.validation import SNS_TOPIC, require_arn, require_instance, require_mapping, require_one_of, require_tuple

SLACK_WORKSPACE_ID = re.compile(r"^[0-9A-Z]{1,255}$")
SLACK_CHANNEL_ID = re.compile(r"^[A-Za-z0-9]{1,255}$")
LOGGING_LEVELS = ("ERROR", "INFO", "NONE")
DEFAULT_GUARDRAIL = "CloudWatchReadOnlyAccess"
# What the channel role may do: read the alarm and its metric for the message's chart.
# AWS's "Notification permissions" template grants cloudwatch:Describe*, Get* and List*
# on "*"; that also reaches every dashboard, metric stream, SLO and alarm of the account.
# The IAM database: the alarm reads take an alarm ARN, the metric reads support no resource.
_ALARM_READ_ACTIONS = ("cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmHistory")
_METRIC_READ_ACTIONS = (
    "cloudwatch:DescribeAlarmsForMetric",
    "cloudwatch:GetMetricData",
    "cloudwatch:GetMetricStatistics",
    "cloudwatch:GetMetricWidgetImage",
    "cloudwatch:ListMetrics",
)
# Read-only AWS managed policies a channel guardrail may use: the account-wide one and those
# of the services this library monitors (each checked against AWS's managed policy list in a test).
READ_ONLY_GUARDRAILS = (
    "ReadOnlyAccess",
    "CloudWatchReadOnlyAccess",
    "CloudWatchLogsReadOnlyAccess",
    "CloudWatchApplicationInsightsReadOnlyAccess",
    "CloudWatchSyntheticsReadOnlyAccess",
    "AWSXrayReadOnlyAccess",
    "AmazonEC2ReadOnlyAccess",
    "AmazonVPCReadOnlyAccess",
    "ElasticLoadBalancingReadOnly",
    "AutoScalingReadOnlyAccess",
    "AmazonRDSReadOnlyAccess",
    "AmazonElastiCacheReadOnlyAccess",
    "AmazonSNSReadOnlyAccess",
    "AWSLambda_ReadOnlyAccess",
    "AmazonEventBridgeReadOnlyAccess",
    "AWSCloudFormationReadOnlyAccess",
    "AWSResourceGroupsReadOnlyAccess",
    "ResourceGroupsandTagEditorReadOnlyAccess",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class SlackAlertsProps:
    """Which Slack channel each severity's topic posts to.

    ``identity``: names and tags the role and configurations; its region picks the
    default Chatbot region and the alarms the role may read.
    ``channels``: severity -> channel; severities without a topic in
    ``topic_arns`` (routed elsewhere in this environment) are ignored.
    ``topic_arns``: severity -> topic ARN, e.g. ``topics.arns`` (ours and existing ones).
    ``guardrail_policies``: AWS managed policy names (default ``CloudWatchReadOnlyAccess``).
    ``logging_level``: Chatbot's own CloudWatch logging (ERROR, INFO or NONE; default ERROR).
    ``region``: a Chatbot region (default: the one nearest to ``identity.region``).
    ``provider``: an AWS provider of yours in a Chatbot region (default: an ``aws.chatbot``
    alias of the stack's default provider in ``region``).
    """

    identity: ServiceIdentity
    channels: Mapping[Severity, SlackChannel]
    topic_arns: Mapping[Severity, str]
    guardrail_policies: tuple[str, ...] = (DEFAULT_GUARDRAIL,)
    logging_level: str = "ERROR"
    user_authorization_required: bool = True
    region: str | None = None
    provider: AwsProvider | None = None

    def __post_init__(self) -> None:
        require_instance("slack.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        object.__setattr__(self, "channels", require_mapping("slack.channels", self.channels, "Severity -> channel"))
        object.__setattr__(self, "topic_arns", require_mapping("slack.topic_arns", self.topic_arns, "Severity -> ARN"))
        if not self.channels:
            raise MonitoringConfigError("slack.channels", dict(self.channels), "at least one severity -> SlackChannel")
        for severity, channel in self.channels.items():
            require_one_of("slack.channels", severity, tuple(Severity))
            if not isinstance(channel, SlackChannel):
                raise MonitoringConfigError(f"slack.channels[{severity.value}]", channel, "a SlackChannel(...)")
        for severity, arn in self.topic_arns.items():
            require_one_of("slack.topic_arns", severity, tuple(Severity))
            require_arn(f"slack.topic_arns[{severity.value}]", arn, SNS_TOPIC)
        object.__setattr__(
            self, "guardrail_policies",
            require_tuple("slack.guardrail_policies", self.guardrail_policies, "AWS managed policy names"),
        )
        if not self.guardrail_policies:
            raise MonitoringConfigError(
                "slack.guardrail_policies", self.guardrail_policies,
                "at least one policy (without one, Chatbot applies AdministratorAccess)",
            )
        read_only = "a read-only policy, one of the AWS managed " + ", ".join(READ_ONLY_GUARDRAILS)
        for name in self.guardrail_policies:
            if not isinstance(name, str) or name not in READ_ONLY_GUARDRAILS:
                raise MonitoringConfigError("slack.guardrail_policies", name, read_only)
        require_one_of("slack.logging_level", self.logging_level, LOGGING_LEVELS)
        if not isinstance(self.user_authorization_required, bool):
            raise MonitoringConfigError("slack.user_authorization_required", self.user_authorization_required, "True or False")
        if self.region is not None:
            require_chatbot_region("slack.region", self.region)
        if self.provider is not None:
            if not isinstance(self.provider, AwsProvider):
                raise MonitoringConfigError("slack.provider", self.provider, "an AwsProvider in a Chatbot region")
            require_chatbot_region("slack.provider.region", self.provider.region)


class SlackAlerts(Construct):
    """One Chatbot Slack channel configuration per channel, with a read-only role.

    Example::

        SlackAlerts(stack, "Slack", props=SlackAlertsProps(
            identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
            channels={
                Severity.P0: SlackChannel(workspace_id="T07EA123LEP", channel_id="C0INCIDENT"),
                Severity.P1: SlackChannel(workspace_id="T07EA123LEP", channel_id="C0PLATFORM"),
            },
            topic_arns=topics.arns,
        ))
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: SlackAlertsProps) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(props.identity)
        account = AccountContext.of(self)

        # channel -> the severities (P0..P3 order) whose topic posts there
        by_channel: dict[SlackChannel, list[Severity]] = {}
        for severity in Severity:
            channel = props.channels.get(severity)
            if channel is not None and severity in props.topic_arns:
                by_channel.setdefault(channel, []).append(severity)
        self.configurations: dict[SlackChannel, ChatbotSlackChannelConfiguration] = {}
        if not by_channel:
            self.role = None
            return

        trust = trust_policy(self, "Trust", sid="ChatbotAssumesRole", service="chatbot.amazonaws.com", account_id=account.account_id)
        self.role = IamRole(
            self,
            "Role",
            name=naming.iam_role("chatbot"),
            description=f"AWS Chatbot: read-only CloudWatch access for the {naming.prefix} alert channels",
            assume_role_policy=trust.json,
            tags=naming.tags("chatbot", "monitoring"),
        )
        permissions = policy_document(
            self,
            "Permissions",
            [
                Statement(
                    sid="ReadThisServicesAlarms",
                    actions=_ALARM_READ_ACTIONS,
                    resources=[account.arn("cloudwatch", props.identity.region, f"alarm:{naming.prefix}-*")],
                ),
                Statement(sid="ReadMetrics", actions=_METRIC_READ_ACTIONS),
            ],
        )
        IamRolePolicy(self, "RolePolicy", name="read-cloudwatch", role=self.role.id, policy=permissions.json)
        guardrails = [Fn.join("", ["arn:", account.partition, ":iam::aws:policy/", name]) for name in props.guardrail_policies]
        self.provider = props.provider or chatbot_provider(self, props.region or chatbot_region_for(props.identity.region))

        for channel, severities in by_channel.items():
            suffix = "slack-" + "-".join(severity.value.lower() for severity in severities)
            self.configurations[channel] = ChatbotSlackChannelConfiguration(
                self,
                suffix,
                configuration_name=naming.chatbot_configuration(suffix),
                provider=self.provider,
                iam_role_arn=self.role.arn,
                slack_team_id=channel.workspace_id,
                slack_channel_id=channel.channel_id,
                sns_topic_arns=[props.topic_arns[severity] for severity in severities],
                guardrail_policy_arns=guardrails,
                logging_level=props.logging_level,
                user_authorization_required=props.user_authorization_required,
                tags=naming.tags(suffix, "monitoring"),
            )


CHATBOT_PROVIDER_ALIAS = "chatbot"
# What the Chatbot provider takes over from the stack's default provider: which
# account and credentials it acts in, and the tags every resource gets.
_INHERITED_PROVIDER_SETTINGS = ("profile", "assume_role", "allowed_account_ids", "default_tags")


def chatbot_provider(scope: Construct, region: str) -> AwsProvider:
    """The stack's ``aws.chatbot`` provider in ``region``, created once per stack."""
    stack = TerraformStack.of(scope)
    construct_id = f"ChatbotProvider-{region}"
    existing = stack.node.try_find_child(construct_id)
    if isinstance(existing, AwsProvider):
        return existing
    if any(isinstance(c, AwsProvider) and c.alias == CHATBOT_PROVIDER_ALIAS for c in stack.node.children):
        raise MonitoringConfigError(
            "notifications.slack_region", region, "one Chatbot region per stack (an aws.chatbot provider exists already)"
        )
    default = next((c for c in stack.node.children if isinstance(c, AwsProvider) and c.alias is None), None)
    inherited = {} if default is None else {
        name: getattr(default, name) for name in _INHERITED_PROVIDER_SETTINGS if getattr(default, name) is not None
    }
    return AwsProvider(stack, construct_id, alias=CHATBOT_PROVIDER_ALIAS, region=region, **inherited)
