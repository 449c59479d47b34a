"""The one module that imports the CDK runtime, constructs and the AWS provider bindings.

Two runtimes, one library
-------------------------
The library runs on CDK for Terraform (``cdktf`` + ``cdktf-cdktf-provider-aws``, the
default) or on its maintained fork CDK Terrain (``cdktn`` + ``cdktn-provider-aws``, from
``pip install "monitoring-constructs[cdktn]"``). They differ in import names only, so this
module picks one when it is imported (:func:`choose_runtime`, result in :data:`RUNTIME`)
and imports the same names from it: :data:`CORE_NAMES` from the core library and
:data:`PROVIDER_CLASSES` from the AWS bindings, each written once for both. First match wins:

1. ``MONITORING_CONSTRUCTS_RUNTIME=cdktf`` or ``=cdktn``: that runtime;
2. the app already imported one runtime (``from cdktn import App`` before importing the
   library): that runtime;
3. the runtime that is installed (core library and AWS bindings). With both installed,
   CDK Terrain: the ``[cdktn]`` extra is how it gets installed, and extras cannot remove
   CDKTF, which every install brings.

:class:`RuntimeSelectionError` (an ``ImportError``) is raised, naming what to install or
set, when no runtime is installed, when the chosen one is not, or when the app imported the
other runtime (or both), and later by any import of the other runtime: one app cannot mix
them. CDK Terrain keeps CDKTF's construct symbols, so a resource of one runtime put into a
stack of the other synthesizes without complaint under the other runtime's provider pin: the
mix is refused here instead.

Why the lazy loader: ``import cdktf_cdktf_provider_aws.<anything>`` runs the package
``__init__``, which imports all ~2,200 resource submodules (~10 s). The submodules only
need the package object and its ``_jsii`` assembly loader, so we register the package
module without executing its ``__init__`` and import just the submodules listed below
(~2.5 s, byte-identical output; ``tests/test_fast_import_and_determinism.py`` proves it).
``cdktn-provider-aws``' own ``__init__`` is already lazy (PEP 562); the same loader works
on it unchanged, so both runtimes take one path. Set ``MONITORING_CONSTRUCTS_EAGER_IMPORT=1``
to import the package the normal way.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import os
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import ModuleType

EAGER_IMPORT_VARIABLE = "MONITORING_CONSTRUCTS_EAGER_IMPORT"
RUNTIME_VARIABLE = "MONITORING_CONSTRUCTS_RUNTIME"


@dataclass(frozen=True, kw_only=True, slots=True)
class Runtime:
    """One CDK runtime the library can run on.

    Example::

        from monitoring_constructs._cdk import RUNTIME
        print(RUNTIME.name, RUNTIME.version())  # cdktf 0.21.0
    """

    name: str  #: what ``MONITORING_CONSTRUCTS_RUNTIME`` takes, and the CLI's name
    title: str  #: for messages
    core: str  #: the core library's Python module
    provider: str  #: the AWS provider bindings' Python package
    distributions: tuple[str, str]  #: the PyPI names of ``core`` and ``provider``
    install: str  #: how a service team installs the library on this runtime

    def modules(self) -> tuple[str, str]:
        return (self.core, self.provider)

    def version(self) -> str:
        """The installed core library's version (what the stacks' metadata records)."""
        from importlib.metadata import version

        return version(self.distributions[0])

    def provider_version(self) -> str:
        """The installed AWS bindings' version (not the hashicorp/aws version they pin)."""
        from importlib.metadata import version

        return version(self.distributions[1])


CDKTF = Runtime(
    name="cdktf",
    title="CDK for Terraform",
    core="cdktf",
    provider="cdktf_cdktf_provider_aws",
    distributions=("cdktf", "cdktf-cdktf-provider-aws"),
    install='pip install "monitoring-constructs"',
)
CDKTN = Runtime(
    name="cdktn",
    title="CDK Terrain",
    core="cdktn",
    provider="cdktn_provider_aws",
    distributions=("cdktn", "cdktn-provider-aws"),
    install='pip install "monitoring-constructs[cdktn]"',
)
#: Every supported runtime, the default first. With several installed and nothing else
#: deciding, the last one wins: it was installed on purpose (an extra), the default comes anyway.
RUNTIMES = (CDKTF, CDKTN)

#: Every name the library uses from the core library (same names in both runtimes).
CORE_NAMES = (
    "App",
    "AssetType",
    "Fn",
    "ITerraformDependable",
    "LocalBackend",
    "Postcondition",
    "S3Backend",
    "TerraformAsset",
    "TerraformOutput",
    "TerraformResourceLifecycle",
    "TerraformStack",
    "TerraformVariable",
    "Testing",
    "Token",
)

