"""A failed ECS deployment (the circuit breaker rolled it back) is an EventBridge event sent to the alert topic."""

from __future__ import annotations

import json
from typing import Any

from monitoring_constructs import (
    AlertRouting,
    EcsDeploymentEvents,
    EcsDeploymentEventsProps,
    EcsServiceTarget,
    MonitoredResources,
    MonitoringSettings,
    ServiceMonitoring,
    Severity,
)
from tests.delivery.resolve import ACCOUNT, ResolvedStack
from tests.alarms.service import KEY_ARN, ORDERS, topics_and_factory
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct

SERVICE = EcsServiceTarget(cluster_name="main", service_name="orders")


def monitored(service: EcsServiceTarget = SERVICE, build_more=None) -> Synthesized:
    settings = MonitoringSettings(service="orders", environment="prod", region="eu-west-1",
                                  resources=MonitoredResources(ecs_service=service), notifications=EVERYONE_HEARS)

    def build(stack):
        monitoring = ServiceMonitoring(stack, "Monitoring", settings=settings)
        if build_more:
            build_more(monitoring)

    return synth_construct(build)


def rule(stack: Synthesized, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The rule and its event pattern as EventBridge receives it (Terraform evaluates the ARN inside)."""
    found = stack.one("aws_cloudwatch_event_rule", name=name)
    return found, json.loads(ResolvedStack(stack, name="test").value(found["event_pattern"]))


def test_prod_sends_failed_deployments_of_its_service_to_the_p2_topic(prod: Synthesized) -> None:
    found, pattern = rule(prod, "fileflow-prod-deploy-fails")
    assert pattern["source"] == ["aws.ecs"] and pattern["detail-type"] == ["ECS Deployment State Change"]
    assert pattern["detail"] == {"eventName": ["SERVICE_DEPLOYMENT_FAILED"]}
    assert pattern["resources"] == [f"arn:aws:ecs:ap-northeast-2:{ACCOUNT}:service/fileflow-prod-cluster/fileflow-prod-service"]
    assert found["tags"]["Severity"] == "P2"
    target = prod.one("aws_cloudwatch_event_target", arn=prod.topic_arn("fileflow-prod-alerts-p2"))
    assert target["rule"].endswith(".name}") and target["role_arn"].startswith("${aws_iam_role.")


def test_eventbridge_may_deliver_only_for_this_rule_through_its_own_role(prod: Synthesized) -> None:
    target = prod.one("aws_cloudwatch_event_target", arn=prod.topic_arn("fileflow-prod-alerts-p2"))
    role = prod.resolve(target["role_arn"])
    assert role["name"] == "fileflow-prod-deploy-fails"
    (trust,) = prod.policy_statements(role["assume_role_policy"]).values()
    assert trust["principals"] == [{"type": "Service", "identifiers": ["events.amazonaws.com"]}]
    conditions = {c["variable"]: c["values"] for c in trust["condition"]}
    assert conditions["aws:SourceArn"] == [target["rule"].replace(".name}", ".arn}")]
    assert set(conditions) == {"aws:SourceAccount", "aws:SourceArn"}


def test_the_delivery_role_may_publish_to_its_topic_and_encrypt_for_it_only(prod: Synthesized) -> None:
    topic = prod.topic_arn("fileflow-prod-alerts-p2")
    (policy,) = [p for p in prod.resources("aws_iam_role_policy") if p["name"] == "publish-to-alert-topic"]
    statements = prod.policy_statements(policy["policy"])
    assert (statements["PublishToTheAlertTopic"]["actions"], statements["PublishToTheAlertTopic"]["resources"]) == (
        ["sns:Publish"], [topic])
    encrypt = statements["EncryptForTheAlertTopic"]
    assert encrypt["actions"] == ["kms:GenerateDataKey", "kms:Decrypt"]
    assert encrypt["condition"] == [{"test": "StringEquals", "variable": "kms:EncryptionContext:aws:sns:topicArn",
                                     "values": [topic]}]


def test_the_severity_is_the_targets_and_routing_applies(dev: Synthesized) -> None:
    stack = monitored(EcsServiceTarget(cluster_name="main", service_name="orders", deployment_failures=Severity.P1))
    stack.one("aws_cloudwatch_event_target", arn=stack.topic_arn("orders-prod-alerts-p1"))
    dev.one("aws_cloudwatch_event_target", arn=dev.topic_arn("fileflow-dev-alerts-p3"))  # non-prod never pages


def test_no_severity_no_deployment_events() -> None:
    stack = monitored(EcsServiceTarget(cluster_name="main", service_name="orders", deployment_failures=None))
    assert stack.resources("aws_cloudwatch_event_rule") == []


def test_another_ecs_service_monitored_later_gets_its_own_rule_and_role() -> None:
    worker = EcsServiceTarget(cluster_name="main", service_name="worker")
    stack = monitored(build_more=lambda monitoring: monitoring.monitor_fargate_service(
        worker, overrides={key: _off() for key in ("cpu-high", "cpu-very-high", "memory-elevated", "memory-high",
                                                   "task-count-zero")}))
    _, pattern = rule(stack, "orders-prod-deploy-fails-2")
    assert pattern["resources"] == [f"arn:aws:ecs:eu-west-1:{ACCOUNT}:service/main/worker"]
    assert {r["name"] for r in stack.resources("aws_iam_role")} >= {"orders-prod-deploy-fails",
                                                                    "orders-prod-deploy-fails-2"}


def _off():
    from monitoring_constructs import AlarmOverride
    return AlarmOverride(enabled=False)


def test_deployment_events_work_alone_from_their_props_no_monitoring_settings() -> None:
    def build(stack) -> None:
        topics, _ = topics_and_factory(stack)
        events = EcsDeploymentEvents(stack, "DeploymentEvents", topics=topics, props=EcsDeploymentEventsProps(
            identity=ORDERS, routing=AlertRouting(notifications=EVERYONE_HEARS), kms_key_arn=KEY_ARN))
        events.add(EcsServiceTarget(cluster_name="main", service_name="orders", deployment_failures=Severity.P1))

    stack = synth_construct(build)
    found, pattern = rule(stack, "orders-prod-deploy-fails")
    assert (found["tags"]["Severity"], pattern["detail"]) == ("P1", {"eventName": ["SERVICE_DEPLOYMENT_FAILED"]})
    assert stack.one("aws_cloudwatch_event_target")["arn"].startswith("${aws_sns_topic.Alerts_P1_")  # its severity's topic
