"""The ADOT collector: the default trace agent of a Fargate task, its pinned image, its config and the app's variables.

Why a new default: the X-Ray daemon (and the X-Ray SDKs) entered maintenance
mode on 2026-02-25 and reach end of support on 2027-02-25; AWS recommends
OpenTelemetry for instrumenting and for sending traces to X-Ray (X-Ray
developer guide, "X-Ray SDK and daemon end of support timeline").

Why the AWS Distro for OpenTelemetry (ADOT) collector and not the CloudWatch
agent with Application Signals (compared from the AWS docs: CloudWatch user
guide, "Enable your applications on Amazon ECS" / "Deploy using the sidecar
strategy"; ADOT docs, "Create ECS Task Definition for Fargate with ADOT
Collector"):

- Application Signals on ECS is a custom setup per application language: an
  init container copies the ADOT SDK auto-instrumentation agent (Java, Python,
  .NET or Node.js) into a shared volume and the app container is started with
  it. A construct library that knows the app only by its image cannot do that
  for every team; the collector takes OTLP from any SDK, any language.
- It needs account-wide enablement (the Application Signals service-linked
  role), the agent's JSON config in SSM Parameter Store, and, as documented,
  ``CloudWatchAgentServerPolicy`` on the task role (``cloudwatch:PutMetricData``,
  log group creation and writes, EC2 reads, all on ``*``). The collector below
  needs the X-Ray write statement the daemon already had, nothing more.
- What the CloudWatch agent adds (SLOs, service dashboards, fewer agents on
  EC2) needs the language agents anyway; a team that wants it can move from
  this collector later without changing its OTLP export.

The collector also takes the X-Ray SDK's UDP segments on 2000 and proxies its
sampling calls on TCP 2000, so apps still on the X-Ray SDK keep working
unchanged while they migrate.

Why our own configuration (``AOT_CONFIG_CONTENT``) and not one of the image's
bundled files: ``/etc/ecs/ecs-default-config.yaml`` (v0.49.0) does receive
OTLP and X-Ray UDP and exports to X-Ray, but it also runs a StatsD receiver
and an EMF metrics pipeline writing to ``/aws/ecs/application/metrics``, a log
group the collector would create itself: unencrypted, kept forever, outside
this library's retention rules, and one more ``logs:CreateLogGroup`` grant;
and it listens on ``0.0.0.0``. ``/etc/ecs/ecs-xray.yaml`` exports traces only
but has no X-Ray UDP receiver. The config below is traces only, listens on
the task's loopback only (awsvpc: the app shares it, nothing outside the task
needs it) and keeps the collector inside its memory limit.

Metrics are not exported: EMF would need a log group of its own (KMS key,
retention) and every metric an SDK emits would become a billed CloudWatch
custom metric. So the app's SDK is told not to export metrics or logs
(``OTEL_METRICS_EXPORTER=none``, ``OTEL_LOGS_EXPORTER=none``, as AWS's own
Application Signals injector does): otherwise it would retry against a
collector that has no pipeline for them and log the failures.

Example::

    environment = otlp_app_environment("orders-prod", "prod")
    # OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317, OTEL_SERVICE_NAME=orders-prod, ...
"""

from __future__ import annotations

# The newest ADOT collector release: git tag v0.49.0 of
# github.com/aws-observability/aws-otel-collector (release notes
# docs/releases/v0.49.0.md, 2026-07-10); its C/D workflow (.github/workflows/CD.yml)
# pushes each release tag as public.ecr.aws/aws-observability/aws-otel-collector:<tag>.
# Never :latest. Bump deliberately and read the release notes: the config schema drifts.
ADOT_COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0"

LOOPBACK = "127.0.0.1"
XRAY_UDP_PORT = 2000
OTLP_GRPC_PORT = 4317
OTLP_HTTP_PORT = 4318
HEALTH_CHECK_PORT = 13133
OTLP_ENDPOINT = f"http://{LOOPBACK}:{OTLP_GRPC_PORT}"

# (port, protocol) the collector listens on inside the task's network namespace.
COLLECTOR_PORTS = (
    (XRAY_UDP_PORT, "udp"),
    (XRAY_UDP_PORT, "tcp"),
    (OTLP_GRPC_PORT, "tcp"),
    (OTLP_HTTP_PORT, "tcp"),
    (HEALTH_CHECK_PORT, "tcp"),
)

# Passed inline as AOT_CONFIG_CONTENT (the collector reads it instead of --config).
# Receivers: OTLP gRPC/HTTP from OpenTelemetry SDKs, X-Ray segments on UDP 2000
# with the sampling-rule proxy on TCP 2000 (X-Ray SDKs, and the xray remote
# sampler of OpenTelemetry SDKs). memory_limiter refuses data before the
# container's hard memory limit kills the collector; batch/traces sends up to
# 50 segments a call (PutTraceSegments' limit) every second. The health_check
# extension answers the image's /healthcheck binary on 127.0.0.1:13133.
ADOT_CONFIG = f"""\
extensions:
  health_check:
    endpoint: {LOOPBACK}:{HEALTH_CHECK_PORT}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: {LOOPBACK}:{OTLP_GRPC_PORT}
      http:
        endpoint: {LOOPBACK}:{OTLP_HTTP_PORT}
  awsxray:
    endpoint: {LOOPBACK}:{XRAY_UDP_PORT}
    transport: udp
    proxy_server:
      endpoint: {LOOPBACK}:{XRAY_UDP_PORT}
processors:
  memory_limiter:
    check_interval: 1s
    limit_percentage: 80
    spike_limit_percentage: 25
  batch/traces:
    timeout: 1s
    send_batch_size: 50
exporters:
  awsxray:
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [otlp, awsxray]
      processors: [memory_limiter, batch/traces]
      exporters: [awsxray]
"""

# What an OpenTelemetry SDK in the app container reads (names from the
# OpenTelemetry SDK environment variable specification). The protocol is set
# with the port: SDKs differ in their default (many default to http/protobuf).
OTLP_APP_VARIABLES = (
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_SERVICE_NAME",
    "OTEL_RESOURCE_ATTRIBUTES",
    "OTEL_METRICS_EXPORTER",
    "OTEL_LOGS_EXPORTER",
)


def otlp_app_environment(service_name: str, environment: str) -> list[dict[str, str]]:
    """The app container's OpenTelemetry SDK variables: traces over OTLP gRPC to the collector on loopback.

    ``service_name`` is ``service.name``, which X-Ray shows as the node's name
    (``<service>-<env>``, the X-Ray SDK's ``AWS_XRAY_TRACING_NAME``, so the
    service map keeps its nodes and environments sharing an account stay
    apart); ``environment`` is ``deployment.environment``. Both are plain
    words (``ServiceIdentity`` checks them), so no value needs escaping.
    """
    values = (
        OTLP_ENDPOINT,
        "grpc",
        service_name,
        f"service.name={service_name},deployment.environment={environment}",
        "none",
        "none",
    )
    return [{"name": name, "value": value} for name, value in zip(OTLP_APP_VARIABLES, values, strict=True)]


__all__ = [
    "ADOT_COLLECTOR_IMAGE",
    "ADOT_CONFIG",
    "COLLECTOR_PORTS",
    "OTLP_APP_VARIABLES",
    "OTLP_ENDPOINT",
    "otlp_app_environment",
]
