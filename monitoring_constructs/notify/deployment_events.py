"""EcsDeploymentEvents: a failed ECS deployment (the circuit breaker rolled it back) reaches the alert topics.

No CloudWatch metric counts failed deployments. ECS sends an EventBridge event,
detail-type ``ECS Deployment State Change`` with ``eventName``
``SERVICE_DEPLOYMENT_FAILED``, when "a service deployment did not reach the steady
state ... when a CloudWatch alarm is triggered or the circuit breaker detects a
service deployment failure" (Amazon ECS Developer Guide, "Amazon ECS service
deployment state change events"); its ``resources`` hold the service's ARN. A rule
per service sends that event to the topic of ``EcsServiceTarget.deployment_failures``.

How EventBridge may publish: the EventBridge User Guide ("Using resource-based
policies for Amazon EventBridge", "Amazon SNS permissions") says "You can't use
``Condition`` blocks in Amazon SNS topic policies for EventBridge", so a topic
statement for ``events.amazonaws.com`` could not be confined to this rule (any
account's rule could publish). Since March 2025 EventBridge accepts an IAM
execution role for SNS targets, so the target names a role of its own:

- its trust policy lets ``events.amazonaws.com`` assume it for this rule only
  (``aws:SourceArn`` = the rule, ``aws:SourceAccount``; EventBridge User Guide,
  "Cross-service confused deputy prevention");
- the role's own policy allows ``sns:Publish`` on that topic (same account: the
  topic policy's account-owner statement leaves it to IAM policies);
- the role may use the topic's KMS key for that topic only
  (``kms:EncryptionContext:aws:sns:topicArn``): SNS encrypts with the publisher's
  permissions (SNS Developer Guide, "Key management").

Example::

    events = EcsDeploymentEvents(stack, "DeploymentEvents", topics=topics, props=EcsDeploymentEventsProps(
        identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
        routing=AlertRouting(), kms_key_arn=key.arn))
    events.add(EcsServiceTarget(cluster_name="main", service_name="orders"))
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .._cdk import CloudwatchEventRule, CloudwatchEventTarget, Construct, Fn, IamRole, IamRolePolicy
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..core.routing import AlertRouting
from ..core.targets import EcsServiceTarget
from ..core.validation import KMS_KEY, require_arn, require_instance
from ..infra.account import AccountContext
from ..infra.policy import Statement, policy_document, trust_policy
from .topics import AlertTopics

KEY = "ecs-deployment-failed"
# The rule's and role's name suffix (12 characters): short enough that the longest prefix the
# other generated names allow (51, without the archive bucket) still fits EventBridge's 64.
NAME_SUFFIX = "deploy-fails"
EVENT_SOURCE = "aws.ecs"
DETAIL_TYPE = "ECS Deployment State Change"
FAILED = "SERVICE_DEPLOYMENT_FAILED"
EVENTS_PRINCIPAL = "events.amazonaws.com"


@dataclass(frozen=True, kw_only=True, slots=True)
class EcsDeploymentEventsProps:
    """Whose rules these are, where each severity goes, and the key of the library's topics.

    ``identity`` names and tags the rules and roles (``<prefix>-deploy-fails``) and gives
    the region of the services' ARNs. ``routing`` says which topic a service's
    ``deployment_failures`` severity notifies (the same routing as ``topics``).
    ``kms_key_arn`` encrypts the library's topics: a role may use it for its topic only.

    Example::

        EcsDeploymentEventsProps(identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
                                 routing=AlertRouting(), kms_key_arn=key.arn)
    """

    identity: ServiceIdentity
    routing: AlertRouting
    kms_key_arn: str

    def __post_init__(self) -> None:
        require_instance("deployment_events.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        require_instance("deployment_events.routing", self.routing, AlertRouting, "an AlertRouting(...)")
        require_arn("deployment_events.kms_key_arn", self.kms_key_arn, KMS_KEY)


class EcsDeploymentEvents(Construct):
    """``<service>-<env>-deploy-fails[-<n>]``: one rule (and delivery role) per ECS service.

    ``rules`` holds what ``add`` created; a service whose ``deployment_failures``
    is None gets nothing.
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: EcsDeploymentEventsProps,
                 topics: AlertTopics) -> None:
        super().__init__(scope, construct_id)
        self._props = props
        self._topics = topics
        self._naming = Naming(props.identity)
        self._account = AccountContext.of(self)
        self.rules: list[CloudwatchEventRule] = []

    def add(self, service: EcsServiceTarget) -> CloudwatchEventRule | None:
        """The rule sending ``service``'s failed deployments to the topic of its ``deployment_failures`` severity."""
        severity = service.deployment_failures
        if severity is None:
            return None
        index = len(self.rules) + 1
        suffix = NAME_SUFFIX if index == 1 else f"{NAME_SUFFIX}-{index}"
        rule_name, role_name = self._naming.event_rule(suffix), self._naming.iam_role(suffix)
        region, account = self._props.identity.region, self._account
        routed = self._props.routing.routed_severity(severity)
        service_arn = account.arn("ecs", region, Fn.join("", ["service/", service.cluster_name, "/", service.service_name]))
        tags = self._naming.tags(suffix, "monitoring") | {"Severity": routed.value}
        rule = CloudwatchEventRule(
            self, f"Rule{index}", name=rule_name, tags=tags,
            description=f"Failed deployments (circuit breaker) of ECS service {service.service_name}",
            event_pattern=json.dumps({
                "source": [EVENT_SOURCE],
                "detail-type": [DETAIL_TYPE],
                "resources": [service_arn],
                "detail": {"eventName": [FAILED]},
            }, separators=(",", ":")),
        )
        topic_arn = self._topics.arn_for(severity)
        trust = trust_policy(self, f"Trust{index}", sid="EventBridgeForThisRule", service=EVENTS_PRINCIPAL,
                             account_id=account.account_id, source_arn=rule.arn)
        role = IamRole(self, f"Role{index}", name=role_name, assume_role_policy=trust.json, tags=tags,
                       description=f"EventBridge delivers {rule_name} events to the alert topic")
        statements = [Statement(sid="PublishToTheAlertTopic", actions=["sns:Publish"], resources=[topic_arn])]
        if routed in self._topics.topics:
            # Our topic, our key; an existing topic's key (if any) is its owner's to grant.
            statements.append(Statement(
                sid="EncryptForTheAlertTopic", actions=["kms:GenerateDataKey", "kms:Decrypt"],
                resources=[self._props.kms_key_arn],
                conditions=[("StringEquals", "kms:EncryptionContext:aws:sns:topicArn", [topic_arn])],
            ))
        publish = policy_document(self, f"Publish{index}", statements)
        IamRolePolicy(self, f"RolePolicy{index}", name="publish-to-alert-topic", role=role.id, policy=publish.json)
        CloudwatchEventTarget(self, f"Target{index}", rule=rule.name, target_id="alert-topic", arn=topic_arn,
                              role_arn=role.arn)
        self.rules.append(rule)
        return rule
