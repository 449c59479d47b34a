"""Deploy layer (issue 5): apply, re-plan and destroy every default stack with real terraform.

For each default stack: create the ALB the stack looks up (``data "aws_lb"`` by name
``<stack>-alb``), copy the synthesized stack, add an ``override.tf.json`` (endpoints, fake
credentials, ``max_retries = 1``, provider version of the offline mirror, local state in the
work dir), ``terraform init`` + ``apply``; assert through boto3 against the same endpoint that
what was deployed is what the stack says (generic checks per resource type) and what the seed
asks (explicit facts per environment); ``plan -detailed-exitcode`` must report no changes;
``destroy``; nothing may be left but the resources with ``skip_destroy``.

By default the target is an in-process moto server on 127.0.0.1 (one per module, reset
between stacks). LocalStack or real AWS: see ``MONITORING_DEPLOY_ENDPOINT`` in
``tests/terraform_harness.py``. Resource types the emulator lacks are left out via
:data:`EMULATOR_GAPS`, together with everything that references them (printed).

Extending: a new resource type needs an endpoint entry (``SERVICES_BY_TYPE_PREFIX`` in the
harness), a leftover check (:data:`LEFTOVERS`) and, ideally, a deployed-state check
(:data:`DEPLOYED_CHECKS`); an emulator gap goes into :data:`EMULATOR_GAPS` with its reason.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import terraform_harness as harness
from tests.conftest import STACK_NAMES

pytestmark = pytest.mark.deploy

MOTO_ACCOUNT_ID = "123456789012"

#: Resource type -> why it is left out against an emulator (moto 5.2.5 answers 500 for all of them).
EMULATOR_GAPS: dict[str, str] = {
    "aws_applicationinsights_application": "moto 5.2.5 has no Application Insights API (500)",
    "aws_grafana_workspace": "moto 5.2.5 has no Managed Grafana API (500)",
    "aws_grafana_role_association": "moto 5.2.5 has no Managed Grafana API (500)",
    "aws_grafana_workspace_api_key": "moto 5.2.5 has no Managed Grafana API (500)",
    "aws_grafana_workspace_service_account": "moto 5.2.5 has no Managed Grafana API (500)",
    "aws_chatbot_slack_channel_configuration": "moto 5.2.5 has no AWS Chatbot API (500)",
    "aws_chatbot_teams_channel_configuration": "moto 5.2.5 has no AWS Chatbot API (500)",
    "aws_cloudwatch_query_definition": "moto 5.2.5 Logs has no PutQueryDefinition (500)",
}


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def terraform(tmp_path_factory: pytest.TempPathFactory) -> harness.Terraform:
    base = tmp_path_factory.getbasetemp()
    return harness.terraform_setup(base / "terraform-cli", plugin_cache_dir=base / "terraform-plugin-cache")


@pytest.fixture(scope="module")
def target() -> Iterator[harness.DeployTarget]:
    """The deploy target; by default a moto server on 127.0.0.1 and a free port for this module."""
    try:
        import boto3  # noqa: F401
    except ImportError:
        harness.missing("deploy layer cannot run, missing: boto3 (pip install boto3)")
    configured = harness.deploy_target_from_env()
    if configured.kind != "moto":
        yield configured
        return
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        harness.missing("deploy layer cannot run, missing: moto[server] (pip install 'moto[server]')")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield configured.with_endpoint(f"http://{host}:{port}")
    finally:
        server.stop()


def _reset_moto(target: harness.DeployTarget) -> None:
    request = urllib.request.Request(f"{target.endpoint}/moto-api/reset", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200


def _terraform_for(tf: harness.Terraform, target: harness.DeployTarget) -> harness.Terraform:
    env = dict(tf.env)
    if target.emulated:
        # Nothing from the caller's AWS setup may leak into a run against the emulator.
        for variable in [v for v in env if v.startswith("AWS_")]:
            del env[variable]
        env["NO_PROXY"] = env["no_proxy"] = ",".join(filter(None, [env.get("NO_PROXY"), "127.0.0.1", "localhost"]))
    return dataclasses.replace(tf, env=env)


# ---------------------------------------------------------------------------
# What terraform deployed, as the emulator tells it
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class Deployment:
    stack: str
    document: dict[str, Any]
    region: str
    target: harness.DeployTarget
    session: Any
    work_dir: Path
    account: str = ""
    state: dict[tuple[str, str, str], dict[str, Any]] = dataclasses.field(default_factory=dict)
    _clients: dict[str, Any] = dataclasses.field(default_factory=dict)

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = self.target.client(self.session, service)
        return self._clients[service]

    def blocks(self, resource_type: str, section: str = "resource") -> dict[str, dict[str, Any]]:
        return self.document.get(section, {}).get(resource_type, {})

    def read_state(self) -> None:
        """Terraform's ids and attributes by (mode, type, name): used to find things, never as the truth."""
        raw = json.loads((self.work_dir / "terraform.tfstate").read_text())
        self.state = {
            (r["mode"], r["type"], r["name"]): r["instances"][0]["attributes"]
            for r in raw.get("resources", [])
            if r.get("instances")
        }

    def resolve(self, value: Any) -> Any:
        """A literal, or the value of a plain ``${[data.]type.name.attribute}`` reference."""
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not (isinstance(value, str) and value.startswith("${") and value.endswith("}")):
            return value
        parts = value[2:-1].split(".")
        mode = "data" if parts[0] == "data" else "managed"
        parts = parts[1:] if mode == "data" else parts
        assert len(parts) == 3, f"cannot resolve expression {value!r}; resolve it in the check"
        return self.state[(mode, parts[0], parts[1])][parts[2]]

    def reference_block(self, reference: str) -> dict[str, Any]:
        parts = reference[2:-1].split(".")
        section = "data" if parts[0] == "data" else "resource"
        parts = parts[1:] if section == "data" else parts
        return self.document[section][parts[0]][parts[1]]

    def topic_arn(self, name: str) -> str:
        return f"arn:aws:sns:{self.region}:{self.account}:{name}"


