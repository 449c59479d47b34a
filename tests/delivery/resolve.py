"""Turn a synthesized stack into the concrete values and IAM policies AWS would see after apply.

References resolve against a fake account (``111122223333``), partition ``aws``, DNS suffix
``amazonaws.com`` and the region of each block's provider (``"provider": "aws.chatbot"`` selects
the provider aliased ``chatbot``). Computed ``arn`` / ``id`` attributes are built from the
referenced resource's configured name in the AWS ARN formats; a KMS key and an AMP workspace get a
fixed fake id.
Anything not covered raises ``ExpressionError`` (see ``expressions.py``).

Example::

    stack = ResolvedStack(prod, name="fileflow-prod")
    stack.topic_policy("Monitoring_Alerts_P0_87333436")   # the topic policy as IAM JSON
    stack.arn("aws_sns_topic", "Monitoring_Alerts_P0_87333436")
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from tests.delivery.expressions import ExpressionError, evaluate_value
from tests.delivery.policy_document import render_policy_document
from tests.stack_assertions import Synthesized

ACCOUNT = "111122223333"
PARTITION = "aws"
DNS_SUFFIX = "amazonaws.com"

# resource type -> (name attribute, ARN of region r / account a / name n)
_ARNS: dict[str, tuple[str, Callable[[str, str, str], str]]] = {
    "aws_sns_topic": ("name", lambda r, a, n: f"arn:aws:sns:{r}:{a}:{n}"),
    "aws_s3_bucket": ("bucket", lambda r, a, n: f"arn:aws:s3:::{n}"),
    "aws_lambda_function": ("function_name", lambda r, a, n: f"arn:aws:lambda:{r}:{a}:function:{n}"),
    "aws_iam_role": ("name", lambda r, a, n: f"arn:aws:iam::{a}:role/{n}"),
    "aws_iam_policy": ("name", lambda r, a, n: f"arn:aws:iam::{a}:policy/{n}"),
    "aws_cloudwatch_log_group": ("name", lambda r, a, n: f"arn:aws:logs:{r}:{a}:log-group:{n}"),
    "aws_cloudwatch_metric_alarm": ("alarm_name", lambda r, a, n: f"arn:aws:cloudwatch:{r}:{a}:alarm:{n}"),
    "aws_cloudwatch_composite_alarm": ("alarm_name", lambda r, a, n: f"arn:aws:cloudwatch:{r}:{a}:alarm:{n}"),
    "aws_db_event_subscription": ("name", lambda r, a, n: f"arn:aws:rds:{r}:{a}:es:{n}"),
}
_ID_IS_ARN = {"aws_sns_topic"}
_DATA = {
    ("aws_partition", "partition"): lambda stack, block: PARTITION,
    ("aws_partition", "dns_suffix"): lambda stack, block: DNS_SUFFIX,
    ("aws_caller_identity", "account_id"): lambda stack, block: ACCOUNT,
    ("aws_region", "name"): lambda stack, block: stack.region(block),
    ("aws_region", "region"): lambda stack, block: stack.region(block),
    ("aws_iam_policy_document", "json"): lambda stack, block: json.dumps(stack.render(block)),
    ("aws_iam_policy_document", "minified_json"): lambda stack, block: json.dumps(stack.render(block)),
}


class ResolvedStack:
    """One synthesized stack with every value it needs resolved as AWS would see it."""

    def __init__(self, synthesized: Synthesized, *, name: str) -> None:
        self.synthesized, self.name = synthesized, name
        self.document = synthesized.document

    # -- values ----------------------------------------------------------------------------------
    def value(self, raw: Any) -> Any:
        """A synthesized value with every expression in it evaluated (strings, lists, objects)."""
        if isinstance(raw, str):
            return evaluate_value(raw, self._lookup)
        if isinstance(raw, list):
            return [self.value(item) for item in raw]
        if isinstance(raw, Mapping):
            return {key: self.value(item) for key, item in raw.items() if key != "//"}
        return raw

    def render(self, block: Mapping[str, Any]) -> dict[str, Any]:
        return render_policy_document(block, self.value)

    def region(self, block: Mapping[str, Any] | None = None) -> str:
        """The region of the provider a block uses (its ``provider`` alias, else the default)."""
        wanted = (block or {}).get("provider", "aws")
        alias = wanted.removeprefix("aws.") if wanted != "aws" else None
        matches = [p for p in self.document["provider"]["aws"] if p.get("alias") == alias]
        if len(matches) != 1:
            raise ExpressionError(f"{self.name}: no single provider {wanted!r}")
        region = self.value(matches[0].get("region", ""))
        if not isinstance(region, str) or not region:
            raise ExpressionError(f"{self.name}: provider {wanted!r} has no literal region")
        return region

    def resources(self, kind: str) -> dict[str, dict[str, Any]]:
        return self.document.get("resource", {}).get(kind, {})

    def block(self, kind: str, resource_id: str) -> dict[str, Any]:
        return self.resources(kind)[resource_id]

    def attribute(self, kind: str, resource_id: str, attribute: str) -> Any:
        """A resource attribute: computed (``arn``, ``id``, a key's ``key_id``) or configured."""
        block = self.block(kind, resource_id)
        generated = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.name}/{resource_id}"))
        if kind == "aws_kms_key" and attribute in ("key_id", "id"):
            return generated
        if kind == "aws_kms_key" and attribute == "arn":
            return f"arn:aws:kms:{self.region(block)}:{ACCOUNT}:key/{generated}"
        if kind == "aws_prometheus_workspace" and attribute in ("id", "arn"):
            workspace = f"ws-{generated}"
            return workspace if attribute == "id" else f"arn:aws:aps:{self.region(block)}:{ACCOUNT}:workspace/{workspace}"
        if kind == "aws_cloudwatch_event_rule" and attribute == "arn":
            bus = self.value(block.get("event_bus_name", "default"))
            rule = self.attribute(kind, resource_id, "name")
            path = rule if bus == "default" else f"{bus}/{rule}"
            return f"arn:aws:events:{self.region(block)}:{ACCOUNT}:rule/{path}"
        if kind in _ARNS and attribute in ("arn", "id"):
            name_attribute, arn = _ARNS[kind]
            name = self.attribute(kind, resource_id, name_attribute)
            return arn(self.region(block), ACCOUNT, name) if attribute == "arn" or kind in _ID_IS_ARN else name
        if attribute in block:
            return self.value(block[attribute])
        raise ExpressionError(f"{self.name}: cannot compute {kind}.{resource_id}.{attribute}")

    def arn(self, kind: str, resource_id: str) -> str:
        return self.attribute(kind, resource_id, "arn")

    def _lookup(self, names: tuple[str, ...]) -> Any:
        if names[0] == "data":
            if len(names) != 4:
                raise ExpressionError(f"unsupported reference {'.'.join(names)}")
            _, kind, data_id, attribute = names
            compute = _DATA.get((kind, attribute))
            if compute is None:
                raise ExpressionError(f"{self.name}: cannot compute data.{kind}.{data_id}.{attribute}")
            return compute(self, self.document["data"][kind][data_id])
        if len(names) != 3 or names[0] in ("var", "local", "module"):
            raise ExpressionError(f"unsupported reference {'.'.join(names)}")
        return self.attribute(*names)

    # -- who owns what ---------------------------------------------------------------------------
    def find(self, kind: str, attribute: str, value: Any) -> list[str]:
        """Ids of the resources of ``kind`` whose ``attribute`` resolves to ``value``."""
        return [rid for rid in self.resources(kind) if self.attribute(kind, rid, attribute) == value]

    def one(self, kind: str, attribute: str, value: Any) -> str:
        found = self.find(kind, attribute, value)
        if len(found) != 1:
            raise LookupError(f"{self.name}: expected one {kind} with {attribute} {value!r}, found {found}")
        return found[0]

    def _policy(self, raw: Any) -> dict[str, Any]:
        value = self.value(raw)
        return json.loads(value) if isinstance(value, str) else value

    def topic_policy(self, topic_id: str) -> dict[str, Any]:
        """The policy of an SNS topic (its ``aws_sns_topic_policy``, or the topic's own ``policy``)."""
        topic = self.block("aws_sns_topic", topic_id)
        attached = self.find("aws_sns_topic_policy", "arn", self.arn("aws_sns_topic", topic_id))
        if len(attached) + ("policy" in topic) != 1:
            raise LookupError(f"{self.name}: topic {topic_id} needs exactly one policy, has {attached}")
        return self._policy(topic["policy"] if "policy" in topic else self.block("aws_sns_topic_policy", attached[0])["policy"])

    def key_policy(self, key_id: str) -> dict[str, Any]:
        """The key policy of a KMS key (``aws_kms_key.policy`` or an ``aws_kms_key_policy``)."""
        key = self.block("aws_kms_key", key_id)
        attached = self.find("aws_kms_key_policy", "key_id", self.attribute("aws_kms_key", key_id, "key_id"))
        if len(attached) + ("policy" in key) != 1:
            raise LookupError(f"{self.name}: key {key_id} needs exactly one policy, has {attached}")
        return self._policy(key["policy"] if "policy" in key else self.block("aws_kms_key_policy", attached[0])["policy"])

    def bucket_policy(self, bucket_id: str) -> dict[str, Any]:
        """The bucket policy (``aws_s3_bucket_policy``) of an S3 bucket."""
        name = self.attribute("aws_s3_bucket", bucket_id, "bucket")
        return self._policy(self.block("aws_s3_bucket_policy", self.one("aws_s3_bucket_policy", "bucket", name))["policy"])

    def role_trust_policy(self, role_id: str) -> dict[str, Any]:
        return self._policy(self.block("aws_iam_role", role_id)["assume_role_policy"])

    def role_policies(self, role_id: str) -> list[dict[str, Any]]:
        """The inline policies (``aws_iam_role_policy``) of a role."""
        names = (self.attribute("aws_iam_role", role_id, "name"), self.arn("aws_iam_role", role_id))
        return [self._policy(p["policy"]) for p in self.resources("aws_iam_role_policy").values()
                if self.value(p["role"]) in names]

    def key_of(self, key_reference: str) -> str:
        """The id of the stack's ``aws_kms_key`` that an ARN, key id or alias (name or ARN) names."""
        for key_id in self.resources("aws_kms_key"):
            key_uuid = self.attribute("aws_kms_key", key_id, "key_id")
            aliases = [self.value(alias["name"]) for alias in self.resources("aws_kms_alias").values()
                       if self.value(alias["target_key_id"]) in (key_uuid, self.arn("aws_kms_key", key_id))]
            names = {key_uuid, self.arn("aws_kms_key", key_id), *aliases,
                     *(f"arn:aws:kms:{self.region()}:{ACCOUNT}:{alias}" for alias in aliases)}
            if key_reference in names:
                return key_id
        raise LookupError(f"{self.name}: {key_reference!r} is no KMS key of this stack (its policy cannot be checked)")

    def lambda_policy(self, function_id: str) -> dict[str, Any]:
        """The function's resource policy as Lambda builds it from its ``aws_lambda_permission``s."""
        function_arn = self.arn("aws_lambda_function", function_id)
        names = (function_arn, self.attribute("aws_lambda_function", function_id, "function_name"))
        statements = [
            _permission_statement(self.value(permission), function_arn)
            for permission in self.resources("aws_lambda_permission").values()
            if self.value(permission["function_name"]) in names
        ]
        return {"Version": "2012-10-17", "Statement": statements}


