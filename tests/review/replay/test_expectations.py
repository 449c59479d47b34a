"""Expectations as a responder states them, checked on hand-made notifications."""

from __future__ import annotations

from monitoring_constructs.review.replay.expectations import (
    AllOf,
    NothingAbove,
    NothingLessUrgentAfterP0,
    OnePagePerTopic,
    PagedBy,
    Reaches,
    judge,
    paged_at,
)
from monitoring_constructs.review.replay.world import Notification, Replay


def page(minute: float, severity: str | None, sender: str, *, topic: str | None = None, state: str = "ALARM",
         kind: str = "alarm") -> Notification:
    topic = topic or f"fileflow-prod-alerts-{(severity or 'p3').lower()}"
    return Notification(minute, topic, severity, sender, kind, state, severity, "threshold crossed")  # type: ignore[arg-type]


def replay(*notifications: Notification) -> Replay:
    return Replay(tuple(notifications), ())


def test_two_p1_pages_on_one_topic_break_the_one_page_rule() -> None:
    verdict = OnePagePerTopic().check(replay(page(5, "P1", "fileflow-prod-cpu-very-high"),
                                             page(7, "P1", "fileflow-prod-memory-high")))
    assert not verdict.holds
    assert "fileflow-prod-alerts-p1 was paged 2 times" in verdict.explanation


def test_an_event_counts_as_a_page_and_ok_messages_do_not() -> None:
    rds = page(0, "P0", "fileflow-prod-rds-down", state="EVENT", kind="rds_subscription")
    alarm = page(1, "P0", "fileflow-prod-service-unhealthy")
    recovered = page(20, "P0", "fileflow-prod-service-unhealthy", state="OK")
    assert not OnePagePerTopic().check(replay(rds, alarm)).holds
    assert OnePagePerTopic().check(replay(alarm, recovered)).holds


def test_pages_on_different_topics_keep_the_one_page_rule() -> None:
    assert OnePagePerTopic().check(replay(page(5, "P2", "cpu-high"), page(5, "P1", "cpu-very-high"))).holds


def test_a_less_urgent_page_after_the_first_p0_breaks_the_rule() -> None:
    verdict = NothingLessUrgentAfterP0().check(replay(page(0, "P0", "fileflow-prod-rds-down", state="EVENT"),
                                                      page(5, "P1", "fileflow-prod-rds-connections-high")))
    assert not verdict.holds
    assert verdict.explanation.endswith("then P1 at minute 5 (fileflow-prod-rds-connections-high)")
    assert NothingLessUrgentAfterP0().check(replay(page(5, "P1", "a"), page(6, "P0", "b"))).holds


def test_a_late_page_explains_what_came_first() -> None:
    verdict = PagedBy("P0", 3).check(replay(page(10, "P1", "fileflow-prod-alb-elb-5xx-rate-high")))
    assert verdict == verdict.__class__(
        False, "expected a P0 page by minute 3; the first page was P1 at minute 10 (fileflow-prod-alb-elb-5xx-rate-high)")


def test_a_p0_page_in_time_holds_and_one_too_late_says_when_it_came() -> None:
    assert PagedBy("P0", 3).check(replay(page(2, "P0", "fileflow-prod-task-count-zero-notify"))).holds
    late = PagedBy("P0", 3).check(replay(page(1, "P2", "x"), page(8, "P0", "y")))
    assert late.explanation.endswith("the first P0 page was P0 at minute 8 (y)")
    assert PagedBy("P1", 15).check(replay()).explanation == "expected a P1 page by minute 15; nobody was paged"


def test_a_more_urgent_page_meets_a_less_urgent_expectation() -> None:
    assert PagedBy("P1", 15).check(replay(page(10, "P0", "x"))).holds


def test_never_p0_and_nothing_higher_than_p2() -> None:
    outage = replay(page(10, "P1", "a"), page(12, "P0", "b"))
    verdict = NothingAbove("P1").check(outage)
    assert (verdict.holds, verdict.explanation) == (False, "expected nobody paged at P0; paged P0 at minute 12 (b)")
    assert NothingAbove("P2").check(replay(page(10, "P2", "a"), page(11, "P3", "b"))).holds
    assert NothingAbove("P3").text == "nobody paged at P0–P2"


def test_a_failed_deployment_reaches_someone_at_any_severity() -> None:
    event = page(5, "P2", "fileflow-prod-deploy-fails", state="EVENT", kind="event_rule")
    assert Reaches(10).check(replay(event)).holds
    assert not Reaches(10).check(replay()).holds


def test_judge_adds_the_universal_rules_and_explains_every_broken_one() -> None:
    pages = replay(page(0, "P0", "rds-down", state="EVENT"), page(2, "P0", "service-unhealthy"),
                   page(5, "P1", "rds-connections-high"))
    verdict = judge(pages, PagedBy("P0", 5))
    assert not verdict.holds
    assert "fileflow-prod-alerts-p0 was paged 2 times" in verdict.explanation
    assert "then P1 at minute 5 (rds-connections-high)" in verdict.explanation
    assert judge(replay(page(2, "P0", "x")), AllOf((PagedBy("P0", 3), NothingAbove("P0")))).holds


def test_a_sender_without_a_severity_is_less_urgent_than_p3() -> None:
    assert NothingAbove("P3").check(replay(page(1, None, "team-alarm", topic="team"))).holds
    assert not PagedBy("P3", 5).check(replay(page(1, None, "team-alarm", topic="team"))).holds



def test_paged_at_is_a_page_in_time_and_nothing_higher() -> None:
    expectation = paged_at("P2", 20)
    assert expectation.text == "a P2 page by minute 20; nobody paged at P0–P1"
    assert expectation.check(replay(page(16, "P2", "response-time-p99-high"))).holds
    assert not expectation.check(replay(page(16, "P2", "a"), page(18, "P1", "b"))).holds


def test_a_verdict_that_holds_explains_the_scenarios_own_expectation() -> None:
    verdict = judge(replay(page(2, "P0", "fileflow-prod-task-count-zero-notify")), PagedBy("P0", 3))
    assert verdict.explanation == "a P0 page by minute 3: P0 at minute 2 (fileflow-prod-task-count-zero-notify)"
