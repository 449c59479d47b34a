"""LogAnalyzerFunction: the seed's log-analyzer Lambda, packaged from source, scheduled, least privilege.

Optional and off by default (``enabled=False`` creates nothing): the
``ErrorLogRate`` metric filter + alarm already detect error spikes natively.
Turn it on for the summary e-mail the seed wanted (which 5-minute bins, how many
ERROR lines).

What it creates when enabled:

- the code: ``monitoring_constructs/log_analyzer/handler.py`` zipped at synth
  time by Python, deterministically (one entry ``handler.py``, fixed timestamp
  and permissions), handed to Terraform as a ``TerraformAsset`` file and
  referenced with ``filename`` + ``source_code_hash``: no ``archive`` provider,
  and the same source gives a byte-identical zip and plan;
- ``<service>-<env>-log-analyzer``: Lambda, python3.12, timeout = query timeout
  + the handler's 10 s headroom + 20 s for cold start and publishing;
- its own log group ``/aws/lambda/<function>`` with retention (encrypted when
  ``log_group_kms_key_arn`` is given: the key policy must then allow that log
  group, see ``encryption.py``);
- a role trusted by ``lambda.amazonaws.com`` that may only: ``logs:StartQuery``
  and ``logs:GetQueryResults`` on the analyzed log group (both take a log group),
  ``logs:StopQuery`` (takes no resource, so ``*``), ``sns:Publish`` on the topic,
  use the topic's KMS key, and write its own log group;
- an EventBridge schedule (default ``rate(5 minutes)``) and the permission that
  lets exactly that rule invoke the function; no retries, neither by
  EventBridge nor by Lambda's asynchronous invocation, so a run that fails
  after publishing never publishes its summary twice (the next run covers
  the window again);
- with an ``AlarmFactory``, the ``<service>-<env>-log-analyzer-errors`` alarm
  on the function's own errors and timeouts, so a broken analyzer is heard.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .._cdk import (
    AssetType,
    CloudwatchEventRule,
    CloudwatchEventTarget,
    CloudwatchEventTargetRetryPolicy,
    CloudwatchLogGroup,
    Construct,
    Fn,
    IamRole,
    IamRolePolicy,
    LambdaFunction,
    LambdaFunctionEnvironment,
    LambdaFunctionEventInvokeConfig,
    LambdaPermission,
    TerraformAsset,
)
from ..infra.account import AccountContext
from ..alarms.catalog import LOG_ANALYZER_ERRORS_ALARM
from ..alarms.factory import AlarmFactory, CreatedAlarm
from ..core.errors import MonitoringConfigError
from ..core.expressions import require_schedule_expression
from ..core.identity import ServiceIdentity
from ..core.log_format import LogFormat
from ..core.naming import Naming
from ..infra.policy import Statement, policy_document, trust_policy
from ..core.validation import (
    KMS_KEY,
    LOG_GROUP_NAME,
    RETENTION_DAYS,
    SNS_TOPIC,
    require_arn,
    require_bool,
    require_instance,
    require_int,
    require_one_of,
    require_pattern,
)

HANDLER_SOURCE = Path(__file__).parent / "log_analyzer" / "handler.py"
HANDLER = "handler.handler"
RUNTIME = "python3.12"
# handler.LAMBDA_HEADROOM_SECONDS (not imported: the handler imports boto3,
# which synthesis does not need); tests check the two stay equal.
HANDLER_HEADROOM_SECONDS = 10
COLD_START_MARGIN_SECONDS = 20
LAMBDA_TIMEOUT_MAX = 900
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
_RATE_MINUTES = {"minute": 1, "minutes": 1, "hour": 60, "hours": 60, "day": 1440, "days": 1440}


def build_handler_zip(source: Path = HANDLER_SOURCE) -> bytes:
    """The Lambda package: ``handler.py`` alone, with a fixed timestamp, so the bytes depend on the source only."""
    info = zipfile.ZipInfo("handler.py", date_time=ZIP_TIMESTAMP)
    info.external_attr = 0o100644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # unix, whatever the build machine
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, source.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def source_code_hash(package: bytes) -> str:
    """What Terraform's ``filebase64sha256`` returns for the package."""
    return base64.b64encode(hashlib.sha256(package).digest()).decode("ascii")


def _write_package(package: bytes) -> Path:
    """Content-addressed file the asset copies into the stack's output."""
    digest = hashlib.sha256(package).hexdigest()[:16]
    directory = Path(tempfile.gettempdir()) / "monitoring-constructs-assets" / digest
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "log-analyzer.zip"
    if not path.exists() or path.read_bytes() != package:
        path.write_bytes(package)
    return path


