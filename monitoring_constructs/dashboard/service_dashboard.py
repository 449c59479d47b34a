"""Dashboard: the service's CloudWatch dashboard, generated from what is monitored.

Every graph comes from the alarm registry (``StandardAlarms.created``): the
graphs of ``dashboard.graphs.GRAPHS`` whose alarms are there and one per other
alarm, with the dimensions the alarms use (never an account-wide aggregate,
DESIGN.md section 7.5) and each alarm's threshold as a horizontal annotation.
Then an alarm status widget and a Logs Insights widget of recent errors. The
body is checked by ``dashboard_body.validate_dashboard_body`` before it is
synthesized.

Example::

    Dashboard(stack, "Dashboard", settings=settings, props=DashboardProps(alarms=tuple(alarms.created)))
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .._cdk import CloudwatchDashboard, Construct, Fn, is_token
from ..alarms.factory import CreatedAlarm
from .body_rules import validate_dashboard_body
from .graphs import GRAPHS, metric_widgets
from .layout import place_widgets
from ..core.errors import MonitoringConfigError
from ..core.naming import Naming
from ..core.settings import MonitoringSettings
from ..core.validation import LOG_GROUP_NAME, require_int, require_pattern, require_tuple


# The seed's "recent errors" Logs Insights query.
# Single quotes on purpose: the query may be a Terraform join() inside the JSON
# body, and its result is substituted into the JSON string without escaping.
RECENT_ERRORS_QUERY = "fields @timestamp, @message, level, error | filter level = 'ERROR' | sort @timestamp desc | limit {limit}"

GRAPH_SIZE = (8, 6)
HEADER_SIZE = (24, 2)
ALARM_STATUS_SIZE = (24, 4)
LOGS_SIZE = (24, 8)


@dataclass(frozen=True, kw_only=True, slots=True)
class DashboardProps:
    """What the dashboard shows.

    ``alarms``: the registry (``StandardAlarms.created``). ``error_log_groups``:
    log group names for the recent-errors widget (tokens allowed); default:
    the service's ``error`` and ``application`` groups. ``recent_errors_limit``:
    rows in the logs widget. Each graph uses its alarms' period.
    """

    alarms: tuple[CreatedAlarm, ...]
    error_log_groups: tuple[str, ...] = ()
    recent_errors_limit: int = 100

    def __post_init__(self) -> None:
        object.__setattr__(self, "alarms", require_tuple("dashboard.alarms", self.alarms, "CreatedAlarm values"))
        for index, alarm in enumerate(self.alarms):
            if not isinstance(alarm, CreatedAlarm):
                raise MonitoringConfigError(f"dashboard.alarms[{index}]", alarm, "a CreatedAlarm from StandardAlarms.created")
        object.__setattr__(
            self, "error_log_groups", require_tuple("dashboard.error_log_groups", self.error_log_groups, "log group names")
        )
        for index, group in enumerate(self.error_log_groups):
            require_pattern(f"dashboard.error_log_groups[{index}]", group, LOG_GROUP_NAME,
                            "a log group name matching ^[0-9A-Za-z_./#-]{1,512}$ or a token")
        require_int("dashboard.recent_errors_limit", self.recent_errors_limit, 1, 10000)


def alarm_status_widget(alarms: Sequence[CreatedAlarm], title: str) -> dict[str, object] | None:
    if not alarms:
        return None
    # Alarm ARNs are tokens; they resolve inside the JSON string at synth.
    return {
        "type": "alarm",
        "properties": {
            "title": title,
            "alarms": [alarm.resource.arn for alarm in alarms[:100]],
            "sortBy": "stateUpdatedTimestamp",
        },
    }


def logs_query(log_groups: Sequence[str], limit: int) -> str:
    """``SOURCE 'a' | SOURCE 'b' | <the seed's error query>``; tokens are joined, never formatted."""
    parts: list[str] = []
    for group in log_groups:
        parts += ["SOURCE '", group, "' | "]
    parts.append(RECENT_ERRORS_QUERY.format(limit=limit))
    if any(is_token(part) for part in parts):
        # Terraform substitutes the join's result into the JSON string unescaped:
        # only names (no quotes, no backslashes) may be joined with literal parts.
        assert not any('"' in part or "\\" in part for part in parts if not is_token(part))
        return Fn.join("", parts)
    return "".join(parts)