def _policy(text: str | dict) -> dict[str, dict[str, Any]]:
    """A policy's statements by Sid, with one-element lists and sets normalized."""
    document = json.loads(text) if isinstance(text, str) else text

    def normal(value: Any) -> Any:
        if isinstance(value, list):
            items = [normal(v) for v in value]
            return items[0] if len(items) == 1 else sorted(items, key=json.dumps)
        if isinstance(value, dict):
            return {k: normal(v) for k, v in value.items()}
        return value

    statements = document["Statement"]
    statements = statements if isinstance(statements, list) else [statements]
    return {s.get("Sid", ""): normal(s) for s in statements}


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _log_group(d: Deployment, name: str) -> dict[str, Any] | None:
    groups = d.client("logs").describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    return next((g for g in groups if g["logGroupName"] == name), None)


def _alarms(d: Deployment, names: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(names), 100):
        response = d.client("cloudwatch").describe_alarms(AlarmNames=names[start : start + 100])
        found.update({a["AlarmName"]: a for a in response["MetricAlarms"]})
    return found


def _topics(d: Deployment) -> set[str]:
    paginator = d.client("sns").get_paginator("list_topics")
    return {t["TopicArn"] for page in paginator.paginate() for t in page["Topics"]}


def _dimensions(d: Deployment, block_dimensions: dict[str, Any] | None) -> dict[str, str]:
    return {k: d.resolve(v) for k, v in (block_dimensions or {}).items()}


# -- generic deployed-state checks: the emulator holds what the stack's JSON says -------------


def check_log_groups(d: Deployment, blocks: dict[str, dict[str, Any]]) -> None:
    for block in blocks.values():
        group = _log_group(d, block["name"])
        assert group is not None, f"log group {block['name']} was not created"
        assert group.get("retentionInDays") == block.get("retention_in_days"), f"retention of {block['name']}"
        assert group.get("kmsKeyId") == d.resolve(block.get("kms_key_id")), f"KMS key of {block['name']}"
        tags = d.client("logs").list_tags_log_group(logGroupName=block["name"]).get("tags", {})
        assert tags == block.get("tags", {}), f"tags of {block['name']}"


_ALARM_FIELDS = {
    "metric_name": "MetricName",
    "namespace": "Namespace",
    "statistic": "Statistic",
    "extended_statistic": "ExtendedStatistic",
    "period": "Period",
    "unit": "Unit",
    "evaluation_periods": "EvaluationPeriods",
    "datapoints_to_alarm": "DatapointsToAlarm",
    "comparison_operator": "ComparisonOperator",
    "treat_missing_data": "TreatMissingData",
    "alarm_description": "AlarmDescription",
}