def schedule_minutes(expression: str) -> int | None:
    """Minutes between runs of a ``rate(...)`` expression; None for ``cron(...)``."""
    match = re.fullmatch(r"rate\(([0-9]+) (\w+)\)", expression)
    return int(match.group(1)) * _RATE_MINUTES[match.group(2)] if match else None


@dataclass(frozen=True, kw_only=True, slots=True)
class LogAnalyzerProps:
    """The scheduled analyzer. ``enabled`` defaults to False: nothing is created.

    ``identity``: whose analyzer (names, tags, the region of the analyzed log group).
    ``log_group_name``: the log group to query (the application log group).
    ``topic_arn``: where the summary goes; ``topic_kms_key_arn``: the topic's key.
    ``lookback_minutes`` must cover the schedule interval, or bins are never looked at;
    bins near the window edges can be reported by two consecutive runs.
    ``log_format``: how the application writes its lines; the query counts ERROR lines by it.

    Example::

        LogAnalyzerProps(identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
                         enabled=True, log_group_name="/ecs/orders-dev/application",
                         topic_arn="arn:aws:sns:eu-west-1:123456789012:orders-dev-alerts-p3")
    """

    identity: ServiceIdentity
    log_group_name: str
    topic_arn: str
    enabled: bool = False
    topic_kms_key_arn: str | None = None
    log_group_kms_key_arn: str | None = None
    schedule: str = "rate(5 minutes)"
    error_threshold: int = 100
    lookback_minutes: int = 10
    query_timeout_seconds: int = 60
    memory_size: int = 128
    log_retention_days: int = 14
    log_format: LogFormat = field(default_factory=LogFormat.json)

    def __post_init__(self) -> None:
        require_instance("log_analyzer.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...) value")
        require_bool("log_analyzer.enabled", self.enabled)
        require_pattern("log_analyzer.log_group_name", self.log_group_name, LOG_GROUP_NAME, "^[0-9A-Za-z_./#-]{1,512}$")
        require_instance("log_analyzer.log_format", self.log_format, LogFormat, "LogFormat.json(...) or LogFormat.text(...)")
        require_arn("log_analyzer.topic_arn", self.topic_arn, SNS_TOPIC)
        for name in ("topic_kms_key_arn", "log_group_kms_key_arn"):
            if getattr(self, name) is not None:
                require_arn(f"log_analyzer.{name}", getattr(self, name), KMS_KEY)
        require_schedule_expression("log_analyzer.schedule", self.schedule)
        require_int("log_analyzer.error_threshold", self.error_threshold, 1)
        require_int("log_analyzer.lookback_minutes", self.lookback_minutes, 5, 1440)
        interval = schedule_minutes(self.schedule)
        if interval is not None and self.lookback_minutes < interval:
            raise MonitoringConfigError(
                "log_analyzer.lookback_minutes",
                self.lookback_minutes,
                f"at least the schedule interval ({interval} minutes), or some bins are never analyzed",
            )
        limit = LAMBDA_TIMEOUT_MAX - HANDLER_HEADROOM_SECONDS - COLD_START_MARGIN_SECONDS
        require_int("log_analyzer.query_timeout_seconds", self.query_timeout_seconds, 1, limit)
        require_int("log_analyzer.memory_size", self.memory_size, 128, 10240)
        require_one_of("log_analyzer.log_retention_days", self.log_retention_days, RETENTION_DAYS)

    @property
    def function_timeout(self) -> int:
        """Lambda timeout: the query deadline plus the handler's headroom and a cold-start margin."""
        return self.query_timeout_seconds + HANDLER_HEADROOM_SECONDS + COLD_START_MARGIN_SECONDS


