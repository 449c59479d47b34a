"""A worker service as a team would write it: an ECS service that consumes an SQS queue (with a
dead-letter queue) and a Lambda that makes thumbnails, no load balancer.

Its own resources are real ``aws_*`` resources, so the names the monitoring gets are tokens and
every queue and function carries an explicit label. Shared by the worker's rule tests, the
delivery tests and ``terraform validate``.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from monitoring_constructs import (
    Contacts,
    EcsServiceTarget,
    LambdaFunctionTarget,
    MonitoredResources,
    MonitoringSettings,
    Notifications,
    ServiceMonitoring,
    Severity,
    SqsQueueTarget,
)
from monitoring_constructs._cdk import AwsProvider, TerraformStack, Testing, provider_submodule
from tests.stack_assertions import Synthesized

WORKER_STACK_NAME = "jobs-prod"
THUMBNAILS_TIMEOUT_SECONDS = 30


def build_worker(stack: TerraformStack) -> ServiceMonitoring:
    """The worker's resources and its monitoring, in ``stack``."""
    # The team's own resources, from the AWS bindings of whichever runtime the library chose.
    ecs_cluster, ecs_service, sqs_queue, lambda_function = (
        provider_submodule(name) for name in ("ecs_cluster", "ecs_service", "sqs_queue", "lambda_function")
    )
    AwsProvider(stack, "aws", region="eu-west-1")
    cluster = ecs_cluster.EcsCluster(stack, "cluster", name="jobs",
                                     setting=[ecs_cluster.EcsClusterSetting(name="containerInsights", value="enabled")])
    service = ecs_service.EcsService(stack, "service", name="jobs-worker", cluster=cluster.id, task_definition="jobs:1")
    failed = sqs_queue.SqsQueue(stack, "failed-jobs", name="jobs-failed")
    jobs = sqs_queue.SqsQueue(stack, "jobs", name="jobs",
                              redrive_policy=f'{{"deadLetterTargetArn":"{failed.arn}","maxReceiveCount":5}}')
    thumbnails = lambda_function.LambdaFunction(
        stack, "thumbnails", function_name="jobs-thumbnails", role="arn:aws:iam::123456789012:role/jobs-thumbnails",
        runtime="python3.12", handler="app.handler", filename="thumbnails.zip", timeout=THUMBNAILS_TIMEOUT_SECONDS,
    )
    return ServiceMonitoring(stack, "Monitoring", settings=MonitoringSettings(
        service="jobs",
        environment="prod",
        region="eu-west-1",
        resources=MonitoredResources(
            ecs_service=EcsServiceTarget(cluster_name=cluster.name, service_name=service.name,
                                         deployment_circuit_breaker=True),
            sqs_queues=(SqsQueueTarget(queue_name=jobs.name, dead_letter_queue_name=failed.name, label="jobs"),),
            lambda_functions=(LambdaFunctionTarget(function_name=thumbnails.function_name,
                                                   timeout_seconds=THUMBNAILS_TIMEOUT_SECONDS, label="thumbnails"),),
        ),
        notifications=Notifications(
            contacts={
                Severity.P0: Contacts(emails=("oncall@example.com",)),
                Severity.P1: Contacts(emails=("platform@example.com",)),
                Severity.P2: Contacts(emails=("jobs-team@example.com",)),
            },
            unattended={Severity.P3},
        ),
    ))


def synth_worker(then: Callable[[ServiceMonitoring], object] | None = None) -> Synthesized:
    """The worker's stack synthesized; ``then`` may monitor more on its ``ServiceMonitoring`` first."""
    stack = TerraformStack(Testing.app(), WORKER_STACK_NAME)
    monitoring = build_worker(stack)
    if then is not None:
        then(monitoring)
    return Synthesized(json.loads(Testing.synth(stack)))
