"""Time to synthesize every default stack, with the fast and the plain provider import.

Each measurement is a fresh process (as `cdktf synth` runs main.py), repeated,
median reported. The floor is the same process importing everything and
synthesizing nothing: what no synthesis can go below.

    ./dev bench            # 5 runs each
    ./dev bench --runs 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EAGER = "MONITORING_CONSTRUCTS_EAGER_IMPORT"

IMPORT_ONLY = "import stacks"
SYNTH = "import sys\nfrom stacks import build_app\nbuild_app(sys.argv[1]).synth()"


def run_seconds(code: str, eager: bool) -> float:
    env = {**os.environ, EAGER: "1" if eager else "0"}
    with tempfile.TemporaryDirectory() as outdir:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, outdir], cwd=ROOT, env=env, check=True)
        return time.perf_counter() - started


def median_seconds(code: str, eager: bool, runs: int) -> float:
    return statistics.median(run_seconds(code, eager) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    run_seconds(IMPORT_ONLY, eager=False)  # warm the OS file cache once
    floor = median_seconds(IMPORT_ONLY, False, runs)
    fast = median_seconds(SYNTH, False, runs)
    plain = median_seconds(SYNTH, True, runs)
    print(f"median of {runs} runs, fresh process each")
    print(f"import-only floor (fast import) : {floor:6.2f} s")
    print(f"synth all stacks, fast import   : {fast:6.2f} s  ({fast / floor:.2f}x floor, target <= 1.30x)")
    print(f"synth all stacks, plain import  : {plain:6.2f} s  ({plain / floor:.2f}x floor)")


if __name__ == "__main__":
    main()
