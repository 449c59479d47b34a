"""What the review reads from one stack: its alarms, topics and dashboards."""

from __future__ import annotations

from dataclasses import dataclass

from .alarms import Alarm, Topic, read_alarms
from .dashboards import Dashboard, read_dashboards
from .stacks import Stack


@dataclass(frozen=True)
class StackReview:
    """One stack as a reviewer reads it."""

    name: str
    alarms: tuple[Alarm, ...]
    topics: dict[str, Topic]
    dashboards: tuple[Dashboard, ...]


def review_stack(stack: Stack) -> StackReview:
    """Read the alarms, topics and dashboards of ``stack``."""
    alarms, topics = read_alarms(stack)
    return StackReview(
        name=stack.name,
        alarms=tuple(alarms),
        topics=topics,
        dashboards=tuple(read_dashboards(stack, alarms)),
    )
