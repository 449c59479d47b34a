"""``<stack>-dashboard.png``: a dashboard drawn as CloudWatch lays it out, without data.

The canvas is 1600 px wide: 24 grid columns of 66.7 px, each grid row 45 px,
below a header. Each widget is a white frame at its grid position showing its
title and type; metric graphs get placeholder axes (the y range from the
body, or one that shows every threshold) with each threshold as a dashed line
in its severity's color and a legend of the plotted metrics and thresholds;
alarm-status widgets list their alarms with a severity stripe; log widgets
show their Logs Insights query, one command per line; text widgets their
markdown. Nothing is invented: there is no data, so no data is drawn.

Only this module imports matplotlib (object-oriented API, Agg canvas: no
display, no global pyplot state).

Example::

    boxes = draw_dashboard(dashboard, Path("review/fileflow-prod-dashboard.png"))
    boxes[0]  # Box(left=4, top=68, width=1592, height=82): where widget 0 was drawn
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from ..dashboard.body_checks import GRID_COLUMNS
from .dashboards import Dashboard, Line, Widget

WIDTH = 1600
DPI = 100
COLUMN_WIDTH = WIDTH / GRID_COLUMNS
ROW_HEIGHT = 45
HEADER_HEIGHT = 64
FOOTER_HEIGHT = 8
GAP = 8  # between neighbouring frames
MIN_ROWS = 2  # an empty dashboard still has room for its message

BACKGROUND = "#f2f3f3"
FRAME = "#d5dbdb"
INK = "#16191f"
MUTED = "#687078"
FAINT = "#e9ebed"
PALETTE = ("#1f77b4", "#2ca02c", "#9467bd", "#17becf", "#8c564b", "#e377c2", "#ff7f0e", "#d62728")
# A line without a color is not one of our alarm thresholds (those carry their severity's color,
# P0 red): a team's target or quota line. Drawn neutral, so nobody reads it as a page.
THRESHOLD_DEFAULT = "#34495e"

TITLE_SIZE = 11.0
TEXT_SIZE = 9.0
SMALL_SIZE = 8.5
LINE_HEIGHT = 15  # px per text line at TEXT_SIZE
PX_PER_POINT = DPI / 72
_STYLE = {"text.parse_math": False, "font.family": "DejaVu Sans", "axes.linewidth": 0.8}
_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Box:
    """A rectangle in image pixels, origin top-left."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def inset(self, left: float, top: float, right: float | None = None, bottom: float | None = None) -> Box:
        right = left if right is None else right
        bottom = top if bottom is None else bottom
        return Box(self.left + left, self.top + top, self.width - left - right, self.height - top - bottom)


def canvas_height(rows: int) -> int:
    """Image height in px for a dashboard ``rows`` grid rows tall."""
    return HEADER_HEIGHT + max(rows, MIN_ROWS) * ROW_HEIGHT + FOOTER_HEIGHT


def grid_box(widget: Widget) -> Box:
    """The grid cell a widget occupies, in image pixels."""
    return Box(widget.x * COLUMN_WIDTH, HEADER_HEIGHT + widget.y * ROW_HEIGHT,
               widget.width * COLUMN_WIDTH, widget.height * ROW_HEIGHT)


def _chars(width_px: float, size: float, mono: bool = False) -> int:
    """How many characters fit in ``width_px`` (DejaVu Sans averages 0.55 em, Mono is 0.6 em)."""
    return max(int(width_px / (size * PX_PER_POINT * (0.61 if mono else 0.55))), 4)


def _fit(text: str, width_px: float, size: float, mono: bool = False) -> str:
    limit = _chars(width_px, size, mono)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _color(value: object, fallback: str) -> str:
    return value if isinstance(value, str) and _HEX_COLOR.fullmatch(value) else fallback


