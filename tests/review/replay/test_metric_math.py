"""Metric math follows "Using metric math" (CloudWatch User Guide), its tables included."""

from __future__ import annotations

import pytest

from monitoring_constructs.review.replay.engine import replay
from monitoring_constructs.review.replay.metric_math import Array, Value, evaluate, parse
from monitoring_constructs.review.replay.terraform_values import ReplayError

from .handmade import Scripted, stack

METRIC1 = (30.0, 20.0, 0.0, 0.0)
METRIC2 = (20.0, None, 20.0, None)


def run(expression: str, **series: Value) -> Value:
    def no_band(name: str, width: float) -> Array:
        raise AssertionError("no band here")

    return evaluate(parse(expression, alarm="test"), lookup=series.__getitem__, band=no_band, alarm="test",
                    expression=expression)


@pytest.mark.parametrize(("expression", "expected"), [
    ("(metric1 < metric2)", (0.0, 0.0, 1.0, 0.0)),
    ("(metric1 >= 30)", (1.0, 0.0, 0.0, 0.0)),
    ("(metric1 > 15 AND metric2 > 15)", (1.0, 0.0, 0.0, 0.0)),
])
def test_comparison_and_logical_operators_treat_a_value_missing_in_one_series_as_0(expression: str, expected: tuple) -> None:
    assert run(expression, metric1=METRIC1, metric2=METRIC2) == expected


def test_if_with_three_series_follows_the_documented_table() -> None:
    series = {"metric1": (1.0, 1.0, 0.0, 0.0, None), "metric2": (30.0, None, 0.0, 0.0, 30.0),
              "metric3": (0.0, 0.0, 20.0, None, 20.0)}
    assert run("IF(metric1, metric2, metric3)", **series) == (30.0, 0.0, 20.0, None, None)
    assert run("IF(metric1, 5, metric3)", **series) == (5.0, 5.0, 20.0, None, None)
    assert run("IF(metric1, metric2, 5)", **series) == (30.0, 0.0, 5.0, 5.0, None)


def test_fill_errors_0_divided_by_requests_with_no_requests_is_missing() -> None:
    assert run("FILL(errors, 0) / requests", errors=(None, 3.0), requests=(None, 100.0)) == (None, 0.03)


def test_a_missing_point_of_one_series_counts_as_0_in_arithmetic() -> None:
    assert run("errors + requests", errors=(None, None), requests=(5.0, None)) == (5.0, None)


def test_a_division_by_zero_drops_the_point() -> None:
    assert run("100 * errors / requests", errors=(1.0, 2.0), requests=(0.0, 4.0)) == (None, 50.0)


def test_fill_repeat_and_linear_fill_from_neighbours_inside_the_range() -> None:
    assert run("FILL(m, REPEAT)", m=(None, 1.0, None, 3.0, None)) == (None, 1.0, 1.0, 3.0, 3.0)
    assert run("FILL(m, LINEAR)", m=(1.0, None, 3.0, None)) == (1.0, 2.0, 3.0, None)


def test_array_functions_work_point_by_point_and_avg_counts_missing_as_0() -> None:
    assert run("MAX([a, b])", a=(1.0, None), b=(2.0, None)) == (2.0, None)
    assert run("AVG([a, b])", a=(4.0, 2.0), b=(2.0, None)) == (3.0, 1.0)


def test_arithmetic_follows_the_usual_precedence() -> None:
    assert run("2 + 3 * 4 ^ 2 / 8 - -1") == 9.0


@pytest.mark.parametrize("expression", ["SUM(m)", "METRICS()", "RATE(m)", "m %% 2", "NOT m"])
def test_unsupported_syntax_raises_naming_the_alarm_and_the_expression(expression: str) -> None:
    with pytest.raises(ReplayError, match=r"alarm test: metric math"):
        run(expression, m=(1.0,))


def math_alarm(expression: str, **fields: object) -> dict:
    return {
        "alarm_name": "shop-error-rate", "comparison_operator": "GreaterThanThreshold", "evaluation_periods": 1,
        "threshold": 5, "treat_missing_data": "notBreaching", **fields,
        "metric_query": [
            {"id": "errors", "metric": {"namespace": "Shop", "metric_name": "Errors", "stat": "Sum", "period": 60}},
            {"id": "requests", "metric": {"namespace": "Shop", "metric_name": "Requests", "stat": "Sum", "period": 60}},
            {"id": "rate", "expression": expression, "return_data": True},
        ],
    }


def test_an_error_rate_alarm_with_a_traffic_guard_ignores_quiet_minutes() -> None:
    doc = stack(aws_cloudwatch_metric_alarm={"A": math_alarm("IF(requests >= 100, 100 * FILL(errors, 0) / requests, 0)")})
    world = Scripted(Errors=lambda m: 20.0 if m >= 0 else None, Requests=lambda m: 50.0 if m < 5 else 200.0)
    result = replay(doc, world, minutes=10)
    assert [(t.minute, t.new) for t in result.transitions] == [(6, "ALARM")]


def band_alarm(**fields: object) -> dict:
    return {
        "alarm_name": "shop-requests-low", "comparison_operator": "LessThanLowerThreshold", "evaluation_periods": 2,
        "threshold_metric_id": "band", **fields,
        "metric_query": [
            {"id": "requests", "metric": {"namespace": "Shop", "metric_name": "Requests", "stat": "Sum", "period": 300}},
            {"id": "traffic", "expression": "FILL(requests, 0)", "return_data": True},
            {"id": "band", "expression": "ANOMALY_DETECTION_BAND(traffic, 2)", "return_data": True},
        ],
    }


def test_a_band_learned_from_the_warm_up_catches_traffic_that_stops() -> None:
    doc = stack(aws_cloudwatch_metric_alarm={"A": band_alarm()})
    world = Scripted(Requests=lambda m: (100.0 + (m % 3)) if m < 0 else None)
    result = replay(doc, world, minutes=20)
    # Periods slide by a minute: [-4, 1) already lacks a minute of traffic, and 5 minutes
    # later the second of the two evaluated periods breaches too.
    assert [(t.minute, t.new) for t in result.transitions] == [(6, "ALARM")]


def test_a_band_from_the_worlds_model_uses_expected_and_deviation() -> None:
    doc = stack(aws_cloudwatch_metric_alarm={"A": band_alarm()})
    world = Scripted(models={"Requests": (100.0, 1.0)}, Requests=lambda m: 100.0 if m < 0 else 80.0)
    result = replay(doc, world, minutes=20)  # per 5 minutes: 500 expected, floor 25, band 450..550
    # [-2, 3) sums 440, the first period under 450; the one 5 minutes later makes it 2 of 2.
    assert [(t.minute, t.new) for t in result.transitions] == [(8, "ALARM")]
    assert "[450, 550]" in result.transitions[0].reason
