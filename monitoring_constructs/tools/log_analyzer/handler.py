"""Log-analyzer Lambda: count ERROR lines per 5-minute bin, send one SNS summary.

This is the seed's ``lambda/log-analyzer/handler.py`` with its bugs fixed:

* the count is read by its field name (``error_count``); the seed read ``row[0]``,
  which is the ``bin(5m)`` field, so it compared a timestamp with the threshold;
* ``get_query_results`` is polled until a deadline, then the query is stopped and
  the invocation fails loudly, instead of looping until Lambda kills it;
* Failed / Cancelled / Timeout query statuses are errors, not an endless wait;
* all bins over the threshold go into ONE message, not one message per bin.

A log metric filter plus a CloudWatch alarm does the same job natively (DESIGN §7.6);
this function is for the summary the seed wanted (which bins, how many errors).

Only the standard library and boto3 are used: the module is zipped into a Lambda.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3

try:
    from monitoring_constructs.core.errors import MonitoringConfigError
except ImportError:  # zipped on its own as the Lambda's handler.py, without the library

    class MonitoringConfigError(ValueError):  # type: ignore[no-redef]
        """Same shape as monitoring_constructs.core.errors.MonitoringConfigError."""

        def __init__(self, field: str, value: object, allowed: str) -> None:
            self.field, self.value, self.allowed = field, value, allowed
            super().__init__(f"{field}: {value!r} is not allowed; allowed: {allowed}")


COUNT_FIELD = "error_count"
BIN_FIELD = "bin(5m)"
# The Logs Insights condition of an ERROR line: ERROR_FILTER, from the application's LogFormat
# (core/log_format.py, insights_filter()); the default is JSON lines with the level in "level".
DEFAULT_ERROR_FILTER = 'level = "ERROR"'
QUERY = """fields @timestamp, @message
| filter {error_filter}
| stats count() as {count} by {bin}"""

RUNNING_STATUSES = frozenset({"Scheduled", "Running", "Unknown"})
FAILED_STATUSES = frozenset({"Failed", "Cancelled", "Timeout"})
SNS_SUBJECT_MAX = 100
# Time the handler keeps for publishing and returning after the query deadline.
LAMBDA_HEADROOM_SECONDS = 10


class LogQueryError(RuntimeError):
    """The Logs Insights query did not produce usable results; the invocation fails."""


@dataclass(frozen=True, kw_only=True, slots=True)
class AnalyzerConfig:
    """What to query and when to alert. ``error_threshold`` is per 5-minute bin."""

    log_group_name: str
    sns_topic_arn: str
    error_threshold: int = 100
    lookback_minutes: int = 60
    query_timeout_seconds: int = 60
    poll_interval_seconds: float = 1.0
    error_filter: str = DEFAULT_ERROR_FILTER

    def __post_init__(self) -> None:
        if not self.log_group_name:
            raise MonitoringConfigError("LOG_GROUP_NAME", self.log_group_name, "a log group name")
        if not self.sns_topic_arn.startswith("arn:"):
            raise MonitoringConfigError("SNS_TOPIC_ARN", self.sns_topic_arn, "an SNS topic ARN")
        if not self.error_filter.strip() or "\n" in self.error_filter:
            raise MonitoringConfigError("ERROR_FILTER", self.error_filter, "one Logs Insights filter condition, one line")
        for env_name, value in (
            ("ERROR_THRESHOLD", self.error_threshold),
            ("LOOKBACK_MINUTES", self.lookback_minutes),
            ("QUERY_TIMEOUT_SECONDS", self.query_timeout_seconds),
        ):
            if value < 1:
                raise MonitoringConfigError(env_name, value, "an integer >= 1")

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> AnalyzerConfig:
        """Read the Lambda's environment variables; bad values name the variable."""
        return cls(
            log_group_name=environ.get("LOG_GROUP_NAME", ""),
            sns_topic_arn=environ.get("SNS_TOPIC_ARN", ""),
            error_threshold=_int_env(environ, "ERROR_THRESHOLD", 100),
            lookback_minutes=_int_env(environ, "LOOKBACK_MINUTES", 60),
            query_timeout_seconds=_int_env(environ, "QUERY_TIMEOUT_SECONDS", 60),
            error_filter=environ.get("ERROR_FILTER", "").strip() or DEFAULT_ERROR_FILTER,
        )

    @property
    def query(self) -> str:
        """The Logs Insights query: ERROR lines (``error_filter``) counted per 5 minutes."""
        return QUERY.format(error_filter=self.error_filter, count=COUNT_FIELD, bin=BIN_FIELD)


