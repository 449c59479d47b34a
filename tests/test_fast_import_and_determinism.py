"""Synthesis is deterministic, and the lazy provider import changes nothing in the output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from monitoring_constructs._cdk import EAGER_IMPORT_VARIABLE, RUNTIME
from stacks import build_app
from tests.conftest import STACK_NAMES

ROOT = Path(__file__).resolve().parent.parent
PROVIDER = f"{RUNTIME.provider}."


def stack_bytes(outdir: Path) -> dict[str, bytes]:
    return {name: (outdir / "stacks" / name / "cdk.tf.json").read_bytes() for name in STACK_NAMES}


def test_the_same_settings_synthesize_byte_identical_json(synth_dir: Path, tmp_path: Path) -> None:
    build_app(str(tmp_path)).synth()
    assert stack_bytes(tmp_path) == stack_bytes(synth_dir)


def test_the_fast_import_loads_only_the_provider_modules_it_uses() -> None:
    loaded = [name for name in sys.modules if name.startswith(PROVIDER)]
    assert 0 < len(loaded) < 100, len(loaded)


def test_the_plain_import_escape_hatch_synthesizes_byte_identical_json(synth_dir: Path, tmp_path: Path) -> None:
    # The package's own __init__ defines __all__; the lazily registered package does not.
    script = (
        "import sys\n"
        "from stacks import build_app\n"
        f"build_app({str(tmp_path)!r}).synth()\n"
        f"print(hasattr(sys.modules[{RUNTIME.provider!r}], '__all__'))\n"
    )
    env = {**os.environ, EAGER_IMPORT_VARIABLE: "1"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "True", "the escape hatch did not run the package's __init__"
    assert stack_bytes(tmp_path) == stack_bytes(synth_dir)


def test_the_fast_import_does_not_run_the_provider_package_init() -> None:
    assert not hasattr(sys.modules[RUNTIME.provider], "__all__")
