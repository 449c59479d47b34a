"""FargateTaskDefinition: a complete Fargate task definition with the trace sidecar merged in.

The seed's ``aws_ecs_task_definition`` with its problems fixed: the app
reaches the agent on ``127.0.0.1`` (``awsvpc``): OpenTelemetry on 4317 to the
ADOT collector (the default), X-Ray SDK segments on 2000; images are pinned,
cpu/memory pairs are ones Fargate accepts, the app's port cannot clash with
the agent's, the execution role (pulls images, writes logs) is not the task
role (what the app may call), and root filesystems are read-only.

Example::

    task = FargateTaskDefinition(stack, "Task", props=FargateTaskProps(
        identity=ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2"),
        app=AppContainer(name="fileflow-app", image="123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/fileflow:1.4.2",
                         port=8080),
        cpu=512, memory=1024,
        log_group_name=logs.application.name,
    ))
    task.task_definition.arn   # for aws_ecs_service.task_definition
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .._cdk import Construct, EcsTaskDefinition, Fn, IamRole, IamRolePolicyAttachment
from ..infra.account import AccountContext
from ..core.environments import LOG_LEVELS
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..infra.policy import trust_policy
from ..core.validation import (
    IAM_ROLE,
    IAM_ROLE_NAME,
    LOG_GROUP_NAME,
    require_arn,
    require_bool,
    require_instance,
    require_int,
    require_mapping,
    require_one_of,
    require_pattern,
    require_string,
)
from .sidecar import (
    AGENT_PORTS,
    APP_VARIABLES,
    CONTAINER_CPU_MAX,
    CONTAINER_MEMORY_MAX,
    CONTAINER_MEMORY_MIN,
    CONTAINER_NAME,
    DEFAULT_AGENT,
    DEFAULT_LOG_LEVEL,
    TracingAgent,
    XRaySidecar,
    XRaySidecarProps,
    awslogs,
    require_pinned_image,
)

# AWS Fargate task sizes: cpu units -> allowed memory (MiB), Linux containers.
FARGATE_SIZES: Mapping[int, tuple[int, ...]] = MappingProxyType(
    {
        256: (512, 1024, 2048),
        512: tuple(range(1024, 4096 + 1, 1024)),
        1024: tuple(range(2048, 8192 + 1, 1024)),
        2048: tuple(range(4096, 16384 + 1, 1024)),
        4096: tuple(range(8192, 30720 + 1, 1024)),
        8192: tuple(range(16384, 61440 + 1, 4096)),
        16384: tuple(range(32768, 122880 + 1, 8192)),
    }
)
PROTOCOLS = ("tcp", "udp")
CPU_ARCHITECTURES = ("X86_64", "ARM64")
EXECUTION_ROLE_POLICY = "service-role/AmazonECSTaskExecutionRolePolicy"
ECS_TASKS_PRINCIPAL = "ecs-tasks.amazonaws.com"


@dataclass(frozen=True, kw_only=True, slots=True)
class AppContainer:
    """The application container: a pinned image, its port and optional container-level sizes.

    ``environment`` entries are added after the tracing variables.
    ``read_only_root_filesystem`` defaults to True; switch it off only for an
    image that must write outside mounted volumes.
    """

    name: str
    image: str
    port: int
    protocol: str = "tcp"
    cpu: int | None = None
    memory: int | None = None
    environment: Mapping[str, str] = field(default_factory=dict)
    read_only_root_filesystem: bool = True

    def __post_init__(self) -> None:
        require_string("app.name", self.name, "1-255 letters, digits, - or _")
        if not CONTAINER_NAME.fullmatch(self.name):
            raise MonitoringConfigError("app.name", self.name, "1-255 letters, digits, - or _")
        require_pinned_image("app.image", self.image)
        require_int("app.port", self.port, 1, 65535)
        require_one_of("app.protocol", self.protocol, PROTOCOLS)
        if self.cpu is not None:
            require_int("app.cpu", self.cpu, 0, CONTAINER_CPU_MAX)
        if self.memory is not None:
            require_int("app.memory", self.memory, CONTAINER_MEMORY_MIN, CONTAINER_MEMORY_MAX)
        object.__setattr__(self, "environment", require_mapping("app.environment", self.environment, "names to values"))
        for key, value in self.environment.items():
            require_string("app.environment", key, "variable names as non-empty strings")
            require_string(f"app.environment[{key!r}]", value, "a string or a token")
        require_bool("app.read_only_root_filesystem", self.read_only_root_filesystem)


@dataclass(frozen=True, kw_only=True, slots=True)
class FargateTaskProps:
    """A Fargate task: the app, the task size, where logs go and which roles it uses.

    ``identity`` names and tags the task's roles and family and gives its
    region; ``ServiceMonitoring`` fills it in from its settings when left
    None (given, it must be the settings' identity). ``log_level`` is the
    app's ``LOG_LEVEL``; None: INFO, or with ``ServiceMonitoring`` the
    environment profile's (INFO in prod, DEBUG elsewhere).
    ``cpu``/``memory`` must be a Fargate pair (256/512-2048, 512/1024-4096, ...).
    ``log_group_name`` receives both containers' logs; ``ServiceMonitoring``
    sets it to its application log group when left None.
    ``tracing`` picks the sidecar agent: the ADOT collector by default,
    ``TracingAgent.XRAY_DAEMON`` for the seed's daemon, None for no sidecar.
    The app's ``environment`` may not set the variables the agent sets
    (``sidecar.APP_VARIABLES``) nor ``LOG_LEVEL``. Roles you pass
    (ARNs and the task role's name, tokens allowed) are used as they are;
    otherwise an execution role with ``AmazonECSTaskExecutionRolePolicy`` and
    an empty task role are created, both trusted by ``ecs-tasks.amazonaws.com``
    from this account only.

    Example::

        FargateTaskProps(identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
                         app=AppContainer(name="orders", image="public.ecr.aws/acme/orders:2.0.1", port=8080),
                         cpu=256, memory=512, log_group_name="/ecs/orders-dev/application", log_level="DEBUG")
    """

    identity: ServiceIdentity | None = None
    app: AppContainer
    cpu: int
    memory: int
    log_group_name: str | None = None
    log_level: str | None = None
    tracing: TracingAgent | None = DEFAULT_AGENT
    sidecar_cpu: int = 32
    sidecar_memory: int = 256
    execution_role_arn: str | None = None
    task_role_arn: str | None = None
    task_role_name: str | None = None
    cpu_architecture: str = "X86_64"

    def __post_init__(self) -> None:
        if self.identity is not None:
            require_instance("task.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        if self.log_level is not None:
            require_one_of("task.log_level", self.log_level, LOG_LEVELS)
        if not isinstance(self.app, AppContainer):
            raise MonitoringConfigError("task.app", self.app, "an AppContainer(...)")
        require_one_of("task.cpu", self.cpu, tuple(FARGATE_SIZES))
        allowed = FARGATE_SIZES[self.cpu]
        if type(self.memory) is not int or self.memory not in allowed:
            raise MonitoringConfigError(
                "task.memory", self.memory, f"with cpu {self.cpu}: {_describe_sizes(allowed)} MiB (AWS Fargate task sizes)"
            )
        if self.log_group_name is not None:
            require_pattern("task.log_group_name", self.log_group_name, LOG_GROUP_NAME,
                            "a log group name matching ^[0-9A-Za-z_./#-]{1,512}$ (or a token)")
        # The sidecar's own props check these again when it is built; here they are the task's fields.
        require_int("task.sidecar_cpu", self.sidecar_cpu, 0, CONTAINER_CPU_MAX)
        require_int("task.sidecar_memory", self.sidecar_memory, CONTAINER_MEMORY_MIN, CONTAINER_MEMORY_MAX)
        if self.tracing is not None:
            require_one_of("task.tracing", self.tracing, tuple(TracingAgent))
        require_one_of("task.cpu_architecture", self.cpu_architecture, CPU_ARCHITECTURES)
        if (self.task_role_arn is None) != (self.task_role_name is None):
            raise MonitoringConfigError(
                "task.task_role_name", self.task_role_name, "both task_role_arn and task_role_name, or neither"
            )
        for name in ("execution_role_arn", "task_role_arn"):
            if getattr(self, name) is not None:
                require_arn(f"task.{name}", getattr(self, name), IAM_ROLE)
        if self.task_role_name is not None:
            require_pattern("task.task_role_name", self.task_role_name, IAM_ROLE_NAME,
                            "an IAM role name: 1-64 letters, digits or + = , . @ _ - (or a token)")
        if self.execution_role_arn is not None and self.execution_role_arn == self.task_role_arn:
            raise MonitoringConfigError(
                "task.task_role_arn", self.task_role_arn, "a role other than the execution role (least privilege)"
            )
        if self.tracing is not None and self.app.name == self.tracing.value:
            raise MonitoringConfigError("app.name", self.app.name, f"a name other than the sidecar's {self.tracing.value!r}")
        reserved = (*(APP_VARIABLES[self.tracing] if self.tracing else ()), "LOG_LEVEL")
        for key in self.app.environment:
            if key in reserved:
                raise MonitoringConfigError("app.environment", key, f"names other than {', '.join(reserved)} "
                                            "(set from the tracing sidecar and the environment profile)")
        self._check_budget()
        self._check_ports()

    def _check_budget(self) -> None:
        sidecar_cpu, sidecar_memory = (self.sidecar_cpu, self.sidecar_memory) if self.tracing else (0, 0)
        cpu = (self.app.cpu or 0) + sidecar_cpu
        if cpu > self.cpu:
            raise MonitoringConfigError("app.cpu", self.app.cpu, f"at most {self.cpu - sidecar_cpu} (task cpu {self.cpu} "
                                        f"minus the sidecar's {sidecar_cpu})")
        # Without its own limit the app may use what the sidecar leaves; leave it something.
        memory = (self.app.memory or CONTAINER_MEMORY_MIN) + sidecar_memory
        if memory > self.memory:
            raise MonitoringConfigError(
                "app.memory", self.app.memory,
                f"at most {self.memory - sidecar_memory} MiB (task memory {self.memory} minus the sidecar's {sidecar_memory})",
            )

    def _check_ports(self) -> None:
        if self.tracing is None:
            return
        # awsvpc: every container of the task shares one network namespace,
        # so the app cannot listen on a port the agent listens on.
        if (self.app.port, self.app.protocol) in AGENT_PORTS[self.tracing]:
            taken = ", ".join(f"{port}/{protocol}" for port, protocol in AGENT_PORTS[self.tracing])
            raise MonitoringConfigError(
                "app.port", f"{self.app.port}/{self.app.protocol}",
                f"a port the {self.tracing.value} sidecar does not use (it listens on {taken})",
            )


def _describe_sizes(sizes: tuple[int, ...]) -> str:
    if len(sizes) <= 3:
        return ", ".join(map(str, sizes))
    return f"{sizes[0]} to {sizes[-1]} in steps of {sizes[1] - sizes[0]}"


class FargateTaskDefinition(Construct):
    """A Fargate ``aws_ecs_task_definition``: the app container plus the trace sidecar.

    ``awsvpc``, ``FARGATE``, execution role != task role, container
    definitions serialized as JSON from plain data (tokens such as the log
    group name resolve inside the string), both containers logging to the
    application log group (stream prefixes ``ecs`` and ``xray``), the app
    depending on the sidecar having started.

    Example::

        task = FargateTaskDefinition(stack, "Task", props=FargateTaskProps(
            identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
            app=AppContainer(name="orders", image="public.ecr.aws/acme/orders:2.0.1", port=8080),
            cpu=256, memory=512, log_group_name=logs.application.name))
        task.task_role_name   # attach the app's own policies here
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, props: FargateTaskProps
    ) -> None:
        if props.identity is None:
            raise MonitoringConfigError("task.identity", None, "the service's ServiceIdentity (ServiceMonitoring fills it in)")
        if props.log_group_name is None:
            raise MonitoringConfigError(
                "task.log_group_name", None, "the application log group's name (ServiceMonitoring fills it in)"
            )
        super().__init__(scope, construct_id)
        self.props = props
        self.identity: ServiceIdentity = props.identity
        self.log_level = props.log_level or DEFAULT_LOG_LEVEL
        naming = Naming(props.identity)
        self.execution_role_arn = props.execution_role_arn or self._execution_role(naming).arn
        if props.task_role_arn is not None and props.task_role_name is not None:
            self.task_role_arn, self.task_role_name = props.task_role_arn, props.task_role_name
        else:
            role = self._role(naming, "TaskRole", "task", "the application's AWS calls")
            self.task_role_arn, self.task_role_name = role.arn, role.name
        self.sidecar = (
            XRaySidecar(
                self,
                "Tracing",
                props=XRaySidecarProps(
                    identity=props.identity,
                    task_role_name=self.task_role_name,
                    log_group_name=props.log_group_name,
                    log_level=self.log_level,
                    agent=props.tracing,
                    cpu=props.sidecar_cpu,
                    memory=props.sidecar_memory,
                ),
            )
            if props.tracing is not None
            else None
        )
        self.container_definitions = self._containers()
        self.task_definition = EcsTaskDefinition(
            self,
            "TaskDefinition",
            family=naming.task_family(),
            requires_compatibilities=["FARGATE"],
            network_mode="awsvpc",
            cpu=str(props.cpu),
            memory=str(props.memory),
            execution_role_arn=self.execution_role_arn,
            task_role_arn=self.task_role_arn,
            runtime_platform={"operating_system_family": "LINUX", "cpu_architecture": props.cpu_architecture},
            # json.dumps of plain data built in a fixed order: deterministic text that
            # tests can parse; token strings inside resolve to ${...} references.
            container_definitions=json.dumps(self.container_definitions),
            tags=naming.tags("task", "compute"),
        )

    def _role(self, naming: Naming, construct_id: str, suffix: str, purpose: str) -> IamRole:
        account = AccountContext.of(self)
        trust = trust_policy(
            self, f"{construct_id}Trust", sid="EcsTasksOfThisAccount", service=ECS_TASKS_PRINCIPAL,
            account_id=account.account_id,
        )
        return IamRole(
            self,
            construct_id,
            name=naming.iam_role(f"ecs-{suffix}"),
            description=f"{naming.prefix} ECS {suffix} role: {purpose}",
            assume_role_policy=trust.json,
            tags=naming.tags(f"{suffix}-role", "iam"),
        )

    def _execution_role(self, naming: Naming) -> IamRole:
        role = self._role(naming, "ExecutionRole", "execution", "pulls images and writes container logs")
        account = AccountContext.of(self)
        IamRolePolicyAttachment(
            self,
            "ExecutionRolePolicy",
            role=role.name,
            policy_arn=Fn.join("", ["arn:", account.partition, ":iam::aws:policy/", EXECUTION_ROLE_POLICY]),
        )
        return role

    def _containers(self) -> list[dict[str, object]]:
        app, region = self.props.app, self.identity.region
        environment = self.sidecar.app_environment() if self.sidecar else [{"name": "LOG_LEVEL", "value": self.log_level}]
        environment += [{"name": key, "value": value} for key, value in app.environment.items()]
        container: dict[str, object] = {
            "name": app.name,
            "image": app.image,
            "essential": True,
            "portMappings": [{"containerPort": app.port, "protocol": app.protocol}],
            "environment": environment,
            "readonlyRootFilesystem": app.read_only_root_filesystem,
            "logConfiguration": awslogs(self.props.log_group_name, region, "ecs"),
        }
        if app.cpu is not None:
            container["cpu"] = app.cpu
        if app.memory is not None:
            container["memory"] = app.memory
        if self.sidecar is None:
            return [container]
        container["dependsOn"] = [{"containerName": self.sidecar.container_name, "condition": "START"}]
        return [container, self.sidecar.container_definition()]


__all__ = ["AppContainer", "FARGATE_SIZES", "FargateTaskDefinition", "FargateTaskProps"]
