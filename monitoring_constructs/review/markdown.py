"""Markdown tables that survive any cell text (pipes, newlines, backticks)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def cell(text: object) -> str:
    """One table cell: pipes escaped, line breaks as spaces, never empty."""
    value = " ".join(str(text).split()).replace("|", "\\|")
    return value or " "


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def count(number: int, noun: str) -> str:
    """``1 alarm``, ``2 alarms``."""
    return f"{number} {noun}" + ("" if number == 1 else "s")
