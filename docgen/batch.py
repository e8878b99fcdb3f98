"""Building many cases: in parallel worker processes, resumable, one bad case never stopping the rest.

Each worker warms up once (fonts, templates, statute data) and then builds case after
case with :func:`docgen.build.build_case`. The parent collects one :class:`CaseResult` per
case and writes ``OUT/batch.json``.
"""
from __future__ import annotations

import functools
import gc
import glob
import itertools
import json
import os
import resource
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from docgen.errors import DocgenError, InputError
from docgen.i18n import _
from docgen.i18n import language as current_language
from docgen.i18n import set_language
from docgen.options import BuildOptions
from docgen.output import write_atomic

COLLECT_EVERY = 100
"""Documents between garbage collections in a worker: the cyclic garbage of reportlab and
python-docx would otherwise grow a worker's memory over its first ~1,000 documents."""


@dataclass(frozen=True)
class CaseResult:
    """What happened to one case of a batch."""

    source: str
    status: str  # built | skipped | failed
    case_id: str | None = None
    files: tuple[dict, ...] = ()
    error: str | None = None
    exit_code: int = 0
    warnings: tuple[str, ...] = ()
    peak_rss_kb: int = 0
    seconds: float = 0.0
    report: str = ""
    """A failure as the user reads it (:meth:`DocgenError.report`)."""

    @classmethod
    def failed(cls, source: str, error: DocgenError, case_id: str | None = None, seconds: float = 0.0) -> CaseResult:
        """The result of a case that ``error`` stopped."""
        return cls(source, "failed", case_id, error=error.format_message(), exit_code=error.exit_code,
                   seconds=seconds, report=error.report(source))


class InternalError(DocgenError):
    """A failure docgen did not foresee (a bug): reported for its case, the batch goes on."""

    def __init__(self, error: Exception) -> None:
        super().__init__(_("internal error: {kind}: {error}").format(kind=type(error).__name__, error=error))


@dataclass
class BatchSummary:
    """Counts for the progress line and the --json summary."""

    cases: int = 0
    built: int = 0
    skipped: int = 0
    failed: int = 0
    documents: int = 0
    results: list[CaseResult] = field(default_factory=list)

    def to_json(self) -> str:
        """The summary printed by ``docgen build --json``."""
        counts = {key: getattr(self, key) for key in ("cases", "built", "skipped", "failed", "documents")}
        failures = [{"source": r.source, "error": r.error} for r in self.results if r.status == "failed"]
        return json.dumps({**counts, "failures": failures}, ensure_ascii=False, indent=2)

    def add(self, result: CaseResult) -> None:
        """Count one finished case."""
        self.results.append(result)
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.documents += len({f["kind"] for f in result.files}) if result.status == "built" else 0


def find_cases(arguments: Iterable[str]) -> list[Path]:
    """Case files from the arguments: files as given, folders searched for ``case.yaml``, globs expanded."""
    found: dict[Path, Path] = {}  # one file named twice (a/case.yaml, a/../a/case.yaml) is one case
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():  # os.walk, not rglob: rglob leaves out a case.yaml that is a broken link
            matches = sorted(Path(folder, "case.yaml") for folder, folders, files in os.walk(path)
                             if "case.yaml" in files or "case.yaml" in folders)
        elif path.exists():
            matches = [path]
        else:
            matches = sorted(Path(p) for p in glob.glob(argument, recursive=True))
            matches = [p / "case.yaml" if p.is_dir() else p for p in matches]
        if not matches:
            raise InputError(_("{argument}: no case file there (a case file, a folder holding case.yaml, or a glob)")
                             .format(argument=argument))
        for match in matches:
            found.setdefault(_identity(match), match)
    return list(found.values())


def _identity(path: Path) -> Path:
    """The file ``path`` names, whatever the way it is written (links and '..' resolved)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links: the loader refuses it with its message
        return path.absolute()


def _record(result: CaseResult) -> dict:
    """One case as batch.json lists it: no timings, so the same run gives the same file."""
    return {k: v for k, v in asdict(result).items() if k not in ("peak_rss_kb", "seconds", "report")}


def run_exit_code(summary: BatchSummary) -> int:
    """0 when every case was built or unchanged; when all failed, their own code (2 for bad
    input); 1 when some failed and others were built."""
    failures = [r.exit_code for r in summary.results if r.status == "failed"]
    if not failures:
        return 0
    return max(failures) if len(failures) == len(summary.results) else 1


PARENT_CHECK_SECONDS = 0.5
"""How often a worker looks whether the batch's parent is still there."""


