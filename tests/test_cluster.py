"""``docgen build --scheduler``: the same batch on a Dask cluster, surviving a killed worker."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import cli

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_cases  # noqa: E402


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (each thread's children: Dask starts workers from its own thread)."""
    children = []
    for thread in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(p) for p in (thread / "children").read_text().split()]
        except OSError:
            continue
    return [grandchild for child in children for grandchild in [child, *_descendants(child)]]


def _dask_workers(pid: int) -> list[int]:
    """Processes below ``pid`` that are Dask worker processes (started by a nanny)."""
    workers = []
    for process in _descendants(pid):
        try:
            command = Path(f"/proc/{process}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            workers.append(process)
    return workers


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker processes through /proc")
def test_a_local_cluster_builds_every_case_even_when_a_worker_is_killed(tmp_path):
    pytest.importorskip("distributed")
    cases = write_cases(tmp_path / "cases", 40)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "docgen", "build", str(tmp_path / "cases"), "-o", str(out),
                                "--scheduler", "local:2", "--json", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    killed = None
    deadline = time.monotonic() + 240
    while process.poll() is None and time.monotonic() < deadline:
        workers = _dask_workers(process.pid)
        if killed is None and workers and len(list(out.glob("*/manifest.json"))) >= 3:
            killed = workers[0]
            os.kill(killed, signal.SIGKILL)  # mid-run: cases were built, others are being built
        time.sleep(0.05)
    stdout, stderr = process.communicate(timeout=60)
    assert killed is not None, "the run ended before a worker could be killed"
    assert process.returncode == 0, stderr.decode()[-3000:]
    summary = json.loads(stdout)
    # a case the killed worker had finished, but not reported, is found built when its task runs again
    assert summary["cases"] == summary["built"] + summary["skipped"] == 40 and summary["failed"] == 0, summary

    listed = json.loads((out / "batch.json").read_text())["cases"]
    assert [entry["source"] for entry in listed] == [str(case) for case in cases]  # in the order given
    for entry in listed:
        folder = out / entry["case_id"]
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["files"], entry["case_id"]
        for file in manifest["files"]:
            assert hashlib.sha256((folder / file["path"]).read_bytes()).hexdigest() == file["sha256"]
        assert not list(folder.glob(".*.part")), "a half-written file was left"


@pytest.mark.parametrize("address", ["local:0", "local:x", "localhost:8786", "tcp://"])
def test_a_scheduler_address_that_cannot_be_one_exits_2(tmp_path, address):
    result = CliRunner().invoke(cli, ["build", str(ROOT / "examples" / "tantan-taobao"), "-o", str(tmp_path),
                                      "--scheduler", address])
    assert result.exit_code == 2
    assert "--scheduler" in result.output and address in result.output
    assert not list(tmp_path.iterdir())


def test_without_dask_the_scheduler_option_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "docgen.cluster", None)  # as if Dask were not installed
    result = CliRunner().invoke(cli, ["build", str(ROOT / "examples" / "tantan-taobao"), "-o", str(tmp_path),
                                      "--scheduler", "local:2"])
    assert result.exit_code == 2
    assert "pip install 'docgen[dask]'" in result.output
    assert not list(tmp_path.iterdir())
