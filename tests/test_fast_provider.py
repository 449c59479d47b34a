"""A service team's own resources load fast through the documented provider accessor, on the chosen runtime."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from monitoring_constructs._cdk import RUNTIME

ROOT = Path(__file__).resolve().parent.parent


def test_the_accessor_imports_only_the_submodule_asked_for() -> None:
    code = (
        "import sys, json\n"
        "from monitoring_constructs.provider import aws, RUNTIME\n"
        "cluster = aws('ecs_cluster').EcsCluster\n"
        "loaded = [m for m in sys.modules if m.startswith(RUNTIME.provider + '.')]\n"
        "print(json.dumps({'cluster': cluster.__module__, 'waf': any('wafv2' in m for m in loaded), 'n': len(loaded)}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["cluster"].startswith(f"{RUNTIME.provider}.ecs_cluster")
    assert found["waf"] is False  # an unrelated submodule stayed unloaded
    assert found["n"] < 100  # the library's own submodules and the one asked for, not ~2,200
