"""Nobody may silently miss an alert: tiers, routing and contacts are checked before synthesis."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from monitoring_constructs import (
    Contacts,
    EcsServiceTarget,
    MonitoredResources,
    MonitoringConfigError,
    MonitoringSettings,
    Notifications,
    Severity,
    Tier,
    route_all_to,
)
from monitoring_constructs.notify.chatbot import SlackChannel

ECS = MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="main", service_name="orders",
                                                     deployment_circuit_breaker=True))
MAIL = {severity: Contacts(emails=(f"{severity.value.lower()}@example.com",)) for severity in Severity}
INCIDENTS = SlackChannel(workspace_id="T07EA123LEP", channel_id="C0INCIDENT")


def settings(environment: str = "prod", **changes: Any) -> MonitoringSettings:
    values: dict[str, Any] = {
        "service": "orders",
        "environment": environment,
        "region": "eu-west-1",
        "resources": ECS,
        "notifications": Notifications(contacts=MAIL, allow_unused_contacts=True),
    }
    values.update(changes)
    return MonitoringSettings(**values)


@pytest.mark.parametrize("environment", ["prod", "production", "prd", "prod-eu", "production-eu", "eu-prod-2"])
def test_an_environment_named_prod_is_prod(environment: str) -> None:
    assert settings(environment).tier is Tier.PROD


@pytest.mark.parametrize("environment", ["dev", "staging", "qa-2", "uat", "sandbox", "dev-eu", "preprod"])
def test_an_environment_named_for_development_is_non_prod(environment: str) -> None:
    assert settings(environment).tier is Tier.NON_PROD


@pytest.mark.parametrize("environment", ["live", "eu", "pre-prod", "prod-test", "blue"])
def test_an_environment_that_is_not_clearly_prod_or_non_prod_needs_an_explicit_tier(environment: str) -> None:
    with pytest.raises(MonitoringConfigError, match=rf"^tier: None is not allowed; allowed: Tier.PROD or Tier.NON_PROD: environment '{environment}'"):
        settings(environment)
    assert settings(environment, tier=Tier.PROD).tier is Tier.PROD
    assert settings(environment, tier=Tier.NON_PROD).profile.log_level == "DEBUG"


def test_p0_contacts_in_staging_are_an_error_because_staging_routes_p0_to_p3() -> None:
    notifications = Notifications(contacts={Severity.P0: MAIL[Severity.P0], Severity.P3: MAIL[Severity.P3]})
    with pytest.raises(MonitoringConfigError) as error:
        settings("staging", notifications=notifications)
    message = str(error.value)
    assert message.startswith("notifications.contacts[P0]: ['p0@example.com'] is not allowed")
    assert "routes P0 alarms to the P3 topic" in message and "P0->P3" in message
    assert "allow_unused_contacts=True" in message


def test_contacts_shared_by_all_environments_are_allowed_when_said_so() -> None:
    shared = Notifications(contacts=MAIL, allow_unused_contacts=True)
    assert settings("staging", notifications=shared).topic_severities == (Severity.P3,)


def test_p0_contacts_are_an_error_when_prod_routes_p0_to_p1() -> None:
    routing = {Severity.P0: Severity.P1, Severity.P1: Severity.P1, Severity.P2: Severity.P2, Severity.P3: Severity.P3}
    with pytest.raises(MonitoringConfigError, match=r"^notifications.contacts\[P0\]: .*routes P0 alarms to the P1 topic"):
        settings(severity_routing=routing, notifications=Notifications(contacts=MAIL))


def test_a_slack_channel_for_a_severity_routed_elsewhere_is_an_error_too() -> None:
    notifications = Notifications(contacts={Severity.P3: MAIL[Severity.P3]}, slack_channels={Severity.P0: INCIDENTS})
    with pytest.raises(MonitoringConfigError, match=r"^notifications.contacts\[P0\]: \['slack:C0INCIDENT'\]"):
        settings("dev", notifications=notifications)


def test_a_topic_that_alarms_notify_must_reach_someone() -> None:
    notifications = Notifications(contacts={Severity.P0: MAIL[Severity.P0], Severity.P1: MAIL[Severity.P1]})
    with pytest.raises(MonitoringConfigError) as error:
        settings(notifications=notifications)
    message = str(error.value)
    assert message.startswith("notifications.contacts[P2]: () is not allowed")
    assert "alarms cpu-high, memory-elevated, deploy-failed, deploy-events-undelivered notify the P2 topic" in message
    assert "Notifications(unattended={Severity.P2})" in message


def test_a_severity_marked_unattended_may_have_no_subscriber() -> None:
    notifications = Notifications(
        contacts={Severity.P0: MAIL[Severity.P0], Severity.P1: MAIL[Severity.P1]},
        unattended=frozenset({Severity.P2}),
    )
    assert Severity.P2 in settings(notifications=notifications).topic_severities


def test_a_topic_no_alarm_notifies_may_have_no_subscriber() -> None:
    # Only the ECS service: no alarm is P3, so an empty P3 topic loses nothing.
    notifications = Notifications(contacts={s: MAIL[s] for s in (Severity.P0, Severity.P1, Severity.P2)})
    assert settings(notifications=notifications).alarm_keys_notifying(Severity.P3) == ()


def test_rds_down_events_count_as_alarms_of_the_p0_topic() -> None:
    resources = replace(ECS, shared_rds_identifier="shared-postgres")
    everyone = settings(resources=resources, notifications=Notifications(contacts=MAIL))
    assert everyone.alarm_keys_notifying(Severity.P0) == ("task-count-zero", "rds-down", "rds-events-undelivered")
    assert everyone.alarm_keys_notifying(Severity.P2) == (
        "cpu-high", "memory-elevated", "rds-cpu-high", "rds-read-latency-high", "rds-write-latency-high",
        "deploy-failed", "deploy-events-undelivered",
    )


def test_failed_ecs_deployments_count_as_alarms_of_their_severity_and_none_without_them() -> None:
    p1 = MonitoredResources(ecs_service=EcsServiceTarget(cluster_name="c", service_name="s",
                                                         deployment_failures=Severity.P1, deployment_circuit_breaker=True))
    assert "deploy-failed" in settings(resources=p1, notifications=Notifications(contacts=MAIL)).alarm_keys_notifying(Severity.P1)
    for quiet_service in (EcsServiceTarget(cluster_name="c", service_name="s", deployment_failures=None,
                                           deployment_circuit_breaker=True),
                          # Without the circuit breaker ECS never sends the event: no alarm.
                          EcsServiceTarget(cluster_name="c", service_name="s", deployment_failures=Severity.P1)):
        everyone = settings(resources=MonitoredResources(ecs_service=quiet_service), notifications=Notifications(contacts=MAIL))
        assert not any("deploy-failed" in everyone.alarm_keys_notifying(s) for s in Severity)


def test_a_slack_channel_counts_as_a_subscriber() -> None:
    notifications = Notifications(contacts={s: MAIL[s] for s in (Severity.P1, Severity.P2)}, slack_channels={Severity.P0: INCIDENTS})
    assert settings(notifications=notifications).notifications.subscribers_of(Severity.P0) == 1


def test_non_prod_routing_everything_to_p3_needs_only_p3_contacts() -> None:
    only_p3 = Notifications(contacts={Severity.P3: MAIL[Severity.P3]})
    assert settings("qa", notifications=only_p3, severity_routing=route_all_to(Severity.P3)).topic_severities == (Severity.P3,)


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        ({"unattended": "P2"}, "notifications.unattended", "a set of Severity values"),
        ({"unattended": {"P2"}}, "notifications.unattended", "one of Severity.P0"),
        ({"allow_unused_contacts": "yes"}, "notifications.allow_unused_contacts", "True or False"),
        ({"slack_region": "ap-northeast-2"}, "notifications.slack_region", "one of us-east-2, us-west-2, ap-southeast-1, eu-west-1"),
    ],
)
def test_bad_notification_options_name_the_field(changes: dict[str, Any], field: str, allowed: str) -> None:
    with pytest.raises(MonitoringConfigError) as error:
        Notifications(**changes)
    assert str(error.value).startswith(f"{field}: ") and allowed in str(error.value)


def test_slack_alerts_in_a_region_without_a_near_chatbot_region_fail_before_synthesis() -> None:
    notifications = Notifications(contacts=MAIL, slack_channels={Severity.P0: INCIDENTS})
    with pytest.raises(MonitoringConfigError, match=r"^notifications.slack_region: None is not allowed; .*us-gov-west-1"):
        settings(region="us-gov-west-1", notifications=notifications)
    chosen = replace(notifications, slack_region="us-west-2")
    assert settings(region="us-gov-west-1", notifications=chosen).slack_region == "us-west-2"


def test_grafana_is_refused_where_amazon_managed_grafana_does_not_exist() -> None:
    with pytest.raises(MonitoringConfigError, match=r"^managed_prometheus_grafana: True is not allowed; allowed: False in sa-east-1: Amazon Managed Grafana exists only in us-east-1"):
        settings(region="sa-east-1", managed_prometheus_grafana=True)
    assert settings(region="ap-northeast-2", managed_prometheus_grafana=True).managed_prometheus_grafana


def test_a_lambda_only_service_is_asked_only_for_contacts_of_alarms_it_has() -> None:
    """No ECS service, no application log: its P1 ERROR-line alarm is never made, so no P1 contact is asked for."""
    from monitoring_constructs import LambdaFunctionTarget

    functions = MonitoredResources(lambda_functions=(LambdaFunctionTarget(function_name="resize", timeout_seconds=30),))
    mail = {severity: MAIL[severity] for severity in (Severity.P2, Severity.P3)}
    lambda_only = settings(resources=functions, notifications=Notifications(contacts=mail))
    assert lambda_only.alarm_keys_notifying(Severity.P1) == ()
    assert "app-error-lines-high" not in {alarm.spec.key for alarm in lambda_only.library_alarms}
    assert set(lambda_only.alarm_keys_notifying(Severity.P2)) == {"lambda-errors", "lambda-throttles"}
