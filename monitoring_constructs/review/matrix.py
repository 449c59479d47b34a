"""``alarms.md``: per stack, one row per alarm, then its topics and who they reach.

Example::

    text = alarm_matrix([review_stack(stack) for stack in load_stacks(folder)], source="cdktf.out/stacks")
"""

from __future__ import annotations

from collections.abc import Sequence

from .markdown import count, table
from .model import StackReview

ALARM_COLUMNS = (
    "Alarm",
    "Severity",
    "Metric or expression",
    "Statistic",
    "Period × evaluations (datapoints)",
    "Condition",
    "Missing data",
    "Notifies",
    "Subscribers",
)
TOPIC_COLUMNS = ("Topic", "Subscribers", "Alarms", "Other publishers")
FLAG = "⚠"


def _stack_section(review: StackReview) -> str:
    alarms, topics = review.alarms, list(review.topics.values())
    composite = sum(alarm.kind == "composite" for alarm in alarms)
    unsubscribed = [topic for topic in topics if topic.unsubscribed]
    unheard = [alarm for alarm in alarms if alarm.unheard]
    summary = [count(len(alarms), "alarm") + (f" ({composite} composite)" if composite else ""), count(len(topics), "topic")]
    if unsubscribed:
        summary.append(f"{FLAG} {count(len(unsubscribed), 'topic')} without subscribers: " + ", ".join(t.name for t in unsubscribed))
    if unheard:
        summary.append(f"{FLAG} {count(len(unheard), 'alarm')} reaching nobody")
    parts = [f"## {review.name}\n", " · ".join(summary) + "\n"]
    if alarms:
        parts.append(table(ALARM_COLUMNS, (
            (
                f"{alarm.name} (composite)" if alarm.kind == "composite" else alarm.name,
                alarm.severity,
                alarm.metric,
                alarm.statistic,
                alarm.schedule,
                alarm.condition,
                alarm.missing_data,
                alarm.notifies,
                alarm.subscriber_text,
            )
            for alarm in alarms
        )))
    if topics:
        parts.append(f"### Topics of {review.name}\n")
        parts.append(table(TOPIC_COLUMNS, (
            (
                topic.name + ("" if topic.in_stack else " (outside this stack)"),
                f"{len(topic.subscribers)}: " + ", ".join(map(str, topic.subscribers)) if topic.subscribers
                else f"{FLAG} none" if topic.in_stack else "not visible here",
                sum(topic in alarm.topics for alarm in alarms),
                ", ".join(topic.publishers) or "—",
            )
            for topic in topics
        )))
    return "\n".join(parts)


def alarm_matrix(reviews: Sequence[StackReview], *, source: str) -> str:
    """The whole ``alarms.md`` text."""
    total = sum(len(review.alarms) for review in reviews)
    header = (
        "# Alarm matrix\n\n"
        f"{count(total, 'alarm')} in {count(len(reviews), 'stack')}, read from `{source}`. "
        "Severity is the alarm's `Severity` tag; *Notifies* lists the topic per alarm state; "
        f"subscribers are the topic's SNS subscriptions and the chat channels (AWS Chatbot) that list it. "
        f"{FLAG} marks a topic nobody is subscribed to and an alarm that reaches nobody.\n"
    )
    return "\n".join([header, *(_stack_section(review) for review in reviews)])
