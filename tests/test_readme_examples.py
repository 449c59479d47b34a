"""Every service-team example in the README synthesizes, as written, and passes terraform validate."""

from __future__ import annotations

import pytest

from tests import terraform_harness as harness
from tests.readme_examples import examples, synth_example

EXAMPLES = sorted(examples())


def test_the_readme_has_its_service_team_examples() -> None:
    assert {"OrdersStack", "JobsStack", "ThumbnailsStack", "CheckoutStack", "PaymentsStack", "AuditStack"} <= set(EXAMPLES)


def test_the_worker_example_gets_its_queue_alarms_and_nothing_http() -> None:
    stack = synth_example("JobsStack", "readme-jobs")
    assert {"jobs-prod-sqs-oldest-message-age-jobs", "jobs-prod-sqs-dlq-messages-jobs"} <= stack.alarm_names()
    assert "/ecs/jobs-prod/access" not in stack.log_group_names()
    assert not [name for name in stack.alarm_names() if "alb" in name]
    assert '"title":"' in stack.one("aws_cloudwatch_dashboard")["dashboard_body"]


def test_the_lambda_example_is_only_its_functions_alarms() -> None:
    stack = synth_example("ThumbnailsStack", "readme-thumbnails")
    assert stack.alarm_names() == {"thumbnails-dev-lambda-errors-thumbnails", "thumbnails-dev-lambda-throttles-thumbnails",
                                   "thumbnails-dev-lambda-duration-near-timeout-thumbnails"}
    assert stack.log_group_names() == set()


@pytest.mark.parametrize("class_name", EXAMPLES)
def test_a_readme_example_synthesizes_with_alarms_that_reach_someone(class_name: str) -> None:
    stack = synth_example(class_name, f"readme-{class_name.lower()}")
    assert stack.alarm_names(), f"{class_name} creates no alarm"
    subscribed = {s["topic_arn"] for s in stack.resources("aws_sns_topic_subscription")}
    for alarm in stack.paging_alarms():
        # Its topic's roll-up notifies for it. A topic of the stack needs a subscriber; a topic the
        # team owns (an ARN) is theirs to staff.
        actions = stack.notifier_of(alarm)["alarm_actions"]
        ours = [action for action in actions if action.startswith("${aws_sns_topic.")]
        reached = set(ours) & subscribed or len(ours) < len(actions)
        assert reached or alarm["tags"]["Severity"] == "P3", alarm["alarm_name"]


def test_the_checkout_example_adds_its_own_alarm_widgets_and_the_redis_it_has() -> None:
    stack = synth_example("CheckoutStack", "readme-checkout")
    declines = stack.alarm("checkout-staging-card-declines-high")
    assert declines["tags"]["Severity"] == "P3" and declines["threshold"] == 20
    assert stack.alarm("checkout-staging-redis-cpu-high-1")["threshold"] == 60
    # The body holds Terraform interpolations (the cache's id) until apply: read it as text.
    body = stack.one("aws_cloudwatch_dashboard")["dashboard_body"]
    assert '"title":"card-declines-high"' in body and '"title":"Redis engine CPU utilization (%)"' in body
    # The team's graph, note and log table come last, in the order added.
    assert body.index('"title":"Recent errors"') < body.index('"title":"Checkouts"') < body.index(
        '"markdown":"Runbook: https://wiki.example.com/checkout"') < body.index('"title":"Slow payments"')
    assert '["Checkout","CheckoutCompleted",{"stat":"Sum","label":"CheckoutCompleted Sum"}]' in body


def test_constructs_used_alone_make_what_their_props_ask_and_nothing_of_the_settings_defaults() -> None:
    stack = synth_example("AuditStack", "readme-audit")
    assert stack.log_group_names() == {"/ecs/audit-prod/application", "/ecs/audit-prod/error"}
    assert {group["skip_destroy"] for group in stack.resources("aws_cloudwatch_log_group")} == {True}
    assert stack.notifier_of(stack.alarm("audit-prod-task-count-zero"))["alarm_actions"] == [
        stack.topic_arn("audit-prod-alerts-p0")]
    # No archive, saved queries, Application Insights or service-unhealthy composite: nobody asked for them.
    assert not stack.resources("aws_s3_bucket") and not stack.resources("aws_cloudwatch_query_definition")
    assert not stack.resources("aws_applicationinsights_application")
    assert {c["alarm_name"] for c in stack.resources("aws_cloudwatch_composite_alarm")} <= {
        "audit-prod-notify-p0", "audit-prod-notify-p1", "audit-prod-notify-p2", "audit-prod-notify-p2-held"}


@pytest.mark.tools
@pytest.mark.parametrize("class_name", EXAMPLES)
def test_a_readme_example_passes_terraform_validate(class_name: str, terraform: harness.Terraform, tmp_path) -> None:
    stack = synth_example(class_name, f"readme-{class_name.lower()}")
    report = harness.validate(terraform, stack.document, tmp_path)
    errors = [d for d in report.get("diagnostics", []) if d.get("severity") == "error"]
    assert report.get("valid") is True and not errors, errors
