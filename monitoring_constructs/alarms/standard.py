"""StandardAlarms: the catalog's alarms for monitored resources, through the one factory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .._cdk import Construct
from ..core.overrides import AlarmOverride, require_alarm_overrides
from ..core.targets import MONITORED_TARGETS, MonitoredTarget, supports
from ..core.validation import require_instance, require_tuple
from .catalog import STANDARD_ALARMS
from .dimensions import dimension_sets
from .factory import AlarmFactory, CreatedAlarm

_TARGETS_TEXT = "monitored resources (" + ", ".join(f"{kind.__name__}(...)" for kind in MONITORED_TARGETS) + ")"


def alarm_keys_of(resources: Sequence[MonitoredTarget]) -> tuple[str, ...]:
    """Keys of the catalog alarms ``resources`` get, in catalog order."""
    return tuple(spec.key for spec in STANDARD_ALARMS if any(supports(resource, spec) for resource in resources))


@dataclass(frozen=True, kw_only=True, slots=True)
class StandardAlarmsProps:
    """The resources whose catalog alarms to create, and overrides for just these.

    ``resources`` (default none: add them later with ``StandardAlarms.add``) are
    monitored targets such as ``EcsServiceTarget`` or ``SqsQueueTarget``.
    ``overrides`` (default none), by alarm key, win over the factory's
    ``alarm_overrides`` for these resources; each names an alarm they have.

    Example::

        StandardAlarmsProps(resources=(EcsServiceTarget(cluster_name="main", service_name="orders"),),
                            overrides={"cpu-high": AlarmOverride(threshold=70)})
    """

    resources: tuple[MonitoredTarget, ...] = ()
    overrides: Mapping[str, AlarmOverride] = field(default_factory=dict)

    def __post_init__(self) -> None:
        resources = require_tuple("standard_alarms.resources", self.resources, _TARGETS_TEXT)
        for index, resource in enumerate(resources):
            require_instance(f"standard_alarms.resources[{index}]", resource, MONITORED_TARGETS, _TARGETS_TEXT)
        object.__setattr__(self, "resources", resources)
        object.__setattr__(self, "overrides", require_alarm_overrides(
            "standard_alarms.overrides", self.overrides, alarm_keys_of(resources)))


class StandardAlarms(Construct):
    """The catalog's alarms for each monitored resource, each with a severity.

    ECS CPU (> 80 % P2, > 85 % P1), memory (> 80 % P2, > 85 % P1), no running
    tasks (P0, Container Insights), ephemeral storage (> 80 % P2, with enhanced
    Container Insights), ALB 5xx count (> 10 P2) and 5xx rate (> 1 % P1, metric
    math with a minimum-traffic guard), response time (> 1 s P2), RDS CPU
    (> 80 % P2), AWS's recommended load balancer, RDS and Aurora alarms
    (``alarms/resources/``), per Redis member cluster engine CPU (> 75 % P3),
    memory (> 80 % P2), evictions (P3), connections (P2) and, with replicas,
    replication lag (P3), per SQS queue the oldest message's age (> 600 s P2)
    and messages in its dead-letter queue (> 0 P2), per Lambda function errors
    (> 0 P2), throttles (> 0 P2) and p99 duration (> 90 % of its timeout P3).
    An alarm whose spec ``applies_when`` the resource lacks is not created.
    Each notifies its severity's topic; P0/P1 also on recovery. ``alarms``
    is the factory that makes, routes and records them.

    Example::

        alarms = StandardAlarms(stack, "Alarms", alarms=factory, props=StandardAlarmsProps(
            resources=(EcsServiceTarget(cluster_name="main", service_name="orders"),)))
        [created.name for created in alarms.created]  # orders-prod-cpu-high, ...
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        props: StandardAlarmsProps,
        alarms: AlarmFactory,
    ) -> None:
        super().__init__(scope, construct_id)
        self.created: list[CreatedAlarm] = []
        self._create(props.resources, alarms, props.overrides)  # the props checked their overrides

    def add(
        self,
        resources: Sequence[MonitoredTarget],
        alarms: AlarmFactory,
        overrides: Mapping[str, AlarmOverride] | None = None,
    ) -> list[CreatedAlarm]:
        """The alarms of ``resources`` (added to ``created``), in catalog order; each of ``overrides``
        must name one of their alarms."""
        if overrides is not None:
            overrides = require_alarm_overrides("overrides", overrides, alarm_keys_of(resources))
        return self._create(resources, alarms, overrides)

    def _create(
        self,
        resources: Sequence[MonitoredTarget],
        alarms: AlarmFactory,
        overrides: Mapping[str, AlarmOverride] | None,
    ) -> list[CreatedAlarm]:
        made: list[CreatedAlarm] = []
        for spec in STANDARD_ALARMS:
            override = None if overrides is None else overrides.get(spec.key)
            for resource in resources:
                if not supports(resource, spec):  # not about this resource, or it lacks the spec's limit
                    continue
                # A per-resource threshold (a Lambda's timeout, a database's memory) comes from the resource itself.
                limit = getattr(resource, spec.percent_of.attribute) if spec.percent_of else None
                for label, dimensions in dimension_sets(resource, spec.target):
                    created = alarms.create(self, spec, dimensions=dimensions | dict(spec.extra_dimensions),
                                            member=label, override=override, limit=limit)
                    if created is not None:
                        made.append(created)
        self.created.extend(made)
        return made
