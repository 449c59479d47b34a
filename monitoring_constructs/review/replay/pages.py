"""``pages.md``: who is paged, when, for each scenario and stack; ``changes.md``: what a change does to that.

Written for the on-call engineer: a summary table first (scenario by stack: the first page,
its minute and whether the expectation holds), then each replay's timeline with every message a
topic received and, when the expectation fails, why.

Example::

    results = [PageResult.of(stack.name, scenario, scenario.run(stack, replay))
               for stack in stacks for scenario in CATALOG if scenario.applies_to(stack)]
    Path("pages.md").write_text(pages_markdown(results))
    Path("changes.md").write_text(pages_that_change(base_results, results))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..markdown import count, table
from .expectations import Verdict, describe, judge, pages
from .scenarios import Scenario
from .world import Notification, Replay

HOLDS, FAILS = "✓", "✗"


@dataclass(frozen=True, slots=True)
class PageResult:
    """One scenario replayed on one stack, and the verdict on it."""

    stack: str
    scenario: str
    description: str
    expectation: str
    replay: Replay
    verdict: Verdict

    @staticmethod
    def of(stack: str, scenario: Scenario, replay: Replay) -> PageResult:
        """The result, judged on the scenario's expectation and the universal rules."""
        return PageResult(stack, scenario.name, scenario.description, scenario.expectation.text, replay,
                          judge(replay, scenario.expectation))

    def first_page(self) -> str:
        """``P0 at minute 2 (fileflow-prod-notify-p0)``, ``... + 2 more pages``, or ``nobody``."""
        found = pages(self.replay)
        if not found:
            return "nobody"
        return describe(found[0]) + (f" + {count(len(found) - 1, 'more page')}" if len(found) > 1 else "")

    def page_keys(self) -> tuple[tuple[float, str, str, str | None, str], ...]:
        """What a change can alter: each message's minute, sender, topic, severity and state."""
        return tuple((n.minute, n.sender, n.topic, n.severity, n.state) for n in self.replay.notifications)


def _mark(result: PageResult) -> str:
    return HOLDS if result.verdict.holds else FAILS


def _summary(results: Sequence[PageResult]) -> str:
    stacks = sorted({r.stack for r in results})
    scenarios = list(dict.fromkeys(r.scenario for r in results))
    found = {(r.stack, r.scenario): r for r in results}
    rows = []
    for name in scenarios:
        cells = [f"{_mark(found[stack, name])} {found[stack, name].first_page()}" if (stack, name) in found
                 else "not applicable" for stack in stacks]
        rows.append([name, *cells])
    return table(["Scenario", *stacks], rows)


def _timeline(notifications: Sequence[Notification]) -> str:
    if not notifications:
        return "No topic received anything.\n"
    rows = [[f"{n.minute:g}", n.sender, n.topic, n.severity or "unrated", n.state, n.reason] for n in notifications]
    return table(["Minute", "Sender", "Topic", "Severity", "State", "Reason"], rows)


def _section(result: PageResult) -> str:
    verdict = f"{HOLDS} Expectation holds" if result.verdict.holds else f"{FAILS} Expectation fails"
    return (f"### {result.scenario}\n\n{result.description}\n\n"
            f"Expected: {result.expectation}; and always at most one page per topic and nothing less "
            f"urgent after the first P0 page.\n\n"
            f"{_timeline(result.replay.notifications)}\n"
            f"**{verdict}**: {result.verdict.explanation}\n")


def pages_markdown(results: Sequence[PageResult]) -> str:
    """``pages.md``: the summary table, then per stack each scenario's timeline and verdict."""
    failing = sum(not r.verdict.holds for r in results)
    parts = ["# Who is paged, and when\n",
             f"{count(len(results), 'replay')}, {count(failing, 'expectation')} not met. A page is an ALARM "
             "or EVENT message; severity is the sender's designed severity (P0 most urgent); minutes "
             "count from the incident's start.\n",
             _summary(results)]
    for stack in sorted({r.stack for r in results}):
        parts.append(f"## {stack}\n")
        parts += [_section(r) for r in results if r.stack == stack]
    return "\n".join(parts)


def _pages_line(result: PageResult | None) -> str:
    if result is None:
        return "not replayed"
    found = pages(result.replay)
    listed = ", ".join(f"{describe(p)} to {p.topic}" for p in found) or "nobody paged"
    return f"{_mark(result)} {listed}"


def pages_that_change(base: Sequence[PageResult], current: Sequence[PageResult]) -> str:
    """``changes.md``: the scenarios whose messages differ between ``base`` and ``current`` stacks."""
    before = {(r.stack, r.scenario): r for r in base}
    after = {(r.stack, r.scenario): r for r in current}
    changed = [key for key in dict.fromkeys([*before, *after])
               if key not in before or key not in after or before[key].page_keys() != after[key].page_keys()]
    if not changed:
        return "# Pages that change\n\nNo scenario pages anyone differently.\n"
    rows = [[stack, scenario, _pages_line(before.get((stack, scenario))), _pages_line(after.get((stack, scenario)))]
            for stack, scenario in changed]
    return ("# Pages that change\n\n"
            f"{count(len(changed), 'replay')} page differently with this change.\n\n"
            + table(["Stack", "Scenario", "Before", "After"], rows))
