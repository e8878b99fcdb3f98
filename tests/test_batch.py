"""Many cases in one run: parallel, resumable, one bad case never stopping the others."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.batch import _chunk_size
from docgen.cli import cli

from conftest import ROOT

EXAMPLES = ROOT / "examples"


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """The three bundled examples and one broken case, under one folder."""
    folder = tmp_path / "cases"
    for example in ("tantan-taobao", "pdd-visa", "wechat-private"):
        shutil.copytree(EXAMPLES / example, folder / example)
    broken = folder / "broken"
    broken.mkdir()
    (broken / "case.yaml").write_text("version: 1\ncase_id: broken-1\n", encoding="utf-8")
    return folder


def build(*args: str):
    return CliRunner().invoke(cli, ["build", *args])


def batch_json(out: Path) -> dict[str, dict]:
    return {Path(c["source"]).parent.name: c for c in json.loads((out / "batch.json").read_text())["cases"]}


def test_one_bad_case_is_reported_and_the_others_are_built(cases, tmp_path):
    out = tmp_path / "out"
    result = build(str(cases), "-o", str(out), "--jobs", "2")
    assert result.exit_code == 1
    assert "broken/case.yaml" in result.output and "consumer: is missing" in result.output
    statuses = {name: case["status"] for name, case in batch_json(out).items()}
    assert statuses == {"tantan-taobao": "built", "pdd-visa": "built", "wechat-private": "built", "broken": "failed"}
    for case in batch_json(out).values():
        for file in case["files"]:
            assert (out / case["case_id"] / file["path"]).stat().st_size == file["size"]
            assert len(file["sha256"]) == 64
    assert not (out / "broken-1").exists()


def test_a_rerun_skips_unchanged_cases_and_force_rebuilds(cases, tmp_path):
    out = tmp_path / "out"
    shutil.rmtree(cases / "broken")
    assert build(str(cases), "-o", str(out), "--jobs", "1").exit_code == 0
    pdf = out / "tantan-2026-001" / "refund-request.pdf"
    before = pdf.stat().st_mtime_ns
    again = build(str(cases), "-o", str(out), "--jobs", "1", "--json")
    assert again.exit_code == 0
    summary = json.loads(again.stdout)
    assert (summary["skipped"], summary["built"], summary["failed"]) == (3, 0, 0)
    assert pdf.stat().st_mtime_ns == before
    forced = json.loads(build(str(cases), "-o", str(out), "--force", "--json").stdout)
    assert forced["built"] == 3 and pdf.stat().st_mtime_ns != before


def test_parallel_and_serial_builds_write_the_same_bytes(cases, tmp_path):
    shutil.rmtree(cases / "broken")
    for jobs in ("1", "2"):
        assert build(str(cases), "-o", str(tmp_path / jobs), "--jobs", jobs, "-q").exit_code == 0
    serial = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*") if p.is_file())
    assert serial and serial == sorted(p.relative_to(tmp_path / "2") for p in (tmp_path / "2").rglob("*") if p.is_file())
    for path in serial:
        assert (tmp_path / "1" / path).read_bytes() == (tmp_path / "2" / path).read_bytes(), path


def test_two_cases_with_one_case_id_do_not_overwrite_each_other(cases, tmp_path):
    twin = cases / "twin"
    shutil.copytree(cases / "tantan-taobao", twin)
    result = build(str(cases / "tantan-taobao"), str(twin), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "case_id tantan-2026-001 is also used by" in result.output


def test_globs_and_files_are_accepted(cases, tmp_path):
    result = build(str(cases / "*" / "case.yaml"), "-o", str(tmp_path / "out"), "--json")
    assert json.loads(result.stdout)["cases"] == 4


def test_bad_options_exit_2_before_anything_runs(tmp_path):
    assert build(str(tmp_path / "nothing-here"), "-o", str(tmp_path / "out")).exit_code == 2
    assert build(str(EXAMPLES / "tantan-taobao"), "--jobs", "0").exit_code == 2
    assert not (tmp_path / "out").exists()


def imported_by(arguments: list[str], cwd: Path, watched: tuple[str, ...]) -> list[str]:
    """Which of the ``watched`` modules ``docgen ARGUMENTS`` imports, in a fresh process."""
    probe = (f"import json, sys; from docgen.cli import main; sys.argv = ['docgen', *{arguments!r}]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             f"print('IMPORTED', json.dumps([m for m in {watched!r} if m in sys.modules]))")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            cwd=cwd).stdout  # not the source tree: the installed package
    return json.loads(output.rsplit("IMPORTED", 1)[1])


WORD_AND_PDF = ("reportlab", "docx", "docxtpl", "pypdf", "PIL")


def test_help_imports_no_word_pdf_or_statute_machinery(tmp_path):
    assert imported_by(["--help"], tmp_path, (*WORD_AND_PDF, "babel", "ruamel", "docgen.laws.registry",
                                              "docgen.casefile")) == []


def test_check_imports_no_word_or_pdf_machinery(tmp_path):
    """check reads the example's images as the bundle does (Pillow), to agree with build on them;
    nothing that writes Word or PDF, and no PDF reader for a case whose exhibits are images."""
    assert imported_by(["check", str(EXAMPLES / "tantan-taobao")], tmp_path, WORD_AND_PDF) == ["PIL"]


def test_no_id_number_or_full_phone_in_any_message(cases, tmp_path):
    """Progress, warnings, errors and the JSON summary never carry an ID number or a full phone."""
    (cases / "broken" / "case.yaml").write_text(
        (EXAMPLES / "tantan-taobao" / "case.yaml").read_text(encoding="utf-8")
        .replace("case_id: tantan-2026-001", "case_id: broken-1")
        .replace('"110101199003074477"', '"110101199003074478"')  # wrong check digit
        .replace('"13800138000"', '"1380013800"'), encoding="utf-8")  # one digit short
    result = build(str(cases), "-o", str(tmp_path / "out"), "--json")
    assert result.exit_code == 1
    everything = result.output + (tmp_path / "out" / "batch.json").read_text(encoding="utf-8")
    for secret in ("110101199003074477", "110101199003074478", "13800138000", "1380013800"):
        assert secret not in everything
    assert "consumer.id_number: has a wrong check digit" in result.output


@pytest.mark.parametrize("cases, jobs, size", [(1, 2, 1), (100, 2, 1), (1000, 2, 15), (100_000, 2, 16), (100_000, 8, 16)])
def test_workers_get_one_case_at_a_time_until_batches_are_big(cases, jobs, size):
    """No worker idles at the end of a small batch; a big one is not cut into a future per case."""
    assert _chunk_size(cases, jobs) == size


def children(pid: int) -> set[int]:
    return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_killing_the_batch_s_parent_ends_its_workers(tmp_path):
    """SIGKILL leaves the parent no chance to stop its workers: they must see it gone (was: ran on forever)."""
    import os
    import signal
    import time

    folder = tmp_path / "cases"
    for number in range(40):
        shutil.copytree(EXAMPLES / "tantan-taobao", folder / f"c{number}")
        path = folder / f"c{number}" / "case.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("tantan-2026-001", f"c{number}"), encoding="utf-8")
    parent = subprocess.Popen([sys.executable, "-m", "docgen", "build", str(folder), "-o", str(tmp_path / "out"),
                               "-j", "2", "-q"], cwd=tmp_path)
    deadline = time.monotonic() + 60
    while len(workers := children(parent.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(workers) == 2
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    def running(worker: int) -> bool:
        try:
            return "zombie" not in Path(f"/proc/{worker}/status").read_text()
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 10
    while any(map(running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [worker for worker in workers if running(worker)]
    for worker in alive:  # do not leave them behind if the test fails
        os.kill(worker, signal.SIGKILL)
    assert alive == []


def test_hostile_files_in_a_batch_are_reported_and_every_good_case_is_built(tmp_path):
    """An alias bomb, a named pipe and a link to /dev/zero among the cases: each refused in
    seconds, the good cases built (was: the batch hung reading their ids)."""
    import os
    import time

    folder = tmp_path / "cases"
    shutil.copytree(EXAMPLES / "tantan-taobao", folder / "good")
    for name in ("bomb", "fifo", "zero"):
        (folder / name).mkdir(parents=True)
    laughs = ['  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    laughs += [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    (folder / "bomb" / "case.yaml").write_text(
        "version: 1\ncase_id: bomb-1\nlaughs:\n" + "\n".join(laughs) + "\n", encoding="utf-8")
    os.mkfifo(folder / "fifo" / "case.yaml")
    (folder / "zero" / "case.yaml").symlink_to("/dev/zero")
    started = time.perf_counter()
    result = build(str(folder), "-o", str(tmp_path / "out"), "-j", "1", "-q")
    assert time.perf_counter() - started < 30
    assert result.exit_code == 1, result.output
    statuses = {name: case["status"] for name, case in batch_json(tmp_path / "out").items()}
    assert statuses == {"good": "built", "bomb": "failed", "fifo": "failed", "zero": "failed"}
    assert result.output.count("is a YAML alias") <= 10
    assert result.output.count("not a regular file") == 2


def test_case_ids_differing_only_by_surrounding_spaces_share_no_folder(tmp_path):
    folder = tmp_path / "cases"
    for name, case_id in (("a", '" same"'), ("b", '"same "')):
        shutil.copytree(EXAMPLES / "tantan-taobao", folder / name)
        path = folder / name / "case.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("case_id: tantan-2026-001", f"case_id: {case_id}"),
                        encoding="utf-8")
    result = build(str(folder), "-o", str(tmp_path / "out"), "-j", "1", "-q")
    assert result.exit_code == 1
    cases = batch_json(tmp_path / "out")
    assert (cases["a"]["status"], cases["b"]["status"]) == ("built", "failed")  # was: both "built", one lost
    assert "case_id same is also used by" in cases["b"]["error"]


def _case_with_id(folder: Path, name: str, case_id: str) -> Path:
    shutil.copytree(EXAMPLES / "tantan-taobao", folder / name)
    path = folder / name / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("case_id: tantan-2026-001", f"case_id: {case_id}"),
                    encoding="utf-8")
    return path


def test_case_ids_differing_only_by_letter_case_share_no_folder(tmp_path):
    """Case-1 and case-1 are one folder on Windows and macOS: the second is refused."""
    first, second = _case_with_id(tmp_path, "a", "Case-1"), _case_with_id(tmp_path, "b", "case-1")
    result = build(str(first), str(second), "-o", str(tmp_path / "out"), "-j", "1", "-q")
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["Case-1", "batch.json"]  # was: both built
    assert f"case_id case-1 is also used by {first}" in batch_json(tmp_path / "out")["b"]["error"]


def test_one_case_file_named_twice_by_different_paths_is_built_once(tmp_path):
    path = _case_with_id(tmp_path, "a", "once")
    other = tmp_path / "a" / ".." / "a" / "case.yaml"
    result = build(str(path), str(other), str(tmp_path / "a"), "-o", str(tmp_path / "out"), "-q", "--json")
    assert result.exit_code == 0, result.output  # was: exit 1, "case_id once is also used by" itself
    assert json.loads(result.stdout)["cases"] == 1


def test_a_case_file_that_is_a_broken_link_is_reported_not_left_out(tmp_path):
    """Path.rglob skips a dangling link or a loop of links: the batch silently had one case fewer."""
    folder = tmp_path / "cases"
    _case_with_id(folder, "good", "good")
    (folder / "dangling").mkdir()
    (folder / "dangling" / "case.yaml").symlink_to("nowhere.yaml")
    (folder / "loop").mkdir()
    (folder / "loop" / "case.yaml").symlink_to("case.yaml")
    result = build(str(folder), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1, result.output
    statuses = {name: case["status"] for name, case in batch_json(tmp_path / "out").items()}
    assert statuses == {"good": "built", "dangling": "failed", "loop": "failed"}
    assert "loop/case.yaml: cannot be read (Too many levels of symbolic links)" in result.output  # was: "cannot write"
    assert "Traceback" not in result.output


def test_progress_is_reported_as_each_case_finishes(tmp_path):
    """Every result was collected before the first was reported: the bar stood at 0 until the end."""
    from docgen.batch import build_many

    cases = [_case_with_id(tmp_path / "cases", name, name) for name in ("first", "second")]
    seen = []
    build_many(cases, tmp_path / "out", jobs=1,
               progress=lambda result, summary: seen.append((tmp_path / "out" / "second").exists()))
    assert seen == [False, True]


def test_ctrl_c_mid_batch_keeps_what_was_built_lists_it_and_exits_130(tmp_path):
    import os
    import signal
    import time

    for number in range(30):
        _case_with_id(tmp_path / "cases", f"c{number:02d}", f"c{number:02d}")
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "docgen", "--locale", "en_US", "build", str(tmp_path / "cases"),
                            "-o", str(out), "-j", "1", "-q"], stderr=subprocess.PIPE, text=True,
                           start_new_session=True, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while not (out / "c00" / "manifest.json").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGINT)  # as Ctrl-C does: the whole foreground group
    stderr = run.communicate(timeout=60)[1]
    assert run.returncode == 130, stderr  # was: 1, "Aborted!", no batch.json
    assert "interrupted:" in stderr and "Traceback" not in stderr
    assert "internal error" not in stderr  # was, one run in a few: the interrupt broke reportlab mid-PDF
    listed = {Path(case["source"]).parent.name: case["status"] for case in
              json.loads((out / "batch.json").read_text(encoding="utf-8"))["cases"]}
    assert listed and set(listed.values()) == {"built"} and len(listed) < 30
    assert all((out / name / "manifest.json").exists() for name in listed)
    assert not list(out.rglob("*.part"))


def test_a_one_process_batch_gives_back_what_it_froze(tmp_path):
    """The warm-up's objects are kept out of garbage collections during a one-process batch
    (gc.freeze) and given back after, so that a program calling build_many collects as before."""
    import gc

    from docgen.batch import build_many
    from docgen.options import BuildOptions

    assert gc.get_freeze_count() == 0
    summary = build_many([EXAMPLES / "tantan-taobao" / "case.yaml"], tmp_path / "out", jobs=1,
                         options=BuildOptions(formats=("txt",)))
    assert summary.built == 1
    assert gc.get_freeze_count() == 0

    gc.freeze()  # a program that froze objects of its own keeps them frozen
    try:
        frozen = gc.get_freeze_count()
        build_many([EXAMPLES / "tantan-taobao" / "case.yaml"], tmp_path / "again", jobs=1,
                   options=BuildOptions(formats=("txt",)))
        assert gc.get_freeze_count() > frozen // 2  # not given back (gc.unfreeze would make it 0)
    finally:
        gc.unfreeze()
