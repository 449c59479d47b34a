"""Fixtures of the delivery tests: every default stack, the README's service-team example and the worker.

``stack`` runs a test once per stack (see ``stacks.DELIVERY_STACKS`` for the paths each one has).
"""

from __future__ import annotations

import pytest

from tests.delivery.resolve import ResolvedStack
from tests.delivery.stacks import DELIVERY_STACKS, TEAM_STACK_NAME, DeliveryStack, synth_team_example
from tests.stack_assertions import Synthesized
from tests.worker_example import WORKER_STACK_NAME, synth_worker


@pytest.fixture(scope="session")
def team_example() -> Synthesized:
    """The README's ``OrdersStack`` example, synthesized once per session."""
    return synth_team_example()


@pytest.fixture(scope="session")
def worker_example() -> Synthesized:
    """The worker (ECS + SQS + Lambda, no ALB) of ``tests/worker_example.py``, synthesized once per session."""
    return synth_worker()


@pytest.fixture(scope="session")
def delivery_stacks(stacks: dict[str, Synthesized], team_example: Synthesized,
                    worker_example: Synthesized) -> dict[str, DeliveryStack]:
    synthesized = {**stacks, TEAM_STACK_NAME: team_example, WORKER_STACK_NAME: worker_example}
    return {
        name: DeliveryStack(name=name, prefix=prefix, resolved=ResolvedStack(synthesized[name], name=name), paths=paths)
        for name, (prefix, paths) in DELIVERY_STACKS.items()
    }


@pytest.fixture(params=sorted(DELIVERY_STACKS))
def stack(request: pytest.FixtureRequest, delivery_stacks: dict[str, DeliveryStack]) -> DeliveryStack:
    return delivery_stacks[request.param]

