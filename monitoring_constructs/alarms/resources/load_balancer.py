"""Application Load Balancer alarms: the seed's target 5xx count, rate and response time, and AWS's recommended set.

"5xx > 1 %" in the seed's response table is a rate: metric math with a minimum-traffic guard.
With ``LoadBalancerTarget.target_group_arn_suffix`` the target metrics (5xx, requests,
response time, host counts) are this service's target group's (``TargetGroup`` +
``LoadBalancer``), so a shared ALB is measured per service; the load balancer's own
5xx and rejected connections exist only per load balancer (``Target.LOAD_BALANCER_OWN``),
host counts only per target group (``Target.TARGET_GROUP``).

Sources of the new numbers. CloudWatch's recommended alarms
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html)
have no Elastic Load Balancing section (nor does the console's data behind them, published
in awslabs/mcp ``cloudwatch_metrics/data/metric_metadata.json``); its ECS section alarms on
the same ALB target metrics: HTTPCode_Target_5XX_Count Sum and TargetResponseTime, period
60 s, 5 of 5 datapoints, 5xx threshold "about 5% of your average traffic", response time
"highly dependent on your use case" (#ECS). Statistics and dimensions per metric come from
"CloudWatch metrics for your Application Load Balancer"
(https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html):
HTTPCode_ELB_5XX_Count and RejectedConnectionCount are reported only when non-zero, Sum is
their most useful statistic and LoadBalancer their only per-load-balancer dimension;
RequestCount counts only requests for which the load balancer could choose a target (a 502/504 is
in it and in HTTPCode_ELB_5XX_Count, a 503 for want of a target only in the latter);
UnHealthyHostCount has TargetGroup + LoadBalancer; TargetResponseTime takes percentiles.
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import GREATER, AlarmSpec, MetricMath, Target

ELB_NAMESPACE = "AWS/ApplicationELB"

# The requests the load balancer answered, each counted once: RequestCount counts the requests
# for which it chose a target, including those a target then failed with the load balancer's
# 502 or 504 (so they are in HTTPCode_ELB_5XX_Count too); a 503 for want of a target is in
# HTTPCode_ELB_5XX_Count and HTTPCode_ELB_503_Count only ("CloudWatch metrics for your
# Application Load Balancer", RequestCount, HTTPCode_ELB_5XX_Count, HTTPCode_ELB_502/503/504_Count,
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
# Adding all of HTTPCode_ELB_5XX_Count counted every 502/504 twice and understated the rate; adding
# only the 503s counts each request once. (An HTTPCode_ELB_500_Count request may also have no target;
# the page does not say, so it stays out of the denominator: at worst the rate reads a little high.)
_ELB_ANSWERED = "(FILL(elb_requests, 0) + FILL(elb_503, 0))"

ALARMS: tuple[AlarmSpec, ...] = (
    AlarmSpec(
        key="alb-5xx-high",
        summary="ALB targets returned more than {threshold:g} 5xx responses in 5 minutes",
        severity=Severity.P2,
        target=Target.LOAD_BALANCER,
        namespace=ELB_NAMESPACE,
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
            namespace=ELB_NAMESPACE,
            metrics=(
                ("errors", "HTTPCode_Target_5XX_Count", "Sum"),
                ("requests", "RequestCount", "Sum"),
            ),
            expression="IF(requests >= {min_requests}, 100 * FILL(errors, 0) / requests, 0)",
            label="Target 5xx rate (%)",
            # The minimum-traffic guard only matters for alarming; the graph shows the plain rate.
            graph_expression="100 * FILL(errors, 0) / requests",
        ),
        treat_missing_data="notBreaching",
        unit_suffix="%",
    ),
    AlarmSpec(
        key="response-time-high",
        summary="ALB target response time above {threshold:g} s",
        severity=Severity.P2,
        target=Target.LOAD_BALANCER,
        namespace=ELB_NAMESPACE,
        metric_name="TargetResponseTime",
        comparison=GREATER,
        threshold=1.0,
        period=300,
        evaluation_periods=3,
        unit_suffix=" s",
    ),
    # P1: the load balancer itself answers 502/503/504 (no healthy target, target timeouts or
    # connection errors): users get errors the service never saw; the response table pages P1
    # from 1 % of failed requests.
    AlarmSpec(
        key="alb-elb-5xx-rate-high",
        summary="The load balancer itself answered more than {threshold:g}% of requests with a 5xx",
        severity=Severity.P1,
        target=Target.LOAD_BALANCER_OWN,
        comparison=GREATER,
        threshold=5,  # AWS recommended alarms #ECS, HTTPCode_Target_5XX_Count: "about 5% of your average traffic"
        # One 5-minute period: the window of AWS's 60 s x 5 datapoints, with the seed's
        # minimum-traffic guard counted per 5 minutes like the target 5xx rate's.
        period=300,
        evaluation_periods=1,
        math=MetricMath(
            namespace=ELB_NAMESPACE,
            metrics=(
                ("elb_errors", "HTTPCode_ELB_5XX_Count", "Sum"),  # Sum: its most useful statistic (ALB metrics page)
                ("elb_requests", "RequestCount", "Sum"),
                ("elb_503", "HTTPCode_ELB_503_Count", "Sum"),  # Sum: its only meaningful statistic (ALB metrics page)
            ),
            expression=f"IF({_ELB_ANSWERED} >= {{min_requests}}, 100 * FILL(elb_errors, 0) / {_ELB_ANSWERED}, 0)",
            label="Load balancer 5xx rate (%)",
            result_id="elb_rate",
            graph_expression=f"100 * FILL(elb_errors, 0) / {_ELB_ANSWERED}",
        ),
        treat_missing_data="notBreaching",  # no requests, no datapoints (ALB metrics page)
        unit_suffix="%",
    ),
    # P2: the load balancer routes around an unhealthy target and ECS replaces it; capacity is
    # down, users are not yet hurt (no healthy target at all shows as load balancer 5xx, P1).
    AlarmSpec(
        key="alb-unhealthy-hosts",
        summary="More than {threshold:g} targets of the service's target group fail health checks",
        severity=Severity.P2,
        target=Target.TARGET_GROUP,  # UnHealthyHostCount exists per TargetGroup + LoadBalancer only
        namespace=ELB_NAMESPACE,
        metric_name="UnHealthyHostCount",
        statistic="Maximum",  # Average, Minimum and Maximum are the useful statistics (ALB metrics page)
        comparison=GREATER,
        threshold=0,
        period=60,  # AWS recommended alarms #ECS (target metrics): period 60 s, 5 of 5 datapoints
        evaluation_periods=5,
        treat_missing_data="notBreaching",
    ),
    # P2: the slowest 1 % of requests is slow; like the seed's response time (P2), the service
    # still answers.
    AlarmSpec(
        key="alb-response-time-p99-high",
        summary="ALB target response time p99 above {threshold:g} s",
        severity=Severity.P2,
        target=Target.LOAD_BALANCER,
        namespace=ELB_NAMESPACE,
        metric_name="TargetResponseTime",
        statistic="p99",  # an extended statistic: percentiles are meaningful (ALB metrics page)
        comparison=GREATER,
        # AWS recommended alarms #ECS, TargetResponseTime: "highly dependent on your use case";
        # twice the seed's 1 s average, a common tail-to-mean ratio for web requests.
        threshold=2.0,
        period=60,  # AWS recommended alarms #ECS, TargetResponseTime: period 60 s, 5 of 5 datapoints
        evaluation_periods=5,
        treat_missing_data="notBreaching",  # no requests, no datapoints (ALB metrics page)
        unit_suffix=" s",
    ),
    # P1: clients are refused at the door because the load balancer reached its connection limit.
    AlarmSpec(
        key="alb-rejected-connections",
        summary="The load balancer rejected more than {threshold:g} connections a minute",
        severity=Severity.P1,
        target=Target.LOAD_BALANCER_OWN,
        namespace=ELB_NAMESPACE,
        metric_name="RejectedConnectionCount",
        statistic="Sum",  # its most useful statistic (ALB metrics page)
        comparison=GREATER,
        threshold=0,  # a refused client is a failed request; the metric is reported only when non-zero
        period=60,  # AWS recommended alarms #ECS (ALB metrics): period 60 s, 5 of 5 datapoints
        evaluation_periods=5,
        treat_missing_data="notBreaching",
    ),
)
