"""Rules of CloudWatch Logs filter patterns (CloudWatch Logs User Guide, "Filter pattern syntax for
metric filters, subscription filters, filter log events, and Live Tail")."""

from __future__ import annotations

import json

import pytest

from monitoring_constructs.review.replay.log_filters import PatternError, parse

JSON_LINE = '{"level":"ERROR","msg":"x"}'
TEXT_LINE = "2026-01-01 ERROR boom"
TRAIL = json.dumps({
    "eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111", "arrayKey": ["value", "another value"],
    "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}], "SomeObject": None, "ThisFlag": True,
    "latency": 750, "user": {"id": 1, "email": "John.Stiles@example.com"}, "coordinates": [[0, 1, 2], [4, 5, 6]],
    "actions": ["GET", "PUT", "DELETE"], "users": [{"id": 2, "email": "John.Doe@example.com"}],
})
APACHE = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534'


def test_the_empty_pattern_matches_everything() -> None:
    assert parse("").matches(TEXT_LINE) and parse("  ").matches("")


def test_a_json_pattern_matches_json_and_never_a_plain_text_line() -> None:
    errors = parse('{ $.level = "ERROR" }')
    assert errors.matches(JSON_LINE)
    assert not errors.matches(TEXT_LINE)
    assert not errors.matches('{"level":"WARN"}')


def test_a_text_term_matches_the_plain_text_line_and_is_case_sensitive() -> None:
    assert parse("ERROR").matches(TEXT_LINE)
    assert not parse("error").matches(TEXT_LINE)
    assert parse("ERROR").matches("Exiting with ERRORCODE: -1")


def test_several_terms_must_all_appear_and_minus_excludes() -> None:
    assert parse("ERROR boom").matches(TEXT_LINE)
    assert not parse("ERROR WARN").matches(TEXT_LINE)
    assert not parse('"ERROR" - "Exiting"').matches("Exiting with ERRORCODE: -1")
    assert parse("ERROR -WARN").matches("ERROR message")
    assert not parse("ERROR -WARN").matches("ERROR WARN message")


def test_question_mark_terms_match_if_any_appears() -> None:
    pattern = parse("?ERROR ?WARN")
    assert pattern.matches("ERROR message") and pattern.matches("WARN message")
    assert not pattern.matches("INFO message")


def test_quoted_terms_keep_spaces_and_special_characters() -> None:
    assert parse('"Failed to process"').matches("[WARN] Failed to process the request")
    assert not parse('"Failed to process"').matches("Failed: to process")
    assert parse('"[ERROR]"').matches("[ERROR] A fatal exception has occurred")


def test_json_string_wildcards_at_the_ends_only() -> None:
    assert parse("{ $.sourceIPAddress != 123.123.* }").matches(TRAIL)
    assert parse("{ $.sourceIPAddress = 111.111.* }").matches(TRAIL)
    assert parse("{ $.eventType = *Trail }").matches(TRAIL)
    assert not parse("{ $.eventType = Up*Trail }").matches(TRAIL)


def test_json_arrays_nested_values_and_unquoted_strings() -> None:
    assert parse('{ $.arrayKey[0] = "value" }').matches(TRAIL)
    assert parse("{ $.objectList[1].id = 2 }").matches(TRAIL)
    assert not parse("{ $.eventType[0] = UpdateTrail }").matches(TRAIL)
    assert parse("{ $.eventType = UpdateTrail }").matches(TRAIL)


def test_a_selector_on_an_array_or_object_never_matches() -> None:
    assert not parse("{ $.arrayKey = 1 }").matches(TRAIL)
    assert not parse("{ $.arrayKey != 1 }").matches(TRAIL)
    assert not parse("{ $.missing != 1 }").matches(TRAIL)


def test_json_numeric_comparisons() -> None:
    for condition, expected in [("> 500", True), (">= 750", True), ("< 750", False), ("<= 10e3", True),
                                ("= 750", True), ("!= 750", False), ("> +1000", False)]:
        assert parse(f"{{ $.latency {condition} }}").matches(TRAIL) is expected, condition


def test_null_exists_and_booleans() -> None:
    assert parse("{ $.SomeObject IS NULL }").matches(TRAIL)
    assert not parse("{ $.eventType IS NULL }").matches(TRAIL)
    assert parse("{ $.SomeOtherObject NOT EXISTS }").matches(TRAIL)
    assert not parse("{ $.SomeObject NOT EXISTS }").matches(TRAIL)
    assert parse("{ $.ThisFlag IS TRUE }").matches(TRAIL)
    assert not parse("{ $.ThisFlag IS FALSE }").matches(TRAIL)


def test_and_binds_before_or_and_parentheses_group() -> None:
    assert parse('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }').matches(TRAIL)
    assert not parse('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }').matches(TRAIL)
    assert parse('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch '
                 "&& $.actions[2] = nomatch }").matches(TRAIL)
    assert not parse('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) '
                     "&& $.actions[2] = nomatch }").matches(TRAIL)


