"""The dashboard's alarm-status and recent-errors widgets."""

from __future__ import annotations

from collections.abc import Sequence

from .._cdk import Fn, is_token
from ..alarms.factory import CreatedAlarm, CreatedComposite
from ..core.log_format import LogFormat
from .body_checks import MAX_ALARMS

# The seed's "recent errors" Logs Insights query, ERROR lines found by the application's LogFormat.
# Single quotes on purpose: the query may be a Terraform join() inside the JSON
# body, and its result is substituted into the JSON string without escaping.
RECENT_ERRORS_QUERY = "fields {fields} | filter {condition} | sort @timestamp desc | limit {limit}"


def alarm_status_widget(alarms: Sequence[CreatedAlarm | CreatedComposite], title: str) -> dict[str, object] | None:
    """The state of ``alarms`` (metric and composite alike), most recently changed first; None without any."""
    if not alarms:
        return None
    # Alarm ARNs are tokens; they resolve inside the JSON string at synth.
    return {
        "type": "alarm",
        "properties": {
            "title": title,
            "alarms": [alarm.arn for alarm in alarms[:MAX_ALARMS]],
            "sortBy": "stateUpdatedTimestamp",
        },
    }


def logs_query(log_groups: Sequence[str], limit: int, log_format: LogFormat | None = None) -> str:
    """``SOURCE 'a' | SOURCE 'b' | <the seed's error query>`` for lines in ``log_format`` (default JSON ``level``)."""
    log_format = log_format or LogFormat.json()
    fields = ", ".join(("@timestamp", "@message", *log_format.insights_fields()))
    query = RECENT_ERRORS_QUERY.format(fields=fields, condition=log_format.insights_filter(quote="'"), limit=limit)
    return source_query(log_groups, query)


def source_query(log_groups: Sequence[str], query: str) -> str:
    """``SOURCE 'a' | SOURCE 'b' | <query>``; tokens are joined, never formatted."""
    parts: list[str] = []
    for group in log_groups:
        parts += ["SOURCE '", group, "' | "]
    parts.append(query)
    if any(is_token(part) for part in parts):
        # Terraform substitutes the join's result into the JSON string unescaped:
        # only names (no quotes, no backslashes) may be joined with literal parts.
        assert not any('"' in part or "\\" in part for part in parts if not is_token(part))
        return Fn.join("", parts)
    return "".join(parts)
