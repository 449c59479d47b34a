"""Replay the scenario catalog (or a team's own scenarios) on synthesized stacks.

Example::

    results = replay_stacks(load_stacks(Path("cdktf.out/stacks")))
    Path("pages.md").write_text(pages_markdown(results))
    [r for r in results if not r.verdict.holds]  # what pages wrongly
"""

from __future__ import annotations

from collections.abc import Sequence

from ..stacks import Stack
from .catalog import CATALOG
from .engine import replay
from .pages import PageResult
from .scenarios import Scenario


def replay_stacks(stacks: Sequence[Stack], scenarios: Sequence[Scenario] = CATALOG) -> list[PageResult]:
    """Every scenario that applies to each stack, replayed and judged, by stack then catalog order."""
    return [PageResult.of(stack.name, scenario, scenario.run(stack, replay))
            for stack in stacks for scenario in scenarios if scenario.applies_to(stack)]


__all__ = ["replay_stacks"]
