"""Plain values for the Terraform interpolations the library writes into ``cdk.tf.json``.

The replay reads only synthesized JSON, so a value such as
``${join("", ["arn:", data.aws_partition.P.partition, ":ecs:", ...])}`` must be turned
into the text AWS would see. ``Renderer`` knows exactly what the library emits:

* string literals and ``join(separator, [items...])``, nested;
* ``data.aws_partition.*.partition`` → ``aws``; ``data.aws_caller_identity.*.account_id``
  → the account; ``data.aws_region.*.name`` / ``.region`` → the region;
* a resource's name attribute (``name``, ``alarm_name``...) when it is plain text, and the
  ARN of an SNS topic, a log group, an alarm, an event rule or a Lambda function, built
  as AWS documents it ("Amazon Resource Names (ARNs)", AWS General Reference,
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).

Anything else raises ``ReplayError`` naming the expression: a replay never guesses.

Example::

    renderer = Renderer(stack, account="123456789012", region="eu-west-1")
    renderer.render('${join("", ["arn:", data.aws_partition.p.partition, ":sns"])}')  # "arn:aws:sns"
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..stacks import NAME_KEYS, ReviewError, Stack, tokens


class ReplayError(ReviewError):
    """The stack uses something the replay cannot evaluate exactly; the message names it."""


_TOKEN = re.compile(r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)|(?P<punct>[(),\[\]]))')
# service, ARN resource prefix for the resources whose ARN a rule, target or alarm uses.
_ARNS = {
    "aws_sns_topic": ("sns", ""),
    "aws_cloudwatch_log_group": ("logs", "log-group:"),
    "aws_cloudwatch_metric_alarm": ("cloudwatch", "alarm:"),
    "aws_cloudwatch_composite_alarm": ("cloudwatch", "alarm:"),
    "aws_cloudwatch_event_rule": ("events", "rule/"),
    "aws_lambda_function": ("lambda", "function:"),
}


class Renderer:
    """Renders interpolated strings of one stack for one account and region."""

    def __init__(self, stack: Stack, *, account: str, region: str) -> None:
        self.stack, self.account, self.region = stack, account, region

    def render(self, value: str, *, escape: Callable[[str], str] = str) -> str:
        """``value`` with every ``${...}`` replaced by its plain value; ReplayError if one is unknown."""
        parts, last = [], 0
        for start, end in tokens(value):
            parts.append(value[last:start])
            parts.append(escape(self._expression(value[start + 2 : end - 1])))
            last = end
        parts.append(value[last:])
        return "".join(parts)

    def render_json(self, value: str | Mapping[str, Any]) -> Any:
        """A JSON document written as a string with interpolations (an event pattern), parsed.

        The interpolations stand inside JSON strings unescaped, so they are rendered first;
        a document cdktf wrote as ``{"// JSON string": {...}}`` is rendered leaf by leaf.
        """
        if isinstance(value, Mapping):
            return self.render_tree(value.get("// JSON string", value))
        text = self.render(value, escape=lambda plain: json.dumps(plain)[1:-1])
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ReplayError(f"not a JSON document once rendered ({error.msg}): {text[:120]}") from None

    def render_or_keep(self, value: str) -> str:
        """Like ``render``, but a value that cannot be known offline stays as written.

        Used for metric dimensions such as ``${data.aws_lb.LoadBalancer.arn_suffix}``: AWS
        assigns them at apply time, so a ``World`` names such a metric by that text.
        """
        try:
            return self.render(value)
        except ReplayError:
            return value

    def render_tree(self, value: Any) -> Any:
        """Every string inside a JSON-like value rendered (mappings and lists kept)."""
        if isinstance(value, str):
            return self.render(value)
        if isinstance(value, Mapping):
            return {key: self.render_tree(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.render_tree(item) for item in value]
        return value

    def _expression(self, text: str) -> str:
        items = _tokenize(text)
        value, rest = self._parse(items, text)
        if rest:
            raise ReplayError(f"cannot evaluate the Terraform expression ${{{text}}}: unexpected {rest[0]!r}")
        return value

    def _parse(self, items: list[str], text: str) -> tuple[str, list[str]]:
        if not items:
            raise ReplayError(f"cannot evaluate the Terraform expression ${{{text}}}: it ends too early")
        head, rest = items[0], items[1:]
        if head.startswith('"'):
            return _unquote(head), rest
        if head == "join" and rest[:1] == ["("]:
            separator, rest = self._parse(rest[1:], text)
            if rest[:2] != [",", "["]:
                raise ReplayError(f"cannot evaluate ${{{text}}}: join needs a separator and a list")
            parts, rest = [], rest[2:]
            while rest[:1] != ["]"]:
                part, rest = self._parse(rest, text)
                parts.append(part)
                if rest[:1] == [","]:
                    rest = rest[1:]
            if rest[1:2] != [")"]:
                raise ReplayError(f"cannot evaluate ${{{text}}}: join is not closed")
            return separator.join(parts), rest[2:]
        if rest[:1] == ["("]:
            raise ReplayError(f"cannot evaluate the Terraform function {head}() in ${{{text}}}: only join() is known")
        return self.attribute(head), rest

    def attribute(self, reference: str) -> str:
        """The plain value of ``type.id.attribute`` or ``data.type.id.attribute``."""
        address, _, attribute = reference.rpartition(".")
        kind = address.split(".")[1] if address.startswith("data.") else address.split(".")[0]
        if kind == "aws_partition" and attribute == "partition":
            return "aws"
        if kind == "aws_caller_identity" and attribute == "account_id":
            return self.account
        if kind == "aws_region" and attribute in ("name", "region"):
            return self.region
        block = self.stack.block(address)
        if block is None:
            raise ReplayError(f"${{{reference}}} points at {address}, which is not in the stack")
        name = self._name(block)
        if attribute in NAME_KEYS and isinstance(block.get(attribute), str):
            return self.render(block[attribute])
        if attribute == "arn" and kind in _ARNS and name is not None:
            service, prefix = _ARNS[kind]
            return f"arn:aws:{service}:{self.region}:{self.account}:{prefix}{name}"
        raise ReplayError(f"cannot know ${{{reference}}} offline (only names and the ARNs of topics, "
                          "log groups, alarms, rules and functions are rendered)")

    def _name(self, block: Mapping[str, Any]) -> str | None:
        for key in NAME_KEYS:
            if isinstance(block.get(key), str):
                return self.render(block[key])
        return None


def _tokenize(text: str) -> list[str]:
    found, index = [], 0
    while index < len(text.rstrip()):
        match = _TOKEN.match(text, index)
        if match is None:
            raise ReplayError(f"cannot read the Terraform expression ${{{text}}} at {text[index:]!r}")
        found.append(match.group(match.lastgroup or "punct"))
        index = match.end()
    return found


def _unquote(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal[1:-1])
