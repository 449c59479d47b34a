"""The one module that imports cdktf, constructs and the AWS provider bindings.

Why one module: CDKTF was archived on 2025-12-10 and its maintained fork (CDK
Terrain, ``cdktn``) differs by import names only, so a move touches this file.

Why the lazy loader: ``import cdktf_cdktf_provider_aws.<anything>`` runs the
package ``__init__``, which imports all ~2,200 resource submodules (~10 s).
The submodules only need the package object and its ``_jsii`` assembly
loader, so we register the package module without executing its ``__init__``
and import just the submodules listed below (~2.5 s, byte-identical output;
``tests/test_fast_import.py`` proves it). Set
``MONITORING_CONSTRUCTS_EAGER_IMPORT=1`` to import the package the normal way.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from types import ModuleType

_PROVIDER_PACKAGE = "cdktf_cdktf_provider_aws"
EAGER_IMPORT_VARIABLE = "MONITORING_CONSTRUCTS_EAGER_IMPORT"


def _register_lazy_package(name: str) -> None:
    """Put ``name`` in ``sys.modules`` without running its ``__init__``.

    Attribute access on the package (``pkg.cloudwatch_log_group``) imports that
    submodule on first use (PEP 562 ``__getattr__``), so code written against
    the eager package keeps working.
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError(f"{name} is not installed as a package")
    package = importlib.util.module_from_spec(spec)

    def __getattr__(attribute: str) -> ModuleType:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        try:
            return importlib.import_module(f"{name}.{attribute}")
        except ModuleNotFoundError as missing:
            raise AttributeError(f"module {name!r} has no attribute {attribute!r}") from missing

    package.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules[name] = package


if os.environ.get(EAGER_IMPORT_VARIABLE, "") not in ("", "0"):
    importlib.import_module(_PROVIDER_PACKAGE)
else:
    _register_lazy_package(_PROVIDER_PACKAGE)

# Every name the library uses from cdktf / constructs / the provider.
from cdktf import (  # noqa: E402
    App,
    AssetType,
    Fn,
    ITerraformDependable,
    LocalBackend,
    Postcondition,
    S3Backend,
    TerraformAsset,
    TerraformOutput,
    TerraformResourceLifecycle,
    TerraformStack,
    TerraformVariable,
    Testing,
    Token,
)
from constructs import Construct  # noqa: E402

from .core.tokens import is_token  # noqa: E402  (re-exported: constructs check tokens through _cdk)

