"""EventBridge event pattern matching, offline: does a rule's ``event_pattern`` match an event?

The rules, from the Amazon EventBridge User Guide:

* "Creating Amazon EventBridge event patterns" / "Event pattern syntax"
  (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html): the event
  must contain every field the pattern names, nested the same way; fields the pattern leaves
  out are ignored; a field's value is an array of values, any of which may match; strings
  match character by character, no case folding; numbers match by their JSON representation
  (300, 300.0 and 3.0e2 are not equal).
* "Arrays in Amazon EventBridge event patterns"
  (https://docs.aws.amazon.com/eventbridge/latest/userguide/arrays-in-eventbridge-event-patterns.html):
  when the event's value is an array, the pattern matches if any element matches.
* "Matching null values and empty strings" (eb-event-patterns-null-values.html): ``[null]``
  and ``[""]`` match a null or empty value, never an absent field.
* "Content filtering in Amazon EventBridge event patterns"
  (https://docs.aws.amazon.com/eventbridge/latest/userguide/content-filtering-with-event-patterns.html)
  and "Comparison operators for use in event patterns in Amazon EventBridge"
  (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html):
  ``prefix`` / ``suffix`` (also with ``equals-ignore-case``), ``equals-ignore-case``,
  ``wildcard``, ``anything-but`` (a value, a list of strings or of numbers, or a ``prefix``,
  ``suffix``, ``equals-ignore-case`` or ``wildcard``), ``numeric`` (JSON numbers between
  -1e9 and 1e9), ``exists`` (leaf nodes only: an object is not a leaf, so ``exists: false``
  matches it), ``cidr`` (IPv4 and IPv6) and ``$or``. Comparison operators work on leaf
  nodes only, except ``$or`` and ``anything-but``.

Decisions where the pages are silent (refused rather than guessed): an empty pattern, an
empty value list, an operator object with more than one key and a ``numeric`` with two lower
or two upper bounds raise ``PatternError``.
``anything-but`` needs the field to be present, as every matcher but ``exists: false``: event-ruler
matches values of the event's fields, and only ``exists: false`` "will match if a particular key is
not present" (src/main/software/amazon/event/ruler/Finder.java).
Wildcards, as the open-source engine's README states (aws/event-ruler, README.md, "Wildcard
matching"): ``*`` matches any run of characters, consecutive ``*`` are not allowed, ``\\*`` and
``\\\\`` are a literal ``*`` and ``\\``, a backslash before anything else is not allowed.
``anything-but`` takes one ``prefix`` or ``suffix``, not a list: "Anything-but matching only works
with a single prefix, not a list" (the guide's public source, awsdocs/amazon-eventbridge-user-guide,
eb-event-patterns-content-based-filtering.md); a ``$or`` needs two or more objects (event-ruler README).

Example::

    pattern = {"source": ["aws.rds"], "detail": {"EventID": ["RDS-EVENT-0006", "RDS-EVENT-0004"]}}
    matches(pattern, event.document("123456789012", "ap-northeast-2"))   # True or False
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["PatternError", "matches", "validate"]

_ABSENT = object()
NUMERIC_LIMIT = 1e9
_LOWER, _UPPER = (">", ">="), ("<", "<=")
OPERATORS = ("prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists", "cidr")
ANYTHING_BUT_OPERATORS = ("prefix", "suffix", "equals-ignore-case", "wildcard")


class PatternError(ValueError):
    """An event pattern EventBridge would refuse, or one this matcher does not support."""

    def __init__(self, field: str, problem: str, allowed: str) -> None:
        super().__init__(f"event pattern field {field or '<root>'!r}: {problem}; allowed: {allowed}")
        self.field = field


def matches(pattern: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    """Whether EventBridge would deliver ``event`` (the JSON document) to a rule with ``pattern``."""
    validate(pattern)
    return _object(pattern, event, "")


def validate(pattern: Mapping[str, Any]) -> None:
    """Raise ``PatternError`` unless ``pattern`` is a pattern this module can evaluate."""
    if not isinstance(pattern, Mapping) or not pattern:
        raise PatternError("", f"{pattern!r} is not a non-empty object", "a JSON object naming at least one field")
    _check_object(pattern, "")


# --- Validation ---------------------------------------------------------------------------------


def _check_object(pattern: Mapping[str, Any], path: str) -> None:
    for key, value in pattern.items():
        where = _join(path, key)
        if key == "$or":
            if not isinstance(value, list) or len(value) < 2 or not all(isinstance(v, Mapping) and v for v in value):
                raise PatternError(where, f"{value!r}", "a list of at least two non-empty pattern objects")
            for branch in value:
                _check_object(branch, path)
        elif isinstance(value, Mapping):
            if not value:
                raise PatternError(where, "an empty object", "an object naming at least one field")
            _check_object(value, where)
        elif isinstance(value, list):
            if not value:
                raise PatternError(where, "an empty list", "a list of at least one value or operator")
            for item in value:
                _check_leaf(item, where)
        else:
            raise PatternError(where, f"{value!r} is not a list or an object", 'a list of values, e.g. ["x"]')


def _check_leaf(item: Any, where: str) -> None:
    if item is None or isinstance(item, (str, bool, int, float)):
        return
    if not isinstance(item, Mapping) or len(item) != 1:
        raise PatternError(where, f"{item!r}", "a string, number, true/false, null or an object with one operator")
    ((name, arg),) = item.items()
    if name not in OPERATORS:
        raise PatternError(where, f"unknown operator {name!r}", ", ".join(OPERATORS))
    if name in ("prefix", "suffix"):
        _check_text(arg, where, name, ignore_case_allowed=True)
    elif name in ("equals-ignore-case", "wildcard"):
        _check_text(arg, where, name, ignore_case_allowed=False)
    elif name == "exists":
        if not isinstance(arg, bool):
            raise PatternError(where, f"exists {arg!r}", "exists: true or exists: false")
    elif name == "cidr":
        try:
            ipaddress.ip_network(arg, strict=False)
        except (TypeError, ValueError):
            raise PatternError(where, f"cidr {arg!r}", 'an IPv4 or IPv6 CIDR block such as "10.0.0.0/24"') from None
    elif name == "numeric":
        _bounds(arg, where)
    else:
        _check_anything_but(arg, where)


def _check_text(arg: Any, where: str, name: str, *, ignore_case_allowed: bool) -> None:
    if ignore_case_allowed and isinstance(arg, Mapping) and set(arg) == {"equals-ignore-case"}:
        arg = arg["equals-ignore-case"]
    if not isinstance(arg, str):
        extra = ' or {"equals-ignore-case": "<text>"}' if ignore_case_allowed else ""
        raise PatternError(where, f"{name} {arg!r}", f"a string{extra}")
    if name == "wildcard":
        _wildcard(arg, where)


def _check_anything_but(arg: Any, where: str) -> None:
    allowed = ("a string, a number, a list of only strings or only numbers, or one of "
               + ", ".join(ANYTHING_BUT_OPERATORS))
    if isinstance(arg, Mapping):
        if len(arg) != 1 or next(iter(arg)) not in ANYTHING_BUT_OPERATORS:
            raise PatternError(where, f"anything-but {arg!r}", allowed)
        ((name, inner),) = arg.items()
        texts = inner if isinstance(inner, list) and name in ("equals-ignore-case", "wildcard") else [inner]
        if not texts or not all(isinstance(t, str) for t in texts):
            raise PatternError(where, f"anything-but {name} {inner!r}", "a string (a list of strings for "
                               "equals-ignore-case and wildcard); prefix and suffix take a single string")
        if name == "wildcard":
            for text in texts:
                _wildcard(text, where)
        return
    values = arg if isinstance(arg, list) else [arg]
    strings = all(isinstance(v, str) for v in values)
    numbers = all(_is_number(v) for v in values)
    if not values or not (strings or numbers):
        raise PatternError(where, f"anything-but {arg!r}", allowed)


def _bounds(arg: Any, where: str) -> list[tuple[str, float]]:
    allowed = 'a list of one or two (operator, number) pairs, e.g. [">", 0, "<=", 5]; operators = < <= > >='
    if not isinstance(arg, list) or len(arg) not in (2, 4):
        raise PatternError(where, f"numeric {arg!r}", allowed)
    pairs = [(arg[i], arg[i + 1]) for i in range(0, len(arg), 2)]
    for op, number in pairs:
        if op not in ("=", *_LOWER, *_UPPER) or not _is_number(number):
            raise PatternError(where, f"numeric {arg!r}", allowed)
        if abs(number) > NUMERIC_LIMIT:
            raise PatternError(where, f"numeric bound {number!r}", "numbers between -1e9 and 1e9")
    if len(pairs) == 2:
        kinds = {pairs[0][0] in _LOWER, pairs[1][0] in _LOWER}
        if "=" in (pairs[0][0], pairs[1][0]) or kinds != {True, False}:
            raise PatternError(where, f"numeric {arg!r}", "one lower bound (> or >=) and one upper bound (< or <=)")
    return [(op, float(number)) for op, number in pairs]


def _wildcard(text: str, where: str) -> re.Pattern[str]:
    parts, i, last_star = [], 0, False
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 >= len(text) or text[i + 1] not in "*\\":
                raise PatternError(where, f"wildcard {text!r} has a backslash before neither * nor \\",
                                   "\\* for a literal * and \\\\ for a literal backslash")
            parts.append(re.escape(text[i + 1]))
            i, last_star = i + 2, False
            continue
        if char == "*":
            if last_star:
                raise PatternError(where, f"wildcard {text!r} has consecutive *", "at most one * in a row")
            parts.append(".*")
            last_star = True
        else:
            parts.append(re.escape(char))
            last_star = False
        i += 1
    return re.compile("".join(parts), re.DOTALL)


# --- Matching -----------------------------------------------------------------------------------


def _object(pattern: Mapping[str, Any], event: Any, path: str) -> bool:
    if not isinstance(event, Mapping):
        return False
    for key, wanted in pattern.items():
        if key == "$or":
            if not any(_object(branch, event, path) for branch in wanted):
                return False
            continue
        where = _join(path, key)
        value = event.get(key, _ABSENT)
        if isinstance(wanted, Mapping):
            # A nested pattern against an array of objects: any element may match.
            candidates = value if isinstance(value, list) else [value]
            if not any(_object(wanted, item, where) for item in candidates):
                return False
        elif not _field(wanted, value, where):
            return False
    return True


def _field(wanted: Sequence[Any], value: Any, where: str) -> bool:
    leaves = _leaves(value)
    return any(_leaf(item, leaves, where) for item in wanted)


def _leaves(value: Any) -> list[Any]:
    """The leaf values of an event field: one value, an array's elements, none when absent or an object."""
    if value is _ABSENT or isinstance(value, Mapping):
        return []
    if isinstance(value, list):
        return [v for v in value if not isinstance(v, (Mapping, list))]
    return [value]


