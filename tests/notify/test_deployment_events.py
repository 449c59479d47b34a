"""A failed ECS deployment becomes the ``deploy-failed`` alarm of its service.

ECS sends ``SERVICE_DEPLOYMENT_FAILED`` only when the deployment circuit breaker (or a deployment
alarm) stops a deployment (Amazon ECS Developer Guide, "Amazon ECS service deployment events"), and
the provider's ``aws_ecs_service`` data source does not expose that setting: the target states it
(``deployment_circuit_breaker=True``), and without it there is no alarm that could never fire.
"""

from __future__ import annotations

import json
from typing import Any

from monitoring_constructs import (
    AlarmOverride,
    EcsDeploymentEvents,
    EcsDeploymentEventsProps,
    EcsServiceTarget,
    MonitoredResources,
    MonitoringSettings,
    ServiceMonitoring,
    Severity,
)
from monitoring_constructs.alarms.catalog import ALARM_KEYS
from tests.alarms.service import KEY_ARN, ORDERS, topics_and_factory
from tests.delivery.resolve import ACCOUNT, ResolvedStack
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct

SERVICE = EcsServiceTarget(cluster_name="main", service_name="orders", deployment_circuit_breaker=True)
OFF = {key: AlarmOverride(enabled=False) for key in ("cpu-high", "cpu-very-high", "memory-elevated", "memory-high",
                                                     "task-count-zero")}


def monitored(service: EcsServiceTarget = SERVICE, build_more=None, **settings_props: Any) -> Synthesized:
    settings = MonitoringSettings(service="orders", environment="prod", region="eu-west-1",
                                  resources=MonitoredResources(ecs_service=service), notifications=EVERYONE_HEARS,
                                  **settings_props)

    def build(stack):
        monitoring = ServiceMonitoring(stack, "Monitoring", settings=settings)
        if build_more:
            build_more(monitoring)

    return synth_construct(build)


