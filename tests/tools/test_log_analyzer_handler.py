"""Rules for the log-analyzer Lambda (the seed's handler, fixed).

moto 5 runs ``start_query`` but ignores ``filter`` and ``stats``: it returns raw events
(@ptr, @timestamp, @message) and is always ``Complete``; ``stop_query`` is not
implemented. So ``stats count() as error_count by bin(5m)`` rows, slow queries and failed
statuses come from ``FakeInsights`` below; SNS is always real moto, read through an SQS
queue subscribed to the topic.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import boto3
import pytest

from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.tools.log_analyzer import handler as analyzer
from monitoring_constructs.tools.log_analyzer.handler import AnalyzerConfig, LogQueryError, analyze
from tests.fakes import FakeClock, fake_aws

REGION = "ap-northeast-2"
LOG_GROUP = "/ecs/fileflow-prod/application"
NOW = datetime(2025, 3, 4, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def aws(monkeypatch):
    with fake_aws(monkeypatch, REGION):
        monkeypatch.setenv("AWS_REGION", REGION)  # the Lambda runtime sets it
        yield


class Inbox:
    """An SQS queue subscribed to a real (moto) SNS topic: what subscribers would receive."""

    def __init__(self) -> None:
        self.sns = boto3.client("sns", region_name=REGION)
        self.sqs = boto3.client("sqs", region_name=REGION)
        self.topic_arn = self.sns.create_topic(Name="fileflow-prod-alerts")["TopicArn"]
        self.queue_url = self.sqs.create_queue(QueueName="alerts-inbox")["QueueUrl"]
        queue_arn = self.sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        self.sns.subscribe(TopicArn=self.topic_arn, Protocol="sqs", Endpoint=queue_arn)

    def messages(self) -> list[dict]:
        received = self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
        return [json.loads(message["Body"]) for message in received.get("Messages", [])]


@pytest.fixture
def inbox(aws):
    return Inbox()


class FakeInsights:
    """Logs Insights for the query path only: replays statuses, then returns ``rows``."""

    def __init__(self, statuses: list[str], rows: list | None = None) -> None:
        self.statuses = list(statuses)
        self.rows = rows or []
        self.started: list[dict] = []
        self.stopped: list[str] = []

    def start_query(self, **kwargs):
        self.started.append(kwargs)
        return {"queryId": "query-1"}

    def get_query_results(self, queryId):
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return {"status": status, "results": self.rows if status == "Complete" else []}

    def stop_query(self, queryId):
        self.stopped.append(queryId)
        return {"success": True}


def row(bin_start: str, count: int, *, count_first: bool = False) -> list[dict[str, str]]:
    cells = [{"field": "bin(5m)", "value": bin_start}, {"field": "error_count", "value": str(count)}]
    return cells[::-1] if count_first else cells


def config(inbox: Inbox, **overrides) -> AnalyzerConfig:
    return AnalyzerConfig(log_group_name=LOG_GROUP, sns_topic_arn=inbox.topic_arn, **overrides)


def run(fake, inbox, clock=None, **overrides):
    clock = clock or FakeClock()
    return analyze(fake, inbox.sns, config(inbox, **overrides), now=NOW, clock=clock, sleep=clock.sleep)


# --- reading results ---------------------------------------------------------------


def test_an_error_count_is_read_by_its_field_name_not_by_position(inbox):
    # Insights puts bin(5m) first; the seed's row[0] read the timestamp as the count.
    fake = FakeInsights(["Complete"], [row("2025-03-04 11:05:00.000", 150), row("2025-03-04 11:10:00.000", 7)])

    summary = run(fake, inbox)

    assert summary["max_error_count"] == 150
    assert summary["bins_over_threshold"] == 1
    assert summary["published"] is True


def test_field_order_inside_a_row_does_not_matter(inbox):
    fake = FakeInsights(["Complete"], [row("2025-03-04 11:05:00.000", 150, count_first=True)])

    assert run(fake, inbox)["max_error_count"] == 150


def test_rows_without_the_stats_fields_are_an_error_not_a_zero(inbox):
    # Real moto: it ignores `stats`, so its rows carry @timestamp/@message but no error_count.
    # (Real time here: moto, like CloudWatch, rejects events older than 14 days.)
    now = datetime.now(timezone.utc)
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName=LOG_GROUP)
    logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName="app/web/1")
    accepted = logs.put_log_events(
        logGroupName=LOG_GROUP,
        logStreamName="app/web/1",
        logEvents=[{"timestamp": int((now - timedelta(minutes=5)).timestamp() * 1000), "message": "ERROR boom"}],
    )
    assert "rejectedLogEventsInfo" not in accepted

    with pytest.raises(LogQueryError, match="query result row has no '.*' field"):
        analyze(logs, inbox.sns, config(inbox), now=now)
    assert inbox.messages() == []


def test_the_query_covers_lookback_minutes_in_epoch_seconds(inbox):
    fake = FakeInsights(["Complete"])

    run(fake, inbox, lookback_minutes=30)

    (call,) = fake.started
    assert call["logGroupName"] == LOG_GROUP
    assert call["endTime"] == int(NOW.timestamp())  # seconds, not milliseconds
    assert call["startTime"] == int((NOW - timedelta(minutes=30)).timestamp())
    assert "stats count() as error_count by bin(5m)" in call["queryString"]


# --- alerting ----------------------------------------------------------------------


def test_all_bins_over_the_threshold_go_into_one_message(inbox):
    fake = FakeInsights(
        ["Complete"],
        [
            row("2025-03-04 11:15:00.000", 300),
            row("2025-03-04 11:05:00.000", 101),
            row("2025-03-04 11:10:00.000", 40),
            row("2025-03-04 11:20:00.000", 250),
        ],
    )

    summary = run(fake, inbox)

    (message,) = inbox.messages()
    assert message["Subject"] == f"High error rate: {LOG_GROUP}"
    body = message["Message"]
    assert "3 five-minute bin(s) had more than 100 ERROR lines" in body
    assert body.index("11:05:00") < body.index("11:15:00") < body.index("11:20:00")  # chronological
    assert "11:10:00" not in body
    assert summary == {
        "log_group": LOG_GROUP,
        "window_start": (NOW - timedelta(minutes=60)).isoformat(),
        "window_end": NOW.isoformat(),
        "threshold": 100,
        "bins_checked": 4,
        "bins_over_threshold": 3,
        "max_error_count": 300,
        "published": True,
    }


def test_a_count_equal_to_the_threshold_is_not_over_it(inbox):
    fake = FakeInsights(["Complete"], [row("2025-03-04 11:05:00.000", 100)])

    summary = run(fake, inbox)

    assert summary["bins_over_threshold"] == 0
    assert summary["published"] is False
    assert inbox.messages() == []


def test_the_threshold_comes_from_the_config(inbox):
    fake = FakeInsights(["Complete"], [row("2025-03-04 11:05:00.000", 11)])

    assert run(fake, inbox, error_threshold=10)["published"] is True
    assert len(inbox.messages()) == 1


def test_no_results_publish_nothing(inbox):
    # Real moto end to end: a log group without events gives a Complete query with no rows.
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName=LOG_GROUP)

    summary = analyze(logs, inbox.sns, config(inbox), now=NOW)

    assert summary["bins_checked"] == 0
    assert summary["bins_over_threshold"] == 0
    assert summary["max_error_count"] == 0
    assert summary["published"] is False
    assert inbox.messages() == []


def test_a_long_log_group_name_still_gives_an_sns_subject_of_at_most_100_chars(inbox):
    long_name = "/ecs/" + "x" * 300 + "/application"
    fake = FakeInsights(["Complete"], [row("2025-03-04 11:05:00.000", 500)])

    analyze(fake, inbox.sns, AnalyzerConfig(log_group_name=long_name, sns_topic_arn=inbox.topic_arn), now=NOW)

    (message,) = inbox.messages()  # moto, like SNS, rejects a longer subject
    assert len(message["Subject"]) == 100
    assert message["Subject"].startswith("High error rate: /ecs/xxx")
    assert long_name in message["Message"]


# --- polling -----------------------------------------------------------------------


def test_a_query_that_finishes_after_a_few_polls_is_read(inbox):
    clock = FakeClock()
    fake = FakeInsights(["Scheduled", "Running", "Complete"], [row("2025-03-04 11:05:00.000", 120)])

    summary = run(fake, inbox, clock=clock)

    assert summary["max_error_count"] == 120
    assert clock.sleeps == [1.0, 1.0]
    assert fake.stopped == []


def test_a_query_that_never_completes_stops_at_the_deadline(inbox):
    clock = FakeClock()
    fake = FakeInsights(["Running"])

    with pytest.raises(LogQueryError, match=r"still Running after 20s .*stopped it"):
        run(fake, inbox, clock=clock, query_timeout_seconds=20)

    assert fake.stopped == ["query-1"]
    assert sum(clock.sleeps) == pytest.approx(20)  # waited up to the deadline, not beyond
    assert inbox.messages() == []


def test_a_stop_query_error_does_not_hide_the_timeout(inbox):
    class StopFails(FakeInsights):
        def stop_query(self, queryId):
            raise RuntimeError("query already finished")

    with pytest.raises(LogQueryError, match="still Running"):
        run(StopFails(["Running"]), inbox, query_timeout_seconds=5)


@pytest.mark.parametrize("status", ["Failed", "Cancelled", "Timeout"])
def test_a_query_that_ends_badly_fails_the_invocation(inbox, status):
    fake = FakeInsights(["Running", status])

    with pytest.raises(LogQueryError, match=f"ended with status {status}"):
        run(fake, inbox)

    assert fake.stopped == []
    assert inbox.messages() == []


def test_a_missing_log_group_is_an_aws_error_not_a_silent_zero(inbox):
    logs = boto3.client("logs", region_name=REGION)

    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        analyze(logs, inbox.sns, config(inbox), now=NOW)


# --- configuration and the Lambda entry point -----------------------------------------


VALID_ENV = {"LOG_GROUP_NAME": LOG_GROUP, "SNS_TOPIC_ARN": "arn:aws:sns:ap-northeast-2:123456789012:alerts"}


def test_config_defaults_follow_the_seed():
    cfg = AnalyzerConfig.from_env(VALID_ENV)

    assert (cfg.error_threshold, cfg.lookback_minutes, cfg.query_timeout_seconds) == (100, 60, 60)


@pytest.mark.parametrize(
    ("env", "field"),
    [
        ({"SNS_TOPIC_ARN": VALID_ENV["SNS_TOPIC_ARN"]}, "LOG_GROUP_NAME"),
        ({"LOG_GROUP_NAME": LOG_GROUP}, "SNS_TOPIC_ARN"),
        ({**VALID_ENV, "ERROR_THRESHOLD": "lots"}, "ERROR_THRESHOLD"),
        ({**VALID_ENV, "LOOKBACK_MINUTES": "0"}, "LOOKBACK_MINUTES"),
        ({**VALID_ENV, "QUERY_TIMEOUT_SECONDS": "-5"}, "QUERY_TIMEOUT_SECONDS"),
        ({**VALID_ENV, "ERROR_FILTER": 'level = "ERROR"\n| limit 1'}, "ERROR_FILTER"),
    ],
)
def test_bad_environment_names_the_variable(env, field):
    with pytest.raises(MonitoringConfigError) as caught:
        AnalyzerConfig.from_env(env)

    assert caught.value.field == field


class LambdaContext:
    def __init__(self, remaining_ms: int) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def test_the_handler_reads_its_config_from_the_environment(inbox, monkeypatch):
    boto3.client("logs", region_name=REGION).create_log_group(logGroupName=LOG_GROUP)
    monkeypatch.setenv("LOG_GROUP_NAME", LOG_GROUP)
    monkeypatch.setenv("SNS_TOPIC_ARN", inbox.topic_arn)
    monkeypatch.setenv("ERROR_THRESHOLD", "5")

    summary = analyzer.handler({}, LambdaContext(remaining_ms=90_000))

    assert summary["log_group"] == LOG_GROUP
    assert summary["threshold"] == 5
    assert summary["window_end"].endswith("+00:00")  # timezone-aware UTC, not utcnow()
    assert summary["published"] is False


def test_the_query_timeout_must_leave_room_inside_the_lambda_timeout(inbox, monkeypatch):
    monkeypatch.setenv("LOG_GROUP_NAME", LOG_GROUP)
    monkeypatch.setenv("SNS_TOPIC_ARN", inbox.topic_arn)
    monkeypatch.setenv("QUERY_TIMEOUT_SECONDS", "60")

    with pytest.raises(MonitoringConfigError, match="QUERY_TIMEOUT_SECONDS") as caught:
        analyzer.handler({}, LambdaContext(remaining_ms=60_000))

    assert caught.value.value == 60
