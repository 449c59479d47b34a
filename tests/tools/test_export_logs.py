"""Rules for ``python -m monitoring_constructs.tools.export_logs`` (the seed's export script, fixed).

moto 5 runs create_export_task for real: it checks the bucket, then the log group, writes
``<prefix>/<random id>/<stream>/000000.gz`` and marks the task COMPLETED at once. It does
not enforce the one-active-task limit, ignores describe_export_tasks' statusCode filter and
never leaves a task PENDING/RUNNING, so those paths use a small fake logs client.
"""

from __future__ import annotations

import gzip
import io
from datetime import datetime, timedelta, timezone

import boto3
import pytest
from botocore.exceptions import ClientError

from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.tools.export_logs import (
    ExportRequest,
    TimeRange,
    compute_prefix,
    compute_time_range,
    main,
    run_export,
)
from tests.fakes import FakeClock, fake_aws

REGION = "ap-northeast-2"
LOG_GROUP = "/ecs/fileflow-prod/application"
BUCKET = "fileflow-prod-logs-archive"
NOW = datetime(2025, 3, 4, 12, 0, tzinfo=timezone.utc)


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


@pytest.fixture
def aws(monkeypatch):
    with fake_aws(monkeypatch, REGION):
        yield


@pytest.fixture
def s3(aws):
    return boto3.client("s3", region_name=REGION)


@pytest.fixture
def logs(aws):
    return boto3.client("logs", region_name=REGION)


def make_bucket(s3, name=BUCKET, region=REGION):
    boto3.client("s3", region_name=region).create_bucket(
        Bucket=name, **({} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}})
    )


def make_log_group(logs, events: dict[str, datetime]):
    """``events`` maps message -> timestamp (within moto's, and CloudWatch's, 14-day limit)."""
    logs.create_log_group(logGroupName=LOG_GROUP)
    logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName="app/web/1")
    ordered = sorted(events.items(), key=lambda item: item[1])
    if not ordered:
        return
    accepted = logs.put_log_events(
        logGroupName=LOG_GROUP,
        logStreamName="app/web/1",
        logEvents=[{"timestamp": ms(at), "message": message} for message, at in ordered],
    )
    assert "rejectedLogEventsInfo" not in accepted


def exported_text(s3, prefix: str) -> str:
    keys = [obj["Key"] for obj in s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix + "/").get("Contents", [])]
    data = [k for k in keys if k.endswith("/000000.gz")]
    assert data, f"no export under {prefix}: {keys}"
    return "\n".join(gzip.decompress(s3.get_object(Bucket=BUCKET, Key=k)["Body"].read()).decode() for k in data)


def request(**overrides) -> ExportRequest:
    values = dict(
        log_group=LOG_GROUP,
        bucket=BUCKET,
        prefix="cloudwatch-logs/fileflow-prod/2025/03/04",
        time_range=TimeRange(ms(NOW - timedelta(days=7)), ms(NOW)),
        region=REGION,
        task_name="fileflow-prod-test",
        timeout_seconds=30,
        poll_interval_seconds=5,
    )
    values.update(overrides)
    return ExportRequest(**values)


def client_error(code: str, message: str, operation: str = "CreateExportTask") -> ClientError:
    """The shape botocore raises for an AWS error response."""
    response = {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": 400}}
    return ClientError(response, operation)


class FakeExportLogs:
    """Logs client for the export-task paths moto cannot produce (slow, failed, limited)."""

    def __init__(self, statuses=("COMPLETED",), create_error=None, active=()) -> None:
        self.statuses = list(statuses)
        self.create_error = create_error
        self.active = list(active)  # tasks describe_export_tasks(statusCode=...) sees
        self.created: list[dict] = []

    def create_export_task(self, **kwargs):
        if self.create_error:
            raise self.create_error
        self.created.append(kwargs)
        return {"taskId": "task-42"}

    def describe_export_tasks(self, taskId=None, statusCode=None):
        if taskId is None:
            return {"exportTasks": self.active}  # unfiltered, as moto does
        code = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        message = "Export failed: access denied" if code == "FAILED" else ""
        return {"exportTasks": [{"taskId": taskId, "status": {"code": code, "message": message}}]}


# --- pure functions ---------------------------------------------------------------


def test_the_prefix_is_partitioned_by_service_and_utc_day_of_the_run():
    seoul_morning = datetime(2025, 3, 5, 8, 0, tzinfo=timezone(timedelta(hours=9)))  # still 3/4 in UTC

    prefix = compute_prefix("cloudwatch-logs", "fileflow", "prod", seoul_morning)

    assert prefix == "cloudwatch-logs/fileflow-prod/2025/03/04"
    assert compute_prefix("/archive/", "api", "dev", NOW) == "archive/api-dev/2025/03/04"


def test_days_means_the_last_n_days_up_to_now():
    assert compute_time_range(NOW, days=7) == TimeRange(ms(NOW - timedelta(days=7)), ms(NOW))


def test_without_a_range_the_seeds_seven_days_are_exported():
    assert compute_time_range(NOW) == compute_time_range(NOW, days=7)


def test_from_to_is_half_open_so_daily_exports_do_not_overlap():
    start, end = datetime(2025, 3, 1, tzinfo=timezone.utc), datetime(2025, 3, 2, tzinfo=timezone.utc)

    assert compute_time_range(NOW, start=start, end=end) == TimeRange(ms(start), ms(end) - 1)


@pytest.mark.parametrize("days", [0, -1, 366])
def test_days_outside_1_to_365_are_rejected(days):
    with pytest.raises(MonitoringConfigError) as caught:
        compute_time_range(NOW, days=days)

    assert caught.value.field == "--days"


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (datetime(2025, 3, 2, tzinfo=timezone.utc), datetime(2025, 3, 1, tzinfo=timezone.utc), "--from"),
        (datetime(2025, 3, 2, tzinfo=timezone.utc), datetime(2025, 3, 2, tzinfo=timezone.utc), "--from"),
        (NOW + timedelta(hours=1), None, "--from"),
        (datetime(2025, 3, 1, tzinfo=timezone.utc), NOW + timedelta(days=1), "--to"),
    ],
)
def test_backwards_empty_or_future_ranges_are_rejected(start, end, field):
    with pytest.raises(MonitoringConfigError) as caught:
        compute_time_range(NOW, start=start, end=end)

    assert caught.value.field == field