#: Every class the library uses from the AWS bindings: (submodule, class names), one line each.
PROVIDER_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("applicationinsights_application", ("ApplicationinsightsApplication",)),
    ("chatbot_slack_channel_configuration", ("ChatbotSlackChannelConfiguration",)),
    ("cloudwatch_composite_alarm", ("CloudwatchCompositeAlarm", "CloudwatchCompositeAlarmActionsSuppressor")),
    ("cloudwatch_dashboard", ("CloudwatchDashboard",)),
    ("cloudwatch_event_rule", ("CloudwatchEventRule",)),
    ("cloudwatch_event_target", ("CloudwatchEventTarget", "CloudwatchEventTargetRetryPolicy")),
    ("cloudwatch_log_group", ("CloudwatchLogGroup",)),
    ("cloudwatch_log_metric_filter", ("CloudwatchLogMetricFilter", "CloudwatchLogMetricFilterMetricTransformation")),
    ("cloudwatch_log_resource_policy", ("CloudwatchLogResourcePolicy",)),
    (
        "cloudwatch_metric_alarm",
        ("CloudwatchMetricAlarm", "CloudwatchMetricAlarmMetricQuery", "CloudwatchMetricAlarmMetricQueryMetric"),
    ),
    ("cloudwatch_query_definition", ("CloudwatchQueryDefinition",)),
    ("data_aws_caller_identity", ("DataAwsCallerIdentity",)),
    ("data_aws_ecs_cluster", ("DataAwsEcsCluster",)),
    ("data_aws_lb", ("DataAwsLb",)),
    ("data_aws_lb_target_group", ("DataAwsLbTargetGroup",)),
    (
        "data_aws_iam_policy_document",
        (
            "DataAwsIamPolicyDocument",
            "DataAwsIamPolicyDocumentStatement",
            "DataAwsIamPolicyDocumentStatementCondition",
            "DataAwsIamPolicyDocumentStatementPrincipals",
        ),
    ),
    ("data_aws_partition", ("DataAwsPartition",)),
    ("data_aws_region", ("DataAwsRegion",)),
    ("ecs_task_definition", ("EcsTaskDefinition",)),
    ("grafana_workspace", ("GrafanaWorkspace",)),
    ("iam_policy", ("IamPolicy",)),
    ("iam_role", ("IamRole",)),
    ("iam_role_policy", ("IamRolePolicy",)),
    ("iam_role_policy_attachment", ("IamRolePolicyAttachment",)),
    ("kms_alias", ("KmsAlias",)),
    ("kms_key", ("KmsKey",)),
    ("lambda_function", ("LambdaFunction", "LambdaFunctionEnvironment")),
    ("lambda_function_event_invoke_config", ("LambdaFunctionEventInvokeConfig",)),
    ("lambda_permission", ("LambdaPermission",)),
    ("prometheus_workspace", ("PrometheusWorkspace", "PrometheusWorkspaceLoggingConfiguration")),
    ("provider", ("AwsProvider",)),
    ("resourcegroups_group", ("ResourcegroupsGroup", "ResourcegroupsGroupResourceQuery")),
    ("s3_bucket", ("S3Bucket",)),
    (
        "s3_bucket_lifecycle_configuration",
        (
            "S3BucketLifecycleConfiguration",
            "S3BucketLifecycleConfigurationRule",
            "S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload",
            "S3BucketLifecycleConfigurationRuleExpiration",
            "S3BucketLifecycleConfigurationRuleFilter",
            "S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration",
            "S3BucketLifecycleConfigurationRuleTransition",
        ),
    ),
    ("s3_bucket_ownership_controls", ("S3BucketOwnershipControls", "S3BucketOwnershipControlsRule")),
    ("s3_bucket_policy", ("S3BucketPolicy",)),
    ("s3_bucket_public_access_block", ("S3BucketPublicAccessBlock",)),
    (
        "s3_bucket_server_side_encryption_configuration",
        (
            "S3BucketServerSideEncryptionConfigurationA",
            "S3BucketServerSideEncryptionConfigurationRuleA",
            "S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA",
        ),
    ),
    ("s3_bucket_versioning", ("S3BucketVersioningA", "S3BucketVersioningVersioningConfiguration")),
    ("sns_topic", ("SnsTopic",)),
    ("sns_topic_policy", ("SnsTopicPolicy",)),
    ("sns_topic_subscription", ("SnsTopicSubscription",)),
)


class RuntimeSelectionError(ImportError):
    """No usable CDK runtime, or one that would mix with the app's: says what to install or set."""


def _by_name(name: str) -> Runtime:
    for runtime in RUNTIMES:
        if runtime.name == name:
            return runtime
    allowed = " or ".join(runtime.name for runtime in RUNTIMES)
    raise RuntimeSelectionError(f"{RUNTIME_VARIABLE}={name!r} is not a runtime; allowed: {allowed} (or unset)")


