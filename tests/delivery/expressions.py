"""The Terraform expression subset that CDKTF writes into ``cdk.tf.json``, evaluated offline.

A synthesized value is a literal (``"fileflow-prod-alerts-p0"``), one interpolation
(``"${aws_sns_topic.P0.arn}"``) or a template mixing both (``"${aws_s3_bucket.B.arn}/*"``).
Inside ``${...}`` this module understands exactly what the stacks use: quoted strings (which may
hold templates themselves), lists, references (``data.aws_partition.X.partition``) and
``join(separator, list)`` (what ``Fn.join`` renders). Anything else (another function, an
operator, an index, a number) raises ``ExpressionError``, so a new construct that writes a new
kind of expression fails loudly instead of being checked against a guess.

Example::

    evaluate_value('${join("", ["arn:", data.aws_partition.P.partition])}', lookup)  # "arn:aws"
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Lookup = Callable[[tuple[str, ...]], Any]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}


class ExpressionError(ValueError):
    """An expression outside the understood subset, or a reference that cannot be resolved."""


def evaluate_value(text: str, lookup: Lookup) -> Any:
    """The value of one synthesized string: itself, an interpolation's value, or a rendered template."""
    parser = _Parser(text, lookup)
    parts = parser.template(closing=None)
    if len(parts) == 1 and parts[0][0] == "value":
        return parts[0][1]
    return "".join(_as_text(kind, value, text) for kind, value in parts)


def _as_text(kind: str, value: Any, text: str) -> str:
    if kind == "value" and not isinstance(value, str):
        raise ExpressionError(f"a {type(value).__name__} cannot be interpolated into a string: {text}")
    return value


class _Parser:
    def __init__(self, text: str, lookup: Lookup) -> None:
        self.text, self.lookup, self.at = text, lookup, 0

    def fail(self, why: str) -> ExpressionError:
        return ExpressionError(f"{why} at character {self.at} of {self.text!r}")

    def peek(self, length: int = 1) -> str:
        return self.text[self.at:self.at + length]

    def template(self, closing: str | None) -> list[tuple[str, Any]]:
        """Literal text and ``${...}`` values up to ``closing`` (a quote) or the end."""
        parts: list[tuple[str, Any]] = []
        literal = ""
        while self.at < len(self.text):
            if closing is not None and self.peek() == closing:
                break
            if self.peek(3) == "$${":
                literal, self.at = literal + "${", self.at + 3
            elif self.peek(2) == "${":
                if literal:
                    parts.append(("text", literal))
                    literal = ""
                self.at += 2
                parts.append(("value", self.expression()))
                self.skip_space()
                self.expect("}")
            elif closing is not None and self.peek() == "\\":
                escape = self.text[self.at + 1:self.at + 2]
                if escape not in _ESCAPES:
                    raise self.fail(f"unsupported escape \\{escape}")
                literal, self.at = literal + _ESCAPES[escape], self.at + 2
            else:
                literal, self.at = literal + self.peek(), self.at + 1
        if closing is not None and self.peek() != closing:
            raise self.fail("unterminated string")
        if literal or not parts:
            parts.append(("text", literal))
        return parts

    def skip_space(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def expect(self, symbol: str) -> None:
        if self.peek() != symbol:
            raise self.fail(f"expected {symbol!r}")
        self.at += 1

    def expression(self) -> Any:
        self.skip_space()
        char = self.peek()
        if char == '"':
            self.at += 1
            parts = self.template(closing='"')
            self.expect('"')
            return "".join(_as_text(kind, value, self.text) for kind, value in parts)
        if char == "[":
            self.at += 1
            return self.items("]")
        match = _IDENTIFIER.match(self.text, self.at)
        if not match:
            raise self.fail("unsupported expression")
        self.at = match.end()
        if self.peek() == "(":
            self.at += 1
            return self.call(match.group(0), self.items(")"))
        names = [match.group(0)]
        while self.peek() == ".":
            self.at += 1
            part = _IDENTIFIER.match(self.text, self.at)
            if not part:
                raise self.fail("unsupported reference")
            names.append(part.group(0))
            self.at = part.end()
        self.skip_space()
        if self.peek() not in ("}", ",", "]", ")"):
            raise self.fail("unsupported operator or index")
        if len(names) < 3:
            raise self.fail(f"unsupported reference {'.'.join(names)}")
        return self.lookup(tuple(names))

    def items(self, closing: str) -> list[Any]:
        values: list[Any] = []
        self.skip_space()
        while self.peek() != closing:
            values.append(self.expression())
            self.skip_space()
            if self.peek() == ",":
                self.at += 1
                self.skip_space()
            elif self.peek() != closing:
                raise self.fail(f"expected ',' or {closing!r}")
        self.at += 1
        return values

    def call(self, name: str, arguments: list[Any]) -> Any:
        if name != "join":
            raise self.fail(f"unsupported function {name}()")
        if len(arguments) != 2 or not isinstance(arguments[0], str) or not isinstance(arguments[1], list):
            raise self.fail("join takes a separator and a list")
        if not all(isinstance(item, str) for item in arguments[1]):
            raise self.fail("join takes a list of strings")
        return arguments[0].join(arguments[1])
