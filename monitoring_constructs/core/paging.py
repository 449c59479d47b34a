"""How alarms become pages: one notification per topic per incident, less urgent topics held back.

Plain data, checked on creation; ``alarms.rollups`` builds the composite alarms from it.

Every alarm of a service notifies its topic through one composite alarm per topic, its
*roll-up* ``<service>-<env>-notify-<severity>``, whose rule is "any of this topic's alarms is
in ALARM". A composite alarm acts only when its own state changes, so a second, third...
alarm of the same incident adds no notification while the first is still in ALARM
(CloudWatch User Guide, "Composite alarms":
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-combining.html, "your team
does not get overloaded with new notifications since the composite alarm has already notified
them"). Each roll-up's actions are suppressed while a more urgent topic's roll-up is in ALARM
(CloudWatch API Reference, ``CompositeAlarm``:
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_CompositeAlarm.html):
``wait_period`` is the longest a roll-up that goes into ALARM waits for a more urgent one to
go into ALARM too, ``extension_period`` how long it keeps quiet after that one leaves ALARM,
"after this time, the composite alarm performs its actions".

Example::

    Paging(wait_period=60, extension_period=600)
"""

from __future__ import annotations

from dataclasses import dataclass

from .validation import require_int

# A roll-up that goes into ALARM holds its page this long for a more urgent one: symptoms of one
# incident that start in the same minute or the next page once, at the more urgent topic. CloudWatch
# evaluates metric alarms every minute, so less than 60 s groups nothing.
DEFAULT_WAIT_PERIOD = 60
# After the more urgent roll-up recovers, a less urgent one still in ALARM keeps quiet this long:
# the 5-minute alarms of the load balancer and the service need one or two healthy periods (up to
# 10 minutes) to leave ALARM after the incident ends; one still in ALARM after that is news.
DEFAULT_EXTENSION_PERIOD = 600
MAX_PERIOD = 86_400


@dataclass(frozen=True, kw_only=True, slots=True)
class Paging:
    """The roll-ups' suppression timing (seconds).

    ``wait_period`` (default 60): how long a roll-up that goes into ALARM waits for a more
    urgent roll-up to go into ALARM before it notifies. ``extension_period`` (default 600): how
    long it stays quiet after the more urgent roll-up leaves ALARM.
    """

    wait_period: int = DEFAULT_WAIT_PERIOD
    extension_period: int = DEFAULT_EXTENSION_PERIOD

    def __post_init__(self) -> None:
        require_int("paging.wait_period", self.wait_period, 0, MAX_PERIOD)
        require_int("paging.extension_period", self.extension_period, 0, MAX_PERIOD)
