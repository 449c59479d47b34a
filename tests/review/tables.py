"""Read the Markdown the review writes back into rows, as a reviewer's eye would."""

from __future__ import annotations

import re

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def sections(text: str, level: str = "## ") -> dict[str, str]:
    """Heading text -> the text under it, for headings of exactly ``level``."""
    found: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if line.startswith(level) and not line.startswith(level.strip() + "#"):
            current = line[len(level):].strip()
            found[current] = ""
        elif current is not None:
            found[current] += line + "\n"
    return found


def table_rows(text: str, first_column: str) -> list[dict[str, str]]:
    """The rows of every table in ``text`` whose first header is ``first_column``, as column -> cell."""
    rows: list[dict[str, str]] = []
    headers: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith("|"):
            headers = None
            continue
        cells = [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(line.strip())[1:-1]]
        if headers is None:
            headers = cells if cells and cells[0] == first_column else []
        elif headers and not set(line) <= set("|-"):
            rows.append(dict(zip(headers, cells)))
    return rows
