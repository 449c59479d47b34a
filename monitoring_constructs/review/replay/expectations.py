"""What a responder expects to be paged for, checked on a ``Replay``.

A page is a notification in ``ALARM`` or ``EVENT`` (an EventBridge rule or an RDS event
subscription pages like an alarm); ``OK`` messages are not pages. Severity is
``Notification.severity`` (the sender's designed severity), P0 the most urgent.

Two rules hold for every scenario (``UNIVERSAL``): one incident pages each topic at most once,
and after the first P0 page nothing less urgent follows (the P0 responder already owns it).

Example::

    verdict = judge(replay, PagedBy("P0", 3))
    verdict.holds, verdict.explanation
    # (False, "expected a P0 page by minute 3; the first page was P1 at minute 10 (fileflow-prod-alb-elb-5xx-rate-high)")
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .world import Notification, Replay

SEVERITIES = ("P0", "P1", "P2", "P3")


def rank(severity: str | None) -> int:
    """0 for P0 ... 3 for P3; a sender without a severity ranks below P3."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def pages(replay: Replay) -> list[Notification]:
    """The notifications that page someone, in time order."""
    return [n for n in replay.notifications if n.state in ("ALARM", "EVENT")]


def describe(page: Notification) -> str:
    """``P1 at minute 10 (fileflow-prod-alb-elb-5xx-rate-high)``."""
    return f"{page.severity or 'unrated'} at minute {page.minute:g} ({page.sender})"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an expectation holds, and one line a responder understands."""

    holds: bool
    explanation: str


class Expectation(Protocol):
    """Something a responder expects of the pages; ``text`` says it in their words."""

    @property
    def text(self) -> str: ...

    def check(self, replay: Replay) -> Verdict: ...


@dataclass(frozen=True, slots=True)
class PagedBy:
    """A page at ``severity`` or more urgent by ``minute``."""

    severity: str
    minute: float

    @property
    def text(self) -> str:
        return f"a {self.severity} page by minute {self.minute:g}"

    def check(self, replay: Replay) -> Verdict:
        urgent = [p for p in pages(replay) if rank(p.severity) <= rank(self.severity)]
        if urgent and urgent[0].minute <= self.minute:
            return Verdict(True, f"{self.text}: {describe(urgent[0])}")
        found = pages(replay)
        detail = f"the first page was {describe(found[0])}" if found else "nobody was paged"
        if urgent and urgent[0] is not found[0]:
            detail += f"; the first {self.severity} page was {describe(urgent[0])}"
        return Verdict(False, f"expected {self.text}; {detail}")


@dataclass(frozen=True, slots=True)
class NothingAbove:
    """No page more urgent than ``severity`` ("never P0" is ``NothingAbove("P1")``)."""

    severity: str

    @property
    def text(self) -> str:
        higher = SEVERITIES[: rank(self.severity)]
        if not higher:
            return "any severity"
        return f"nobody paged at {higher[0]}" + (f"–{higher[-1]}" if len(higher) > 1 else "")

    def check(self, replay: Replay) -> Verdict:
        higher = [p for p in pages(replay) if rank(p.severity) < rank(self.severity)]
        if not higher:
            return Verdict(True, self.text)
        return Verdict(False, f"expected {self.text}; paged {describe(higher[0])}"
                              + (f" and {len(higher) - 1} more" if len(higher) > 1 else ""))


@dataclass(frozen=True, slots=True)
class Reaches:
    """Somebody is paged (any severity), by ``minute`` when given."""

    minute: float | None = None

    @property
    def text(self) -> str:
        return "somebody is paged" + (f" by minute {self.minute:g}" if self.minute is not None else "")

    def check(self, replay: Replay) -> Verdict:
        found = pages(replay)
        if found and (self.minute is None or found[0].minute <= self.minute):
            return Verdict(True, f"{self.text}: {describe(found[0])}")
        late = f"the first page was {describe(found[0])}" if found else "nobody was paged"
        return Verdict(False, f"expected {self.text}; {late}")


@dataclass(frozen=True, slots=True)
class OnePagePerTopic:
    """One incident pages each topic at most once, whatever the severity."""

    @property
    def text(self) -> str:
        return "at most one page per topic"

    def check(self, replay: Replay) -> Verdict:
        counts = Counter(p.topic for p in pages(replay))
        repeated = [topic for topic, number in counts.items() if number > 1]
        if not repeated:
            return Verdict(True, self.text)
        topic = repeated[0]
        senders = ", ".join(describe(p) for p in pages(replay) if p.topic == topic)
        return Verdict(False, f"expected {self.text}; {topic} was paged {counts[topic]} times: {senders}")


@dataclass(frozen=True, slots=True)
class NothingLessUrgentAfterP0:
    """After the first P0 page, no P1–P3 page follows: the incident is already owned."""

    @property
    def text(self) -> str:
        return "nothing less urgent after the first P0 page"

    def check(self, replay: Replay) -> Verdict:
        found = pages(replay)
        first = next((i for i, p in enumerate(found) if p.severity == "P0"), None)
        later = [p for p in found[first + 1:] if rank(p.severity) > 0] if first is not None else []
        if not later:
            return Verdict(True, self.text)
        return Verdict(False, f"expected {self.text} ({describe(found[first])}); then {describe(later[0])}")


@dataclass(frozen=True, slots=True)
class AllOf:
    """Every part holds; the verdict explains the first that does not."""

    parts: tuple[Expectation, ...]

    @property
    def text(self) -> str:
        return "; ".join(part.text for part in self.parts)

    def check(self, replay: Replay) -> Verdict:
        verdicts = [part.check(replay) for part in self.parts]
        failed = [verdict for verdict in verdicts if not verdict.holds]
        if failed:
            return Verdict(False, "; ".join(verdict.explanation for verdict in failed))
        return Verdict(True, "; ".join(verdict.explanation for verdict in verdicts))


def paged_at(severity: str, minute: float) -> AllOf:
    """"Pages ``severity`` within ``minute`` minutes and nothing higher"."""
    return AllOf((PagedBy(severity, minute), NothingAbove(severity)))


UNIVERSAL: tuple[Expectation, ...] = (OnePagePerTopic(), NothingLessUrgentAfterP0())


def judge(replay: Replay, expectation: Expectation, universal: Sequence[Expectation] = UNIVERSAL) -> Verdict:
    """The scenario's expectation and the universal rules, as one verdict (explaining the expectation when all hold)."""
    verdict = AllOf((expectation, *universal)).check(replay)
    return verdict if not verdict.holds else expectation.check(replay)