def check_metric_alarms(d: Deployment, blocks: dict[str, dict[str, Any]]) -> None:
    deployed = _alarms(d, [b["alarm_name"] for b in blocks.values()])
    for block in blocks.values():
        name = block["alarm_name"]
        assert name in deployed, f"alarm {name} was not created"
        alarm = deployed[name]
        for key, field in _ALARM_FIELDS.items():
            if key in block:
                assert alarm.get(field) == block[key], f"{name}: {field} is {alarm.get(field)!r}, not {block[key]!r}"
        assert alarm["Threshold"] == float(block["threshold"]), f"{name}: threshold"
        for key, field in (("alarm_actions", "AlarmActions"), ("ok_actions", "OKActions"),
                           ("insufficient_data_actions", "InsufficientDataActions")):
            assert sorted(alarm.get(field, [])) == sorted(d.resolve(block.get(key, []))), f"{name}: {field}"
        if "dimensions" in block:
            got = {x["Name"]: x["Value"] for x in alarm.get("Dimensions", [])}
            assert got == _dimensions(d, block["dimensions"]), f"{name}: dimensions"
        if "metric_query" in block:
            queries = {m["Id"]: m for m in alarm.get("Metrics", [])}
            assert set(queries) == {q["id"] for q in block["metric_query"]}, f"{name}: metric query ids"
            for query in block["metric_query"]:
                got = queries[query["id"]]
                assert got.get("Expression") == query.get("expression"), f"{name}/{query['id']}: expression"
                assert got.get("ReturnData", False) == query.get("return_data", False), f"{name}/{query['id']}"
                if "metric" in query:
                    metric, stat = query["metric"], got["MetricStat"]
                    assert stat["Metric"]["Namespace"] == metric["namespace"], f"{name}/{query['id']}: namespace"
                    assert stat["Metric"]["MetricName"] == metric["metric_name"], f"{name}/{query['id']}: metric"
                    assert stat["Stat"] == metric["stat"] and stat["Period"] == metric["period"], f"{name}/{query['id']}"
                    dims = {x["Name"]: x["Value"] for x in stat["Metric"].get("Dimensions", [])}
                    assert dims == _dimensions(d, metric.get("dimensions")), f"{name}/{query['id']}: dimensions"


def check_sns_topics(d: Deployment, blocks: dict[str, dict[str, Any]]) -> None:
    existing = _topics(d)
    for block in blocks.values():
        arn = d.topic_arn(block["name"])
        assert arn in existing, f"topic {arn} was not created"
        attributes = d.client("sns").get_topic_attributes(TopicArn=arn)["Attributes"]
        assert attributes.get("KmsMasterKeyId") == d.resolve(block.get("kms_master_key_id")), f"KMS key of {arn}"


def check_sns_topic_policies(d: Deployment, blocks: dict[str, dict[str, Any]]) -> None:
    for name, block in blocks.items():
        arn = d.resolve(block["arn"])
        held = d.client("sns").get_topic_attributes(TopicArn=arn)["Attributes"]["Policy"]
        rendered = d.resolve(block["policy"])  # the aws_iam_policy_document's json, as terraform rendered it
        assert _policy(held) == _policy(rendered), f"the policy of {arn} differs from {name}'s document"


def check_sns_subscriptions(d: Deployment, blocks: dict[str, dict[str, Any]]) -> None:
    expected: dict[str, set[tuple[str, str]]] = {}
    for block in blocks.values():
        expected.setdefault(d.resolve(block["topic_arn"]), set()).add((block["protocol"], block["endpoint"]))
    for arn, subscriptions in expected.items():
        listed = d.client("sns").list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]
        assert {(s["Protocol"], s["Endpoint"]) for s in listed} == subscriptions, f"subscriptions of {arn}"


def check_kms_keys(d: Deployment, blocks: dict[str, dict[str, Any]]) -> None:
    kms = d.client("kms")
    for name, block in blocks.items():
        key_id = d.state[("managed", "aws_kms_key", name)]["key_id"]
        metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
        assert metadata["KeyState"] == "Enabled" and metadata.get("Description") == block.get("description")
        if block.get("enable_key_rotation"):
            assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is True
        held = kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"]
        assert _policy(held) == _policy(d.resolve(block["policy"])), f"the key policy of {name} differs"


