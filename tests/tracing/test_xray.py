"""XRaySidecar, in the seed's words with DESIGN §7.3 fixed: Fargate networking, pinned images, the ADOT collector by
default and the X-Ray daemon still selectable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from monitoring_constructs import props_from_settings
from monitoring_constructs._cdk import IamRole, TerraformStack
from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.tracing.sidecar import (
    ADOT_COLLECTOR_IMAGE,
    APP_VARIABLES,
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
FILEFLOW = ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2")


def _sidecar(environment: str = "prod", *, from_settings: bool = False, **props: object) -> tuple[Synthesized, XRaySidecar]:
    """A sidecar attached to a task role of the test stack (the role name is a token): built from its
    props alone, or ``from_settings`` as ServiceMonitoring would make them."""
    made: list[XRaySidecar] = []

    def build(stack: TerraformStack) -> None:
        role = IamRole(stack, "TeamTaskRole", name="team-task", assume_role_policy="{}")
        if from_settings:
            sidecar_props = props_from_settings.xray_sidecar(
                fileflow_settings(environment, ALB), task_role_name=role.name, log_group_name=LOG_GROUP, **props)
        else:
            identity = ServiceIdentity(service="fileflow", environment=environment, region="ap-northeast-2")
            sidecar_props = XRaySidecarProps(identity=identity, task_role_name=role.name, log_group_name=LOG_GROUP,
                                             **props)
        made.append(XRaySidecar(stack, "Tracing", props=sidecar_props))

    return synth_construct(build), made[0]


@pytest.fixture(scope="module")
def collector() -> tuple[Synthesized, XRaySidecar]:
    """The default agent: the ADOT collector."""
    return _sidecar()


@pytest.fixture(scope="module")
def daemon() -> tuple[Synthesized, XRaySidecar]:
    """The seed's X-Ray daemon, selected."""
    return _sidecar(agent=TracingAgent.XRAY_DAEMON)


def _env(entries: list[dict[str, str]]) -> dict[str, str]:
    return {entry["name"]: entry["value"] for entry in entries}


def _config(sidecar: XRaySidecar) -> dict:
    """The collector's configuration as the collector reads it (YAML from AOT_CONFIG_CONTENT)."""
    return yaml.safe_load(_env(sidecar.container_definition()["environment"])["AOT_CONFIG_CONTENT"])


@pytest.mark.parametrize(
    ("fixture", "agent", "name"),
    [("collector", TracingAgent.ADOT_COLLECTOR, "adot-collector"), ("daemon", TracingAgent.XRAY_DAEMON, "xray-daemon")],
)
def test_the_adot_collector_is_the_default_and_the_xray_daemon_stays_selectable_both_not_essential(
    fixture: str, agent: TracingAgent, name: str, request: pytest.FixtureRequest
) -> None:
    _, sidecar = request.getfixturevalue(fixture)
    container = sidecar.container_definition()
    assert sidecar.agent is agent
    assert container["name"] == name
    assert container["essential"] is False
    assert container["readonlyRootFilesystem"] is True
    assert (container["cpu"], container["memory"]) == (32, 256)
    assert ("AOT_CONFIG_CONTENT" in _env(container["environment"])) is (agent is TracingAgent.ADOT_COLLECTOR)


def test_the_collector_image_is_pinned_to_a_release_on_public_ecr_never_latest(collector) -> None:
    image = collector[1].container_definition()["image"]
    assert image == ADOT_COLLECTOR_IMAGE
    repository, _, tag = image.rpartition(":")
    assert repository == "public.ecr.aws/aws-observability/aws-otel-collector"
    assert re.fullmatch(r"v\d+\.\d+\.\d+", tag), f"{tag} is not a release tag"


def test_the_collector_receives_otlp_on_4317_and_4318_and_x_ray_segments_on_udp_2000_on_loopback_only(
    collector,
) -> None:
    receivers = _config(collector[1])["receivers"]
    assert receivers["otlp"]["protocols"] == {
        "grpc": {"endpoint": "127.0.0.1:4317"}, "http": {"endpoint": "127.0.0.1:4318"},
    }
    assert receivers["awsxray"] == {
        "endpoint": "127.0.0.1:2000", "transport": "udp", "proxy_server": {"endpoint": "127.0.0.1:2000"},
    }


