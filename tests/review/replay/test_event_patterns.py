"""Rules of EventBridge event pattern matching (EventBridge User Guide, "Creating event patterns",
"Content filtering in Amazon EventBridge event patterns", "Comparison operators ...")."""

from __future__ import annotations

from typing import Any

import pytest

from monitoring_constructs.review.replay.event_patterns import PatternError, matches
from monitoring_constructs.review.replay.world import Event

RDS = Event(minute=3, source="aws.rds", detail_type="RDS DB Instance Event",
            detail={"EventID": "RDS-EVENT-0006", "EventCategories": ["availability"], "SourceType": "DB_INSTANCE",
                    "Message": "The DB instance restarted.", "Count": 300, "Ip": "10.0.0.7", "Flag": None},
            resources=("arn:aws:rds:ap-northeast-2:123456789012:db:orders",))
DOC = RDS.document("123456789012", "ap-northeast-2")


def detail(**fields: Any) -> dict[str, Any]:
    return {"source": ["aws.rds"], "detail": fields}


def test_a_pattern_on_detail_event_id_matches_only_listed_ids() -> None:
    assert matches(detail(EventID=["RDS-EVENT-0004", "RDS-EVENT-0006"]), DOC)
    assert not matches(detail(EventID=["RDS-EVENT-0004"]), DOC)


def test_every_named_field_must_match_and_unnamed_fields_are_ignored() -> None:
    assert matches({"source": ["aws.rds"], "detail-type": ["RDS DB Instance Event"]}, DOC)
    assert not matches({"source": ["aws.rds"], "detail-type": ["RDS DB Cluster Event"]}, DOC)


def test_an_absent_field_never_matches_a_value_list() -> None:
    assert not matches(detail(Missing=["x"]), DOC)
    assert not matches(detail(Missing=[None]), DOC)
    assert not matches(detail(Missing=[{"anything-but": "x"}]), DOC)
    assert not matches(detail(Missing=[{"prefix": ""}]), DOC)


def test_nesting_must_be_the_same_as_the_events() -> None:
    assert not matches({"EventID": ["RDS-EVENT-0006"]}, DOC)
    assert not matches({"detail": {"EventID": {"x": ["y"]}}}, DOC)


def test_an_event_array_matches_if_any_element_matches() -> None:
    assert matches({"resources": ["arn:aws:rds:ap-northeast-2:123456789012:db:orders", "other"]}, DOC)
    assert matches(detail(EventCategories=["failure", "availability"]), DOC)
    assert not matches(detail(EventCategories=["failure"]), DOC)


def test_strings_are_exact_and_case_sensitive() -> None:
    assert not matches(detail(EventID=["rds-event-0006"]), DOC)
    assert not matches(detail(EventID=["RDS-EVENT-000"]), DOC)


def test_numbers_match_by_their_json_representation() -> None:
    assert matches(detail(Count=[300]), DOC)
    assert not matches(detail(Count=[300.0]), DOC)
    assert not matches(detail(Count=["300"]), DOC)


def test_null_matches_a_null_value() -> None:
    assert matches(detail(Flag=[None]), DOC)
    assert not matches(detail(EventID=[None]), DOC)


def test_prefix_and_suffix_match_strings_optionally_ignoring_case() -> None:
    assert matches(detail(EventID=[{"prefix": "RDS-EVENT-00"}]), DOC)
    assert not matches(detail(EventID=[{"prefix": "rds-"}]), DOC)
    assert matches(detail(EventID=[{"prefix": {"equals-ignore-case": "rds-"}}]), DOC)
    assert matches(detail(Message=[{"suffix": "restarted."}]), DOC)
    assert matches(detail(Message=[{"suffix": {"equals-ignore-case": "RESTARTED."}}]), DOC)
    assert not matches(detail(Count=[{"prefix": "3"}]), DOC)


def test_equals_ignore_case() -> None:
    assert matches(detail(SourceType=[{"equals-ignore-case": "db_instance"}]), DOC)
    assert not matches(detail(SourceType=[{"equals-ignore-case": "db_cluster"}]), DOC)


def test_anything_but_values_prefix_suffix_and_ignore_case() -> None:
    assert matches(detail(EventID=[{"anything-but": "RDS-EVENT-0004"}]), DOC)
    assert not matches(detail(EventID=[{"anything-but": ["RDS-EVENT-0004", "RDS-EVENT-0006"]}]), DOC)
    assert matches(detail(Count=[{"anything-but": [100, 200]}]), DOC)
    assert not matches(detail(Count=[{"anything-but": 300}]), DOC)
    assert not matches(detail(EventID=[{"anything-but": {"prefix": "RDS-"}}]), DOC)
    assert matches(detail(EventID=[{"anything-but": {"suffix": "0004"}}]), DOC)
    assert not matches(detail(SourceType=[{"anything-but": {"equals-ignore-case": ["db_instance"]}}]), DOC)
    assert not matches(detail(Message=[{"anything-but": {"wildcard": "*restarted*"}}]), DOC)


