"""Offline evaluation of AWS resource-based policies (topic, key, bucket and function policies).

``evaluate(policy, request)`` answers what the resource policy alone says about one request:
``ALLOW``, ``EXPLICIT_DENY`` or ``IMPLICIT_DENY``. No maintained Python library does this
(``policyuniverse`` parses policies and expands wildcards but evaluates no conditions; its last
release is from 2023; ``iam-policy-evaluator`` is not published), so the rules below are
implemented from the IAM User Guide, each with its page:

- Explicit ``Deny`` wins over any ``Allow``; without an applicable ``Allow`` the request is
  implicitly denied. (reference_policies_evaluation-logic.html)
- ``Principal`` / ``NotPrincipal``: ``"*"`` and ``{"AWS": "*"}`` are every principal; an account
  (``"111122223333"`` or ``arn:aws:iam::111122223333:root``) delegates to every principal of that
  account; no wildcard may match part of a principal. (reference_policies_elements_principal.html)
- ``Action`` / ``NotAction``: case-insensitive, ``*`` and ``?`` wildcards.
  (reference_policies_elements_action.html)
- ``Resource`` / ``NotResource``: ``*`` and ``?`` within the colon-separated ARN segments; a ``*``
  that ends a segment may match beyond the colon. (reference_policies_elements_resource.html)
- ``Condition``: operators AND, keys of one operator AND, values of one key OR, values of a
  negated operator NOR. Condition key names are case-insensitive.
  (reference_policies_condition-logic-multiple-context-keys-or-values.html,
  reference_policies_elements_condition.html)
- A key missing from the request: the condition is false, except for negated operators
  (``StringNotEquals``, ``ArnNotLike``...) where it is true; ``...IfExists`` makes it true;
  ``Null`` tests presence. (reference_policies_elements_condition_operators.html, "Important")
- ``ForAllValues:`` is true when every request value matches (and when the key is missing or
  empty); ``ForAnyValue:`` when at least one does (false when missing or empty).
  (reference_policies_condition-single-vs-multi-valued-context-keys.html)
- ``ArnEquals``/``ArnLike`` (identical) compare the six colon-delimited ARN components
  separately, each with ``*`` and ``?``. (reference_policies_elements_condition_operators.html#Conditions_ARN)

Anything else (Date/IP/Binary operators, policy variables, unknown elements) raises
``PolicyError`` instead of guessing.

Example::

    evaluate(topic_policy, Request(principal={"Service": "cloudwatch.amazonaws.com"},
                                   action="sns:Publish", resource=topic_arn,
                                   context={"aws:SourceAccount": "111122223333"}))
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
_POSITIVE = {
    "StringEquals": "string", "StringEqualsIgnoreCase": "string_ci", "StringLike": "string_like",
    "NumericEquals": "eq", "NumericLessThan": "lt", "NumericLessThanEquals": "le",
    "NumericGreaterThan": "gt", "NumericGreaterThanEquals": "ge",
    "Bool": "bool", "ArnEquals": "arn", "ArnLike": "arn",
}
_NEGATED = {
    "StringNotEquals": "StringEquals", "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike", "NumericNotEquals": "NumericEquals",
    "ArnNotEquals": "ArnEquals", "ArnNotLike": "ArnLike",
}
_STATEMENT_KEYS = {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
_PRINCIPAL_TYPES = {"AWS", "Service", "Federated", "CanonicalUser"}
_ACCOUNT = re.compile(r"^\d{12}$")


class Decision(enum.Enum):
    ALLOW = "allow"
    EXPLICIT_DENY = "explicit deny"
    IMPLICIT_DENY = "implicit deny"


class PolicyError(ValueError):
    """The policy uses something this evaluator does not implement (or that IAM rejects)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Request:
    """One request as AWS authorizes it against a resource policy.

    ``principal``: one entry, e.g. ``{"Service": "cloudwatch.amazonaws.com"}`` or
    ``{"AWS": "arn:aws:iam::111122223333:root"}``. ``context``: condition keys present in the
    request; a list value is a multivalued key (only set operators may test it).
    """

    principal: Mapping[str, str]
    action: str
    resource: str
    context: Mapping[str, str | Sequence[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.principal) != 1 or next(iter(self.principal)) not in _PRINCIPAL_TYPES:
            raise ValueError(f"principal must be one of {sorted(_PRINCIPAL_TYPES)}: {dict(self.principal)}")


def evaluate(policy: Mapping[str, Any], request: Request) -> Decision:
    """The resource policy's decision for ``request`` (every statement is checked, then Deny wins)."""
    unknown = set(policy) - {"Version", "Id", "Statement"}
    if unknown:
        raise PolicyError(f"unknown policy elements {sorted(unknown)}")
    if policy.get("Version", "2012-10-17") not in ("2012-10-17", "2008-10-17"):
        raise PolicyError(f"unknown policy version {policy.get('Version')!r}")
    statements = policy["Statement"]
    applicable = [
        statement["Effect"]
        for statement in ([statements] if isinstance(statements, Mapping) else statements)
        if _applies(statement, request)
    ]
    if "Deny" in applicable:
        return Decision.EXPLICIT_DENY
    return Decision.ALLOW if "Allow" in applicable else Decision.IMPLICIT_DENY


def _applies(statement: Mapping[str, Any], request: Request) -> bool:
    unknown = set(statement) - _STATEMENT_KEYS
    if unknown:
        raise PolicyError(f"unknown statement elements {sorted(unknown)}")
    if statement.get("Effect") not in ("Allow", "Deny"):
        raise PolicyError(f"Effect must be Allow or Deny: {statement.get('Effect')!r}")
    principal = _one_of(statement, "Principal", "NotPrincipal", lambda value: _principal_matches(value, request.principal))
    action = _one_of(statement, "Action", "NotAction", lambda value: any(_action_matches(p, request.action) for p in _strings(value)))
    resource = _one_of(statement, "Resource", "NotResource", lambda value: any(_resource_matches(p, request.resource) for p in _strings(value)))
    condition = _conditions_hold(statement.get("Condition", {}), request.context)
    return principal and action and resource and condition


def _one_of(statement: Mapping[str, Any], positive: str, negative: str, matches: Any) -> bool:
    present = [name for name in (positive, negative) if name in statement]
    if len(present) != 1:
        raise PolicyError(f"a resource policy statement needs exactly one of {positive}/{negative}: {statement}")
    result = matches(statement[present[0]])
    return result if present[0] == positive else not result


def _strings(value: Any) -> list[str]:
    values = [value] if isinstance(value, str) else list(value)
    if not values or not all(isinstance(item, str) for item in values):
        raise PolicyError(f"expected a string or a list of strings: {value!r}")
    return values


def _wildcard(pattern: str, *, star: str = ".*", one: str = ".") -> str:
    return "".join(star if c == "*" else one if c == "?" else re.escape(c) for c in pattern)


def _principal_matches(value: Any, principal: Mapping[str, str]) -> bool:
    if value == "*":
        return True
    if not isinstance(value, Mapping) or not set(value) <= _PRINCIPAL_TYPES:
        raise PolicyError(f"unknown principal {value!r}")
    (kind, identity), = principal.items()
    for policy_kind, identifiers in value.items():
        for identifier in _strings(identifiers):
            if identifier != "*" and ("*" in identifier or "?" in identifier):
                raise PolicyError(f"a wildcard cannot match part of a principal: {identifier!r}")
            if policy_kind == "AWS" and identifier == "*":
                return True
            if policy_kind == kind and (identifier == identity or _same_account(identifier, identity, kind)):
                return True
    return False


def _account_of(arn_or_account: str) -> str | None:
    if _ACCOUNT.match(arn_or_account):
        return arn_or_account
    parts = arn_or_account.split(":")
    return parts[4] if len(parts) >= 6 and parts[0] == "arn" else None


def _same_account(identifier: str, identity: str, kind: str) -> bool:
    """An account principal (id or ``:root`` ARN) delegates to every principal of that account."""
    is_account = _ACCOUNT.match(identifier) or (identifier.startswith("arn:") and identifier.endswith(":root"))
    return bool(kind == "AWS" and is_account and _account_of(identifier) == _account_of(identity))


def _action_matches(pattern: str, action: str) -> bool:
    return re.fullmatch(_wildcard(pattern), action, flags=re.IGNORECASE) is not None


def _resource_matches(pattern: str, resource: str) -> bool:
    """Wildcards stay within a segment, except a ``*`` that ends one."""
    regex = ""
    for index, char in enumerate(pattern):
        if char == "*":
            ends_segment = index + 1 == len(pattern) or pattern[index + 1] == ":"
            regex += ".*" if ends_segment else "[^:]*"
        else:
            regex += "[^:]" if char == "?" else re.escape(char)
    return re.fullmatch(regex, resource) is not None


def _arn_matches(pattern: str, value: str) -> bool:
    wanted = pattern.split(":", 5)
    if len(wanted) != 6 or wanted[0] != "arn":
        raise PolicyError(f"not an ARN pattern: {pattern!r}")
    found = value.split(":", 5)
    return len(found) == 6 and all(re.fullmatch(_wildcard(w), f) is not None for w, f in zip(wanted, found))


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _matches(kind: str, value: str, wanted: str) -> bool:
    """One request value against one policy value, for a positive operator."""
    if kind == "string":
        return value == wanted
    if kind == "string_ci":
        return value.casefold() == wanted.casefold()
    if kind == "string_like":
        return re.fullmatch(_wildcard(wanted), value, flags=re.DOTALL) is not None
    if kind == "bool":
        if wanted.lower() not in ("true", "false"):
            raise PolicyError(f"Bool needs true or false: {wanted!r}")
        return value.lower() == wanted.lower()
    if kind == "arn":
        return _arn_matches(wanted, value)
    limit, number = _number(wanted), _number(value)
    if limit is None:
        raise PolicyError(f"not a number: {wanted!r}")
    if number is None:
        return False
    return {"eq": number == limit, "lt": number < limit, "le": number <= limit, "gt": number > limit, "ge": number >= limit}[kind]


def _policy_values(raw: Any) -> list[str]:
    values = raw if isinstance(raw, list) else [raw]
    out = [("true" if v else "false") if isinstance(v, bool) else str(v) for v in values]
    if any("${" in v for v in out):
        raise PolicyError(f"policy variables are not supported: {out}")
    return out


def _conditions_hold(block: Mapping[str, Any], context: Mapping[str, str | Sequence[str]]) -> bool:
    present = {key.lower(): value for key, value in context.items()}
    if not isinstance(block, Mapping):
        raise PolicyError(f"Condition must be an object: {block!r}")
    results = [
        _condition_holds(operator, key, _policy_values(raw), present.get(key.lower()))
        for operator, entries in block.items()
        for key, raw in entries.items()
    ]
    return all(results)


def _condition_holds(operator: str, key: str, wanted: list[str], found: str | Sequence[str] | None) -> bool:
    qualifier, _, name = operator.rpartition(":")
    if qualifier not in ("", "ForAnyValue", "ForAllValues"):
        raise PolicyError(f"unknown set operator {qualifier!r}")
    if_exists = name.endswith("IfExists")
    base = name.removesuffix("IfExists")
    if base == "Null":
        if qualifier or if_exists:
            raise PolicyError(f"Null takes no set operator or IfExists: {operator}")
        return any((found is None) == (w.lower() == "true") for w in wanted)
    negated = base in _NEGATED
    kind = _POSITIVE.get(_NEGATED.get(base, base))
    if kind is None:
        raise PolicyError(f"condition operator not supported here: {operator}")
    if found is None:
        # Missing key: IfExists -> true; ForAllValues -> true; ForAnyValue -> false; else negated -> true.
        return if_exists or qualifier == "ForAllValues" or (qualifier == "" and negated)

    def one(value: str) -> bool:
        hit = any(_matches(kind, value, w) for w in wanted)
        return not hit if negated else hit

    if qualifier == "":
        if not isinstance(found, str):
            raise ValueError(f"{key} has several values in the request: test it with ForAnyValue/ForAllValues")
        return one(found)
    values = [found] if isinstance(found, str) else list(found)
    return all(map(one, values)) if qualifier == "ForAllValues" else any(map(one, values))
