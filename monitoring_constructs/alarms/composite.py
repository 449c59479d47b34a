"""ServiceHealthAlarm: one page for "the service is unhealthy" instead of one per symptom.

CloudWatch's ``actions_suppressor`` holds back the actions of the *composite* alarm
that names it, never those of a metric alarm (CloudWatch User Guide, "Composite alarm
action suppression": "Suppressor alarms prevent composite alarms from taking
actions"). So that the children stay quiet while the service is known to be
unhealthy, and still notify their own topics otherwise, each child hands its
notifications to a composite ``<child>-notify`` whose rule is just that child and
whose suppressor is ``service-unhealthy``:

    task-count-zero      (metric alarm, no actions)      --+--> service-unhealthy  (pages once)
    alb-5xx-rate-high    (metric alarm, no actions)      --+        |  suppresses
    response-time-high   (metric alarm, no actions)      --+        v
    task-count-zero-notify = ALARM(task-count-zero) -> its own topic, unless service-unhealthy is in ALARM
    ...

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
from .factory import AlarmFactory, CreatedAlarm, CreatedComposite, Suppression, summarize

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
    """Which alarms make the service unhealthy, how many together, and the suppression timing.

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

    ``composite`` is the page (None when disabled or when fewer than
    ``at_least`` of its children exist); ``notifiers`` the suppressible
    composites that now carry each child's own notification.
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: ServiceHealthAlarmProps,
                 alarms: AlarmFactory) -> None:
        super().__init__(scope, construct_id)
        health = props.health
        self.composite: CreatedComposite | None = None
        self.notifiers: list[CreatedComposite] = []
        groups = [[alarm for alarm in alarms.created if alarm.spec.key == key] for key in health.children]
        groups = [group for group in groups if group]
        if not health.enabled or len(groups) < health.at_least:
            return
        children = [alarm for group in groups for alarm in group]
        severity = health.severity or min((alarm.spec.severity for alarm in children), key=_rank)
        for child in children:
            if _rank(child.spec.severity) < _rank(severity):
                raise MonitoringConfigError(
                    "service_health.severity", severity.value,
                    f"{child.spec.severity.value} or higher: it silences its children while in ALARM, and "
                    f"{child.name} is {child.spec.severity.value}",
                )
        rule = at_least(health.at_least, [[alarm.name for alarm in group] for group in groups])
        if len(rule) > RULE_MAX:
            raise MonitoringConfigError("service_health.children", health.children,
                                        f"fewer alarms: the rule would exceed {RULE_MAX} characters")
        keys = ", ".join(group[0].spec.key for group in groups)
        self.composite = alarms.create_composite(
            self, key=KEY, severity=severity, rule=rule, depends_on=[alarm.resource for alarm in children],
            summary=f"Service unhealthy: at least {health.at_least} of {keys} are in ALARM",
        )
        suppression = Suppression(alarm=self.composite.name, wait_period=health.wait_period,
                                  extension_period=health.extension_period)
        for child in children:
            self.notifiers.append(self._hand_over(alarms, child, suppression))

    def _hand_over(self, alarms: AlarmFactory, child: CreatedAlarm, suppression: Suppression) -> CreatedComposite:
        """``<child>-notify``: the child's notification, held back while ``service-unhealthy`` pages."""
        alarms.hand_over(child)
        # The child's key and its member label if any: its name without the prefix.
        key = child.spec.key if child.member is None else f"{child.spec.key}-{child.member}"
        assert self.composite is not None
        return alarms.create_composite(
            self, key=f"{key}-notify", severity=child.spec.severity, rule=f'ALARM("{child.name}")',
            suppression=suppression, runbook_key=child.spec.key,
            depends_on=[child.resource, self.composite.resource],
            summary=f"{summarize(child.spec)} (held back while {self.composite.name} is in ALARM)",
        )


def _rank(severity: Severity) -> int:
    """P0 is 0: lower is more urgent."""
    return list(Severity).index(severity)
