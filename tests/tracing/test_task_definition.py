"""FargateTaskDefinition: the seed's task definition, complete and correct for Fargate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from monitoring_constructs import props_from_settings
from monitoring_constructs._cdk import CloudwatchLogGroup, IamRole, TerraformStack
from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.tracing.task_definition import (
    FARGATE_SIZES,
    AppContainer,
    FargateTaskDefinition,
    FargateTaskProps,
)
from monitoring_constructs.tracing.sidecar import TracingAgent
from stacks.app import fileflow_settings
from tests import terraform_harness as harness
from tests.stack_assertions import Synthesized, synth_construct
from tests.rejections import rejected

ALB = "app/fileflow-prod-alb/0123456789abcdef"
IMAGE = "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/fileflow:1.4.2"
APP = AppContainer(name="fileflow-app", image=IMAGE, port=8080)
TOKEN = re.compile(r"^\$\{[^}]+\}$")


def _synth(environment: str = "prod", *, own_roles: bool = False, **props: object) -> Synthesized:
    """A task definition whose log group (and, with own_roles, roles) are resources of the stack: tokens."""

    def build(stack: TerraformStack) -> None:
        logs = CloudwatchLogGroup(stack, "AppLogs", name=f"/ecs/fileflow-{environment}/application")
        roles = {}
        if own_roles:
            execution = IamRole(stack, "TeamExecution", name="team-exec", assume_role_policy="{}")
            task = IamRole(stack, "TeamTask", name="team-task", assume_role_policy="{}")
            roles = {"execution_role_arn": execution.arn, "task_role_arn": task.arn, "task_role_name": task.name}
        identity = ServiceIdentity(service="fileflow", environment=environment, region="ap-northeast-2")
        FargateTaskDefinition(
            stack,
            "Task",
            props=FargateTaskProps(**{"identity": identity, "app": APP, "cpu": 512, "memory": 1024,
                                      "log_group_name": logs.name, **roles, **props}),
        )

    return synth_construct(build)


def _containers(synthesized: Synthesized) -> dict[str, dict]:
    task = synthesized.resources("aws_ecs_task_definition")[0]
    return {container["name"]: container for container in json.loads(task["container_definitions"])}


@pytest.fixture(scope="module")
def prod() -> Synthesized:
    """The default task: the app and the ADOT collector."""
    return _synth()


@pytest.fixture(scope="module")
def daemon() -> Synthesized:
    """The seed's X-Ray daemon, still selectable."""
    return _synth(tracing=TracingAgent.XRAY_DAEMON)


def _environment(container: dict) -> dict[str, str]:
    return {entry["name"]: entry["value"] for entry in container["environment"]}


def test_the_task_is_fargate_with_awsvpc_networking(prod: Synthesized) -> None:
    task = prod.resources("aws_ecs_task_definition")[0]
    assert task["requires_compatibilities"] == ["FARGATE"]
    assert task["network_mode"] == "awsvpc"
    assert (task["cpu"], task["memory"]) == ("512", "1024")
    assert task["family"] == "fileflow-prod"
    assert task["tags"]["Service"] == "fileflow" and task["tags"]["Environment"] == "prod"


def test_the_execution_role_is_not_the_task_role(prod: Synthesized) -> None:
    task = prod.resources("aws_ecs_task_definition")[0]
    assert task["execution_role_arn"] != task["task_role_arn"]
    assert prod.resolve(task["execution_role_arn"])["name"] == "fileflow-prod-ecs-execution"
    assert prod.resolve(task["task_role_arn"])["name"] == "fileflow-prod-ecs-task"


def test_both_roles_trust_only_ecs_tasks_of_this_account(prod: Synthesized) -> None:
    for role in prod.resources("aws_iam_role"):
        trust = prod.policy_statements(role["assume_role_policy"])["EcsTasksOfThisAccount"]
        assert trust["principals"] == [{"type": "Service", "identifiers": ["ecs-tasks.amazonaws.com"]}]
        assert trust["actions"] == ["sts:AssumeRole"]
        assert "resources" not in trust  # a trust policy has no Resource
        assert trust["condition"][0]["variable"] == "aws:SourceAccount"


