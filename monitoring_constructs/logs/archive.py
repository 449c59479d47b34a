"""LogArchiveBucket: the S3 bucket ``python -m monitoring_constructs.tools.export_logs`` exports into.

``LogArchiveProps.bucket_name``, else ``<prefix>-logs-archive`` (the seed's name and the export
CLI's default), with:

- SSE-KMS with the given customer-managed key and an S3 Bucket Key (fewer KMS calls);
- versioning, all public access blocked, ACLs disabled (``BucketOwnerEnforced``);
- lifecycle: Glacier Flexible Retrieval after ``glacier_after_days``, expiry after
  ``expire_after_days``, old versions expire after ``noncurrent_expire_days``,
  incomplete multipart uploads are aborted;
- a bucket policy that lets CloudWatch Logs of THIS account and service
  (``logs.<region>.amazonaws.com``, ``aws:SourceAccount`` and ``aws:SourceArn``
  conditions) call ``s3:GetBucketAcl`` and ``s3:PutObject`` with
  ``x-amz-acl = bucket-owner-full-control``, and denies every request not over TLS;
- where log groups are kept on destroy (prod), ``prevent_destroy`` on the bucket and
  on every resource configuring it: no plan may destroy or replace them (``retained_data.py``).

CloudWatch Logs exports to SSE-KMS buckets are supported (CreateExportTask API
reference) once the KMS key policy lets ``logs.<region>.amazonaws.com`` use the
key; without that statement the export task fails. ``MonitoringKey`` writes it
(``CloudWatchLogsExportToTheArchiveBucket``) for the bucket its props name;
a key of your own needs the same (README, "Bring your own KMS key").
(``kms:EncryptionContext:aws:s3:arn`` is the bucket ARN with a Bucket Key, the
object ARN without one.)
"""

from __future__ import annotations

from dataclasses import dataclass

from .._cdk import (
    Construct,
    Fn,
    S3Bucket,
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
    S3BucketLifecycleConfigurationRuleTransition,
    S3BucketOwnershipControls,
    S3BucketOwnershipControlsRule,
    S3BucketPolicy,
    S3BucketPublicAccessBlock,
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
    S3BucketVersioningA,
    S3BucketVersioningVersioningConfiguration,
)
from ..core.errors import MonitoringConfigError
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..core.validation import (
    KMS_KEY,
    require_arn,
    require_bool,
    require_instance,
    require_int,
    require_one_of,
    require_s3_bucket_name,
)
from ..infra.account import AccountContext
from ..infra.policy import Statement, policy_document
from .retained_data import retained_data_lifecycle

