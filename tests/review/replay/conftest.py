"""Stand-ins for the colleagues' matcher modules while they have not landed.

``engine`` imports ``event_patterns``, ``rds_events`` and ``log_filters`` from the replay
package. Until those modules exist, minimal stand-ins (enough for these tests' patterns)
are registered under the real names; once a real module is importable it is used instead.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import types
from collections.abc import Mapping
from typing import Any

PACKAGE = "monitoring_constructs.review.replay"


def _matches(pattern: Mapping[str, Any], document: Mapping[str, Any]) -> bool:
    for key, expected in pattern.items():
        actual = document.get(key)
        if isinstance(expected, Mapping):
            if not isinstance(actual, Mapping) or not _matches(expected, actual):
                return False
        elif not (set(actual if isinstance(actual, list) else [actual]) & set(expected)):
            return False
    return True


def _subscription_matches(block: Mapping[str, Any], event: Any) -> bool:
    ids = block.get("source_ids") or []
    return event.detail.get("SourceIdentifier") in ids and bool(
        set(event.detail.get("EventCategories", [])) & set(block.get("event_categories") or [])
    )


class _JsonEquals:
    """``{ $.field = "value" }``, the only filter pattern these tests use."""

    def __init__(self, pattern: str) -> None:
        found = re.fullmatch(r'\{\s*\$\.(\w+)\s*=\s*"([^"]*)"\s*\}', pattern.strip())
        assert found, f"the test stand-in reads only {{ $.field = \"value\" }}, not {pattern!r}"
        self.field, self.wanted = found.groups()

    def matches(self, message: str) -> bool:
        try:
            return json.loads(message).get(self.field) == self.wanted
        except (ValueError, AttributeError):
            return False

    def value(self, message: str, value_spec: str) -> float | None:
        if value_spec.startswith("$."):
            found = json.loads(message).get(value_spec[2:])
            return float(found) if isinstance(found, int | float) else None
        return float(value_spec)


def _install(name: str, **functions: Any) -> None:
    full = f"{PACKAGE}.{name}"
    try:
        importlib.import_module(full)
    except ModuleNotFoundError as error:
        if error.name != full:
            raise
        module = types.ModuleType(full, "test stand-in")
        module.__dict__.update(functions)
        sys.modules[full] = module
        setattr(importlib.import_module(PACKAGE), name, module)


_install("event_patterns", matches=_matches)
_install("rds_events", subscription_matches=_subscription_matches)
_install("log_filters", parse=_JsonEquals)
