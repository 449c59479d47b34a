"""Log groups, in the seed's words."""

from __future__ import annotations

import pytest

from monitoring_constructs.core.environments import LogRetention
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.logs.groups import LogGroups, LogGroupsProps
from tests.rejections import rejected
from tests.stack_assertions import Synthesized, synth_construct


@pytest.mark.parametrize(
    ("kind", "days"), [("application", 14), ("error", 30), ("access", 7)]
)
def test_prod_logs_keep_the_seeds_prod_retention(prod: Synthesized, kind: str, days: int) -> None:
    assert prod.log_group(f"/ecs/fileflow-prod/{kind}")["retention_in_days"] == days


@pytest.mark.parametrize("environment", ["dev", "staging"])
@pytest.mark.parametrize(("kind", "days"), [("application", 7), ("error", 14), ("access", 3)])
def test_non_prod_logs_keep_the_seeds_non_prod_retention(
    stacks: dict[str, Synthesized], environment: str, kind: str, days: int
) -> None:
    stack = stacks[f"fileflow-{environment}"]
    assert stack.log_group(f"/ecs/fileflow-{environment}/{kind}")["retention_in_days"] == days


def test_shared_rds_gets_a_db_query_log_group_named_per_environment_kept_7_days(prod: Synthesized) -> None:
    assert prod.log_group("/aws/rds/fileflow-prod/queries")["retention_in_days"] == 7


def test_no_shared_rds_no_db_query_log_group(dev: Synthesized, staging: Synthesized) -> None:
    assert dev.log_group_names() == {*(f"/ecs/fileflow-dev/{k}" for k in ("application", "error", "access")),
                                     "/aws/events/fileflow-dev/deployments"}
    assert not any("/aws/rds/" in name for name in staging.log_group_names())


def test_every_log_group_is_encrypted_with_the_monitoring_key(stacks: dict[str, Synthesized]) -> None:
    for stack in stacks.values():
        (key_id,) = stack.resource_ids("aws_kms_key")
        for group in stack.resources("aws_cloudwatch_log_group"):
            assert group["kms_key_id"] == f"${{aws_kms_key.{key_id}.arn}}", group["name"]


def test_prod_log_groups_survive_a_destroy_and_non_prod_ones_do_not(prod: Synthesized, dev: Synthesized) -> None:
    service_groups = ("/ecs/fileflow-prod/application", "/ecs/fileflow-prod/error", "/ecs/fileflow-prod/access",
                      "/aws/rds/fileflow-prod/queries")
    assert all(prod.log_group(name)["skip_destroy"] is True for name in service_groups)
    assert all(group["skip_destroy"] is False for group in dev.resources("aws_cloudwatch_log_group"))


def test_log_groups_carry_the_required_tags_and_the_seeds_name_and_component(prod: Synthesized) -> None:
    tags = prod.log_group("/ecs/fileflow-prod/application")["tags"]
    assert tags == {
        "Service": "fileflow",
        "Environment": "prod",
        "ManagedBy": "cdktf",
        "Name": "fileflow-prod-application-logs",
        "Component": "logging",
    }


IDENTITY = ServiceIdentity(service="orders", environment="qa", region="eu-west-1")
KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f0e0d0c-0b0a-0908-0706-050403020100"
RETENTION = LogRetention(application=30, error=60, access=5, db_queries=3)


def synth_alone(**props: object) -> Synthesized:
    arguments = {"identity": IDENTITY, "kms_key_arn": KEY, "retention": RETENTION, **props}
    return synth_construct(lambda stack: LogGroups(stack, "Logs", props=LogGroupsProps(**arguments)),
                           region=IDENTITY.region)


def test_log_groups_work_alone_from_their_props_no_monitoring_settings() -> None:
    stack = synth_alone()
    assert stack.log_group_names() == {"/ecs/orders-qa/application", "/ecs/orders-qa/error"}
    assert stack.log_group("/ecs/orders-qa/error")["retention_in_days"] == 60
    assert stack.log_group("/ecs/orders-qa/error")["skip_destroy"] is False


def test_the_props_choose_the_access_and_db_query_logs_and_whether_they_are_kept() -> None:
    stack = synth_alone(access_logs=True, db_query_logs=True, retain_data=True)
    assert stack.log_group("/ecs/orders-qa/access")["retention_in_days"] == 5
    assert stack.log_group("/aws/rds/orders-qa/queries")["retention_in_days"] == 3
    assert all(group["skip_destroy"] is True for group in stack.resources("aws_cloudwatch_log_group"))
    assert synth_alone(application_logs=False, db_query_logs=True).log_group_names() == {"/aws/rds/orders-qa/queries"}


def test_an_access_log_needs_the_services_application_logs() -> None:
    rejected(lambda: LogGroupsProps(identity=IDENTITY, kms_key_arn=KEY, retention=RETENTION, application_logs=False,
                                    access_logs=True),
             "log_groups.access_logs", "True", "False without application_logs")
    rejected(lambda: LogGroupsProps(identity=IDENTITY, kms_key_arn=KEY, retention={"application": 7}),  # type: ignore[arg-type]
             "log_groups.retention", "{'application': 7}", "a LogRetention(...) value")
