"""SavedQueries: the seed's five Logs Insights queries, saved under ``<service>-<env>/``.

Saved queries (``aws_cloudwatch_query_definition``) appear in the Logs Insights
console's "Saved queries" folder ``<service>-<env>``, already pointed at the
log groups where their fields live:

============================  =========================================  ==========================
query name                    what it answers                            log groups
============================  =========================================  ==========================
``recent-errors``             last ERROR lines                           application, error
``api-response-times``        avg / max / min / p95 response time, 5 min application
``5xx-patterns``              5xx responses by status code and path      application, access
``slow-sql``                  SQL statements slower than 1000 ms         DB queries (with a database)
``api-calls-per-user``        request count per user and path            application
============================  =========================================  ==========================

The time range is picked in the console (the seed's "last hour" is the
default there); the queries themselves are the seed's, except that
``recent-errors`` finds ERROR lines the way the application writes them
(``SavedQueriesProps.log_format``: the seed's ``filter level = "ERROR"`` for
the default JSON lines, a regular expression on ``@message`` for text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .._cdk import CloudwatchQueryDefinition, Construct
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.log_format import LogFormat
from ..core.naming import Naming
from ..core.validation import LOG_GROUP_NAME, require_instance, require_int, require_pattern

if TYPE_CHECKING:
    from .groups import LogGroups

RECENT_ERRORS = """fields {fields}
| filter {condition}
| sort @timestamp desc
| limit 100"""


def recent_errors(log_format: LogFormat) -> str:
    """The recent-errors query for lines in ``log_format`` (JSON ``level``: the seed's query)."""
    fields = ", ".join(("@timestamp", "@message", *log_format.insights_fields()))
    return RECENT_ERRORS.format(fields=fields, condition=log_format.insights_filter())


API_RESPONSE_TIMES = """fields @timestamp, method, path, responseTime
| filter @message like /API Request/
| stats avg(responseTime) as avg_response,
        max(responseTime) as max_response,
        min(responseTime) as min_response,
        pct(responseTime, 95) as p95_response
  by bin(5m)"""

FIVE_XX_PATTERNS = """fields @timestamp, @message, statusCode, path, method
| filter statusCode >= 500 and statusCode < 600
| stats count() as error_count by statusCode, path
| sort error_count desc"""

SLOW_SQL = """fields @timestamp, query, duration
| filter @message like /SQL Query/ and duration > {slow_sql_ms}
| sort duration desc
| limit 50"""

API_CALLS_PER_USER = """fields @timestamp, userId, path, method
| filter @message like /API Request/
| stats count() as request_count by userId, path
| sort request_count desc
| limit 20"""

QUERY_NAMES = ("recent-errors", "api-response-times", "5xx-patterns", "slow-sql", "api-calls-per-user")


@dataclass(frozen=True, kw_only=True, slots=True)
class SavedQueriesProps:
    """Whose queries (``identity``: the ``<prefix>/`` folder) and the log group names they run on
    (plain names or tokens).

    ``access`` (the load balancer's traffic) turns on the three HTTP queries and
    ``db_queries`` (present only with a shared RDS) the slow-SQL query: a worker
    without a load balancer or database gets neither.
    ``slow_sql_ms``: the duration (ms) above which a statement is slow (default 1000).
    ``log_format``: how the application writes its lines (default JSON, level in ``level``).
    Use ``SavedQueriesProps.from_log_groups(logs)`` to take them (and the identity) from ``LogGroups``.

    Example::

        SavedQueriesProps(identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
                          application="/ecs/orders-dev/application", error="/ecs/orders-dev/error")
    """

    identity: ServiceIdentity
    application: str
    error: str
    access: str | None = None
    db_queries: str | None = None
    slow_sql_ms: int = 1000
    log_format: LogFormat = field(default_factory=LogFormat.json)

    def __post_init__(self) -> None:
        require_instance("saved_queries.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...) value")
        allowed = "a log group name matching ^[0-9A-Za-z_./#-]{1,512}$"
        for name in ("application", "error", "access", "db_queries"):
            if name in ("application", "error") or getattr(self, name) is not None:
                require_pattern(f"saved_queries.{name}", getattr(self, name), LOG_GROUP_NAME, allowed)
        require_int("saved_queries.slow_sql_ms", self.slow_sql_ms, 1)
        require_instance("saved_queries.log_format", self.log_format, LogFormat, "LogFormat.json(...) or LogFormat.text(...)")

    @classmethod
    def from_log_groups(cls, logs: LogGroups, *, slow_sql_ms: int = 1000,
                        log_format: LogFormat | None = None) -> SavedQueriesProps:
        """The queries over ``logs``, for the service ``logs`` belong to; needs the ECS service's application
        and error logs."""
        if logs.application is None or logs.error is None:
            raise MonitoringConfigError("saved_queries", None, "the ECS service's application and error log groups")
        return cls(
            identity=logs.props.identity,
            application=logs.application.name,
            error=logs.error.name,
            access=None if logs.access is None else logs.access.name,
            db_queries=None if logs.db_queries is None else logs.db_queries.name,
            slow_sql_ms=slow_sql_ms,
            log_format=log_format or LogFormat.json(),
        )


class SavedQueries(Construct):
    """The five seed queries as saved Logs Insights queries named ``<service>-<env>/<query>``.

    Example::

        SavedQueries(stack, "Queries", props=SavedQueriesProps.from_log_groups(logs))
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: SavedQueriesProps) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(props.identity)
        plan = {"recent-errors": (recent_errors(props.log_format), [props.application, props.error])}
        if props.access is not None:  # HTTP traffic: only behind a load balancer
            plan |= {
                "api-response-times": (API_RESPONSE_TIMES, [props.application]),
                "5xx-patterns": (FIVE_XX_PATTERNS, [props.application, props.access]),
                "api-calls-per-user": (API_CALLS_PER_USER, [props.application]),
            }
        if props.db_queries is not None:
            plan["slow-sql"] = (SLOW_SQL.format(slow_sql_ms=props.slow_sql_ms), [props.db_queries])
        self.queries: dict[str, CloudwatchQueryDefinition] = {}
        for query_name in (name for name in QUERY_NAMES if name in plan):
            query_string, log_group_names = plan[query_name]
            self.queries[query_name] = CloudwatchQueryDefinition(
                self,
                query_name,
                name=naming.query_definition(query_name),
                query_string=query_string,
                log_group_names=log_group_names,
            )
