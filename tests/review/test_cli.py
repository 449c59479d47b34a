"""The command: clear errors without a traceback, progress on stderr, and a light import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from monitoring_constructs.review.__main__ import main
from tests.review.handmade import HANDMADE, write_stack

ROOT = Path(__file__).resolve().parents[2]


def _command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitoring_constructs.review", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_a_folder_without_synthesized_stacks_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = _command(str(tmp_path / "out"), "--stacks", str(tmp_path / "empty"))
    assert result.returncode == 1
    assert result.stderr == (
        f"review: error: no synthesized stacks in {tmp_path / 'empty'}: expected {tmp_path / 'empty'}/<stack>/cdk.tf.json "
        "(run `cdktf synth` or `python main.py` first)\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_stack_that_is_not_valid_json_is_named_with_the_place_of_the_error(tmp_path):
    (tmp_path / "stacks" / "broken").mkdir(parents=True)
    (tmp_path / "stacks" / "broken" / "cdk.tf.json").write_text('{"resource": {,}}')
    result = _command(str(tmp_path / "out"), "--stacks", str(tmp_path / "stacks"))
    assert result.returncode == 1
    assert result.stderr == (
        f"review: error: {tmp_path / 'stacks' / 'broken' / 'cdk.tf.json'} is not valid JSON "
        "(line 1, column 15: Expecting property name enclosed in double quotes)\n"
    )


def test_a_broken_base_is_an_error_too(tmp_path, capsys):
    write_stack(tmp_path / "current", "shop-prod", HANDMADE)
    write_stack(tmp_path / "base", "shop-prod", ["not", "a", "stack"])
    assert main([str(tmp_path / "out"), "--stacks", str(tmp_path / "current"), "--base", str(tmp_path / "base")]) == 1
    assert capsys.readouterr().err.endswith(
        f"review: error: {tmp_path / 'base' / 'shop-prod' / 'cdk.tf.json'} is not a synthesized stack "
        "(a JSON object with resources)\n")


def test_a_missing_folder_and_the_cdktf_out_folder_itself_are_explained(tmp_path, capsys):
    assert main([str(tmp_path / "out"), "--stacks", str(tmp_path / "nowhere")]) == 1
    assert f"{tmp_path / 'nowhere'} is not a folder" in capsys.readouterr().err
    write_stack(tmp_path / "cdktf.out" / "stacks", "shop-prod", HANDMADE)
    assert main([str(tmp_path / "out"), "--stacks", str(tmp_path / "cdktf.out")]) == 1
    assert capsys.readouterr().err.endswith(f"; did you mean {tmp_path / 'cdktf.out' / 'stacks'}?\n")


def test_bad_usage_exits_2_and_help_exits_0(capsys):
    with pytest.raises(SystemExit) as usage:
        main([])
    assert usage.value.code == 2
    with pytest.raises(SystemExit) as help_:
        main(["--help"])
    assert help_.value.code == 0
    assert "OUT_DIR" in capsys.readouterr().out


def test_the_command_reports_progress_on_stderr_and_writes_every_file(tmp_path):
    write_stack(tmp_path / "stacks", "shop-prod", HANDMADE)
    result = _command(str(tmp_path / "out"), "--stacks", str(tmp_path / "stacks"), "--base", str(tmp_path / "stacks"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"review: reading 1 current stack from {tmp_path / 'stacks'}",
        "review:   shop-prod: 7 alarms, 4 topics, 1 dashboard (6 widgets)",
        f"review: reading 1 base stack from {tmp_path / 'stacks'}",
        "review:   shop-prod: 7 alarms, 4 topics, 1 dashboard (6 widgets)",
        f"review: wrote {tmp_path / 'out' / 'alarms.md'}",
        f"review: drew {tmp_path / 'out' / 'shop-prod-dashboard.png'} (6 widgets)",
        f"review: wrote {tmp_path / 'out' / 'changes.md'}: From `{tmp_path / 'stacks'}` to `{tmp_path / 'stacks'}`: "
        "no alarm or dashboard widget added, removed or changed in 1 stack.",
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["alarms.md", "changes.md", "shop-prod-dashboard.png"]


IMPORT_CHECK = """
import json, sys
import monitoring_constructs.review.__main__, monitoring_constructs.review.changes, monitoring_constructs.review.matrix
before = sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'cdktf', 'jsii', 'cdktf_cdktf_provider_aws'))
import monitoring_constructs.review.picture
after = sorted({m.split('.')[0] for m in sys.modules} & {'matplotlib', 'cdktf', 'jsii', 'cdktf_cdktf_provider_aws'})
print(json.dumps([before, after]))
"""


def test_only_the_picture_module_loads_matplotlib_and_nothing_loads_cdktf():
    result = subprocess.run([sys.executable, "-c", IMPORT_CHECK], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [[], ["matplotlib"]]
