"""Composite alarms: rule expressions, re-evaluation on child changes, action suppression.

Rules follow "PutCompositeAlarm" (CloudWatch API Reference, ``AlarmRule``,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html):
``ALARM(x)``, ``OK(x)``, ``INSUFFICIENT_DATA(x)`` with ``x`` an alarm name or ARN, "surrounded
with double-quotes, but do not have to be"; ``TRUE``, ``FALSE``; ``AND``, ``OR``, ``NOT`` and
parentheses (NOT binds tightest, then AND, then OR). A rule can name metric alarms and
composites ("Composite alarms", CloudWatch User Guide,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-combining.html). The
rule true gives ALARM, false gives OK; a composite starts in INSUFFICIENT_DATA until its first
evaluation. ``AT_LEAST`` exists in newer CloudWatch, but its text syntax could not be checked
against AWS's documentation here, so a rule using it raises ``ReplayError``.

Suppression follows "Suppressing composite alarm actions" (CloudWatch User Guide,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm_Suppression.html)
and ``ActionsSuppressedBy`` in "CompositeAlarm" (API Reference,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_CompositeAlarm.html):
while the suppressor is in ALARM the composite takes no actions (``Alarm``); when the
composite goes into ALARM while the suppressor is not, it waits up to WaitPeriod for the
suppressor to go into ALARM (``WaitPeriod``); after the suppressor leaves ALARM it waits up
to ExtensionPeriod (``ExtensionPeriod``). "After this time, the composite alarm performs its
actions": the replay then notifies for the composite's current state if it has not yet
notified it. Timing: composites are re-evaluated in the minute their children change, the
suppressor first; a suppressor that goes into ALARM in the minute the wait ends still
suppresses.

Example::

    runner = CompositeRunner(model.composites, severities={...})
    transitions, notifications = runner.step(minute, states)  # states: name -> state, updated
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import NoReturn

from .stack_model import CompositeAlarm, alarm_name, most_urgent
from .terraform_values import ReplayError
from .world import Notification, State, Transition

_TOKEN = re.compile(r'\s*(?:(?P<word>ALARM|OK|INSUFFICIENT_DATA|TRUE|FALSE|AND|OR|NOT|AT_LEAST)\b|(?P<punct>[()]))')
_NAME = re.compile(r'\s*(?:"(?P<quoted>[^"]*)"|(?P<bare>[^()"\s][^()"]*?))\s*\)')


@dataclass(frozen=True)
class Rule:
    """A parsed alarm rule: ``kind`` is state, const, and, or, not."""

    kind: str
    state: str = ""
    alarm: str = ""
    args: tuple[Rule, ...] = ()


def parse_rule(text: str, *, composite: str) -> Rule:
    """The rule's tree; ReplayError names the composite when the rule cannot be read."""
    parser = _RuleParser(text, composite)
    rule = parser.any_of()
    if parser.rest().strip():
        parser.fail(f"unexpected {parser.rest().strip()[:20]!r}")
    return rule


def children(rule: Rule) -> set[str]:
    """The alarms a rule names."""
    found = {rule.alarm} if rule.kind == "state" else set()
    for arg in rule.args:
        found |= children(arg)
    return found


def holds(rule: Rule, states: Mapping[str, State]) -> bool:
    """Whether the rule is true for these alarm states."""
    if rule.kind == "state":
        return states[rule.alarm] == rule.state
    if rule.kind == "const":
        return rule.state == "TRUE"
    if rule.kind == "not":
        return not holds(rule.args[0], states)
    results = (holds(arg, states) for arg in rule.args)
    return all(results) if rule.kind == "and" else any(results)


class _RuleParser:
    def __init__(self, text: str, composite: str) -> None:
        self.text, self.composite, self.index = text, composite, 0

    def fail(self, why: str) -> NoReturn:
        raise ReplayError(f"composite {self.composite}: alarm rule {self.text!r}: {why}")

    def rest(self) -> str:
        return self.text[self.index :]

    def peek(self) -> str | None:
        match = _TOKEN.match(self.text, self.index)
        return match.group(match.lastgroup or 0) if match else None

    def take(self) -> str:
        match = _TOKEN.match(self.text, self.index)
        if match is None:
            self.fail(f"cannot read {self.rest().strip()[:30]!r}")
        self.index = match.end()
        return match.group(match.lastgroup or 0)

    def any_of(self) -> Rule:
        return self._chain("OR", self.all_of)

    def all_of(self) -> Rule:
        return self._chain("AND", self.negation)

    def _chain(self, word: str, operand: Callable[[], Rule]) -> Rule:
        items = [operand()]
        while self.peek() == word:
            self.take()
            items.append(operand())
        return items[0] if len(items) == 1 else Rule(word.lower(), args=tuple(items))

    def negation(self) -> Rule:
        if self.peek() == "NOT":
            self.take()
            return Rule("not", args=(self.negation(),))
        word = self.take()
        if word == "(":
            rule = self.any_of()
            if self.take() != ")":
                self.fail("a parenthesis is not closed")
            return rule
        if word in ("TRUE", "FALSE"):
            return Rule("const", word)
        if word == "AT_LEAST":
            self.fail("AT_LEAST is not replayed (its syntax is not in the documentation the replay follows)")
        if word in ("ALARM", "OK", "INSUFFICIENT_DATA") and self.take() == "(":
            match = _NAME.match(self.text, self.index)
            if match is None:
                self.fail(f"{word}( names no alarm")
            self.index = match.end()
            return Rule("state", word, alarm_name((match["quoted"] or match["bare"]).strip()))
        self.fail(f"unexpected {word!r}")


