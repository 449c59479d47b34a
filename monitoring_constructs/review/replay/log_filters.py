"""CloudWatch Logs filter patterns, offline: does a log line match a metric filter, and what value does it publish?

Source: CloudWatch Logs User Guide, "Filter pattern syntax for metric filters, subscription
filters, filter log events, and Live Tail"
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html), read
from the guide's public source (awsdocs/amazon-cloudwatch-logs-user-guide
``doc_source/FilterAndPatternSyntax.md``, its 2022 version 5bd7d24 and the older 1487b94; the
live page adds regular expressions). Three kinds of pattern:

* Terms (``ERROR``, ``"Failed to process"``, ``ERROR -Exiting``, ``?ERROR ?WARN``): every term
  must appear in the message (a substring, case sensitive); ``-term`` must not appear;
  ``?term`` terms match if any appears. Terms of characters other than letters, digits and
  ``_`` must be in double quotes. The empty pattern and ``" "`` match every message.
* JSON (``{ $.level = "ERROR" && $.latency > 500 }``): only a message that is a JSON value
  matches. Selectors ``$.a.b``, ``$.a[0]``; ``=`` / ``!=`` with a string (``*`` at its start
  or end is a wildcard, in the middle it is literal: "Ev*ent will only match the actual string
  Ev*ent"; a lone ``*`` matches any value; numbers are matched by their text, "Use the
  asterisk as a wild card to match numbers") or a number; ``< > <= >=`` with a number;
  ``IS NULL``, ``NOT EXISTS``, ``IS TRUE``, ``IS FALSE`` ("IS NOT and EXISTS currently aren't
  supported"); ``&&`` before ``||``, parentheses. A selector pointing to an array or object
  never matches ``=`` or ``!=``; one pointing nowhere matches only NOT EXISTS.
* Space-delimited (``[ip, user, ..., status_code = 5*, bytes > 1000]``): the message's fields
  are split at spaces, text between ``[]`` or ``""`` being one field; ``...`` stands for any
  number of fields; conditions ``= != < > <= >=`` joined with ``&&`` / ``||``. Without ``...``
  the message must have exactly as many fields as the pattern (the page shows no other case).

Refused with ``PatternError``: regular expressions (``%...%``), mixing ``?term`` with other
terms, unterminated quotes, braces or brackets, and anything else the page does not show.
Value comparisons and the space-delimited fields are in ``log_filter_fields``.

Example::

    errors = parse('{ $.level = "ERROR" }')
    errors.matches('{"level":"ERROR","msg":"x"}')          # True
    errors.matches("2026-01-01 ERROR boom")                  # False: not JSON
    parse("[ip, user, ..., status, bytes]").value("10.0.0.1 - GET 500 1534", "$bytes")   # 1534.0
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .log_filter_fields import MISSING, NAME, NUMBER, PatternError, comparison, delimited, number, quoted

__all__ = ["FilterPattern", "PatternError", "parse"]

_WORD = re.compile(r"\w+")
_SELECTOR = re.compile(r"\$((?:\.[A-Za-z0-9_-]+|\[\d+\])*)")
_UNQUOTED = re.compile(r"[A-Za-z0-9_.*:/+-]+")
_OPS = ("<=", ">=", "!=", "=", "<", ">")


@dataclass(frozen=True)
class FilterPattern:
    """A parsed filter pattern: ``kind`` is "all", "terms", "json" or "delimited"."""

    text: str
    kind: str
    _test: Callable[[str], dict[str, Any] | None]  # the message's fields when it matches, else None

    def matches(self, message: str) -> bool:
        """Whether the metric filter counts ``message``."""
        return self._test(message) is not None

    def value(self, message: str, value_spec: str) -> float | None:
        """The metric value a matching ``message`` publishes for ``metric_transformation.value``.

        ``value_spec``: a number ("1"), ``$.selector`` (JSON patterns) or ``$name`` (space-delimited
        patterns; ``$1`` is the message's first field). None when the message does not match, or
        the field is absent or not numeric.
        """
        spec = value_spec.strip()
        if NUMBER.fullmatch(spec):
            return float(spec) if self.matches(message) else None
        json_spec = spec.startswith("$.") or spec.startswith("$[")
        name_spec = NAME.fullmatch(spec[1:]) or spec[1:].isdigit()  # "named identifiers, or numeric identifiers"
        if not (self.kind == "json" and json_spec) and not (self.kind == "delimited" and spec[:1] == "$" and name_spec):
            raise PatternError(self.text, f"metric value {value_spec!r}: allowed are a number, "
                               + ("$.selector" if self.kind == "json" else "$field-name" if self.kind == "delimited"
                                  else "nothing else for this kind of pattern"))
        fields = self._test(message)
        if fields is None:
            return None
        found = _select(fields["$"], _steps(self.text, spec)) if json_spec else fields.get(spec[1:], MISSING)
        return number(found)


def parse(pattern: str) -> FilterPattern:
    """Parse a metric filter's ``pattern``; raise ``PatternError`` if it is invalid or unsupported."""
    text = pattern.strip()
    if not text or text == '" "':  # 'You can match everything in your log events with double quotation marks: " "'
        return FilterPattern(pattern, "all", lambda message: {})
    if text.startswith("%"):
        raise PatternError(pattern, "regular expressions (%...%) are not supported here")
    if text.startswith("{"):
        if not text.endswith("}"):
            raise PatternError(pattern, "a JSON pattern must end with }")
        return FilterPattern(pattern, "json", _JsonParser(pattern, text[1:-1]).parse())
    if text.startswith("["):
        if not text.endswith("]"):
            raise PatternError(pattern, "a space-delimited pattern must end with ]")
        return FilterPattern(pattern, "delimited", delimited(pattern, text[1:-1]))
    return FilterPattern(pattern, "terms", _terms(pattern, text))


# --- Terms --------------------------------------------------------------------------------------


def _terms(pattern: str, text: str) -> Callable[[str], dict[str, Any] | None]:
    required: list[str] = []
    excluded: list[str] = []
    optional: list[str] = []
    i, sign = 0, ""
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "-?" and not sign:
            sign, i = char, i + 1
        else:
            if char == '"':
                term, i = quoted(pattern, text, i)
            else:
                end = i
                while end < len(text) and not text[end].isspace():
                    end += 1
                term, i = text[i:end], end
                if not _WORD.fullmatch(term):
                    raise PatternError(pattern, f"term {term!r} has characters other than letters, digits and _; "
                                       "put it in double quotes")
            {"": required, "-": excluded, "?": optional}[sign].append(term)
            sign = ""
    if sign:
        raise PatternError(pattern, f"{sign!r} is not followed by a term")
    if optional and (required or excluded):
        raise PatternError(pattern, "mixing ?term with other terms is not supported here; use only ?terms")

    def test(message: str) -> dict[str, Any] | None:
        if optional:
            return {} if any(t in message for t in optional) else None
        ok = all(t in message for t in required) and not any(t in message for t in excluded)
        return {} if ok else None

    return test


# --- JSON ---------------------------------------------------------------------------------------

_JSON_TOKEN = re.compile(r'\s*(?:(?P<op>&&|\|\||<=|>=|!=|=|<|>|\(|\))|(?P<str>")|(?P<word>[^\s()&|<>=!"]+))')


class _JsonParser:
    """Recursive descent over ``or := and ('||' and)*``, ``and := atom ('&&' atom)*``."""

    def __init__(self, pattern: str, body: str) -> None:
        self.pattern = pattern
        self.tokens: list[tuple[str, str]] = []
        i = 0
        while body[i:].strip():
            found = _JSON_TOKEN.match(body, i)
            if not found:
                raise PatternError(pattern, f"unexpected text {body[i:].strip()[:20]!r}")
            if found.group("str"):
                text, i = quoted(pattern, body, found.start("str"))
                self.tokens.append(("str", text))
            else:
                kind = "op" if found.group("op") else "word"
                self.tokens.append((kind, found.group(kind)))
                i = found.end()
        self.at = 0

    def parse(self) -> Callable[[str], dict[str, Any] | None]:
        if not self.tokens:
            raise PatternError(self.pattern, "an empty JSON pattern {}; allowed: { SELECTOR OPERATOR VALUE }")
        condition = self._or()
        if self.at < len(self.tokens):
            raise PatternError(self.pattern, f"unexpected {self.tokens[self.at][1]!r}")

        def test(message: str) -> dict[str, Any] | None:
            try:
                document = json.loads(message)
            except ValueError:
                return None
            if not isinstance(document, (dict, list)):
                return None
            return {"$": document} if condition(document) else None

        return test

    def _peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def _next(self, what: str) -> tuple[str, str]:
        token = self._peek()
        if token[0] == "end":
            raise PatternError(self.pattern, f"ends where {what} was expected")
        self.at += 1
        return token

    def _or(self) -> Callable[[Any], bool]:
        return self._chain("||", self._and, any)

    def _and(self) -> Callable[[Any], bool]:
        return self._chain("&&", self._atom, all)

    def _chain(self, op: str, operand: Callable[[], Callable[[Any], bool]],
               combine: Callable[[Iterator[bool]], bool]) -> Callable[[Any], bool]:
        parts = [operand()]
        while self._peek() == ("op", op):
            self.at += 1
            parts.append(operand())
        return parts[0] if len(parts) == 1 else (lambda doc: combine(p(doc) for p in parts))

    def _atom(self) -> Callable[[Any], bool]:
        kind, text = self._next("a condition")
        if (kind, text) == ("op", "("):
            inner = self._or()
            if self._next("')'") != ("op", ")"):
                raise PatternError(self.pattern, "unbalanced parentheses")
            return inner
        if kind != "word" or not text.startswith("$"):
            raise PatternError(self.pattern, f"{text!r} where a selector ($.field) was expected")
        steps = _steps(self.pattern, text)
        kind, word = self._next("an operator")
        if kind == "word" and word.upper() in ("IS", "NOT"):
            return self._postfix(steps, word.upper())
        if kind != "op" or word not in _OPS:
            raise PatternError(self.pattern, f"{word!r} after {text}; allowed: = != < > <= >= IS NULL NOT EXISTS "
                               "IS TRUE IS FALSE")
        vkind, value = self._next("a value")
        if vkind == "op":
            raise PatternError(self.pattern, f"{value!r} where a value was expected")
        compare = comparison(self.pattern, word, value, quoted=vkind == "str")
        if vkind == "word" and not NUMBER.fullmatch(value) and not _UNQUOTED.fullmatch(value):
            raise PatternError(self.pattern, f"value {value!r} has special characters; put it in double quotes")
        return lambda doc: compare(_select(doc, steps))

    def _postfix(self, steps: list[str | int], first: str) -> Callable[[Any], bool]:
        _, second = self._next("NULL, EXISTS, TRUE or FALSE")
        second = second.upper()
        checks: dict[tuple[str, str], Callable[[Any], bool]] = {
            ("IS", "NULL"): lambda v: v is None, ("NOT", "EXISTS"): lambda v: v is MISSING,
            ("IS", "TRUE"): lambda v: v is True, ("IS", "FALSE"): lambda v: v is False,
        }
        if (first, second) not in checks:
            raise PatternError(self.pattern, f"{first} {second}; allowed: IS NULL, NOT EXISTS, IS TRUE, IS FALSE")
        check = checks[(first, second)]
        return lambda doc: check(_select(doc, steps))


def _steps(pattern: str, selector: str) -> list[str | int]:
    found = _SELECTOR.fullmatch(selector)
    if not found or not found.group(1):
        raise PatternError(pattern, f"selector {selector!r}; allowed: $.name, $.name[0], $.a.b (letters, digits, - _)")
    return [int(part[1:-1]) if part.startswith("[") else part[1:]
            for part in re.findall(r"\.[A-Za-z0-9_-]+|\[\d+\]", found.group(1))]


def _select(document: Any, steps: list[str | int]) -> Any:
    node = document
    for step in steps:
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return MISSING
            node = node[step]
        elif isinstance(node, dict) and step in node:
            node = node[step]
        else:
            return MISSING
    return node

