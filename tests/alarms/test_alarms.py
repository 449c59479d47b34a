"""Standard alarms, in the seed's words (thresholds, periods, statistics) with its bugs fixed."""

from __future__ import annotations

import pytest

from monitoring_constructs import (
    AlarmFactoryProps,
    AlarmOverride,
    AlertRouting,
    AlertTopicsProps,
    Contacts,
    CreatedAlarm,
    CustomAlarm,
    Metric,
    Notifications,
    Severity,
    SqsQueueTarget,
    StandardAlarms,
    StandardAlarmsProps,
    route_all_to,
)
from monitoring_constructs._cdk import TerraformStack
from tests.alarms.service import ORDERS, topics_and_factory
from tests.rejections import rejected
from tests.stack_assertions import Synthesized, synth_construct

MAIL = Contacts(emails=("team@example.com",))

# name suffix: (namespace, metric, statistic, comparison, threshold, period, evaluation periods)
SEED_ALARMS = {
    "cpu-high": ("AWS/ECS", "CPUUtilization", "Average", "GreaterThanThreshold", 80, 300, 2),
    "memory-high": ("AWS/ECS", "MemoryUtilization", "Average", "GreaterThanThreshold", 85, 300, 2),
    # 1 of 1 in the seed; 2 of 3 here, so one missing datapoint pages nobody (test_alarm_semantics.py).
    "task-count-zero": ("ECS/ContainerInsights", "RunningTaskCount", "Average", "LessThanThreshold", 1, 60, 2),
    "alb-5xx-high": ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", "GreaterThanThreshold", 10, 300, 2),
    "response-time-high": ("AWS/ApplicationELB", "TargetResponseTime", "Average", "GreaterThanThreshold", 1, 300, 3),
    "rds-cpu-high": ("AWS/RDS", "CPUUtilization", "Average", "GreaterThanThreshold", 80, 300, 2),
}


@pytest.mark.parametrize("suffix", sorted(SEED_ALARMS))
def test_seed_alarms_keep_their_metric_threshold_period_and_statistic(prod: Synthesized, suffix: str) -> None:
    alarm = prod.alarm(f"fileflow-prod-{suffix}")
    namespace, metric, statistic, comparison, threshold, period, evaluations = SEED_ALARMS[suffix]
    watched = _watched(alarm)
    assert (
        watched["namespace"], watched["metric_name"], watched.get("statistic", watched.get("stat")),
        alarm["comparison_operator"], alarm["threshold"], watched["period"], alarm["evaluation_periods"],
    ) == (namespace, metric, statistic, comparison, threshold, period, evaluations)


def _watched(alarm: dict) -> dict:
    """The metric an alarm watches: its own, or the input of its metric math (task-count-zero's FILL)."""
    queries = [q["metric"] for q in alarm.get("metric_query", []) if "metric" in q]
    return queries[0] if queries else alarm


def test_ecs_alarms_watch_this_cluster_and_service(prod: Synthesized) -> None:
    for suffix in ("cpu-high", "cpu-very-high", "memory-elevated", "memory-high", "task-count-zero"):
        assert _watched(prod.alarm(f"fileflow-prod-{suffix}"))["dimensions"] == {
            "ClusterName": "fileflow-prod-cluster",
            "ServiceName": "fileflow-prod-service",
        }


def test_no_running_tasks_comes_from_container_insights_and_missing_data_breaches(prod: Synthesized) -> None:
    alarm = prod.alarm("fileflow-prod-task-count-zero")
    assert _watched(alarm)["namespace"] == "ECS/ContainerInsights"
    # No datapoint is a 0 (FILL), and should FILL return nothing, missing data breaches all the same.
    (running,) = [q for q in alarm["metric_query"] if q.get("return_data")]
    assert running["expression"] == "FILL(tasks, 0)"
    assert alarm["treat_missing_data"] == "breaching"


def test_cpu_and_memory_alarm_at_both_tiers_of_the_response_table(prod: Synthesized) -> None:
    tiers = {
        name: (prod.alarm(f"fileflow-prod-{name}")["threshold"], prod.alarm(f"fileflow-prod-{name}")["tags"]["Severity"])
        for name in ("cpu-high", "cpu-very-high", "memory-elevated", "memory-high")
    }
    assert tiers == {
        "cpu-high": (80, "P2"),
        "cpu-very-high": (85, "P1"),
        "memory-elevated": (80, "P2"),
        "memory-high": (85, "P1"),
    }