@dataclass
class _Status:
    state: State = "INSUFFICIENT_DATA"
    notified: State = "INSUFFICIENT_DATA"
    wait_until: float | None = None
    extension_until: float | None = None
    suppressor_in_alarm: bool = False


class CompositeRunner:
    """Evaluates every composite of a stack each minute, children and suppressors first."""

    def __init__(self, composites: Sequence[CompositeAlarm], *, severities: Mapping[str, str | None]) -> None:
        self.rules = {c.name: parse_rule(c.rule, composite=c.name) for c in composites}
        self.by_name = {c.name: c for c in composites}
        self.severities = severities
        for composite in composites:
            for name in children(self.rules[composite.name]) | ({composite.suppressor.alarm} if composite.suppressor else set()):
                if name not in severities:
                    raise ReplayError(f"composite {composite.name} depends on {name}, which is not an alarm of the stack")
        self.order = self._order()
        self.status = {name: _Status() for name in self.order}

    def _order(self) -> list[str]:
        done: list[str] = []

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in done or name not in self.by_name:
                return
            if name in path:
                raise ReplayError(f"composites depend on each other in a cycle: {' -> '.join(path + (name,))}")
            composite = self.by_name[name]
            for child in sorted(children(self.rules[name]) | ({composite.suppressor.alarm} if composite.suppressor else set())):
                visit(child, path + (name,))
            done.append(name)

        for name in sorted(self.by_name):
            visit(name, ())
        return done

    def step(self, minute: float, states: MutableMapping[str, State]) -> tuple[list[Transition], list[Notification]]:
        """Re-evaluate every composite at ``minute``; ``states`` is updated with their new states."""
        transitions: list[Transition] = []
        notifications: list[Notification] = []
        for name in self.order:
            composite, status = self.by_name[name], self.status[name]
            suppressed = self._suppression(composite, status, minute, states)
            rule = self.rules[name]
            new: State = "ALARM" if holds(rule, states) else "OK"
            if new != status.state:
                transitions.append(Transition(minute, name, status.state, new, self._reason(rule, states)))
                status.state = states[name] = new
                if new == "ALARM" and composite.suppressor and not suppressed:
                    status.wait_until = minute + composite.suppressor.wait_period / 60
                    suppressed = composite.suppressor.wait_period > 0
            states[name] = status.state
            if not suppressed and status.state != status.notified:
                status.notified = status.state
                severity = most_urgent([composite.severity] + [self.severities[c] for c in sorted(children(rule))
                                                               if states[c] == "ALARM"])
                notifications += composite.actions.notify(status.state, minute=minute, sender=name, kind="composite",
                                                          severity=severity, reason=self._reason(rule, states))
        return transitions, notifications

    def _suppression(self, composite: CompositeAlarm, status: _Status, minute: float, states: Mapping[str, State]) -> bool:
        """Whether the composite's actions are held back at ``minute`` (suppressor, wait or extension)."""
        if composite.suppressor is None:
            return False
        in_alarm = states[composite.suppressor.alarm] == "ALARM"
        if status.suppressor_in_alarm and not in_alarm:
            status.extension_until = minute + composite.suppressor.extension_period / 60
        if in_alarm:
            status.wait_until = status.extension_until = None
        status.suppressor_in_alarm = in_alarm
        return in_alarm or any(until is not None and minute < until for until in (status.wait_until, status.extension_until))

    def _reason(self, rule: Rule, states: Mapping[str, State]) -> str:
        firing = [c for c in sorted(children(rule)) if states[c] == "ALARM"]
        return f"in ALARM: {', '.join(firing)}" if firing else "no alarm of the rule is in ALARM"
