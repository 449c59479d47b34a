"""Rules for the S3 log archive that CloudWatch Logs exports into (and nothing else writes to)."""

from __future__ import annotations

import pytest

from monitoring_constructs.core.errors import MonitoringConfigError
from monitoring_constructs.core.identity import ServiceIdentity
from monitoring_constructs.logs.archive import LogArchiveBucket, LogArchiveProps
from tests.stack_assertions import synth_construct
from tests.rejections import rejected

IDENTITY = ServiceIdentity(service="fileflow", environment="prod", region="ap-northeast-2")
KEY = "arn:aws:kms:ap-northeast-2:123456789012:key/0f0e0d0c-0b0a-0908-0706-050403020100"
BUCKET_ID = "${aws_s3_bucket.Archive_Bucket_DB32D495.id}"
BUCKET_ARN = "${aws_s3_bucket.Archive_Bucket_DB32D495.arn}"


def synth(**props):
    arguments = {"identity": IDENTITY, "kms_key_arn": KEY, **props}
    return synth_construct(
        lambda stack: LogArchiveBucket(stack, "Archive", props=LogArchiveProps(**arguments)),
        region="ap-northeast-2",
    )


def test_the_archive_works_alone_from_its_props_no_monitoring_settings():
    stack = synth_construct(
        lambda stack: LogArchiveBucket(stack, "Archive", props=LogArchiveProps(
            identity=ServiceIdentity(service="orders", environment="qa", region="eu-west-1"), kms_key_arn=KEY)),
        region="eu-west-1",
    )
    bucket = stack.one("aws_s3_bucket")
    assert bucket["bucket"] == "orders-qa-logs-archive"
    assert bucket["tags"]["Environment"] == "qa"
    assert "lifecycle" not in bucket, "retain_data defaults to False: nothing is protected"


def statements(stack):
    return stack.policy_statements(stack.one("aws_s3_bucket_policy")["policy"])


def test_the_archive_bucket_is_named_like_the_seeds_export_script():
    assert synth().one("aws_s3_bucket")["bucket"] == "fileflow-prod-logs-archive"
    assert synth(bucket_name="fileflow-prod-logs-archive-123").one("aws_s3_bucket")["bucket"] == "fileflow-prod-logs-archive-123"


def test_objects_are_encrypted_with_the_given_key_and_a_bucket_key():
    (rule,) = synth().one("aws_s3_bucket_server_side_encryption_configuration", bucket=BUCKET_ID)["rule"]
    assert rule["apply_server_side_encryption_by_default"] == {"sse_algorithm": "aws:kms", "kms_master_key_id": KEY}
    assert rule["bucket_key_enabled"] is True


def test_the_bucket_is_versioned_private_and_without_acls():
    stack = synth()
    assert stack.one("aws_s3_bucket_versioning")["versioning_configuration"] == {"status": "Enabled"}
    block = stack.one("aws_s3_bucket_public_access_block", bucket=BUCKET_ID)
    assert all(block[flag] is True for flag in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"))
    assert stack.one("aws_s3_bucket_ownership_controls")["rule"] == {"object_ownership": "BucketOwnerEnforced"}


def test_logs_go_to_glacier_then_expire_and_old_versions_and_partial_uploads_are_cleaned_up():
    (rule,) = synth().one("aws_s3_bucket_lifecycle_configuration")["rule"]
    assert rule["status"] == "Enabled"
    assert rule["transition"] == [{"days": 30, "storage_class": "GLACIER"}]
    assert rule["expiration"] == [{"days": 365}]
    assert rule["noncurrent_version_expiration"] == [{"noncurrent_days": 30}]
    assert rule["abort_incomplete_multipart_upload"] == [{"days_after_initiation": 7}]
    (custom,) = synth(glacier_after_days=90, expire_after_days=400).one("aws_s3_bucket_lifecycle_configuration")["rule"]
    assert (custom["transition"][0]["days"], custom["expiration"][0]["days"]) == (90, 400)


def test_only_cloudwatch_logs_of_this_account_and_service_may_check_the_acl_and_put_objects():
    found = statements(synth())
    allows = {sid: s for sid, s in found.items() if s.get("effect", "Allow") == "Allow"}
    assert sorted(allows) == ["CloudWatchLogsExportAclCheck", "CloudWatchLogsExportWrite"]
    for statement in allows.values():
        (principal,) = statement["principals"]
        assert principal["type"] == "Service"
        assert principal["identifiers"][0].startswith('${join("", ["logs", ".", "ap-northeast-2", "."')
        variables = {c["variable"]: c for c in statement["condition"]}
        assert variables["aws:SourceAccount"]["test"] == "StringEquals"
        assert variables["aws:SourceArn"]["test"] == "ArnLike"
        assert any("log-group:/ecs/fileflow-prod/*" in arn for arn in variables["aws:SourceArn"]["values"])
    assert allows["CloudWatchLogsExportAclCheck"]["actions"] == ["s3:GetBucketAcl"]
    assert allows["CloudWatchLogsExportAclCheck"]["resources"] == [BUCKET_ARN]
    write = allows["CloudWatchLogsExportWrite"]
    assert write["actions"] == ["s3:PutObject"]
    assert write["resources"] == ['${join("", [' + BUCKET_ARN[2:-1] + ', "/*"])}']
    acl = {c["variable"]: c for c in write["condition"]}["s3:x-amz-acl"]
    assert (acl["test"], acl["values"]) == ("StringEquals", ["bucket-owner-full-control"])


def test_requests_without_tls_are_denied():
    deny = statements(synth())["DenyInsecureTransport"]
    assert deny["effect"] == "Deny"
    assert deny["actions"] == ["s3:*"]
    assert deny["condition"] == [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
    assert deny["principals"] == [{"type": "AWS", "identifiers": ["*"]}]


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"kms_key_arn": ""}, r"log_archive.kms_key_arn: '' is not allowed; allowed: a KMS key ARN"),
        ({"bucket_name": "Fileflow_Archive"}, r"log_archive.bucket_name: 'Fileflow_Archive' is not allowed; allowed: 3-63 lower-case"),
        ({"glacier_after_days": -1}, r"log_archive.glacier_after_days: -1 is not allowed; allowed: an integer >= 0"),
        ({"glacier_after_days": 400}, r"log_archive.expire_after_days: 365 is not allowed; allowed: more days than glacier_after_days \(400\)"),
        ({"glacier_storage_class": "ONEZONE"}, r"log_archive.glacier_storage_class: 'ONEZONE' is not allowed; allowed: one of GLACIER"),
        ({"glacier_storage_class": "STANDARD_IA", "glacier_after_days": 7}, r"log_archive.glacier_after_days: 7 is not allowed; allowed: at least 30 for STANDARD_IA"),
        ({"noncurrent_expire_days": 0}, r"log_archive.noncurrent_expire_days: 0 is not allowed; allowed: an integer >= 1"),
        ({"abort_multipart_days": 0}, r"log_archive.abort_multipart_days: 0 is not allowed; allowed: an integer >= 1"),
        ({"force_destroy": "yes"}, r"log_archive.force_destroy: 'yes' is not allowed; allowed: True or False"),
        ({"identity": "fileflow-prod"}, r"log_archive.identity: 'fileflow-prod' is not allowed; allowed: a ServiceIdentity"),
        ({"retain_data": 1}, r"log_archive.retain_data: 1 is not allowed; allowed: True or False"),
    ],
)
def test_bad_props_name_the_field_value_and_what_is_allowed(props, message):
    arguments = {"identity": IDENTITY, "kms_key_arn": KEY, **props}
    with pytest.raises(MonitoringConfigError, match=message):
        LogArchiveProps(**arguments)