def _int_env(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise MonitoringConfigError(name, raw, "an integer >= 1") from None


def analyze(
    logs_client: Any,
    sns_client: Any,
    config: AnalyzerConfig,
    *,
    now: datetime | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """Run the query over the last ``lookback_minutes`` and publish one summary if needed.

    Stats queries only return bins that have at least one matching line, so
    ``bins_checked`` counts bins with errors, not every 5 minutes of the window.
    """
    end = now or datetime.now(timezone.utc)
    start = end - timedelta(minutes=config.lookback_minutes)
    rows = run_query(logs_client, config, start, end, clock=clock, sleep=sleep)

    counts = sorted((_field(row, BIN_FIELD), int(_field(row, COUNT_FIELD))) for row in rows)
    over = [(bin_start, count) for bin_start, count in counts if count > config.error_threshold]
    summary: dict[str, Any] = {
        "log_group": config.log_group_name,
        "window_start": start.isoformat(),
        "window_end": end.isoformat(),
        "threshold": config.error_threshold,
        "bins_checked": len(counts),
        "bins_over_threshold": len(over),
        "max_error_count": max((count for _, count in counts), default=0),
        "published": False,
    }
    if over:
        sns_client.publish(
            TopicArn=config.sns_topic_arn,
            Subject=subject_for(config.log_group_name),
            Message=_message(config, start, end, over),
        )
        summary["published"] = True
    return summary


def run_query(
    logs_client: Any,
    config: AnalyzerConfig,
    start: datetime,
    end: datetime,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> list[list[dict[str, str]]]:
    """Start the query and poll until it completes or ``query_timeout_seconds`` pass.

    On the deadline the query is stopped, so it does not keep scanning (and billing)
    after this invocation has given up. start_query takes epoch SECONDS.
    """
    query_id = logs_client.start_query(
        logGroupName=config.log_group_name,
        startTime=int(start.timestamp()),
        endTime=int(end.timestamp()),
        queryString=config.query,
    )["queryId"]
    deadline = clock() + config.query_timeout_seconds
    while True:
        response = logs_client.get_query_results(queryId=query_id)
        status = response["status"]
        if status == "Complete":
            return response.get("results", [])
        if status in FAILED_STATUSES:
            raise LogQueryError(f"Logs Insights query {query_id} on {config.log_group_name} ended with status {status}")
        remaining = deadline - clock()
        if remaining <= 0:
            _stop_quietly(logs_client, query_id)
            raise LogQueryError(
                f"Logs Insights query {query_id} on {config.log_group_name} was still {status} "
                f"after {config.query_timeout_seconds}s (QUERY_TIMEOUT_SECONDS); stopped it"
            )
        sleep(min(config.poll_interval_seconds, remaining))


def _stop_quietly(logs_client: Any, query_id: str) -> None:
    """Stop a query we gave up on; it may have finished meanwhile, which is fine."""
    try:
        logs_client.stop_query(queryId=query_id)
    except Exception:  # noqa: BLE001 - the timeout error raised next is the one that matters
        pass


def _field(row: list[dict[str, str]], name: str) -> str:
    """A result row is a list of {field, value} whose order is not a contract: look up by name."""
    for cell in row:
        if cell.get("field") == name:
            return cell["value"]
    fields = [cell.get("field") for cell in row]
    raise LogQueryError(f"query result row has no {name!r} field (fields: {fields}); was the query changed?")


def subject_for(log_group_name: str) -> str:
    """SNS rejects subjects over 100 characters; long log group names are cut."""
    subject = f"High error rate: {log_group_name}"
    if len(subject) <= SNS_SUBJECT_MAX:
        return subject
    return subject[: SNS_SUBJECT_MAX - 3] + "..."


def _message(config: AnalyzerConfig, start: datetime, end: datetime, over: list[tuple[str, int]]) -> str:
    lines = [
        f"Log group: {config.log_group_name}",
        f"Window: {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC",
        f"{len(over)} five-minute bin(s) had more than {config.error_threshold} ERROR lines:",
        "",
        *(f"  {bin_start}  {count} errors" for bin_start, count in over),
        "",
        "Logs Insights query:",
        config.query,
    ]
    return "\n".join(lines)


def handler(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point: config from the environment, clients from the execution role.

    QUERY_TIMEOUT_SECONDS must leave time to stop the query and publish before Lambda
    kills the invocation, so it is checked against the remaining time.
    """
    config = AnalyzerConfig.from_env(os.environ)
    if context is not None:
        remaining_s = context.get_remaining_time_in_millis() / 1000
        if config.query_timeout_seconds + LAMBDA_HEADROOM_SECONDS > remaining_s:
            raise MonitoringConfigError(
                "QUERY_TIMEOUT_SECONDS",
                config.query_timeout_seconds,
                f"at most the Lambda's remaining time minus {LAMBDA_HEADROOM_SECONDS}s "
                f"({int(remaining_s) - LAMBDA_HEADROOM_SECONDS}s)",
            )
    return analyze(boto3.client("logs"), boto3.client("sns"), config)
