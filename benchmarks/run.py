"""docgen's speed and memory, measured on this machine and printed as figures and ratios.

    python benchmarks/run.py                 # 100 synthetic cases
    python benchmarks/run.py --cases 300 --memory-check

A document is one .docx plus one .pdf. The targets (issue 6): at least 40 documents/s with
--jobs 2; at least 12x faster than LibreOffice converting the same .docx files to PDF;
memory per worker flat as N grows (1,000 cases within 10% of 100) and under 300 MB;
`docgen --help` within 3x a bare `python -c pass`.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from synthetic import write_cases, write_screenshot

from docgen.assess import assess
from docgen.batch import build_many
from docgen.casefile import load_case
from docgen.compose import compose
from docgen.options import BuildOptions
from docgen.render import available_kinds, render_kind
from docgen.writers import WRITERS, WriterOptions


def stage_times(cases: list[Path]) -> dict[str, float]:
    """Milliseconds per case (load, assess), per letter (compose, docx, pdf) and per evidence
    bundle (index composed until its page numbers settle, docx, and the PDF with exhibits)."""
    options = BuildOptions(formats=("docx", "pdf"))
    totals: dict[str, float] = defaultdict(float)
    documents = bundles = 0
    warm = load_case(cases[0]).case  # statutes, fonts, templates, Babel data: loaded once, not counted
    warm_assessment = assess(warm)
    for kind in available_kinds(warm, warm_assessment):
        render_kind(warm, warm_assessment, kind, options)
    for path in cases:
        started = time.perf_counter()
        case = load_case(path).case
        loaded = time.perf_counter()
        assessment = assess(case)
        totals["load"] += loaded - started
        totals["assess"] += time.perf_counter() - loaded
        for kind in available_kinds(case, assessment):
            started = time.perf_counter()
            document = compose(case, assessment, kind)
            if document.exhibits:  # a bundle: timed whole, its own compositions included
                started = time.perf_counter()
                render_kind(case, assessment, kind, options)
                totals["bundle"] += time.perf_counter() - started
                bundles += 1
                continue
            documents += 1
            composed = time.perf_counter()
            WRITERS["docx"](document, WriterOptions())
            wrote_docx = time.perf_counter()
            WRITERS["pdf"](document, WriterOptions())
            totals["compose"] += composed - started
            totals["docx"] += wrote_docx - composed
            totals["pdf"] += time.perf_counter() - wrote_docx
    per_case = {k: totals[k] * 1000 / len(cases) for k in ("load", "assess")}
    per_document = {k: totals[k] * 1000 / documents for k in ("compose", "docx", "pdf")}
    return {**per_case, **per_document, "bundle": totals["bundle"] * 1000 / max(bundles, 1)}


def screenshot_bundle_ms(case_file: Path, folder: Path) -> float:
    """Milliseconds for the evidence index of ``case_file``'s case with its evidence images
    replaced by phone-sized screenshots (best of three, warm)."""
    shutil.copytree(case_file.parent, folder)
    for index, image in enumerate(sorted((folder / "evidence").glob("*.png"))):
        write_screenshot(image, seed=index)
    case = load_case(folder / "case.yaml").case
    assessment = assess(case)
    times = []
    for _ in range(4):
        started = time.perf_counter()
        render_kind(case, assessment, "evidence-index", BuildOptions(formats=("docx", "pdf")))
        times.append(time.perf_counter() - started)
    return min(times[1:]) * 1000


def batch_run(cases: list[Path], out: Path, jobs: int) -> tuple[float, int, int]:
    """Seconds, documents and the largest worker peak RSS (KB) for one full build."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    summary = build_many(cases, out, jobs=jobs, options=BuildOptions(formats=("docx", "pdf"), force=True))
    seconds = time.perf_counter() - started
    failed = [r for r in summary.results if r.status == "failed"]
    if failed:
        raise SystemExit(f"benchmark case failed: {failed[0].source}: {failed[0].error}")
    return seconds, summary.documents, max(r.peak_rss_kb for r in summary.results)


LIBREOFFICE_CHUNK = 100
"""Files per soffice call: one soffice 7.x run stops after about 250 files, silently and with
exit code 0, so the files are converted in calls of this many."""


