"""Fixtures of the delivery tests: every default stack, the README's service-team examples and the worker.

``stack`` runs a test once per stack (see ``stacks.DELIVERY_STACKS`` for the paths each one has).
"""

from __future__ import annotations

import pytest

from tests.delivery.resolve import ResolvedStack
from tests.delivery.stacks import DELIVERY_STACKS, README_EXAMPLES, DeliveryStack, synth_readme_example
from tests.stack_assertions import Synthesized
from tests.worker_example import WORKER_STACK_NAME, synth_worker


@pytest.fixture(scope="session")
def readme_examples() -> dict[str, Synthesized]:
    """The README's ``OrdersStack`` and ``PaymentsStack`` examples by stack name, synthesized once per session."""
    return {name: synth_readme_example(name) for name in README_EXAMPLES}


@pytest.fixture(scope="session")
def worker_example() -> Synthesized:
    """The worker (ECS + SQS + Lambda, no ALB) of ``tests/worker_example.py``, synthesized once per session."""
    return synth_worker()


@pytest.fixture(scope="session")
def delivery_stacks(stacks: dict[str, Synthesized], readme_examples: dict[str, Synthesized],
                    worker_example: Synthesized) -> dict[str, DeliveryStack]:
    synthesized = {**stacks, **readme_examples, WORKER_STACK_NAME: worker_example}
    return {
        name: DeliveryStack(name=name, prefix=prefix, resolved=ResolvedStack(synthesized[name], name=name), paths=paths)
        for name, (prefix, paths) in DELIVERY_STACKS.items()
    }


@pytest.fixture(params=sorted(DELIVERY_STACKS))
def stack(request: pytest.FixtureRequest, delivery_stacks: dict[str, DeliveryStack]) -> DeliveryStack:
    return delivery_stacks[request.param]