def _leaf(item: Any, leaves: list[Any], where: str) -> bool:
    if not isinstance(item, Mapping):
        return any(_same(item, leaf) for leaf in leaves)
    ((name, arg),) = item.items()
    if name == "exists":
        return bool(leaves) is arg
    return any(_operator(name, arg, leaf, where) for leaf in leaves)


def _operator(name: str, arg: Any, leaf: Any, where: str) -> bool:
    if name == "anything-but":
        return not _anything_but_excludes(arg, leaf, where)
    if name == "numeric":
        return _is_number(leaf) and all(_compare(op, float(leaf), bound) for op, bound in _bounds(arg, where))
    if name == "cidr":
        return _in_network(leaf, arg)
    if not isinstance(leaf, str):
        return False  # prefix, suffix, equals-ignore-case and wildcard match strings only
    return _text(name, arg, leaf, where)


def _text(name: str, arg: Any, leaf: str, where: str) -> bool:
    fold = isinstance(arg, Mapping)
    text = arg["equals-ignore-case"] if fold else arg
    if name == "equals-ignore-case":
        return leaf.lower() == text.lower()
    if name == "wildcard":
        return _wildcard(text, where).fullmatch(leaf) is not None
    subject, text = (leaf.lower(), text.lower()) if fold else (leaf, text)
    return subject.startswith(text) if name == "prefix" else subject.endswith(text)


def _anything_but_excludes(arg: Any, leaf: Any, where: str) -> bool:
    if isinstance(arg, Mapping):
        ((name, inner),) = arg.items()
        texts = inner if isinstance(inner, list) else [inner]
        return isinstance(leaf, str) and any(_text(name, text, leaf, where) for text in texts)
    values = arg if isinstance(arg, list) else [arg]
    return any(_same(v, leaf) for v in values)


def _same(wanted: Any, value: Any) -> bool:
    """Exact JSON equality: same type (so 300 is not 300.0, true is not 1) and same value."""
    return type(wanted) is type(value) and wanted == value


def _compare(op: str, value: float, bound: float) -> bool:
    return {"=": value == bound, ">": value > bound, ">=": value >= bound,
            "<": value < bound, "<=": value <= bound}[op]


def _in_network(leaf: Any, cidr: str) -> bool:
    if not isinstance(leaf, str):
        return False
    try:
        return ipaddress.ip_address(leaf) in ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
