"""Where each severity's alarms go: the environment's routing and the people behind each topic.

Example::

    routing = AlertRouting(severity_routing=route_all_to(Severity.P3), notifications=Notifications(
        contacts={Severity.P3: Contacts(emails=("team@example.com",))}))
    routing.routed_severity(Severity.P0)  # Severity.P3: non-prod never pages
    routing.topic_severities              # (Severity.P3,): the only topic made
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .contacts import Notifications
from .errors import MonitoringConfigError
from .severity import Severity
from .validation import require_instance, require_mapping


def identity_routing() -> Mapping[Severity, Severity]:
    """Every severity notifies its own topic (prod)."""
    return MappingProxyType({severity: severity for severity in Severity})


def route_all_to(target: Severity) -> Mapping[Severity, Severity]:
    """A routing rule that sends every severity to ``target``'s topic."""
    return MappingProxyType({severity: target for severity in Severity})


def require_severity_routing(field_name: str, routing: object) -> Mapping[Severity, Severity]:
    """A complete Severity -> Severity mapping, frozen."""
    require_mapping(field_name, routing, "Severity -> Severity")
    assert isinstance(routing, Mapping)
    missing = [s.value for s in Severity if s not in routing]
    if missing:
        raise MonitoringConfigError(field_name, dict(routing), f"an entry for every severity (missing {missing})")
    for source, target in routing.items():
        if not isinstance(source, Severity) or not isinstance(target, Severity):
            raise MonitoringConfigError(field_name, {source: target}, "Severity keys and values (P0, P1, P2, P3)")
    return MappingProxyType(dict(routing))


@dataclass(frozen=True, kw_only=True, slots=True)
class AlertRouting:
    """Which topic an alarm of each severity notifies, and who is behind each topic.

    ``severity_routing`` (default: each severity its own topic) maps an alarm's
    severity to the severity of the topic it notifies. ``notifications`` names the
    subscribers and the existing topics (``topic_arns``) used instead of the
    library's own.
    """

    severity_routing: Mapping[Severity, Severity] = field(default_factory=identity_routing)
    notifications: Notifications = field(default_factory=Notifications)

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity_routing", require_severity_routing("severity_routing", self.severity_routing))
        require_instance("notifications", self.notifications, Notifications, "a Notifications(...) value")

    def routed_severity(self, severity: Severity) -> Severity:
        """The severity whose topic an alarm of ``severity`` notifies here."""
        return self.severity_routing[severity]

    @property
    def topic_severities(self) -> tuple[Severity, ...]:
        """Severities that get a topic: every routing target, in P0..P3 order."""
        targets = set(self.severity_routing.values())
        return tuple(severity for severity in Severity if severity in targets)

    @property
    def own_topic_severities(self) -> tuple[Severity, ...]:
        """Routing targets whose topic the library creates (not an existing ``notifications.topic_arns`` one)."""
        return tuple(severity for severity in self.topic_severities if severity not in self.notifications.topic_arns)

    def text(self) -> str:
        """``routing P0->P3, P1->P3, ...`` as error messages show it."""
        return "routing " + ", ".join(f"{s.value}->{self.routed_severity(s).value}" for s in Severity)
