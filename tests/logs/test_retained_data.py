"""Prod's kept data stays readable: no plan may destroy or re-scope what holds or protects it (issue 8, item 9).

The deploy test shows the same against the emulator: a destroy with a non-empty archive and a
rename both fail on ``prevent_destroy`` and leave the data readable (tests/test_deploy.py).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from monitoring_constructs import props_from_settings
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.core.settings import MonitoringSettings
from monitoring_constructs.logs.archive import LogArchiveBucket, LogArchiveProps
from monitoring_constructs.logs.key import MonitoringKey
from stacks import fileflow_settings
from tests.rejections import rejected
from tests.stack_assertions import Synthesized, synth_construct

ALB = "app/fileflow-prod/0123456789abcdef"
#: The archive bucket and every resource that configures it.
ARCHIVE_TYPES = {
    "aws_s3_bucket",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_lifecycle_configuration",
}
LOGS_GRANT = "CloudWatchLogsEncryptThisServicesLogGroups"


def protected(stack: Synthesized) -> set[str]:
    """Resource types whose blocks a plan may not destroy or replace (``lifecycle.prevent_destroy``)."""
    return {
        resource_type
        for resource_type, blocks in stack.document.get("resource", {}).items()
        for block in blocks.values()
        if block.get("lifecycle", {}).get("prevent_destroy") is True
    }


def key_and_archive(settings: MonitoringSettings) -> Synthesized:
    def build(stack) -> None:
        key = MonitoringKey(stack, "Key", props=props_from_settings.monitoring_key(settings))
        LogArchiveBucket(stack, "Archive", props=props_from_settings.log_archive_bucket(settings, kms_key_arn=key.arn))

    return synth_construct(build, region=settings.region)


def logs_grant(stack: Synthesized) -> dict:
    (key,) = stack.resources("aws_kms_key")
    return stack.policy_statements(key["policy"])[LOGS_GRANT]


def test_prods_monitoring_key_cannot_be_destroyed_by_a_plan(prod: Synthesized) -> None:
    (key,) = prod.resources("aws_kms_key")
    assert key["lifecycle"] == {"prevent_destroy": True}


def test_prods_archive_and_everything_that_protects_it_cannot_be_destroyed_by_a_plan(prod: Synthesized) -> None:
    s3_types = {t for t in prod.document["resource"] if t.startswith("aws_s3_")}
    assert s3_types == ARCHIVE_TYPES, "a new S3 resource needs a decision: does it hold or protect the archive?"
    for resource_type in ARCHIVE_TYPES:
        (block,) = prod.resources(resource_type)
        assert block["lifecycle"] == {"prevent_destroy": True}, resource_type
    assert protected(prod) == {"aws_kms_key", *ARCHIVE_TYPES}, "the key and the archive, nothing else"


def test_devs_and_stagings_key_and_archive_can_be_destroyed(dev: Synthesized, staging: Synthesized) -> None:
    assert protected(dev) == protected(staging) == set()


def test_the_keys_alias_may_go_because_kept_data_names_the_key_by_arn(prod: Synthesized) -> None:
    (key_id,) = prod.resource_ids("aws_kms_key")
    key_arn = f"${{aws_kms_key.{key_id}.arn}}"
    assert "lifecycle" not in prod.one("aws_kms_alias")
    kept = [group for group in prod.resources("aws_cloudwatch_log_group") if group.get("skip_destroy") is True]
    # application, error, access, DB queries, and the RDS and deployment event logs
    assert len(kept) == 6 and all(group["kms_key_id"] == key_arn for group in kept)
    (rule,) = prod.one("aws_s3_bucket_server_side_encryption_configuration")["rule"]
    assert rule["apply_server_side_encryption_by_default"]["kms_master_key_id"] == key_arn


def test_prods_key_lets_cloudwatch_logs_use_it_for_every_log_group_of_the_account_and_region(
    prod: Synthesized,
) -> None:
    (condition,) = logs_grant(prod)["condition"]
    assert (condition["test"], condition["variable"]) == ("ArnLike", "kms:EncryptionContext:aws:logs:arn")
    (arn,) = condition["values"]
    assert '"logs", ":", "ap-northeast-2", ":", data.aws_caller_identity.' in arn, "this account and region"
    assert arn.endswith('.account_id, ":", "log-group:*"])}'), arn


@pytest.mark.parametrize(
    "renamed", [{"service": "filestore"}, {"environment": "production"}], ids=["service", "environment"]
)
def test_renaming_prod_keeps_the_keys_grant_to_the_log_groups_kept_under_the_old_name(renamed: dict) -> None:
    settings = fileflow_settings("prod", ALB)
    before, after = key_and_archive(settings), key_and_archive(replace(settings, **renamed))
    assert logs_grant(after) == logs_grant(before)
    assert after.one("aws_s3_bucket")["bucket"] != before.one("aws_s3_bucket")["bucket"], (
        "the renamed archive is another bucket: the plan that would replace it is refused"
    )


def test_a_renamed_dev_key_forgets_devs_old_log_groups_which_were_not_kept() -> None:
    settings = fileflow_settings("dev", ALB)
    before, after = key_and_archive(settings), key_and_archive(replace(settings, service="filestore"))
    assert logs_grant(after) != logs_grant(before)


def test_whoever_keeps_log_groups_on_destroy_keeps_their_key_and_archive_too() -> None:
    qa_keeping = key_and_archive(replace(fileflow_settings("dev", ALB), environment="qa", keep_log_groups_on_destroy=True))
    assert protected(qa_keeping) == {"aws_kms_key", *ARCHIVE_TYPES}
    assert logs_grant(qa_keeping)["condition"][0]["values"][0].endswith('"log-group:*"])}')
    prod_not_keeping = key_and_archive(replace(fileflow_settings("prod", ALB), keep_log_groups_on_destroy=False))
    assert protected(prod_not_keeping) == set()
    assert any("log-group:/ecs/fileflow-prod/*" in arn for arn in logs_grant(prod_not_keeping)["condition"][0]["values"])


def test_an_archive_that_is_kept_cannot_ask_to_delete_its_objects_on_destroy() -> None:
    identity = ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2")
    key = "arn:aws:kms:ap-northeast-2:123456789012:key/0f0e0d0c-0b0a-0908-0706-050403020100"
    rejected(
        lambda: LogArchiveProps(identity=identity, kms_key_arn=key, retain_data=True, force_destroy=True),
        "log_archive.force_destroy", "True", "False with retain_data (log groups are kept on destroy",
    )
    stack = synth_construct(
        lambda stack: LogArchiveBucket(
            stack, "Archive", props=LogArchiveProps(identity=identity, kms_key_arn=key, force_destroy=True)
        ),
        region=identity.region,
    )
    assert stack.one("aws_s3_bucket")["force_destroy"] is True

