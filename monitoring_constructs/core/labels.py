"""Labels: what ends the alarm names of one of several resources of a kind (a queue, a function, a database).

Example::

    check_label("sqs_queue", "jobs")  # <service>-<env>-sqs-oldest-message-age-jobs
"""

from __future__ import annotations

import re

from .validation import require_literal, require_pattern

# What suffixes the alarm names of a queue, function or database: lower-case words joined by single hyphens.
LABEL = re.compile(r"^(?=.{1,80}$)[a-z0-9]+(-[a-z0-9]+)*$")
LABEL_TEXT = "1-80 lower-case letters or digits in words joined by single hyphens"


def check_label(field: str, label: object) -> None:
    """A label, if any: a plain string of lower-case words (it ends alarm names)."""
    if label is not None:
        literal = require_literal(f"{field}.label", label, f"{LABEL_TEXT} (a plain string: it is part of alarm names)")
        require_pattern(f"{field}.label", literal, LABEL, LABEL_TEXT)
