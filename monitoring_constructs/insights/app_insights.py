"""AppInsights: the seed's resource group and CloudWatch Application Insights application.

The resource group selects this service's resources of the seed's six types
by the ``Service`` and ``Environment`` tags that every resource of this
library (and of the service team, if they use ``Naming.tags``) carries.

Example::

    insights = AppInsights(stack, "Insights", props=AppInsightsProps(
        identity=ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2")))
    insights.group.name   # "fileflow-prod-resources"
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .._cdk import (
    ApplicationinsightsApplication,
    Construct,
    ResourcegroupsGroup,
    ResourcegroupsGroupResourceQuery,
)
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..core.validation import SNS_TOPIC, require_arn, require_bool, require_instance, require_tuple, require_unique

# The seed's six resource types.
SEED_RESOURCE_TYPES = (
    "AWS::ECS::Service",
    "AWS::RDS::DBInstance",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::SQS::Queue",
    "AWS::S3::Bucket",
)
RESOURCE_TYPE = re.compile(r"^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$")


@dataclass(frozen=True, kw_only=True, slots=True)
class AppInsightsProps:
    """Whose resources the group selects, of which types, and how Application Insights reports.

    ``identity`` names and tags the group and the application; the group
    selects resources tagged with its ``Service`` and ``Environment``.
    ``cwe_monitor_enabled`` lets Application Insights read CloudWatch Events
    (ECS task state changes, RDS events...). ``ops_item_sns_topic_arn``
    (may be a token) turns on OpsCenter items and notifies that topic.

    Example::

        AppInsightsProps(identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
                         resource_types=("AWS::ECS::Service", "AWS::SQS::Queue"))
    """

    identity: ServiceIdentity
    resource_types: tuple[str, ...] = SEED_RESOURCE_TYPES
    cwe_monitor_enabled: bool = True
    ops_item_sns_topic_arn: str | None = None

    def __post_init__(self) -> None:
        require_instance("app_insights.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        object.__setattr__(
            self, "resource_types",
            require_tuple("app_insights.resource_types", self.resource_types, "CloudFormation resource types"),
        )
        if not self.resource_types:
            raise MonitoringConfigError("app_insights.resource_types", self.resource_types, "at least one resource type")
        for index, kind in enumerate(self.resource_types):
            if not isinstance(kind, str) or not RESOURCE_TYPE.fullmatch(kind):
                raise MonitoringConfigError(
                    f"app_insights.resource_types[{index}]", kind, "a CloudFormation type like AWS::ECS::Service"
                )
        require_unique("app_insights.resource_types", self.resource_types)
        require_bool("app_insights.cwe_monitor_enabled", self.cwe_monitor_enabled)
        if self.ops_item_sns_topic_arn is not None:
            require_arn("app_insights.ops_item_sns_topic_arn", self.ops_item_sns_topic_arn, SNS_TOPIC)


def resource_query(identity: ServiceIdentity, resource_types: tuple[str, ...]) -> dict[str, object]:
    """The TAG_FILTERS_1_0 query: the types, filtered by this service's Service and Environment tags."""
    return {
        "ResourceTypeFilters": list(resource_types),
        "TagFilters": [
            {"Key": "Service", "Values": [identity.service]},
            {"Key": "Environment", "Values": [identity.environment]},
        ],
    }


class AppInsights(Construct):
    """``<service>-<env>-resources`` resource group and its Application Insights application.

    ``auto_config_enabled`` and ``auto_create`` as in the seed: Application
    Insights picks the monitors for the detected resources and keeps the
    application in step with the group.

    Example::

        AppInsights(stack, "Insights", props=AppInsightsProps(
            identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
            ops_item_sns_topic_arn=topics.arn_for(Severity.P3)))
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        props: AppInsightsProps,
    ) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(props.identity)
        self.group = ResourcegroupsGroup(
            self,
            "ResourceGroup",
            name=naming.resource_group(),
            # AWS allows letters, digits, spaces, "_", "." and "-" only (no parentheses).
            description=f"Resources of {naming.prefix} by Service and Environment tags",
            resource_query=ResourcegroupsGroupResourceQuery(
                type="TAG_FILTERS_1_0",
                # Literal data only (service and environment are plain strings): deterministic JSON.
                query=json.dumps(resource_query(props.identity, props.resource_types)),
            ),
            tags=naming.tags("resource-group", "monitoring"),
        )
        self.application = ApplicationinsightsApplication(
            self,
            "Application",
            resource_group_name=self.group.name,
            auto_config_enabled=True,
            auto_create=True,
            cwe_monitor_enabled=props.cwe_monitor_enabled,
            ops_center_enabled=props.ops_item_sns_topic_arn is not None,
            ops_item_sns_topic_arn=props.ops_item_sns_topic_arn,
            tags=naming.tags("insights", "monitoring"),
        )


__all__ = ["AppInsights", "AppInsightsProps", "SEED_RESOURCE_TYPES", "resource_query"]
