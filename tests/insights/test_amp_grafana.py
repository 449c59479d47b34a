"""OptionalAmpGrafana: off creates nothing; on, AMP with logging and Grafana with a least-privilege role."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from monitoring_constructs import props_from_settings
from monitoring_constructs._cdk import KmsKey, TerraformStack
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.insights.amp_grafana import (
    UNSCOPABLE_READ_ACTIONS,
    AmpGrafanaProps,
    OptionalAmpGrafana,
)
from monitoring_constructs.core.errors import MonitoringConfigError
from stacks.app import fileflow_settings
from tests import terraform_harness as harness
from tests.stack_assertions import Synthesized, synth_construct
from tests.rejections import rejected

ALB = "app/fileflow-prod-alb/0123456789abcdef"
# Stands for the test stack's own key, whose ARN (a token) exists only inside the stack.
STACK_KEY = "arn:aws:kms:ap-northeast-2:123456789012:key/00000000-0000-0000-0000-000000000000"
FILEFLOW = ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2")


def _synth(props: AmpGrafanaProps) -> tuple[Synthesized, OptionalAmpGrafana]:
    made: list[OptionalAmpGrafana] = []

    def build(stack: TerraformStack) -> None:
        key = KmsKey(stack, "TeamKey", description="team key")
        actual = replace(props, kms_key_arn=key.arn) if props.kms_key_arn == STACK_KEY else props
        made.append(OptionalAmpGrafana(stack, "AmpGrafana", props=actual))

    return synth_construct(build), made[0]


@pytest.fixture(scope="module")
def enabled() -> tuple[Synthesized, OptionalAmpGrafana]:
    return _synth(AmpGrafanaProps(identity=FILEFLOW, enabled=True, kms_key_arn=STACK_KEY))


def test_off_by_default_and_then_creates_nothing() -> None:
    synthesized, construct = _synth(AmpGrafanaProps(identity=FILEFLOW))
    assert set(synthesized.document["resource"]) == {"aws_kms_key"}  # only the test's own key
    assert "data" not in synthesized.document
    assert construct.prometheus_endpoint is None and construct.grafana_url is None


def test_explicitly_disabled_creates_nothing_even_without_a_key() -> None:
    synthesized, _ = _synth(AmpGrafanaProps(identity=FILEFLOW, enabled=False))
    assert set(synthesized.document["resource"]) == {"aws_kms_key"}


def test_the_amp_workspace_logs_to_its_own_encrypted_log_group(enabled) -> None:
    synthesized, _ = enabled
    workspace = synthesized.one("aws_prometheus_workspace")
    assert workspace["alias"] == "fileflow-prod"
    log_group_arn = workspace["logging_configuration"]["log_group_arn"]
    assert log_group_arn.startswith('${join("", [aws_cloudwatch_log_group.') and '":*"' in log_group_arn
    group = synthesized.one("aws_cloudwatch_log_group")
    assert group["name"] == "/aws/vendedlogs/prometheus/fileflow-prod"
    assert group["kms_key_id"] == "${aws_kms_key.TeamKey.arn}"
    assert group["retention_in_days"] == 365


def test_grafana_uses_aws_sso_and_service_managed_permissions(enabled) -> None:
    grafana = enabled[0].one("aws_grafana_workspace")
    assert grafana["authentication_providers"] == ["AWS_SSO"]
    assert grafana["permission_type"] == "SERVICE_MANAGED"
    assert grafana["account_access_type"] == "CURRENT_ACCOUNT"
    assert grafana["data_sources"] == ["PROMETHEUS", "CLOUDWATCH", "XRAY"]
    assert grafana["name"] == "fileflow-prod"


def test_grafana_has_its_own_role_trusted_by_grafana_from_this_account_only(enabled) -> None:
    synthesized, _ = enabled
    grafana = synthesized.one("aws_grafana_workspace")
    role = synthesized.resolve(grafana["role_arn"])
    assert role["name"] == "fileflow-prod-grafana"
    trust = synthesized.policy_statements(role["assume_role_policy"])["GrafanaWorkspacesOfThisAccount"]
    assert trust["principals"] == [{"type": "Service", "identifiers": ["grafana.amazonaws.com"]}]
    assert trust["actions"] == ["sts:AssumeRole"]
    conditions = {condition["variable"]: condition for condition in trust["condition"]}
    assert conditions["aws:SourceAccount"]["test"] == "StringEquals"
    assert conditions["aws:SourceAccount"]["values"] == [
        "${data.aws_caller_identity.MonitoringAccount_CallerIdentity_09DD32AA.account_id}"
    ]
    assert conditions["aws:SourceArn"]["test"] == "ArnLike"


def _permissions(synthesized: Synthesized) -> dict[str, dict]:
    policy = synthesized.one("aws_iam_role_policy")
    return synthesized.policy_statements(policy["policy"])


def test_grafanas_permissions_are_read_only(enabled) -> None:
    writes = ("Put", "Create", "Delete", "Update", "Set", "Tag", "Untag", "Remote", "Write")
    for statement in _permissions(enabled[0]).values():
        for action in statement["actions"]:
            verb = action.split(":", 1)[1]
            assert not verb.startswith(writes), action
            assert "*" not in action, f"wildcard action {action}"


def test_wildcard_resources_only_for_actions_that_allow_no_resource_scoping(enabled) -> None:
    for sid, statement in _permissions(enabled[0]).items():
        if "*" in statement["resources"]:
            assert set(statement["actions"]) <= set(UNSCOPABLE_READ_ACTIONS), sid


def test_prometheus_queries_are_scoped_to_this_workspace(enabled) -> None:
    statement = _permissions(enabled[0])["QueryThisPrometheusWorkspace"]
    [workspace] = statement["resources"]
    assert workspace.startswith("${aws_prometheus_workspace.") and workspace.endswith(".arn}")
    assert enabled[0].resolve(workspace)["alias"] == "fileflow-prod"
    assert "aps:QueryMetrics" in statement["actions"]


def test_log_queries_are_scoped_to_this_services_log_groups(enabled) -> None:
    resources = _permissions(enabled[0])["QueryThisServicesLogGroups"]["resources"]
    assert all(any(f"{root}/fileflow-prod/*" in r for root in ("/ecs", "/aws/rds", "/aws/events")) for r in resources)


def test_outputs_are_the_amp_endpoint_and_the_grafana_url(enabled) -> None:
    _, construct = enabled
    assert construct.prometheus_endpoint is not None
    assert construct.grafana_url is not None


def test_every_resource_carries_the_required_tags(enabled) -> None:
    synthesized, _ = enabled
    for resource_type in ("aws_prometheus_workspace", "aws_grafana_workspace", "aws_iam_role", "aws_cloudwatch_log_group"):
        tags = synthesized.one(resource_type)["tags"]
        assert {"Service", "Environment", "ManagedBy", "Name", "Component"} <= set(tags)


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"enabled": True}, r"amp_grafana\.kms_key_arn: None"),
        ({"enabled": True, "kms_key_arn": ""}, r"amp_grafana\.kms_key_arn: ''"),
        ({"enabled": "yes"}, r"amp_grafana\.enabled: 'yes'"),
        ({"log_retention_days": 10}, r"amp_grafana\.log_retention_days: 10 .*one of 0, 1, 3"),
        ({"identity": "fileflow-prod"}, r"amp_grafana\.identity: 'fileflow-prod'"),
        ({"identity": ServiceIdentity(service="fileflow", environment="prod", region="sa-east-1"), "enabled": True,
          "kms_key_arn": STACK_KEY}, r"amp_grafana\.enabled: True .*False in sa-east-1: Amazon Managed Grafana exists only"),
    ],
)
def test_bad_props_are_rejected(props: dict, message: str) -> None:
    with pytest.raises(MonitoringConfigError, match=message):
        AmpGrafanaProps(**{"identity": FILEFLOW, **props})


@pytest.mark.tools
def test_terraform_validate_accepts_amp_and_grafana(enabled, terraform: harness.Terraform, tmp_path: Path) -> None:
    report = harness.validate(terraform, enabled[0].document, tmp_path / "stack")
    assert report["valid"] is True, report["diagnostics"]


@pytest.mark.parametrize("key", ["not-an-arn", "alias/amp"])
def test_the_amp_log_group_key_is_a_kms_key_arn(key: str) -> None:
    rejected(lambda: AmpGrafanaProps(identity=FILEFLOW, enabled=True, kms_key_arn=key), "amp_grafana.kms_key_arn", repr(key),
             "a KMS key ARN like arn:aws:kms:")


def test_optional_amp_grafana_works_alone_from_its_props_no_monitoring_settings() -> None:
    identity = ServiceIdentity(service="orders", environment="qa", region="eu-west-1", name_prefix="ord-q")
    synthesized, _ = _synth(AmpGrafanaProps(identity=identity, enabled=True, kms_key_arn=STACK_KEY))
    assert synthesized.one("aws_grafana_workspace")["name"].startswith("ord-q")
    assert synthesized.one("aws_prometheus_workspace")["tags"]["Service"] == "orders"


@pytest.mark.parametrize("wanted", [True, False])
def test_the_settings_switch_amp_and_grafana_on_or_off(wanted: bool) -> None:
    settings = replace(fileflow_settings("prod", ALB), managed_prometheus_grafana=wanted)
    props = props_from_settings.optional_amp_grafana(settings, kms_key_arn=STACK_KEY)
    assert (props.enabled, props.identity) == (wanted, settings.identity)
