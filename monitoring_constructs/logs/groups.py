"""The seed's CloudWatch log groups, retained by environment and encrypted with a CMK."""

from __future__ import annotations

from .._cdk import CloudwatchLogGroup, Construct
from ..core.naming import APPLICATION_LOG_KINDS, Naming
from ..core.settings import MonitoringSettings


class LogGroups(Construct):
    """``/ecs/<service>-<env>/{application,error,access}`` and, with a shared RDS,
    ``/aws/rds/<service>-<env>/queries``.

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
        naming = Naming(settings)
        profile = settings.profile
        retention = {
            "application": profile.retention.application,
            "error": profile.retention.error,
            "access": profile.retention.access,
        }
        self.by_kind: dict[str, CloudwatchLogGroup] = {}
        for kind in APPLICATION_LOG_KINDS:
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
    def application(self) -> CloudwatchLogGroup:
        return self.by_kind["application"]

    @property
    def error(self) -> CloudwatchLogGroup:
        return self.by_kind["error"]

    @property
    def access(self) -> CloudwatchLogGroup:
        return self.by_kind["access"]

    @property
    def db_queries(self) -> CloudwatchLogGroup | None:
        return self.by_kind.get("db_queries")