def test_the_collector_exports_traces_to_x_ray_and_nothing_else(collector) -> None:
    config = _config(collector[1])
    assert config["service"]["pipelines"] == {
        "traces": {"receivers": ["otlp", "awsxray"], "processors": ["memory_limiter", "batch/traces"],
                   "exporters": ["awsxray"]},
    }
    assert list(config["exporters"]) == ["awsxray"]  # no EMF: no metrics, no log group of its own
    # PutTraceSegments takes at most 50 segments a call.
    assert config["processors"]["batch/traces"]["send_batch_size"] <= 50


def test_the_collector_region_is_the_services(collector) -> None:
    assert _env(collector[1].container_definition()["environment"])["AWS_REGION"] == "ap-northeast-2"


def test_the_app_sends_traces_to_the_collector_on_127_0_0_1_4317(collector) -> None:
    environment = _env(collector[1].app_environment())
    assert environment["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://127.0.0.1:4317"
    assert environment["OTEL_EXPORTER_OTLP_PROTOCOL"] == "grpc"  # 4317 is the gRPC port; SDK defaults differ


def test_the_app_names_its_service_and_environment_as_the_x_ray_sdk_did(collector) -> None:
    environment = _env(collector[1].app_environment())
    assert environment["OTEL_SERVICE_NAME"] == "fileflow-prod" == environment["AWS_XRAY_TRACING_NAME"]
    attributes = dict(pair.split("=") for pair in environment["OTEL_RESOURCE_ATTRIBUTES"].split(","))
    assert attributes == {"service.name": "fileflow-prod", "deployment.environment": "prod"}


def test_the_app_exports_no_metrics_or_logs_the_collector_has_no_pipeline_for(collector) -> None:
    environment = _env(collector[1].app_environment())
    assert (environment["OTEL_METRICS_EXPORTER"], environment["OTEL_LOGS_EXPORTER"]) == ("none", "none")
    assert set(_config(collector[1])["service"]["pipelines"]) == {"traces"}


def test_x_ray_sdk_apps_keep_working_with_the_collector(collector) -> None:
    assert _env(collector[1].app_environment())["AWS_XRAY_DAEMON_ADDRESS"] == "127.0.0.1:2000"
    assert (2000, "udp") in collector[1].ports and (2000, "tcp") in collector[1].ports


@pytest.mark.parametrize("agent", list(TracingAgent))
def test_the_app_environment_sets_exactly_the_agents_variables_and_the_log_level(agent: TracingAgent) -> None:
    _, sidecar = _sidecar(agent=agent)
    assert [entry["name"] for entry in sidecar.app_environment()] == [*APP_VARIABLES[agent], "LOG_LEVEL"]


def test_the_daemon_image_is_pinned_on_public_ecr_never_latest(daemon) -> None:
    _, sidecar = daemon
    image = sidecar.container_definition()["image"]
    assert image == XRAY_DAEMON_IMAGE
    assert image.startswith("public.ecr.aws/xray/aws-xray-daemon:")
    assert not image.endswith(":latest")


def test_cpu_and_memory_are_overridable() -> None:
    _, sidecar = _sidecar(cpu=64, memory=512, agent=TracingAgent.XRAY_DAEMON)
    assert (sidecar.container_definition()["cpu"], sidecar.container_definition()["memory"]) == (64, 512)


def test_the_daemon_listens_on_udp_2000_without_a_host_port(daemon) -> None:
    mappings = daemon[1].container_definition()["portMappings"]
    assert mappings == [{"containerPort": 2000, "protocol": "udp"}]
    assert all("hostPort" not in mapping for mapping in mappings)
    assert "links" not in daemon[1].container_definition()


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
    _, sidecar = _sidecar(environment, from_settings=True)
    assert _env(sidecar.app_environment())["LOG_LEVEL"] == level
    assert f"deployment.environment={environment}" in _env(sidecar.app_environment())["OTEL_RESOURCE_ATTRIBUTES"]


def test_the_sidecar_alone_logs_at_info_unless_told(collector) -> None:
    assert _env(collector[1].app_environment())["LOG_LEVEL"] == "INFO"
    assert _env(_sidecar(log_level="WARN")[1].app_environment())["LOG_LEVEL"] == "WARN"


def test_xray_sidecar_works_alone_from_its_props_no_monitoring_settings() -> None:
    identity = ServiceIdentity(service="orders", environment="qa", region="eu-west-1", name_prefix="ord-q")

    def build(stack: TerraformStack) -> None:
        XRaySidecar(stack, "Tracing", props=XRaySidecarProps(identity=identity, task_role_name="orders-task",
                                                             log_group_name="/ecs/orders-qa/application"))

    policy = synth_construct(build, region="eu-west-1").one("aws_iam_policy")
    assert policy["name_prefix"] == "ord-q-xray-access-"
    assert (policy["tags"]["Service"], policy["tags"]["Environment"]) == ("orders", "qa")


def test_the_xray_policy_is_attached_to_the_task_role_the_caller_passes(daemon) -> None:
    synthesized, _ = daemon
    attachment = synthesized.resources("aws_iam_role_policy_attachment")[0]
    assert attachment["role"] == "${aws_iam_role.TeamTaskRole.name}"
    policy = synthesized.resolve(attachment["policy_arn"])
    assert policy["name_prefix"] == "fileflow-prod-xray-access-"
    assert policy["tags"]["Component"] == "iam"


@pytest.mark.parametrize("agent", ["daemon", "collector"])
def test_the_xray_policy_grants_exactly_the_seeds_five_actions(agent: str, request: pytest.FixtureRequest) -> None:
    # The collector exports traces only (no EMF metrics, no logs): X-Ray's write statement is all it needs.
    synthesized, _ = request.getfixturevalue(agent)
    (policy,) = synthesized.resources("aws_iam_policy")
    statements = synthesized.policy_statements(policy["policy"])
    assert list(statements) == ["XRayWriteTraces"]
    assert statements["XRayWriteTraces"]["actions"] == list(XRAY_ACTIONS)
    assert all(action.startswith("xray:Put") or action.startswith("xray:GetSampling") for action in XRAY_ACTIONS)
    # X-Ray's write and sampling actions support no resource-level permissions.
    assert statements["XRayWriteTraces"]["resources"] == ["*"]


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
        XRaySidecarProps(identity=FILEFLOW, task_role_name="r", log_group_name=LOG_GROUP, image=image)


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
        XRaySidecarProps(identity=FILEFLOW, task_role_name="r", log_group_name=LOG_GROUP, **{field: value})


def test_an_empty_task_role_name_is_rejected() -> None:
    with pytest.raises(MonitoringConfigError, match=r"xray\.task_role_name: ''"):
        XRaySidecarProps(identity=FILEFLOW, task_role_name="", log_group_name=LOG_GROUP)


@pytest.mark.tools
def test_terraform_validate_accepts_the_sidecar_resources(
    collector, terraform: harness.Terraform, tmp_path: Path
) -> None:
    report = harness.validate(terraform, collector[0].document, tmp_path / "stack")
    assert report["valid"] is True, report["diagnostics"]


@pytest.mark.parametrize(
    ("changes", "field", "value", "allowed"),
    [
        ({"task_role_name": "bad name!"}, "xray.task_role_name", "'bad name!'", "1-64 letters, digits or + = , . @ _ -"),
        ({"task_role_name": "r" * 65}, "xray.task_role_name", "'rrrr", "1-64 letters"),
        ({"log_group_name": "bad name!"}, "xray.log_group_name", "'bad name!'", "a log group name matching"),
        ({"cpu": 32.0}, "xray.cpu", "32.0", "an integer from 0 to 16384"),
        ({"log_level": "VERBOSE"}, "xray.log_level", "'VERBOSE'", "one of TRACE, DEBUG, INFO, WARN, ERROR"),
        ({"identity": "fileflow-prod"}, "xray.identity", "'fileflow-prod'", "a ServiceIdentity(...)"),
    ],
)
def test_role_and_log_group_names_are_names_aws_accepts(changes: dict, field: str, value: str, allowed: str) -> None:
    arguments = {"identity": FILEFLOW, "task_role_name": "fileflow-task", "log_group_name": LOG_GROUP, **changes}
    rejected(lambda: XRaySidecarProps(**arguments), field, value, allowed)
