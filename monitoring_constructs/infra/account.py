"""The account, partition and region facts that policies need, looked up once per stack."""

from __future__ import annotations

from collections.abc import Iterable

from .._cdk import Construct, DataAwsCallerIdentity, DataAwsPartition, Fn, TerraformStack

_CHILD_ID = "MonitoringAccount"


class AccountContext(Construct):
    """``data.aws_caller_identity`` and ``data.aws_partition``, shared by every construct of a stack."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self._identity = DataAwsCallerIdentity(self, "CallerIdentity")
        self._partition = DataAwsPartition(self, "Partition")

    @staticmethod
    def of(scope: Construct) -> AccountContext:
        stack = TerraformStack.of(scope)
        existing = stack.node.try_find_child(_CHILD_ID)
        return existing if isinstance(existing, AccountContext) else AccountContext(stack, _CHILD_ID)

    @property
    def account_id(self) -> str:
        return self._identity.account_id

    @property
    def partition(self) -> str:
        return self._partition.partition

    def root_principal(self) -> str:
        return Fn.join("", ["arn:", self.partition, ":iam::", self.account_id, ":root"])

    def service_principal(self, service: str, region: str | None = None) -> str:
        """``logs.<region>.amazonaws.com`` (or the partition's DNS suffix)."""
        parts = [service, "."] + ([region, "."] if region else []) + [self._partition.dns_suffix]
        return Fn.join("", parts)

    def arn(self, service: str, region: str, resource: str) -> str:
        return Fn.join("", ["arn:", self.partition, ":", service, ":", region, ":", self.account_id, ":", resource])

    def log_group_arns(self, region: str, patterns: Iterable[str]) -> list[str]:
        """Log group ARNs (``arn:...:log-group:<pattern>``) for names or wildcards."""
        return [self.arn("logs", region, f"log-group:{pattern}") for pattern in patterns]