def test_the_execution_role_has_the_managed_execution_policy_and_the_task_role_gets_xray(prod: Synthesized) -> None:
    attachments = {prod.resolve(a["role"])["name"]: a["policy_arn"] for a in prod.resources("aws_iam_role_policy_attachment")}
    assert set(attachments) == {"fileflow-prod-ecs-execution", "fileflow-prod-ecs-task"}
    assert "service-role/AmazonECSTaskExecutionRolePolicy" in attachments["fileflow-prod-ecs-execution"]
    assert prod.resolve(attachments["fileflow-prod-ecs-task"])["name_prefix"] == "fileflow-prod-xray-access-"


def test_only_the_xray_statement_has_a_wildcard_resource(prod: Synthesized) -> None:
    wildcard = [
        statement["sid"]
        for document in prod.data("aws_iam_policy_document")
        for statement in document["statement"]
        if "*" in statement.get("resources", [])
    ]
    assert wildcard == ["XRayWriteTraces"]


def test_the_app_container_is_essential_and_the_collector_is_not(prod: Synthesized) -> None:
    containers = _containers(prod)
    assert set(containers) == {"fileflow-app", "adot-collector"}
    assert containers["fileflow-app"]["essential"] is True
    assert containers["adot-collector"]["essential"] is False


def test_the_app_sends_traces_to_the_collector_on_127_0_0_1_4317_and_waits_for_it(prod: Synthesized) -> None:
    app = _containers(prod)["fileflow-app"]
    environment = _environment(app)
    assert environment["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://127.0.0.1:4317"
    assert environment["OTEL_EXPORTER_OTLP_PROTOCOL"] == "grpc"
    assert environment["OTEL_SERVICE_NAME"] == "fileflow-prod"
    assert environment["OTEL_RESOURCE_ATTRIBUTES"] == "service.name=fileflow-prod,deployment.environment=prod"
    assert environment["LOG_LEVEL"] == "INFO"
    assert app["dependsOn"] == [{"containerName": "adot-collector", "condition": "START"}]
    assert "links" not in app


def test_x_ray_sdk_apps_keep_sending_segments_to_127_0_0_1_2000_during_the_migration(prod: Synthesized) -> None:
    environment = _environment(_containers(prod)["fileflow-app"])
    assert environment["AWS_XRAY_DAEMON_ADDRESS"] == "127.0.0.1:2000"
    assert environment["AWS_XRAY_TRACING_NAME"] == environment["OTEL_SERVICE_NAME"]


def test_the_x_ray_daemon_stays_selectable(daemon: Synthesized) -> None:
    containers = _containers(daemon)
    assert set(containers) == {"fileflow-app", "xray-daemon"}
    assert containers["xray-daemon"]["essential"] is False
    app = containers["fileflow-app"]
    assert app["dependsOn"] == [{"containerName": "xray-daemon", "condition": "START"}]
    environment = _environment(app)
    assert environment["AWS_XRAY_DAEMON_ADDRESS"] == "127.0.0.1:2000"
    assert not [name for name in environment if name.startswith("OTEL_")], "nothing listens on 4317 beside the daemon"


def _from_settings(environment: str, task: FargateTaskProps) -> Synthesized:
    """The task as ServiceMonitoring builds it: its props completed from the settings."""
    props = props_from_settings.fargate_task_definition(fileflow_settings(environment, ALB), task=task,
                                                        log_group_name=f"/ecs/fileflow-{environment}/application")
    return synth_construct(lambda stack: FargateTaskDefinition(stack, "Task", props=props))


@pytest.mark.parametrize("tracing", [TracingAgent.ADOT_COLLECTOR, None])
def test_dev_logs_at_debug(tracing: TracingAgent | None) -> None:
    app = _containers(_from_settings("dev", FargateTaskProps(app=APP, cpu=512, memory=1024, tracing=tracing)))
    assert {"name": "LOG_LEVEL", "value": "DEBUG"} in app["fileflow-app"]["environment"]


def test_a_log_level_the_task_names_wins_over_the_environments() -> None:
    task = FargateTaskProps(app=APP, cpu=512, memory=1024, log_level="WARN")
    assert {"name": "LOG_LEVEL", "value": "WARN"} in _containers(_from_settings("dev", task))["fileflow-app"]["environment"]


def test_a_task_alone_logs_at_info_unless_told(prod: Synthesized) -> None:
    assert _environment(_containers(prod)["fileflow-app"])["LOG_LEVEL"] == "INFO"
    assert _environment(_containers(_synth(tracing=None, log_level="ERROR"))["fileflow-app"])["LOG_LEVEL"] == "ERROR"


def test_a_task_of_another_service_is_refused_by_the_settings() -> None:
    other = ServiceIdentity(service="orders", environment="dev", region="ap-northeast-2")
    with pytest.raises(MonitoringConfigError, match=r"task\.identity: .*None \(ServiceMonitoring fills in"):
        _from_settings("dev", FargateTaskProps(identity=other, app=APP, cpu=512, memory=1024))


def test_fargate_task_definition_works_alone_from_its_props_no_monitoring_settings() -> None:
    identity = ServiceIdentity(service="orders", environment="qa", region="eu-west-1", name_prefix="ord-q")

    def build(stack: TerraformStack) -> None:
        FargateTaskDefinition(stack, "Task", props=FargateTaskProps(
            identity=identity, app=APP, cpu=256, memory=512, log_group_name="/ecs/orders-qa/application"))

    task = synth_construct(build).one("aws_ecs_task_definition")
    assert task["family"] == "ord-q"
    assert json.loads(task["container_definitions"])[0]["logConfiguration"]["options"]["awslogs-region"] == "eu-west-1"


def test_no_container_image_uses_latest(prod: Synthesized, daemon: Synthesized) -> None:
    for synthesized in (prod, daemon):
        for container in _containers(synthesized).values():
            assert ":" in container["image"].rsplit("/", 1)[-1] or "@sha256:" in container["image"]
            assert not container["image"].endswith(":latest")


def test_every_container_has_a_read_only_root_filesystem(prod: Synthesized, daemon: Synthesized) -> None:
    for synthesized in (prod, daemon):
        assert all(c["readonlyRootFilesystem"] is True for c in _containers(synthesized).values())


def test_no_port_mapping_has_a_host_port(prod: Synthesized) -> None:
    for container in _containers(prod).values():
        assert all("hostPort" not in mapping for mapping in container["portMappings"])


def test_both_containers_log_to_the_application_log_group(prod: Synthesized) -> None:
    prefixes = {}
    for name, container in _containers(prod).items():
        options = container["logConfiguration"]["options"]
        assert container["logConfiguration"]["logDriver"] == "awslogs"
        assert options["awslogs-group"] == "${aws_cloudwatch_log_group.AppLogs.name}"
        assert options["awslogs-region"] == "ap-northeast-2"
        prefixes[name] = options["awslogs-stream-prefix"]
    assert prefixes == {"fileflow-app": "ecs", "adot-collector": "xray"}


def test_a_service_teams_own_roles_are_used_as_tokens() -> None:
    synthesized = _synth(own_roles=True)
    task = synthesized.resources("aws_ecs_task_definition")[0]
    assert task["execution_role_arn"] == "${aws_iam_role.TeamExecution.arn}"
    assert task["task_role_arn"] == "${aws_iam_role.TeamTask.arn}"
    assert [a["role"] for a in synthesized.resources("aws_iam_role_policy_attachment")] == [
        "${aws_iam_role.TeamTask.name}"
    ]
    assert {role["name"] for role in synthesized.resources("aws_iam_role")} == {"team-exec", "team-task"}


def test_without_tracing_there_is_no_sidecar_and_no_xray_policy() -> None:
    synthesized = _synth(tracing=None)
    assert list(_containers(synthesized)) == ["fileflow-app"]
    assert synthesized.resources("aws_iam_policy") == []


def test_synthesis_is_deterministic() -> None:
    assert _synth().document == _synth().document


@pytest.mark.parametrize(("cpu", "memory"), [(256, 512), (256, 2048), (512, 4096), (1024, 8192), (4096, 30720),
                                              (8192, 61440), (16384, 122880)])
def test_fargate_cpu_memory_pairs_are_accepted(cpu: int, memory: int) -> None:
    assert memory in FARGATE_SIZES[cpu]
    FargateTaskProps(app=APP, cpu=cpu, memory=memory, log_group_name="g")


@pytest.mark.parametrize(
    ("cpu", "memory", "field", "allowed"),
    [
        (256, 4096, "task.memory", "with cpu 256: 512, 1024, 2048 MiB"),
        (512, 512, "task.memory", "with cpu 512: 1024 to 4096 in steps of 1024 MiB"),
        (8192, 17408, "task.memory", "with cpu 8192: 16384 to 61440 in steps of 4096 MiB"),
        (300, 1024, "task.cpu", "one of 256, 512, 1024"),
    ],
)
def test_invalid_fargate_sizes_are_rejected(cpu: int, memory: int, field: str, allowed: str) -> None:
    with pytest.raises(MonitoringConfigError, match=re.escape(field) + r": .*" + re.escape(allowed)):
        FargateTaskProps(app=APP, cpu=cpu, memory=memory, log_group_name="g")


@pytest.mark.parametrize("protocol", ["udp", "tcp"])
def test_an_app_port_that_clashes_with_the_daemon_is_rejected(protocol: str) -> None:
    app = AppContainer(name="app", image=IMAGE, port=2000, protocol=protocol)
    with pytest.raises(MonitoringConfigError, match=rf"app\.port: '2000/{protocol}'.*listens on 2000/udp, 2000/tcp"):
        FargateTaskProps(app=app, cpu=512, memory=1024, log_group_name="g", tracing=TracingAgent.XRAY_DAEMON)


@pytest.mark.parametrize("port", [2000, 4317, 4318, 13133])
def test_an_app_port_that_clashes_with_the_collector_is_rejected(port: int) -> None:
    app = AppContainer(name="app", image=IMAGE, port=port)
    with pytest.raises(MonitoringConfigError, match=rf"app\.port: '{port}/tcp'.*adot-collector sidecar"):
        FargateTaskProps(app=app, cpu=512, memory=1024, log_group_name="g")


def test_the_daemon_leaves_the_otlp_port_to_the_app() -> None:
    app = AppContainer(name="app", image=IMAGE, port=4317)
    assert FargateTaskProps(app=app, cpu=512, memory=1024, log_group_name="g", tracing=TracingAgent.XRAY_DAEMON).app == app


def test_port_2000_is_free_without_a_sidecar() -> None:
    FargateTaskProps(app=AppContainer(name="app", image=IMAGE, port=2000), cpu=512, memory=1024,
                     log_group_name="g", tracing=None)


@pytest.mark.parametrize("image", [
    "fileflow:latest",
    "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/fileflow",
    "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/fileflow:latest",
])
def test_an_unpinned_app_image_is_rejected(image: str) -> None:
    with pytest.raises(MonitoringConfigError, match=r"app\.image: .*never :latest, never untagged"):
        AppContainer(name="app", image=image, port=8080)


def test_containers_must_fit_in_the_task() -> None:
    with pytest.raises(MonitoringConfigError, match=r"app\.memory: 1000 .*at most 768 MiB"):
        FargateTaskProps(app=AppContainer(name="app", image=IMAGE, port=8080, memory=1000), cpu=512, memory=1024,
                         log_group_name="g")
    with pytest.raises(MonitoringConfigError, match=r"app\.cpu: 512 .*at most 480"):
        FargateTaskProps(app=AppContainer(name="app", image=IMAGE, port=8080, cpu=512), cpu=512, memory=1024,
                         log_group_name="g")


def test_the_execution_role_cannot_double_as_the_task_role() -> None:
    with pytest.raises(MonitoringConfigError, match=r"task\.task_role_arn: .*other than the execution role"):
        FargateTaskProps(app=APP, cpu=512, memory=1024, log_group_name="g",
                         execution_role_arn="arn:aws:iam::123456789012:role/r",
                         task_role_arn="arn:aws:iam::123456789012:role/r", task_role_name="r")


@pytest.mark.parametrize("agent", list(TracingAgent))
def test_the_app_cannot_take_the_sidecars_container_name(agent: TracingAgent) -> None:
    with pytest.raises(MonitoringConfigError, match=rf"app\.name: '{agent.value}'"):
        FargateTaskProps(app=AppContainer(name=agent.value, image=IMAGE, port=8080), cpu=512, memory=1024,
                         log_group_name="g", tracing=agent)


@pytest.mark.parametrize(
    ("variable", "value"),
    [("AWS_XRAY_DAEMON_ADDRESS", "xray-daemon:2000"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4317"),
     ("OTEL_SERVICE_NAME", "orders"), ("LOG_LEVEL", "TRACE")],
)
def test_the_app_cannot_override_the_tracing_variables(variable: str, value: str) -> None:
    app = AppContainer(name="app", image=IMAGE, port=8080, environment={variable: value})
    with pytest.raises(MonitoringConfigError, match=rf"app\.environment: '{variable}'"):
        FargateTaskProps(app=app, cpu=512, memory=1024, log_group_name="g")


def test_signal_specific_otlp_variables_are_the_apps_own() -> None:
    # An SDK that only speaks OTLP/HTTP points its traces at 4318; the per-signal variables win over the general ones.
    variables = {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces",
                 "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf"}
    app = AppContainer(name="app", image=IMAGE, port=8080, environment=variables)
    environment = _environment(_containers(_synth(app=app))["app"])
    assert {name: environment[name] for name in variables} == variables


@pytest.mark.parametrize(("left_out", "field"), [({"log_group_name": None}, "log_group_name"),
                                                  ({"identity": None}, "identity")])
def test_a_task_without_a_log_group_or_identity_is_rejected_when_built(left_out: dict, field: str) -> None:
    # ServiceMonitoring fills both in; alone, the caller must.
    props = FargateTaskProps(**{"identity": ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2"),
                                "app": APP, "cpu": 512, "memory": 1024, "log_group_name": "g", **left_out})

    def build(stack: TerraformStack) -> None:
        FargateTaskDefinition(stack, "Task", props=props)

    with pytest.raises(MonitoringConfigError, match=rf"task\.{field}: None"):
        synth_construct(build)


@pytest.mark.tools
def test_terraform_validate_accepts_the_task_definition(
    prod: Synthesized, daemon: Synthesized, terraform: harness.Terraform, tmp_path: Path
) -> None:
    for name, synthesized in (("adot", prod), ("daemon", daemon)):
        report = harness.validate(terraform, synthesized.document, tmp_path / name)
        assert report["valid"] is True, report["diagnostics"]


DIGEST = "sha256:" + "0123456789abcdef" * 4


@pytest.mark.parametrize(
    "image",
    [
        # A tag and a digest: the digest pins the image (the tag is for people).
        f"{IMAGE}@{DIGEST}",
        f"public.ecr.aws/acme/orders:2.0.1@{DIGEST}",
        f"orders:latest@{DIGEST}",
        f"localhost:5000/team/orders:1.0@{DIGEST}",
        f"orders@{DIGEST}",
        # Docker's repository grammar allows __ and runs of hyphens as separators.
        "my__org/orders:1.0",
        "my--orders:1.0",
        "orders:V1.0_rc-1",
    ],
)
def test_pinned_images_with_tags_digests_or_both_are_accepted(image: str) -> None:
    assert AppContainer(name="orders", image=image, port=8080).image == image


@pytest.mark.parametrize("image", ["Orders:1.0", f"orders:1.0@sha256:{'a' * 63}", "orders:-bad", "orders:latest"])
def test_malformed_or_unpinned_images_are_rejected(image: str) -> None:
    rejected(lambda: AppContainer(name="orders", image=image, port=8080), "app.image", repr(image),
             "never :latest, never untagged")


@pytest.mark.parametrize(
    ("build", "field", "value", "allowed"),
    [
        # A string flag in the container definition JSON fails at apply.
        (lambda: AppContainer(name="orders", image=IMAGE, port=8080, read_only_root_filesystem="no"),
         "app.read_only_root_filesystem", "'no'", "True or False"),
        (lambda: AppContainer(name="orders", image=IMAGE, port=8080, environment="A=1"), "app.environment", "'A=1'",
         "a mapping of names to values"),
        (lambda: AppContainer(name="orders", image=IMAGE, port=8080.0), "app.port", "8080.0", "an integer from 1 to 65535"),
        # Checked here, not later as the sidecar's xray.cpu (or a TypeError).
        (lambda: FargateTaskProps(app=APP, cpu=512, memory=1024, sidecar_cpu=-5), "task.sidecar_cpu", "-5",
         "an integer from 0 to 16384"),
        (lambda: FargateTaskProps(app=APP, cpu=512, memory=1024, sidecar_memory="256"), "task.sidecar_memory", "'256'",
         "an integer from 6 to 122880"),
        (lambda: FargateTaskProps(app=APP, cpu=512.0, memory=1024), "task.cpu", "512.0", "one of 256, 512"),
        (lambda: FargateTaskProps(app=APP, cpu=512, memory=1024.0), "task.memory", "1024.0", "with cpu 512"),
        (lambda: FargateTaskProps(app=APP, cpu=512, memory=1024, execution_role_arn="not-an-arn"),
         "task.execution_role_arn", "'not-an-arn'", "an IAM role ARN like arn:aws:iam::<account>:role/<name>"),
        (lambda: FargateTaskProps(app=APP, cpu=512, memory=1024, execution_role_arn="arn:aws:iam::123456789012:policy/x"),
         "task.execution_role_arn", "policy/x", "an IAM role ARN"),
        (lambda: FargateTaskProps(app=APP, cpu=512, memory=1024, task_role_arn="arn:aws:iam::123456789012:role/orders",
                                  task_role_name="bad name!"), "task.task_role_name", "'bad name!'", "an IAM role name"),
        (lambda: FargateTaskProps(app=APP, cpu=512, memory=1024, log_group_name="bad name!"), "task.log_group_name",
         "'bad name!'", "a log group name matching"),
        (lambda: FargateTaskProps(app=APP, cpu=512, memory=1024, log_level="verbose"), "task.log_level",
         "'verbose'", "one of TRACE, DEBUG, INFO, WARN, ERROR"),
        (lambda: FargateTaskProps(identity="fileflow-prod", app=APP, cpu=512, memory=1024), "task.identity",
         "'fileflow-prod'", "a ServiceIdentity(...)"),
    ],
)
def test_task_fields_are_checked_on_the_task_props(build, field: str, value: str, allowed: str) -> None:
    rejected(build, field, value, allowed)


@pytest.mark.parametrize(
    "role", ["arn:aws-cn:iam::123456789012:role/orders-task", "arn:aws:iam::123456789012:role/team/orders-task"]
)
def test_role_arns_of_other_partitions_and_with_paths_are_accepted(role: str) -> None:
    props = FargateTaskProps(app=APP, cpu=512, memory=1024, task_role_arn=role, task_role_name="orders-task")
    assert props.task_role_arn == role
