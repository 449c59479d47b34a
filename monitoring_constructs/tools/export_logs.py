"""Export a service's CloudWatch log group to S3 and wait for the task to finish.

Replaces the seed's ``export-logs-to-s3.sh``, which printed a task id and exited
without knowing whether the export worked, hard-coded the service, and wrote every
service's exports under one undifferentiated ``cloudwatch-logs/<date>`` prefix.

    python -m monitoring_constructs.tools.export_logs --service fileflow --env prod --days 7

The log group and bucket default to the library's names (``/ecs/<prefix>/application``,
``<prefix>-logs-archive``, prefix ``<service>-<env>`` or ``--name-prefix``); a bucket named in
``ArchiveSettings(bucket_name=...)`` goes in ``--bucket``.

CloudWatch writes ``<prefix>/<task id>/<log stream>/000000.gz`` (plus an
``aws-logs-write-test`` object) under the destination prefix. The bucket must be in
the same region as the log group and its policy must let ``logs.<region>.amazonaws.com``
call ``s3:GetBucketAcl`` and ``s3:PutObject``.

Exit codes: 0 completed (or started, with --no-wait), 1 failed / cancelled / timed out /
rejected by AWS, 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, TextIO

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.core.identity import default_prefix
from monitoring_constructs.core.naming import archive_bucket_name, log_group_name

DEFAULT_REGION = "ap-northeast-2"
DEFAULT_DAYS = 7
MAX_DAYS = 365
TERMINAL_FAILURES = frozenset({"FAILED", "CANCELLED"})
ACTIVE_STATUSES = ("RUNNING", "PENDING")


@dataclass(frozen=True)
class TimeRange:
    """Export window in epoch milliseconds; ``start_ms`` inclusive, ``end_ms`` inclusive."""

    start_ms: int
    end_ms: int


@dataclass(frozen=True, kw_only=True)
class ExportRequest:
    log_group: str
    bucket: str
    prefix: str
    time_range: TimeRange
    region: str
    task_name: str
    timeout_seconds: float = 900
    poll_interval_seconds: float = 5
    wait: bool = True


@dataclass(frozen=True)
class ExportResult:
    """``status`` is an AWS status code, or TIMED_OUT / STARTED (--no-wait) / REJECTED."""

    status: str
    task_id: str | None
    message: str

    @property
    def exit_code(self) -> int:
        return 0 if self.status in ("COMPLETED", "STARTED") else 1


def parse_utc(text: str, option: str) -> datetime:
    """An ISO date or date-time; without an offset it is UTC, with one it is converted."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise MonitoringConfigError(option, text, "an ISO date such as 2025-01-31 or 2025-01-31T12:00") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def compute_time_range(
    now: datetime, *, days: int | None = None, start: datetime | None = None, end: datetime | None = None
) -> TimeRange:
    """``--days N`` means the N days up to ``now``; ``--from``/``--to`` is [from, to).

    ``to`` is exclusive (AWS's ``to`` is inclusive, hence the ``- 1``), so daily exports
    ``--from D --to D+1`` never export a boundary event twice.
    """
    if start is None:
        if end is not None:
            raise MonitoringConfigError("--to", end.isoformat(), "only together with --from")
        days = DEFAULT_DAYS if days is None else days
        if not 1 <= days <= MAX_DAYS:
            raise MonitoringConfigError("--days", days, f"an integer from 1 to {MAX_DAYS}")
        start, end = now - timedelta(days=days), now
        return TimeRange(_ms(start), _ms(end))
    if days is not None:
        raise MonitoringConfigError("--days", days, "either --days or --from/--to, not both")
    end = now if end is None else end
    not_future = f"a time not in the future (now is {now:%Y-%m-%dT%H:%M}Z)"
    if start > now:
        raise MonitoringConfigError("--from", start.isoformat(), not_future)
    if end > now:
        raise MonitoringConfigError("--to", end.isoformat(), not_future)
    if start >= end:
        raise MonitoringConfigError("--from", start.isoformat(), f"a time before --to ({end.isoformat()})")
    return TimeRange(_ms(start), _ms(end) - 1)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def compute_prefix(prefix_root: str, service: str, env: str, run_date: datetime) -> str:
    """``<root>/<service>-<env>/YYYY/MM/DD`` (UTC day of the run), so services don't mix."""
    parts = [prefix_root.strip("/"), f"{service}-{env}", run_date.astimezone(timezone.utc).strftime("%Y/%m/%d")]
    return "/".join(part for part in parts if part)


