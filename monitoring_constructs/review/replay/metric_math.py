"""Metric math as an alarm evaluates it: ``metric_query`` blocks over a range of periods.

Follows "Using metric math" (CloudWatch User Guide,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html):

* Arithmetic ``+ - * / ^`` and unary ``-``: "Missing values in a time series are treated
  as 0" (between two time series: a point missing in both stays missing; a time series
  and a scalar keep the series' gaps) and "if the value of a data point causes a function
  to attempt to divide by zero, the data point is dropped".
* Comparison ``== != <= >= < >`` and logical ``AND && OR ||`` give 1 or 0; between two
  series, a value missing in one of them is treated as 0. Metric math has no NOT.
* ``IF(condition, true[, false])`` exactly as "Using IF expressions" lists it: a missing
  condition point is dropped; TRUE with the true series missing gives 0; FALSE with no
  false value (or a missing point of it) is dropped; a scalar condition picks a series.
* ``FILL(series, value | series | REPEAT | LINEAR)``; REPEAT and LINEAR fill from the
  neighbours inside the retrieved range only, so a gap at its edges stays missing.
* ``MIN``/``MAX``/``SUM``/``AVG`` of an array ``[a, b]`` point by point (AVG treats missing
  as 0, as documented); of a single series they return a scalar over the retrieved range,
  which the page advises against in alarms, so the replay refuses them. ``ABS``, ``CEIL``,
  ``FLOOR``, ``FIRST``/``LAST`` of an array, ``ANOMALY_DETECTION_BAND(m[, width=2])``.

Anything else raises ``ReplayError`` naming the alarm and the expression.

``ANOMALY_DETECTION_BAND`` is an approximation (CloudWatch's model is not published,
"Using CloudWatch anomaly detection",
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Anomaly_Detection.html):
the band is expected ± width × standard deviation, from ``World.expected`` when the band's
input is one metric (summed over the period for Sum, averaged otherwise), else the mean
and standard deviation of the input's warm-up datapoints. The standard deviation is
floored at ``BAND_FLOOR`` × |expected| so that a flat warm-up does not give a zero-width band.

Example::

    node = parse("IF(requests >= 100, 100 * FILL(errors, 0) / requests, 0)", alarm="x")
    evaluate(node, lookup=lambda name: {"requests": (200.0,), "errors": (None,)}[name], band=...)  # (0.0,)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn, Union, cast

from .terraform_values import ReplayError

Series = tuple[float | None, ...]


class Array(tuple[Series, ...]):
    """An array of time series (TS[]): an ``[a, b]`` literal or a band (upper, lower)."""


Value = Union[float, Series, Array]
BAND_FLOOR = 0.05

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>==|!=|<=|>=|&&|\|\||[-+*/^<>(),\[\]]))"
)
_LEVELS: tuple[tuple[str, ...], ...] = (("OR", "||"), ("AND", "&&"), ("==", "!=", "<=", ">=", "<", ">"), ("+", "-"), ("*", "/"))
_KEYWORDS = {"REPEAT", "LINEAR"}
_ROUNDING: dict[str, Callable[[float], float]] = {
    "ABS": abs, "CEIL": lambda x: float(math.ceil(x)), "FLOOR": lambda x: float(math.floor(x)),
}


@dataclass(frozen=True)
class Node:
    """A parsed expression: ``kind`` is number, id, keyword, neg, op, call or array."""

    kind: str
    value: str | float = ""
    args: tuple[Node, ...] = ()


def parse(expression: str, *, alarm: str) -> Node:
    """The syntax tree of ``expression``; ReplayError names the alarm when it cannot be read."""
    parser = _Parser(expression, alarm)
    node = parser.expression(0)
    if parser.peek() is not None:
        parser.fail(f"unexpected {parser.peek()!r}")
    return node


def references(node: Node) -> set[str]:
    """The query ids an expression reads."""
    found = {str(node.value)} if node.kind == "id" else set()
    for arg in node.args:
        found |= references(arg)
    return found


class _Parser:
    def __init__(self, text: str, alarm: str) -> None:
        self.text, self.alarm, self.items, index = text, alarm, [], 0
        while index < len(text.rstrip()):
            match = _TOKEN.match(text, index)
            if match is None:
                self.fail(f"cannot read {text[index:]!r}")
            self.items.append((match.lastgroup or "", match.group(match.lastgroup or 0)))
            index = match.end()
        self.position = 0

    def fail(self, why: str) -> NoReturn:
        raise ReplayError(f"alarm {self.alarm}: metric math {self.text!r}: {why}")

    def peek(self) -> str | None:
        return self.items[self.position][1] if self.position < len(self.items) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.position >= len(self.items) or (expected and self.items[self.position][1] != expected):
            self.fail(f"expected {expected or 'more'} at the end" if self.position >= len(self.items)
                      else f"expected {expected!r}, found {self.items[self.position][1]!r}")
        self.position += 1
        return self.items[self.position - 1]

    def expression(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        node = self.expression(level + 1)
        while self.peek() in _LEVELS[level]:
            op = {"||": "OR", "&&": "AND"}.get(self.take()[1], self.items[self.position - 1][1])
            node = Node("op", op, (node, self.expression(level + 1)))
        return node

    def unary(self) -> Node:
        if self.peek() == "-":
            self.take()
            return Node("neg", args=(self.unary(),))
        node = self.atom()
        if self.peek() == "^":
            self.take()
            node = Node("op", "^", (node, self.unary()))
        return node

    def atom(self) -> Node:
        kind, text = self.take()
        if kind == "number":
            return Node("number", float(text))
        if text == "(":
            node = self.expression(0)
            self.take(")")
            return node
        if text == "[":
            return Node("array", args=self.arguments("]"))
        if kind == "name" and self.peek() == "(":
            self.take()
            return Node("call", text, self.arguments(")"))
        if kind == "name" and text in _KEYWORDS:
            return Node("keyword", text)
        if kind == "name" and text[0].islower():
            return Node("id", text)
        self.fail(f"unsupported {text!r}")

    def arguments(self, close: str) -> tuple[Node, ...]:
        args: list[Node] = []
        while self.peek() != close:
            args.append(self.expression(0))
            if self.peek() == ",":
                self.take()
        self.take(close)
        return tuple(args)


def evaluate(node: Node, *, lookup: Callable[[str], Value], band: Callable[[str, float], Array],
             alarm: str, expression: str) -> Value:
    """The value of ``node``; ``lookup(id)`` gives another query's value, ``band(id, width)`` a band."""
    return _Evaluator(lookup, band, alarm, expression).value(node)


