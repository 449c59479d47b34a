"""The service's logs can be exported into its archive bucket; another account's, or plain HTTP, cannot.

An export task (``python -m monitoring_constructs.tools.export_logs``) makes CloudWatch Logs, as
``logs.<region>.amazonaws.com``, call ``s3:GetBucketAcl`` on the bucket and ``s3:PutObject`` with
``x-amz-acl: bucket-owner-full-control`` for the exported log group (``aws:SourceArn``,
``aws:SourceAccount``)
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/S3ExportTasks.html; exports to SSE-KMS
buckets are supported: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateExportTask.html).
S3 then asks the bucket's key for a data key on the exporter's behalf, with the encryption context
``aws:s3:arn`` = the bucket ARN when the bucket uses an S3 Bucket Key, the object ARN otherwise
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html).

Exported here: the service's container and database logs (``/ecs/...`` and ``/aws/rds/...``
groups); the helper Lambda's and Managed Prometheus' own logs are not archived. Every S3 bucket
of a stack is its log archive: a bucket for something else must be given its own rule here.
"""

from __future__ import annotations

from tests.delivery.aws_requests import OTHER_ACCOUNT, export_key_use, export_requests, in_account
from tests.delivery.iam_eval import Decision, Request, evaluate
from tests.delivery.inventory import bucket_encryption
from tests.delivery.stacks import ALLOWED, DENIED, EXPLICITLY_DENIED, LOG_EXPORT, DeliveryStack, assert_decisions

ARCHIVED_LOG_GROUPS = ("/ecs/", "/aws/rds/")


def exports(stack: DeliveryStack) -> list[tuple[str, str]]:
    """(bucket id, log group ARN) for each archive bucket and exported group."""
    resolved = stack.resolved
    groups = [(resolved.attribute("aws_cloudwatch_log_group", gid, "name"), resolved.arn("aws_cloudwatch_log_group", gid))
              for gid in resolved.resources("aws_cloudwatch_log_group")]
    return [(bucket, arn) for bucket in resolved.resources("aws_s3_bucket")
            for name, arn in groups if name.startswith(ARCHIVED_LOG_GROUPS)]


def object_key(stack: DeliveryStack) -> str:
    """An object an export task writes: the CLI's prefix (``cloudwatch-logs/<prefix>/<date>``), the task id, a stream."""
    return f"cloudwatch-logs/{stack.prefix}/2026/01/31/0d2c4b7e-5f7a-4a39-9c1e-3b8f2a6d1c55/app/abc123/000000.gz"


def bucket_decisions(stack: DeliveryStack, bucket_id: str, group_arn: str, *, secure: bool = True) -> list[tuple[Request, Decision]]:
    resolved = stack.resolved
    bucket = resolved.block("aws_s3_bucket", bucket_id)
    requests = export_requests(resolved.region(bucket), resolved.arn("aws_s3_bucket", bucket_id),
                               object_key(stack), group_arn, secure=secure)
    policy = resolved.bucket_policy(bucket_id)
    return [(request, evaluate(policy, request)) for request in requests]


def key_decision(stack: DeliveryStack, bucket_id: str, group_arn: str) -> Decision:
    resolved = stack.resolved
    key_id, bucket_key = bucket_encryption(resolved, bucket_id)
    bucket_arn = resolved.arn("aws_s3_bucket", bucket_id)
    context_arn = bucket_arn if bucket_key else f"{bucket_arn}/{object_key(stack)}"
    request = export_key_use(resolved.region(resolved.block("aws_s3_bucket", bucket_id)),
                             resolved.arn("aws_kms_key", key_id), context_arn, group_arn)
    return evaluate(resolved.key_policy(key_id), request)


def checks(stack: DeliveryStack, *, foreign: bool = False, secure: bool = True) -> dict[str, Decision]:
    """Each export request's decision (bucket policy, then the bucket's key) for every exported log group."""
    found: dict[str, Decision] = {}
    for bucket, arn in exports(stack):
        source = in_account(arn, OTHER_ACCOUNT) if foreign else arn
        found |= {f"{source} {request.action} {request.resource}": d
                  for request, d in bucket_decisions(stack, bucket, source, secure=secure)}
        # The key is confined to the archive by its encryption context, not by the source: the
        # bucket policy refuses other accounts (and plain HTTP) before S3 asks the key.
        if secure and not foreign:
            found[f"{source} kms:GenerateDataKey"] = key_decision(stack, bucket, source)
    return found


def test_the_services_logs_can_be_exported_into_its_archive(stack: DeliveryStack) -> None:
    assert_decisions(stack, LOG_EXPORT, checks(stack), ALLOWED, "exports into the archive fail")


def test_another_accounts_logs_cannot_be_exported_into_the_archive(stack: DeliveryStack) -> None:
    assert_decisions(stack, LOG_EXPORT, checks(stack, foreign=True), DENIED, "another account's exports are let in")


def test_an_export_over_plain_http_is_denied(stack: DeliveryStack) -> None:
    assert_decisions(stack, LOG_EXPORT, checks(stack, secure=False), EXPLICITLY_DENIED, "the archive does not deny plain HTTP")
