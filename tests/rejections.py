"""The one assertion of bad-input tests: rejected before synthesis, naming field, value and what is allowed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from monitoring_constructs import MonitoringConfigError


def rejected(build: Callable[[], object], field: str, value: str, allowed: str) -> None:
    """``build()`` raises ``MonitoringConfigError`` whose message starts with ``field`` and holds ``value`` and ``allowed``."""
    with pytest.raises(MonitoringConfigError) as error:
        build()
    message = str(error.value)
    assert message.startswith(f"{field}: "), message
    assert value in message, message
    assert allowed in message, message