def test_numeric_ranges_match_json_numbers_only() -> None:
    assert matches(detail(Count=[{"numeric": [">", 0, "<=", 300]}]), DOC)
    assert not matches(detail(Count=[{"numeric": [">", 300]}]), DOC)
    assert matches(detail(Count=[{"numeric": ["=", 3.0e2]}]), DOC)
    assert not matches(detail(EventID=[{"numeric": [">", 0]}]), DOC)


def test_exists_works_on_leaves_only() -> None:
    assert matches(detail(EventID=[{"exists": True}]), DOC)
    assert not matches(detail(Missing=[{"exists": True}]), DOC)
    assert matches(detail(Missing=[{"exists": False}]), DOC)
    assert not matches(detail(EventID=[{"exists": False}]), DOC)
    nested = {"detail": {"c-count": {"c1": 100}}}
    assert matches({"detail": {"c-count": [{"exists": False}]}}, nested)


def test_wildcard_matches_any_run_of_characters() -> None:
    assert matches(detail(Message=[{"wildcard": "The DB * restarted."}]), DOC)
    assert not matches(detail(Message=[{"wildcard": "DB*"}]), DOC)
    assert matches({"a": [{"wildcard": "x\\*y"}]}, {"a": "x*y"})
    assert not matches({"a": [{"wildcard": "x\\*y"}]}, {"a": "xzy"})
    assert matches({"a": [{"wildcard": "x\\\\*"}]}, {"a": "x\\yz"})


def test_cidr_matches_addresses_in_the_block() -> None:
    assert matches(detail(Ip=[{"cidr": "10.0.0.0/24"}]), DOC)
    assert not matches(detail(Ip=[{"cidr": "10.0.1.0/24"}]), DOC)
    assert matches({"ip": [{"cidr": "2001:db8::/32"}]}, {"ip": "2001:db8::1"})


def test_or_matches_if_any_branch_matches_with_the_other_fields() -> None:
    pattern = {"source": ["aws.rds"], "$or": [{"detail": {"EventID": ["RDS-EVENT-0004"]}},
                                               {"detail": {"EventCategories": ["availability"]}}]}
    assert matches(pattern, DOC)
    assert not matches({**pattern, "source": ["aws.ecs"]}, DOC)
    assert not matches({"$or": [{"source": ["a"]}, {"source": ["b"]}]}, DOC)


@pytest.mark.parametrize(("pattern", "field", "allowed"), [
    ({}, "<root>", "at least one field"),
    ({"source": "aws.rds"}, "source", "a list of values"),
    ({"source": []}, "source", "at least one value"),
    ({"detail": {"EventID": [{"contains": "x"}]}}, "detail.EventID", "prefix, suffix"),
    ({"a": [{"prefix": "x", "suffix": "y"}]}, "a", "one operator"),
    ({"a": [{"prefix": 1}]}, "a", "a string"),
    ({"a": [{"numeric": [">", 0, ">", 1]}]}, "a", "one lower bound"),
    ({"a": [{"numeric": ["~", 1]}]}, "a", "operators"),
    ({"a": [{"numeric": ["<", 2e9]}]}, "a", "between -1e9 and 1e9"),
    ({"a": [{"anything-but": ["x", 1]}]}, "a", "only strings or only numbers"),
    ({"a": [{"anything-but": {"prefix": ["x", "y"]}}]}, "a", "single string"),
    ({"a": [{"exists": "yes"}]}, "a", "exists: true"),
    ({"a": [{"cidr": "10.0.0.0/99"}]}, "a", "CIDR block"),
    ({"a": [{"wildcard": "x**"}]}, "a", "at most one *"),
    ({"a": [{"wildcard": "x\\y"}]}, "a", "for a literal *"),
    ({"$or": [{"a": ["x"]}]}, "$or", "at least two"),
])
def test_an_invalid_or_unsupported_pattern_is_refused_naming_the_field(pattern: Any, field: str, allowed: str) -> None:
    with pytest.raises(PatternError) as caught:
        matches(pattern, DOC)
    assert repr(field) in str(caught.value)
    assert allowed in str(caught.value)