_PERMISSION_FIELDS = {"statement_id", "action", "function_name", "principal", "source_arn", "source_account",
                      "qualifier", "provider", "depends_on", "lifecycle"}


def _permission_statement(permission: Mapping[str, Any], function_arn: str) -> dict[str, Any]:
    """One ``aws_lambda_permission`` as the statement Lambda's AddPermission stores.

    (Lambda Developer Guide, "Working with resource-based IAM policies in Lambda":
    ``SourceArn`` becomes ``ArnLike AWS:SourceArn``, ``SourceAccount`` ``StringEquals AWS:SourceAccount``.)
    """
    unknown = set(permission) - _PERMISSION_FIELDS
    if unknown:
        raise ExpressionError(f"aws_lambda_permission arguments not modelled: {sorted(unknown)}")
    principal = permission["principal"]
    condition: dict[str, Any] = {}
    if "source_arn" in permission:
        condition["ArnLike"] = {"AWS:SourceArn": permission["source_arn"]}
    if "source_account" in permission:
        condition["StringEquals"] = {"AWS:SourceAccount": permission["source_account"]}
    resource = function_arn + (f":{permission['qualifier']}" if "qualifier" in permission else "")
    statement = {
        "Sid": permission.get("statement_id", ""),
        "Effect": "Allow",
        "Principal": {"Service": principal} if principal.endswith(".amazonaws.com") else {"AWS": principal},
        "Action": permission["action"],
        "Resource": resource,
    }
    return statement | ({"Condition": condition} if condition else {})
