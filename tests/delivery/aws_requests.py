"""The requests AWS makes on each delivery path, as the service guides describe them.

Every request carries ``aws:SecureTransport`` ("always present in the request context", IAM User
Guide, condition operators page); ``secure=False`` builds the same request over plain HTTP.

- A service publishing to a topic for one of its resources (CloudWatch alarm, RDS instance):
  ``sns:Publish`` by the service principal with ``aws:SourceArn`` = that resource and
  ``aws:SourceAccount`` (SNS Developer Guide, "Example cases for Amazon SNS access control";
  RDS User Guide, "Granting permissions to publish notifications to an Amazon SNS topic").
- SNS encrypting that message with the topic's key for the publisher: ``kms:GenerateDataKey`` and
  ``kms:Decrypt`` by the same service principal (SNS Developer Guide, "Key management": "Enable
  compatibility between event sources from AWS services and encrypted topics"), with the
  encryption context ``aws:sns:topicArn`` = the topic, and the source keys only where AWS
  documents them for the service's KMS calls: CloudWatch alarms (the AWS key policy examples for
  service publishers condition on both, e.g. the GameLift FlexMatch guide, "Set up an SNS topic
  with server-side encryption"). For RDS, AWS documents none, so its KMS request carries none: a
  key policy that required them would drop every RDS event, and this model shows it.
- CloudWatch Logs using a log group's key: ``logs.<region>.amazonaws.com`` with the encryption
  context ``aws:logs:arn`` = the log group ARN (CloudWatch Logs User Guide, "Encrypt log data in
  CloudWatch Logs using AWS Key Management Service"). ``DescribeKey`` carries no encryption
  context, so only the cryptographic operations are modelled.
- An export task writing to its bucket: ``s3:GetBucketAcl`` on the bucket and ``s3:PutObject``
  with ``s3:x-amz-acl`` = ``bucket-owner-full-control`` by ``logs.<region>.amazonaws.com`` for the
  exported log group (``aws:SourceArn``, ``aws:SourceAccount``) (CloudWatch Logs User Guide,
  "Exporting log data to Amazon S3"); S3 then asks KMS for a data key with the encryption context
  ``aws:s3:arn`` = the bucket ARN when an S3 Bucket Key is on, the object ARN otherwise (S3 User
  Guide, "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys").
- EventBridge invoking a Lambda target: ``lambda:InvokeFunction`` by ``events.amazonaws.com`` with
  ``aws:SourceArn`` = the rule (Lambda Developer Guide, "Using resource-based policies for Lambda";
  EventBridge User Guide, "Using resource-based policies for Amazon EventBridge").
- EventBridge writing a matched event to a CloudWatch Logs target: ``logs:CreateLogStream`` and
  ``logs:PutLogEvents`` by ``events.amazonaws.com``, allowed by the account's CloudWatch Logs resource
  policies, never through a role (EventBridge User Guide, "Using resource-based policies for Amazon
  EventBridge", "CloudWatch Logs permissions"). The log stream is created in the group (resource
  ``log-group:<name>:*``, the form the console's own policy for log targets grants) and written as
  ``log-group:<name>:log-stream:<stream>``. AWS documents no source keys for these calls, so the
  request carries none. CloudWatch Logs then encrypts with the group's key as above.
"""

from __future__ import annotations

from tests.delivery.iam_eval import Request

OTHER_ACCOUNT = "444455556666"
CLOUDWATCH = "cloudwatch.amazonaws.com"  # publishes an alarm's notifications
SNS_KMS_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")
LOGS_KMS_ACTIONS = ("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey")
EXPORT_ACL = "bucket-owner-full-control"
# Service publishers whose KMS calls through SNS carry aws:SourceArn / aws:SourceAccount (see above).
KMS_SOURCE_KEYS = frozenset({"cloudwatch.amazonaws.com"})


def _transport(secure: bool) -> dict[str, str]:
    return {"aws:SecureTransport": "true" if secure else "false"}


def in_account(arn: str, account: str) -> str:
    """The same ARN in another account (the fifth component)."""
    parts = arn.split(":", 5)
    return ":".join([*parts[:4], account, parts[5]])


def service_publish(service: str, topic_arn: str, source_arn: str, *, secure: bool = True) -> Request:
    return Request(principal={"Service": service}, action="sns:Publish", resource=topic_arn,
                   context={"aws:SourceArn": source_arn, "aws:SourceAccount": source_arn.split(":")[4],
                            **_transport(secure)})


def service_topic_kms(service: str, action: str, key_arn: str, topic_arn: str, source_arn: str) -> Request:
    source = {"aws:SourceArn": source_arn, "aws:SourceAccount": source_arn.split(":")[4]} if service in KMS_SOURCE_KEYS else {}
    return Request(principal={"Service": service}, action=action, resource=key_arn,
                   context={**source, "kms:EncryptionContext:aws:sns:topicArn": topic_arn, **_transport(True)})


def logs_principal(region: str) -> dict[str, str]:
    return {"Service": f"logs.{region}.amazonaws.com"}


def logs_key_use(region: str, action: str, key_arn: str, log_group_arn: str) -> Request:
    return Request(principal=logs_principal(region), action=action, resource=key_arn,
                   context={"kms:EncryptionContext:aws:logs:arn": log_group_arn, **_transport(True)})


def export_requests(region: str, bucket_arn: str, object_key: str, log_group_arn: str,
                    *, secure: bool = True) -> list[Request]:
    """The bucket-policy checks of one export task: the ACL check, then each object write."""
    source = {"aws:SourceArn": log_group_arn, "aws:SourceAccount": log_group_arn.split(":")[4], **_transport(secure)}
    return [
        Request(principal=logs_principal(region), action="s3:GetBucketAcl", resource=bucket_arn, context=source),
        Request(principal=logs_principal(region), action="s3:PutObject", resource=f"{bucket_arn}/{object_key}",
                context={**source, "s3:x-amz-acl": EXPORT_ACL}),
    ]


def export_key_use(region: str, key_arn: str, encryption_context_arn: str, log_group_arn: str) -> Request:
    return Request(principal=logs_principal(region), action="kms:GenerateDataKey", resource=key_arn,
                   context={"kms:EncryptionContext:aws:s3:arn": encryption_context_arn, "aws:SourceArn": log_group_arn,
                            "aws:SourceAccount": log_group_arn.split(":")[4], **_transport(True)})


def schedule_invoke(function_arn: str, rule_arn: str) -> Request:
    return Request(principal={"Service": "events.amazonaws.com"}, action="lambda:InvokeFunction",
                   resource=function_arn,
                   context={"aws:SourceArn": rule_arn, "aws:SourceAccount": rule_arn.split(":")[4], **_transport(True)})



EVENTS = "events.amazonaws.com"
EVENT_LOG_STREAM = "eventbridge-delivery"  # any stream name: EventBridge chooses it


def event_log_writes(group_arn: str, *, principal: str = EVENTS) -> dict[str, Request]:
    """EventBridge's two calls writing an event into the log group ``group_arn``, by action."""
    return {
        "logs:CreateLogStream": Request(principal={"Service": principal}, action="logs:CreateLogStream",
                                        resource=f"{group_arn}:*", context=_transport(True)),
        "logs:PutLogEvents": Request(principal={"Service": principal}, action="logs:PutLogEvents",
                                     resource=f"{group_arn}:log-stream:{EVENT_LOG_STREAM}", context=_transport(True)),
    }