# --- run_export against moto -------------------------------------------------------


def test_an_export_task_is_created_and_waited_for(s3, logs):
    make_bucket(s3)
    now = datetime.now(timezone.utc)
    make_log_group(logs, {"ERROR inside the window": now - timedelta(hours=1)})
    clock, progress = FakeClock(start=500.0), io.StringIO()

    result = run_export(logs, s3, request(time_range=compute_time_range(now, days=7)), clock, clock.sleep, progress)

    assert (result.status, result.exit_code) == ("COMPLETED", 0)
    assert result.message == f"s3://{BUCKET}/cloudwatch-logs/fileflow-prod/2025/03/04/{result.task_id}/"
    assert "COMPLETED" in progress.getvalue()
    assert "ERROR inside the window" in exported_text(s3, "cloudwatch-logs/fileflow-prod/2025/03/04")


def test_no_wait_returns_after_creating_the_task(s3, logs):
    make_bucket(s3)
    make_log_group(logs, {})
    clock = FakeClock(start=500.0)

    result = run_export(logs, s3, request(wait=False), clock, clock.sleep, io.StringIO())

    assert (result.status, result.exit_code) == ("STARTED", 0)
    assert result.task_id and result.task_id in result.message


def test_a_missing_bucket_is_named_before_any_task_is_created(s3, logs):
    make_log_group(logs, {})

    result = run_export(logs, s3, request(), out=io.StringIO())

    assert result.exit_code == 1
    assert result.message == f"bucket {BUCKET} does not exist or is not reachable"
    assert logs.describe_export_tasks()["exportTasks"] == []


def test_a_bucket_in_another_region_is_rejected(s3, logs):
    make_bucket(s3, region="us-east-1")
    make_log_group(logs, {})

    result = run_export(logs, s3, request(), out=io.StringIO())

    assert result.exit_code == 1
    assert f"bucket {BUCKET} is in us-east-1" in result.message
    assert f"({REGION})" in result.message


def test_cloudwatchs_own_bucket_error_is_reported_as_a_bucket_problem(logs):
    # head_bucket can pass (e.g. our role sees the bucket) while CloudWatch Logs cannot use it.
    class BucketSeemsFine:
        def head_bucket(self, Bucket):
            return {"BucketRegion": REGION}

    make_log_group(logs, {})

    result = run_export(logs, BucketSeemsFine(), request(), out=io.StringIO())

    assert result.exit_code == 1
    assert result.message.startswith(f"bucket {BUCKET} does not exist or is not reachable")
    assert "InvalidParameterException" in result.message


def test_a_missing_log_group_is_named(s3, logs):
    make_bucket(s3)

    result = run_export(logs, s3, request(), out=io.StringIO())

    assert result.exit_code == 1
    assert result.message == f"log group {LOG_GROUP} does not exist in {REGION}"


# --- paths moto cannot produce: fake logs client, real moto bucket -------------------


def test_limit_exceeded_explains_the_one_task_rule_and_shows_the_running_task(s3):
    make_bucket(s3)
    fake = FakeExportLogs(
        create_error=client_error("LimitExceededException", "Resource limit exceeded."),
        active=[
            {"taskId": "old-done", "logGroupName": "/other", "status": {"code": "COMPLETED"}},
            {"taskId": "abc-123", "logGroupName": "/ecs/api-prod/application", "status": {"code": "RUNNING"}},
        ],
    )

    result = run_export(fake, s3, request(), out=io.StringIO())

    assert result.exit_code == 1
    assert "one active export task per account per region (ap-northeast-2)" in result.message
    assert "abc-123 (/ecs/api-prod/application, RUNNING)" in result.message
    assert "old-done" not in result.message


