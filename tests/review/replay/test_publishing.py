"""What AWS publishes during an incident, rule by rule (each rule's AWS page is in publishing's docstring)."""

from __future__ import annotations

from monitoring_constructs.review.replay.publishing import TAIL, Phase, PublishedWorld, ServiceState, Timeline
from monitoring_constructs.review.replay.world import MetricId

LB = {"LoadBalancer": "app/fileflow-prod-alb/1"}
TG = {**LB, "TargetGroup": "targetgroup/fileflow/2"}
ECS = {"ClusterName": "c", "ServiceName": "s"}
DB = {"DBInstanceIdentifier": "shared-postgres-prod"}


def alb(name: str, dimensions: dict[str, str] = TG) -> MetricId:
    return MetricId.of("AWS/ApplicationELB", name, dimensions)


def world(**changes: object) -> PublishedWorld:
    """A world in which ``changes`` hold for minutes 0-29."""
    return PublishedWorld(Timeline(phases=(Phase(0, 30, changes),)))


def test_with_no_running_task_the_load_balancers_503s_appear_in_elb_5xx_and_target_response_time_has_no_data() -> None:
    outage = world(running_tasks=0)
    assert outage.samples(alb("HTTPCode_ELB_5XX_Count", LB), 5) == (600.0,)
    assert outage.samples(alb("HTTPCode_ELB_503_Count", LB), 5) == (600.0,)
    assert outage.samples(alb("TargetResponseTime"), 5) == ()
    assert outage.samples(alb("HTTPCode_Target_5XX_Count"), 5) == ()


def test_request_count_counts_only_requests_a_target_was_chosen_for() -> None:
    assert world(running_tasks=0).samples(alb("RequestCount", LB), 5) == (0.0,)
    gateway = world(elb_502_share=0.1, elb_504_share=0.1)
    assert gateway.samples(alb("RequestCount", LB), 5) == (600.0,)
    assert gateway.samples(alb("HTTPCode_ELB_502_Count", LB), 5) == (60.0,)
    assert gateway.samples(alb("HTTPCode_ELB_504_Count", LB), 5) == (60.0,)
    assert gateway.samples(alb("HTTPCode_ELB_503_Count", LB), 5) == ()


def test_load_balancer_metrics_are_published_only_while_requests_flow() -> None:
    idle = world(requests_per_minute=0.0)
    for name in ("RequestCount", "HTTPCode_ELB_5XX_Count", "TargetResponseTime", "HTTPCode_Target_2XX_Count"):
        assert idle.samples(alb(name), 5) == ()
    assert idle.samples(alb("HealthyHostCount"), 5) == (2.0,)


def test_error_counts_are_reported_only_when_non_zero() -> None:
    healthy = world()
    assert healthy.samples(alb("HTTPCode_Target_5XX_Count"), 5) == ()
    assert healthy.samples(alb("HTTPCode_ELB_5XX_Count", LB), 5) == ()
    assert world(target_5xx_share=0.03).samples(alb("HTTPCode_Target_5XX_Count"), 5) == (18.0,)


def test_with_every_target_unhealthy_the_load_balancer_fails_open_and_targets_still_answer() -> None:
    failing = world(healthy_targets=0, target_5xx_share=1.0)
    assert failing.samples(alb("UnHealthyHostCount"), 5) == (2.0,)
    assert failing.samples(alb("HTTPCode_Target_5XX_Count"), 5) == (600.0,)
    assert failing.samples(alb("HTTPCode_ELB_503_Count", LB), 5) == ()


def test_target_response_time_has_the_latency_as_average_and_a_slow_tail() -> None:
    values = world(latency_seconds=1.5).samples(alb("TargetResponseTime"), 5)
    assert abs(sum(values) / len(values) - 1.5) < 1e-9
    assert max(values) == 1.5 * TAIL


def test_ecs_utilization_is_missing_while_no_task_runs_and_running_task_count_follows_the_setting() -> None:
    cpu = MetricId.of("AWS/ECS", "CPUUtilization", ECS)
    running = MetricId.of("ECS/ContainerInsights", "RunningTaskCount", ECS)
    assert world(running_tasks=0).samples(cpu, 5) == ()
    assert world(cpu=95.0).samples(cpu, 5) == (95.0,)
    assert world(running_tasks=0).samples(running, 5) == ()
    zero = PublishedWorld(Timeline(phases=(Phase(0, 30, {"running_tasks": 0}),)), zero_task_count="zero")
    assert zero.samples(running, 5) == (0.0,)


