"""Monitored load balancers and databases: bad input fails before synthesis, naming the field, the value and what is allowed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from monitoring_constructs import (
    AlarmOverride,
    AuroraClusterTarget,
    LoadBalancerTarget,
    MonitoredResources,
    RdsInstanceTarget,
)
from monitoring_constructs._cdk import Fn, TerraformStack, TerraformVariable
from monitoring_constructs._cdk import Testing as CdkTesting
from tests.rejections import rejected

ALB = "app/orders-alb/50dc6c495c0c9188"


@pytest.mark.parametrize(
    ("build", "field", "value", "allowed"),
    [
        # A target group is named by its ARN suffix, as CloudWatch's TargetGroup dimension.
        (lambda: LoadBalancerTarget(arn_suffix=ALB, target_group_arn_suffix=(
            "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/orders/0123456789abcdef")),
         "load_balancer.target_group_arn_suffix", "arn:aws", "targetgroup/<name>/<hex id>"),
        (lambda: LoadBalancerTarget(arn_suffix=ALB, target_group_arn_suffix=ALB),
         "load_balancer.target_group_arn_suffix", repr(ALB), "aws_lb_target_group.arn_suffix"),
        (lambda: LoadBalancerTarget(arn_suffix=ALB, target_group_arn_suffix="targetgroup/-orders/0123"),
         "load_balancer.target_group_arn_suffix", "'targetgroup/-orders/0123'", "targetgroup/<name>/<hex id>"),
        (lambda: LoadBalancerTarget(arn_suffix=ALB, target_group_arn_suffix=""),
         "load_balancer.target_group_arn_suffix", "''", "targetgroup/<name>/<hex id>"),
        # Labels end alarm names.
        (lambda: RdsInstanceTarget(identifier="orders-db", label="Orders DB"),
         "rds_instance.label", "'Orders DB'", "lower-case letters or digits in words joined by single hyphens"),
        (lambda: RdsInstanceTarget(identifier="orders-db", label="x" * 81), "rds_instance.label", "'xxx", "1-80 lower-case"),
        (lambda: AuroraClusterTarget(cluster_identifier="ledger", label="ledger-"), "aurora_cluster.label", "'ledger-'",
         "single hyphens"),
        # Sizes are plain, positive numbers: thresholds are shares of them.
        (lambda: RdsInstanceTarget(identifier="orders-db", memory_gib=0), "rds_instance.memory_gib", "0",
         "a finite number from 0.5 to 24576"),
        (lambda: RdsInstanceTarget(identifier="orders-db", memory_gib="16"), "rds_instance.memory_gib", "'16'",
         "a finite number"),
        (lambda: RdsInstanceTarget(identifier="orders-db", memory_gib=float("nan")), "rds_instance.memory_gib", "nan",
         "a finite number"),
        (lambda: RdsInstanceTarget(identifier="orders-db", allocated_storage_gib=100.5),
         "rds_instance.allocated_storage_gib", "100.5", "an integer from 1 to 65536"),
        (lambda: RdsInstanceTarget(identifier="orders-db", allocated_storage_gib=True),
         "rds_instance.allocated_storage_gib", "True", "an integer from 1 to 65536"),
        (lambda: RdsInstanceTarget(identifier="orders-db", max_connections=0), "rds_instance.max_connections", "0",
         "an integer from 1 to 262143"),
        (lambda: AuroraClusterTarget(cluster_identifier="ledger", max_connections=-5), "aurora_cluster.max_connections",
         "-5", "an integer from 1"),
        # Aurora clusters and their instances.
        (lambda: AuroraClusterTarget(cluster_identifier="1ledger"), "aurora_cluster.cluster_identifier", "'1ledger'",
         "an Aurora DB cluster identifier"),
        (lambda: AuroraClusterTarget(cluster_identifier="ledger", readers="yes"), "aurora_cluster.readers", "'yes'",
         "True or False"),
        (lambda: AuroraClusterTarget(cluster_identifier="ledger", instance_identifiers="ledger-1"),
         "aurora_cluster.instance_identifiers", "'ledger-1'", "a tuple of DB instance identifiers"),
        (lambda: AuroraClusterTarget(cluster_identifier="ledger", instance_identifiers=("ledger_1",)),
         "aurora_cluster.instance_identifiers[0]", "'ledger_1'", "an RDS DB instance identifier"),
        (lambda: AuroraClusterTarget(cluster_identifier="ledger", instance_identifiers=("ledger-1", "ledger-1")),
         "aurora_cluster.instance_identifiers", "'ledger-1'", "each value once"),
        # The service's databases: tuples of targets, each once, told apart by labels.
        (lambda: MonitoredResources(rds_instances=RdsInstanceTarget(identifier="orders-db")), "rds_instances",
         "RdsInstanceTarget(identifier='orders-db'", "a tuple of RdsInstanceTarget(...) values"),
        (lambda: MonitoredResources(rds_instances=("orders-db",)), "rds_instances[0]", "'orders-db'",
         "RdsInstanceTarget(...) values"),
        (lambda: MonitoredResources(aurora_clusters=(RdsInstanceTarget(identifier="ledger"),)), "aurora_clusters[0]",
         "RdsInstanceTarget(identifier='ledger'", "AuroraClusterTarget(...) values"),
        (lambda: MonitoredResources(shared_rds_identifier="shared-db", rds_instances=(RdsInstanceTarget(identifier="b"),)),
         "rds_instances['b'].label", "None", "a label unique among the service's rds_instances"),
        (lambda: MonitoredResources(rds_instances=(RdsInstanceTarget(identifier="a", label="x"),
                                                   RdsInstanceTarget(identifier="a", label="y"))),
         "rds_instances (identifiers)", "'a'", "each value once"),
        (lambda: MonitoredResources(aurora_clusters=(AuroraClusterTarget(cluster_identifier="a", label="x"),
                                                     AuroraClusterTarget(cluster_identifier="b", label="x"))),
         "aurora_clusters['b'].label", "'x'", "a label unique among the service's aurora_clusters"),
        # Overrides take percentiles, not any word.
        (lambda: AlarmOverride(statistic="p"), "alarm_override.statistic", "'p'", "or a percentile like p99"),
        (lambda: AlarmOverride(statistic="p101"), "alarm_override.statistic", "'p101'", "or a percentile like p99"),
    ],
)
def test_bad_load_balancer_and_database_input_is_rejected(build: Callable[[], object], field: str, value: str,
                                                          allowed: str) -> None:
    rejected(build, field, value, allowed)


def test_a_label_must_be_a_plain_string_because_it_is_part_of_alarm_names() -> None:
    stack = TerraformStack(CdkTesting.app(), "labels")
    label = TerraformVariable(stack, "label", type="string").string_value
    rejected(lambda: RdsInstanceTarget(identifier="orders-db", label=label), "rds_instance.label", "${TfToken",
             "(a plain string: it is part of alarm names)")


def test_names_of_your_own_resources_may_be_tokens() -> None:
    stack = TerraformStack(CdkTesting.app(), "tokens")
    name = TerraformVariable(stack, "name", type="string").string_value
    group = Fn.join("", ["targetgroup/", name, "/0123"])
    assert LoadBalancerTarget(arn_suffix=ALB, target_group_arn_suffix=group).target_group_arn_suffix == group
    cluster = AuroraClusterTarget(cluster_identifier=name, instance_identifiers=(name, name))
    assert cluster.instance_identifiers == (name, name)  # tokens cannot be compared before apply


@pytest.mark.parametrize("statistic", ["p99.9", "p50", "tm90", "Maximum"])
def test_overrides_take_the_statistics_cloudwatch_alarms_take(statistic: str) -> None:
    assert AlarmOverride(statistic=statistic).statistic == statistic


def test_the_smallest_instances_and_a_serverless_cluster_are_accepted() -> None:
    assert RdsInstanceTarget(identifier="tiny", memory_gib=0.5, allocated_storage_gib=20, max_connections=1).memory_gib == 0.5
    assert AuroraClusterTarget(cluster_identifier="serverless").memory_gib is None
