"""Every alarm pages through its severity's roll-up: one notification per incident, less urgent severities held back."""

from __future__ import annotations

import pytest

from monitoring_constructs import (
    AlarmFactoryProps,
    AlertRouting,
    CustomAlarm,
    MonitoringConfigError,
    Paging,
    ServiceIdentity,
    Severity,
    route_all_to,
)
from monitoring_constructs.alarms.custom import Metric
from monitoring_constructs.alarms.rollups import MAX_CHILDREN, RULE_MAX, any_of, chunks
from tests.alarms.service import topics_and_factory
from tests.rejections import rejected
from tests.stack_assertions import EVERYONE_HEARS, Synthesized, synth_construct


def test_no_metric_alarm_notifies_a_topic_itself_only_the_roll_ups_do(prod: Synthesized, dev: Synthesized) -> None:
    for stack, prefix in ((prod, "fileflow-prod"), (dev, "fileflow-dev")):
        for alarm in stack.resources("aws_cloudwatch_metric_alarm"):
            assert "alarm_actions" not in alarm and "ok_actions" not in alarm, alarm["alarm_name"]
        notifying = {c["alarm_name"] for c in stack.resources("aws_cloudwatch_composite_alarm") if c.get("alarm_actions")}
        assert notifying == {f"{prefix}-notify-p{n}" for n in range(4)}


def test_prod_each_severity_has_one_roll_up_over_exactly_its_alarms_notifying_its_topic(prod: Synthesized) -> None:
    for severity in ("P0", "P1", "P2", "P3"):
        rollup = prod.composite(f"fileflow-prod-notify-{severity.lower()}")
        members = sorted(a["alarm_name"] for a in prod.paging_alarms() if a["tags"]["Severity"] == severity)
        assert sorted(rollup["alarm_rule"].removeprefix('ALARM("').removesuffix('")').split('") OR ALARM("')) == members
        assert rollup["alarm_actions"] == [prod.topic_arn(f"fileflow-prod-alerts-{severity.lower()}")]


def test_p0_and_p1_roll_ups_notify_recovery_once_all_their_alarms_are_ok(prod: Synthesized) -> None:
    for severity in ("p0", "p1"):
        rollup = prod.composite(f"fileflow-prod-notify-{severity}")
        assert rollup["ok_actions"] == rollup["alarm_actions"]
    for severity in ("p2", "p3"):
        assert "ok_actions" not in prod.composite(f"fileflow-prod-notify-{severity}")


def test_a_less_urgent_severity_is_held_back_while_a_more_urgent_one_pages(prod: Synthesized) -> None:
    assert "actions_suppressor" not in prod.composite("fileflow-prod-notify-p0")
    assert prod.composite("fileflow-prod-notify-p1")["actions_suppressor"] == {
        "alarm": "fileflow-prod-notify-p0", "wait_period": 180, "extension_period": 900}
    for severity, more_urgent in (("p2", ["p0", "p1"]), ("p3", ["p0", "p1", "p2"])):
        held = prod.composite(f"fileflow-prod-notify-{severity}-held")
        assert held["alarm_rule"] == any_of([f"fileflow-prod-notify-{s}" for s in more_urgent])
        assert "alarm_actions" not in held
        assert prod.composite(f"fileflow-prod-notify-{severity}")["actions_suppressor"]["alarm"] == held["alarm_name"]


def test_non_prod_keeps_one_roll_up_per_severity_all_on_its_one_topic_so_one_incident_mails_once(dev: Synthesized) -> None:
    topic = dev.topic_arn("fileflow-dev-alerts-p3")
    for severity in ("p0", "p1", "p2", "p3"):
        rollup = dev.composite(f"fileflow-dev-notify-{severity}")
        assert rollup["alarm_actions"] == [topic] and "ok_actions" not in rollup
        assert rollup["tags"]["Severity"] == "P3"
        assert rollup["tags"].get("AlarmSeverity", "P3") == severity.upper()
    assert dev.composite("fileflow-dev-notify-p1")["actions_suppressor"]["alarm"] == "fileflow-dev-notify-p0"
    assert dev.alarm("fileflow-dev-task-count-zero")["tags"].items() >= {"Severity": "P3", "AlarmSeverity": "P0"}.items()
    assert "AlarmSeverity" not in dev.alarm("fileflow-dev-redis-evictions-1")["tags"]  # P3 alarm on the P3 topic


