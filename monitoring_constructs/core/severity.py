"""Alarm severities P0-P3: the seed's alarm response table as data."""

from __future__ import annotations

import enum
from collections.abc import Mapping


class Severity(enum.Enum):
    """How urgent an alarm is; each severity has its own SNS topic and contacts.

    Example::

        Severity.P0.response_time  # "immediately"
    """

    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"

    @property
    def label(self) -> str:
        return _RESPONSE[self][0]

    @property
    def response_time(self) -> str:
        return _RESPONSE[self][1]

    @property
    def responder(self) -> str:
        return _RESPONSE[self][2]

    @property
    def notifies_recovery(self) -> bool:
        """P0 and P1 also notify when the alarm returns to OK, so responders can stand down."""
        return self in (Severity.P0, Severity.P1)


# The seed's table: severity -> (label, response time, responder).
_RESPONSE = {
    Severity.P0: ("Critical", "immediately", "On-Call Engineer"),
    Severity.P1: ("High", "within 15 minutes", "Platform Team"),
    Severity.P2: ("Medium", "within 1 hour", "Platform Team"),
    Severity.P3: ("Low", "within business hours", "Platform Team"),
}


# Threshold lines on the dashboard and its review picture, colored by severity.
SEVERITY_COLORS: Mapping[Severity, str] = {
    Severity.P0: "#d62728",
    Severity.P1: "#ff7f0e",
    Severity.P2: "#bcbd22",
    Severity.P3: "#7f7f7f",
}