def run_export(
    logs_client: Any,
    s3_client: Any,
    request: ExportRequest,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    out: TextIO | None = None,
) -> ExportResult:
    """Check the bucket, create the export task and (unless --no-wait) wait for it.

    ``clock`` is a monotonic clock in seconds; progress goes to ``out``, one line per
    status change (default stderr). A timed-out task is left running (it may still
    finish); the result says how to cancel it.
    """
    out = out or sys.stderr
    bucket_problem = _check_bucket(s3_client, request)
    if bucket_problem:
        return ExportResult("REJECTED", None, bucket_problem)
    try:
        task_id = logs_client.create_export_task(
            taskName=request.task_name,
            logGroupName=request.log_group,
            destination=request.bucket,
            destinationPrefix=request.prefix,
            **{"from": request.time_range.start_ms},
            to=request.time_range.end_ms,
        )["taskId"]
    except ClientError as error:
        return ExportResult("REJECTED", None, _explain_create_error(logs_client, request, error))

    location = f"s3://{request.bucket}/{request.prefix}/{task_id}/"
    print(f"export task {task_id} created: {request.log_group} -> {location}", file=out)
    if not request.wait:
        return ExportResult("STARTED", task_id, location)

    started = clock()
    deadline = started + request.timeout_seconds
    last_status = None
    while True:
        task = logs_client.describe_export_tasks(taskId=task_id)["exportTasks"][0]
        status = task["status"]["code"]
        if status != last_status:
            print(f"[{clock() - started:6.0f}s] {status}", file=out)
            last_status = status
        if status == "COMPLETED":
            return ExportResult(status, task_id, location)
        if status in TERMINAL_FAILURES:
            reason = task["status"].get("message", "no reason given")
            return ExportResult(status, task_id, f"export task {task_id} {status}: {reason}")
        remaining = deadline - clock()
        if remaining <= 0:
            return ExportResult(
                "TIMED_OUT",
                task_id,
                f"export task {task_id} still {status} after {request.timeout_seconds:g}s; it keeps running. "
                f"Check: aws logs describe-export-tasks --task-id {task_id} --region {request.region}; "
                f"cancel: aws logs cancel-export-task --task-id {task_id} --region {request.region}",
            )
        sleep(min(request.poll_interval_seconds, remaining))


def _check_bucket(s3_client: Any, request: ExportRequest) -> str | None:
    """CloudWatch's own error for a bad bucket is vague; name the bucket and the cause."""
    try:
        response = s3_client.head_bucket(Bucket=request.bucket)
    except ClientError:
        return f"bucket {request.bucket} does not exist or is not reachable"
    bucket_region = response.get("BucketRegion")
    if bucket_region and bucket_region != request.region:
        return (
            f"bucket {request.bucket} is in {bucket_region}; CloudWatch Logs exports only to a bucket "
            f"in the log group's region ({request.region})"
        )
    return None


def _explain_create_error(logs_client: Any, request: ExportRequest, error: ClientError) -> str:
    code = error.response["Error"].get("Code", "")
    text = error.response["Error"].get("Message", "")
    if code == "LimitExceededException":
        active = _find_active_task(logs_client)
        running = f"; active task: {active}" if active else ""
        return (
            f"AWS allows one active export task per account per region ({request.region}){running}; "
            "wait for it to finish or cancel it"
        )
    if "bucket" in text.lower():
        return (
            f"bucket {request.bucket} does not exist or is not reachable, or its policy does not let "
            f"logs.{request.region}.amazonaws.com write to it ({code}: {text})"
        )
    if code == "ResourceNotFoundException":
        return f"log group {request.log_group} does not exist in {request.region}"
    return f"create_export_task failed ({code}: {text})"


