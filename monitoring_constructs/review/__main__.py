"""Command line: ``python -m monitoring_constructs.review OUT_DIR [--stacks DIR] [--base DIR] [--scenarios]``.

``--scenarios`` replays the incident catalog on each stack (``review.replay``) and writes
``pages.md``: who is paged, at which severity, when; with ``--base``, ``changes.md`` also
lists the pages that change.

Exit codes: 0 written (whether or not anything changed), 1 unreadable input or
output folder (one line on stderr, no traceback), 2 bad usage. Progress goes
to stderr.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .changes import changes_markdown, compare
from .markdown import count
from .matrix import alarm_matrix
from .model import StackReview, review_stack
from .stacks import ReviewError, load_stacks

DEFAULT_STACKS = Path("cdktf.out/stacks")
ALARMS_FILE = "alarms.md"
CHANGES_FILE = "changes.md"
PAGES_FILE = "pages.md"


def progress(message: str) -> None:
    print(f"review: {message}", file=sys.stderr, flush=True)


def picture_names(review: StackReview) -> list[str]:
    """``<stack>-dashboard.png``; with several dashboards, ``<stack>-<dashboard name>.png`` each."""
    if len(review.dashboards) == 1:
        return [f"{review.name}-dashboard.png"]
    return [f"{review.name}-{re.sub(r'[^A-Za-z0-9_.-]', '_', d.name)}.png" for d in review.dashboards]


def _read(folder: Path, say: Callable[[str], None], role: str) -> list[StackReview]:
    stacks = load_stacks(folder)
    say(f"reading {count(len(stacks), role + ' stack')} from {folder}")
    reviews = [review_stack(stack) for stack in stacks]
    for review in reviews:
        widgets = sum(len(d.widgets) for d in review.dashboards)
        say(f"  {review.name}: {count(len(review.alarms), 'alarm')}, {count(len(review.topics), 'topic')}, "
            f"{count(len(review.dashboards), 'dashboard')} ({count(widgets, 'widget')})")
    return reviews


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ReviewError(f"cannot write {path}: {error}") from None


def run(out: Path, stacks: Path, base: Path | None, say: Callable[[str], None] = progress,
        scenarios: bool = False) -> int:
    """Write the review material for ``stacks`` (and the changes since ``base``) into ``out``."""
    current = _read(stacks, say, "current")
    previous = _read(base, say, "base") if base is not None else None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReviewError(f"cannot create {out}: {error}") from None
    _write(out / ALARMS_FILE, alarm_matrix(current, source=str(stacks)))
    say(f"wrote {out / ALARMS_FILE}")
    from .picture import draw_dashboard  # matplotlib (~1 s to import) only once there is something to draw

    for review in current:
        for dashboard, name in zip(review.dashboards, picture_names(review)):
            try:
                draw_dashboard(dashboard, out / name)
            except OSError as error:
                raise ReviewError(f"cannot write {out / name}: {error}") from None
            say(f"drew {out / name} ({len(dashboard.widgets)} widgets{'; ' + dashboard.problem if dashboard.problem else ''})")
    pages_text = ""
    if scenarios:
        from .replay.pages import pages_markdown, pages_that_change
        from .replay.run import replay_stacks

        results = replay_stacks(load_stacks(stacks))
        _write(out / PAGES_FILE, pages_markdown(results))
        failing = sum(not result.verdict.holds for result in results)
        say(f"wrote {out / PAGES_FILE}: {count(len(results), 'replay')}, {count(failing, 'expectation')} not met")
        if base is not None:
            pages_text = "\n" + pages_that_change(replay_stacks(load_stacks(base)), results)
    if previous is not None:
        text = changes_markdown(compare(previous, current), base=str(base), current=str(stacks))
        _write(out / CHANGES_FILE, text + pages_text)
        say(f"wrote {out / CHANGES_FILE}: {text.splitlines()[2]}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m monitoring_constructs.review",
        description="Write the alarm matrix (alarms.md), a picture of each dashboard (<stack>-dashboard.png) "
        "and, with --base, the changes since a base synthesis (changes.md), from synthesized stacks only.",
    )
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="folder to write into (created if missing)")
    parser.add_argument("--stacks", type=Path, default=DEFAULT_STACKS,
                        help=f"synthesized stacks, <DIR>/<stack>/cdk.tf.json (default: {DEFAULT_STACKS})")
    parser.add_argument("--base", type=Path, metavar="BASE_STACKS_DIR",
                        help="stacks synthesized from the base branch: also write changes.md")
    parser.add_argument("--scenarios", action="store_true",
                        help="replay the incident catalog on each stack: write pages.md (who is paged, when)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # bad usage: argparse's message and exit 2
    try:
        return run(args.out_dir, args.stacks, args.base, scenarios=args.scenarios)
    except ReviewError as error:
        print(f"review: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