class LogAnalyzerFunction(Construct):
    """The seed's scheduled log analyzer, fixed (DESIGN §7.6); creates nothing unless ``enabled``.

    Example::

        LogAnalyzerFunction(stack, "LogAnalyzer", alarms=factory, props=LogAnalyzerProps(
            identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
            enabled=True,
            log_group_name=logs.application.name,
            topic_arn=topics.arn_for(Severity.P1),
            topic_kms_key_arn=key.arn,
            log_group_kms_key_arn=key.arn,
        ))
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        props: LogAnalyzerProps,
        alarms: AlarmFactory | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        self.function: LambdaFunction | None = None
        self.errors_alarm: CreatedAlarm | None = None
        if not props.enabled:
            return
        naming = Naming(props.identity)
        region = props.identity.region
        account = AccountContext.of(self)
        self.function_name = naming.log_analyzer_function()

        def log_group_arn(name: str) -> str:
            return Fn.join(
                "", ["arn:", account.partition, ":logs:", region, ":", account.account_id, ":log-group:", name]
            )

        own_log_group = CloudwatchLogGroup(
            self,
            "LogGroup",
            name=naming.log_analyzer_log_group(),
            retention_in_days=props.log_retention_days,
            kms_key_id=props.log_group_kms_key_arn,
            tags=naming.tags("log-analyzer-logs", "logging"),
        )
        analyzed = log_group_arn(props.log_group_name)
        own = log_group_arn(own_log_group.name)
        statements = [
            Statement(
                sid="QueryTheAnalyzedLogGroup",
                actions=["logs:StartQuery", "logs:GetQueryResults"],
                resources=[analyzed, Fn.join("", [analyzed, ":*"])],
            ),
            # StopQuery supports no resource type: AWS evaluates it against "*" only.
            Statement(sid="StopQueries", actions=["logs:StopQuery"]),
            Statement(sid="PublishSummary", actions=["sns:Publish"], resources=[props.topic_arn]),
            Statement(
                sid="WriteOwnLogs",
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[Fn.join("", [own, ":*"])],
            ),
        ]
        if props.topic_kms_key_arn is not None:
            statements.append(
                Statement(
                    sid="EncryptForTopic",
                    actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                    resources=[props.topic_kms_key_arn],
                )
            )
        trust = trust_policy(self, "Trust", sid="LambdaAssumesRole", service="lambda.amazonaws.com", account_id=account.account_id)
        self.role = IamRole(
            self,
            "Role",
            name=self.function_name,
            description=f"Log analyzer of {naming.prefix}: query one log group, publish to one topic",
            assume_role_policy=trust.json,
            tags=naming.tags("log-analyzer", "monitoring"),
        )
        permissions = policy_document(self, "Permissions", statements)
        role_policy = IamRolePolicy(self, "RolePolicy", name="log-analyzer", role=self.role.id, policy=permissions.json)

        package = build_handler_zip()
        asset = TerraformAsset(self, "Code", path=str(_write_package(package)), type=AssetType.FILE)
        self.function = LambdaFunction(
            self,
            "Function",
            function_name=self.function_name,
            description="Counts ERROR lines per 5 minutes with Logs Insights and publishes one summary",
            role=self.role.arn,
            runtime=RUNTIME,
            handler=HANDLER,
            filename=asset.path,
            source_code_hash=source_code_hash(package),
            timeout=props.function_timeout,
            memory_size=props.memory_size,
            environment=LambdaFunctionEnvironment(
                variables={
                    "LOG_GROUP_NAME": props.log_group_name,
                    "SNS_TOPIC_ARN": props.topic_arn,
                    "ERROR_THRESHOLD": str(props.error_threshold),
                    "LOOKBACK_MINUTES": str(props.lookback_minutes),
                    "QUERY_TIMEOUT_SECONDS": str(props.query_timeout_seconds),
                    "ERROR_FILTER": props.log_format.insights_filter(),
                }
            ),
            tags=naming.tags("log-analyzer", "monitoring"),
            depends_on=[own_log_group, role_policy],
        )
        self.rule = CloudwatchEventRule(
            self,
            "Schedule",
            name=naming.event_rule("log-analyzer-schedule"),
            description=f"Runs {self.function_name}",
            schedule_expression=props.schedule,
            tags=naming.tags("log-analyzer-schedule", "monitoring"),
        )
        CloudwatchEventTarget(
            self,
            "Target",
            rule=self.rule.name,
            target_id="log-analyzer",
            arn=self.function.arn,
            retry_policy=CloudwatchEventTargetRetryPolicy(maximum_retry_attempts=0, maximum_event_age_in_seconds=60),
        )
        LambdaFunctionEventInvokeConfig(
            self, "NoRetries", function_name=self.function.function_name, maximum_retry_attempts=0
        )
        LambdaPermission(
            self,
            "InvokeFromSchedule",
            statement_id="AllowEventBridgeSchedule",
            action="lambda:InvokeFunction",
            function_name=self.function.function_name,
            principal="events.amazonaws.com",
            source_arn=self.rule.arn,
        )
        if alarms is not None:
            self.errors_alarm = alarms.create(
                self, LOG_ANALYZER_ERRORS_ALARM, dimensions={"FunctionName": self.function_name}
            )
