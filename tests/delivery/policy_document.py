"""Render a ``data.aws_iam_policy_document`` block to the IAM JSON the AWS provider produces.

The provider's rules (internal/service/iam/policy_document_data_source.go and
iam_policy_model.go of hashicorp/terraform-provider-aws):

- ``Version`` defaults to ``2012-10-17``; every statement has a ``Sid`` (``""`` when unset) and an
  ``Effect`` (default ``Allow``);
- actions, resources and principal identifiers are sets: one value renders as a string, several
  as a list sorted in reverse;
- principals of one type merge into one list; a single ``{"type": "*", "identifiers": ["*"]}``
  renders as ``"Principal": "*"``;
- conditions render as ``{test: {variable: values}}``, one value as a string; two conditions with
  the same test and variable merge their lists (their values then OR, not AND), and a single
  value replaces an earlier one.

``source_policy_documents`` / ``override_policy_documents`` are not rendered: they raise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tests.delivery.expressions import ExpressionError

Resolve = Callable[[Any], Any]

_STATEMENT_FIELDS = {"sid", "effect", "actions", "not_actions", "resources", "not_resources",
                     "principals", "not_principals", "condition"}


def render_policy_document(block: Mapping[str, Any], resolve: Resolve) -> dict[str, Any]:
    """The IAM JSON (as a dict) of one ``aws_iam_policy_document`` block; ``resolve`` evaluates values."""
    unsupported = set(block) - {"statement", "version", "policy_id", "//"}
    if unsupported:
        raise ExpressionError(f"aws_iam_policy_document arguments not rendered here: {sorted(unsupported)}")
    document: dict[str, Any] = {"Version": block.get("version", "2012-10-17")}
    if "policy_id" in block:
        document["Id"] = resolve(block["policy_id"])
    document["Statement"] = [_statement(item, resolve) for item in block.get("statement", [])]
    return document


def _statement(item: Mapping[str, Any], resolve: Resolve) -> dict[str, Any]:
    unknown = set(item) - _STATEMENT_FIELDS
    if unknown:
        raise ExpressionError(f"unknown statement arguments {sorted(unknown)}")
    statement: dict[str, Any] = {"Sid": resolve(item.get("sid", "")), "Effect": item.get("effect", "Allow")}
    for source, target in (("actions", "Action"), ("not_actions", "NotAction"),
                           ("resources", "Resource"), ("not_resources", "NotResource")):
        values = _string_set([resolve(value) for value in item.get(source) or []])
        if values is not None:
            statement[target] = values
    for source, target in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        if item.get(source):
            statement[target] = _principals(item[source], resolve)
    if item.get("condition"):
        statement["Condition"] = _conditions(item["condition"], resolve)
    return statement


def _string_set(values: list[Any]) -> str | list[str] | None:
    """A Terraform set of strings as the provider writes it: none, one string, or a reverse-sorted list."""
    if not all(isinstance(value, str) for value in values):
        raise ExpressionError(f"expected strings: {values!r}")
    unique = sorted(set(values), reverse=True)
    if not unique:
        return None
    return unique[0] if len(unique) == 1 else unique


def _principals(blocks: list[Mapping[str, Any]], resolve: Resolve) -> str | dict[str, Any]:
    rendered = [(resolve(block["type"]), _string_set([resolve(i) for i in block["identifiers"]])) for block in blocks]
    if len(rendered) == 1 and rendered[0] == ("*", "*"):
        return "*"
    merged: dict[str, Any] = {}
    for kind, identifiers in rendered:
        if identifiers is None:
            raise ExpressionError(f"principal {kind} without identifiers")
        existing = merged.get(kind)
        if existing is None:
            merged[kind] = identifiers
        else:
            merged[kind] = [*([existing] if isinstance(existing, str) else existing),
                            *([identifiers] if isinstance(identifiers, str) else identifiers)]
    return merged


def _conditions(blocks: list[Mapping[str, Any]], resolve: Resolve) -> dict[str, dict[str, Any]]:
    rendered: dict[str, dict[str, Any]] = {}
    for block in blocks:
        test, variable = resolve(block["test"]), resolve(block["variable"])
        values = [resolve(value) for value in block["values"]]
        by_variable = rendered.setdefault(test, {})
        if len(values) == 1:
            by_variable[variable] = values[0]
        elif isinstance(by_variable.get(variable), str):
            raise ExpressionError(f"the provider fails on {test} {variable}: a list after a single value")
        else:
            by_variable[variable] = [*by_variable.get(variable, []), *values]
    return rendered