def dashboard_body(settings: MonitoringSettings, props: DashboardProps) -> dict[str, object]:
    """The dashboard as a dict (tokens as strings), validated and laid out on the 24-column grid."""
    naming = Naming(settings)
    has_ecs_logs = settings.resources.ecs_service is not None
    log_groups = props.error_log_groups or (
        (naming.log_group("error"), naming.log_group("application")) if has_ecs_logs else ()
    )
    widgets: list[dict[str, object]] = [
        {
            "type": "text",
            "properties": {
                "markdown": (
                    f"# {naming.prefix}\n"
                    f"Service **{settings.service}** in **{settings.environment}** ({settings.region}). "
                    "Lines on graphs are alarm thresholds, colored by severity (P0 red, P1 orange, P2 olive, P3 grey)."
                ),
            },
        }
    ]
    status = alarm_status_widget(props.alarms, f"{naming.prefix} alarms")
    if status:
        widgets.append(status)
    widgets += metric_widgets(settings, props.alarms)
    if log_groups:
        widgets.append(
            {
                "type": "log",
                "properties": {
                    "title": "Recent errors",
                    "region": settings.region,
                    "query": logs_query(log_groups, props.recent_errors_limit),
                    "view": "table",
                },
            }
        )
    sizes = [_size(widget) for widget in widgets]
    for widget, (x, y), (width, height) in zip(widgets, place_widgets(sizes), sizes):
        widget.update({"x": x, "y": y, "width": width, "height": height})
    body = {"widgets": [_ordered(widget) for widget in widgets]}
    validate_dashboard_body(body)
    return body


def _size(widget: Mapping[str, object]) -> tuple[int, int]:
    return {"text": HEADER_SIZE, "alarm": ALARM_STATUS_SIZE, "log": LOGS_SIZE}.get(str(widget["type"]), GRAPH_SIZE)


def _ordered(widget: Mapping[str, object]) -> dict[str, object]:
    """type, x, y, width, height, properties: the order CloudWatch itself writes."""
    return {key: widget[key] for key in ("type", "x", "y", "width", "height", "properties")}


class Dashboard(Construct):
    """``<service>-<env>-dashboard``: status, one graph per watched metric, recent errors.

    Graphs (``dashboard.graphs.GRAPHS``): ECS CPU / memory / running tasks
    (``ClusterName`` + ``ServiceName``), ALB 5xx and 4xx, 5xx rates, response
    time, healthy targets and rejected connections (``LoadBalancer``, with
    ``TargetGroup`` for a target group's metrics), RDS and Aurora CPU, memory,
    storage, connections, latency and DB load, Redis engine CPU per member
    cluster: each only when its alarms exist, each alarm's threshold a
    horizontal line on its graph.

    Example::

        alarms = StandardAlarms(stack, "Alarms", settings=settings, topics=topics)
        board = Dashboard(stack, "Dashboard", settings=settings,
                          props=DashboardProps(alarms=tuple(alarms.created)))
        board.url
    """

    def __init__(
        self, scope: Construct, construct_id: str, *, settings: MonitoringSettings, props: DashboardProps
    ) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(settings)
        self._settings = settings
        self._props = props
        self.body = dashboard_body(settings, props)
        self.name = naming.dashboard_name()
        self.dashboard = CloudwatchDashboard(
            self,
            "Dashboard",
            dashboard_name=self.name,
            # Built in a fixed order, so the text is deterministic; token strings
            # inside (alarm ARNs) resolve to ${...} references in the JSON string.
            dashboard_body=json.dumps(self.body, separators=(",", ":")),
        )
        self.url = (
            f"https://{settings.region}.console.aws.amazon.com/cloudwatch/home"
            f"?region={settings.region}#dashboards:name={self.name}"
        )

    def show(self, alarms: tuple[CreatedAlarm, ...]) -> None:
        """Draw ``alarms`` (the whole registry, after alarms were added), validated like the first body."""
        self._props = replace(self._props, alarms=tuple(alarms))
        self.body = dashboard_body(self._settings, self._props)
        self.dashboard.dashboard_body = json.dumps(self.body, separators=(",", ":"))


__all__ = ["Dashboard", "DashboardProps", "GRAPHS", "dashboard_body"]