@pytest.mark.parametrize(
    "name",
    # S3 rejects each at apply: an IP address, reserved prefixes and suffixes, adjacent dots.
    ["192.168.5.4", "sthree-logs", "amzn-s3-demo-logs", "xn--logs", "logs-s3alias", "logs--ol-s3", "logs.mrap",
     "logs--x-s3", "logs--table-s3", "logs..archive", "ab", "Logs"],
)
def test_bucket_names_follow_the_s3_naming_rules(name):
    rejected(lambda: LogArchiveProps(identity=IDENTITY, kms_key_arn=KEY, bucket_name=name),
             "log_archive.bucket_name", repr(name),
             "not an IP address, not starting with xn--, sthree-, amzn-s3-demo-, not ending with -s3alias, --ol-s3, "
             ".mrap, --x-s3, --table-s3 (S3 bucket naming rules)")


@pytest.mark.parametrize("name", ["logs.example.com", "orders-prod-logs-archive", "a1b", "1-2-3"])
def test_bucket_names_s3_accepts_are_accepted(name):
    assert LogArchiveProps(identity=IDENTITY, kms_key_arn=KEY, bucket_name=name).bucket_name == name


@pytest.mark.parametrize(
    ("props", "field", "value", "allowed"),
    [
        # The key policy grants are for the key: an alias or a non-ARN breaks every export.
        ({"kms_key_arn": "not-an-arn"}, "log_archive.kms_key_arn", "'not-an-arn'", "a KMS key ARN like arn:aws:kms:"),
        ({"kms_key_arn": "alias/aws/s3"}, "log_archive.kms_key_arn", "'alias/aws/s3'", "a KMS key ARN"),
        # S3 lifecycle days are int32.
        ({"expire_after_days": 2**31}, "log_archive.expire_after_days", "2147483648", "an integer >= 1 and <= 2147483647"),
        ({"noncurrent_expire_days": 2**31}, "log_archive.noncurrent_expire_days", "2147483648", "<= 2147483647"),
        ({"abort_multipart_days": 2**31}, "log_archive.abort_multipart_days", "2147483648", "<= 2147483647"),
        ({"glacier_after_days": 2**31}, "log_archive.glacier_after_days", "2147483648", "an integer >= 0 and <= 2147483647"),
        ({"glacier_after_days": 30.0}, "log_archive.glacier_after_days", "30.0", "an integer >= 0"),
    ],
)
def test_keys_are_key_arns_and_days_fit_s3s_integers(props, field, value, allowed):
    rejected(lambda: LogArchiveProps(**{"identity": IDENTITY, "kms_key_arn": KEY, **props}), field, value, allowed)


def test_a_multi_region_key_encrypts_the_archive():
    key = "arn:aws:kms:ap-northeast-2:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"
    assert LogArchiveProps(identity=IDENTITY, kms_key_arn=key).kms_key_arn == key