def check_kms_aliases(d: Deployment, blocks: dict[str, dict[str, Any]]) -> None:
    aliases = {a["AliasName"]: a.get("TargetKeyId") for a in d.client("kms").list_aliases()["Aliases"]}
    for block in blocks.values():
        assert aliases.get(block["name"]) == d.resolve(block["target_key_id"]), f"alias {block['name']}"


#: Resource type -> check that the emulator holds what the block says. Types without one are printed.
DEPLOYED_CHECKS: dict[str, Callable[[Deployment, dict[str, dict[str, Any]]], None]] = {
    "aws_cloudwatch_log_group": check_log_groups,
    "aws_cloudwatch_metric_alarm": check_metric_alarms,
    "aws_sns_topic": check_sns_topics,
    "aws_sns_topic_policy": check_sns_topic_policies,
    "aws_sns_topic_subscription": check_sns_subscriptions,
    "aws_kms_key": check_kms_keys,
    "aws_kms_alias": check_kms_aliases,
}


# -- leftovers after destroy: what of each type still exists -----------------------------------


def left_log_groups(d: Deployment, blocks: dict[str, dict[str, Any]]) -> set[str]:
    return {b["name"] for b in blocks.values() if _log_group(d, b["name"]) is not None}


def left_alarms(d: Deployment, blocks: dict[str, dict[str, Any]]) -> set[str]:
    return set(_alarms(d, [b["alarm_name"] for b in blocks.values()]))


def left_topics(d: Deployment, blocks: dict[str, dict[str, Any]]) -> set[str]:
    return {d.topic_arn(b["name"]) for b in blocks.values()} & _topics(d)


def left_subscriptions(d: Deployment, blocks: dict[str, dict[str, Any]]) -> set[str]:
    endpoints = {b["endpoint"] for b in blocks.values()}
    paginator = d.client("sns").get_paginator("list_subscriptions")
    return {
        f"{s['TopicArn']} -> {s['Endpoint']}"
        for page in paginator.paginate()
        for s in page["Subscriptions"]
        if s["Endpoint"] in endpoints and s["TopicArn"].split(":")[-1].startswith(d.stack)
    }


def left_kms_keys(d: Deployment, blocks: dict[str, dict[str, Any]]) -> set[str]:
    # A destroyed key is scheduled for deletion (7-30 days); anything else is left.
    left = set()
    for name in blocks:
        key_id = d.state[("managed", "aws_kms_key", name)]["key_id"]
        state = d.client("kms").describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"]
        if state not in {"PendingDeletion", "PendingReplicaDeletion"}:
            left.add(f"{key_id} ({state})")
    return left


def left_kms_aliases(d: Deployment, blocks: dict[str, dict[str, Any]]) -> set[str]:
    names = {a["AliasName"] for a in d.client("kms").list_aliases()["Aliases"]}
    return {b["name"] for b in blocks.values()} & names


def gone_with_parent(d: Deployment, blocks: dict[str, dict[str, Any]]) -> set[str]:
    return set()


#: Resource type -> what of it still exists. Every resource type in a stack needs an entry.
LEFTOVERS: dict[str, Callable[[Deployment, dict[str, dict[str, Any]]], set[str]]] = {
    "aws_cloudwatch_log_group": left_log_groups,
    "aws_cloudwatch_metric_alarm": left_alarms,
    "aws_sns_topic": left_topics,
    "aws_sns_topic_policy": gone_with_parent,  # part of the topic
    "aws_sns_topic_subscription": left_subscriptions,
    "aws_kms_key": left_kms_keys,
    "aws_kms_alias": left_kms_aliases,
}

#: Resource type -> delete one survivor (a ``skip_destroy`` resource) so that a rerun starts clean.
CLEANUP: dict[str, Callable[[Deployment, dict[str, Any]], None]] = {
    "aws_cloudwatch_log_group": lambda d, b: d.client("logs").delete_log_group(logGroupName=b["name"]),
}

#: What each type's leftover check reports for a block (to compare with the skip_destroy blocks).
LEFTOVER_KEY: dict[str, Callable[[Deployment, dict[str, Any]], str]] = {
    "aws_cloudwatch_log_group": lambda d, b: b["name"],
}


# -- what the seed asks, in its own words --------------------------------------------------------