def test_space_delimited_fields_with_ellipsis_and_conditions() -> None:
    assert parse("[ip, user, username, timestamp, request, status_code, bytes]").matches(APACHE)
    assert parse("[..., status_code, bytes]").matches(APACHE)
    assert parse("[ip, user, ...]").matches(APACHE)
    assert parse("[ip, user, ..., status_code = 4*, bytes > 1000]").matches(APACHE)
    assert not parse("[ip, user, ..., status_code = 5*, bytes > 1000]").matches(APACHE)
    assert parse("[ip, user, username, timestamp, request = *html*, status_code = 404, bytes]").matches(APACHE)
    assert parse("[..., request=*.html*, status_code=4*,]").matches(APACHE[:-5])
    assert not parse("[ip, user, username]").matches(APACHE)


def test_space_delimited_or_and_and_within_a_field() -> None:
    assert parse("[w1=ERROR || w1=WARN, w2]").matches("WARN message")
    assert not parse("[w1=ERROR || w1=WARN, w2]").matches("INFO message")
    assert parse("[..., code = 4* && code != 403, bytes]").matches(APACHE)
    assert not parse("[..., code = 4* && code != 404, bytes]").matches(APACHE)


def test_values_of_json_and_space_delimited_patterns() -> None:
    assert parse("{ $.latency = * }").value(TRAIL, "$.latency") == 750.0
    assert parse("{ $.latency = * }").value(TRAIL, "1") == 1.0
    assert parse("{ $.eventType = * }").value(TRAIL, "$.eventType") is None
    assert parse("{ $.eventType = * }").value(TRAIL, "$.nothing") is None
    assert parse("{ $.latency > 1000 }").value(TRAIL, "1") is None
    assert parse("[ip, user, ..., status, bytes]").value(APACHE, "$bytes") == 1534.0
    assert parse("[ip, user, ..., status, bytes]").value(APACHE, "$user") is None
    assert parse("ERROR").value(TEXT_LINE, "1") == 1.0


@pytest.mark.parametrize(("pattern", "value"), [
    ("{ $.latency = * }", "$latency"), ("[ip, bytes]", "$.bytes"), ("ERROR", "$.x"),
])
def test_a_value_selector_of_the_wrong_kind_is_refused(pattern: str, value: str) -> None:
    with pytest.raises(PatternError, match="metric value"):
        parse(pattern).value("x", value)


@pytest.mark.parametrize(("pattern", "problem"), [
    ('"ERROR', "unterminated quote"),
    ('{ $.level = "ERROR" ', "must end with }"),
    ("[ip, user", "must end with ]"),
    ('{ $.level = "ERROR }', "unterminated quote"),
    ("{ }", "empty JSON pattern"),
    ("{ ($.a = 1 }", "')'"),
    ("{ $.a ~ 1 }", "allowed: = !="),
    ("{ $.a IS MAYBE }", "IS NULL"),
    ("{ level = 1 }", "selector"),
    ("{ $.a > abc }", "needs a number"),
    ("{ $.a = a@b }", "put it in double quotes"),
    ("ERROR:", "put it in double quotes"),
    ("?ERROR WARN", "mixing ?term"),
    ("ERROR -", "not followed by a term"),
    ("%ERR.*%", "regular expressions"),
    ("{ $.a = %x% }", "regular expression"),
    ("[a, b ~ 1]", "allowed: name"),
    ("[w1=!ERROR, w2]", "'=!'"),
])
def test_an_invalid_or_unsupported_pattern_is_refused_naming_it(pattern: str, problem: str) -> None:
    with pytest.raises(PatternError) as caught:
        parse(pattern)
    assert repr(pattern) in str(caught.value) and problem in str(caught.value)


def test_the_text_error_pattern_of_the_error_rate_monitor() -> None:
    pattern = parse('[timestamp, level = "ERROR", ...]')
    assert pattern.matches("2026-01-01T00:00:00Z ERROR boom failed")
    assert not pattern.matches("2026-01-01T00:00:00Z INFO ERROR later")
    assert not pattern.matches("2026-01-01T00:00:00Z error boom")


def test_a_quoted_space_matches_everything() -> None:
    assert parse('" "').matches("no-spaces-here")


def test_the_asterisk_matches_numbers_by_their_text() -> None:
    assert parse("{ $.latency = 7* }").matches(TRAIL)
    assert parse('{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }').matches(TRAIL)
    assert not parse("{ $.latency = 8* }").matches(TRAIL)


def test_numeric_identifiers_select_the_messages_fields_by_position() -> None:
    assert parse("[..., status_code, bytes]").value(APACHE, "$7") == 1534.0
    assert parse("[..., status_code, bytes]").value(APACHE, "$8") is None


def test_not_equal_excludes_in_space_delimited_fields() -> None:
    assert parse("[w1!=ERROR && w1!=WARNING, w2]").matches("INFO message")
    assert not parse("[w1!=ERROR && w1!=WARNING, w2]").matches("WARNING message")
    assert parse("[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]"
                 ).matches(APACHE)
