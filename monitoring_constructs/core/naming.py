"""Names and tags derived from a service's settings: the seed's conventions in one place.

Example::

    naming = Naming(settings)
    naming.log_group("application")   # "/ecs/fileflow-prod/application"
    naming.resource("cpu-high")       # "fileflow-prod-cpu-high"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .severity import Severity

if TYPE_CHECKING:
    from .settings import MonitoringSettings

MANAGED_BY = "cdktf"
APPLICATION_LOG_KINDS = ("application", "error", "access")


class Naming:
    """The ``<service>-<env>`` prefix, the names built from it and the required tags."""

    def __init__(self, settings: MonitoringSettings) -> None:
        self.prefix = settings.name_prefix
        self._required_tags = {
            "Service": settings.service,
            "Environment": settings.environment,
            "ManagedBy": MANAGED_BY,
            **settings.tags,
        }

    def resource(self, suffix: str) -> str:
        return f"{self.prefix}-{suffix}"

    def log_group(self, kind: str) -> str:
        return f"/ecs/{self.prefix}/{kind}"

    def db_query_log_group(self) -> str:
        # The seed's /aws/rds/<service>/queries collides between environments
        # of one account; the environment is part of the name here.
        return f"/aws/rds/{self.prefix}/queries"

    def amp_log_group(self) -> str:
        """Managed Prometheus logs, under ``/aws/vendedlogs/`` so CloudWatch Logs' resource
        policy for vended logs stays small."""
        return f"/aws/vendedlogs/prometheus/{self.prefix}"

    def log_analyzer_function(self) -> str:
        return self.resource("log-analyzer")

    def lambda_log_group(self, function_name: str) -> str:
        return f"/aws/lambda/{function_name}"

    def service_log_group_patterns(self) -> tuple[str, ...]:
        """Wildcards matching the service's own log groups (application, error, access, DB queries)."""
        return (f"/ecs/{self.prefix}/*", f"/aws/rds/{self.prefix}/*")

    def log_group_names(self) -> tuple[str, ...]:
        return (*(self.log_group(kind) for kind in APPLICATION_LOG_KINDS), self.db_query_log_group())

    def archive_bucket(self) -> str:
        """The seed's S3 log archive bucket (and export CLI default)."""
        return self.resource("logs-archive")

    def topic_name(self, severity: Severity) -> str:
        return self.resource(f"alerts-{severity.value.lower()}")

    def alarm_name(self, key: str, member: int | str | None = None) -> str:
        return self.resource(key if member is None else f"{key}-{member}")

    def dashboard_name(self) -> str:
        return self.resource("dashboard")

    def tags(self, name_suffix: str, component: str) -> dict[str, str]:
        """The required tags plus the seed's ``Name`` and ``Component``."""
        return {**self._required_tags, "Name": self.resource(name_suffix), "Component": component}