from cdktf_cdktf_provider_aws.applicationinsights_application import ApplicationinsightsApplication  # noqa: E402
from cdktf_cdktf_provider_aws.chatbot_slack_channel_configuration import ChatbotSlackChannelConfiguration  # noqa: E402
from cdktf_cdktf_provider_aws.cloudwatch_composite_alarm import (  # noqa: E402
    CloudwatchCompositeAlarm,
    CloudwatchCompositeAlarmActionsSuppressor,
)
from cdktf_cdktf_provider_aws.cloudwatch_dashboard import CloudwatchDashboard  # noqa: E402
from cdktf_cdktf_provider_aws.cloudwatch_event_rule import CloudwatchEventRule  # noqa: E402
from cdktf_cdktf_provider_aws.cloudwatch_event_target import (  # noqa: E402
    CloudwatchEventTarget,
    CloudwatchEventTargetRetryPolicy,
)
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup  # noqa: E402
from cdktf_cdktf_provider_aws.cloudwatch_log_metric_filter import (  # noqa: E402
    CloudwatchLogMetricFilter,
    CloudwatchLogMetricFilterMetricTransformation,
)
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import (  # noqa: E402
    CloudwatchMetricAlarm,
    CloudwatchMetricAlarmMetricQuery,
    CloudwatchMetricAlarmMetricQueryMetric,
)
from cdktf_cdktf_provider_aws.cloudwatch_query_definition import CloudwatchQueryDefinition  # noqa: E402
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity  # noqa: E402
from cdktf_cdktf_provider_aws.data_aws_ecs_cluster import DataAwsEcsCluster  # noqa: E402
from cdktf_cdktf_provider_aws.data_aws_lb import DataAwsLb  # noqa: E402
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (  # noqa: E402
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.data_aws_partition import DataAwsPartition  # noqa: E402
from cdktf_cdktf_provider_aws.data_aws_region import DataAwsRegion  # noqa: E402
from cdktf_cdktf_provider_aws.db_event_subscription import DbEventSubscription  # noqa: E402
from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition  # noqa: E402
from cdktf_cdktf_provider_aws.grafana_workspace import GrafanaWorkspace  # noqa: E402
from cdktf_cdktf_provider_aws.iam_policy import IamPolicy  # noqa: E402
from cdktf_cdktf_provider_aws.iam_role import IamRole  # noqa: E402
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy  # noqa: E402
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment  # noqa: E402
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias  # noqa: E402
from cdktf_cdktf_provider_aws.kms_key import KmsKey  # noqa: E402
from cdktf_cdktf_provider_aws.lambda_function import (  # noqa: E402
    LambdaFunction,
    LambdaFunctionEnvironment,
)
from cdktf_cdktf_provider_aws.lambda_function_event_invoke_config import LambdaFunctionEventInvokeConfig  # noqa: E402
from cdktf_cdktf_provider_aws.lambda_permission import LambdaPermission  # noqa: E402
from cdktf_cdktf_provider_aws.prometheus_workspace import (  # noqa: E402
    PrometheusWorkspace,
    PrometheusWorkspaceLoggingConfiguration,
)
from cdktf_cdktf_provider_aws.provider import AwsProvider  # noqa: E402
from cdktf_cdktf_provider_aws.resourcegroups_group import (  # noqa: E402
    ResourcegroupsGroup,
    ResourcegroupsGroupResourceQuery,
)
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket  # noqa: E402
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (  # noqa: E402
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
    S3BucketLifecycleConfigurationRuleTransition,
)
from cdktf_cdktf_provider_aws.s3_bucket_ownership_controls import (  # noqa: E402
    S3BucketOwnershipControls,
    S3BucketOwnershipControlsRule,
)
from cdktf_cdktf_provider_aws.s3_bucket_policy import S3BucketPolicy  # noqa: E402
from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock  # noqa: E402
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (  # noqa: E402
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
)
from cdktf_cdktf_provider_aws.s3_bucket_versioning import (  # noqa: E402
    S3BucketVersioningA,
    S3BucketVersioningVersioningConfiguration,
)
from cdktf_cdktf_provider_aws.sns_topic import SnsTopic  # noqa: E402
from cdktf_cdktf_provider_aws.sns_topic_policy import SnsTopicPolicy  # noqa: E402
from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription  # noqa: E402

__all__ = [
    "App",
    "ApplicationinsightsApplication",
    "AssetType",
    "AwsProvider",
    "ChatbotSlackChannelConfiguration",
    "CloudwatchCompositeAlarm",
    "CloudwatchCompositeAlarmActionsSuppressor",
    "CloudwatchDashboard",
    "CloudwatchEventRule",
    "CloudwatchEventTarget",
    "CloudwatchEventTargetRetryPolicy",
    "CloudwatchLogGroup",
    "CloudwatchLogMetricFilter",
    "CloudwatchLogMetricFilterMetricTransformation",
    "CloudwatchMetricAlarm",
    "CloudwatchMetricAlarmMetricQuery",
    "CloudwatchMetricAlarmMetricQueryMetric",
    "CloudwatchQueryDefinition",
    "Construct",
    "DataAwsCallerIdentity",
    "DataAwsEcsCluster",
    "DataAwsIamPolicyDocument",
    "DataAwsIamPolicyDocumentStatement",
    "DataAwsIamPolicyDocumentStatementCondition",
    "DataAwsIamPolicyDocumentStatementPrincipals",
    "DataAwsLb",
    "DataAwsPartition",
    "DataAwsRegion",
    "DbEventSubscription",
    "EAGER_IMPORT_VARIABLE",
    "EcsTaskDefinition",
    "Fn",
    "GrafanaWorkspace",
    "ITerraformDependable",
    "IamPolicy",
    "IamRole",
    "IamRolePolicy",
    "IamRolePolicyAttachment",
    "KmsAlias",
    "KmsKey",
    "LambdaFunction",
    "LambdaFunctionEnvironment",
    "LambdaFunctionEventInvokeConfig",
    "LambdaPermission",
    "LocalBackend",
    "Postcondition",
    "PrometheusWorkspace",
    "PrometheusWorkspaceLoggingConfiguration",
    "ResourcegroupsGroup",
    "ResourcegroupsGroupResourceQuery",
    "S3Backend",
    "S3Bucket",
    "S3BucketLifecycleConfiguration",
    "S3BucketLifecycleConfigurationRule",
    "S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload",
    "S3BucketLifecycleConfigurationRuleExpiration",
    "S3BucketLifecycleConfigurationRuleFilter",
    "S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration",
    "S3BucketLifecycleConfigurationRuleTransition",
    "S3BucketOwnershipControls",
    "S3BucketOwnershipControlsRule",
    "S3BucketPolicy",
    "S3BucketPublicAccessBlock",
    "S3BucketServerSideEncryptionConfigurationA",
    "S3BucketServerSideEncryptionConfigurationRuleA",
    "S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA",
    "S3BucketVersioningA",
    "S3BucketVersioningVersioningConfiguration",
    "SnsTopic",
    "SnsTopicPolicy",
    "SnsTopicSubscription",
    "TerraformAsset",
    "TerraformOutput",
    "TerraformResourceLifecycle",
    "TerraformStack",
    "TerraformVariable",
    "Testing",
    "Token",
    "is_token",
]
