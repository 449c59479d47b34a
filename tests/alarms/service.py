"""A service team's stack with the resources a test names, synthesized: what the alarm rule tests read."""

from __future__ import annotations

import json
from typing import Any

from monitoring_constructs import (
    AlarmFactory,
    AlarmFactoryProps,
    AlertRouting,
    AlertTopics,
    AlertTopicsProps,
    MonitoredResources,
    MonitoringSettings,
    ServiceIdentity,
    ServiceMonitoring,
)
from monitoring_constructs._cdk import TerraformStack, TerraformVariable
from monitoring_constructs._cdk import Testing as CdkTesting
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct

ORDERS = ServiceIdentity(service="orders", environment="prod", region="eu-west-1")
KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def settings(resources: MonitoredResources, **changes: Any) -> MonitoringSettings:
    values: dict[str, Any] = {"service": "orders", "environment": "prod", "region": "eu-west-1",
                              "resources": resources, "notifications": EVERYONE_HEARS}
    return MonitoringSettings(**(values | changes))


def monitored(resources: MonitoredResources, **changes: Any) -> Synthesized:
    """``orders-prod`` monitoring ``resources`` (everyone hears every severity)."""
    return synth_construct(lambda stack: ServiceMonitoring(stack, "Monitoring", settings=settings(resources, **changes)))


def topics_and_factory(stack: TerraformStack, routing: AlertRouting = AlertRouting(notifications=EVERYONE_HEARS),
                       **factory_props: Any) -> tuple[AlertTopics, AlarmFactory]:
    """``orders-prod``'s topics and alarm factory built from their props alone, without MonitoringSettings."""
    topics = AlertTopics(stack, "Alerts", props=AlertTopicsProps(identity=ORDERS, routing=routing, kms_key_arn=KEY_ARN))
    factory = AlarmFactory(props=AlarmFactoryProps(identity=ORDERS, routing=routing, **factory_props), topics=topics)
    return topics, factory


def graph(stack: Synthesized, title: str) -> dict[str, Any]:
    """The properties of the dashboard's metric widget titled ``title``."""
    widgets = json.loads(stack.one("aws_cloudwatch_dashboard")["dashboard_body"])["widgets"]
    (found,) = [w["properties"] for w in widgets if w["properties"].get("title") == title]
    return found


def shape(alarm: dict[str, Any]) -> tuple[Any, ...]:
    """What a rule table states of an alarm: metric, statistic, period x evaluations (datapoints),
    comparison, threshold, missing data, severity."""
    return (
        alarm["namespace"], alarm["metric_name"], alarm.get("statistic") or alarm.get("extended_statistic"),
        alarm["period"], alarm["evaluation_periods"], alarm["datapoints_to_alarm"], alarm["comparison_operator"],
        alarm["threshold"], alarm["treat_missing_data"], alarm["tags"]["Severity"],
    )


def token(name: str) -> str:
    """A string known only at apply time (``${var.<name>}``), as a team's ``aws_sqs_queue.name`` is."""
    return TerraformVariable(TerraformStack(CdkTesting.app(), "tokens"), name, type="string").string_value