def libreoffice_seconds(docx_files: list[Path], workdir: Path) -> float | None:
    """Seconds LibreOffice takes to convert all the files to PDF in one running soffice (as
    server tools keep it running: start-ups not counted), or None without soffice.

    Each call is a start-up plus its conversions; a call converting one file gives the
    start-up plus one conversion, so ``calls`` of them are subtracted from the total.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    inputs, outputs = workdir / "lo-in", workdir / "lo-out"
    inputs.mkdir()
    for index, path in enumerate(docx_files):
        shutil.copy(path, inputs / f"{index:05d}.docx")
    files = sorted(str(p) for p in inputs.iterdir())

    def convert(paths: list[str], outdir: Path) -> float:
        started = time.perf_counter()
        subprocess.run([soffice, f"-env:UserInstallation=file://{workdir}/lo-profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(outdir), *paths], check=True, capture_output=True)
        return time.perf_counter() - started

    convert(files[:1], workdir / "lo-warm")  # the first start creates the profile: not counted
    one = convert(files[:1], workdir / "lo-warm")
    chunks = [files[i : i + LIBREOFFICE_CHUNK] for i in range(0, len(files), LIBREOFFICE_CHUNK)]
    total = sum(convert(chunk, outputs) for chunk in chunks)
    converted = len(list(outputs.glob("*.pdf")))
    if converted != len(files):
        raise SystemExit(f"LibreOffice converted {converted} of {len(files)} files: the comparison would be unfair")
    per_file = (total - len(chunks) * one) / max(len(files) - len(chunks), 1)
    return per_file * len(files)


def startup_ms(command: list[str], runs: int = 15) -> float:
    """Median wall time of a command, in milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100, help="synthetic cases per run (default 100)")
    parser.add_argument("--memory-check", action="store_true", help="also build 10x the cases and compare memory")
    parser.add_argument("--no-libreoffice", action="store_true", help="skip the LibreOffice comparison")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    cases = write_cases(work / "cases", args.cases)
    print(f"docgen benchmark: {args.cases} synthetic cases, Python {sys.version.split()[0]}")

    stages = stage_times(cases[: min(40, len(cases))])
    print("\nper stage (one process, warm):")
    for name, ms in stages.items():
        unit = {"load": "case", "assess": "case", "bundle": "evidence index (docx + pdf with exhibits)"}.get(
            name, "letter")
        print(f"  {name:<8} {ms:7.1f} ms per {unit}")
    print(f"  bundle   {screenshot_bundle_ms(cases[0], work / 'screenshots'):7.1f} ms per evidence index whose two "
          f"exhibits are phone screenshots (1080×2400 PNG), not the small example images")

    rates = {}
    for jobs in (1, 2):
        seconds, documents, peak_kb = batch_run(cases, work / f"out-{jobs}", jobs)
        rates[jobs] = documents / seconds
        print(f"\n--jobs {jobs}: {documents} documents (docx+pdf) in {seconds:.1f} s = {rates[jobs]:.1f} documents/s; "
              f"peak memory {'per worker' if jobs > 1 else 'of this process (it also ran the stages above)'} "
              f"{peak_kb / 1024:.0f} MB")
    print(f"  target: >= 40 documents/s with --jobs 2: {'met' if rates[2] >= 40 else 'NOT met'}; "
          f"speed-up from the second job {rates[2] / rates[1]:.2f}x")

    if not args.no_libreoffice:
        docx_files = sorted((work / "out-2").rglob("*.docx"))
        lo = libreoffice_seconds(docx_files, work)
        if lo is None:
            print("\nLibreOffice: soffice not installed, comparison skipped")
        else:
            ours = len(docx_files) / rates[2]
            alternative = lo + len(docx_files) * stages["docx"] / 1000  # docxtpl's .docx, then soffice
            print(f"\nLibreOffice (one running soffice, start-ups not counted) converts the {len(docx_files)} .docx "
                  f"to PDF in {lo:.1f} s "
                  f"({lo * 1000 / len(docx_files):.0f} ms each; with rendering the .docx first, "
                  f"{alternative * 1000 / len(docx_files):.0f} ms a document); docgen makes both formats in "
                  f"{ours:.1f} s with --jobs 2: {lo / ours:.1f}x faster than the conversion alone "
                  f"(target >= 12x: {'met' if lo / ours >= 12 else 'NOT met'})")

    if args.memory_check:
        big = write_cases(work / "cases-big", args.cases * 10)
        _, _, small_kb = batch_run(cases, work / "mem-small", 2)
        _, _, big_kb = batch_run(big, work / "mem-big", 2)
        growth = big_kb / small_kb - 1
        print(f"\nmemory per worker: {small_kb / 1024:.0f} MB for {len(cases)} cases, {big_kb / 1024:.0f} MB for "
              f"{len(big)}: {growth:+.1%} (target <= +10% and < 300 MB: "
              f"{'met' if growth <= 0.10 and big_kb < 300 * 1024 else 'NOT met'})")

    bare = startup_ms([sys.executable, "-c", "pass"])
    help_ = startup_ms([sys.executable, "-m", "docgen", "--help"])
    print(f"\nstart-up: python -c pass {bare:.0f} ms; docgen --help {help_:.0f} ms = {help_ / bare:.1f}x "
          f"(target <= 3x: {'met' if help_ / bare <= 3 else 'NOT met'})")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