def choose_runtime(requested: str | None, installed: Collection[str], imported: Collection[str]) -> Runtime:
    """The runtime to use (see the module docstring for the rule), or :class:`RuntimeSelectionError`.

    ``requested``: the value of ``MONITORING_CONSTRUCTS_RUNTIME`` (None or "" when unset);
    ``installed``: names of the runtimes whose core and bindings are installed;
    ``imported``: names of the runtimes the process already imported.

    Example::

        choose_runtime(None, installed={"cdktf", "cdktn"}, imported={"cdktf"})  # CDKTF
    """
    if len(imported) > 1:
        cores = " and ".join(runtime.core for runtime in RUNTIMES)
        raise RuntimeSelectionError(f"the app imported both {cores}; one app runs on one runtime: import only one")
    if requested:
        chosen = _by_name(requested)
        why = f"{RUNTIME_VARIABLE}={requested}"
    elif imported:
        chosen = _by_name(next(iter(imported)))
        why = f"the app imported {chosen.core}"
    else:
        candidates = [runtime for runtime in RUNTIMES if runtime.name in installed]
        if not candidates:
            raise RuntimeSelectionError(
                "monitoring_constructs needs a CDK runtime and none is installed: "
                + " or ".join(f"{runtime.install} ({runtime.title})" for runtime in RUNTIMES)
            )
        return candidates[-1]
    other = [name for name in imported if name != chosen.name]
    if other:
        raise RuntimeSelectionError(
            f"{why}, but the app already imported {_by_name(other[0]).core}; one app cannot mix runtimes: "
            f"unset {RUNTIME_VARIABLE} or import only {chosen.core}"
        )
    if chosen.name not in installed:
        raise RuntimeSelectionError(
            f"{why}, but {chosen.title} is not installed ({' and '.join(chosen.distributions)}): {chosen.install}"
        )
    return chosen


def installed_runtimes() -> set[str]:
    """Names of the runtimes whose core library and AWS bindings can be imported (nothing is imported)."""
    return {runtime.name for runtime in RUNTIMES if all(_importable(m) for m in runtime.modules())}


def _importable(module: str) -> bool:
    return module in sys.modules or importlib.util.find_spec(module) is not None


def imported_runtimes(modules: Mapping[str, object] | None = None) -> set[str]:
    """Names of the runtimes of which ``modules`` (default ``sys.modules``) holds a module."""
    modules = sys.modules if modules is None else modules
    return {runtime.name for runtime in RUNTIMES if any(m in modules for m in runtime.modules())}


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


def provider_submodule(name: str) -> ModuleType:
    """A submodule of the chosen runtime's AWS bindings, for classes the library does not use.

    Example (a service team's test that runs on either runtime)::

        EcsCluster = provider_submodule("ecs_cluster").EcsCluster
    """
    return importlib.import_module(f"{RUNTIME.provider}.{name}")


class _OtherRuntimeGuard(importlib.abc.MetaPathFinder):
    """Refuses a later import of the other runtime: the half of the mix check that import order hides."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        top = fullname.partition(".")[0]
        for other in RUNTIMES:
            if other is not RUNTIME and top in other.modules():
                raise RuntimeSelectionError(
                    f"monitoring_constructs runs on {RUNTIME.title} in this process; importing {top} would mix "
                    f"runtimes: import {other.core} before monitoring_constructs, or set {RUNTIME_VARIABLE}={other.name}"
                )
        return None


RUNTIME = choose_runtime(os.environ.get(RUNTIME_VARIABLE), installed_runtimes(), imported_runtimes())
sys.meta_path.insert(0, _OtherRuntimeGuard())

if os.environ.get(EAGER_IMPORT_VARIABLE, "") not in ("", "0"):
    importlib.import_module(RUNTIME.provider)
else:
    _register_lazy_package(RUNTIME.provider)

_core = importlib.import_module(RUNTIME.core)
globals().update({name: getattr(_core, name) for name in CORE_NAMES})
for _submodule, _names in PROVIDER_CLASSES:
    _module = provider_submodule(_submodule)
    globals().update({name: getattr(_module, name) for name in _names})
from constructs import Construct  # noqa: E402

from .core.tokens import is_token  # noqa: E402  (re-exported: constructs check tokens through _cdk)

del _core, _submodule, _names, _module


__all__ = sorted(
    [*CORE_NAMES, *(name for _, names in PROVIDER_CLASSES for name in names)]
    + [
        "CDKTF",
        "CDKTN",
        "CORE_NAMES",
        "Construct",
        "EAGER_IMPORT_VARIABLE",
        "PROVIDER_CLASSES",
        "RUNTIME",
        "RUNTIMES",
        "RUNTIME_VARIABLE",
        "Runtime",
        "RuntimeSelectionError",
        "choose_runtime",
        "imported_runtimes",
        "installed_runtimes",
        "is_token",
        "provider_submodule",
    ]
)
