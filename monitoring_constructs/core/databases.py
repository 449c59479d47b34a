"""The databases a service may have: RDS DB instances and Aurora clusters, with the sizes AWS's thresholds are shares of.

Example::

    RdsInstanceTarget(identifier="orders-db", memory_gib=16, allocated_storage_gib=100, max_connections=1700)
    AuroraClusterTarget(cluster_identifier="ledger", readers=True, label="ledger")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from ..alarms.catalog import Target
from .errors import MonitoringConfigError
from .labels import check_label
from .tokens import is_token
from .validation import require_bool, require_int, require_number, require_pattern, require_tuple, require_unique

RDS_IDENTIFIER = re.compile(r"^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$")
RDS_IDENTIFIER_TEXT = "an RDS DB instance identifier (1-63 letters, digits or single hyphens, starting with a letter)"
# The largest RDS instance classes: 24 TiB of memory (db.x2iedn/u-* classes), 64 TiB of storage.
MEMORY_GIB_MAX = 24576
STORAGE_GIB_MAX = 65536
# PostgreSQL's upper bound for max_connections (MySQL's is 100000).
MAX_CONNECTIONS_MAX = 262143
# Performance Insights. DBLoadRelativeToNumVCPUs is published by Performance Insights, and
# "only if there is load on the DB instance" ("Amazon CloudWatch metrics for Amazon RDS
# Performance Insights", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.Cloudwatch.html).
# Without Performance Insights the DB load alarm shows OK forever. The setting is declared, not
# read at plan time: the aws_db_instance data source of the pinned provider (hashicorp/aws 6.25.0)
# exposes database_insights_mode but no Performance Insights attribute (Terraform AWS provider,
# "Data Source: aws_db_instance", website/docs/d/db_instance.html.markdown), so a postcondition
# could not tell.


def _check_sizes(where: str, memory_gib: object, max_connections: object) -> None:
    """What thresholds that are a share of the database's size need (plain numbers)."""
    if memory_gib is not None:
        require_number(f"{where}.memory_gib", memory_gib, 0.5, MEMORY_GIB_MAX)
    if max_connections is not None:
        require_int(f"{where}.max_connections", max_connections, 1, MAX_CONNECTIONS_MAX)


@dataclass(frozen=True, kw_only=True, slots=True)
class RdsInstanceTarget:
    """An RDS DB instance, by identifier (``aws_db_instance.identifier``).

    CPU and read/write latency are alarmed for every instance; DB load (per vCPU)
    with ``performance_insights`` (below). AWS's thresholds for memory, storage and connections
    are shares of the instance's size, so those alarms need it: ``memory_gib`` (the
    instance class's memory), ``allocated_storage_gib`` (leave unset with storage
    autoscaling, as AWS advises) and ``max_connections`` (the parameter's value).
    ``label`` ends the alarm names when the service has several RDS instances
    (``<prefix>-rds-cpu-high-<label>``); one of them may go without.
    """

    kind: ClassVar[Target] = Target.RDS_INSTANCE

    identifier: str
    label: str | None = None
    memory_gib: float | None = None
    allocated_storage_gib: int | None = None
    max_connections: int | None = None
    performance_insights: bool = False
    """The instance has Performance Insights (or Database Insights) on: adds ``rds-db-load-high``.
    Default off: ``DBLoadRelativeToNumVCPUs`` exists only then (the Performance Insights note above)."""

    def __post_init__(self) -> None:
        require_pattern("rds_instance.identifier", self.identifier, RDS_IDENTIFIER, RDS_IDENTIFIER_TEXT)
        require_bool("rds_instance.performance_insights", self.performance_insights)
        check_label("rds_instance", self.label)
        _check_sizes("rds_instance", self.memory_gib, self.max_connections)
        if self.allocated_storage_gib is not None:
            require_int("rds_instance.allocated_storage_gib", self.allocated_storage_gib, 1, STORAGE_GIB_MAX)


@dataclass(frozen=True, kw_only=True, slots=True)
class AuroraClusterTarget:
    """An Aurora DB cluster, alarmed per instance role as AWS advises for Aurora.

    CPU, freeable memory, connections and read/write latency are watched on the
    ``WRITER`` role and, with ``readers=True``, on the ``READER`` role (``DBClusterIdentifier``
    + ``Role``: whichever instance holds the role after a failover). Set ``readers`` only for a
    cluster that keeps a reader: a role no instance holds publishes nothing, which these alarms
    read as healthy (missing data is not breaching, so that a reboot pages nobody). DB load per
    vCPU is a Performance Insights metric of each DB instance: with ``performance_insights`` it
    is alarmed for each of ``instance_identifiers``. ``memory_gib`` (the instances' class memory) and
    ``max_connections`` turn on the memory and connection alarms (leave ``memory_gib``
    unset for Aurora Serverless v2). ``label`` ends the alarm names when the service has
    several clusters.

    Example::

        AuroraClusterTarget(cluster_identifier="orders", readers=True,
                            instance_identifiers=("orders-1", "orders-2"), memory_gib=32, max_connections=3000)
    """

    kind: ClassVar[Target] = Target.AURORA_CLUSTER

    cluster_identifier: str
    readers: bool = False
    instance_identifiers: tuple[str, ...] = ()
    memory_gib: float | None = None
    max_connections: int | None = None
    label: str | None = None
    performance_insights: bool = False
    """The listed instances have Performance Insights (or Database Insights) on: adds
    ``aurora-db-load-high-<n>`` for each. Default off (the Performance Insights note above)."""

    def __post_init__(self) -> None:
        require_pattern("aurora_cluster.cluster_identifier", self.cluster_identifier, RDS_IDENTIFIER,
                        "an Aurora DB cluster identifier (1-63 letters, digits or single hyphens, starting with a letter)")
        require_bool("aurora_cluster.readers", self.readers)
        require_bool("aurora_cluster.performance_insights", self.performance_insights)
        instances = require_tuple("aurora_cluster.instance_identifiers", self.instance_identifiers, "DB instance identifiers")
        object.__setattr__(self, "instance_identifiers", instances)
        for index, instance in enumerate(instances):
            require_pattern(f"aurora_cluster.instance_identifiers[{index}]", instance, RDS_IDENTIFIER, RDS_IDENTIFIER_TEXT)
        require_unique("aurora_cluster.instance_identifiers", [i for i in instances if not is_token(i)])
        _check_sizes("aurora_cluster", self.memory_gib, self.max_connections)
        check_label("aurora_cluster", self.label)


def check_several(field: str, resources: tuple[RdsInstanceTarget, ...] | tuple[AuroraClusterTarget, ...],
                   identifier: str) -> None:
    """Several databases of one kind: each once, each alarm name told apart by a label (one may go without)."""
    require_unique(f"{field} (identifiers)", [getattr(r, identifier) for r in resources if not is_token(getattr(r, identifier))])
    labels: set[str | None] = set()
    for resource in resources:
        if resource.label in labels:
            raise MonitoringConfigError(
                f"{field}[{getattr(resource, identifier)!r}].label", resource.label,
                f"a label unique among the service's {field} (alarm names end with it; one may go without)",
            )
        labels.add(resource.label)
