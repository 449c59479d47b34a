"""The scenario catalog: one incident per resource the library monitors, each with what the responder expects.

Incidents start at minute 0 after an hour of healthy warm-up. Severity expectations apply to
stacks that grade severities (``grades_severity``: prod); the quiet scenarios and the failed
deployment apply to every stack that has the resource. RDS event IDs are those of the RDS User
Guide, "Amazon RDS event categories and event messages"
(https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html): RDS-EVENT-0006
"The DB instance restarted" (availability), RDS-EVENT-0031 "The DB instance has failed"
(failure), RDS-EVENT-0087 "The DB instance has been stopped" (notification), RDS-EVENT-0026 /
RDS-EVENT-0027 offline maintenance taking place / complete (maintenance). The failed deployment is
an "ECS Deployment State Change" with ``SERVICE_DEPLOYMENT_FAILED``, sent for services with the
deployment circuit breaker ("Amazon ECS service deployment state change events",
https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service_deployment_events.html).

Example::

    for scenario in CATALOG:
        if scenario.applies_to(stack):
            print(scenario.name, scenario.expectation.text)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from ..stacks import Stack
from .expectations import NothingAbove, PagedBy, Reaches, paged_at
from .publishing import Phase, Timeline
from .scenarios import Scenario, Target, both, grades_severity, has_metric, logs_in, watches_deployments
from .world import Event, LogLine

# (level, message) -> one log line, as the application writes it.
LineWriter = Callable[[str, str], str]

NIGHT = {"requests_per_minute": 40.0}
# Requests that need the database fail while it is down (most of this service's requests do).
DB_DOWN_ERRORS = 0.9


def json_line(level: str, message: str) -> str:
    """``{"level": "ERROR", "message": "..."}``: what a JSON filter ``{ $.level = "ERROR" }`` matches."""
    return json.dumps({"level": level, "message": message})


def text_line(level: str, message: str) -> str:
    """``2026-01-01T00:00:00Z ERROR ...``: a plain-text line with the level as a word."""
    return f"2026-01-01T00:00:00Z {level} {message}"


def incident(start: int, end: int, **changes: object) -> Timeline:
    """Healthy traffic with ``changes`` for minutes ``[start, end)``."""
    return Timeline(phases=(Phase(start, end, changes),))


def rds_events(*events: tuple[float, str]) -> Callable[[Target], tuple[Event, ...]]:
    """(minute, RDS event ID) for each database of the stack, as EventBridge delivers them."""
    def build(target: Target) -> tuple[Event, ...]:
        # rds_events is written alongside this module; it is imported only when events are built.
        from .rds_events import rds_instance_event
        return tuple(rds_instance_event(minute, database, event_id, region=target.region, account=target.account)
                     for minute, event_id in events for database in target.databases)
    return build


def deployment_failed(minute: float) -> Callable[[Target], tuple[Event, ...]]:
    """The circuit breaker's ``SERVICE_DEPLOYMENT_FAILED`` for the stack's ECS service."""
    def build(target: Target) -> tuple[Event, ...]:
        if target.service_arn is None:
            return ()
        detail = {"eventType": "ERROR", "eventName": "SERVICE_DEPLOYMENT_FAILED",
                  "deploymentId": "ecs-svc/1234567890123456789", "updatedAt": "2026-01-01T00:05:00Z",
                  "reason": "ECS deployment circuit breaker: tasks failed to start."}
        return (Event(minute, "aws.ecs", "ECS Deployment State Change", detail, (target.service_arn,)),)
    return build


def error_flood(writer: LineWriter, format_name: str, *, per_minute: int = 60, minutes: int = 20) -> Scenario:
    """``per_minute`` ERROR lines (among INFO lines) for ``minutes``, written by ``writer``.

    ``writer`` is the application's line format: the library's log-format setting can supply it.
    """
    def lines(target: Target) -> tuple[LogLine, ...]:
        def at(minute: int) -> Iterable[LogLine]:
            for group in target.log_groups:
                yield from (LogLine(minute + i / 10, group, writer("INFO", "request served")) for i in range(5))
                if 0 <= minute < minutes:
                    yield from (LogLine(minute + i / per_minute, group, writer("ERROR", "payment call failed"))
                                for i in range(per_minute))
        return tuple(line for minute in range(-60, 45) for line in at(minute))
    return Scenario(
        name=f"error log flood ({format_name})",
        description=f"The application writes {per_minute} ERROR lines a minute ({format_name}) for {minutes} minutes.",
        timeline=Timeline(), minutes=45, log_lines=lines,
        # Errors users may already feel: the P1 promise (15 minutes), not an outage.
        expectation=paged_at("P1", 10),
        applies_to=both(logs_in(format_name), grades_severity),
    )


def _graded(namespace: str, metric_name: str | None = None) -> Callable[[Stack], bool]:
    """Stacks with that alarm metric that also grade severities."""
    return both(has_metric(namespace, metric_name), grades_severity)


CATALOG: tuple[Scenario, ...] = (
    Scenario(
        "total outage", "No task runs for 30 minutes: the load balancer answers every request with a 503.",
        incident(0, 30, running_tasks=0), PagedBy("P0", 3), minutes=45,
        applies_to=_graded("ECS/ContainerInsights", "RunningTaskCount")),
    Scenario(
        "partial 5xx", "3 % of requests end in a target 5xx for 30 minutes.",
        incident(0, 30, target_5xx_share=0.03), paged_at("P1", 15), minutes=45,
        applies_to=_graded("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count")),
    Scenario(
        "latency regression", "Responses take 1.5 s on average (4.5 s at p99) for 40 minutes.",
        incident(0, 40, latency_seconds=1.5), paged_at("P2", 20),
        applies_to=_graded("AWS/ApplicationELB", "TargetResponseTime")),
    Scenario(
        # Both symptoms at once are the "service unhealthy" composite's case: one P0 page.
        "errors and latency", "5 % target 5xx and 1.5 s responses together for 30 minutes.",
        incident(0, 30, target_5xx_share=0.05, latency_seconds=1.5), PagedBy("P0", 20), minutes=45,
        applies_to=_graded("AWS/ApplicationELB")),
    Scenario(
        "low traffic at night", "40 requests a minute all night: normal for the hour.",
        Timeline(phases=(Phase(-60, 60, NIGHT, normal=True),)), NothingAbove("P3"),
        applies_to=has_metric("AWS/ApplicationELB", "RequestCount")),
    Scenario(
        # Healthy traffic, one minute of no datapoint for any metric: what treat_missing_data decides.
        "one missing datapoint", "Every metric misses one datapoint (minute 10); the service is healthy.",
        incident(10, 11, published=False), NothingAbove("P3")),
    Scenario(
        # A reboot is over in minutes and the database comes back by itself: not a wake-up.
        "database reboot", "The database reboots: 3 minutes unavailable, half the requests fail meanwhile.",
        incident(0, 3, db="rebooting", target_5xx_share=0.5), NothingAbove("P2"),
        events=rds_events((3, "RDS-EVENT-0006")), applies_to=_graded("AWS/RDS")),
    Scenario(
        "database failure", "The database fails and stays down; requests that need it fail.",
        incident(0, 60, db="failed", target_5xx_share=DB_DOWN_ERRORS), PagedBy("P0", 5),
        events=rds_events((0, "RDS-EVENT-0031")), applies_to=_graded("AWS/RDS")),
    Scenario(
        # Stopped by hand or by automation, it is an outage for users all the same.
        "database stopped", "Someone stops the database instance; requests that need it fail.",
        incident(0, 60, db="stopped", target_5xx_share=DB_DOWN_ERRORS), PagedBy("P0", 10),
        events=rds_events((0, "RDS-EVENT-0087")), applies_to=_graded("AWS/RDS")),
    Scenario(
        # Planned or not, offline maintenance makes the database unavailable (RDS-EVENT-0026, "currently
        # unavailable"): requests that need it fail, so on-call hears it, once, like any outage.
        "planned maintenance", "Offline maintenance at night: the database is unavailable for 15 minutes.",
        Timeline(phases=(Phase(-60, 60, NIGHT, normal=True),
                         Phase(0, 15, {"db": "maintenance", "target_5xx_share": DB_DOWN_ERRORS}))),
        PagedBy("P0", 5), events=rds_events((0, "RDS-EVENT-0026"), (15, "RDS-EVENT-0027")),
        applies_to=_graded("AWS/RDS")),
    Scenario(
        # Saturated tasks slow down soon: the P1 promise (15 minutes), not yet an outage.
        "cpu saturation", "The tasks run at 95 % CPU for 30 minutes; responses stay under a second.",
        incident(0, 30, cpu=95.0, latency_seconds=0.6), paged_at("P1", 15),
        minutes=45, applies_to=_graded("AWS/ECS", "CPUUtilization")),
    Scenario(
        "memory saturation", "The tasks use 92 % of their memory for 30 minutes.",
        incident(0, 30, memory=92.0), paged_at("P1", 15), minutes=45,
        applies_to=_graded("AWS/ECS", "MemoryUtilization")),
    Scenario(
        # Work is late but kept: within the hour (P2).
        "queue backlog", "Consumers stall: 5,000 messages wait, the oldest for 30 minutes.",
        incident(0, 45, queue_depth=5000.0, queue_oldest_age_seconds=1800.0),
        paged_at("P2", 30),
        applies_to=_graded("AWS/SQS", "ApproximateAgeOfOldestMessage")),
    Scenario(
        "dead letters", "Three messages land in the dead-letter queue and stay there.",
        incident(5, 60, dlq_messages=3.0), paged_at("P2", 10),
        applies_to=_graded("AWS/SQS", "ApproximateNumberOfMessagesVisible")),
    Scenario(
        # A function failing is work left undone; the service itself still answers (P2).
        "lambda errors", "Every invocation of the functions fails for 30 minutes.",
        incident(0, 30, lambda_errors=1.0), paged_at("P2", 20),
        applies_to=_graded("AWS/Lambda", "Errors")),
    Scenario(
        "lambda throttles", "Five invocations a minute are throttled for 30 minutes.",
        incident(0, 30, lambda_throttles=5.0), paged_at("P2", 15),
        applies_to=_graded("AWS/Lambda", "Throttles")),
    Scenario(
        # Evictions lower the hit rate; business hours (P3).
        "redis evictions", "The Redis primary evicts 50 keys a minute for 30 minutes.",
        incident(0, 30, redis_evictions=50.0), paged_at("P3", 10),
        applies_to=_graded("AWS/ElastiCache", "Evictions")),
    error_flood(json_line, "json"),
    error_flood(text_line, "text"),
    Scenario(
        "failed deployment", "A deployment fails and the circuit breaker rolls it back; old tasks keep serving.",
        Timeline(), Reaches(10), minutes=30, events=deployment_failed(5), applies_to=watches_deployments),
    Scenario(
        # The path that turns events into alarms breaks (the log group's resource policy is gone): without
        # the delivery alarm, rds-down and deploy-failed would stay quiet for good.
        "events cannot reach their log", "EventBridge fails to write an event into its event log at minute 10 "
        "(after its retries); the service is healthy.",
        incident(10, 11, event_delivery_failures=1.0), Reaches(15), minutes=30,
        applies_to=has_metric("AWS/Events", "FailedInvocations")),
    Scenario(
        "quiet hours", "Two hours of healthy traffic.",
        Timeline(), NothingAbove("P3"), minutes=120),
)
