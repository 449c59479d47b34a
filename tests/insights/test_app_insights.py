"""AppInsights, in the seed's words: a resource group of six types by tags, Application Insights on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitoring_constructs import props_from_settings
from monitoring_constructs._cdk import SnsTopic, TerraformStack
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.insights.app_insights import SEED_RESOURCE_TYPES, AppInsights, AppInsightsProps
from monitoring_constructs.core.errors import MonitoringConfigError
from stacks.app import fileflow_settings
from tests import terraform_harness as harness
from tests.stack_assertions import Synthesized, synth_construct
from tests.rejections import rejected

ALB = "app/fileflow-prod-alb/0123456789abcdef"


FILEFLOW = ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2")


def _synth(environment: str = "prod") -> Synthesized:
    """The application as ServiceMonitoring builds it from the fileflow settings."""
    props = props_from_settings.app_insights(fileflow_settings(environment, ALB))
    return synth_construct(lambda stack: AppInsights(stack, "Insights", props=props))


@pytest.fixture(scope="module")
def prod() -> Synthesized:
    return _synth()


def test_the_resource_group_is_named_service_env_resources(prod: Synthesized) -> None:
    group = prod.one("aws_resourcegroups_group")
    assert group["name"] == "fileflow-prod-resources"
    assert group["tags"]["Name"] == "fileflow-prod-resource-group"
    assert group["tags"]["Component"] == "monitoring"


def test_the_group_selects_the_seeds_six_resource_types(prod: Synthesized) -> None:
    query = json.loads(prod.one("aws_resourcegroups_group")["resource_query"]["query"])
    assert query["ResourceTypeFilters"] == [
        "AWS::ECS::Service",
        "AWS::RDS::DBInstance",
        "AWS::ElastiCache::ReplicationGroup",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::SQS::Queue",
        "AWS::S3::Bucket",
    ]
    assert prod.one("aws_resourcegroups_group")["resource_query"]["type"] == "TAG_FILTERS_1_0"


@pytest.mark.parametrize("environment", ["dev", "staging", "prod"])
def test_the_group_filters_by_the_service_and_environment_tags(environment: str) -> None:
    query = json.loads(_synth(environment).one("aws_resourcegroups_group")["resource_query"]["query"])
    assert query["TagFilters"] == [
        {"Key": "Service", "Values": ["fileflow"]},
        {"Key": "Environment", "Values": [environment]},
    ]


def test_application_insights_watches_the_group_with_auto_config_and_auto_create(prod: Synthesized) -> None:
    application = prod.one("aws_applicationinsights_application")
    group = prod.resolve(application["resource_group_name"])
    assert group["name"] == "fileflow-prod-resources"
    assert application["resource_group_name"].endswith(".name}")
    assert application["auto_config_enabled"] is True
    assert application["auto_create"] is True
    assert application["tags"]["Name"] == "fileflow-prod-insights"
    assert "ops_item_sns_topic_arn" not in application


def test_every_resource_carries_the_required_tags(prod: Synthesized) -> None:
    for resource_type in ("aws_resourcegroups_group", "aws_applicationinsights_application"):
        tags = prod.one(resource_type)["tags"]
        assert {"Service", "Environment", "ManagedBy", "Name", "Component"} <= set(tags)


def test_opscenter_items_go_to_a_topic_token_when_given() -> None:
    def build(stack: TerraformStack) -> None:
        topic = SnsTopic(stack, "Ops", name="ops")
        AppInsights(stack, "Insights", props=AppInsightsProps(identity=FILEFLOW, ops_item_sns_topic_arn=topic.arn))

    application = synth_construct(build).one("aws_applicationinsights_application")
    assert application["ops_center_enabled"] is True
    assert application["ops_item_sns_topic_arn"] == "${aws_sns_topic.Ops.arn}"


def test_the_default_types_are_the_seeds() -> None:
    assert AppInsightsProps(identity=FILEFLOW).resource_types == SEED_RESOURCE_TYPES


@pytest.mark.parametrize(
    ("types", "message"),
    [
        ((), r"app_insights\.resource_types: \(\) .*at least one"),
        (("ECS::Service",), r"app_insights\.resource_types\[0\]: 'ECS::Service'"),
        (("AWS::S3::Bucket", "AWS::S3::Bucket"), r"app_insights\.resource_types: 'AWS::S3::Bucket' .*each value once"),
    ],
)
def test_bad_resource_types_are_rejected(types: tuple[str, ...], message: str) -> None:
    with pytest.raises(MonitoringConfigError, match=message):
        AppInsightsProps(identity=FILEFLOW, resource_types=types)


@pytest.mark.tools
def test_terraform_validate_accepts_app_insights(prod: Synthesized, terraform: harness.Terraform, tmp_path: Path) -> None:
    report = harness.validate(terraform, prod.document, tmp_path / "stack")
    assert report["valid"] is True, report["diagnostics"]


def test_resource_types_are_a_tuple_not_one_string() -> None:
    rejected(lambda: AppInsightsProps(identity=FILEFLOW, resource_types="AWS::ECS::Service"), "app_insights.resource_types",
             "'AWS::ECS::Service'", "a tuple of CloudFormation resource types")


def test_the_ops_item_topic_is_an_sns_topic_arn() -> None:
    rejected(lambda: AppInsightsProps(identity=FILEFLOW, ops_item_sns_topic_arn="ops"), "app_insights.ops_item_sns_topic_arn", "'ops'",
             "an SNS topic ARN like")


def test_app_insights_works_alone_from_its_props_no_monitoring_settings() -> None:
    identity = ServiceIdentity(service="orders", environment="qa", region="eu-west-1", name_prefix="ord-q")
    props = AppInsightsProps(identity=identity, resource_types=("AWS::SQS::Queue",))
    group = synth_construct(lambda stack: AppInsights(stack, "Insights", props=props)).one("aws_resourcegroups_group")
    assert group["name"] == "ord-q-resources"
    assert json.loads(group["resource_query"]["query"])["TagFilters"] == [
        {"Key": "Service", "Values": ["orders"]}, {"Key": "Environment", "Values": ["qa"]}]
