"""Log groups, in the seed's words."""

from __future__ import annotations

import pytest

from tests.stack_assertions import Synthesized


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
    assert dev.log_group_names() == {f"/ecs/fileflow-dev/{k}" for k in ("application", "error", "access")}
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
