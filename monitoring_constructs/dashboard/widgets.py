"""The dashboard's alarm-status and recent-errors widgets."""

from __future__ import annotations

from collections.abc import Sequence

from .._cdk import Fn, is_token
from ..alarms.factory import CreatedAlarm, CreatedComposite
from .body_checks import MAX_ALARMS

# The seed's "recent errors" Logs Insights query.
# Single quotes on purpose: the query may be a Terraform join() inside the JSON
# body, and its result is substituted into the JSON string without escaping.
RECENT_ERRORS_QUERY = "fields @timestamp, @message, level, error | filter level = 'ERROR' | sort @timestamp desc | limit {limit}"


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


def logs_query(log_groups: Sequence[str], limit: int) -> str:
    """``SOURCE 'a' | SOURCE 'b' | <the seed's error query>``."""
    return source_query(log_groups, RECENT_ERRORS_QUERY.format(limit=limit))


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