def test_rds_publishes_nothing_while_the_instance_is_down_and_db_load_only_under_load() -> None:
    cpu = MetricId.of("AWS/RDS", "CPUUtilization", DB)
    for db in ("rebooting", "failed", "stopped", "maintenance"):
        assert world(db=db).samples(cpu, 5) == ()
    assert world().samples(cpu, 5) == (20.0,)
    load = MetricId.of("AWS/RDS", "DBLoadRelativeToNumVCPUs", DB)
    assert world(db_load_per_vcpu=0.0).samples(load, 5) == ()
    assert world().samples(load, 5) == (0.3,)


def test_the_redis_node_being_failed_over_publishes_nothing_and_the_others_still_do() -> None:
    failover = world(redis_failover=True)
    primary = MetricId.of("AWS/ElastiCache", "EngineCPUUtilization", {"CacheClusterId": "fileflow-prod-redis-001"})
    replica = MetricId.of("AWS/ElastiCache", "EngineCPUUtilization", {"CacheClusterId": "fileflow-prod-redis-002"})
    assert failover.samples(primary, 5) == ()
    assert failover.samples(replica, 5) == (15.0,)


def test_only_the_primary_redis_node_evicts() -> None:
    def evictions(node: str) -> MetricId:
        return MetricId.of("AWS/ElastiCache", "Evictions", {"CacheClusterId": f"fileflow-prod-redis-{node}"})
    full = world(redis_evictions=50.0)
    assert full.samples(evictions("001"), 5) == (50.0,)
    assert full.samples(evictions("002"), 5) == (0.0,)


def test_an_inactive_queue_publishes_nothing_and_the_age_only_while_a_message_waits() -> None:
    age = MetricId.of("AWS/SQS", "ApproximateAgeOfOldestMessage", {"QueueName": "jobs"})
    assert world(queue_active=False, queue_depth=5.0).samples(age, 5) == ()
    assert world().samples(age, 5) == ()
    assert world(queue_depth=5.0, queue_oldest_age_seconds=900.0).samples(age, 5) == (900.0,)


def test_dead_letter_queues_hold_the_dead_letters() -> None:
    visible = MetricId.of("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": "jobs-dlq"})
    timeline = Timeline(phases=(Phase(0, 30, {"dlq_messages": 3.0, "queue_depth": 40.0}),))
    assert PublishedWorld(timeline, dead_letter_queues=frozenset({"jobs-dlq"})).samples(visible, 5) == (3.0,)
    assert PublishedWorld(timeline).samples(visible, 5) == (40.0,)


def test_lambda_publishes_only_when_invoked_but_throttles_are_published_without_invocations() -> None:
    errors = MetricId.of("AWS/Lambda", "Errors", {"FunctionName": "f"})
    throttles = MetricId.of("AWS/Lambda", "Throttles", {"FunctionName": "f"})
    assert world(lambda_invocations=0.0).samples(errors, 5) == ()
    assert world().samples(errors, 5) == (0.0,)
    assert world(lambda_invocations=0.0, lambda_throttles=5.0).samples(throttles, 5) == (5.0,)
    assert world(lambda_invocations=0.0).samples(throttles, 5) == ()


def test_log_filter_metrics_and_unknown_metrics_have_no_samples() -> None:
    assert world().samples(MetricId.of("fileflow/prod", "ErrorLogLines"), 5) == ()
    assert world().samples(MetricId.of("AWS/ApplicationELB", "NoSuchMetric", LB), 5) == ()


def test_low_traffic_at_night_is_what_the_anomaly_model_expects_at_night() -> None:
    requests = alb("RequestCount", LB)
    night = PublishedWorld(Timeline(phases=(Phase(0, 30, {"requests_per_minute": 40.0}, normal=True),)))
    assert night.samples(requests, 5) == (40.0,)
    assert night.expected(requests, 5) == (40.0, 4.0)
    outage = world(running_tasks=0)
    assert outage.expected(requests, 5) == (600.0, 60.0)
    assert outage.expected(alb("HTTPCode_ELB_5XX_Count", LB), 5) is None


def test_the_state_returns_to_the_base_after_the_phase() -> None:
    timeline = Timeline(base=ServiceState(requests_per_minute=100.0), phases=(Phase(0, 30, {"running_tasks": 0}),))
    assert timeline.at(29).running_tasks == 0
    assert timeline.at(30).running_tasks == 2
    assert timeline.at(30).requests_per_minute == 100.0


def test_a_minute_without_datapoints_has_no_sample_of_any_metric() -> None:
    gap = world(published=False)
    running = MetricId.of("ECS/ContainerInsights", "RunningTaskCount", ECS)
    assert gap.samples(running, 5) == ()
    assert gap.samples(alb("HealthyHostCount"), 5) == ()
    assert gap.samples(running, 30) == (2.0,)
