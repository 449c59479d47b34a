"""The 24-column dashboard grid: widget geometry, overlap, and where new widgets go.

Example::

    place_widgets([(24, 2), (8, 6), (8, 6)])  # [(0, 0), (0, 2), (8, 2)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from .body_checks import (
    DEFAULT_SIZE,
    GRID_COLUMNS,
    MAX_HEIGHT,
    MISSING,
    _fail,
    _int,
    _list,
)


def _check_geometry(widget: Mapping, path: str) -> None:
    """AWS: x 0-23, y >= 0, width 1-24, height 1-1000; x and y come together.

    Ours: x + width <= 24.  AWS documents the two ranges separately and its
    console reflows a widget that hangs off the grid; for generated layouts
    that is always a bug, so we reject it.
    """
    if ("x" in widget) != ("y" in widget):
        missing = "y" if "x" in widget else "x"
        _fail(f"{path}.{missing}", MISSING, "x and y together, or neither (AWS then places the widget)")
    if "x" in widget:
        _int(f"{path}.x", widget["x"], 0, GRID_COLUMNS - 1)
        _int(f"{path}.y", widget["y"], 0)
    width = _int(f"{path}.width", widget.get("width", DEFAULT_SIZE), 1, GRID_COLUMNS)
    _int(f"{path}.height", widget.get("height", DEFAULT_SIZE), 1, MAX_HEIGHT)
    if "x" in widget and widget["x"] + width > GRID_COLUMNS:
        _fail(
            f"{path}.width",
            width,
            f"at most {GRID_COLUMNS - widget['x']} at x={widget['x']} (x + width <= {GRID_COLUMNS})",
        )


def _rectangle(widget: Mapping) -> tuple[int, int, int, int]:
    return (
        widget["x"],
        widget["y"],
        widget.get("width", DEFAULT_SIZE),
        widget.get("height", DEFAULT_SIZE),
    )


def _check_no_overlap(widgets: list, field: str) -> None:
    """Ours: two placed widgets may not share a grid cell.

    AWS does not reject overlapping widgets -- its own reference example puts
    two widgets at x=0, y=0 -- and the console silently pushes one of them
    down.  Our generated dashboards should never overlap, so an overlap means
    a layout bug and is an error here.  Widgets without x/y are skipped:
    CloudWatch places those at the next free position.
    """
    placed = [(i, _rectangle(w)) for i, w in enumerate(widgets) if "x" in w]
    for n, (i, (x1, y1, w1, h1)) in enumerate(placed):
        for j, (x2, y2, w2, h2) in placed[:n]:
            if x1 < x2 + w2 and x2 < x1 + w1 and y1 < y2 + h2 and y2 < y1 + h1:
                _fail(
                    f"{field}[{i}]",
                    {"x": x1, "y": y1, "width": w1, "height": h1},
                    f"a position that does not overlap {field}[{j}] "
                    f"(x={x2}, y={y2}, width={w2}, height={h2})",
                )


def place_widgets(sizes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return an (x, y) for each (width, height), flowing left to right.

    A widget that does not fit in what is left of the current row starts a
    new row below the tallest widget of the current one, so the result never
    overlaps and never passes column 24.
    """
    positions: list[tuple[int, int]] = []
    x = y = row_height = 0
    for index, size in enumerate(sizes):
        field = f"sizes[{index}]"
        _list(field, size, "a (width, height) pair", 2, 2)
        width = _int(f"{field}.width", size[0], 1, GRID_COLUMNS)
        height = _int(f"{field}.height", size[1], 1, MAX_HEIGHT)
        if x + width > GRID_COLUMNS:
            x, y, row_height = 0, y + row_height, 0
        positions.append((x, y))
        x += width
        row_height = max(row_height, height)
    return positions
