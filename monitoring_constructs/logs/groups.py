"""The seed's CloudWatch log groups, retained by environment and encrypted with a CMK."""

from __future__ import annotations

from dataclasses import dataclass

from .._cdk import CloudwatchLogGroup, Construct
from ..core.environments import LogRetention
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.naming import APPLICATION_LOG_KINDS, Naming
from ..core.validation import KMS_KEY, require_arn, require_bool, require_instance


@dataclass(frozen=True, kw_only=True, slots=True)
class LogGroupsProps:
    """Which log groups to make, how long they keep events, and their key.

    ``kms_key_arn``: the customer-managed key (its policy must let CloudWatch Logs use it,
    see ``MonitoringKey``). ``retention``: days per log group (the environment profile's).
    ``retain_data``: keep the log groups when the stack is destroyed (default False).
    ``application_logs`` (default True): the ECS service's application and error logs;
    ``access_logs`` (default False): its load balancer's access log, which needs the
    application logs; ``db_query_logs`` (default False): ``/aws/rds/<prefix>/queries``
    for a shared RDS.

    Example::

        LogGroupsProps(identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
                       kms_key_arn=key.arn, retention=LogRetention(application=7, error=14, access=3),
                       access_logs=True)
    """

    identity: ServiceIdentity
    kms_key_arn: str
    retention: LogRetention
    retain_data: bool = False
    application_logs: bool = True
    access_logs: bool = False
    db_query_logs: bool = False

    def __post_init__(self) -> None:
        require_instance("log_groups.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...) value")
        require_arn("log_groups.kms_key_arn", self.kms_key_arn, KMS_KEY)
        require_instance("log_groups.retention", self.retention, LogRetention, "a LogRetention(...) value")
        for name in ("retain_data", "application_logs", "access_logs", "db_query_logs"):
            require_bool(f"log_groups.{name}", getattr(self, name))
        if self.access_logs and not self.application_logs:
            raise MonitoringConfigError(
                "log_groups.access_logs", True, "False without application_logs (the access log is the ECS service's)"
            )

    @property
    def kinds(self) -> tuple[str, ...]:
        """The ECS service's log kinds to make, in ``APPLICATION_LOG_KINDS`` order."""
        if not self.application_logs:
            return ()
        return APPLICATION_LOG_KINDS if self.access_logs else ("application", "error")


class LogGroups(Construct):
    """``/ecs/<service>-<env>/{application,error}`` with an ECS service, ``.../access`` when a load
    balancer fronts it, and ``/aws/rds/<service>-<env>/queries`` with a shared RDS.

    Retention comes from the props (the facade passes the environment profile's: prod
    14/30/7 days, non-prod 7/14/3, DB queries 7). With ``retain_data`` (prod) the log
    groups are kept when the stack is destroyed.

    Example::

        logs = LogGroups(stack, "Logs", props=LogGroupsProps(
            identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
            kms_key_arn=key.arn, retention=LogRetention(application=7, error=14, access=3)))
        logs.application.name  # for the awslogs driver
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: LogGroupsProps) -> None:
        super().__init__(scope, construct_id)
        self.props = props
        naming = Naming(props.identity)
        retention = props.retention
        days = {"application": retention.application, "error": retention.error, "access": retention.access}
        self.by_kind: dict[str, CloudwatchLogGroup] = {}
        for kind in props.kinds:
            self.by_kind[kind] = self._group(kind.capitalize(), naming.log_group(kind), days[kind],
                                             naming.tags(f"{kind}-logs", "logging"))
        if props.db_query_logs:
            self.by_kind["db_queries"] = self._group("DbQueries", naming.db_query_log_group(), retention.db_queries,
                                                     naming.tags("db-queries", "logging"))

    def _group(self, construct_id: str, name: str, days: int, tags: dict[str, str]) -> CloudwatchLogGroup:
        return CloudwatchLogGroup(
            self,
            construct_id,
            name=name,
            retention_in_days=days,
            kms_key_id=self.props.kms_key_arn,
            skip_destroy=self.props.retain_data,
            tags=tags,
        )

    @property
    def application(self) -> CloudwatchLogGroup | None:
        """The ECS service's application log (None without an ECS service)."""
        return self.by_kind.get("application")

    @property
    def error(self) -> CloudwatchLogGroup | None:
        return self.by_kind.get("error")

    @property
    def access(self) -> CloudwatchLogGroup | None:
        """The access log (None without a load balancer)."""
        return self.by_kind.get("access")

    @property
    def db_queries(self) -> CloudwatchLogGroup | None:
        return self.by_kind.get("db_queries")