def test_alb_alarms_watch_the_service_target_group_of_the_load_balancer_found_by_name(prod: Synthesized) -> None:
    (lb_id,) = prod.document["data"]["aws_lb"]
    (group_id,) = prod.document["data"]["aws_lb_target_group"]
    assert prod.document["data"]["aws_lb"][lb_id]["name"] == "fileflow-prod-alb"
    assert prod.document["data"]["aws_lb_target_group"][group_id]["name"] == "fileflow-prod-tg"
    load_balancer = {"LoadBalancer": f"${{data.aws_lb.{lb_id}.arn_suffix}}"}
    target_group = load_balancer | {"TargetGroup": f"${{data.aws_lb_target_group.{group_id}.arn_suffix}}"}
    for suffix in ("alb-5xx-high", "response-time-high", "alb-response-time-p99-high", "alb-unhealthy-hosts"):
        assert prod.alarm(f"fileflow-prod-{suffix}")["dimensions"] == target_group, suffix
    assert {q["id"]: q["metric"]["dimensions"] for q in prod.alarm("fileflow-prod-alb-5xx-rate-high")["metric_query"]
            if "metric" in q} == {"errors": target_group, "requests": target_group}
    # The load balancer's own 5xx and rejected connections exist per load balancer only.
    assert prod.alarm("fileflow-prod-alb-rejected-connections")["dimensions"] == load_balancer
    assert {q["id"]: q["metric"]["dimensions"] for q in prod.alarm("fileflow-prod-alb-elb-5xx-rate-high")["metric_query"]
            if "metric" in q} == {"elb_errors": load_balancer, "elb_requests": load_balancer, "elb_503": load_balancer}


def test_5xx_over_1_percent_is_a_rate_by_metric_math_with_a_minimum_traffic_guard(prod: Synthesized) -> None:
    alarm = prod.alarm("fileflow-prod-alb-5xx-rate-high")
    queries = {query["id"]: query for query in alarm["metric_query"]}
    assert queries["errors"]["metric"]["metric_name"] == "HTTPCode_Target_5XX_Count"
    assert queries["requests"]["metric"]["metric_name"] == "RequestCount"
    assert {queries[i]["metric"]["stat"] for i in ("errors", "requests")} == {"Sum"}
    assert queries["rate"]["expression"] == "IF(requests >= 100, 100 * FILL(errors, 0) / requests, 0)"
    assert queries["rate"]["return_data"] is True
    assert (alarm["threshold"], alarm["comparison_operator"]) == (1, "GreaterThanThreshold")
    assert alarm["tags"]["Severity"] == "P1"
    assert "metric_name" not in alarm


def test_redis_is_alarmed_per_member_cluster_on_engine_cpu(prod: Synthesized, dev: Synthesized) -> None:
    prod_members = [prod.alarm(f"fileflow-prod-redis-cpu-high-{n}")["dimensions"] for n in (1, 2)]
    assert prod_members == [{"CacheClusterId": "fileflow-prod-redis-001"}, {"CacheClusterId": "fileflow-prod-redis-002"}]
    alarm = dev.alarm("fileflow-dev-redis-cpu-high-1")
    assert (alarm["namespace"], alarm["metric_name"], alarm["threshold"]) == (
        "AWS/ElastiCache", "EngineCPUUtilization", 75,
    )
    assert not any("ReplicationGroupId" in a.get("dimensions", {}) for a in dev.resources("aws_cloudwatch_metric_alarm"))


def test_no_shared_rds_no_rds_alarm(dev: Synthesized, staging: Synthesized) -> None:
    assert not any("rds" in name for name in dev.alarm_names() | staging.alarm_names())


def test_shared_rds_alarm_watches_the_shared_instance(prod: Synthesized) -> None:
    assert prod.alarm("fileflow-prod-rds-cpu-high")["dimensions"] == {"DBInstanceIdentifier": "shared-postgres-prod"}


def _topic_ids_by_severity(stack: Synthesized) -> dict[str, str]:
    return {
        topic["tags"]["Name"].rsplit("-", 1)[1].upper(): topic_id
        for topic_id, topic in stack.document["resource"]["aws_sns_topic"].items()
    }


def test_prod_alarms_notify_the_topic_of_their_severity(prod: Synthesized) -> None:
    topics = _topic_ids_by_severity(prod)
    assert set(topics) == {"P0", "P1", "P2", "P3"}
    for alarm in prod.paging_alarms():
        severity = alarm["tags"]["Severity"]
        assert prod.notifier_of(alarm)["alarm_actions"] == [f"${{aws_sns_topic.{topics[severity]}.arn}}"], alarm["alarm_name"]


def test_non_prod_never_pages_everything_goes_to_its_p3_channel(dev: Synthesized, staging: Synthesized) -> None:
    for stack in (dev, staging):
        topics = _topic_ids_by_severity(stack)
        assert list(topics) == ["P3"]
        for alarm in stack.paging_alarms():
            notifier = stack.notifier_of(alarm)
            assert notifier["alarm_actions"] == [f"${{aws_sns_topic.{topics['P3']}.arn}}"]
            assert alarm["tags"]["Severity"] == notifier["tags"]["Severity"] == "P3"
            assert "ok_actions" not in notifier