def check_seed_facts(d: Deployment) -> None:
    environment = d.stack.rsplit("-", 1)[1]
    alarms = _alarms(d, [b["alarm_name"] for b in d.blocks("aws_cloudwatch_metric_alarm").values()])
    key_arn = d.client("kms").describe_key(KeyId=f"alias/{d.stack}-monitoring")["KeyMetadata"]["Arn"]

    # Log groups: retention per environment, all encrypted with the stack's key.
    retention = {"prod": {"application": 14, "error": 30, "access": 7}}.get(
        environment, {"application": 7, "error": 14, "access": 3}
    )
    for kind, days in retention.items():
        group = _log_group(d, f"/ecs/{d.stack}/{kind}")
        assert group and group.get("retentionInDays") == days, f"{d.stack} {kind} logs keep {days} days"
        assert group.get("kmsKeyId") == key_arn, f"{d.stack} {kind} logs are encrypted with the stack's key"
    if environment == "prod":
        queries = _log_group(d, "/aws/rds/fileflow-prod/queries")
        assert queries and queries.get("retentionInDays") == 7 and queries.get("kmsKeyId") == key_arn

    # The key lets CloudWatch Logs use it for this service's log groups only, and CloudWatch alarms
    # publish to the encrypted topics.
    policy = _policy(d.client("kms").get_key_policy(KeyId=key_arn, PolicyName="default")["Policy"])
    logs_statement = next(s for s in policy.values() if s.get("Principal", {}).get("Service") == f"logs.{d.region}.amazonaws.com")
    assert {"kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"} <= set(_as_list(logs_statement["Action"]))
    arns = _as_list(logs_statement["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"])
    assert f"arn:aws:logs:{d.region}:{d.account}:log-group:/ecs/{d.stack}/*" in arns, arns
    cloudwatch_statement = next(
        s for s in policy.values() if s.get("Principal", {}).get("Service") == "cloudwatch.amazonaws.com"
    )
    assert {"kms:Decrypt", "kms:GenerateDataKey*"} <= set(_as_list(cloudwatch_statement["Action"]))

    # Topics: per severity, encrypted with the key, CloudWatch of this account may publish.
    severities = ("p0", "p1", "p2", "p3") if environment == "prod" else ("p3",)
    topic = {s: d.topic_arn(f"{d.stack}-alerts-{s}") for s in severities}
    assert {t for t in _topics(d) if t.split(":")[-1].startswith(f"{d.stack}-")} == set(topic.values())
    for arn in topic.values():
        attributes = d.client("sns").get_topic_attributes(TopicArn=arn)["Attributes"]
        assert attributes["KmsMasterKeyId"] == key_arn
        publish = next(
            s for s in _policy(attributes["Policy"]).values()
            if s.get("Principal", {}).get("Service") == "cloudwatch.amazonaws.com"
        )
        assert publish["Condition"]["StringEquals"]["aws:SourceAccount"] == d.account
        assert publish["Resource"] == arn

    def subscribers(severity: str) -> set[tuple[str, str]]:
        listed = d.client("sns").list_subscriptions_by_topic(TopicArn=topic[severity])["Subscriptions"]
        return {(s["Protocol"], s["Endpoint"]) for s in listed}

    if environment == "prod":
        assert subscribers("p0") == {
            ("email", "oncall@example.com"),
            ("https", "https://events.pagerduty.com/integration/fileflow-prod/enqueue"),
        }
        assert subscribers("p1") == subscribers("p2") == {("email", "platform@example.com")}
        assert subscribers("p3") == {("email", "platform-alerts@example.com")}
        # "No running tasks" pages on-call: Container Insights metric, below 1, P0 topic.
        zero = alarms["fileflow-prod-task-count-zero"]
        assert (zero["Namespace"], zero["MetricName"]) == ("ECS/ContainerInsights", "RunningTaskCount")
        assert (zero["Threshold"], zero["ComparisonOperator"]) == (1.0, "LessThanThreshold")
        assert zero["AlarmActions"] == [topic["p0"]] and zero["OKActions"] == [topic["p0"]]
        assert alarms["fileflow-prod-rds-cpu-high"]["Dimensions"] == [
            {"Name": "DBInstanceIdentifier", "Value": "shared-postgres-prod"}
        ]
    else:
        assert subscribers("p3") == {("email", f"{d.stack}-alerts@example.com")}
        assert all(a["AlarmActions"] == [topic["p3"]] for a in alarms.values()), "non-prod alarms all notify P3"
        assert not any(name.endswith("rds-cpu-high") for name in alarms), "no RDS, no RDS alarm"


