"""<stack>-dashboard.png: a valid 1600 px wide PNG with one frame per widget where the grid puts it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from monitoring_constructs.core.severity import SEVERITY_COLORS
from monitoring_constructs.review.model import review_stack
from monitoring_constructs.review.picture import (
    BACKGROUND,
    FOOTER_HEIGHT,
    GAP,
    HEADER_HEIGHT,
    ROW_HEIGHT,
    WIDTH,
    _legend_entries,
    canvas_height,
    draw_dashboard,
)
from monitoring_constructs.review.stacks import load_stack
from tests.conftest import STACK_NAMES
from tests.review.handmade import HANDMADE, write_stack

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WHITE = (255, 255, 255)


def _rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def _body(stack_file: Path) -> dict:
    (dashboard,) = json.loads(stack_file.read_text())["resource"]["aws_cloudwatch_dashboard"].values()
    return json.loads(dashboard["dashboard_body"])


def _expected_frame(widget: dict) -> tuple[float, float, float, float]:
    """The grid rule: column x starts x/24 of the way across; grid row y is ROW_HEIGHT px below row y-1."""
    column = WIDTH / 24
    return (widget["x"] * column + GAP / 2, HEADER_HEIGHT + widget["y"] * ROW_HEIGHT + GAP / 2,
            widget["width"] * column - GAP, widget["height"] * ROW_HEIGHT - GAP)


@pytest.mark.parametrize("name", STACK_NAMES)
def test_each_default_dashboard_is_a_png_1600_px_wide_and_as_tall_as_its_grid(review_dir, synth_dir, name):
    path = review_dir / f"{name}-dashboard.png"
    rows = max(w["y"] + w["height"] for w in _body(synth_dir / "stacks" / name / "cdk.tf.json")["widgets"])

    assert path.read_bytes()[:8] == PNG_SIGNATURE
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert (image.format, image.size) == ("PNG", (WIDTH, HEADER_HEIGHT + rows * ROW_HEIGHT + FOOTER_HEIGHT))


@pytest.mark.parametrize("name", STACK_NAMES)
def test_each_widget_is_drawn_as_one_frame_at_its_grid_position(tmp_path, synth_dir, name):
    stack_file = synth_dir / "stacks" / name / "cdk.tf.json"
    (dashboard,) = review_stack(load_stack(stack_file)).dashboards
    path = tmp_path / "dashboard.png"

    boxes = draw_dashboard(dashboard, path)

    widgets = _body(stack_file)["widgets"]
    assert len(boxes) == len(widgets)
    for box, widget in zip(boxes, widgets):
        assert (box.left, box.top, box.width, box.height) == pytest.approx(_expected_frame(widget), abs=0.5)
    with Image.open(path) as image:
        pixels = image.convert("RGB")
        for box in boxes:  # white just inside each frame's corner, the page just outside it
            assert pixels.getpixel((int(box.left) + 3, int(box.top) + 3)) == WHITE
            assert pixels.getpixel((int(box.left) - 2, int(box.top) - 2)) == _rgb(BACKGROUND)


def test_frames_never_overlap(tmp_path, synth_dir):
    (dashboard,) = review_stack(load_stack(synth_dir / "stacks" / "fileflow-prod" / "cdk.tf.json")).dashboards
    boxes = draw_dashboard(dashboard, tmp_path / "prod.png")
    for index, a in enumerate(boxes):
        for b in boxes[:index]:
            assert a.right <= b.left or b.right <= a.left or a.bottom <= b.top or b.bottom <= a.top


@pytest.fixture(scope="module")
def handmade_dashboard(tmp_path_factory):
    folder = write_stack(tmp_path_factory.mktemp("handmade"), "shop-prod", HANDMADE)
    (dashboard,) = review_stack(load_stack(folder / "shop-prod" / "cdk.tf.json")).dashboards
    return dashboard


def test_widgets_without_a_position_flow_below_the_placed_ones(handmade_dashboard, tmp_path):
    unplaced = {w.title: (w.x, w.y, w.width, w.height) for w in handmade_dashboard.widgets
                if w.title in ("Requests now", "Every queue")}
    # The placed widgets end at row 10; 6 + 20 columns do not fit in one row of 24.
    assert unplaced == {"Requests now": (0, 10, 6, 3), "Every queue": (0, 13, 20, 4)}
    boxes = draw_dashboard(handmade_dashboard, tmp_path / "shop.png")
    with Image.open(tmp_path / "shop.png") as image:
        assert image.size == (WIDTH, canvas_height(17))
    assert max(box.bottom for box in boxes) <= canvas_height(17)


def test_repeated_metric_rows_are_expanded_as_cloudwatch_reads_them(handmade_dashboard):
    queue = next(w for w in handmade_dashboard.widgets if w.title == "Queue age")
    assert [(line.label, line.source, line.dimensions) for line in queue.lines] == [
        ("ApproximateAgeOfOldestMessage Maximum", "AWS/SQS ApproximateAgeOfOldestMessage Maximum",
         "QueueName=${aws_sqs_queue.Orders.name}"),
        ("dead letters", "AWS/SQS ApproximateAgeOfOldestMessage Maximum", "QueueName=orders-dlq"),
        ("ApproximateAgeOfOldestMessage Average", "AWS/SQS ApproximateAgeOfOldestMessage Average", "QueueName=refunds"),
    ]
    assert [(t.label, t.value, t.upper) for t in queue.thresholds] == [("normal", 10, 60), ("slow", 600, None)]


def test_an_alarm_annotation_carries_the_alarm_threshold_and_severity_color(handmade_dashboard):
    latency = next(w for w in handmade_dashboard.widgets if w.title == "Latency alarm")
    assert [(t.label, t.value, t.color) for t in latency.thresholds] == [("shop-prod-latency ≥ 2 (P1)", 2, "#ff7f0e")]


def test_an_alarm_status_widget_names_known_alarms_and_shows_unknown_ones_verbatim(handmade_dashboard):
    status = next(w for w in handmade_dashboard.widgets if w.kind == "alarm")
    assert [(chip.name, chip.color) for chip in status.chips] == [
        ("shop-prod-latency", "#ff7f0e"),
        ("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:elsewhere", None),
    ]


def test_a_body_that_is_not_json_still_gives_a_picture_saying_so(tmp_path):
    document = {"resource": {"aws_cloudwatch_dashboard": {"Board": {
        "dashboard_name": "odd", "dashboard_body": "${jsonencode(local.body)}"}}}}
    folder = write_stack(tmp_path, "odd", document)
    (dashboard,) = review_stack(load_stack(folder / "odd" / "cdk.tf.json")).dashboards
    assert dashboard.widgets == () and "not a JSON dashboard" in dashboard.problem
    assert draw_dashboard(dashboard, tmp_path / "odd.png") == []
    with Image.open(tmp_path / "odd.png") as image:
        assert (image.format, image.size) == ("PNG", (WIDTH, canvas_height(0)))


def test_a_line_without_a_severity_color_is_drawn_neutral_so_nobody_reads_it_as_a_page(handmade_dashboard):
    queue = next(w for w in handmade_dashboard.widgets if w.title == "Queue age")
    colors = {text: color for text, color, _ in _legend_entries(queue)}
    assert colors["slow"] not in SEVERITY_COLORS.values()