def test_the_topic_policies_admit_only_the_roll_ups(prod: Synthesized, dev: Synthesized) -> None:
    for stack, expected in ((prod, [{"fileflow-prod-notify-p0"}, {"fileflow-prod-notify-p1"}, {"fileflow-prod-notify-p2"},
                                    {"fileflow-prod-notify-p3"}]),
                            (dev, [{f"fileflow-dev-notify-p{n}" for n in range(4)}])):
        admitted = []
        for policy in stack.resources("aws_sns_topic_policy"):
            statement = stack.policy_statements(policy["policy"])["CloudWatchAlarmsOfThisService"]
            (arns,) = [c["values"] for c in statement["condition"] if c["variable"] == "aws:SourceArn"]
            admitted.append({arn.split('"alarm:')[1].removesuffix('"])}') for arn in arns})
        assert sorted(admitted, key=sorted) == expected


def test_a_roll_up_depends_on_its_alarms_and_its_suppressor_so_terraform_creates_them_first(prod: Synthesized) -> None:
    ids = {c["alarm_name"]: f"aws_cloudwatch_composite_alarm.{rid}"
           for rid, c in prod.document["resource"]["aws_cloudwatch_composite_alarm"].items()}
    ids |= {a["alarm_name"]: f"aws_cloudwatch_metric_alarm.{rid}"
            for rid, a in prod.document["resource"]["aws_cloudwatch_metric_alarm"].items()}
    for rollup in ("fileflow-prod-notify-p1", "fileflow-prod-notify-p2"):
        block = prod.composite(rollup)
        named = block["alarm_rule"].removeprefix('ALARM("').removesuffix('")').split('") OR ALARM("')
        assert set(block["depends_on"]) == {ids[name] for name in named} | {ids[block["actions_suppressor"]["alarm"]]}


def test_more_alarms_than_one_rule_may_name_are_split_into_parts() -> None:
    names = [f"orders-prod-queue-{n:03}" for n in range(MAX_CHILDREN + 5)]
    assert [len(part) for part in chunks(names)] == [MAX_CHILDREN, 5]
    long = ["x" * 250 + f"{n}" for n in range(60)]
    assert all(len(any_of(part)) <= RULE_MAX for part in chunks(long)) and len(chunks(long)) > 1


def test_a_service_with_more_than_100_alarms_on_one_topic_pages_through_parts() -> None:
    def build(stack) -> None:
        _, factory = topics_and_factory(stack, routing=AlertRouting(severity_routing=route_all_to(Severity.P2),
                                                                    notifications=EVERYONE_HEARS))
        for n in range(MAX_CHILDREN + 1):
            alarm = CustomAlarm(key=f"metric-{n:03}", summary="x", severity=Severity.P2, threshold=1,
                                metric=Metric(namespace="Orders", metric_name=f"M{n}", statistic="Sum"))
            factory.create(stack, alarm.spec(), dimensions={})

    stack = synth_construct(build)
    rollup = stack.composite("orders-prod-notify-p2")
    assert rollup["alarm_rule"] == 'ALARM("orders-prod-notify-p2-part-1") OR ALARM("orders-prod-notify-p2-part-2")'
    assert stack.composite("orders-prod-notify-p2-part-2")["alarm_rule"] == 'ALARM("orders-prod-metric-100")'
    assert stack.composite("orders-prod-notify-p2-part-1")["alarm_rule"].count("ALARM(") == MAX_CHILDREN
    assert "alarm_actions" not in stack.composite("orders-prod-notify-p2-part-1")


def test_paging_can_be_retimed_and_bad_timing_is_refused() -> None:
    def build(stack) -> None:
        _, factory = topics_and_factory(stack, paging=Paging(wait_period=120, extension_period=600))
        for severity in (Severity.P0, Severity.P1):
            alarm = CustomAlarm(key=f"metric-{severity.value.lower()}", summary="x", severity=severity, threshold=1,
                                metric=Metric(namespace="Orders", metric_name="M", statistic="Sum"))
            factory.create(stack, alarm.spec(), dimensions={})

    stack = synth_construct(build)
    assert stack.composite("orders-prod-notify-p1")["actions_suppressor"] == {
        "alarm": "orders-prod-notify-p0", "wait_period": 120, "extension_period": 600}
    rejected(lambda: Paging(wait_period=-1), "paging.wait_period", "-1", "an integer from 0 to 86400")
    with pytest.raises(MonitoringConfigError, match="^alarm_factory.paging"):
        _factory_props_with(paging=60)


def _factory_props_with(**changes: object) -> AlarmFactoryProps:
    return AlarmFactoryProps(identity=ServiceIdentity(service="orders", environment="prod", region="eu-west-1"),
                             routing=AlertRouting(notifications=EVERYONE_HEARS), **changes)
