"""Build IAM policy documents as ``data.aws_iam_policy_document``.

Structured documents (not JSON strings) let terraform validate them and let
checkov read them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .._cdk import (
    Construct,
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Statement:
    """One policy statement; ``principals`` maps a type (AWS, Service) to identifiers.

    ``conditions`` are (test, variable, values) triples.
    """

    sid: str
    actions: Sequence[str]
    resources: Sequence[str] = ("*",)
    principals: Mapping[str, Sequence[str]] = field(default_factory=dict)
    conditions: Sequence[tuple[str, str, Sequence[str]]] = ()
    effect: str = "Allow"


def policy_document(scope: Construct, construct_id: str, statements: Sequence[Statement]) -> DataAwsIamPolicyDocument:
    return DataAwsIamPolicyDocument(scope, construct_id, statement=statement_blocks(statements))


def statement_blocks(statements: Sequence[Statement]) -> list[DataAwsIamPolicyDocumentStatement]:
    """The ``statement`` blocks of a policy document (also for ``put_statement`` when it grows)."""
    return [
        DataAwsIamPolicyDocumentStatement(
            sid=item.sid,
            effect=item.effect,
            actions=list(item.actions),
            resources=list(item.resources) or None,
            principals=[
                DataAwsIamPolicyDocumentStatementPrincipals(type=kind, identifiers=list(ids))
                for kind, ids in item.principals.items()
            ]
            or None,
            condition=[
                DataAwsIamPolicyDocumentStatementCondition(test=test, variable=variable, values=list(values))
                for test, variable, values in item.conditions
            ]
            or None,
        )
        for item in statements
    ]


def trust_policy(
    scope: Construct,
    construct_id: str,
    *,
    sid: str,
    service: str,
    account_id: str,
    source_arn: str | None = None,
) -> DataAwsIamPolicyDocument:
    """A role trust policy: ``service`` may assume the role on behalf of this account only.

    A trust policy may not name a Resource (IAM rejects the role), so none is set.
    """
    conditions = [("StringEquals", "aws:SourceAccount", [account_id])]
    if source_arn is not None:
        conditions.append(("ArnLike", "aws:SourceArn", [source_arn]))
    return policy_document(
        scope,
        construct_id,
        [
            Statement(
                sid=sid,
                actions=["sts:AssumeRole"],
                resources=(),
                principals={"Service": [service]},
                conditions=conditions,
            )
        ],
    )
