"""Checks that need the construct tree, run when ServiceMonitoring is created (before synthesis).

- One name prefix per app: every resource name derives from ``<service>-<env>`` (or ``name_prefix``)
  (the archive bucket's name is even global across accounts), so two services
  with one prefix (``orders`` + ``prod-eu`` and ``orders-prod`` + ``eu``)
  synthesize and validate, then fail at apply or overwrite each other.
- The settings' region is the provider's: key and topic policies, ARNs and the
  dashboard name ``settings.region``; a provider elsewhere would create the
  resources there with policies that never match. A literal mismatch fails
  now; a provider region known only at plan time is checked by the plan.
"""

from __future__ import annotations

from .._cdk import AwsProvider, Construct, DataAwsRegion, Postcondition, TerraformResourceLifecycle, TerraformStack, is_token
from ..core.errors import MonitoringConfigError

_REGISTRY_ID = "MonitoringConstructsNamePrefixes"


class _NamePrefixes(Construct):
    """Which construct path claimed which prefix, kept once per app."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.claimed: dict[str, str] = {}


def claim_name_prefix(scope: Construct, prefix: str) -> None:
    """Record that ``scope`` names its resources ``<prefix>-...``; raise if another construct of the app does."""
    root = scope.node.root
    registry = root.node.try_find_child(_REGISTRY_ID)
    if not isinstance(registry, _NamePrefixes):
        registry = _NamePrefixes(root, _REGISTRY_ID)
    path = scope.node.path
    if prefix in registry.claimed:
        raise MonitoringConfigError(
            "service + environment (name prefix)",
            prefix,
            f"a prefix no other ServiceMonitoring of this app uses: {registry.claimed[prefix]!r} already names its "
            f"resources {prefix}-..., so {path!r} would collide with it at apply (change service, environment "
            "or name_prefix)",
        )
    registry.claimed[prefix] = path


def check_provider_region(scope: Construct, region: str) -> None:
    """Fail when the stack's default AWS provider is in another region than ``region``."""
    stack = TerraformStack.of(scope)
    providers = [c for c in stack.node.children if isinstance(c, AwsProvider) and c.alias is None]
    provider_region = providers[0].region if providers else None
    if provider_region is not None and not is_token(provider_region):
        if provider_region != region:
            raise MonitoringConfigError(
                "region", region, f"the region of the stack's AWS provider, {provider_region!r}"
            )
        return
    # Unknown until plan (a variable, or AWS_REGION): let the plan stop on a mismatch.
    DataAwsRegion(
        scope,
        "ProviderRegion",
        lifecycle=TerraformResourceLifecycle(
            postcondition=[
                Postcondition(
                    condition=f'${{self.name == "{region}"}}',
                    error_message=(
                        f"The AWS provider's region is not {region}, the region these monitoring settings "
                        "name: key and topic policies, ARNs and the dashboard would point at the wrong region."
                    ),
                )
            ]
        ),
    )