class _Evaluator:
    def __init__(self, lookup: Callable[[str], Value], band: Callable[[str, float], Array], alarm: str, text: str) -> None:
        self.lookup, self.band, self.alarm, self.text = lookup, band, alarm, text

    def fail(self, why: str) -> ReplayError:
        return ReplayError(f"alarm {self.alarm}: metric math {self.text!r}: {why}")

    def value(self, node: Node) -> Value:
        if node.kind == "number":
            return float(node.value)
        if node.kind == "id":
            return self.lookup(str(node.value))
        if node.kind == "neg":
            return _map(self.value(node.args[0]), lambda x: -x)
        if node.kind == "array":
            return Array(self.series(arg) for arg in node.args)
        if node.kind == "op":
            return self.binary(str(node.value), self.value(node.args[0]), self.value(node.args[1]))
        if node.kind == "call":
            return self.call(str(node.value), node.args)
        raise self.fail(f"{node.value} is only an argument of FILL")

    def series(self, node: Node) -> Series:
        found = self.value(node)
        if not isinstance(found, tuple) or isinstance(found, Array):
            raise self.fail("an array holds time series only")
        return found

    def binary(self, op: str, left: Value, right: Value) -> Value:
        if isinstance(left, Array):
            return Array(cast(Series, self.binary(op, item, right)) for item in left)
        if isinstance(right, Array):
            return Array(cast(Series, self.binary(op, left, item)) for item in right)
        if isinstance(left, float) and isinstance(right, float):
            result = _apply(op, left, right)
            if result is None:
                raise self.fail("divides a number by zero")
            return result
        if isinstance(left, float):
            return tuple(None if x is None else _apply(op, left, x) for x in cast(Series, right))
        if isinstance(right, float):
            return tuple(None if x is None else _apply(op, x, right) for x in left)
        return tuple(None if a is None and b is None else _apply(op, a or 0.0, b or 0.0) for a, b in zip(left, right))

    def call(self, name: str, args: tuple[Node, ...]) -> Value:
        if name == "IF" and len(args) in (2, 3):
            return self.if_(*args)
        if name == "FILL" and len(args) == 2:
            return self.fill(self.value(args[0]), args[1])
        if name in ("MIN", "MAX", "SUM", "AVG") and len(args) == 1:
            array = self.value(args[0])
            if not isinstance(array, Array):
                raise self.fail(f"{name} of a single time series depends on how much data the alarm retrieves")
            return _reduce(name, array)
        if name in ("ABS", "CEIL", "FLOOR") and len(args) == 1:
            return _map(self.value(args[0]), _ROUNDING[name])
        if name in ("FIRST", "LAST") and len(args) == 1:
            array = self.value(args[0])
            if not isinstance(array, Array) or not array:
                raise self.fail(f"{name} takes an array of time series")
            return array[0] if name == "FIRST" else array[-1]
        if name == "ANOMALY_DETECTION_BAND" and len(args) in (1, 2) and args[0].kind == "id":
            width = self.value(args[1]) if len(args) == 2 else 2.0
            if not isinstance(width, float):
                raise self.fail("the band's width must be a number")
            return self.band(str(args[0].value), width)
        raise self.fail(f"{name}() with {len(args)} argument(s) is not supported by the replay")

    def if_(self, *args: Node) -> Value:
        condition, true = self.value(args[0]), self.value(args[1])
        false = self.value(args[2]) if len(args) == 3 else None
        if isinstance(condition, float):
            chosen = true if condition else false
            if chosen is None and isinstance(true, tuple):
                return tuple(None for _ in true)  # "an empty time series"
            if chosen is None or isinstance(chosen, float):
                raise self.fail("IF with a number as condition must choose between time series")
            return chosen
        if isinstance(condition, Array) or isinstance(true, Array) or isinstance(false, Array):
            raise self.fail("IF takes time series and numbers, not arrays")
        out: list[float | None] = []
        for index, flag in enumerate(condition):
            if flag is None:
                out.append(None)
            elif flag:
                out.append(true if isinstance(true, float) else (true[index] if true[index] is not None else 0.0))
            else:
                out.append(false if isinstance(false, float) or false is None else false[index])
        return tuple(out)

    def fill(self, target: Value, how: Node) -> Value:
        if isinstance(target, Array):
            return Array(cast(Series, self.fill(item, how)) for item in target)
        if isinstance(target, float):
            raise self.fail("FILL takes a time series")
        if how.kind == "keyword":
            return _fill_repeat(target) if how.value == "REPEAT" else _fill_linear(target)
        filler = self.value(how)
        if isinstance(filler, Array):
            raise self.fail("FILL takes a number, a time series, REPEAT or LINEAR")
        if isinstance(filler, float):
            number = filler
            return tuple(number if x is None else x for x in target)
        return tuple(f if x is None else x for x, f in zip(target, filler))