class _Painter:
    """Draws on one figure in image pixels (origin top-left)."""

    def __init__(self, height: int) -> None:
        self.height = height
        self.figure = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI, facecolor=BACKGROUND)
        FigureCanvasAgg(self.figure)

    def text(self, x: float, y: float, text: str, *, size: float = TEXT_SIZE, color: str = INK,
             weight: str = "normal", align: str = "left", mono: bool = False) -> None:
        self.figure.text(x / WIDTH, 1 - y / self.height, text, fontsize=size, color=color, weight=weight,
                         ha=align, va="top", family="DejaVu Sans Mono" if mono else "DejaVu Sans")

    def rectangle(self, box: Box, *, face: str, edge: str = "none", width: float = 0.0, layer: float = -1) -> Rectangle:
        """A filled rectangle; layers below 0 lie under the placeholder axes (zorder 0)."""
        patch = Rectangle((box.left / WIDTH, 1 - box.bottom / self.height), box.width / WIDTH,
                          box.height / self.height, transform=self.figure.transFigure,
                          facecolor=face, edgecolor=edge, linewidth=width, zorder=layer)
        self.figure.add_artist(patch)
        return patch

    def swatch(self, x: float, y: float, color: str, dashed: bool) -> None:
        """A short line sample, vertically centred on a text line starting at ``y``."""
        level = 1 - (y + LINE_HEIGHT / 2) / self.height
        self.figure.add_artist(Line2D([x / WIDTH, (x + 18) / WIDTH], [level, level], color=color, linewidth=2,
                                      linestyle=(0, (3, 2)) if dashed else "-", transform=self.figure.transFigure))

    def axes(self, box: Box):
        return self.figure.add_axes((box.left / WIDTH, 1 - box.bottom / self.height, box.width / WIDTH,
                                     box.height / self.height))

    def lines_of_text(self, box: Box, lines: Sequence[str], *, size: float = TEXT_SIZE, mono: bool = False,
                      color: str = INK) -> None:
        """Wrapped lines from the top of ``box``; the last visible one ends in … when some do not fit."""
        width = _chars(box.width, size, mono)
        wrapped = [part for line in lines for part in (textwrap.wrap(line, width, break_on_hyphens=False) or [""])]
        room = max(int(box.height // LINE_HEIGHT), 0)
        if len(wrapped) > room and room:
            wrapped = wrapped[: room - 1] + [f"… {len(wrapped) - room + 1} more lines"]
        for index, line in enumerate(wrapped[:room]):
            self.text(box.left, box.top + index * LINE_HEIGHT, line, size=size, mono=mono, color=color)


# --- Widgets -------------------------------------------------------------------------------


def _legend_entries(widget: Widget) -> list[tuple[str, str, bool]]:
    """(text, color, dashed) per metric line and threshold; dimensions only where lines differ."""
    shared = len({line.dimensions for line in widget.lines}) == 1
    entries = [
        (line.label + (f" ({line.source.removeprefix('= ')})" if line.source.startswith("=") else "")
         + ("" if shared else _own_dimensions(line)), _color(line.color, PALETTE[index % len(PALETTE)]), False)
        for index, line in enumerate(widget.lines)
    ]
    entries += [(t.label, _color(t.color, THRESHOLD_DEFAULT), t.upper is None) for t in widget.thresholds]  # bands: solid
    if widget.hidden:
        entries.append(("inputs: " + "; ".join(line.label for line in widget.hidden), MUTED, False))
    return entries


def _own_dimensions(line: Line) -> str:
    """The dimensions of a line that its label does not already name."""
    own = [pair for pair in line.dimensions.split(", ") if pair and pair.split("=", 1)[-1] not in line.label]
    return f" · {', '.join(own)}" if own else ""


def _subtitle(widget: Widget) -> str:
    sources = {line.source.split(" ")[0] for line in (*widget.lines, *widget.hidden) if not line.source.startswith("=")}
    dimensions = {line.dimensions for line in widget.lines if line.dimensions}
    parts = [", ".join(sorted(sources))] + (sorted(dimensions) if len(dimensions) == 1 else [])
    return " · ".join(part for part in parts if part)


def _y_limits(widget: Widget) -> tuple[float, float]:
    """The body's y range where given; otherwise one that shows every threshold with headroom."""
    values = [v for t in widget.thresholds for v in (t.value, t.upper) if v is not None]
    low, high = widget.y_range
    low = low if low is not None else min([0.0, *values])
    high = high if high is not None else max([*values, low + 1.0]) * 1.25
    return (low, high) if high > low else (low, low + 1.0)


def _graph(painter: _Painter, widget: Widget, box: Box) -> None:
    subtitle = textwrap.wrap(_subtitle(widget), _chars(box.width, SMALL_SIZE), break_on_hyphens=False)[:2]
    if subtitle:
        painter.lines_of_text(Box(box.left, box.top, box.width, len(subtitle) * LINE_HEIGHT), subtitle,
                              size=SMALL_SIZE, color=MUTED)
        box = box.inset(0, len(subtitle) * LINE_HEIGHT + 2, 0, 0)
    entries = _legend_entries(widget)
    legend_rows = min(len(entries), max(int(box.height * 0.45 // LINE_HEIGHT), 1))
    plot = box.inset(40, 4, 8, legend_rows * LINE_HEIGHT + 22)
    if widget.view == "timeSeries" and plot.height >= 30:
        _placeholder_axes(painter, widget, plot)
        legend_top = plot.bottom + 20
    else:
        legend_rows = min(len(entries), max(int(box.height // LINE_HEIGHT), 1))
        legend_top = box.top + 2
    shown = entries if len(entries) <= legend_rows else entries[: legend_rows - 1] + [
        (f"… {len(entries) - legend_rows + 1} more", MUTED, False)]
    for index, (text, color, dashed) in enumerate(shown):
        y = legend_top + index * LINE_HEIGHT
        painter.swatch(box.left, y, color, dashed)
        painter.text(box.left + 24, y, _fit(text, box.width - 24, SMALL_SIZE), size=SMALL_SIZE)


def _placeholder_axes(painter: _Painter, widget: Widget, plot: Box) -> None:
    axes = painter.axes(plot)
    low, high = _y_limits(widget)
    axes.set_xlim(-180, 0)
    axes.set_ylim(low, high)
    axes.set_xticks([-180, -120, -60, 0], ["-3h", "-2h", "-1h", "now"])
    axes.tick_params(labelsize=SMALL_SIZE - 0.5, colors=MUTED, length=2)
    axes.grid(True, color=FAINT, linewidth=0.8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for spine in ("left", "bottom"):
        axes.spines[spine].set_color(FRAME)
    axes.text(-90, (low + high) / 2, "preview: no data", ha="center", va="center", fontsize=SMALL_SIZE, color="#aab7b8")
    lines = sorted((t for t in widget.thresholds if t.value is not None and t.upper is None), key=lambda t: t.value)
    for band in (t for t in widget.thresholds if t.value is not None and t.upper is not None):
        axes.axhspan(band.value, band.upper, color=_color(band.color, THRESHOLD_DEFAULT), alpha=0.15, linewidth=0)
    px_per_unit = plot.height / (high - low)
    for index, threshold in enumerate(lines):
        color = _color(threshold.color, THRESHOLD_DEFAULT)
        axes.axhline(threshold.value, color=color, linewidth=1.6, linestyle=(0, (4, 2)))
        # The value at the right end, above the line; below it when the next line is too close above.
        crowded = index + 1 < len(lines) and (lines[index + 1].value - threshold.value) * px_per_unit < LINE_HEIGHT
        axes.text(-1, threshold.value, f" {threshold.value:g} ", ha="right", va="top" if crowded else "bottom",
                  fontsize=SMALL_SIZE, color=color, weight="bold")


def _alarm_status(painter: _Painter, widget: Widget, box: Box) -> None:
    columns = max(int(box.width // 300), 1)
    chip_width, chip_height = box.width / columns, 26
    room = max(int(box.height // (chip_height + 4)), 1) * columns
    chips = list(widget.chips)
    shown = chips if len(chips) <= room else chips[: room - 1]
    for index, chip in enumerate(shown):
        cell = Box(box.left + (index % columns) * chip_width, box.top + (index // columns) * (chip_height + 4),
                   chip_width - 6, chip_height)
        painter.rectangle(cell, face=BACKGROUND)
        painter.rectangle(Box(cell.left, cell.top, 5, cell.height), face=_color(chip.color, MUTED))
        painter.text(cell.left + 12, cell.top + 6, _fit(chip.name, cell.width - 16, TEXT_SIZE))
    if len(shown) < len(chips):
        index = len(shown)
        painter.text(box.left + (index % columns) * chip_width + 12, box.top + (index // columns) * (chip_height + 4) + 6,
                     f"… {len(chips) - index} more alarms", color=MUTED)
    if not chips:
        painter.text(box.left, box.top, "no alarms listed", color=MUTED)


def _markdown(painter: _Painter, widget: Widget, box: Box) -> None:
    y = box.top
    for raw in widget.text.splitlines():
        line = _MARKDOWN_LINK.sub(r"\1", raw).replace("**", "").replace("`", "").strip()
        heading = line.startswith("#")
        size = TITLE_SIZE + 1 if heading else TEXT_SIZE
        for part in textwrap.wrap(line.lstrip("# "), _chars(box.width, size), break_on_hyphens=False) or [""]:
            if y + LINE_HEIGHT > box.bottom:
                return
            painter.text(box.left, y, part, size=size, weight="bold" if heading else "normal")
            y += LINE_HEIGHT + (4 if heading else 0)


def _draw_widget(painter: _Painter, widget: Widget) -> Rectangle:
    frame = grid_box(widget).inset(GAP / 2, GAP / 2)
    patch = painter.rectangle(frame, face="white", edge=FRAME, width=1.0, layer=-2)
    inner = frame.inset(10, 8)
    if widget.kind == "text":
        _markdown(painter, widget, inner)
        return patch
    badge = widget.kind + (f" · {widget.view}" if widget.view else "")
    painter.text(inner.right, inner.top + 1, badge, size=SMALL_SIZE, color=MUTED, align="right")
    painter.text(inner.left, inner.top, _fit(widget.title, inner.width - len(badge) * 7 - 12, TITLE_SIZE),
                 size=TITLE_SIZE, weight="bold")
    body = inner.inset(0, LINE_HEIGHT + 9, 0, 0)
    if widget.kind == "metric":
        _graph(painter, widget, body)
    elif widget.kind == "alarm":
        _alarm_status(painter, widget, body)
    else:  # log queries one command per line; anything else as its text
        lines = [part.strip() for part in widget.text.split(" | ")] if widget.kind == "log" else [widget.text]
        painter.lines_of_text(body, lines, mono=widget.kind == "log")
    return patch


def _header(painter: _Painter, dashboard: Dashboard) -> None:
    painter.text(12, 10, f"{dashboard.stack} · {dashboard.name}", size=15, weight="bold")
    painter.text(12, 36, (
        f"{len(dashboard.widgets)} widgets on CloudWatch's 24-column grid, drawn from the synthesized JSON "
        "(no data). Dashed lines: alarm thresholds, colored by severity (P0 red, P1 orange, P2 olive, P3 grey)."
    ), size=SMALL_SIZE, color=MUTED)
    for column in range(0, GRID_COLUMNS + 1, 4):
        x = min(max(column * COLUMN_WIDTH, 6), WIDTH - 6)
        painter.text(x, HEADER_HEIGHT - 14, str(column), size=7, color="#aab7b8",
                     align="left" if column == 0 else "right" if column == GRID_COLUMNS else "center")


def draw_dashboard(dashboard: Dashboard, path: Path) -> list[Box]:
    """Write the picture of ``dashboard`` to ``path`` (PNG); return each widget's frame as drawn, in body order."""
    with rc_context(_STYLE):
        painter = _Painter(canvas_height(dashboard.rows))
        _header(painter, dashboard)
        patches = [_draw_widget(painter, widget) for widget in dashboard.widgets]
        if not dashboard.widgets:
            painter.text(12, HEADER_HEIGHT + 10, dashboard.problem or "This dashboard has no widgets.", color=MUTED)
        painter.figure.savefig(path, dpi=DPI, facecolor=BACKGROUND)
        # Where each frame landed in the image (display pixels: origin bottom-left).
        extents = [patch.get_window_extent() for patch in patches]
    return [Box(float(e.x0), float(painter.height - e.y1), float(e.width), float(e.height)) for e in extents]
