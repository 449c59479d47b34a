"""SeverityRollups: every alarm pages through one composite alarm per severity, so one incident pages once.

An alarm made by the factory has no actions of its own. It joins the *roll-up* of its
severity, ``<service>-<env>-notify-<severity>``, a composite alarm whose rule is
``ALARM("a") OR ALARM("b") OR ...`` over the alarms of that severity and which alone
notifies the topic that severity routes to. A composite alarm acts when its own state
changes, so the second and later alarms of one incident add nothing while the first is in
ALARM, and the topic hears ``OK`` once, when all of them have recovered (CloudWatch User
Guide, "Composite alarms":
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-combining.html).

Each roll-up's actions are suppressed while a more urgent roll-up is in ALARM, and a roll-up
that goes into ALARM first waits ``Paging.wait_period`` for a more urgent one: an incident
whose less urgent symptom shows first (the load balancer's 503s a minute before the
running-task count) pages once, at the more urgent severity, also where routing sends every
severity to one topic (CloudWatch API Reference, ``CompositeAlarm``, ActionsSuppressor,
WaitPeriod and ExtensionPeriod:
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_CompositeAlarm.html).
With one more urgent roll-up, that roll-up is the suppressor; with several, a composite
``<service>-<env>-notify-<severity>-held`` over them (no actions) is.

A rule names at most 100 alarms and 10,240 characters (CloudWatch API Reference,
``PutCompositeAlarm``: "as many as 100 underlying alarms"; ``AlarmRule`` length), so a
severity with more alarms gets parts ``notify-<severity>-part-<n>`` (no actions) and its
roll-up is the OR of its parts.

Example::

    rollups = SeverityRollups(topics, "Notify", identity=identity, routing=routing, topics=topics, paging=Paging())
    rollups.add("orders-prod-cpu-high", Severity.P2, cpu_alarm)
    rollups.name_for(Severity.P2)  # "orders-prod-notify-p2", notifying the topic P2 routes to
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .._cdk import CloudwatchCompositeAlarm, Construct, ITerraformDependable
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..core.paging import Paging
from ..core.routing import AlertRouting
from ..core.severity import Severity
from ..notify.topics import AlertTopics

MAX_CHILDREN = 100  # PutCompositeAlarm: "as many as 100 underlying alarms"
RULE_MAX = 10_240  # the AlarmRule length limit (aws_cloudwatch_composite_alarm.alarm_rule)


def any_of(names: list[str]) -> str:
    """``ALARM("a") OR ALARM("b")``: true while any of ``names`` is in ALARM."""
    return " OR ".join(f'ALARM("{name}")' for name in names)


def chunks(names: list[str]) -> list[list[str]]:
    """``names`` in order, cut so that no part names more than 100 alarms or exceeds the rule length."""
    parts: list[list[str]] = [[]]
    length = 0
    for name in names:
        term = len(f'ALARM("{name}")') + len(" OR ")
        if parts[-1] and (len(parts[-1]) == MAX_CHILDREN or length + term > RULE_MAX):
            parts.append([])
            length = 0
        parts[-1].append(name)
        length += term
    return parts


@dataclass
class _Rollup:
    """One severity's roll-up: its members (alarm names and resources) and the composites built for them."""

    topic: Severity  # the severity of its members (the topic it notifies is the one this routes to)
    name: str
    resource: CloudwatchCompositeAlarm
    members: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)  # the members' fqns
    parts: list[CloudwatchCompositeAlarm] = field(default_factory=list)
    suppressor: str | None = None


