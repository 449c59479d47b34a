"""The one exception type for bad settings."""

from __future__ import annotations


class MonitoringConfigError(ValueError):
    """A setting has a value this library cannot synthesize correctly.

    Raised before any construct is created. The message names the field, the
    rejected value and what is allowed, e.g.::

        environments.prod.retention.application: 13 is not allowed;
        allowed: one of 0, 1, 3, 5, 7, 14, 30, ...
    """

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field}: {value!r} is not allowed; allowed: {allowed}")
