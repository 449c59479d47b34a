"""Rules for the seed's five saved Logs Insights queries."""

from __future__ import annotations

import pytest

from monitoring_constructs import props_from_settings
from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.logs.groups import LogGroups
from monitoring_constructs.logs.queries import QUERY_NAMES, SavedQueries, SavedQueriesProps
from stacks import fileflow_settings
from tests.stack_assertions import synth_construct

ALB = "app/fileflow-prod/0123456789abcdef"
KEY = "arn:aws:kms:ap-northeast-2:123456789012:key/0f0e0d0c-0b0a-0908-0706-050403020100"
IDENTITY = ServiceIdentity(service="orders", environment="qa", region="eu-west-1")


def synth(environment: str, **props):
    settings = fileflow_settings(environment, ALB)

    def build(stack):
        logs = LogGroups(stack, "Logs", props=props_from_settings.log_groups(settings, kms_key_arn=KEY))
        SavedQueries(stack, "Queries", props=SavedQueriesProps.from_log_groups(logs, **props))

    stack = synth_construct(build)
    groups = {group["name"]: f"${{aws_cloudwatch_log_group.{key}.name}}"
              for key, group in stack.document["resource"]["aws_cloudwatch_log_group"].items()}
    queries = {query["name"]: query for query in stack.resources("aws_cloudwatch_query_definition")}
    return queries, groups


def test_saved_queries_work_alone_from_their_props_no_monitoring_settings():
    props = SavedQueriesProps(identity=IDENTITY, application="/ecs/orders-qa/application", error="/ecs/orders-qa/error")
    stack = synth_construct(lambda stack: SavedQueries(stack, "Queries", props=props))
    (query,) = stack.resources("aws_cloudwatch_query_definition")
    assert query["name"] == "orders-qa/recent-errors"
    assert query["log_group_names"] == ["/ecs/orders-qa/application", "/ecs/orders-qa/error"]


def test_the_five_seed_queries_are_saved_under_service_env():
    queries, _ = synth("prod")
    assert sorted(queries) == sorted(f"fileflow-prod/{name}" for name in QUERY_NAMES)
    assert len(QUERY_NAMES) == 5


def test_recent_errors_read_the_application_and_error_logs():
    queries, groups = synth("prod")
    query = queries["fileflow-prod/recent-errors"]
    assert query["log_group_names"] == [groups["/ecs/fileflow-prod/application"], groups["/ecs/fileflow-prod/error"]]
    assert 'filter level = "ERROR"' in query["query_string"]
    assert "sort @timestamp desc" in query["query_string"]


def test_response_times_and_per_user_calls_read_the_application_log():
    queries, groups = synth("prod")
    for name in ("api-response-times", "api-calls-per-user"):
        assert queries[f"fileflow-prod/{name}"]["log_group_names"] == [groups["/ecs/fileflow-prod/application"]]
    assert "pct(responseTime, 95) as p95_response" in queries["fileflow-prod/api-response-times"]["query_string"]
    assert "by bin(5m)" in queries["fileflow-prod/api-response-times"]["query_string"]
    assert "stats count() as request_count by userId, path" in queries["fileflow-prod/api-calls-per-user"]["query_string"]


def test_5xx_patterns_read_the_application_and_access_logs():
    queries, groups = synth("prod")
    query = queries["fileflow-prod/5xx-patterns"]
    assert query["log_group_names"] == [groups["/ecs/fileflow-prod/application"], groups["/ecs/fileflow-prod/access"]]
    assert "filter statusCode >= 500 and statusCode < 600" in query["query_string"]


def test_slow_sql_reads_the_db_query_log_when_there_is_a_shared_rds():
    queries, groups = synth("prod")
    query = queries["fileflow-prod/slow-sql"]
    assert query["log_group_names"] == [groups["/aws/rds/fileflow-prod/queries"]]
    assert "duration > 1000" in query["query_string"]


def test_no_database_no_slow_sql_query():
    queries, _ = synth("dev")
    assert "fileflow-dev/slow-sql" not in queries
    assert "fileflow-dev/recent-errors" in queries


def test_the_slow_sql_threshold_is_configurable():
    queries, _ = synth("prod", slow_sql_ms=250)
    assert "duration > 250" in queries["fileflow-prod/slow-sql"]["query_string"]


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"application": "not a group"}, r"saved_queries.application: 'not a group' is not allowed; allowed: a log group name"),
        ({"db_queries": ""}, r"saved_queries.db_queries: '' is not allowed"),
        ({"slow_sql_ms": 0}, r"saved_queries.slow_sql_ms: 0 is not allowed; allowed: an integer >= 1"),
    ],
)
def test_bad_props_name_the_field_value_and_what_is_allowed(props, message):
    arguments = {"identity": IDENTITY, "application": "/ecs/a-b/application", "error": "/ecs/a-b/error", "access": "/ecs/a-b/access", **props}
    with pytest.raises(MonitoringConfigError, match=message):
        SavedQueriesProps(**arguments)
