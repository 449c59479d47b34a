"""Lambda function alarms: errors, throttles, and p99 duration near the function's timeout.

Shapes (statistic, period, datapoints) follow AWS's recommended alarms,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
("AWS Lambda"), which set every threshold "greater than zero" or by the workload.
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import AlarmSpec, GREATER, PercentOfLimit, Target

ALARMS: tuple[AlarmSpec, ...] = (
    AlarmSpec(
        key="lambda-errors",
        summary="The Lambda function keeps failing: more than {threshold:g} errors in {window}, minute after minute",
        # P2 (within the hour): a count, not a rate (like alb-5xx-high); timeouts count as errors too.
        # Asynchronous and queue-driven invocations are retried, so a burst is not yet lost work.
        severity=Severity.P2,
        target=Target.LAMBDA_FUNCTION,
        namespace="AWS/Lambda",
        metric_name="Errors",
        # Recommended alarms, Lambda Errors: statistic Sum, period 60, 3 of 3 datapoints,
        # threshold "a number greater than zero ... depends on the tolerance for errors": any error.
        statistic="Sum",
        comparison=GREATER,
        threshold=0,
        period=60,
        evaluation_periods=3,
        # No invocations, no datapoints: a quiet function is healthy.
        treat_missing_data="notBreaching",
    ),
    AlarmSpec(
        key="lambda-throttles",
        summary="The Lambda function keeps being throttled: more than {threshold:g} throttles in {window}, minute after minute",
        # P2 (within the hour): concurrency is exhausted; synchronous callers get errors, queued and
        # asynchronous events wait (their age alarms follow). Capacity is changed, not paged for.
        severity=Severity.P2,
        target=Target.LAMBDA_FUNCTION,
        namespace="AWS/Lambda",
        metric_name="Throttles",
        # Recommended alarms, Lambda Throttles: statistic Sum, period 60, 5 of 5 datapoints,
        # threshold "a number greater than zero": any throttled invocation.
        statistic="Sum",
        comparison=GREATER,
        threshold=0,
        period=60,
        evaluation_periods=5,
        treat_missing_data="notBreaching",
    ),
    AlarmSpec(
        key="lambda-duration-near-timeout",
        summary="The Lambda function's p99 duration is above {threshold:g} ms, close to its timeout",
        # P3 (business hours): a warning before invocations time out; the timeouts themselves are
        # errors, which lambda-errors reports at P2.
        severity=Severity.P3,
        target=Target.LAMBDA_FUNCTION,
        namespace="AWS/Lambda",
        metric_name="Duration",
        # Recommended alarms, Lambda Duration: p90, period 60, 15 of 15 datapoints, threshold by the
        # workload and "lower than the configured function timeout". We watch p99 against 90 % of the
        # timeout: this alarm is about the slowest invocations, the ones that time out next.
        statistic="p99",
        comparison=GREATER,
        threshold=90,  # percent of LambdaFunctionTarget.timeout_seconds, in milliseconds
        percent_of=PercentOfLimit(attribute="timeout_seconds", scale=1000, unit=" ms"),
        period=60,
        evaluation_periods=15,
        treat_missing_data="notBreaching",
    ),
)
