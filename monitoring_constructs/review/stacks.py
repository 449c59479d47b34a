"""Read synthesized stacks (``<stacks>/<name>/cdk.tf.json``) and resolve references to names.

Only JSON is read: no cdktf, no provider, no AWS. References such as
``${aws_sns_topic.Monitoring_Alerts_P0_87333436.arn}`` are shown by the name of
the block they point at (``fileflow-prod-alerts-p0``); anything that is not a
plain reference to a block of the stack (a function call, a variable, a block
that does not exist) is shown verbatim.

Example::

    stacks = load_stacks(Path("cdktf.out/stacks"))
    stacks[0].resolve("${aws_sns_topic.Monitoring_Alerts_P0_87333436.arn}")  # "fileflow-prod-alerts-p0"
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STACK_FILE = "cdk.tf.json"

# A reference to a block: type.id.attribute, or data.type.id.attribute.
_REFERENCE = re.compile(r"(?P<address>(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\.(?P<attribute>[a-z0-9_]+)")
# The attributes that name a block, most specific first.
NAME_KEYS = (
    "alarm_name",
    "dashboard_name",
    "configuration_name",
    "function_name",
    "name",
    "bucket",
    "identifier",
    "replication_group_id",
)
# Attributes that stand for the block itself (an ARN or id is shown as its name).
_SELF_ATTRIBUTES = frozenset({"arn", "id", *NAME_KEYS})


class ReviewError(Exception):
    """A problem with the input that the user must fix; printed without a traceback."""


def tokens(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each ``${...}`` in ``text``, nested braces included."""
    start = text.find("${")
    while start != -1:
        depth, index = 0, start + 1
        while index < len(text):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                break
            index += 1
        if depth:  # unclosed: the rest is text
            return
        yield start, index + 1
        start = text.find("${", index + 1)


@dataclass(frozen=True)
class Stack:
    """One synthesized stack: its name (the folder) and the parsed ``cdk.tf.json``."""

    name: str
    path: Path
    document: Mapping[str, Any]

    def resources(self, resource_type: str) -> dict[str, Mapping[str, Any]]:
        """The blocks of ``resource_type`` by id (empty when there are none)."""
        found = self.document.get("resource", {}).get(resource_type, {})
        return {key: block for key, block in found.items() if isinstance(block, Mapping)}

    def resource_types(self) -> list[str]:
        return sorted(self.document.get("resource", {}))

    def block(self, address: str) -> Mapping[str, Any] | None:
        """The block at ``type.id`` or ``data.type.id``, or None."""
        section, _, rest = address.partition(".") if address.startswith("data.") else ("resource", "", address)
        kind, _, key = rest.partition(".")
        block = self.document.get(section, {}).get(kind, {}).get(key)
        return block if isinstance(block, Mapping) else None

    def reference(self, text: object) -> tuple[str, str] | None:
        """(address, attribute) when ``text`` is exactly one reference, e.g. ``${aws_sns_topic.x.arn}``."""
        if not isinstance(text, str) or not (text.startswith("${") and text.endswith("}")):
            return None
        match = _REFERENCE.fullmatch(text[2:-1].strip())
        return (match["address"], match["attribute"]) if match else None

    def name_of(self, address: str) -> str | None:
        """The name a block is known by (``alarm_name``, ``name``...), if it is plain text."""
        block = self.block(address)
        if block is None:
            return None
        for key in NAME_KEYS:
            value = block.get(key)
            if isinstance(value, str) and "${" not in value:
                return value
        return None

    def resolve(self, value: object) -> str:
        """``value`` as text, each reference to a named block replaced by the block's name."""
        text = value if isinstance(value, str) else json.dumps(value) if isinstance(value, (dict, list)) else str(value)
        parts, last = [], 0
        for start, end in tokens(text):
            parts.append(text[last:start])
            parts.append(self._display(text[start:end]))
            last = end
        parts.append(text[last:])
        return "".join(parts)

    def _display(self, token: str) -> str:
        found = self.reference(token)
        name = self.name_of(found[0]) if found else None
        if name is None:
            return token
        return name if found[1] in _SELF_ATTRIBUTES else f"{name} ({found[1]})"


def stack_files(folder: Path) -> list[Path]:
    """The ``<folder>/<name>/cdk.tf.json`` files, sorted by stack name."""
    return sorted(folder.glob(f"*/{STACK_FILE}"))


def load_stack(path: Path) -> Stack:
    """Parse one ``cdk.tf.json``; ReviewError when it is not a JSON object."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ReviewError(f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReviewError(f"cannot read {path}: {error}") from None
    if not isinstance(document, dict):
        raise ReviewError(f"{path} is not a synthesized stack (a JSON object with resources)")
    return Stack(name=path.parent.name, path=path, document=document)


def load_stacks(folder: Path) -> list[Stack]:
    """Every stack under ``folder``; ReviewError when there is none or one cannot be read."""
    if not folder.is_dir():
        raise ReviewError(f"{folder} is not a folder (expected the synthesized stacks, e.g. cdktf.out/stacks)")
    files = stack_files(folder)
    if not files:
        hint = f"; did you mean {folder / 'stacks'}?" if stack_files(folder / "stacks") else ""
        raise ReviewError(
            f"no synthesized stacks in {folder}: expected {folder}/<stack>/{STACK_FILE} "
            f"(run `cdktf synth` or `python main.py` first){hint}"
        )
    return [load_stack(path) for path in files]
