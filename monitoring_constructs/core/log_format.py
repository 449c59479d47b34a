"""LogFormat: how the application writes a log line, and so how its ERROR lines are found.

A metric filter counts only the lines its pattern matches, and a JSON pattern never matches a
line that is not JSON ("Filter pattern syntax for metric filters, subscription filters, and
filter log events", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html):
``{ $.level = "ERROR" }`` over plain-text logs counts nothing, and the ERROR-line alarm shows OK
forever. So the format is a setting, and everything that looks for ERROR lines asks it: the
metric filter (``logs/error_rate.py``), the saved Logs Insights query (``logs/queries.py``) and
the incident scenarios (``sample_line``).

- ``LogFormat.json(level_field="level", error_levels=("ERROR",))`` (default): one JSON object a
  line with the level in ``level_field`` (a dotted path for a nested field, ``log.level``).
  Metric filter ``{ $.level = "ERROR" }`` (several levels joined with ``||``: "Using filter
  patterns to match terms in JSON log events",
  https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html);
  Logs Insights discovers the JSON fields, nested ones with dots ("Supported logs and discovered
  fields", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html),
  so the query filters ``level = "ERROR"`` (several joined with ``or``: "filter",
  https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Filter.html).
- ``LogFormat.text(error_token="ERROR", level_position=2)``: space-separated words with the level
  as word ``level_position`` (2: ``<timestamp> ERROR message...``; 3 for Python's default
  ``%(asctime)s %(levelname)s``, whose time has a space). Metric filter: the space-delimited
  pattern ``[timestamp, level = "ERROR", ...]``, which matches the level word exactly (a bare
  term ``ERROR`` would also count "retrying after ERROR" in an INFO line); the query filters
  ``@message`` with the same rule as a regular expression (``like /.../``, as the seed's queries).

Example::

    LogFormat.json(level_field="severity", error_levels=("ERROR", "CRITICAL")).metric_filter_pattern()
    # '{ $.severity = "ERROR" || $.severity = "CRITICAL" }'
    LogFormat.text().sample_line("ERROR", "payment failed")  # '2026-01-01T00:00:00.000Z ERROR payment failed'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from .errors import MonitoringConfigError
from .validation import require_int, require_pattern, require_tuple

JSON_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,9}$")
JSON_FIELD_TEXT = "a JSON field name, or a dotted path to a nested one (letters, digits, _; e.g. level, log.level)"
LEVEL = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
LEVEL_TEXT = "a level word: 1-32 letters, digits, _ or -"
MAX_LEVEL_POSITION = 10
SAMPLE_TIMESTAMP = "2026-01-01T00:00:00.000Z"


@dataclass(frozen=True, kw_only=True, slots=True)
class LogFormat:
    """How the application writes a log line; make one with ``LogFormat.json(...)`` or ``LogFormat.text(...)``."""

    kind: Literal["json", "text"] = "json"
    """``json``: one JSON object a line; ``text``: space-separated words."""
    level_field: str = "level"
    """JSON: the field holding the level (a dotted path for a nested one). Default ``level``."""
    error_levels: tuple[str, ...] = ("ERROR",)
    """JSON: the level values that make a line an ERROR line (case-sensitive). Default ``("ERROR",)``."""
    error_token: str = "ERROR"
    """Text: the level word of an ERROR line (case-sensitive). Default ``ERROR``."""
    level_position: int = 2
    """Text: which space-separated word is the level (1 = the first). Default 2 (after a timestamp)."""

    def __post_init__(self) -> None:
        if self.kind not in ("json", "text"):
            raise MonitoringConfigError("log_format.kind", self.kind, "json or text: use LogFormat.json() or LogFormat.text()")
        require_pattern("log_format.level_field", self.level_field, JSON_FIELD, JSON_FIELD_TEXT)
        levels = require_tuple("log_format.error_levels", self.error_levels, "level words")
        if not levels or len(set(levels)) != len(levels):
            raise MonitoringConfigError("log_format.error_levels", levels, "one or more level words, each once")
        for level in levels:
            require_pattern("log_format.error_levels", level, LEVEL, LEVEL_TEXT)
        object.__setattr__(self, "error_levels", levels)
        require_pattern("log_format.error_token", self.error_token, LEVEL, LEVEL_TEXT)
        require_int("log_format.level_position", self.level_position, 1, MAX_LEVEL_POSITION)

    @classmethod
    def json(cls, level_field: str = "level", error_levels: tuple[str, ...] = ("ERROR",)) -> LogFormat:
        """JSON lines whose ``level_field`` is one of ``error_levels`` on an ERROR line."""
        return cls(kind="json", level_field=level_field, error_levels=error_levels)

    @classmethod
    def text(cls, error_token: str = "ERROR", level_position: int = 2) -> LogFormat:
        """Plain-text lines whose word ``level_position`` is ``error_token`` on an ERROR line."""
        return cls(kind="text", error_token=error_token, level_position=level_position)

    def metric_filter_pattern(self) -> str:
        """The metric filter pattern matching exactly the ERROR lines."""
        if self.kind == "json":
            return "{ " + " || ".join(f'$.{self.level_field} = "{level}"' for level in self.error_levels) + " }"
        before = ("timestamp", *(f"field{index}" for index in range(2, self.level_position)))[: self.level_position - 1]
        return "[" + ", ".join((*before, f'level = "{self.error_token}"', "...")) + "]"

    def insights_filter(self, quote: str = '"') -> str:
        """The Logs Insights ``filter`` condition matching the same lines (``level = "ERROR"``).

        ``quote``: the string quote (``'`` where the query is joined into a JSON string
        unescaped, as the dashboard does). The text condition has no quote and no backslash.
        """
        if quote not in ('"', "'"):
            raise MonitoringConfigError("log_format.insights_filter.quote", quote, "\" or '")
        if self.kind == "json":
            return " or ".join(f"{self.level_field} = {quote}{level}{quote}" for level in self.error_levels)
        return f"@message like /^([^ ]+ +){{{self.level_position - 1}}}{self.error_token}( |$)/"

    def insights_fields(self) -> tuple[str, ...]:
        """The fields the recent-errors query shows besides ``@timestamp`` and ``@message``."""
        return (self.level_field, "error") if self.kind == "json" else ()

    def sample_line(self, level: str, message: str) -> str:
        """A line in this format at ``level`` saying ``message`` (what an incident scenario writes)."""
        require_pattern("log_format.sample_line.level", level, LEVEL, LEVEL_TEXT)
        if "\n" in message or "\r" in message:
            raise MonitoringConfigError("log_format.sample_line.message", message, "one line (no line breaks)")
        if self.kind == "text":  # the words before the level: a timestamp, then "-" placeholders
            before = (SAMPLE_TIMESTAMP, *("-",) * (self.level_position - 2))[: self.level_position - 1]
            return " ".join((*before, level, message))
        record: dict[str, Any] = {"timestamp": SAMPLE_TIMESTAMP}
        *parents, name = self.level_field.split(".")
        node = record
        for parent in parents:
            node = node.setdefault(parent, {})
        node[name] = level
        record["message"] = message
        return json.dumps(record)
