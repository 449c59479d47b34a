"""Synthesized JSON made readable for review: JSON documents inside strings become structures.

A dashboard body, a task's container definitions, a resource group query or an IAM policy is a JSON
document written into one string of ``cdk.tf.json``; a snapshot of it is one long line, and a
reviewer sees "this line changed". ``readable`` replaces each such string by
``{"// JSON string": <the parsed document>}``, so the snapshot shows one line per value and the
marker says Terraform receives a string there.

Terraform interpolations inside the document (``"image": "${join("", [...])}"``, whose inner quotes
are not JSON-escaped) are kept verbatim as the string values they stand in. A string that is not a
JSON object or array once its interpolations are set aside (an interpolation outside a JSON string,
plain text) stays as it is.

Example::

    readable({"body": '{"widgets": [{"x": 0}]}'}) == {"body": {"// JSON string": {"widgets": [{"x": 0}]}}}
"""

from __future__ import annotations

import json
from typing import Any

JSON_STRING = "// JSON string"
_SLOT = "\ue000{}\ue000"  # a private-use character: valid inside a JSON string, absent from synthesized text


def readable(value: Any) -> Any:
    """``value`` (parsed ``cdk.tf.json``) with every JSON document inside a string parsed, recursively."""
    if isinstance(value, dict):
        return {key: readable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [readable(item) for item in value]
    if isinstance(value, str):
        document = embedded_json(value)
        if document is not None:
            return {JSON_STRING: readable(document)}
    return value


def embedded_json(text: str) -> dict[str, Any] | list[Any] | None:
    """The JSON object or array ``text`` holds, its interpolations restored, or None."""
    if not text.lstrip().startswith(("{", "[")):
        return None
    spans = interpolations(text)
    masked, at = [], 0
    for index, (start, end) in enumerate(spans):
        masked += [text[at:start], _SLOT.format(index)]
        at = end
    masked.append(text[at:])
    try:
        document = json.loads("".join(masked))
    except ValueError:
        return None
    if not isinstance(document, (dict, list)):
        return None
    restored: dict[str, Any] | list[Any] = _restore(document, [text[start:end] for start, end in spans])
    return restored


def interpolations(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level ``${...}`` in ``text``; ``$${`` is Terraform's escaped literal."""
    spans, at = [], 0
    while (start := text.find("${", at)) != -1:
        if start > 0 and text[start - 1] == "$":
            at = start + 2
            continue
        end = _end_of_interpolation(text, start)
        spans.append((start, end))
        at = end
    return spans


def _end_of_interpolation(text: str, start: int) -> int:
    """Index after the ``}`` closing the interpolation at ``start``; quoted strings inside are skipped."""
    at, depth = start + 2, 1
    while at < len(text):
        char = text[at]
        if char == '"':
            at = _end_of_quoted(text, at)
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        at += 1
        if depth == 0:
            return at
    raise ValueError(f"unterminated interpolation at {start}: {text[start:start + 60]!r}")


def _end_of_quoted(text: str, start: int) -> int:
    """Index after the quote closing the expression string at ``start`` (which may hold templates)."""
    at = start + 1
    while at < len(text):
        if text[at] == "\\":
            at += 2
        elif text[at] == '"':
            return at + 1
        elif text.startswith("${", at):
            at = _end_of_interpolation(text, at)
        else:
            at += 1
    raise ValueError(f"unterminated string at {start}: {text[start:start + 60]!r}")


def _restore(value: Any, originals: list[str]) -> Any:
    if isinstance(value, dict):
        return {_restore(key, originals): _restore(item, originals) for key, item in value.items()}
    if isinstance(value, list):
        return [_restore(item, originals) for item in value]
    if isinstance(value, str):
        for index, original in enumerate(originals):
            value = value.replace(_SLOT.format(index), original)
    return value
