"""``changes.md``: the alarms and dashboard widgets a change adds, removes or alters, for a pull-request comment.

Alarms are matched by name within a stack and compared field by field
(metric, statistic, period, condition, missing data, severity, topics,
subscribers). Widgets are matched by dashboard, type and title; a widget that
only moved is not reported.

Example::

    found = compare(base_reviews, current_reviews)
    text = changes_markdown(found, base="main", current="this branch")
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .alarms import Alarm
from .dashboards import Dashboard, Widget
from .markdown import count, table
from .model import StackReview

SUMMARY_COLUMNS = ("Alarm", "Severity", "Metric or expression", "Condition", "Notifies", "Subscribers")
CHANGE_COLUMNS = ("Alarm", "What", "Before", "After")
WIDGET_COLUMNS = ("Dashboard", "Widget", "Type", "Grid position")


@dataclass(frozen=True)
class AlarmChange:
    alarm: str
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class StackChanges:
    """What changed in one stack; ``status`` is "", "new stack" or "stack removed"."""

    name: str
    status: str = ""
    added: tuple[Alarm, ...] = ()
    removed: tuple[Alarm, ...] = ()
    changed: tuple[AlarmChange, ...] = ()
    widgets_added: tuple[tuple[str, Widget], ...] = field(default=())
    widgets_removed: tuple[tuple[str, Widget], ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not (self.status or self.added or self.removed or self.changed or self.widgets_added or self.widgets_removed)


def _by_name(alarms: Sequence[Alarm]) -> dict[str, Alarm]:
    found: dict[str, Alarm] = {}
    for alarm in alarms:
        found[alarm.name if alarm.name not in found else f"{alarm.name} ({alarm.address})"] = alarm
    return found


def _widgets(dashboards: Sequence[Dashboard]) -> list[tuple[str, Widget]]:
    return [(dashboard.name, widget) for dashboard in dashboards for widget in dashboard.widgets]


def _missing(widgets: list[tuple[str, Widget]], other: list[tuple[str, Widget]]) -> tuple[tuple[str, Widget], ...]:
    """The widgets of ``widgets`` that ``other`` does not have (same dashboard, type and title), counting duplicates."""
    left = Counter((name, w.kind, w.title) for name, w in other)
    missing = []
    for name, widget in widgets:
        key = (name, widget.kind, widget.title)
        if left[key]:
            left[key] -= 1
        else:
            missing.append((name, widget))
    return tuple(missing)


def compare_stack(name: str, base: StackReview | None, current: StackReview | None) -> StackChanges:
    """The changes from ``base`` to ``current`` (either may be None: a stack added or removed)."""
    old = _by_name(base.alarms if base else ())
    new = _by_name(current.alarms if current else ())
    changed = []
    for alarm_name in old.keys() & new.keys():
        before, after = old[alarm_name].facets(), new[alarm_name].facets()
        changed += [AlarmChange(alarm_name, what, before[what], after[what]) for what in before if before[what] != after[what]]
    old_widgets = _widgets(base.dashboards if base else ())
    new_widgets = _widgets(current.dashboards if current else ())
    return StackChanges(
        name=name,
        status="new stack" if base is None else "stack removed" if current is None else "",
        added=tuple(new[n] for n in new if n not in old),
        removed=tuple(old[n] for n in old if n not in new),
        changed=tuple(sorted(changed, key=lambda c: c.alarm)),
        widgets_added=_missing(new_widgets, old_widgets),
        widgets_removed=_missing(old_widgets, new_widgets),
    )


def compare(base: Sequence[StackReview], current: Sequence[StackReview]) -> list[StackChanges]:
    """Per stack (in either version, sorted by name), what changed."""
    old = {review.name: review for review in base}
    new = {review.name: review for review in current}
    return [compare_stack(name, old.get(name), new.get(name)) for name in sorted(old.keys() | new.keys())]


def _summary(changes: Sequence[StackChanges]) -> str:
    counts = (
        (sum(len(c.added) for c in changes), "alarm", "added"),
        (sum(len(c.removed) for c in changes), "alarm", "removed"),
        (len({(c.name, change.alarm) for c in changes for change in c.changed}), "alarm", "changed"),
        (sum(len(c.widgets_added) for c in changes), "dashboard widget", "added"),
        (sum(len(c.widgets_removed) for c in changes), "dashboard widget", "removed"),
    )
    return ", ".join(f"{count(number, noun)} {verb}" for number, noun, verb in counts if number)


def _alarm_rows(alarms: Sequence[Alarm]) -> list[tuple[str, ...]]:
    return [(a.name, a.severity, a.metric, a.condition, a.notifies, a.subscriber_text) for a in alarms]


def _widget_rows(widgets: Sequence[tuple[str, Widget]]) -> list[tuple[str, ...]]:
    return [(name, w.title, w.kind + (f" · {w.view}" if w.view else ""),
             f"x {w.x}, y {w.y}, {w.width} × {w.height}") for name, w in widgets]


def _stack_section(found: StackChanges) -> str:
    parts = [f"### {found.name}" + (f" ({found.status})" if found.status else "") + "\n"]
    sections = (
        ("Alarms changed", CHANGE_COLUMNS, [(c.alarm, c.what, c.before, c.after) for c in found.changed]),
        ("Alarms added", SUMMARY_COLUMNS, _alarm_rows(found.added)),
        ("Alarms removed", SUMMARY_COLUMNS, _alarm_rows(found.removed)),
        ("Dashboard widgets added", WIDGET_COLUMNS, _widget_rows(found.widgets_added)),
        ("Dashboard widgets removed", WIDGET_COLUMNS, _widget_rows(found.widgets_removed)),
    )
    for heading, columns, rows in sections:
        if rows:
            parts.append(f"**{heading} ({len(rows)})**\n\n" + table(columns, rows))
    return "\n".join(parts)


def changes_markdown(changes: Sequence[StackChanges], *, base: str, current: str) -> str:
    """The whole ``changes.md`` text."""
    changed = [c for c in changes if not c.empty]
    title = f"## Monitoring changes\n\nFrom `{base}` to `{current}`: "
    if not changed:
        return title + f"no alarm or dashboard widget added, removed or changed in {count(len(changes), 'stack')}.\n"
    unchanged = [c.name for c in changes if c.empty]
    text = "\n".join([title + _summary(changed) + ".\n", *(_stack_section(c) for c in changed)])
    return text + (f"\nUnchanged: {', '.join(unchanged)}.\n" if unchanged else "")
