"""The default stacks' alarms on the datapoints an incident (or a non-incident) publishes, evaluated as CloudWatch does.

Each test replays one situation through the synthesized prod stack with the incident replay
(``review.replay``: the same evaluator ``pages.md`` uses): which alarms go into ALARM, and when.
A blip, a reboot or a missing datapoint pages nobody at P0/P1; an outage pages in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from monitoring_constructs import AlarmOverride, Severity
from monitoring_constructs.alarms.catalog import LIBRARY_ALARMS
from monitoring_constructs.alarms.spec import AlarmSpec, Target
from monitoring_constructs.core.overrides import resolve_alarm
from monitoring_constructs.review.replay.engine import replay
from monitoring_constructs.review.replay.metric_math import Array, evaluate, parse
from monitoring_constructs.review.replay.publishing import Phase, PublishedWorld, Timeline
from monitoring_constructs.review.replay.world import MetricId, Replay, World
from monitoring_constructs.review.stacks import Stack
from tests.rejections import rejected
from tests.stack_assertions import Synthesized

HEALTHY_TASKS = 2.0
DATABASE_TARGETS = (Target.RDS_INSTANCE, Target.AURORA_CLUSTER, Target.AURORA_INSTANCE)
TASKS = "fileflow-prod-task-count-zero"


@pytest.fixture(scope="module")
def prod_stack(prod: Synthesized) -> Stack:
    return Stack(name="fileflow-prod", path=Path("cdk.tf.json"), document=prod.document)


@dataclass(frozen=True)
class RunningTasks:
    """A world where only Container Insights' RunningTaskCount is published: ``tasks[minute]``, () for none."""

    tasks: dict[int, tuple[float, ...]]

    def samples(self, metric: MetricId, minute: int) -> tuple[float, ...]:
        if metric.metric_name != "RunningTaskCount":
            return ()
        return self.tasks.get(minute, (HEALTHY_TASKS,))

    def expected(self, metric: MetricId, minute: int) -> tuple[float, float] | None:
        return None


def _alarmed(result: Replay, name: str) -> list[float]:
    """The minutes ``name`` went into ALARM."""
    return [t.minute for t in result.transitions if t.alarm == name and t.new == "ALARM"]


def test_one_missing_running_task_datapoint_pages_nobody(prod_stack: Stack) -> None:
    assert _alarmed(replay(prod_stack, RunningTasks({10: ()}), minutes=30), TASKS) == []


@pytest.mark.parametrize("down", [(0.0,), ()], ids=["zero-published", "nothing-published"])
def test_no_running_task_pages_p0_within_3_minutes(prod: Synthesized, prod_stack: Stack,
                                                   down: tuple[float, ...]) -> None:
    world: World = RunningTasks({minute: down for minute in range(0, 30)})
    (first, *_) = _alarmed(replay(prod_stack, world, minutes=30), TASKS)
    assert first < 3 and prod.alarm(TASKS)["tags"]["Severity"] == "P0"


def test_the_spec_s_datapoints_to_alarm_flows_through_overrides() -> None:
    (spec,) = [s for s in LIBRARY_ALARMS if s.key == "deploy-failed"]  # 1 of 15
    assert resolve_alarm(spec, None).datapoints_to_alarm == 1  # type: ignore[union-attr]
    assert resolve_alarm(spec, AlarmOverride(datapoints_to_alarm=3)).datapoints_to_alarm == 3  # type: ignore[union-attr]
    assert resolve_alarm(spec, AlarmOverride(evaluation_periods=5)).datapoints_to_alarm == 1  # type: ignore[union-attr]
    rejected(lambda: resolve_alarm(spec, AlarmOverride(evaluation_periods=2, datapoints_to_alarm=3)),
             "alarm_overrides['deploy-failed'].datapoints_to_alarm", "3", "1 to 2")


def _no_band(name: str, width: float) -> Array:
    raise AssertionError(f"the load balancer 5xx rate has no anomaly band ({name}, {width})")


def _elb_rate(prod: Synthesized, **inputs: float | None) -> tuple[float | None, str]:
    """The load balancer 5xx rate alarm's value for one 5-minute period, and the state it puts the alarm in."""
    alarm = prod.alarm("fileflow-prod-alb-elb-5xx-rate-high")
    (expression,) = [q["expression"] for q in alarm["metric_query"] if q.get("return_data")]
    values = {"elb_errors": None, "elb_requests": None, "elb_503": None} | inputs
    (value,) = evaluate(parse(expression, alarm=alarm["alarm_name"]), lookup=lambda name: (values[name],),
                        band=_no_band, alarm=alarm["alarm_name"], expression=expression)  # type: ignore[misc]
    state = "ALARM" if value is not None and value > alarm["threshold"] else "OK"
    return value, state


def test_a_502_counted_in_requests_and_in_elb_errors_is_one_failed_request(prod: Synthesized) -> None:
    # 1000 requests reached a target; 52 of them ended in the load balancer's 502: 5.2 % failed.
    assert _elb_rate(prod, elb_requests=1000, elb_errors=52) == (5.2, "ALARM")


def test_a_503_for_want_of_a_target_counts_once_in_the_denominator(prod: Synthesized) -> None:
    # No target: RequestCount has no datapoint, every request is a 503.
    assert _elb_rate(prod, elb_errors=300, elb_503=300) == (100.0, "ALARM")
    # 940 served, 60 answered 503 without a target: 60 of 1000.
    assert _elb_rate(prod, elb_requests=940, elb_errors=60, elb_503=60) == (6.0, "ALARM")


def test_low_traffic_keeps_the_minimum_traffic_guard(prod: Synthesized) -> None:
    assert _elb_rate(prod, elb_requests=40, elb_errors=10, elb_503=10) == (0, "OK")


def test_a_routine_rds_reboot_pages_nobody_at_p0_or_p1_and_tells_them_nothing(prod: Synthesized, prod_stack: Stack) -> None:
    """RDS publishes nothing for the minutes the instance reboots ("Rebooting a DB instance"):
    here a slow one, 20 minutes, longer than every alarm's window."""
    database = [a for a in prod.resources("aws_cloudwatch_metric_alarm") if "-rds-" in a["alarm_name"]]
    urgent = {a["alarm_name"] for a in database if a["tags"]["Severity"] in ("P0", "P1")}
    assert urgent >= {"fileflow-prod-rds-cpu-very-high", "fileflow-prod-rds-connections-high",
                      "fileflow-prod-rds-free-storage-low"}
    reboot = PublishedWorld(Timeline(phases=(Phase(0, 20, {"db": "rebooting"}),)))
    result = replay(prod_stack, reboot, minutes=60)
    for alarm in database:
        name = alarm["alarm_name"]
        assert _alarmed(result, name) == [], name
        if name in urgent:  # P0/P1 also notify a return to OK: not even that
            assert [t for t in result.transitions if t.alarm == name] == [], name


@pytest.mark.parametrize("spec", [s for s in LIBRARY_ALARMS if s.target in DATABASE_TARGETS and s.severity in (Severity.P0, Severity.P1)],
                         ids=lambda s: s.key)
def test_no_p0_or_p1_database_alarm_takes_missing_data_for_an_outage(spec: AlarmSpec) -> None:
    assert spec.treat_missing_data == "notBreaching"
