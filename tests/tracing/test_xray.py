"""XRaySidecar, in the seed's words with DESIGN §7.3 fixed: Fargate networking, pinned images, pluggable agent."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitoring_constructs._cdk import IamRole, TerraformStack
from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.tracing.sidecar import (
    ADOT_COLLECTOR_IMAGE,
    XRAY_ACTIONS,
    XRAY_DAEMON_IMAGE,
    TracingAgent,
    XRaySidecar,
    XRaySidecarProps,
    require_pinned_image,
)
from stacks.app import fileflow_settings
from tests import terraform_harness as harness
from tests.stack_assertions import Synthesized, synth_construct
from tests.rejections import rejected

ALB = "app/fileflow-prod-alb/0123456789abcdef"
LOG_GROUP = "/ecs/fileflow-prod/application"


def _sidecar(environment: str = "prod", **props: object) -> tuple[Synthesized, XRaySidecar]:
    """A sidecar attached to a task role of the test stack (the role name is a token)."""
    made: list[XRaySidecar] = []

    def build(stack: TerraformStack) -> None:
        role = IamRole(stack, "TeamTaskRole", name="team-task", assume_role_policy="{}")
        made.append(
            XRaySidecar(
                stack,
                "Tracing",
                settings=fileflow_settings(environment, ALB),
                props=XRaySidecarProps(task_role_name=role.name, log_group_name=LOG_GROUP, **props),
            )
        )

    return synth_construct(build), made[0]


@pytest.fixture(scope="module")
def daemon() -> tuple[Synthesized, XRaySidecar]:
    return _sidecar()


def _env(entries: list[dict[str, str]]) -> dict[str, str]:
    return {entry["name"]: entry["value"] for entry in entries}


def test_the_xray_daemon_is_the_default_agent_and_is_not_essential(daemon) -> None:
    _, sidecar = daemon
    container = sidecar.container_definition()
    assert sidecar.agent is TracingAgent.XRAY_DAEMON
    assert container["name"] == "xray-daemon"
    assert container["essential"] is False


def test_the_daemon_image_is_pinned_on_public_ecr_never_latest(daemon) -> None:
    _, sidecar = daemon
    image = sidecar.container_definition()["image"]
    assert image == XRAY_DAEMON_IMAGE
    assert image.startswith("public.ecr.aws/xray/aws-xray-daemon:")
    assert not image.endswith(":latest")


def test_the_daemon_keeps_the_seeds_cpu_32_and_memory_256(daemon) -> None:
    container = daemon[1].container_definition()
    assert (container["cpu"], container["memory"]) == (32, 256)


def test_cpu_and_memory_are_overridable() -> None:
    _, sidecar = _sidecar(cpu=64, memory=512)
    assert (sidecar.container_definition()["cpu"], sidecar.container_definition()["memory"]) == (64, 512)


def test_the_daemon_listens_on_udp_2000_without_a_host_port(daemon) -> None:
    mappings = daemon[1].container_definition()["portMappings"]
    assert mappings == [{"containerPort": 2000, "protocol": "udp"}]
    assert all("hostPort" not in mapping for mapping in mappings)
    assert "links" not in daemon[1].container_definition()


def test_the_daemon_runs_with_a_read_only_root_filesystem(daemon) -> None:
    assert daemon[1].container_definition()["readonlyRootFilesystem"] is True


def test_the_daemon_logs_to_the_application_log_group_with_stream_prefix_xray(daemon) -> None:
    assert daemon[1].container_definition()["logConfiguration"] == {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": LOG_GROUP,
            "awslogs-region": "ap-northeast-2",
            "awslogs-stream-prefix": "xray",
        },
    }


def test_the_app_reaches_the_daemon_on_127_0_0_1_port_2000(daemon) -> None:
    assert _env(daemon[1].app_environment())["AWS_XRAY_DAEMON_ADDRESS"] == "127.0.0.1:2000"


def test_the_tracing_name_is_service_dash_environment(daemon) -> None:
    assert _env(daemon[1].app_environment())["AWS_XRAY_TRACING_NAME"] == "fileflow-prod"


@pytest.mark.parametrize(("environment", "level"), [("prod", "INFO"), ("staging", "DEBUG"), ("dev", "DEBUG")])
def test_log_level_is_info_in_prod_and_debug_elsewhere(environment: str, level: str) -> None:
    _, sidecar = _sidecar(environment)
    assert _env(sidecar.app_environment())["LOG_LEVEL"] == level


def test_the_xray_policy_is_attached_to_the_task_role_the_caller_passes(daemon) -> None:
    synthesized, _ = daemon
    attachment = synthesized.resources("aws_iam_role_policy_attachment")[0]
    assert attachment["role"] == "${aws_iam_role.TeamTaskRole.name}"
    policy = synthesized.resolve(attachment["policy_arn"])
    assert policy["name_prefix"] == "fileflow-prod-xray-access-"
    assert policy["tags"]["Component"] == "iam"


def test_the_xray_policy_grants_exactly_the_seeds_five_actions(daemon) -> None:
    synthesized, _ = daemon
    policy = synthesized.resources("aws_iam_policy")[0]
    statements = synthesized.policy_statements(policy["policy"])
    assert list(statements) == ["XRayWriteTraces"]
    assert statements["XRayWriteTraces"]["actions"] == list(XRAY_ACTIONS)
    assert all(action.startswith("xray:Put") or action.startswith("xray:GetSampling") for action in XRAY_ACTIONS)
    # X-Ray's write and sampling actions support no resource-level permissions.
    assert statements["XRayWriteTraces"]["resources"] == ["*"]


def test_the_adot_collector_is_the_pluggable_alternative() -> None:
    _, sidecar = _sidecar(agent=TracingAgent.ADOT_COLLECTOR)
    container = sidecar.container_definition()
    assert container["name"] == "adot-collector"
    assert container["image"] == ADOT_COLLECTOR_IMAGE
    assert container["essential"] is False
    assert container["readonlyRootFilesystem"] is True
    config = _env(container["environment"])["AOT_CONFIG_CONTENT"]
    # It accepts the same X-Ray SDK segments on UDP 2000 and exports only traces to X-Ray.
    assert "awsxray:\n    endpoint: 0.0.0.0:2000\n    transport: udp" in config
    assert "exporters: [awsxray]" in config and "awsemf" not in config
    assert _env(sidecar.app_environment())["AWS_XRAY_DAEMON_ADDRESS"] == "127.0.0.1:2000"


@pytest.mark.parametrize(
    "image",
    [
        "amazon/aws-xray-daemon:latest",
        "public.ecr.aws/xray/aws-xray-daemon",
        "public.ecr.aws/xray/aws-xray-daemon:latest",
        "",
    ],
)
def test_an_unpinned_image_is_rejected(image: str) -> None:
    with pytest.raises(MonitoringConfigError, match=r"xray\.image: .*never :latest"):
        XRaySidecarProps(task_role_name="r", log_group_name=LOG_GROUP, image=image)


@pytest.mark.parametrize(
    "image",
    [
        "public.ecr.aws/xray/aws-xray-daemon:3.3.15",
        "localhost:5000/team/app:1.0",
        "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/fileflow@sha256:" + "a" * 64,
    ],
)
def test_tags_and_digests_are_pinned(image: str) -> None:
    assert require_pinned_image("image", image) == image


@pytest.mark.parametrize(("field", "value"), [("cpu", -1), ("memory", 4), ("memory", True)])
def test_bad_sizes_are_rejected_with_the_field_named(field: str, value: object) -> None:
    with pytest.raises(MonitoringConfigError, match=rf"xray\.{field}: "):
        XRaySidecarProps(task_role_name="r", log_group_name=LOG_GROUP, **{field: value})


def test_an_empty_task_role_name_is_rejected() -> None:
    with pytest.raises(MonitoringConfigError, match=r"xray\.task_role_name: ''"):
        XRaySidecarProps(task_role_name="", log_group_name=LOG_GROUP)


@pytest.mark.tools
def test_terraform_validate_accepts_the_sidecar_resources(daemon, terraform: harness.Terraform, tmp_path: Path) -> None:
    report = harness.validate(terraform, daemon[0].document, tmp_path / "stack")
    assert report["valid"] is True, report["diagnostics"]


@pytest.mark.parametrize(
    ("changes", "field", "value", "allowed"),
    [
        ({"task_role_name": "bad name!"}, "xray.task_role_name", "'bad name!'", "1-64 letters, digits or + = , . @ _ -"),
        ({"task_role_name": "r" * 65}, "xray.task_role_name", "'rrrr", "1-64 letters"),
        ({"log_group_name": "bad name!"}, "xray.log_group_name", "'bad name!'", "a log group name matching"),
        ({"cpu": 32.0}, "xray.cpu", "32.0", "an integer from 0 to 16384"),
    ],
)
def test_role_and_log_group_names_are_names_aws_accepts(changes: dict, field: str, value: str, allowed: str) -> None:
    arguments = {"task_role_name": "fileflow-task", "log_group_name": LOG_GROUP, **changes}
    rejected(lambda: XRaySidecarProps(**arguments), field, value, allowed)
