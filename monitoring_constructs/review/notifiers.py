"""How an alarm without actions is heard: through the roll-up composites whose rules name it.

Every alarm of the library pages through its severity's roll-up (``<prefix>-notify-<severity>``), a
composite alarm with the topic's actions; a topic with many alarms names them through parts
(composites without actions). A reviewer reads each alarm with the actions of its roll-up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from .stacks import Stack

if TYPE_CHECKING:
    from .alarms import Alarm

COMPOSITE_ALARM = "aws_cloudwatch_composite_alarm"
_RULE_ALARM = re.compile(r'ALARM\(\s*"?([^")]+?)"?\s*\)')


def heard_through_composites(alarms: list[Alarm], stack: Stack) -> list[Alarm]:
    """Each alarm without actions, with the actions of the roll-ups (composites with actions) whose rule
    names it in ``ALARM(...)``, directly or through parts (composites without actions); a composite that is
    only another's ``actions_suppressor`` records what it holds back."""
    rules = {
        stack.resolve(block.get("alarm_name", key)): set(_RULE_ALARM.findall(stack.resolve(block.get("alarm_rule", ""))))
        for key, block in stack.resources(COMPOSITE_ALARM).items()
    }
    held: dict[str, list[str]] = {}
    for key, block in stack.resources(COMPOSITE_ALARM).items():
        suppressor = block.get("actions_suppressor")
        if isinstance(suppressor, Mapping) and suppressor.get("alarm"):
            held.setdefault(stack.resolve(suppressor["alarm"]), []).append(stack.resolve(block.get("alarm_name", key)))
    by_name = {alarm.name: alarm for alarm in alarms}

    def notifiers(alarm: Alarm, name: str, seen: frozenset[str]) -> list[Alarm]:
        """The composites with actions naming ``name``, or naming a part of them: a composite without
        actions of the same severity (another composite, like service-unhealthy, is an alarm of its own)."""
        found: list[Alarm] = []
        for composite, named in sorted(rules.items()):
            parent = by_name.get(composite)
            if name not in named or composite in seen or parent is None:
                continue
            if parent.actions:
                found.append(parent)
            elif parent.severity == alarm.severity:
                found += notifiers(alarm, composite, seen | {composite})
        return list(dict.fromkeys(found))

    result = []
    for alarm in alarms:
        through = [] if alarm.actions else notifiers(alarm, alarm.name, frozenset({alarm.name}))
        if through:
            actions = tuple(dict.fromkeys(action for parent in through for action in parent.actions))
            alarm = replace(alarm, actions=actions, through=tuple(parent.name for parent in through))
        elif not alarm.actions and alarm.name in held:
            alarm = replace(alarm, suppresses=tuple(sorted(held[alarm.name])))
        result.append(alarm)
    return result
