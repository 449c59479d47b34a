"""ServiceHealthAlarm: "the service is unhealthy" when several of its symptoms are in ALARM together.

``<service>-<env>-service-unhealthy`` is in ALARM while ``at_least`` of its children are
(no running tasks, more than 1 % of requests failing, slow responses by default), and pages at
the most urgent of their severities (P0 by default). Like every alarm it pages through its
severity's roll-up (``alarms.rollups``): with P0 in ALARM, the less urgent roll-ups,
where its children page, are held back, so an incident that shows several symptoms pages P0
once instead of once per symptom.

Example::

    health = ServiceHealthAlarm(stack, "ServiceHealth", alarms=factory,
                                props=ServiceHealthAlarmProps(health=ServiceHealth(at_least=2)))
    health.composite.name  # "orders-prod-service-unhealthy", or health.composite is None
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from .._cdk import Construct
from ..core.errors import MonitoringConfigError
from ..core.health import ServiceHealth
from ..core.severity import Severity
from ..core.validation import require_instance
from .factory import AlarmFactory, CreatedComposite

KEY = "service-unhealthy"
RULE_MAX = 10_240  # the AlarmRule length limit (aws_cloudwatch_composite_alarm.alarm_rule)


def at_least(count: int, groups: Sequence[Sequence[str]]) -> str:
    """A rule true when ``count`` of ``groups`` are in ALARM (a group: the alarms of one key, any of them)."""
    terms = [_any(group) for group in groups]
    if count == len(terms):
        return " AND ".join(terms)
    return " OR ".join(f"({' AND '.join(chosen)})" for chosen in combinations(terms, count))


def _any(names: Sequence[str]) -> str:
    alarms = [f'ALARM("{name}")' for name in names]
    return alarms[0] if len(alarms) == 1 else f"({' OR '.join(alarms)})"


@dataclass(frozen=True, kw_only=True, slots=True)
class ServiceHealthAlarmProps:
    """Which alarms make the service unhealthy, and how many together.

    ``health`` (default ``ServiceHealth()``: running tasks, 5xx rate and response time,
    two together) is read against the factory's alarms (``AlarmFactory.created``).

    Example::

        ServiceHealthAlarmProps(health=ServiceHealth(children=("task-count-zero", "cpu-high"), at_least=2))
    """

    health: ServiceHealth = field(default_factory=ServiceHealth)

    def __post_init__(self) -> None:
        require_instance("service_health", self.health, ServiceHealth, "a ServiceHealth(...) value")


class ServiceHealthAlarm(Construct):
    """``<service>-<env>-service-unhealthy`` over ``props.health.children`` that ``alarms`` created.

    ``composite`` is the alarm (None when disabled or when fewer than ``at_least`` of its
    children exist).
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: ServiceHealthAlarmProps,
                 alarms: AlarmFactory) -> None:
        super().__init__(scope, construct_id)
        health = props.health
        self.composite: CreatedComposite | None = None
        groups = [[alarm for alarm in alarms.created if alarm.spec.key == key] for key in health.children]
        groups = [group for group in groups if group]
        if not health.enabled or len(groups) < health.at_least:
            return
        children = [alarm for group in groups for alarm in group]
        severity = health.severity or min((alarm.spec.severity for alarm in children), key=_rank)
        rule = at_least(health.at_least, [[alarm.name for alarm in group] for group in groups])
        if len(rule) > RULE_MAX:
            raise MonitoringConfigError("service_health.children", health.children,
                                        f"fewer alarms: the rule would exceed {RULE_MAX} characters")
        keys = ", ".join(group[0].spec.key for group in groups)
        self.composite = alarms.create_composite(
            self, key=KEY, severity=severity, rule=rule, depends_on=[alarm.resource for alarm in children],
            summary=f"Service unhealthy: at least {health.at_least} of {keys} are in ALARM",
        )


def _rank(severity: Severity) -> int:
    """P0 is 0: lower is more urgent."""
    return list(Severity).index(severity)