def rule(stack: Synthesized, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The rule and its event pattern as EventBridge receives it (Terraform evaluates the ARN inside)."""
    found = stack.one("aws_cloudwatch_event_rule", name=name)
    return found, json.loads(ResolvedStack(stack, name="test").value(found["event_pattern"]))


def test_prod_alarms_on_failed_deployments_of_its_service_at_p2(prod: Synthesized) -> None:
    _, pattern = rule(prod, "fileflow-prod-deploy-failed")
    assert pattern["source"] == ["aws.ecs"] and pattern["detail-type"] == ["ECS Deployment State Change"]
    assert pattern["detail"] == {"eventName": ["SERVICE_DEPLOYMENT_FAILED"]}
    assert pattern["resources"] == [f"arn:aws:ecs:ap-northeast-2:{ACCOUNT}:service/fileflow-prod-cluster/fileflow-prod-service"]
    alarm = prod.alarm("fileflow-prod-deploy-failed")
    assert prod.notifier_of(alarm)["alarm_actions"] == [prod.topic_arn("fileflow-prod-alerts-p2")]
    assert alarm["tags"]["Severity"] == "P2"
    assert (alarm["metric_name"], alarm["statistic"], alarm["threshold"]) == ("FailedDeployments", "Sum", 0)
    assert (alarm["period"], alarm["evaluation_periods"], alarm["datapoints_to_alarm"]) == (60, 15, 1)
    assert alarm["treat_missing_data"] == "notBreaching"


def test_events_go_to_the_event_log_not_to_a_topic(prod: Synthesized) -> None:
    group = prod.log_group("/aws/events/fileflow-prod/deployments")
    for target in prod.resources("aws_cloudwatch_event_target"):
        assert not target["arn"].startswith("${aws_sns_topic."), target
    rule_block, _ = rule(prod, "fileflow-prod-deploy-failed")
    (target,) = [t for t in prod.resources("aws_cloudwatch_event_target") if prod.resolve(t["rule"]) is rule_block]
    assert prod.resolve(target["arn"]) is group and "role_arn" not in target
    assert not [r for r in prod.resources("aws_iam_role") if "deploy" in r["name"]]
    metric_filter = prod.one("aws_cloudwatch_log_metric_filter", name="fileflow-prod-deploy-failed")
    assert metric_filter["pattern"] == '{ $.detail.eventName = "SERVICE_DEPLOYMENT_FAILED" }'
    assert prod.resolve(metric_filter["log_group_name"].replace(".name}", ".arn}")) is group


def test_without_the_circuit_breaker_there_is_no_alarm_that_could_never_fire() -> None:
    stack = monitored(EcsServiceTarget(cluster_name="main", service_name="orders"))
    assert stack.resources("aws_cloudwatch_event_rule") == []
    assert not [a for a in stack.resources("aws_cloudwatch_metric_alarm") if a["alarm_name"].endswith("deploy-failed")]


def test_no_severity_no_alarm() -> None:
    stack = monitored(EcsServiceTarget(cluster_name="main", service_name="orders", deployment_failures=None,
                                       deployment_circuit_breaker=True))
    assert stack.resources("aws_cloudwatch_event_rule") == []


def test_deploy_failed_is_overridable_like_every_library_alarm() -> None:
    assert "deploy-failed" in ALARM_KEYS
    stack = monitored(alarm_overrides={"deploy-failed": AlarmOverride(severity=Severity.P1)})
    assert stack.notifier_of(stack.alarm("orders-prod-deploy-failed"))["alarm_actions"] == [stack.topic_arn("orders-prod-alerts-p1")]
    off = monitored(alarm_overrides={"deploy-failed": AlarmOverride(enabled=False)})
    assert off.resources("aws_cloudwatch_event_rule") == [] and "/aws/events/orders-prod/deployments" not in off.log_group_names()


def test_another_ecs_service_monitored_later_gets_its_own_rule_filter_and_alarm() -> None:
    worker = EcsServiceTarget(cluster_name="main", service_name="worker", deployment_circuit_breaker=True)
    stack = monitored(build_more=lambda monitoring: monitoring.monitor_fargate_service(worker, overrides=OFF))
    _, pattern = rule(stack, "orders-prod-deploy-failed-2")
    assert pattern["resources"] == [f"arn:aws:ecs:eu-west-1:{ACCOUNT}:service/main/worker"]
    assert stack.alarm("orders-prod-deploy-failed-2")["metric_name"] == "FailedDeployments2"
    # A log group each (a filter pattern cannot name a token ARN), one resource policy for both.
    assert {g for g in stack.log_group_names() if g.startswith("/aws/events/")} == {
        "/aws/events/orders-prod/deployments", "/aws/events/orders-prod/deployments-2"}
    (policy,) = stack.resources("aws_cloudwatch_log_resource_policy")
    (statement,) = stack.policy_statements(policy["policy_document"]).values()
    assert len(statement["resources"]) == 2


def test_the_severity_is_the_targets_and_routing_applies(dev: Synthesized) -> None:
    stack = monitored(EcsServiceTarget(cluster_name="main", service_name="orders", deployment_failures=Severity.P1,
                                       deployment_circuit_breaker=True))
    assert stack.notifier_of(stack.alarm("orders-prod-deploy-failed"))["alarm_actions"] == [stack.topic_arn("orders-prod-alerts-p1")]
    # non-prod never pages
    assert dev.notifier_of(dev.alarm("fileflow-dev-deploy-failed"))["alarm_actions"] == [dev.topic_arn("fileflow-dev-alerts-p3")]


def test_deployment_events_work_alone_from_their_props_no_monitoring_settings() -> None:
    def build(stack) -> None:
        _, factory = topics_and_factory(stack)
        events = EcsDeploymentEvents(stack, "DeploymentEvents", alarms=factory, props=EcsDeploymentEventsProps(
            identity=ORDERS, kms_key_arn=KEY_ARN))
        events.add(EcsServiceTarget(cluster_name="main", service_name="orders", deployment_failures=Severity.P1,
                                    deployment_circuit_breaker=True))

    stack = synth_construct(build)
    _, pattern = rule(stack, "orders-prod-deploy-failed")
    assert pattern["detail"] == {"eventName": ["SERVICE_DEPLOYMENT_FAILED"]}
    assert stack.notifier_of(stack.alarm("orders-prod-deploy-failed"))["alarm_actions"][0].startswith("${aws_sns_topic.Alerts_P1_")


def test_when_eventbridge_cannot_write_a_services_deployment_events_its_severity_hears_it(prod: Synthesized) -> None:
    alarm = prod.alarm("fileflow-prod-deploy-events-undelivered")
    assert (alarm["namespace"], alarm["metric_name"]) == ("AWS/Events", "FailedInvocations")
    assert alarm["dimensions"] == {"RuleName": "fileflow-prod-deploy-failed"}
    assert alarm["tags"]["Severity"] == prod.alarm("fileflow-prod-deploy-failed")["tags"]["Severity"] == "P2"
