"""Run real ``terraform`` on synthesized stacks (DESIGN §9.5, issue 5).

Small functions shared by the ``tools`` layer (``terraform validate``) and the
``deploy`` layer (apply / plan / destroy against an AWS emulator):

* :func:`find_provider_mirror` / :func:`mirror_provider_version` locate an offline
  filesystem mirror of ``hashicorp/aws`` and the version it holds;
* :func:`write_cli_config` writes a CLI config (``filesystem_mirror`` + a shared
  ``plugin_cache_dir``) and returns the environment terraform must run with;
* :func:`prepare_stack` copies one synthesized stack into a work dir and adds an
  ``override.tf.json`` (terraform merges ``*override.tf.json`` into ``cdk.tf.json``;
  ``required_providers`` entries are replaced, provider arguments merged);
* :func:`run_terraform` runs terraform with captured output and fails with its stderr;
* :func:`require_tool` skips (or, with ``CI=true``, fails) when a tool is missing.

Environment variables
---------------------
``MONITORING_TF_PROVIDER_MIRROR``
    Folder that holds ``registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>``
    (unpacked) or ``.../aws/terraform-provider-aws_<version>_<os>_<arch>.zip`` (packed).
    Default: ``/opt/tf-plugins`` and a few other known places.
``MONITORING_TERRAFORM``
    The terraform binary (default: ``terraform`` on ``PATH``).
``CI``
    ``true``: a missing tool fails the test instead of skipping it.

Deploy target (``tests/test_deploy.py``; only endpoint settings change)
    ``MONITORING_DEPLOY_ENDPOINT`` unset
        An in-process moto server on 127.0.0.1 and a free port, reset between stacks,
        fake credentials.
    ``MONITORING_DEPLOY_ENDPOINT=http://localhost:4566`` (LocalStack, or any running emulator)
        Every provider endpoint and every boto3 client point at that URL; credentials
        ``MONITORING_DEPLOY_ACCESS_KEY``/``MONITORING_DEPLOY_SECRET_KEY`` (default
        ``test``/``test``); the emulator is not reset.
    ``MONITORING_DEPLOY_ENDPOINT=aws``
        Real AWS: no endpoints, no skip flags, credentials from the standard chain
        (``AWS_PROFILE``, ``AWS_ACCESS_KEY_ID``...). Creates (and later deletes) the
        ``<stack>-alb`` load balancer in the default VPC if it does not exist; deploys to the
        stacks' own region; destroy schedules the KMS keys for deletion (30 days).
    ``MONITORING_DEPLOY_SKIP_GAPS=0``
        Deploy the resource types listed as emulator gaps anyway (e.g. on LocalStack Pro).
"""

from __future__ import annotations

import copy
import json
import os
import platform
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

PROVIDER_HOST = "registry.terraform.io"
PROVIDER_NAMESPACE = "hashicorp"
PROVIDER_TYPE = "aws"

#: Places an offline mirror is looked for, in order, before a shallow ``find``.
KNOWN_MIRROR_LOCATIONS = (
    "/opt/tf-plugins",
    "~/.terraform.d/plugins",
    "~/.local/share/terraform/plugins",
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
)

DEFAULT_TIMEOUT_S = 600

# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------


def _platform() -> str:
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    return f"{platform.system().lower()}_{arch}"


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"[.\-+]", version))


def mirror_versions(mirror: Path) -> list[str]:
    """The ``hashicorp/aws`` versions ``mirror`` holds for this platform, newest first."""
    provider_dir = mirror / PROVIDER_HOST / PROVIDER_NAMESPACE / PROVIDER_TYPE
    if not provider_dir.is_dir():
        return []
    plat = _platform()
    versions = {entry.name for entry in provider_dir.iterdir() if (entry / plat).is_dir()}  # unpacked layout
    packed = re.compile(rf"terraform-provider-{PROVIDER_TYPE}_(.+)_{plat}\.zip")
    versions |= {m.group(1) for entry in provider_dir.iterdir() if (m := packed.fullmatch(entry.name))}
    return sorted(versions, key=_version_key, reverse=True)


