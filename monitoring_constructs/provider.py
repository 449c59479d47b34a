"""The AWS provider bindings for your own resources, loaded fast, on whichever runtime the library chose.

``import cdktf_cdktf_provider_aws.ecs_cluster`` normally runs the package's
``__init__``, which imports all ~2,200 resource submodules (~10 s); through this
module only the submodule you name is imported (~0.1 s each after the library's
own ~2.5 s). It also picks CDKTF's or CDK Terrain's bindings, whichever the
library runs on, so a team's stack code does not name a runtime.

Example::

    from monitoring_constructs.provider import aws

    cluster = aws("ecs_cluster").EcsCluster(self, "cluster", name="orders")
    queue = aws("sqs_queue").SqsQueue(self, "jobs", name="orders-jobs")

Importing ``monitoring_constructs`` first and then ``cdktf_cdktf_provider_aws.<x>``
the usual way is just as fast (the package is registered without its ``__init__``);
this module is the documented, runtime-neutral way.
"""

from __future__ import annotations

from types import ModuleType

from ._cdk import RUNTIME, provider_submodule


def aws(submodule: str) -> ModuleType:
    """The AWS bindings' ``submodule`` (e.g. ``"ecs_cluster"``) of the runtime in use."""
    return provider_submodule(submodule)


__all__ = ["RUNTIME", "aws"]
