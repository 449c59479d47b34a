"""The seed's CloudWatch log groups, retained by environment and encrypted with a CMK."""

from __future__ import annotations

from .._cdk import CloudwatchLogGroup, Construct
from ..core.naming import APPLICATION_LOG_KINDS, Naming
from ..core.settings import MonitoringSettings


class LogGroups(Construct):
    """``/ecs/<service>-<env>/{application,error}`` with an ECS service, ``.../access`` when a load
    balancer fronts it, and ``/aws/rds/<service>-<env>/queries`` with a shared RDS.

    Retention comes from the environment profile (prod 14/30/7 days, non-prod
    7/14/3, DB queries 7). Prod log groups are kept when the stack is destroyed
    (``keep_log_groups_on_destroy``).

    Example::

        logs = LogGroups(stack, "Logs", settings=settings, kms_key_arn=key.arn)
        logs.application.name  # for the awslogs driver
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, settings: MonitoringSettings, kms_key_arn: str
    ) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(settings.identity)
        profile = settings.profile
        retention = {
            "application": profile.retention.application,
            "error": profile.retention.error,
            "access": profile.retention.access,
        }
        self.by_kind: dict[str, CloudwatchLogGroup] = {}
        resources = settings.resources
        # The ECS service writes application and error logs; the access log is its load balancer's traffic.
        kinds = () if resources.ecs_service is None else (
            APPLICATION_LOG_KINDS if resources.load_balancer is not None else ("application", "error")
        )
        for kind in kinds:
            self.by_kind[kind] = CloudwatchLogGroup(
                self,
                kind.capitalize(),
                name=naming.log_group(kind),
                retention_in_days=retention[kind],
                kms_key_id=kms_key_arn,
                skip_destroy=profile.keep_log_groups_on_destroy,
                tags=naming.tags(f"{kind}-logs", "logging"),
            )
        if settings.resources.shared_rds_identifier is not None:
            self.by_kind["db_queries"] = CloudwatchLogGroup(
                self,
                "DbQueries",
                name=naming.db_query_log_group(),
                retention_in_days=profile.retention.db_queries,
                kms_key_id=kms_key_arn,
                skip_destroy=profile.keep_log_groups_on_destroy,
                tags=naming.tags("db-queries", "logging"),
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
