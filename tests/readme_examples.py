"""The README's service-team examples, run as the README writes them.

Each ```python block that defines ``class <Name>Stack(TerraformStack)`` is an
example. Its ``...  # your provider, ...`` line stands for the team's own
provider and resources; here it becomes ``TEAM_RESOURCES`` (a provider in the
example's region, an ECS cluster ``cluster`` and service ``service``, an ALB
``alb`` and its target group ``tg``, SQS queues ``queue`` and ``dead_letters``, a Lambda function
``function`` and a Redis replication group ``cache``), so every example can
name what it uses.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from monitoring_constructs._cdk import Testing
from tests.runtimes import migrate
from tests.stack_assertions import Synthesized

README = Path(__file__).resolve().parents[1] / "README.md"

TEAM_RESOURCES = '''\
from monitoring_constructs._cdk import AwsProvider
from cdktf_cdktf_provider_aws.ecs_cluster import EcsCluster, EcsClusterSetting
from cdktf_cdktf_provider_aws.ecs_service import EcsService
from cdktf_cdktf_provider_aws.elasticache_replication_group import ElasticacheReplicationGroup
from cdktf_cdktf_provider_aws.lb import Lb
from cdktf_cdktf_provider_aws.lb_target_group import LbTargetGroup
from cdktf_cdktf_provider_aws.lambda_function import LambdaFunction
from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue
AwsProvider(self, "aws", region="{region}")
cluster = EcsCluster(self, "cluster", name="{service}",
                     setting=[EcsClusterSetting(name="containerInsights", value="enabled")])
service = EcsService(self, "service", name="{service}-api", cluster=cluster.id, task_definition="{service}:1")
alb = Lb(self, "alb", name="{service}-alb", subnets=["subnet-1", "subnet-2"])
tg = LbTargetGroup(self, "tg", name="{service}-api", port=8080, protocol="HTTP", vpc_id="vpc-1", target_type="ip")
cache = ElasticacheReplicationGroup(self, "cache", replication_group_id="{service}-cache", description="cache")
dead_letters = SqsQueue(self, "dead_letters", name="{service}-failed")
queue = SqsQueue(self, "queue", name="{service}", redrive_policy='{{"maxReceiveCount":5}}')
function = LambdaFunction(self, "function", function_name="{service}", role="arn:aws:iam::123456789012:role/{service}",
                          runtime="python3.12", handler="app.handler", filename="{service}.zip", timeout=30)'''

_CLASS = re.compile(r"^class (\w+Stack)\(TerraformStack\):", re.MULTILINE)
_PLACEHOLDER = re.compile(r"^( +)\.\.\.  # your provider.*$", re.MULTILINE)


def examples() -> dict[str, str]:
    """Example stack class name -> its code with the team's resources in place of ``...``."""
    found: dict[str, str] = {}
    for block in re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL):
        names = _CLASS.findall(block)
        if not names:
            continue
        placeholder = _PLACEHOLDER.search(block)
        region = re.search(r'region="([a-z0-9-]+)"', block)
        service = re.search(r'service="([a-z0-9-]+)"', block)
        if placeholder is None or region is None or service is None:
            raise LookupError(f"README.md: the {names[0]} example lost its '...  # your provider' line, region or service")
        indent = placeholder.group(1)
        team = TEAM_RESOURCES.format(region=region.group(1), service=service.group(1))
        code = block[: placeholder.start()] + "\n".join(indent + line for line in team.splitlines()) + block[placeholder.end():]
        found[names[0]] = migrate(code)  # written for CDKTF; moved to the runtime under test as the README says
    return found


def synth_example(class_name: str, stack_name: str) -> Synthesized:
    """Run the README's ``class_name`` example and synthesize its stack (once per session: a fresh copy each call)."""
    return Synthesized(json.loads(_synthesized_json(class_name, stack_name)))


@functools.cache
def _synthesized_json(class_name: str, stack_name: str) -> str:
    # The README examples are read by several test modules (rules, delivery, replayed incidents).
    namespace: dict[str, object] = {}
    exec(compile(examples()[class_name], f"{README} ({class_name} example)", "exec"), namespace)  # noqa: S102
    stack = namespace[class_name](Testing.app(), stack_name)  # type: ignore[operator]
    return Testing.synth(stack)
