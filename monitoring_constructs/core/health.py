"""The composite "service unhealthy" alarm's settings: which alarms, how many together, and its suppression timing.

Plain data, checked on creation; ``alarms.composite.ServiceHealthAlarm`` builds it.

Example::

    ServiceHealth(children=("task-count-zero", "alb-5xx-rate-high", "app-error-lines-high"), at_least=2)
    ServiceHealth(enabled=False)  # no composite: every alarm notifies on its own
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import MonitoringConfigError
from .severity import Severity
from .validation import require_bool, require_int, require_one_of, require_tuple, require_unique

# No running tasks, more than 1 % of requests failing, slow responses: each alone is a
# symptom with its own severity; two of them together are an outage worth one page.
DEFAULT_CHILDREN = ("task-count-zero", "alb-5xx-rate-high", "response-time-high")
# AWS recommends 60 s for both ("CloudWatch evaluates metric alarms every minute", CloudWatch
# User Guide, "Composite alarm action suppression"). Wait: a child notifier holds its page
# 60 s for the composite to go into ALARM; two children crossing in the same minute page once,
# and a lone child (a P0 among them) is delayed by one minute at most. Extension: after the
# composite recovers, the children keep quiet for 300 s, one period of the 5-minute children,
# so that the last of them can see one healthy datapoint and recover without paging again;
# one still in ALARM after that pages at its own severity, which is then news.
DEFAULT_WAIT_PERIOD = 60
DEFAULT_EXTENSION_PERIOD = 300
MAX_CHILDREN = 10  # "at least k of n" is written out as AND/OR terms; this keeps the rule short


@dataclass(frozen=True, kw_only=True, slots=True)
class ServiceHealth:
    """``<service>-<env>-service-unhealthy``: pages once when ``at_least`` of ``children`` are in ALARM.

    ``children``: alarm keys (the library's or your custom alarms'); those the
    service does not have are left out, and with fewer than ``at_least`` left
    there is no composite. While the composite is in ALARM, the children's own
    notifications (each to its own topic, through a suppressible composite
    ``<child>-notify``) are held back. ``severity``: default the highest of the
    children's, and never lower (it silences them). ``wait_period`` /
    ``extension_period`` (seconds): see ``DEFAULT_WAIT_PERIOD``.
    """

    enabled: bool = True
    children: tuple[str, ...] = DEFAULT_CHILDREN
    at_least: int = 2
    severity: Severity | None = None
    wait_period: int = DEFAULT_WAIT_PERIOD
    extension_period: int = DEFAULT_EXTENSION_PERIOD

    def __post_init__(self) -> None:
        require_bool("service_health.enabled", self.enabled)
        children = require_tuple("service_health.children", self.children, "alarm keys")
        object.__setattr__(self, "children", children)
        if not 2 <= len(children) <= MAX_CHILDREN:
            raise MonitoringConfigError("service_health.children", children, f"2 to {MAX_CHILDREN} alarm keys")
        require_unique("service_health.children", [str(child) for child in children])
        require_int("service_health.at_least", self.at_least, 2, len(children))
        if self.severity is not None:
            require_one_of("service_health.severity", self.severity, tuple(Severity))
        for name in ("wait_period", "extension_period"):
            require_int(f"service_health.{name}", getattr(self, name), 0, 86_400)