def _find_active_task(logs_client: Any) -> str | None:
    """Best effort: the task holding the account's one export slot, as 'id (log group, STATUS)'."""
    for status in ACTIVE_STATUSES:
        try:
            tasks = logs_client.describe_export_tasks(statusCode=status)["exportTasks"]
        except ClientError:
            return None
        for task in tasks:
            if task["status"]["code"] == status:  # filter again: not every backend filters
                return f"{task['taskId']} ({task.get('logGroupName', '?')}, {status})"
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m monitoring_constructs.tools.export_logs",
        description="Export a service's CloudWatch log group to S3 and wait for the export task.",
    )
    parser.add_argument("--service", required=True)
    parser.add_argument("--env", required=True)
    parser.add_argument("--days", type=int, help=f"export the last N days (1..{MAX_DAYS}; default {DEFAULT_DAYS})")
    parser.add_argument("--from", dest="start", metavar="ISO_DATE", help="start (UTC unless an offset is given)")
    parser.add_argument("--to", dest="end", metavar="ISO_DATE", help="end, exclusive (default: now)")
    parser.add_argument("--name-prefix", help="the settings' name_prefix, if set (default: <service>-<env>)")
    parser.add_argument("--log-group", help="default: /ecs/<prefix>/application")
    parser.add_argument(
        "--bucket", help="default: <prefix>-logs-archive; the settings' ArchiveSettings(bucket_name=...) if they name one"
    )
    parser.add_argument("--region", help=f"default: AWS_REGION, AWS_DEFAULT_REGION, else {DEFAULT_REGION}")
    parser.add_argument("--prefix-root", default="cloudwatch-logs")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for the task (default 900)")
    parser.add_argument("--poll-interval", type=float, default=5, help="seconds between status checks (default 5)")
    parser.add_argument("--no-wait", action="store_true", help="create the task and exit")
    return parser


def build_request(args: argparse.Namespace, now: datetime) -> ExportRequest:
    """Turn parsed options into a request; bad values raise MonitoringConfigError."""
    if args.timeout <= 0:
        raise MonitoringConfigError("--timeout", args.timeout, "a number of seconds > 0")
    if args.poll_interval <= 0:
        raise MonitoringConfigError("--poll-interval", args.poll_interval, "a number of seconds > 0")
    start = parse_utc(args.start, "--from") if args.start else None
    end = parse_utc(args.end, "--to") if args.end else None
    name = args.name_prefix or default_prefix(args.service, args.env)
    return ExportRequest(
        log_group=args.log_group or log_group_name(name, "application"),
        bucket=args.bucket or archive_bucket_name(name),
        prefix=compute_prefix(args.prefix_root, args.service, args.env, now),
        time_range=compute_time_range(now, days=args.days, start=start, end=end),
        region=args.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION,
        task_name=f"{name}-{now:%Y%m%dT%H%M%SZ}",
        timeout_seconds=args.timeout,
        poll_interval_seconds=args.poll_interval,
        wait=not args.no_wait,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    try:
        request = build_request(args, datetime.now(timezone.utc))
    except MonitoringConfigError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2

    try:
        logs_client = boto3.client("logs", region_name=request.region)
        s3_client = boto3.client("s3", region_name=request.region)
        result = run_export(logs_client, s3_client, request, out=sys.stderr)
    except (BotoCoreError, ClientError) as error:  # no credentials, no network, access denied...
        print(f"error: {error}", file=sys.stderr)
        return 1
    if result.exit_code == 0:
        print(result.message)
    else:
        print(f"error: {result.message}", file=sys.stderr)
    return result.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
