"""The seed's prod / non-prod rules in ONE table, and how an environment name picks its row.

Constructs read the resolved profile (``MonitoringSettings.profile``) and never
test ``env == "prod"``.

Example::

    ENVIRONMENT_PROFILES[Tier.PROD].retention.application  # 14
    tier_of("prod-eu")  # Tier.PROD
    tier_of("live")     # None: MonitoringSettings then needs an explicit tier
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType

from .routing import identity_routing, require_severity_routing, route_all_to
from .severity import Severity
from .validation import (
    RETENTION_DAYS,
    require_bool,
    require_instance,
    require_one_of,
)


class Tier(enum.Enum):
    """Which column of the environment table an environment uses."""

    PROD = "prod"
    NON_PROD = "non-prod"


LOG_LEVELS = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR")


@dataclass(frozen=True, kw_only=True, slots=True)
class LogRetention:
    """Days each log group keeps its events (CloudWatch's allowed values only)."""

    application: int
    error: int
    access: int
    db_queries: int = 7

    def __post_init__(self) -> None:
        for item in fields(self):
            require_one_of(f"retention.{item.name}", getattr(self, item.name), RETENTION_DAYS)


@dataclass(frozen=True, kw_only=True, slots=True)
class EnvironmentProfile:
    """The per-tier rules of the seed (DESIGN.md section 4).

    ``severity_routing`` maps an alarm's severity to the topic it notifies:
    non-prod sends everything to its P3 channel so it never pages anyone.
    ``keep_log_groups_on_destroy`` keeps prod logs when a stack is destroyed, and keeps
    any plan from destroying or replacing their key and the log archive (``logs/retained_data.py``).
    """

    retention: LogRetention
    log_level: str
    severity_routing: Mapping[Severity, Severity] = field(default_factory=identity_routing)
    keep_log_groups_on_destroy: bool = False

    def __post_init__(self) -> None:
        require_instance("retention", self.retention, LogRetention, "a LogRetention(...) value")
        require_one_of("log_level", self.log_level, LOG_LEVELS)
        require_bool("keep_log_groups_on_destroy", self.keep_log_groups_on_destroy)
        object.__setattr__(self, "severity_routing", require_severity_routing("severity_routing", self.severity_routing))


ENVIRONMENT_PROFILES: Mapping[Tier, EnvironmentProfile] = MappingProxyType(
    {
        Tier.PROD: EnvironmentProfile(
            retention=LogRetention(application=14, error=30, access=7, db_queries=7),
            log_level="INFO",
            keep_log_groups_on_destroy=True,
        ),
        Tier.NON_PROD: EnvironmentProfile(
            retention=LogRetention(application=7, error=14, access=3, db_queries=7),
            log_level="DEBUG",
            severity_routing=route_all_to(Severity.P3),
        ),
    }
)

# Words of an environment name that decide its tier; a name with words of both
# kinds, or of neither (``live``, ``pre-prod``, ``eu``), needs an explicit ``tier``:
# guessing wrong either pages nobody in prod or deletes prod logs on destroy.
PROD_ENVIRONMENT_WORDS = ("prod", "production", "prd")
NON_PROD_ENVIRONMENT_WORDS = (
    "dev", "development", "test", "testing", "qa", "uat", "staging", "stage", "stg",
    "sandbox", "sbx", "demo", "preview", "ci", "local", "nonprod", "pre", "preprod",
)


def tier_of(environment: str) -> Tier | None:
    """PROD or NON_PROD when the name says so clearly (``prod-eu``, ``dev``), else None (``live``)."""
    words = set(environment.split("-"))
    prod = bool(words & set(PROD_ENVIRONMENT_WORDS))
    non_prod = bool(words & set(NON_PROD_ENVIRONMENT_WORDS))
    if prod == non_prod:
        return None
    return Tier.PROD if prod else Tier.NON_PROD