def _end_with(parent: int) -> None:
    """End this worker process as soon as ``parent`` is gone (killed, even with SIGKILL, which
    leaves no chance to stop the workers): its cases are no longer wanted, and nobody would
    collect them. A daemon thread, so it never keeps a worker alive."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)  # noqa: SLF001 - no cleanup to run: the parent that would read the results is gone

    threading.Thread(target=watch, name="docgen-parent-watch", daemon=True).start()


def start_worker(options: BuildOptions, language: str | None, parent: int) -> None:
    """A worker process's start: end with the batch's parent, then :func:`warm_up`, and what
    it loaded frozen out of the garbage collector (:func:`gc.freeze`): it lives as long as the
    worker, and every full collection would otherwise walk it again."""
    _end_with(parent)
    warm_up(options, language)
    gc.freeze()


def warm_up(options: BuildOptions, language: str | None = None) -> None:
    """Load what every case needs once per worker (fonts, statute data) and speak the
    parent's language, also where workers start fresh rather than forked."""
    set_language(language)
    from docgen.laws.rules import shipped_rules

    shipped_rules()
    if "pdf" in options.formats:
        from docgen.writers.fonts import find_fonts

        find_fonts(options.font)


_documents_written = 0


def build_one(source: str, out_dir: str, options: BuildOptions) -> CaseResult:
    """Build one case, turning any failure into a result rather than an exception."""
    from docgen.build import build_case

    global _documents_written
    started = time.perf_counter()
    try:
        built = build_case(source, out_dir, options)
    except DocgenError as error:
        return CaseResult.failed(source, error, seconds=time.perf_counter() - started)
    except OSError as error:  # a full disk, a folder that cannot be written: the case's files are as they were
        where = f" ({error.filename})" if error.filename else ""
        failure = DocgenError(_("cannot write: {problem}{where}; the case's earlier files, if any, are kept").format(
            problem=error.strerror or error, where=where))
        return CaseResult.failed(source, failure, seconds=time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001 - one broken case must not stop the batch
        return CaseResult.failed(source, InternalError(error), seconds=time.perf_counter() - started)
    _documents_written += len(built.files)
    if _documents_written >= COLLECT_EVERY:
        gc.collect()
        _documents_written = 0
    return CaseResult(
        source,
        "skipped" if built.skipped else "built",
        case_id=built.case_id,
        files=tuple(asdict(f) for f in built.files),
        warnings=tuple(str(warning) for warning in built.warnings),
        peak_rss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        seconds=time.perf_counter() - started,
    )


def _run(cases: list[Path], out_dir: Path, jobs: int, options: BuildOptions, scheduler: str | None) -> Iterator[CaseResult]:
    sources = [str(case) for case in cases]
    if scheduler:
        yield from _on_cluster(scheduler, sources, out_dir, options)
        return
    build = functools.partial(build_one, out_dir=str(out_dir), options=options)
    if jobs == 1:
        warm_up(options, current_language())
        with _frozen():
            yield from _one_by_one(build, sources)
        return
    from concurrent.futures import ProcessPoolExecutor  # 12 ms of imports a one-process build does without

    with ProcessPoolExecutor(max_workers=jobs, initializer=start_worker,
                             initargs=(options, current_language(), os.getpid())) as pool:
        yield from pool.map(build, sources, chunksize=_chunk_size(len(cases), jobs))


@contextmanager
def _frozen() -> Iterator[None]:
    """Everything loaded so far (the warm-up's fonts and statutes) kept out of the garbage
    collector's walks while the cases are built (:func:`gc.freeze`), and given back after,
    unless the program has frozen objects of its own."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _one_by_one(build: Callable[[str], CaseResult], sources: list[str]) -> Iterator[CaseResult]:
    """``build`` each source in this process; a first Ctrl-C stops the batch once the case in
    hand is finished (an interrupt inside the PDF library leaves it broken: it turned into
    'internal error' and carried on), a second one at once."""
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield from map(build, sources)
        return
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        if stopping:
            raise KeyboardInterrupt
        stopping = True

    previous = signal.signal(signal.SIGINT, stop)
    try:
        for source in sources:
            result = build(source)
            signal.signal(signal.SIGINT, previous)  # while the caller reports it, Ctrl-C acts at once
            yield result
            if stopping:
                raise KeyboardInterrupt
            signal.signal(signal.SIGINT, stop)
    finally:
        signal.signal(signal.SIGINT, previous)


def _on_cluster(scheduler: str, sources: list[str], out_dir: Path, options: BuildOptions) -> Iterator[CaseResult]:
    try:
        from docgen.cluster import run_on_cluster
    except ImportError:
        raise InputError(_("--scheduler needs Dask: pip install 'docgen[dask]'")) from None
    build = functools.partial(build_one, out_dir=str(out_dir), options=options)
    warm = functools.partial(warm_up, options, current_language())
    yield from run_on_cluster(scheduler, build, sources, warm, CaseResult.failed)


def _chunk_size(cases: int, jobs: int) -> int:
    """Cases handed to a worker at a time: one for small batches, so that no worker idles while
    another finishes a long chunk at the end; up to 16 for big ones, where a chunk's future
    (all are made up front) would otherwise cost the parent memory for every single case."""
    return max(1, min(16, cases // (jobs * 32)))


def _shared_case_ids(cases: list[Path]) -> dict[Path, CaseResult]:
    """Cases whose case_id an earlier case already has: they would write the same folder."""
    from docgen.casefile import peek_case_id

    owners: dict[str, Path] = {}
    refused = {}
    for case in cases:
        case_id = peek_case_id(case)
        if case_id is None:
            continue
        owner = owners.setdefault(case_id.casefold(), case)  # Case-1 and case-1: one folder on Windows, macOS
        if owner != case:
            error = InputError(_("case_id {case_id} is also used by {owner}; give each case its own id").format(
                case_id=case_id, owner=owner))
            refused[case] = CaseResult.failed(str(case), error, case_id)
    return refused


def build_many(cases: list[Path], out_dir: Path, *, jobs: int, options: BuildOptions = BuildOptions(),
               progress: Callable[[CaseResult, BatchSummary], None] | None = None,
               scheduler: str | None = None) -> BatchSummary:
    """Build ``cases`` into ``out_dir`` with ``jobs`` local workers, or on the Dask cluster at
    ``scheduler`` (:mod:`docgen.cluster`), and write ``out_dir/batch.json`` (every case in the
    order given, its status, its files and their hashes) unless no case could be built."""
    summary = BatchSummary(cases=len(cases))
    refused = _shared_case_ids(cases) if len(cases) > 1 else {}
    runnable = [case for case in cases if case not in refused]
    try:
        for result in itertools.chain(refused.values(), _run(runnable, out_dir, jobs, options, scheduler)):
            summary.add(result)  # as each case finishes, so that progress moves
            if progress:
                progress(result, summary)
    except KeyboardInterrupt:  # Ctrl-C: the cases finished are complete; list them, and say so
        _write_batch(summary, cases, out_dir)
        raise Interrupted(summary, out_dir) from None
    _write_batch(summary, cases, out_dir)
    return summary


class Interrupted(DocgenError):
    """The batch was stopped (Ctrl-C): what was built is kept and listed; exit code 130 as a shell gives."""

    exit_code = 130

    def __init__(self, summary: BatchSummary, out_dir: Path) -> None:
        done = summary.built + summary.skipped
        super().__init__(_("interrupted: {done} of {cases} cases built or unchanged, {batch} lists them; run the "
                           "same command again to build the rest").format(
            done=done, cases=summary.cases, batch=out_dir / "batch.json") if done else
            _("interrupted before a case was finished; run the same command again"))


def _write_batch(summary: BatchSummary, cases: list[Path], out_dir: Path) -> None:
    """``out_dir/batch.json``: every finished case in the order given, unless none was built."""
    if summary.built or summary.skipped:  # a run where every case was refused writes nothing
        order = {str(case): index for index, case in enumerate(cases)}  # results come as cases finish
        body = {"cases": [_record(r) for r in sorted(summary.results, key=lambda r: order[r.source])]}
        write_atomic(out_dir / "batch.json", (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def default_jobs() -> int:
    """One worker per CPU this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