def test_p0_and_p1_alarms_also_notify_recovery_and_others_do_not(prod: Synthesized) -> None:
    for alarm in prod.paging_alarms():
        notifier = prod.notifier_of(alarm)
        if alarm["tags"]["Severity"] in ("P0", "P1"):
            assert notifier["ok_actions"] == notifier["alarm_actions"], alarm["alarm_name"]
        else:
            assert "ok_actions" not in notifier, alarm["alarm_name"]


def test_task_count_zero_is_p0_and_says_respond_immediately_with_a_runbook(prod: Synthesized) -> None:
    description = prod.alarm("fileflow-prod-task-count-zero")["alarm_description"]
    assert description.startswith("[P0 Critical] No running ECS tasks")
    assert "Respond immediately (On-Call Engineer)" in description
    assert description.endswith("Runbook: https://runbooks.example.com/fileflow/task-count-zero")


def test_every_alarm_is_named_with_the_service_prefix(stacks: dict[str, Synthesized]) -> None:
    for name, stack in stacks.items():
        assert stack.alarm_names(), name
        assert all(alarm.startswith(f"{name}-") for alarm in stack.alarm_names())


def test_standard_alarms_work_alone_from_their_props_no_monitoring_settings() -> None:
    queue = SqsQueueTarget(queue_name="orders-jobs", dead_letter_queue_name="orders-jobs-dlq", label="jobs")

    def build(stack: TerraformStack) -> None:
        _, factory = topics_and_factory(stack, alarm_overrides={"sqs-oldest-message-age": AlarmOverride(threshold=900)})
        StandardAlarms(stack, "Alarms", alarms=factory, props=StandardAlarmsProps(resources=(queue,)))

    alarm = synth_construct(build).alarm("orders-prod-sqs-oldest-message-age-jobs")
    assert (alarm["dimensions"], alarm["threshold"]) == ({"QueueName": "orders-jobs"}, 900)


def test_the_alarm_factory_works_alone_from_its_props_no_monitoring_settings() -> None:
    made: list[CreatedAlarm] = []

    def build(stack: TerraformStack) -> None:
        topics, factory = topics_and_factory(stack, routing=AlertRouting(
            severity_routing=route_all_to(Severity.P3), notifications=Notifications(contacts={Severity.P3: MAIL})))
        spec = CustomAlarm(key="checkout-failures-high", summary="Checkout failures", severity=Severity.P1,
                           metric=Metric(namespace="Orders", metric_name="CheckoutFailed", statistic="Sum"), threshold=5)
        made.append(factory.create(stack, spec.spec(), dimensions={}))
        assert list(topics.topics) == [Severity.P3]  # non-prod routing: one topic, no page

    alarm = synth_construct(build).alarm("orders-prod-checkout-failures-high")
    assert alarm["tags"]["Severity"] == "P3" and made[0].severity is Severity.P3


@pytest.mark.parametrize(
    ("build", "field", "value", "allowed"),
    [
        (lambda: AlarmFactoryProps(identity=ORDERS, routing=AlertRouting(), alarm_overrides={"cpu-hgih": AlarmOverride()}),
         "alarm_factory.alarm_overrides", "'cpu-hgih'", "one of"),
        (lambda: AlarmFactoryProps(identity=ORDERS, routing=AlertRouting(), error_rate_min_requests=0),
         "alarm_factory.error_rate_min_requests", "0", "1"),
        (lambda: StandardAlarmsProps(resources=("orders-jobs",)), "standard_alarms.resources[0]", "'orders-jobs'",
         "SqsQueueTarget(...)"),
        (lambda: StandardAlarmsProps(overrides={"app-error-lines-high": AlarmOverride()}), "standard_alarms.overrides",
         "'app-error-lines-high'", "one of"),
        (lambda: StandardAlarmsProps(resources=(SqsQueueTarget(queue_name="jobs"),),
                                     overrides={"cpu-high": AlarmOverride(threshold=70)}),
         "standard_alarms.overrides", "'cpu-high'", "one of sqs-oldest-message-age"),
        (lambda: AlertTopicsProps(identity=ORDERS, routing=AlertRouting(), kms_key_arn="alias/monitoring"),
         "alert_topics.kms_key_arn", "'alias/monitoring'", "a KMS key ARN"),
    ],
)
def test_bad_alarm_and_topic_props_name_the_field_value_and_what_is_allowed(build, field, value, allowed) -> None:
    rejected(build, field, value, allowed)