class SeverityRollups(Construct):
    """The roll-up composite of each severity, made when its first alarm arrives (see the module)."""

    def __init__(self, scope: Construct, construct_id: str, *, identity: ServiceIdentity, routing: AlertRouting,
                 topics: AlertTopics, paging: Paging) -> None:
        super().__init__(scope, construct_id)
        self._naming = Naming(identity)
        self._routing = routing
        self._topics = topics
        self._paging = paging
        self._rollups: dict[Severity, _Rollup] = {}
        self._held: dict[Severity, CloudwatchCompositeAlarm] = {}

    def name_for(self, severity: Severity) -> str:
        """``<service>-<env>-notify-<severity>``: the composite that pages for ``severity``'s alarms."""
        return self._naming.alarm_name(f"notify-{severity.value.lower()}")

    def add(self, alarm_name: str, severity: Severity, alarm: ITerraformDependable) -> None:
        """Page for ``alarm_name`` (of ``severity``, before routing) through its severity's roll-up."""
        rollup = self._rollups.get(severity) or self._create(severity)
        rollup.members.append(alarm_name)
        rollup.dependencies.append(_address(alarm))
        self._render(rollup)

    def _create(self, severity: Severity) -> _Rollup:
        key = f"notify-{severity.value.lower()}"
        name = self.name_for(severity)
        topic = self._routing.routed_severity(severity)
        actions = [self._topics.arns[topic], *self._routing.notifications.extra_alarm_actions]
        resource = CloudwatchCompositeAlarm(
            self, key, alarm_name=name, alarm_rule="FALSE",
            alarm_description=_description(severity, topic, self._naming.prefix),
            alarm_actions=actions, ok_actions=actions if topic.notifies_recovery else None,
            tags=self._tags(key, severity),
        )
        self._topics.admit(name, topic)
        rollup = self._rollups[severity] = _Rollup(topic=severity, name=name, resource=resource)
        for other in self._rollups.values():
            self._suppress(other)
        return rollup

    def _render(self, rollup: _Rollup) -> None:
        """The roll-up's rule over its members (through parts when they do not fit one rule)."""
        groups = chunks(rollup.members)
        if len(groups) == 1:
            rollup.resource.alarm_rule = any_of(rollup.members)
            rollup.resource.depends_on = [*rollup.dependencies, *self._suppressor_dependency(rollup)]
            return
        offset = 0
        for index, names in enumerate(groups):
            dependencies = rollup.dependencies[offset:offset + len(names)]
            offset += len(names)
            if index == len(rollup.parts):
                key = f"notify-{rollup.topic.value.lower()}-part-{index + 1}"
                rollup.parts.append(CloudwatchCompositeAlarm(
                    self, key, alarm_name=self._naming.alarm_name(key), alarm_rule=any_of(names),
                    alarm_description=f"Part {index + 1} of {rollup.name}: any of its alarms in ALARM (no actions).",
                    depends_on=[], tags=self._tags(key, rollup.topic),
                ))
            part = rollup.parts[index]
            if index >= len(groups) - 2:  # only the last parts can have changed
                part.alarm_rule = any_of(names)
                part.depends_on = dependencies
        rollup.resource.alarm_rule = any_of([self._naming.alarm_name(
            f"notify-{rollup.topic.value.lower()}-part-{n + 1}") for n in range(len(groups))])
        rollup.resource.depends_on = [_address(part) for part in rollup.parts] + self._suppressor_dependency(rollup)

    def _suppress(self, rollup: _Rollup) -> None:
        """Hold ``rollup``'s actions back while a more urgent roll-up is in ALARM."""
        more_urgent = [other for other in self._rollups.values() if _rank(other.topic) < _rank(rollup.topic)]
        more_urgent.sort(key=lambda other: _rank(other.topic))
        if not more_urgent:
            return
        if len(more_urgent) == 1:
            suppressor = more_urgent[0].name
        else:
            held = self._held.get(rollup.topic)
            key = f"notify-{rollup.topic.value.lower()}-held"
            rule = any_of([other.name for other in more_urgent])
            if held is None:
                held = self._held[rollup.topic] = CloudwatchCompositeAlarm(
                    self, key, alarm_name=self._naming.alarm_name(key), alarm_rule=rule,
                    alarm_description=f"An alarm more urgent than {rollup.topic.value} is paging: "
                                      f"{rollup.name} holds its notifications back (no actions).",
                    tags=self._tags(key, rollup.topic),
                )
            held.alarm_rule = rule
            held.depends_on = [_address(other.resource) for other in more_urgent]
            suppressor = self._held_name(rollup.topic)
        if suppressor == rollup.suppressor:
            return
        rollup.suppressor = suppressor
        rollup.resource.put_actions_suppressor(
            alarm=suppressor, wait_period=self._paging.wait_period, extension_period=self._paging.extension_period)
        if rollup.members:
            self._render(rollup)

    def _tags(self, key: str, severity: Severity) -> dict[str, str]:
        """``Severity``: the topic it notifies; ``AlarmSeverity``: its alarms' own, when routing changes it."""
        topic = self._routing.routed_severity(severity)
        own = {} if topic is severity else {"AlarmSeverity": severity.value}
        return self._naming.tags(key, "monitoring") | {"Severity": topic.value} | own

    def _held_name(self, topic: Severity) -> str:
        return self._naming.alarm_name(f"notify-{topic.value.lower()}-held")

    def _suppressor_dependency(self, rollup: _Rollup) -> list[str]:
        if rollup.suppressor is None:
            return []
        held = self._held.get(rollup.topic)
        if held is not None and rollup.suppressor == self._held_name(rollup.topic):
            return [_address(held)]
        return [_address(other.resource) for other in self._rollups.values() if other.name == rollup.suppressor]


def _description(severity: Severity, topic: Severity, prefix: str) -> str:
    """What the roll-up's notification means, as responders read it (routed like its alarms)."""
    return (f"[{topic.value} {topic.label}] A {severity.value} alarm of {prefix} is in ALARM: the notification "
            f"names the alarms that triggered it; alarms of the same incident that follow add no notification "
            f"while it is in ALARM, and it sends OK when all have recovered. Held back while a more urgent alarm "
            f"is paging. Respond {topic.response_time} ({topic.responder}).")


def _address(resource: ITerraformDependable) -> str:
    """``aws_cloudwatch_metric_alarm.<id>``: how ``depends_on`` names a resource (as the constructor's argument does)."""
    return f"{resource.terraform_resource_type}.{resource.friendly_unique_id}"  # type: ignore[attr-defined]


def _rank(severity: Severity) -> int:
    """P0 is 0: lower is more urgent."""
    return list(Severity).index(severity)


__all__ = ["SeverityRollups", "any_of", "chunks"]
