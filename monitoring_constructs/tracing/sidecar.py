"""XRaySidecar: the trace agent beside a Fargate app, done right for Fargate (DESIGN.md section 7.3).

The default agent is the AWS Distro for OpenTelemetry collector (why, and why
not the CloudWatch agent with Application Signals: ``tracing/collector.py``):
the app sends OpenTelemetry traces to it on ``127.0.0.1:4317`` and X-Ray SDK
segments on ``127.0.0.1:2000`` as before, and it exports both to X-Ray. The
seed's X-Ray daemon stays selectable (``TracingAgent.XRAY_DAEMON``) until its
end of support on 2027-02-25.

What the seed gets wrong and this module does instead:
- ``xray-daemon:2000`` needs container ``links`` (bridge mode only); on Fargate
  (``awsvpc``) the containers of a task share one network namespace, so the
  app reaches the agent on ``127.0.0.1``;
- ``amazon/aws-xray-daemon:latest`` is pinned to a released version, and so is
  the collector;
- no ``hostPort: 0`` (Fargate rejects it).

Example::

    sidecar = XRaySidecar(stack, "Tracing", props=XRaySidecarProps(
        identity=ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2"),
        task_role_name=task_role.name,            # a token is fine
        log_group_name=logs.application.name,
        # agent=TracingAgent.XRAY_DAEMON          # to keep the seed's daemon
    ))
    containers = [app_container | {"environment": sidecar.app_environment()}, sidecar.container_definition()]
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from .._cdk import Construct, IamPolicy, IamRolePolicyAttachment, is_token
from ..core.environments import LOG_LEVELS
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..infra.policy import Statement, policy_document
from ..core.validation import (
    IAM_ROLE_NAME,
    LOG_GROUP_NAME,
    require_instance,
    require_int,
    require_one_of,
    require_pattern,
    require_string,
)
from .collector import (
    ADOT_COLLECTOR_IMAGE,
    ADOT_CONFIG,
    COLLECTOR_PORTS,
    LOOPBACK,
    OTLP_APP_VARIABLES,
    XRAY_UDP_PORT,
    otlp_app_environment,
)


class TracingAgent(enum.Enum):
    """Which trace agent runs next to the app; both accept X-Ray SDK segments on UDP 2000.

    ``ADOT_COLLECTOR`` (the default) also receives OpenTelemetry (OTLP);
    ``XRAY_DAEMON`` is in maintenance mode, end of support 2027-02-25.
    """

    ADOT_COLLECTOR = "adot-collector"
    XRAY_DAEMON = "xray-daemon"


DEFAULT_AGENT = TracingAgent.ADOT_COLLECTOR
# The app's LOG_LEVEL when the caller names none (ServiceMonitoring passes the environment profile's).
DEFAULT_LOG_LEVEL = "INFO"

# Pinned images (never :latest). Bump deliberately, e.g. with Renovate.
XRAY_DAEMON_IMAGE = "public.ecr.aws/xray/aws-xray-daemon:3.3.15"
DEFAULT_IMAGES = {
    TracingAgent.XRAY_DAEMON: XRAY_DAEMON_IMAGE,
    TracingAgent.ADOT_COLLECTOR: ADOT_COLLECTOR_IMAGE,
}

# Where X-Ray SDKs send segments (UDP) and ask for sampling rules (TCP): loopback, port 2000.
DAEMON_PORT = XRAY_UDP_PORT
DAEMON_ADDRESS = f"{LOOPBACK}:{DAEMON_PORT}"

# The ports each agent listens on inside the task's network namespace, as
# (port, protocol). The daemon takes segments on UDP 2000 and proxies
# sampling-rule calls on TCP 2000; the ADOT collector does the same through
# its awsxray receiver and adds OTLP and its health check.
AGENT_PORTS: dict[TracingAgent, tuple[tuple[int, str], ...]] = {
    TracingAgent.XRAY_DAEMON: ((DAEMON_PORT, "udp"), (DAEMON_PORT, "tcp")),
    TracingAgent.ADOT_COLLECTOR: COLLECTOR_PORTS,
}

# The app container's variables each agent sets (the app may not set them itself).
XRAY_APP_VARIABLES = ("AWS_XRAY_DAEMON_ADDRESS", "AWS_XRAY_TRACING_NAME")
APP_VARIABLES: dict[TracingAgent, tuple[str, ...]] = {
    TracingAgent.XRAY_DAEMON: XRAY_APP_VARIABLES,
    TracingAgent.ADOT_COLLECTOR: XRAY_APP_VARIABLES + OTLP_APP_VARIABLES,
}

# The seed's X-Ray actions. None of them supports resource-level permissions,
# so this is the one statement that needs Resource "*".
XRAY_ACTIONS = (
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:GetSamplingStatisticSummaries",
)

# [registry[:port]/]repository[:tag][@sha256:digest] (the Docker reference grammar);
# a tag alone must not be "latest", a digest pins the image whatever the tag.
_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
IMAGE_REFERENCE = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d+)?/)?"
    rf"{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
    r"(?:@(?P<digest>sha256:[0-9a-f]{64}))?$"
)
CONTAINER_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")

# Container-level sizes ECS accepts: cpu units, memory MiB (at most the largest Fargate task's).
CONTAINER_CPU_MAX = 16384
CONTAINER_MEMORY_MIN = 6
CONTAINER_MEMORY_MAX = 122880


def require_pinned_image(field: str, image: object) -> str:
    """An image reference with an explicit tag other than ``latest``, or a digest.

    A token (e.g. a repository URL joined with a tag variable) is only known at
    apply time and is accepted as it is.
    """
    allowed = "an image with an explicit version tag or @sha256 digest (never :latest, never untagged)"
    require_string(field, image, allowed)
    assert isinstance(image, str)
    if is_token(image):
        return image
    reference = IMAGE_REFERENCE.fullmatch(image)
    if reference is None or not (reference["digest"] or reference["tag"] not in (None, "latest")):
        raise MonitoringConfigError(field, image, allowed)
    return image


def awslogs(log_group_name: str, region: str, stream_prefix: str) -> dict[str, object]:
    """An ``awslogs`` log configuration (the group may be a token)."""
    return {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": log_group_name,
            "awslogs-region": region,
            "awslogs-stream-prefix": stream_prefix,
        },
    }


@dataclass(frozen=True, kw_only=True, slots=True)
class XRaySidecarProps:
    """What the sidecar needs from the caller.

    ``identity`` names and tags the X-Ray policy, names the service in traces
    (``<service>-<env>``, or its ``name_prefix``) and gives the region the
    agent exports to. ``log_level`` is the app's ``LOG_LEVEL`` (default INFO;
    ``ServiceMonitoring`` uses the environment profile's: INFO in prod, DEBUG
    elsewhere). ``task_role_name`` (may be a token, e.g. ``aws_iam_role.name``) gets the
    X-Ray policy; ``log_group_name`` receives the agent's logs under the
    ``xray`` stream prefix. ``agent`` defaults to the ADOT collector
    (``TracingAgent.XRAY_DAEMON`` keeps the seed's daemon). ``image``
    overrides the pinned default of the agent (still must be pinned). ``cpu``
    units / ``memory`` MiB default to the seed's 32 / 256 (the collector's
    memory_limiter keeps it under that hard limit).

    Example::

        XRaySidecarProps(identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
                         task_role_name="orders-prod-ecs-task", log_group_name="/ecs/orders-prod/application")
    """

    identity: ServiceIdentity
    task_role_name: str
    log_group_name: str
    log_level: str = DEFAULT_LOG_LEVEL
    agent: TracingAgent = DEFAULT_AGENT
    image: str | None = None
    cpu: int = 32
    memory: int = 256
    container_name: str | None = None

    def __post_init__(self) -> None:
        require_instance("xray.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...)")
        require_one_of("xray.log_level", self.log_level, LOG_LEVELS)
        require_pattern("xray.task_role_name", self.task_role_name, IAM_ROLE_NAME,
                        "the task role's name: 1-64 letters, digits or + = , . @ _ - (or a token)")
        require_pattern("xray.log_group_name", self.log_group_name, LOG_GROUP_NAME,
                        "a log group name matching ^[0-9A-Za-z_./#-]{1,512}$ (or a token)")
        require_one_of("xray.agent", self.agent, tuple(TracingAgent))
        if self.image is not None:
            require_pinned_image("xray.image", self.image)
        require_int("xray.cpu", self.cpu, 0, CONTAINER_CPU_MAX)
        require_int("xray.memory", self.memory, CONTAINER_MEMORY_MIN, CONTAINER_MEMORY_MAX)
        if self.container_name is not None:
            require_string("xray.container_name", self.container_name, "1-255 letters, digits, - or _")
            if not CONTAINER_NAME.fullmatch(self.container_name):
                raise MonitoringConfigError("xray.container_name", self.container_name, "1-255 letters, digits, - or _")


class XRaySidecar(Construct):
    """The trace agent container of a Fargate task plus the X-Ray IAM policy on its task role.

    The container is not essential (a crashed agent never stops the app),
    listens on UDP/TCP 2000 (and, the collector, OTLP on 4317/4318) without
    host ports, runs with a read-only root filesystem and logs to
    ``log_group_name`` with stream prefix ``xray``. ``app_environment()`` is
    what the app container needs: ``AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2000``
    and ``AWS_XRAY_TRACING_NAME=<service>-<env>`` for X-Ray SDKs, with the
    collector also ``OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317`` and
    the other OpenTelemetry SDK variables (``collector.otlp_app_environment``),
    and ``LOG_LEVEL`` (``props.log_level``).

    Example::

        sidecar = XRaySidecar(stack, "Tracing", props=XRaySidecarProps(
            identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
            task_role_name=role.name, log_group_name=logs.application.name))
        sidecar.container_definition()["name"]   # "adot-collector"
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, props: XRaySidecarProps
    ) -> None:
        super().__init__(scope, construct_id)
        self.props = props
        naming = Naming(props.identity)
        document = policy_document(
            self, "PolicyDocument", [Statement(sid="XRayWriteTraces", actions=XRAY_ACTIONS, resources=("*",))]
        )
        self.policy = IamPolicy(
            self,
            "Policy",
            name_prefix=naming.iam_policy_prefix("xray-access-"),
            description=f"Lets the {naming.prefix} task send traces to X-Ray",
            policy=document.json,
            tags=naming.tags("xray-access", "iam"),
        )
        self.attachment = IamRolePolicyAttachment(
            self, "Attachment", role=props.task_role_name, policy_arn=self.policy.arn
        )

    @property
    def agent(self) -> TracingAgent:
        return self.props.agent

    @property
    def container_name(self) -> str:
        return self.props.container_name or self.props.agent.value

    @property
    def image(self) -> str:
        return self.props.image or DEFAULT_IMAGES[self.props.agent]

    @property
    def ports(self) -> tuple[tuple[int, str], ...]:
        """(port, protocol) pairs the agent listens on; the app must not use them."""
        return AGENT_PORTS[self.props.agent]

    def app_environment(self) -> list[dict[str, str]]:
        """The app container's ``environment`` entries for tracing and logging (names: ``APP_VARIABLES``)."""
        identity = self.props.identity
        environment = [
            {"name": "AWS_XRAY_DAEMON_ADDRESS", "value": DAEMON_ADDRESS},
            {"name": "AWS_XRAY_TRACING_NAME", "value": identity.prefix},
        ]
        if self.props.agent is TracingAgent.ADOT_COLLECTOR:
            environment += otlp_app_environment(identity.prefix, identity.environment)
        return environment + [{"name": "LOG_LEVEL", "value": self.props.log_level}]

    def container_definition(self) -> dict[str, object]:
        """The agent's ECS container definition (plain data; the log group may be a token)."""
        region = self.props.identity.region
        definition: dict[str, object] = {
            "name": self.container_name,
            "image": self.image,
            "essential": False,
            "cpu": self.props.cpu,
            "memory": self.props.memory,
            # awsvpc: containerPort only (no hostPort 0, no links). The app
            # reaches the agent on 127.0.0.1 without any mapping; the mapping
            # documents the segment port as the seed does.
            "portMappings": [{"containerPort": DAEMON_PORT, "protocol": "udp"}],
            "readonlyRootFilesystem": True,
            "environment": [{"name": "AWS_REGION", "value": region}],
            "logConfiguration": awslogs(self.props.log_group_name, region, "xray"),
        }
        if self.props.agent is TracingAgent.ADOT_COLLECTOR:
            definition["environment"] = [
                {"name": "AOT_CONFIG_CONTENT", "value": ADOT_CONFIG},
                {"name": "AWS_REGION", "value": region},
            ]
        return definition


__all__ = [
    "ADOT_COLLECTOR_IMAGE",
    "APP_VARIABLES",
    "DAEMON_ADDRESS",
    "DEFAULT_AGENT",
    "DEFAULT_LOG_LEVEL",
    "TracingAgent",
    "XRAY_ACTIONS",
    "XRAY_DAEMON_IMAGE",
    "XRaySidecar",
    "XRaySidecarProps",
    "awslogs",
    "require_pinned_image",
]