STORAGE_CLASSES = ("GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "STANDARD_IA")


@dataclass(frozen=True, kw_only=True, slots=True)
class LogArchiveProps:
    """The archive bucket's owner, key and lifecycle.

    ``identity``: whose log groups may export into it, and the names and tags.
    ``kms_key_arn``: the customer-managed key (see the module docstring for its policy).
    ``bucket_name``: default ``<prefix>-logs-archive``; S3 names are global, so another
    account may already own it. ``MonitoringKey`` admits exports into the bucket its
    ``archive_bucket_name`` names: give both the same name.
    ``retain_data`` (default False): log groups are kept on destroy, so the archive is
    kept too (``prevent_destroy`` on the bucket and its configuration).
    Defaults: Glacier after 30 days, expire after 365, old versions after 30,
    incomplete uploads aborted after 7. ``force_destroy`` (delete the objects on
    destroy) is refused with ``retain_data``: the archive is kept too.

    Example::

        LogArchiveProps(identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
                        kms_key_arn=key.arn, expire_after_days=730)
    """

    identity: ServiceIdentity
    kms_key_arn: str
    retain_data: bool = False
    bucket_name: str | None = None
    glacier_after_days: int = 30
    glacier_storage_class: str = "GLACIER"
    expire_after_days: int = 365
    noncurrent_expire_days: int = 30
    abort_multipart_days: int = 7
    force_destroy: bool = False

    def __post_init__(self) -> None:
        require_instance("log_archive.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...) value")
        require_arn("log_archive.kms_key_arn", self.kms_key_arn, KMS_KEY)
        require_bool("log_archive.retain_data", self.retain_data)
        if self.bucket_name is not None:
            require_s3_bucket_name("log_archive.bucket_name", self.bucket_name)
        require_int("log_archive.glacier_after_days", self.glacier_after_days, 0)
        require_one_of("log_archive.glacier_storage_class", self.glacier_storage_class, STORAGE_CLASSES)
        if self.glacier_storage_class == "STANDARD_IA" and self.glacier_after_days < 30:
            raise MonitoringConfigError(
                "log_archive.glacier_after_days", self.glacier_after_days, "at least 30 for STANDARD_IA (an S3 rule)"
            )
        require_int("log_archive.expire_after_days", self.expire_after_days, 1)
        if self.expire_after_days <= self.glacier_after_days:
            raise MonitoringConfigError(
                "log_archive.expire_after_days",
                self.expire_after_days,
                f"more days than glacier_after_days ({self.glacier_after_days})",
            )
        require_int("log_archive.noncurrent_expire_days", self.noncurrent_expire_days, 1)
        require_int("log_archive.abort_multipart_days", self.abort_multipart_days, 1)
        require_bool("log_archive.force_destroy", self.force_destroy)
        if self.force_destroy and self.retain_data:
            raise MonitoringConfigError(
                "log_archive.force_destroy", self.force_destroy,
                "False with retain_data (log groups are kept on destroy, and the archive with them)",
            )


class LogArchiveBucket(Construct):
    """The encrypted, versioned, private log archive that only CloudWatch Logs exports may write to.

    Example::

        identity = ServiceIdentity(service="orders", environment="dev", region="eu-west-1")
        archive = LogArchiveBucket(stack, "Archive", props=LogArchiveProps(identity=identity, kms_key_arn=key.arn))
        archive.bucket.bucket  # the name to pass to export_logs --bucket
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: LogArchiveProps) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(props.identity)
        region = props.identity.region
        account = AccountContext.of(self)
        self.bucket_name = props.bucket_name or naming.archive_bucket()  # both checked by S3's rules
        # Where data is retained, no plan may destroy or replace the bucket nor what configures it:
        # the bucket holds the exports; the ownership controls keep ACLs off (every object the
        # bucket owner's); the public access block and the policy (TLS only, writes only from this
        # service's log exports) keep it private; the encryption configuration keeps new exports
        # under the key; versioning keeps overwritten or deleted objects recoverable; the lifecycle
        # rules are the archive's retention (Glacier, expiry), which a kept archive keeps too.
        retained = retained_data_lifecycle(props.retain_data)
        self.bucket = S3Bucket(
            self,
            "Bucket",
            bucket=self.bucket_name,
            force_destroy=props.force_destroy,
            tags=naming.tags("logs-archive", "logging"),
            lifecycle=retained,
        )
        bucket_id = self.bucket.id
        S3BucketOwnershipControls(
            self,
            "Ownership",
            bucket=bucket_id,
            rule=S3BucketOwnershipControlsRule(object_ownership="BucketOwnerEnforced"),
            lifecycle=retained,
        )
        S3BucketPublicAccessBlock(
            self,
            "PublicAccessBlock",
            bucket=bucket_id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            lifecycle=retained,
        )
        S3BucketVersioningA(
            self, "Versioning", bucket=bucket_id,
            versioning_configuration=S3BucketVersioningVersioningConfiguration(status="Enabled"),
            lifecycle=retained,
        )
        S3BucketServerSideEncryptionConfigurationA(
            self,
            "Encryption",
            bucket=bucket_id,
            lifecycle=retained,
            rule=[
                S3BucketServerSideEncryptionConfigurationRuleA(
                    apply_server_side_encryption_by_default=(
                        S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                            sse_algorithm="aws:kms", kms_master_key_id=props.kms_key_arn
                        )
                    ),
                    bucket_key_enabled=True,
                )
            ],
        )
        S3BucketLifecycleConfiguration(
            self,
            "Lifecycle",
            bucket=bucket_id,
            lifecycle=retained,
            rule=[
                S3BucketLifecycleConfigurationRule(
                    id="archive-then-expire",
                    status="Enabled",
                    filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")],
                    transition=[
                        S3BucketLifecycleConfigurationRuleTransition(
                            days=props.glacier_after_days, storage_class=props.glacier_storage_class
                        )
                    ],
                    expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=props.expire_after_days)],
                    noncurrent_version_expiration=[
                        S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(
                            noncurrent_days=props.noncurrent_expire_days
                        )
                    ],
                    abort_incomplete_multipart_upload=[
                        S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(
                            days_after_initiation=props.abort_multipart_days
                        )
                    ],
                )
            ],
        )

        bucket_arn = self.bucket.arn
        objects_arn = Fn.join("", [bucket_arn, "/*"])
        log_groups_of_service = account.log_group_arns(region, naming.service_log_group_patterns())
        from_this_service = [
            ("StringEquals", "aws:SourceAccount", [account.account_id]),
            ("ArnLike", "aws:SourceArn", log_groups_of_service),
        ]
        logs_principal = {"Service": [account.service_principal("logs", region)]}
        self.policy_document = policy_document(
            self,
            "PolicyDocument",
            [
                Statement(
                    sid="CloudWatchLogsExportAclCheck",
                    actions=["s3:GetBucketAcl"],
                    resources=[bucket_arn],
                    principals=logs_principal,
                    conditions=from_this_service,
                ),
                Statement(
                    sid="CloudWatchLogsExportWrite",
                    actions=["s3:PutObject"],
                    resources=[objects_arn],
                    principals=logs_principal,
                    conditions=[*from_this_service, ("StringEquals", "s3:x-amz-acl", ["bucket-owner-full-control"])],
                ),
                Statement(
                    sid="DenyInsecureTransport",
                    effect="Deny",
                    actions=["s3:*"],
                    resources=[bucket_arn, objects_arn],
                    principals={"AWS": ["*"]},
                    conditions=[("Bool", "aws:SecureTransport", ["false"])],
                ),
            ],
        )
        S3BucketPolicy(self, "Policy", bucket=bucket_id, policy=self.policy_document.json, lifecycle=retained)

    @property
    def arn(self) -> str:
        return self.bucket.arn