# ---------------------------------------------------------------------------
# The ALB the stacks look up
# ---------------------------------------------------------------------------


def ensure_load_balancer(d: Deployment, name: str) -> str | None:
    """Create ``name`` in the default VPC unless it exists; the ARN if this test created it."""
    elbv2 = d.client("elbv2")
    try:
        elbv2.describe_load_balancers(Names=[name])
        return None
    except elbv2.exceptions.LoadBalancerNotFoundException:
        pass
    subnets = d.client("ec2").describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    by_zone = {s["AvailabilityZone"]: s["SubnetId"] for s in subnets}
    assert len(by_zone) >= 2, f"an ALB needs default subnets in two zones of {d.region}, found {by_zone}"
    created = elbv2.create_load_balancer(Name=name, Subnets=sorted(by_zone.values())[:2], Type="application")
    return created["LoadBalancers"][0]["LoadBalancerArn"]


# ---------------------------------------------------------------------------
# The test
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("stack", STACK_NAMES)
def test_stack_deploys_converges_and_tears_down(
    stack: str, synth_dir: Path, terraform: harness.Terraform, target: harness.DeployTarget, tmp_path: Path
) -> None:
    started = time.monotonic()
    timings: dict[str, float] = {}

    def lap(phase: str) -> None:
        timings[phase] = time.monotonic() - started - sum(timings.values())

    tf = _terraform_for(terraform, target)
    document = harness.load_stack(synth_dir, stack)
    region = harness.stack_region(document)
    harness.services_used(document)  # every type has an endpoint mapping
    pruned = (
        harness.drop_resource_types(document, EMULATOR_GAPS)
        if target.emulated and target.skip_gaps
        else harness.Pruned(document)
    )
    print(f"\n{stack} on {target.kind} {target.endpoint or ''}: {pruned.report()}")
    unchecked = sorted(set(pruned.document.get("resource", {})) - set(LEFTOVERS))
    assert not unchecked, f"no leftover check for {unchecked}: add them to LEFTOVERS in tests/test_deploy.py"

    if target.kind == "moto":
        _reset_moto(target)
    work_dir = tmp_path / stack
    d = Deployment(stack, pruned.document, region, target, target.boto3_session(region), work_dir)
    d.account = d.client("sts").get_caller_identity()["Account"]
    if target.kind == "moto":
        assert d.account == MOTO_ACCOUNT_ID, "data.aws_caller_identity must see moto's account"
    created_alb = ensure_load_balancer(d, f"{stack}-alb")

    services = harness.services_used(pruned.document) | (
        harness.all_known_services() if target.emulated else set()
    )
    harness.prepare_stack(
        work_dir,
        pruned.document,
        provider_version=tf.provider_version,
        provider_overrides=target.provider_overrides(region, services),
        local_state=True,
    )
    lap("prepare")
    survivors = [
        (resource_type, block)
        for resource_type, blocks in pruned.document.get("resource", {}).items()
        for block in blocks.values()
        if block.get("skip_destroy") is True
    ]
    deployed = destroyed = False
    try:
        harness.init(tf, work_dir)
        lap("init")
        harness.run_terraform(tf, work_dir, "apply", "-auto-approve", "-input=false")
        deployed = True
        lap("apply")

        d.read_state()
        assert d.state[("data", "aws_caller_identity", next(iter(d.blocks("aws_caller_identity", "data"))))][
            "account_id"
        ] == d.account
        not_checked = sorted(set(pruned.document.get("resource", {})) - set(DEPLOYED_CHECKS))
        if not_checked:
            print(f"{stack}: deployed, but no deployed-state check for {not_checked}")
        for resource_type, blocks in pruned.document.get("resource", {}).items():
            if resource_type in DEPLOYED_CHECKS:
                DEPLOYED_CHECKS[resource_type](d, blocks)
        check_seed_facts(d)
        lap("assert deployed")

        plan = harness.run_terraform(tf, work_dir, "plan", "-detailed-exitcode", "-input=false", ok_codes=(0, 2))
        assert plan.returncode == 0, f"{stack}: perpetual diff, `terraform plan` after apply wants changes:\n{plan.stdout}"
        lap("re-plan")

        harness.run_terraform(tf, work_dir, "destroy", "-auto-approve", "-input=false")
        destroyed = True
        lap("destroy")

        expected_left = {(t, LEFTOVER_KEY[t](d, b)) for t, b in survivors}
        left = {
            (resource_type, item)
            for resource_type, blocks in pruned.document.get("resource", {}).items()
            for item in LEFTOVERS[resource_type](d, blocks)
        }
        assert left == expected_left, (
            f"{stack}: after destroy, left: {sorted(left - expected_left)}; "
            f"missing survivors (skip_destroy): {sorted(expected_left - left)}"
        )
        if stack.endswith("-prod"):
            assert {item for _, item in left} == {
                "/ecs/fileflow-prod/application", "/ecs/fileflow-prod/error",
                "/ecs/fileflow-prod/access", "/aws/rds/fileflow-prod/queries",
            }, "prod keeps exactly its log groups"
        else:
            assert not left, f"{stack} keeps nothing"
        lap("assert destroyed")
    finally:
        if deployed and not destroyed:  # leave nothing behind on a real account when a check failed
            subprocess.run(
                [tf.binary, "destroy", "-auto-approve", "-input=false", "-no-color"],
                cwd=work_dir, env=dict(tf.env), capture_output=True, timeout=600, check=False,
            )
        for resource_type, block in survivors if deployed else []:
            try:
                CLEANUP[resource_type](d, block)
            except Exception as error:  # noqa: BLE001 - best effort; gone already is fine
                print(f"{stack}: cleanup of {resource_type} {block.get('name')}: {error}")
        if created_alb:
            d.client("elbv2").delete_load_balancer(LoadBalancerArn=created_alb)
    total = time.monotonic() - started
    print(f"{stack}: " + ", ".join(f"{phase} {seconds:.1f}s" for phase, seconds in timings.items()) + f"; total {total:.1f}s")