@cache
def find_provider_mirror() -> Path | None:
    """The folder above ``registry.terraform.io/hashicorp/aws``, or None.

    ``MONITORING_TF_PROVIDER_MIRROR`` wins; then :data:`KNOWN_MIRROR_LOCATIONS`; then
    ``find / -maxdepth 4 -type d -name registry.terraform.io`` (shallow, ~0.1 s).
    """
    explicit = os.environ.get("MONITORING_TF_PROVIDER_MIRROR")
    if explicit:
        path = Path(explicit).expanduser()
        return path if mirror_versions(path) else None
    for candidate in KNOWN_MIRROR_LOCATIONS:
        path = Path(candidate).expanduser()
        if mirror_versions(path):
            return path
    try:
        found = subprocess.run(
            ["find", "/", "-maxdepth", "4", "-type", "d", "-name", PROVIDER_HOST],
            capture_output=True, text=True, timeout=20, check=False,
        ).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return None
    for hit in sorted(found):
        path = Path(hit).parent
        if mirror_versions(path):
            return path
    return None


def mirror_provider_version(mirror: Path) -> str:
    """The newest ``hashicorp/aws`` version in ``mirror``."""
    versions = mirror_versions(mirror)
    if not versions:
        raise FileNotFoundError(f"no {PROVIDER_NAMESPACE}/{PROVIDER_TYPE} for {_platform()} under {mirror}")
    return versions[0]


def terraform_binary() -> str | None:
    explicit = os.environ.get("MONITORING_TERRAFORM")
    if explicit:
        return explicit if Path(explicit).is_file() and os.access(explicit, os.X_OK) else None
    return shutil.which("terraform")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def missing(message: str) -> None:
    """Skip the test with ``message``, or fail it when ``CI=true``."""
    if _in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_tool(name: str) -> Any:
    """The tool ``name`` or skip/fail naming what is missing.

    ``terraform`` -> path of the binary; ``aws-provider`` -> the mirror folder;
    anything else -> the executable ``name`` on PATH.
    """
    if name == "terraform":
        binary = terraform_binary()
        if binary is None:
            missing("terraform layer cannot run, missing: terraform (not on PATH; set MONITORING_TERRAFORM)")
        return binary
    if name in {"aws-provider", "provider-mirror"}:
        mirror = find_provider_mirror()
        if mirror is None:
            missing(
                "terraform layer cannot run, missing: offline provider mirror of "
                f"{PROVIDER_HOST}/{PROVIDER_NAMESPACE}/{PROVIDER_TYPE} for {_platform()} "
                f"(looked in $MONITORING_TF_PROVIDER_MIRROR, {', '.join(KNOWN_MIRROR_LOCATIONS)} "
                "and find / -maxdepth 4 -name registry.terraform.io)"
            )
        return mirror
    path = shutil.which(name)
    if path is None:
        missing(f"layer cannot run, missing: {name} (not on PATH)")
    return path


# ---------------------------------------------------------------------------
# CLI config and environment
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Terraform:
    """A terraform binary plus the environment that installs the provider offline."""

    binary: str
    mirror: Path
    provider_version: str
    env: Mapping[str, str]


def write_cli_config(config_dir: Path, mirror: Path, plugin_cache_dir: Path | None = None) -> dict[str, str]:
    """Write ``terraform.rc`` (filesystem mirror only, plugin cache) and return terraform's env."""
    config_dir.mkdir(parents=True, exist_ok=True)
    plugin_cache_dir = plugin_cache_dir or config_dir / "plugin-cache"
    plugin_cache_dir.mkdir(parents=True, exist_ok=True)
    provider = f"{PROVIDER_HOST}/{PROVIDER_NAMESPACE}/{PROVIDER_TYPE}"
    config = config_dir / "terraform.rc"
    config.write_text(
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f"    path    = {json.dumps(str(mirror))}\n"
        f"    include = [{json.dumps(provider)}]\n"
        "  }\n"
        "  direct {\n"
        f"    exclude = [{json.dumps(provider)}]\n"
        "  }\n"
        "}\n"
        f"plugin_cache_dir = {json.dumps(str(plugin_cache_dir))}\n"
    )
    env = dict(os.environ)
    env.update(
        TF_CLI_CONFIG_FILE=str(config),
        CHECKPOINT_DISABLE="1",
        TF_IN_AUTOMATION="1",
        TF_INPUT="0",
        # The work dirs are throwaway copies without a lock file: let init link from the cache.
        TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE="1",
    )
    for variable in ("TF_LOG", "TF_DATA_DIR", "TF_WORKSPACE", "TF_CLI_ARGS"):
        env.pop(variable, None)
    return env


def terraform_setup(config_dir: Path, plugin_cache_dir: Path | None = None) -> Terraform:
    """Everything terraform needs, or skip/fail (CI) naming what is missing."""
    binary = require_tool("terraform")
    mirror = require_tool("aws-provider")
    env = write_cli_config(config_dir, mirror, plugin_cache_dir)
    return Terraform(binary=binary, mirror=mirror, provider_version=mirror_provider_version(mirror), env=env)


