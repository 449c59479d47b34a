"""Values and space-delimited log events for ``log_filters``: comparisons, wildcards, numbers, fields.

Split from ``log_filters`` (which documents the syntax and its sources) to keep each module
small; the rules are those of the CloudWatch Logs User Guide, "Filter pattern syntax for metric
filters, subscription filters, filter log events, and Live Tail"
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).

Example::

    test = delimited("[ip, ..., bytes > 1000]", "ip, ..., bytes > 1000")
    test("10.0.0.1 GET 1534")["bytes"]    # "1534"; test("10.0.0.1 GET 15") is None
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any

MISSING = object()
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class PatternError(ValueError):
    """A filter pattern CloudWatch Logs would refuse, or one this module does not support."""

    def __init__(self, pattern: str, problem: str) -> None:
        super().__init__(f"filter pattern {pattern!r}: {problem}")
        self.pattern = pattern


def quoted(pattern: str, text: str, start: int) -> tuple[str, int]:
    """The text of the double-quoted string at ``text[start]`` and the index after it."""
    out, i = [], start + 1
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif text[i] == '"':
            return "".join(out), i + 1
        else:
            out.append(text[i])
            i += 1
    raise PatternError(pattern, f"unterminated quote starting at {text[start:start + 20]!r}")


def comparison(pattern: str, op: str, value: str, *, quoted: bool) -> Callable[[Any], bool]:
    """A test of one JSON or space-delimited field value (``MISSING`` when absent) against ``op value``."""
    if not quoted and len(value) > 1 and value.startswith("%") and value.endswith("%"):
        raise PatternError(pattern, f"regular expression {value!r}: regular expressions are not supported here")
    numeric = not quoted and NUMBER.fullmatch(value) is not None
    if op in ("<", ">", "<=", ">="):
        if not numeric:
            raise PatternError(pattern, f"{op} needs a number, not {value!r}")
        bound = float(value)
        return lambda v: (n := number(v)) is not None and _ordered(op, n, bound)
    text_match = _wildcard(value)

    def equal(v: Any) -> bool | None:  # None: not a value node, no comparison applies
        if v is MISSING or v is None or isinstance(v, (dict, list, bool)):
            return None
        if numeric and (isinstance(v, (int, float)) or NUMBER.fullmatch(v)):
            return float(v) == float(value)
        # "Use the asterisk ("*") as a wild card to match text" / "to match numbers": a number is
        # matched by its text, so { $.latency = * } and { $.code = 4* } match 750 and 404.
        return text_match(v if isinstance(v, str) else str(v))

    if op == "=":
        return lambda v: bool(equal(v))
    return lambda v: equal(v) is False


def _wildcard(value: str) -> Callable[[str], bool]:
    """``*`` at the start or end of a value matches any text; a lone ``*`` any value; inner ``*`` is literal."""
    if value == "*":
        return lambda v: True
    head, tail = value.startswith("*"), value.endswith("*")
    core = value[1 if head else 0:len(value) - 1 if tail else len(value)]
    if head and tail:
        return lambda v: core in v
    if head:
        return lambda v: v.endswith(core)
    if tail:
        return lambda v: v.startswith(core)
    return lambda v: v == core


def _ordered(op: str, value: float, bound: float) -> bool:
    return {"<": value < bound, ">": value > bound, "<=": value <= bound, ">=": value >= bound}[op]


def number(value: Any) -> float | None:
    if isinstance(value, bool) or value is MISSING or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and NUMBER.fullmatch(value.strip()):
        number = float(value)
        return number if math.isfinite(number) else None
    return None


# --- Space-delimited ----------------------------------------------------------------------------

_CONDITION = re.compile(r'\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<op><=|>=|!=|=|<|>)\s*'
                        r'(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<value>[^\s"&|,]+))\s*')


def delimited(pattern: str, body: str) -> Callable[[str], dict[str, Any] | None]:
    """The test of the space-delimited ``pattern`` (``body``: its text inside ``[]``).

    The test answers a matching message's fields by name and by position ("1", "2", ...), else None.
    """
    slots: list[str | None] = []  # field names; None for "..."
    conditions: list[list[list[tuple[str, Callable[[Any], bool]]]]] = []  # per slot: OR of ANDs
    parts = _split_commas(pattern, body)
    if parts and not parts[-1].strip() and len(parts) > 1:
        parts = parts[:-1]  # the documented example [..., request=*.html*, status_code=4*,] ends with a comma
    for part in parts:
        slot = part.strip()
        if slot in ("...", "\u2026"):
            slots.append(None)
        elif NAME.fullmatch(slot):
            slots.append(slot)
        else:
            groups = _slot_conditions(pattern, slot)
            slots.append(groups[0][0][0])
            conditions.append(groups)
    if not slots:
        raise PatternError(pattern, "an empty space-delimited pattern []; allowed: [name, name = value, ...]")
    if slots.count(None) > 2:
        raise PatternError(pattern, "more than two ... are not supported here")

    def test(message: str) -> dict[str, Any] | None:
        values = _message_fields(message)
        for fields in _bindings(slots, values):
            if all(any(all(check(fields.get(name, MISSING)) for name, check in group) for group in groups)
                   for groups in conditions):
                # Numeric identifiers: "$1" is the first field of the message, as the page's extracted fields.
                return {str(i): v for i, v in enumerate(values, 1)} | fields
        return None

    return test


def _split_commas(pattern: str, body: str) -> list[str]:
    parts, current, i = [], [], 0
    while i < len(body):
        if body[i] == '"':
            _, end = quoted(pattern, body, i)
            current.append(body[i:end])
            i = end
        elif body[i] == ",":
            parts.append("".join(current))
            current, i = [], i + 1
        else:
            current.append(body[i])
            i += 1
    parts.append("".join(current))
    return parts


def _slot_conditions(pattern: str, slot: str) -> list[list[tuple[str, Callable[[Any], bool]]]]:
    if "=!" in slot:
        raise PatternError(pattern, f"{slot!r}: '=!' is not supported here; write '!='")
    groups: list[list[tuple[str, Callable[[Any], bool]]]] = [[]]
    i = 0
    while True:
        found = _CONDITION.match(slot, i)
        if not found:
            raise PatternError(pattern, f"field {slot!r}; allowed: name, ..., or name OP value (OP = != < > <= >=) "
                               "joined with && or ||")
        quoted = found.group("quoted") is not None
        value = re.sub(r"\\(.)", r"\1", found.group("quoted")) if quoted else found.group("value")
        groups[-1].append((found.group("name"), comparison(pattern, found.group("op"), value, quoted=quoted)))
        i = found.end()
        if i == len(slot):
            return groups
        if slot.startswith("&&", i) or slot.startswith("||", i):
            if slot.startswith("||", i):
                groups.append([])
            i += 2
        else:
            raise PatternError(pattern, f"unexpected {slot[i:]!r} in field {slot!r}")


def _message_fields(message: str) -> list[str]:
    """The message split at spaces, text in ``[...]`` or ``"..."`` being one field (without its brackets/quotes)."""
    fields, i = [], 0
    while i < len(message):
        char = message[i]
        if char.isspace():
            i += 1
            continue
        closing = {'"': '"', "[": "]"}.get(char)
        if closing:
            end = message.find(closing, i + 1)
            end = len(message) if end < 0 else end
            fields.append(message[i + 1:end])
            i = end + 1
        else:
            end = i
            while end < len(message) and not message[end].isspace():
                end += 1
            fields.append(message[i:end])
            i = end
    return fields


def _bindings(slots: list[str | None], fields: list[str]) -> Iterator[dict[str, Any]]:
    """Every way of laying the pattern's slots over the message's fields ("..." taking zero or more)."""
    if not slots:
        if not fields:
            yield {}
        return
    head, rest = slots[0], slots[1:]
    if head is None:
        for taken in range(len(fields) + 1):
            yield from _bindings(rest, fields[taken:])
    elif fields:
        for bound in _bindings(rest, fields[1:]):
            yield {head: fields[0], **bound}
