"""The composite "service unhealthy" alarm's settings: which alarms, and how many together.

Plain data, checked on creation; ``alarms.composite.ServiceHealthAlarm`` builds it.

Example::

    ServiceHealth(children=("task-count-zero", "alb-5xx-rate-high", "app-error-lines-high"), at_least=2)
    ServiceHealth(enabled=False)  # no composite: each symptom pages at its own severity
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import MonitoringConfigError
from .severity import Severity
from .validation import require_bool, require_int, require_one_of, require_tuple, require_unique

# No running tasks, more than 1 % of requests failing, slow responses: each alone is a
# symptom with its own severity; two of them together are an outage worth a P0 page. Slow
# responses are the p99 alarm (5 one-minute datapoints), not the 15-minute average: replayed
# (review.replay), errors with latency paged P1 at minute 10 and P0 again at 15 with the average,
# and page P0 once at minute 7 with the p99 one (the P1 page is held back for it).
DEFAULT_CHILDREN = ("task-count-zero", "alb-5xx-rate-high", "alb-response-time-p99-high")
MAX_CHILDREN = 10  # "at least k of n" is written out as AND/OR terms; this keeps the rule short


@dataclass(frozen=True, kw_only=True, slots=True)
class ServiceHealth:
    """``<service>-<env>-service-unhealthy``: pages once when ``at_least`` of ``children`` are in ALARM.

    ``children``: alarm keys (the library's or your custom alarms'); those the
    service does not have are left out, and with fewer than ``at_least`` left
    there is no composite. ``severity``: default the most urgent of the children's.
    It pages through its severity's roll-up like every alarm; while it is in ALARM the less
    urgent topics are held back (``core.paging``, which also has the timing that
    ``wait_period`` and ``extension_period`` set here before: passing them is refused).
    """

    enabled: bool = True
    children: tuple[str, ...] = DEFAULT_CHILDREN
    at_least: int = 2
    severity: Severity | None = None
    wait_period: None = None  # moved to MonitoringSettings(paging=Paging(...)): refused when set
    extension_period: None = None  # moved to MonitoringSettings(paging=Paging(...)): refused when set

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
            if getattr(self, name) is not None:
                raise MonitoringConfigError(f"service_health.{name}", getattr(self, name),
                                            f"MonitoringSettings(paging=Paging({name}=...)): the roll-ups hold "
                                            "less urgent pages back now, not the service-unhealthy composite")
