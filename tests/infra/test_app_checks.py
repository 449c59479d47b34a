"""Mistakes only the construct tree shows: two services with one name prefix, a provider in another region."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from monitoring_constructs import (
    EcsServiceTarget,
    MonitoredResources,
    MonitoringConfigError,
    MonitoringSettings,
    ServiceMonitoring,
    Tier,
)
from monitoring_constructs._cdk import AwsProvider, TerraformStack, TerraformVariable
from monitoring_constructs._cdk import Testing as CdkTesting
from tests.stack_assertions import EVERYONE_HEARS, synth_construct


def settings(service: str = "orders", environment: str = "prod-eu", region: str = "eu-west-1") -> MonitoringSettings:
    return MonitoringSettings(
        service=service,
        environment=environment,
        region=region,
        resources=MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="main", service_name=service)),
        tier=Tier.PROD,
        notifications=EVERYONE_HEARS,
        check_container_insights=False,
    )


def stack_in(app, name: str, region: str = "eu-west-1") -> TerraformStack:
    stack = TerraformStack(app, name)
    AwsProvider(stack, "aws", region=region)
    return stack


def test_two_services_with_the_same_name_prefix_in_one_app_fail_before_synthesis() -> None:
    app = CdkTesting.app()
    ServiceMonitoring(stack_in(app, "one"), "Monitoring", settings=settings("orders", "prod-eu"))
    with pytest.raises(MonitoringConfigError) as error:
        ServiceMonitoring(stack_in(app, "two"), "Monitoring", settings=settings("orders-prod", "eu"))
    message = str(error.value)
    assert message.startswith("service + environment (name prefix): 'orders-prod-eu' is not allowed")
    assert "'one/Monitoring' already names its resources orders-prod-eu-..." in message


def test_a_name_prefix_another_service_already_uses_fails_too() -> None:
    app = CdkTesting.app()
    ServiceMonitoring(stack_in(app, "one"), "Monitoring", settings=settings("orders", "prod-eu"))
    clash = replace(settings("payments", "prod-eu"), name_prefix="orders-prod-eu")
    with pytest.raises(MonitoringConfigError, match="already names its resources orders-prod-eu-.*or name_prefix"):
        ServiceMonitoring(stack_in(app, "two"), "Monitoring", settings=clash)


def test_the_same_service_twice_in_one_stack_fails_too() -> None:
    app = CdkTesting.app()
    stack = stack_in(app, "one")
    ServiceMonitoring(stack, "Monitoring", settings=settings())
    with pytest.raises(MonitoringConfigError, match="already names its resources"):
        ServiceMonitoring(stack, "Again", settings=settings())


def test_different_prefixes_in_one_app_are_fine() -> None:
    app = CdkTesting.app()
    ServiceMonitoring(stack_in(app, "one"), "Monitoring", settings=settings("orders", "prod-eu"))
    ServiceMonitoring(stack_in(app, "two", "us-east-1"), "Monitoring", settings=settings("orders", "prod-us", "us-east-1"))


def test_settings_in_another_region_than_the_provider_fail_before_synthesis() -> None:
    with pytest.raises(MonitoringConfigError, match=r"^region: 'eu-west-1' is not allowed; allowed: the region of the stack's AWS provider, 'us-east-1'"):
        ServiceMonitoring(stack_in(CdkTesting.app(), "one", region="us-east-1"), "Monitoring", settings=settings())


def test_a_provider_region_known_only_at_plan_time_is_checked_by_the_plan() -> None:
    def build(stack: TerraformStack) -> None:
        region = TerraformVariable(stack, "region", type="string")
        AwsProvider(stack, "aws", region=region.string_value)
        ServiceMonitoring(stack, "Monitoring", settings=settings())

    stack = TerraformStack(CdkTesting.app(), "test")
    build(stack)
    (region,) = json.loads(CdkTesting.synth(stack))["data"]["aws_region"].values()
    (postcondition,) = region["lifecycle"]["postcondition"]
    assert postcondition["condition"] == '${self.name == "eu-west-1"}'
    assert "is not eu-west-1" in postcondition["error_message"]


def test_a_provider_in_the_settings_region_needs_no_plan_time_check() -> None:
    stack = synth_construct(lambda s: ServiceMonitoring(s, "Monitoring", settings=settings()), region="eu-west-1")
    assert stack.data("aws_region") == []
