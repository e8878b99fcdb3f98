"""docgen measured as a user runs it: the ``docgen`` command, start-up included, printed as
figures and ratios against a bare ``python -c pass`` and LibreOffice in the same run.

    python benchmarks/cli.py                       # 100 and 1000 synthetic cases, 3 runs each
    python benchmarks/cli.py --cases 100 --runs 1  # quicker
    python benchmarks/cli.py --no-libreoffice

A document is one .docx plus one .pdf (embedded fonts). The targets (issue 19): at least 60
documents a second with ``--jobs 2`` on 100 and on 1000 cases; memory per worker under
300 MB and flat; one case, all its documents, within 0.5 s (reported too: the same with an
empty cache, as the first run after installing); ``docgen --help`` within 3x a bare Python. ``benchmarks/run.py`` times the stages inside one warm process instead.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from run import libreoffice_seconds
from synthetic import write_cases

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "tantan-taobao" / "case.yaml"


def docgen_command() -> list[str]:
    """The installed ``docgen`` console script beside this Python, else ``python -m docgen``."""
    script = Path(sys.executable).with_name("docgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "docgen"]


def wall_ms(command: list[str], runs: int, fresh_cache: Path | None = None) -> list[float]:
    """Wall times of ``runs`` runs of a command, in milliseconds (each must exit 0); with
    ``fresh_cache``, each run starts with an empty cache folder there (a first run after installing)."""
    times = []
    for run in range(runs):
        env = None
        if fresh_cache is not None:
            env = {**os.environ, "DOCGEN_CACHE_DIR": str(fresh_cache / str(run))}
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started, from any of its threads."""
    children = []
    for thread in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(p) for p in (thread / "children").read_text().split()]
        except OSError:
            continue
    return children


def _peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class WorkerMemory:
    """The largest peak resident size (VmHWM) among a process's children, sampled from /proc
    while it runs (Linux only; 0 elsewhere)."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.peak_kb = 0
        self._process = process
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while self._process.poll() is None:
            for child in _children(self._process.pid):
                self.peak_kb = max(self.peak_kb, _peak_kb(child))
            time.sleep(0.1)

    def join(self) -> int:
        self._thread.join()
        return self.peak_kb


def batch_run(cases_dir: Path, out: Path, jobs: int) -> tuple[float, int, int]:
    """Seconds, documents and the largest worker peak (KB) of one ``docgen build --force``."""
    shutil.rmtree(out, ignore_errors=True)
    command = [*docgen_command(), "build", str(cases_dir), "-o", str(out), "--jobs", str(jobs),
               "--format", "docx", "--format", "pdf", "--force", "--json", "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    memory = WorkerMemory(process)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    peak = memory.join()
    if process.returncode != 0:
        raise SystemExit(f"docgen build failed ({process.returncode}): {stderr.decode()[-2000:]}")
    summary = json.loads(stdout)
    return seconds, summary["documents"], peak


def spread(values: list[float], fmt: str = ".1f") -> str:
    """``low–high`` of the values (one value alone as it is)."""
    low, high = min(values), max(values)
    return f"{low:{fmt}}" if len(values) == 1 or f"{low:{fmt}}" == f"{high:{fmt}}" else f"{low:{fmt}}–{high:{fmt}}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, action="append", help="synthetic cases per batch (default: 100 and 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument("--jobs", type=int, default=2, help="workers (default 2)")
    parser.add_argument("--no-libreoffice", action="store_true", help="skip the LibreOffice comparison")
    args = parser.parse_args()
    sizes = args.cases or [100, 1000]

    work = Path(tempfile.mkdtemp(prefix="docgen-cli-bench-"))
    print(f"docgen through its CLI ({' '.join(docgen_command())}), {os.cpu_count()} CPUs, Python "
          f"{sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}, {args.runs} runs each")

    bare = wall_ms([sys.executable, "-c", "pass"], 10 * args.runs)
    click_alone = wall_ms([sys.executable, "-c", "import click"], 10 * args.runs)
    help_ = wall_ms([*docgen_command(), "--help"], 10 * args.runs)
    build_one = [*docgen_command(), "build", str(EXAMPLE), "-o", str(work / "one"), "--force", "--quiet"]
    one = wall_ms(build_one, 2 * args.runs)
    first = wall_ms(build_one, args.runs, fresh_cache=work / "fresh-caches")
    bare_ms = statistics.median(bare)
    print(f"\npython -c pass: {bare_ms:.0f} ms (median)")
    print(f"docgen --help: {statistics.median(help_):.0f} ms = {statistics.median(help_) / bare_ms:.1f}x bare Python "
          f"(target <= 3x); importing click alone: {statistics.median(click_alone):.0f} ms = "
          f"{statistics.median(click_alone) / bare_ms:.1f}x")
    documents_one = len(list((work / "one").rglob("*.pdf")))
    print(f"one case ({EXAMPLE.parent.name}, {documents_one} documents, docx+pdf): {spread(one, '.0f')} ms, median "
          f"{statistics.median(one):.0f} ms = {statistics.median(one) / bare_ms:.1f}x bare Python (target <= 500 ms)")
    print(f"the same, the first run with an empty cache (fonts parsed, data and templates compiled, as after "
          f"installing or upgrading): {spread(first, '.0f')} ms")

    last_out = None
    rate_of_largest: list[float] = []
    for size in sizes:
        cases_dir = work / f"cases-{size}"
        write_cases(cases_dir, size)
        rates, peaks = [], []
        for run in range(args.runs):
            last_out = work / f"out-{size}"
            seconds, documents, peak_kb = batch_run(cases_dir, last_out, args.jobs)
            rates.append(documents / seconds)
            peaks.append(peak_kb / 1024)
        rate_of_largest = rates
        print(f"\n{size} cases, --jobs {args.jobs}: {documents} documents (docx+pdf), {spread(rates)} documents/s "
              f"(target >= 60); largest worker peak {spread(peaks, '.0f')} MB (target < 300, flat)")

    if not args.no_libreoffice and last_out is not None:
        docx_files = sorted(last_out.rglob("*.docx"))[:400]
        started_cpu = os.times()
        lo = libreoffice_seconds(docx_files, work)
        if lo is None:
            print("\nLibreOffice: soffice not installed, comparison skipped")
        else:
            ours_per_document = 1 / statistics.median(rate_of_largest)
            lo_per_document = lo / len(docx_files)
            cpu = os.times()
            lo_cpu = (cpu.children_user + cpu.children_system) - (started_cpu.children_user + started_cpu.children_system)
            print(f"\nLibreOffice, one running soffice (start-ups not counted), converting {len(docx_files)} of these "
                  f".docx to PDF: {lo_per_document * 1000:.0f} ms a file; docgen with --jobs {args.jobs} makes both "
                  f"formats in {ours_per_document * 1000:.0f} ms a document: {lo_per_document / ours_per_document:.1f}x "
                  f"one soffice, {lo_per_document / (ours_per_document * args.jobs):.1f}x per CPU "
                  f"(soffice used {lo_cpu:.1f} CPU s in all)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
