"""Fixtures of the delivery tests: every default stack and the README's service-team example.

``stack`` runs a test once per stack (see ``stacks.DELIVERY_STACKS`` for the paths each one has).
"""

from __future__ import annotations

import pytest

from tests.delivery.resolve import ResolvedStack
from tests.delivery.stacks import DELIVERY_STACKS, TEAM_STACK_NAME, DeliveryStack, synth_team_example
from tests.stack_assertions import Synthesized


@pytest.fixture(scope="session")
def team_example() -> Synthesized:
    """The README's ``OrdersStack`` example, synthesized once per session."""
    return synth_team_example()


@pytest.fixture(scope="session")
def delivery_stacks(stacks: dict[str, Synthesized], team_example: Synthesized) -> dict[str, DeliveryStack]:
    synthesized = {**stacks, TEAM_STACK_NAME: team_example}
    return {
        name: DeliveryStack(name=name, prefix=prefix, resolved=ResolvedStack(synthesized[name], name=name), paths=paths)
        for name, (prefix, paths) in DELIVERY_STACKS.items()
    }


@pytest.fixture(params=sorted(DELIVERY_STACKS))
def stack(request: pytest.FixtureRequest, delivery_stacks: dict[str, DeliveryStack]) -> DeliveryStack:
    return delivery_stacks[request.param]

