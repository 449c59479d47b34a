"""The customer-managed KMS key that encrypts the log groups and alert topics.

The README's "Bring your own KMS key" lists these statements for a key of your own
(``MonitoringSettings.kms_key_arn``); keep the two in step.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from .._cdk import Construct, Fn, KmsAlias, KmsKey
from ..core.identity import ServiceIdentity
from ..core.naming import Naming
from ..core.routing import AlertRouting
from ..core.validation import require_bool, require_instance, require_s3_bucket_name
from ..infra.account import AccountContext
from ..infra.policy import Statement, policy_document
from .retained_data import retained_data_lifecycle

KEY_ROTATION = True
DELETION_WINDOW_DAYS = 30


@dataclass(frozen=True, kw_only=True, slots=True)
class MonitoringKeyProps:
    """Whose log groups, topics and archive the key serves.

    ``routing``: the topics the library creates for it (``own_topic_severities``) are the
    ones the key encrypts; with none, CloudWatch alarms get no grant. Pass the routing
    ``AlertTopicsProps`` gets: a key told of fewer topics than are made would leave the
    alarms unable to publish to them.
    ``retain_data`` (default False): log groups are kept on destroy, so the key admits every
    log group of the account and region and no plan may destroy it.
    ``rds_events`` is deprecated and ignored (DeprecationWarning when True): RDS events feed the
    ``rds-down`` alarm through a log group, so RDS needs no key grant.
    ``archive_bucket_name`` (default None: no archive): the bucket log exports are encrypted into,
    the one ``LogArchiveProps`` names.

    Example::

        MonitoringKeyProps(identity=ServiceIdentity(service="orders", environment="dev", region="eu-west-1"),
                           routing=AlertRouting(), archive_bucket_name="orders-dev-logs-archive")
    """

    identity: ServiceIdentity
    routing: AlertRouting
    retain_data: bool = False
    rds_events: bool = False
    archive_bucket_name: str | None = None

    def __post_init__(self) -> None:
        require_instance("monitoring_key.identity", self.identity, ServiceIdentity, "a ServiceIdentity(...) value")
        require_instance("monitoring_key.routing", self.routing, AlertRouting, "an AlertRouting(...) value")
        require_bool("monitoring_key.retain_data", self.retain_data)
        require_bool("monitoring_key.rds_events", self.rds_events)
        if self.rds_events:
            warnings.warn("MonitoringKeyProps.rds_events is deprecated and ignored: RDS events feed the rds-down alarm "
                          "through a log group the key already serves", DeprecationWarning, stacklevel=3)
        if self.archive_bucket_name is not None:
            require_s3_bucket_name("monitoring_key.archive_bucket_name", self.archive_bucket_name)


class MonitoringKey(Construct):
    """A KMS key whose policy really lets CloudWatch Logs and CloudWatch alarms use it.

    - CloudWatch Logs (``logs.<region>.amazonaws.com``) may encrypt only log
      groups of this service, enforced with the ``kms:EncryptionContext:aws:logs:arn``
      condition; without this statement log group creation fails. Where log groups
      are kept on destroy (prod), the condition covers every log group of the
      account and region instead, so groups kept under an earlier service or
      environment name stay readable after a rename; and the key itself cannot be
      destroyed by a plan (``retained_data.py``).
    - CloudWatch (``cloudwatch.amazonaws.com``) may ``kms:Decrypt`` and
      ``kms:GenerateDataKey*`` so alarms can publish to the encrypted topics;
      without it notifications are silently dropped (the AWS-managed
      ``alias/aws/sns`` key can never allow this). Only alarms of this account
      and region (``aws:SourceAccount``, ``aws:SourceArn``); which alarms may
      publish to which topic is the topic policies' job. Only for topics this
      key encrypts: none of it when every topic the alarms notify is an existing
      one. RDS and ECS events are alarms too (``notify/event_log.py``): their log
      groups ``/aws/events/<prefix>/*`` are this service's log groups.
    - CloudWatch Logs may encrypt log exports into the archive bucket
      (``kms:EncryptionContext:aws:s3:arn`` of that bucket only), when the
      archive is on.

    Example::

        identity = ServiceIdentity(service="orders", environment="dev", region="eu-west-1")
        key = MonitoringKey(stack, "Key", props=MonitoringKeyProps(identity=identity, routing=AlertRouting()))
        key.arn  # for LogGroupsProps(kms_key_arn=...)
    """

    def __init__(self, scope: Construct, construct_id: str, *, props: MonitoringKeyProps) -> None:
        super().__init__(scope, construct_id)
        naming = Naming(props.identity)
        region = props.identity.region
        account = AccountContext.of(self)
        log_group_arns = account.log_group_arns(
            region,
            # Kept log groups outlive the name they were created under; the context ARN still pins the
            # account and region (AWS's "any log group of this account" form, encrypt-log-data-kms).
            ("*",)
            if props.retain_data
            else (
                *naming.service_log_group_patterns(),
                # Exact names: /aws/lambda/<prefix>-* would admit another service's <prefix>-eu-... function.
                naming.log_analyzer_log_group(),
                naming.amp_log_group(),
            ),
        )
        own_topics = props.routing.own_topic_severities
        # The topic policies decide which alarms and DB instances may publish; the key only
        # keeps other accounts' (and, for alarms, other regions') services out.
        alarms = [
            Statement(
                sid="CloudWatchAlarmsPublishToEncryptedTopics",
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                principals={"Service": ["cloudwatch.amazonaws.com"]},
                conditions=[
                    ("StringEquals", "aws:SourceAccount", [account.account_id]),
                    ("ArnLike", "aws:SourceArn", [account.arn("cloudwatch", region, "alarm:*")]),
                ],
            )
        ] if own_topics else []
        document = policy_document(
            self,
            "Policy",
            [
                Statement(
                    sid="AccountAdministration",
                    actions=["kms:*"],
                    principals={"AWS": [account.root_principal()]},
                ),
                Statement(
                    sid="CloudWatchLogsEncryptThisServicesLogGroups",
                    actions=["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    principals={"Service": [account.service_principal("logs", region)]},
                    conditions=[("ArnLike", "kms:EncryptionContext:aws:logs:arn", log_group_arns)],
                ),
                *alarms,
                *([] if props.archive_bucket_name is None
                  else _archive_statement(props.archive_bucket_name, region, account)),
            ],
        )
        self.key = KmsKey(
            self,
            "Key",
            description=f"Encrypts the monitoring log groups and alert topics of {naming.prefix}",
            enable_key_rotation=KEY_ROTATION,
            deletion_window_in_days=DELETION_WINDOW_DAYS,
            policy=document.json,
            tags=naming.tags("monitoring-key", "security"),
            # Scheduling it for deletion would make the kept log groups and the archive unreadable.
            lifecycle=retained_data_lifecycle(props.retain_data),
        )
        # The alias is not protected: it guards no data (log groups and the bucket name the key by ARN).
        KmsAlias(self, "Alias", name=naming.kms_alias(), target_key_id=self.key.key_id)

    @property
    def arn(self) -> str:
        return self.key.arn


def _archive_statement(bucket_name: str, region: str, account: AccountContext) -> list[Statement]:
    """CloudWatch Logs may encrypt exports into the archive bucket, and only there."""
    archive_arn = Fn.join("", ["arn:", account.partition, ":s3:::", bucket_name])
    return [
        Statement(
            sid="CloudWatchLogsExportToTheArchiveBucket",
            actions=["kms:GenerateDataKey*", "kms:Decrypt"],
            principals={"Service": [account.service_principal("logs", region)]},
            # S3 sets this context on every SSE-KMS call, so it confines the grant to the
            # archive. No aws:SourceAccount: AWS documents no source keys on this KMS call
            # (a condition on a missing key would fail every export); the bucket policy
            # is what refuses other accounts' exports.
            conditions=[
                ("StringLike", "kms:EncryptionContext:aws:s3:arn", [archive_arn, Fn.join("", [archive_arn, "/*"])]),
            ],
        )
    ]
