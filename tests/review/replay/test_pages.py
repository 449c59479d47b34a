"""pages.md and changes.md, read as an on-call engineer reads them."""

from __future__ import annotations

from monitoring_constructs.review.replay.expectations import NothingAbove, PagedBy
from monitoring_constructs.review.replay.pages import PageResult, pages_markdown, pages_that_change
from monitoring_constructs.review.replay.publishing import Timeline
from monitoring_constructs.review.replay.scenarios import Scenario
from monitoring_constructs.review.replay.world import Notification, Replay

OUTAGE = Scenario("total outage", "No task runs for 30 minutes.", Timeline(), PagedBy("P0", 3))
QUIET = Scenario("quiet hours", "Two hours of healthy traffic.", Timeline(), NothingAbove("P3"))


def message(minute: float, sender: str, severity: str, state: str = "ALARM") -> Notification:
    return Notification(minute, f"fileflow-prod-alerts-{severity.lower()}", severity, sender, "alarm",
                        state, severity, f"{sender} crossed its threshold")  # type: ignore[arg-type]


def result(stack: str, scenario: Scenario, *notifications: Notification) -> PageResult:
    return PageResult.of(stack, scenario, Replay(tuple(notifications), ()))


def test_the_summary_says_who_is_paged_first_and_whether_the_expectation_holds() -> None:
    text = pages_markdown([
        result("fileflow-prod", OUTAGE, message(2, "fileflow-prod-task-count-zero-notify", "P0")),
        result("fileflow-prod", QUIET),
        result("fileflow-dev", QUIET, message(30, "fileflow-dev-cpu-high", "P3")),
    ])
    summary = text.split("## ")[0]
    assert "| Scenario | fileflow-dev | fileflow-prod |" in summary
    assert "| total outage | not applicable | ✓ P0 at minute 2 (fileflow-prod-task-count-zero-notify) |" in summary
    assert "| quiet hours | ✓ P3 at minute 30 (fileflow-dev-cpu-high) | ✓ nobody |" in summary
    assert "3 replays, 0 expectations not met" in summary


def test_each_replay_has_its_timeline_and_a_failing_one_says_why() -> None:
    late = result("fileflow-prod", OUTAGE, message(10, "fileflow-prod-alb-elb-5xx-rate-high", "P1"),
                  message(25, "fileflow-prod-alb-elb-5xx-rate-high", "P1", state="OK"))
    text = pages_markdown([late])
    section = text.split("## fileflow-prod")[1]
    assert "| Minute | Sender | Topic | Severity | State | Reason |" in section
    assert ("| 10 | fileflow-prod-alb-elb-5xx-rate-high | fileflow-prod-alerts-p1 | P1 | ALARM | "
            "fileflow-prod-alb-elb-5xx-rate-high crossed its threshold |") in section
    assert "| 25 | fileflow-prod-alb-elb-5xx-rate-high | fileflow-prod-alerts-p1 | P1 | OK |" in section
    assert ("**✗ Expectation fails**: expected a P0 page by minute 3; the first page was P1 at minute 10 "
            "(fileflow-prod-alb-elb-5xx-rate-high)") in section


def test_a_replay_nobody_hears_about_says_so() -> None:
    assert "No topic received anything." in pages_markdown([result("fileflow-prod", QUIET)])


def test_changes_list_only_the_scenarios_whose_pages_differ() -> None:
    page = message(2, "fileflow-prod-task-count-zero-notify", "P0")
    base = [result("fileflow-prod", OUTAGE, page), result("fileflow-prod", QUIET)]
    current = [result("fileflow-prod", OUTAGE), result("fileflow-prod", QUIET)]
    text = pages_that_change(base, current)
    assert "1 replay page differently" in text
    assert ("| fileflow-prod | total outage | ✓ P0 at minute 2 (fileflow-prod-task-count-zero-notify) to "
            "fileflow-prod-alerts-p0 | ✗ nobody paged |") in text
    assert "quiet hours" not in text
    assert "No scenario pages anyone differently." in pages_that_change(base, base)


def test_a_scenario_only_one_side_replayed_is_a_change() -> None:
    text = pages_that_change([], [result("fileflow-prod", QUIET)])
    assert "| fileflow-prod | quiet hours | not replayed | ✓ nobody paged |" in text


def test_the_summary_counts_the_pages_after_the_first() -> None:
    busy = result("fileflow-prod", QUIET, message(5, "fileflow-prod-cpu-high", "P2"),
                  message(6, "fileflow-prod-memory-elevated", "P2"), message(7, "fileflow-prod-redis-cpu-high-1", "P3"))
    assert busy.first_page() == "P2 at minute 5 (fileflow-prod-cpu-high) + 2 more pages"
    assert not busy.verdict.holds