def _apply(op: str, a: float, b: float) -> float | None:
    if op == "/":
        return None if b == 0 else a / b
    if op == "^":
        try:
            result = a**b
        except (OverflowError, ZeroDivisionError):
            return None
        return result if isinstance(result, float | int) else None
    table: dict[str, Callable[[float, float], float | bool]] = {
        "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
        "==": lambda x, y: x == y, "!=": lambda x, y: x != y, "<=": lambda x, y: x <= y, ">=": lambda x, y: x >= y,
        "<": lambda x, y: x < y, ">": lambda x, y: x > y, "AND": lambda x, y: bool(x) and bool(y),
        "OR": lambda x, y: bool(x) or bool(y),
    }
    return float(table[op](a, b))


def _map(value: Value, function: Callable[[float], float]) -> Value:
    if isinstance(value, Array):
        return Array(cast(Series, _map(item, function)) for item in value)
    if isinstance(value, float):
        return float(function(value))
    return tuple(None if x is None else float(function(x)) for x in value)


def _reduce(name: str, array: Array) -> Series:
    out: list[float | None] = []
    for points in zip(*array):
        present = [x for x in points if x is not None]
        if not present:
            out.append(None)
        elif name == "AVG":
            out.append(sum(present) / len(points))  # missing values count as 0
        else:
            out.append(min(present) if name == "MIN" else max(present) if name == "MAX" else sum(present))
    return tuple(out)


def _fill_repeat(series: Series) -> Series:
    out, last = [], None
    for x in series:
        last = x if x is not None else last
        out.append(last)
    return tuple(out)


def _fill_linear(series: Series) -> Series:
    known = [i for i, x in enumerate(series) if x is not None]
    out = list(series)
    for before, after in zip(known, known[1:]):
        a, b = series[before], series[after]
        assert a is not None and b is not None
        for i in range(before + 1, after):
            out[i] = a + (b - a) * (i - before) / (after - before)
    return tuple(out)


def band_from(values: Sequence[float], width: float) -> tuple[float, float] | None:
    """(lower, upper) = mean ± width × standard deviation (floored), or None without values."""
    if not values:
        return None
    mean = sum(values) / len(values)
    deviation = math.sqrt(sum((x - mean) ** 2 for x in values) / len(values))
    spread = width * max(deviation, BAND_FLOOR * abs(mean))
    return mean - spread, mean + spread
