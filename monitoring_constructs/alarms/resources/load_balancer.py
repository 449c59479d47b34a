"""Application Load Balancer alarms: target 5xx count and rate, target response time.

"5xx > 1 %" in the seed's response table is a rate: metric math with a minimum-traffic guard.
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import AlarmSpec, GREATER, MetricMath, Target

ALARMS: tuple[AlarmSpec, ...] = (
    AlarmSpec(
        key="alb-5xx-high",
        summary="ALB targets returned more than {threshold:g} 5xx responses in 5 minutes",
        severity=Severity.P2,
        target=Target.LOAD_BALANCER,
        namespace="AWS/ApplicationELB",
        metric_name="HTTPCode_Target_5XX_Count",
        statistic="Sum",
        comparison=GREATER,
        threshold=10,
        period=300,
        evaluation_periods=2,
        # No 5xx responses means no datapoints, which is healthy.
        treat_missing_data="notBreaching",
    ),
    AlarmSpec(
        key="alb-5xx-rate-high",
        summary="More than {threshold:g}% of requests end in a target 5xx",
        severity=Severity.P1,
        target=Target.LOAD_BALANCER,
        comparison=GREATER,
        threshold=1,
        period=300,
        evaluation_periods=2,
        math=MetricMath(
            namespace="AWS/ApplicationELB",
            metrics=(
                ("errors", "HTTPCode_Target_5XX_Count", "Sum"),
                ("requests", "RequestCount", "Sum"),
            ),
            expression="IF(requests >= {min_requests}, 100 * FILL(errors, 0) / requests, 0)",
            label="Target 5xx rate (%)",
        ),
        treat_missing_data="notBreaching",
        unit_suffix="%",
    ),
    AlarmSpec(
        key="response-time-high",
        summary="ALB target response time above {threshold:g} s",
        severity=Severity.P2,
        target=Target.LOAD_BALANCER,
        namespace="AWS/ApplicationELB",
        metric_name="TargetResponseTime",
        comparison=GREATER,
        threshold=1.0,
        period=300,
        evaluation_periods=3,
        unit_suffix=" s",
    ),
)