def test_emulator_gaps_are_left_out_with_whatever_references_them() -> None:
    document = {
        "resource": {
            "aws_grafana_workspace": {"Grafana": {"name": "g"}},
            "aws_grafana_role_association": {"Admins": {"workspace_id": "${aws_grafana_workspace.Grafana.id}"}},
            "aws_sns_topic": {"Alerts": {"name": "t"}, "Alerts-b": {"name": "u"}},
            "aws_iam_role": {"Reader": {"name": "r", "depends_on": ["aws_grafana_workspace.Grafana"]}},
            "aws_iam_role_policy": {"ReaderPolicy": {"role": "${aws_iam_role.Reader.name}"}},
            "aws_cloudwatch_metric_alarm": {"A": {"alarm_actions": ["${aws_sns_topic.Alerts.arn}"]}},
        },
        "data": {"aws_grafana_workspace": {"Grafana": {"workspace_id": "x"}}},
        "output": {
            "grafana_url": {"value": "${join(\"\", [\"https://\", aws_grafana_workspace.Grafana.endpoint])}"},
            "topic": {"value": "${aws_sns_topic.Alerts.arn}"},
        },
    }
    pruned = harness.drop_resource_types(document, {"aws_grafana_workspace": "no Grafana"})
    assert set(pruned.left_out) == {
        "aws_grafana_workspace.Grafana", "data.aws_grafana_workspace.Grafana", "aws_grafana_role_association.Admins",
        "aws_iam_role.Reader", "aws_iam_role_policy.ReaderPolicy", "output.grafana_url",
    }
    assert set(pruned.document["resource"]) == {"aws_sns_topic", "aws_cloudwatch_metric_alarm"}
    assert set(pruned.document["resource"]["aws_sns_topic"]) == {"Alerts", "Alerts-b"}
    assert set(pruned.document["output"]) == {"topic"} and "data" not in pruned.document
    assert "aws_grafana_workspace" in document["resource"], "the input is not modified"


def test_every_service_a_stack_uses_gets_an_endpoint(synth_dir: Path) -> None:
    for stack in STACK_NAMES:
        assert harness.services_used(harness.load_stack(synth_dir, stack)) >= {"sts", "logs", "cloudwatch", "kms", "sns", "elbv2"}
    with pytest.raises(AssertionError, match="aws_made_up_thing"):
        harness.services_used({"resource": {"aws_made_up_thing": {}}})
    assert harness.services_for_type("aws_cloudwatch_log_group") == ("logs",)
    assert harness.services_for_type("aws_cloudwatch_event_rule") == ("events",)
    assert harness.services_for_type("aws_cloudwatch_dashboard") == ("cloudwatch",)
    assert harness.services_for_type("aws_lb") == ("elbv2",)
