"""Snapshots show JSON documents inside strings parsed, with Terraform's interpolations kept verbatim."""

from __future__ import annotations

import json

import pytest

from tests.readable_json import JSON_STRING, embedded_json, interpolations, readable
from tests.stack_assertions import Synthesized

IMAGE = '${join("", [data.aws_caller_identity.A.account_id, ".dkr.ecr.eu-west-1.amazonaws.com/app:", var.tag])}'


def test_a_json_document_in_a_string_is_shown_parsed_under_a_marker() -> None:
    body = json.dumps({"widgets": [{"type": "metric", "x": 0, "properties": {"title": "CPU"}}]})
    assert readable({"dashboard_body": body, "name": "d"}) == {
        "dashboard_body": {JSON_STRING: {"widgets": [{"type": "metric", "x": 0, "properties": {"title": "CPU"}}]}},
        "name": "d",
    }


def test_interpolations_inside_json_strings_are_kept_verbatim() -> None:
    definitions = '[{"name": "app", "image": "' + IMAGE + '", "environment": [{"name": "A", "value": "${var.a}"}]}]'
    assert embedded_json(definitions) == [
        {"name": "app", "image": IMAGE, "environment": [{"name": "A", "value": "${var.a}"}]}]


def test_nested_templates_and_braces_inside_an_interpolation_end_at_its_own_brace() -> None:
    text = '{"a": "${format("%s-${var.b}", {c = "}"}["c"])}", "d": 1}'
    ((start, end),) = interpolations(text)
    assert text[start:end] == '${format("%s-${var.b}", {c = "}"}["c"])}'
    assert embedded_json(text) == {"a": text[start:end], "d": 1}


@pytest.mark.parametrize("text", [
    '{ $.level = "ERROR" }',                # a metric filter pattern, not JSON
    '{"cpu": ${var.cpu}}',                   # an interpolation outside a JSON string
    "${jsonencode({a = 1})}",                # an expression, not a document
    "[not json",
    '"a JSON string"',                       # JSON, but no object or array
    "$${literal} {",
])
def test_strings_that_are_not_json_documents_stay_as_they_are(text: str) -> None:
    assert readable({"value": text}) == {"value": text}


def test_an_escaped_dollar_brace_is_literal_text_not_an_interpolation() -> None:
    assert interpolations('{"a": "$${not.one}", "b": "${var.b}"}') == [(27, 35)]


def test_the_prod_snapshot_shows_the_dashboard_container_definitions_and_resource_query_parsed(
    prod: Synthesized,
) -> None:
    shown = readable(prod.document)["resource"]
    (dashboard,) = shown["aws_cloudwatch_dashboard"].values()
    assert "widgets" in dashboard["dashboard_body"][JSON_STRING]
    (task,) = shown["aws_ecs_task_definition"].values()
    app = task["container_definitions"][JSON_STRING][0]
    assert app["image"].startswith('${join("", [data.aws_caller_identity.') and app["image"].endswith("var.image_tag])}")
    (group,) = shown["aws_resourcegroups_group"].values()
    assert group["resource_query"]["query"][JSON_STRING]["TagFilters"][0]["Key"] == "Service"