def test_limit_exceeded_without_a_visible_active_task_still_explains_the_rule(s3):
    make_bucket(s3)
    fake = FakeExportLogs(create_error=client_error("LimitExceededException", "Resource limit exceeded."))

    result = run_export(fake, s3, request(), out=io.StringIO())

    assert "one active export task per account per region" in result.message
    assert "active task:" not in result.message


def test_a_task_that_never_finishes_stops_waiting_at_the_deadline(s3):
    make_bucket(s3)
    fake = FakeExportLogs(statuses=["PENDING", "PENDING", "RUNNING"])
    clock, progress = FakeClock(start=500.0), io.StringIO()

    result = run_export(fake, s3, request(timeout_seconds=30, poll_interval_seconds=5), clock, clock.sleep, progress)

    assert (result.status, result.exit_code) == ("TIMED_OUT", 1)
    assert "task-42 still RUNNING after 30s" in result.message
    assert "aws logs cancel-export-task --task-id task-42" in result.message
    assert sum(clock.sleeps) == 30
    status_lines = progress.getvalue().splitlines()[1:]
    assert status_lines == ["[     0s] PENDING", "[    10s] RUNNING"]  # one line per change


@pytest.mark.parametrize("status", ["FAILED", "CANCELLED"])
def test_a_failed_or_cancelled_task_exits_1_with_the_reason(s3, status):
    make_bucket(s3)
    clock = FakeClock(start=500.0)

    result = run_export(FakeExportLogs(statuses=["RUNNING", status]), s3, request(), clock, clock.sleep, io.StringIO())

    assert (result.status, result.exit_code) == (status, 1)
    assert f"export task task-42 {status}" in result.message


def test_the_export_request_uses_millisecond_times_and_the_prefix(s3):
    make_bucket(s3)
    fake = FakeExportLogs()

    run_export(fake, s3, request(), out=io.StringIO())

    (call,) = fake.created
    assert call["from"] == ms(NOW - timedelta(days=7))
    assert call["to"] == ms(NOW)
    assert call["destination"] == BUCKET
    assert call["destinationPrefix"] == "cloudwatch-logs/fileflow-prod/2025/03/04"


# --- main: exit codes and messages ---------------------------------------------------


def test_main_exports_end_to_end_and_exits_0(s3, logs, capsys):
    make_bucket(s3)
    now = datetime.now(timezone.utc)
    make_log_group(logs, {"ERROR recent": now - timedelta(hours=2), "ERROR ten days old": now - timedelta(days=10)})

    code = main(["--service", "fileflow", "--env", "prod", "--days", "7"])

    out, err = capsys.readouterr()
    prefix = f"cloudwatch-logs/fileflow-prod/{now:%Y/%m/%d}"
    assert code == 0
    assert out.startswith(f"s3://{BUCKET}/{prefix}/")
    assert "COMPLETED" in err
    exported = exported_text(s3, prefix)
    assert "ERROR recent" in exported
    assert "ERROR ten days old" not in exported


def test_main_to_is_exclusive(s3, logs, capsys):
    make_bucket(s3)
    day = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=3)
    make_log_group(logs, {"at from": day, "at to": day + timedelta(days=1)})

    next_day = day + timedelta(days=1)

    code = main(["--service", "fileflow", "--env", "prod", "--from", f"{day:%Y-%m-%d}", "--to", f"{next_day:%Y-%m-%d}"])

    assert code == 0, capsys.readouterr().err
    exported = exported_text(s3, f"cloudwatch-logs/fileflow-prod/{datetime.now(timezone.utc):%Y/%m/%d}")
    assert "at from" in exported
    assert "at to" not in exported


def test_main_missing_bucket_exits_1_with_one_line(s3, logs, capsys):
    make_log_group(logs, {})

    code = main(["--service", "fileflow", "--env", "prod"])

    err = capsys.readouterr().err
    assert code == 1
    assert err == f"error: bucket {BUCKET} does not exist or is not reachable\n"


def test_main_missing_log_group_exits_1(s3, capsys):
    make_bucket(s3, name="fileflow-prod-logs-archive")

    code = main(["--service", "fileflow", "--env", "prod", "--log-group", "/ecs/nope/application"])

    assert code == 1
    assert "log group /ecs/nope/application does not exist in ap-northeast-2" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--days", "0"], "--days: 0 is not allowed"),
        (["--days", "400"], "--days: 400 is not allowed"),
        (["--from", "yesterday"], "--from: 'yesterday' is not allowed"),
        (["--from", "2025-03-02", "--to", "2025-03-01"], "--from"),
        (["--from", "2999-01-01"], "not in the future"),
        (["--to", "2025-03-01"], "--to"),
        (["--days", "3", "--from", "2025-03-01"], "either --days or --from/--to"),
        (["--timeout", "0"], "--timeout"),
    ],
)
def test_main_bad_usage_exits_2_with_the_reason(aws, capsys, args, mentions):
    code = main(["--service", "fileflow", "--env", "prod", *args])

    err = capsys.readouterr().err
    assert code == 2
    assert mentions in err
    assert len(err.strip().splitlines()) == 1


def test_main_without_service_is_an_argparse_usage_error(capsys):
    assert main(["--env", "prod"]) == 2
    assert "--service" in capsys.readouterr().err
