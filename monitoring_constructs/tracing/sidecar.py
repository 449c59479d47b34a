"""XRaySidecar: the seed's X-Ray daemon sidecar, done right for Fargate (DESIGN.md section 7.3).

What the seed gets wrong and this module does instead:
- ``xray-daemon:2000`` needs container ``links`` (bridge mode only); on Fargate
  (``awsvpc``) the containers of a task share one network namespace, so the
  app reaches the agent on ``127.0.0.1:2000``;
- ``amazon/aws-xray-daemon:latest`` is pinned to a released version;
- no ``hostPort: 0`` (Fargate rejects it);
- the agent is pluggable: the X-Ray daemon (default, as in the seed) reaches
  end of support on 2027-02-25, and AWS recommends the ADOT collector, which
  receives the same X-Ray UDP segments on port 2000 and also OTLP.

Example::

    sidecar = XRaySidecar(stack, "Tracing", settings=settings, props=XRaySidecarProps(
        task_role_name=task_role.name,            # a token is fine
        log_group_name=logs.application.name,
        agent=TracingAgent.ADOT_COLLECTOR,        # or the default XRAY_DAEMON
    ))
    containers = [app_container | {"environment": sidecar.app_environment()}, sidecar.container_definition()]
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from .._cdk import Construct, IamPolicy, IamRolePolicyAttachment, is_token
from ..core.errors import MonitoringConfigError
from ..core.naming import Naming
from ..infra.policy import Statement, policy_document
from ..core.settings import MonitoringSettings
from ..core.validation import IAM_ROLE_NAME, LOG_GROUP_NAME, require_int, require_one_of, require_pattern, require_string


class TracingAgent(enum.Enum):
    """Which trace agent runs next to the app; both accept X-Ray SDK segments on UDP 2000."""

    XRAY_DAEMON = "xray-daemon"
    ADOT_COLLECTOR = "adot-collector"


# Pinned images (never :latest). Bump deliberately, e.g. with Renovate.
XRAY_DAEMON_IMAGE = "public.ecr.aws/xray/aws-xray-daemon:3.3.15"
ADOT_COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3"
DEFAULT_IMAGES = {
    TracingAgent.XRAY_DAEMON: XRAY_DAEMON_IMAGE,
    TracingAgent.ADOT_COLLECTOR: ADOT_COLLECTOR_IMAGE,
}

DAEMON_HOST = "127.0.0.1"
DAEMON_PORT = 2000
DAEMON_ADDRESS = f"{DAEMON_HOST}:{DAEMON_PORT}"
OTLP_GRPC_PORT = 4317
OTLP_HTTP_PORT = 4318
ADOT_HEALTH_CHECK_PORT = 13133

# The ports each agent listens on inside the task's network namespace, as
# (port, protocol). The daemon takes segments on UDP 2000 and proxies
# sampling-rule calls on TCP 2000; the ADOT collector does the same through
# its awsxray receiver and adds OTLP and its health check.
AGENT_PORTS: dict[TracingAgent, tuple[tuple[int, str], ...]] = {
    TracingAgent.XRAY_DAEMON: ((DAEMON_PORT, "udp"), (DAEMON_PORT, "tcp")),
    TracingAgent.ADOT_COLLECTOR: (
        (DAEMON_PORT, "udp"),
        (DAEMON_PORT, "tcp"),
        (OTLP_GRPC_PORT, "tcp"),
        (OTLP_HTTP_PORT, "tcp"),
        (ADOT_HEALTH_CHECK_PORT, "tcp"),
    ),
}

# The collector configuration for ADOT, passed inline (AOT_CONFIG_CONTENT):
# traces only, X-Ray segments (UDP 2000, sampling proxy on TCP 2000) and OTLP
# from the app on localhost, exported to X-Ray. Nothing else, so the task
# role needs nothing beyond the X-Ray statement.
ADOT_CONFIG = """\
extensions:
  health_check:
    endpoint: 127.0.0.1:13133
receivers:
  awsxray:
    endpoint: 0.0.0.0:2000
    transport: udp
    proxy_server:
      endpoint: 0.0.0.0:2000
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:4317
      http:
        endpoint: 127.0.0.1:4318
processors:
  batch/traces:
    timeout: 1s
    send_batch_size: 50
exporters:
  awsxray:
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [awsxray, otlp]
      processors: [batch/traces]
      exporters: [awsxray]
"""

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

    ``task_role_name`` (may be a token, e.g. ``aws_iam_role.name``) gets the
    X-Ray policy; ``log_group_name`` receives the agent's logs under the
    ``xray`` stream prefix. ``image`` overrides the pinned default of the
    agent (still must be pinned). ``cpu`` units / ``memory`` MiB default to
    the seed's 32 / 256.
    """

    task_role_name: str
    log_group_name: str
    agent: TracingAgent = TracingAgent.XRAY_DAEMON
    image: str | None = None
    cpu: int = 32
    memory: int = 256
    container_name: str | None = None

    def __post_init__(self) -> None:
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
    listens on UDP/TCP 2000 without host ports, runs with a read-only root
    filesystem and logs to ``log_group_name`` with stream prefix ``xray``.
    ``app_environment()`` is what the app container needs:
    ``AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2000``,
    ``AWS_XRAY_TRACING_NAME=<service>-<env>`` and ``LOG_LEVEL`` from the
    environment profile (INFO in prod, DEBUG elsewhere).

    Example::

        sidecar = XRaySidecar(stack, "Tracing", settings=settings,
                              props=XRaySidecarProps(task_role_name=role.name,
                                                     log_group_name=logs.application.name))
        sidecar.container_definition()["name"]   # "xray-daemon"
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, settings: MonitoringSettings, props: XRaySidecarProps
    ) -> None:
        super().__init__(scope, construct_id)
        self.settings = settings
        self.props = props
        naming = Naming(settings)
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
        """The app container's ``environment`` entries for tracing and logging."""
        return [
            {"name": "AWS_XRAY_DAEMON_ADDRESS", "value": DAEMON_ADDRESS},
            {"name": "AWS_XRAY_TRACING_NAME", "value": self.settings.prefix},
            {"name": "LOG_LEVEL", "value": self.settings.profile.log_level},
        ]

    def container_definition(self) -> dict[str, object]:
        """The agent's ECS container definition (plain data; the log group may be a token)."""
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
            "environment": [{"name": "AWS_REGION", "value": self.settings.region}],
            "logConfiguration": awslogs(self.props.log_group_name, self.settings.region, "xray"),
        }
        if self.props.agent is TracingAgent.ADOT_COLLECTOR:
            definition["environment"] = [
                {"name": "AOT_CONFIG_CONTENT", "value": ADOT_CONFIG},
                {"name": "AWS_REGION", "value": self.settings.region},
            ]
        return definition


__all__ = [
    "ADOT_COLLECTOR_IMAGE",
    "DAEMON_ADDRESS",
    "TracingAgent",
    "XRAY_ACTIONS",
    "XRAY_DAEMON_IMAGE",
    "XRaySidecar",
    "XRaySidecarProps",
    "awslogs",
    "require_pinned_image",
]
