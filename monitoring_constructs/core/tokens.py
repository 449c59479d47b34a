"""Recognise unresolved CDKTF tokens without importing the runtime.

A service team's ``aws_ecs_service.name`` reaches the settings as a token
string (``${TfToken[TOKEN.12]}``, or ``#{TfToken[...]}`` inside a list) whose
value is known only at apply time: pattern checks let such values through.
Matching the markers here keeps ``core`` free of cdktf; a test proves it
agrees with ``cdktf.Token.is_unresolved``.

Example::

    is_token("orders")                     # False
    is_token(service.name)                 # True
"""

from __future__ import annotations

import re

_TOKEN_MARKER = re.compile(r"[$#]\{TfToken\[[\w.\-]+\]\}")


def is_token(value: object) -> bool:
    """True when ``value`` is a string holding an unresolved CDKTF token."""
    return isinstance(value, str) and _TOKEN_MARKER.search(value) is not None
