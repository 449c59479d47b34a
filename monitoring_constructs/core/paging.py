"""How alarms become pages: one notification per incident, less urgent severities held back.

Plain data, checked on creation; ``alarms.rollups`` builds the composite alarms from it.

Every alarm of a service pages through one composite alarm per severity, its *roll-up*
``<service>-<env>-notify-<severity>``, whose rule is "any alarm of this severity is in ALARM"
and which notifies the topic the severity routes to. A composite alarm acts only when its own
state changes, so a second, third... alarm of the same incident adds no notification while
the first is still in ALARM (CloudWatch User Guide, "Composite alarms":
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-combining.html, "your team
does not get overloaded with new notifications since the composite alarm has already notified
them"). Each roll-up's actions are suppressed while a more urgent roll-up is in ALARM
(CloudWatch API Reference, ``CompositeAlarm``:
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_CompositeAlarm.html):
``wait_period`` is the longest a roll-up that goes into ALARM waits for a more urgent one to
go into ALARM too, ``extension_period`` how long it keeps quiet after that one leaves ALARM,
"after this time, the composite alarm performs its actions".

Example::

    Paging(wait_period=180, extension_period=900)
"""

from __future__ import annotations

from dataclasses import dataclass

from .validation import require_int

# A roll-up that goes into ALARM holds its page this long for a more urgent one, so the symptoms of
# one incident page once, at the most urgent severity: in a total outage the load balancer's own
# 5xx rate (P1, one 5-minute period) crosses its threshold in the first minute or two, the running
# task count (P0, 2 of 3 one-minute datapoints) in the third. Replayed (review.replay), 60 s paged
# P1 before P0; 180 s pages P0 once. It delays P1-P3 pages by 3 minutes, well inside their response
# times (15 minutes for P1).
DEFAULT_WAIT_PERIOD = 180
# After the more urgent roll-up recovers, a less urgent one still in ALARM keeps quiet this long.
# An alarm whose metric stopped can stay in ALARM on older datapoints: CloudWatch evaluates the most
# recent real datapoints of its evaluation range, which reaches back beyond its evaluation periods
# ("Configuring how CloudWatch alarms treat missing data"); replayed, the 2 x 5-minute target 5xx
# count stayed in ALARM 11 minutes after the 5xx stopped. One still in ALARM after 15 minutes is news.
DEFAULT_EXTENSION_PERIOD = 900
MAX_PERIOD = 86_400


@dataclass(frozen=True, kw_only=True, slots=True)
class Paging:
    """The roll-ups' suppression timing (seconds).

    ``wait_period`` (default 180): how long a roll-up that goes into ALARM waits for a more
    urgent roll-up to go into ALARM before it notifies. ``extension_period`` (default 900): how
    long it stays quiet after the more urgent roll-up leaves ALARM.
    """

    wait_period: int = DEFAULT_WAIT_PERIOD
    extension_period: int = DEFAULT_EXTENSION_PERIOD

    def __post_init__(self) -> None:
        require_int("paging.wait_period", self.wait_period, 0, MAX_PERIOD)
        require_int("paging.extension_period", self.extension_period, 0, MAX_PERIOD)