# ---------------------------------------------------------------------------
# Work dirs
# ---------------------------------------------------------------------------


def load_stack(synth_dir: Path, stack: str) -> dict[str, Any]:
    return json.loads((synth_dir / "stacks" / stack / "cdk.tf.json").read_text())


def prepare_stack(
    work_dir: Path,
    document: Mapping[str, Any],
    *,
    provider_version: str,
    provider_overrides: Mapping[str, Any] | None = None,
    local_state: bool = False,
    stack_dir: Path | None = None,
) -> Path:
    """Write ``document`` as ``cdk.tf.json`` plus an ``override.tf.json`` into ``work_dir``.

    The override pins ``hashicorp/aws`` to ``provider_version``; ``provider_overrides`` are
    merged into the (single, default) ``aws`` provider block; ``local_state`` replaces the
    backend by a local state file inside ``work_dir``. ``stack_dir`` (the synthesized stack's
    folder): everything in it but ``cdk.tf.json`` and terraform's own files is copied too, e.g.
    the ``assets/`` that ``aws_lambda_function.filename`` points at (relative to the work dir).
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    if stack_dir is not None:
        for entry in stack_dir.iterdir():
            if entry.name == "cdk.tf.json" or entry.name.startswith((".terraform", "terraform.")):
                continue
            if entry.is_dir():
                shutil.copytree(entry, work_dir / entry.name, dirs_exist_ok=True)
            else:
                shutil.copy2(entry, work_dir / entry.name)
    (work_dir / "cdk.tf.json").write_text(json.dumps(document, indent=2))
    terraform: dict[str, Any] = {
        "required_providers": {
            PROVIDER_TYPE: {"source": f"{PROVIDER_NAMESPACE}/{PROVIDER_TYPE}", "version": provider_version}
        }
    }
    if local_state:
        # An override's backend block replaces the configured one (e.g. S3 with
        # MONITORING_STATE_BUCKET set); terraform allows one backend per configuration.
        terraform["backend"] = {"local": {"path": str(work_dir / "terraform.tfstate")}}
    override: dict[str, Any] = {"terraform": terraform}
    if provider_overrides:
        override["provider"] = {PROVIDER_TYPE: [dict(provider_overrides)]}
    (work_dir / "override.tf.json").write_text(json.dumps(override, indent=2))
    return work_dir


def stack_dir(synth_dir: Path, stack: str) -> Path:
    return synth_dir / "stacks" / stack


def copy_stack(synth_dir: Path, stack: str, work_dir: Path, **kwargs: Any) -> Path:
    """:func:`prepare_stack` with the synthesized ``stack`` unchanged (and its assets)."""
    kwargs.setdefault("stack_dir", stack_dir(synth_dir, stack))
    return prepare_stack(work_dir, load_stack(synth_dir, stack), **kwargs)


def stack_region(document: Mapping[str, Any]) -> str:
    providers = document.get("provider", {}).get(PROVIDER_TYPE, [])
    default = [p for p in providers if "alias" not in p]
    assert default and default[0].get("region"), "the stack has no default aws provider with a region"
    return default[0]["region"]


# ---------------------------------------------------------------------------
# Running terraform
# ---------------------------------------------------------------------------


def _tail(text: str, lines: int = 60) -> str:
    parts = text.rstrip().splitlines()
    return "\n".join(parts[-lines:]) if len(parts) > lines else text.rstrip()


def run_terraform(
    tf: Terraform,
    work_dir: Path,
    *args: str,
    ok_codes: Sequence[int] = (0,),
    timeout: float = DEFAULT_TIMEOUT_S,
) -> subprocess.CompletedProcess[str]:
    """``terraform <args>`` in ``work_dir``; fails the test with stderr unless the exit code is ok."""
    command = [tf.binary, *args]
    if "-no-color" not in args and args and args[0] not in {"version", "output"}:
        command.append("-no-color")
    try:
        result = subprocess.run(
            command, cwd=work_dir, env=dict(tf.env), capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(
            f"`terraform {' '.join(args)}` in {work_dir} timed out after {timeout:.0f}s\n"
            f"--- stdout (tail) ---\n{_tail(str(error.stdout or ''))}\n--- stderr ---\n{error.stderr or ''}",
            pytrace=False,
        )
    if result.returncode not in ok_codes:
        pytest.fail(
            f"`terraform {' '.join(args)}` in {work_dir} exited {result.returncode} (expected {list(ok_codes)})\n"
            f"--- stderr ---\n{result.stderr.rstrip()}\n--- stdout (tail) ---\n{_tail(result.stdout)}",
            pytrace=False,
        )
    return result


def init(tf: Terraform, work_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_terraform(tf, work_dir, "init", "-input=false", *extra)


def validate(tf: Terraform, document: Mapping[str, Any], work_dir: Path) -> dict[str, Any]:
    """``terraform validate -json`` of ``document`` (in a copy with the mirror's provider): the report."""
    prepare_stack(work_dir, document, provider_version=tf.provider_version)
    init(tf, work_dir, "-backend=false")
    # validate -json exits 1 when the configuration is invalid; the JSON says why.
    return json.loads(run_terraform(tf, work_dir, "validate", "-json", ok_codes=(0, 1)).stdout)


# ---------------------------------------------------------------------------
# Deploy targets: endpoints and provider overrides
# ---------------------------------------------------------------------------

#: Resource/data type prefix -> provider ``endpoints`` keys it talks to. Longest prefix wins.
#: An empty tuple: computed locally. Extend when a stack gains a new kind of resource.
SERVICES_BY_TYPE_PREFIX: dict[str, tuple[str, ...]] = {
    "aws_iam_policy_document": (),
    "aws_partition": (),
    "aws_region": (),
    "aws_caller_identity": ("sts",),
    "aws_cloudwatch_log_": ("logs",),
    "aws_cloudwatch_query_definition": ("logs",),
    "aws_cloudwatch_event_": ("events",),
    "aws_cloudwatch_": ("cloudwatch",),  # metric_alarm, composite_alarm, dashboard, metric_stream
    "aws_kms_": ("kms",),
    "aws_sns_": ("sns",),
    "aws_sqs_": ("sqs",),
    "aws_iam_": ("iam",),
    "aws_lb": ("elbv2",),
    "aws_alb": ("elbv2",),
    "aws_elb": ("elb",),
    "aws_ecs_": ("ecs",),
    "aws_ecr_": ("ecr",),
    "aws_s3_": ("s3",),
    "aws_lambda_": ("lambda",),
    "aws_resourcegroups_": ("resourcegroups",),
    "aws_applicationinsights_": ("applicationinsights",),
    "aws_grafana_": ("grafana",),
    "aws_prometheus_": ("amp",),
    "aws_chatbot_": ("chatbot",),
    "aws_xray_": ("xray",),
    "aws_elasticache_": ("elasticache",),
    "aws_db_": ("rds",),
    "aws_rds_": ("rds",),
    "aws_vpc": ("ec2",),
    "aws_subnet": ("ec2",),
    "aws_security_group": ("ec2",),
    "aws_scheduler_": ("scheduler",),
    "aws_ssm_": ("ssm",),
    "aws_synthetics_": ("synthetics",),
}

#: Always given an endpoint against an emulator (credential/account look-ups, the ALB fixture).
BASE_SERVICES = ("sts", "iam")


def services_for_type(resource_type: str) -> tuple[str, ...] | None:
    matches = [prefix for prefix in SERVICES_BY_TYPE_PREFIX if resource_type.startswith(prefix)]
    return SERVICES_BY_TYPE_PREFIX[max(matches, key=len)] if matches else None


def stack_types(document: Mapping[str, Any]) -> set[str]:
    return set(document.get("resource", {})) | set(document.get("data", {}))


def services_used(document: Mapping[str, Any]) -> set[str]:
    """Endpoint keys the stack's resource and data types need; fails on an unmapped type."""
    unmapped = sorted(t for t in stack_types(document) if services_for_type(t) is None)
    assert not unmapped, (
        f"no endpoint mapping for {unmapped}: add them to SERVICES_BY_TYPE_PREFIX in tests/terraform_harness.py, "
        "or terraform would call real AWS for them"
    )
    return {service for t in stack_types(document) for service in services_for_type(t) or ()}


def all_known_services() -> set[str]:
    return {s for services in SERVICES_BY_TYPE_PREFIX.values() for s in services} | set(BASE_SERVICES)


@dataclass(frozen=True)
class DeployTarget:
    """Where the deploy test deploys: ``moto`` (in-process), ``endpoint`` (LocalStack...) or ``aws``."""

    kind: str
    endpoint: str | None = None
    access_key: str | None = None
    secret_key: str | None = None
    skip_gaps: bool = True

    @property
    def emulated(self) -> bool:
        return self.kind != "aws"

    def with_endpoint(self, endpoint: str) -> DeployTarget:
        return DeployTarget(self.kind, endpoint, self.access_key, self.secret_key, self.skip_gaps)

    def provider_overrides(self, region: str, services: Iterable[str]) -> dict[str, Any]:
        """Arguments merged into the stack's ``aws`` provider block."""
        overrides: dict[str, Any] = {"region": region, "max_retries": 1 if self.emulated else 3}
        if not self.emulated:
            return overrides
        assert self.endpoint, "the emulator endpoint is not known yet"
        overrides.update(
            access_key=self.access_key,
            secret_key=self.secret_key,
            skip_credentials_validation=True,
            skip_requesting_account_id=True,
            skip_metadata_api_check=True,
            skip_region_validation=True,
            s3_use_path_style=True,
            endpoints=[{service: self.endpoint for service in sorted(set(services))}],
        )
        return overrides

    def boto3_session(self, region: str) -> Any:
        import boto3

        if self.emulated:
            return boto3.Session(
                aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key, region_name=region
            )
        return boto3.Session(region_name=region)

    def client(self, session: Any, service: str) -> Any:
        from botocore.config import Config

        config = Config(retries={"max_attempts": 2, "mode": "standard"})
        return session.client(service, endpoint_url=self.endpoint if self.emulated else None, config=config)


def deploy_target_from_env(env: Mapping[str, str] | None = None) -> DeployTarget:
    env = os.environ if env is None else env
    endpoint = env.get("MONITORING_DEPLOY_ENDPOINT", "").strip()
    skip_gaps = env.get("MONITORING_DEPLOY_SKIP_GAPS", "1").strip().lower() not in {"0", "false", "no"}
    if endpoint.lower() == "aws":
        return DeployTarget("aws", skip_gaps=False)
    access_key = env.get("MONITORING_DEPLOY_ACCESS_KEY", "testing" if not endpoint else "test")
    secret_key = env.get("MONITORING_DEPLOY_SECRET_KEY", "testing" if not endpoint else "test")
    if endpoint:
        return DeployTarget("endpoint", endpoint.rstrip("/"), access_key, secret_key, skip_gaps)
    return DeployTarget("moto", None, access_key, secret_key, skip_gaps)


# ---------------------------------------------------------------------------
# Leaving resource types out (emulator gaps)
# ---------------------------------------------------------------------------


def _address_pattern(address: str) -> re.Pattern[str]:
    # "aws_x.Name" must not match "data.aws_x.Name", "aws_x.Name2" or "aws_x.Name-b".
    return re.compile(rf"(?<![\w.]){re.escape(address)}(?![\w-])")


@dataclass
class Pruned:
    document: dict[str, Any]
    left_out: dict[str, str] = field(default_factory=dict)  # address -> reason

    def report(self) -> str:
        if not self.left_out:
            return "nothing left out"
        return "left out:\n" + "\n".join(f"  {address}: {reason}" for address, reason in sorted(self.left_out.items()))


def drop_resource_types(document: Mapping[str, Any], reasons: Mapping[str, str]) -> Pruned:
    """A copy of ``document`` without the resource/data types in ``reasons`` and whatever references them.

    References are found in every string of a block (``${aws_x.Name.attr}``, expressions,
    ``depends_on``); outputs and locals that reference a removed block go too. Repeats until
    nothing else references a removed block.
    """
    doc = copy.deepcopy(dict(document))
    left_out: dict[str, str] = {}
    removed: list[tuple[str, str]] = []  # (address, reason)
    for section, prefix in (("resource", ""), ("data", "data.")):
        for resource_type in list(doc.get(section, {})):
            if resource_type in reasons:
                for name in doc[section].pop(resource_type):
                    removed.append((f"{prefix}{resource_type}.{name}", f"type {resource_type}: {reasons[resource_type]}"))
    while removed:
        for address, reason in removed:
            left_out[address] = reason
        patterns = [(address, _address_pattern(address)) for address, _ in removed]
        removed = []

        def referencing(block: Any) -> str | None:
            text = json.dumps(block)
            return next((address for address, pattern in patterns if pattern.search(text)), None)

        for section, prefix in (("resource", ""), ("data", "data.")):
            for resource_type, blocks in list(doc.get(section, {}).items()):
                for name, block in list(blocks.items()):
                    if (target := referencing(block)) is not None:
                        del blocks[name]
                        removed.append((f"{prefix}{resource_type}.{name}", f"references {target}"))
                if not blocks:
                    del doc[section][resource_type]
        for section, prefix in (("output", "output."), ("locals", "local.")):
            for name, block in list(doc.get(section, {}).items()):
                if (target := referencing(block)) is not None:
                    del doc[section][name]
                    removed.append((f"{prefix}{name}", f"references {target}"))
    for section in ("resource", "data", "output", "locals"):
        if section in doc and not doc[section]:
            del doc[section]
    return Pruned(doc, left_out)
