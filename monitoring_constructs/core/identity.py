"""Who a resource belongs to: service, environment, region, the name prefix and the tags.

Every construct's props carry one ``ServiceIdentity``; ``Naming(identity)`` derives the
names and tags from it. ``MonitoringSettings.identity`` is the one its fields make.

Example::

    identity = ServiceIdentity(service="orders", environment="prod", region="eu-west-1")
    identity.prefix                              # "orders-prod"
    ServiceIdentity(service="orders", environment="production-eu", region="eu-west-1",
                    name_prefix="ord-p").prefix  # "ord-p"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .validation import REGION, require_literal, require_pattern, require_tags

# Lower-case words joined by single hyphens: valid in every name derived from it
# (log groups, alarms, topics, KMS aliases, IAM roles, S3 buckets). How long a prefix
# may be is decided per generated name and its resource type (naming.py, name_rules.py).
NAME_WORD = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_WORD = "lower-case letters and digits in words joined by single hyphens, starting with a letter"
REQUIRED_TAG_KEYS = ("Service", "Environment", "ManagedBy", "Name", "Component", "Severity")


def default_prefix(service: str, environment: str) -> str:
    """``<service>-<env>``: the prefix of every generated name unless ``name_prefix`` says otherwise."""
    return f"{service}-{environment}"


@dataclass(frozen=True, kw_only=True, slots=True)
class ServiceIdentity:
    """A service in one environment and region, as its resources' names and tags show it.

    ``name_prefix`` replaces ``<service>-<environment>`` at the start of every generated
    name when that is too long for some resource type; tags keep the full ``Service``
    and ``Environment``. ``tags`` are added to every resource (the library's own keys,
    ``REQUIRED_TAG_KEYS``, cannot be overridden).
    """

    service: str
    environment: str
    region: str
    name_prefix: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        require_pattern("service", require_literal("service", self.service, _WORD), NAME_WORD, _WORD)
        require_pattern("environment", require_literal("environment", self.environment, _WORD), NAME_WORD, _WORD)
        if self.name_prefix is not None:
            require_pattern("name_prefix", require_literal("name_prefix", self.name_prefix, _WORD), NAME_WORD, _WORD)
        require_pattern("region", require_literal("region", self.region, "an AWS region"), REGION,
                        "an AWS region name like ap-northeast-2")
        object.__setattr__(self, "tags", require_tags("tags", self.tags, REQUIRED_TAG_KEYS))

    @property
    def prefix(self) -> str:
        """What every generated name starts with: ``name_prefix``, else ``<service>-<environment>``."""
        return self.name_prefix or default_prefix(self.service, self.environment)
