"""The ``docgen`` command: thin Click commands over the library.

Heavy machinery (Word, PDF, Babel) is imported inside the commands, so ``docgen --help``
stays fast. Messages go through :mod:`docgen.i18n` (``--locale``, ``DOCGEN_LANG``, ``LANG``);
help texts stay English, since Click reads them at import, before any option is parsed.
"""
from __future__ import annotations

import dataclasses
import gc
import json
import sys
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import click

from docgen import __version__
from docgen.errors import CaseFileError, DocgenError, DocgenWarning
from docgen.i18n import LANGUAGES, _, set_language
from docgen.text_safety import shown
from docgen.options import DEFAULT_FORMATS, BuildOptions
from docgen.writers import WRITERS

DOCUMENT_COMMANDS = {
    "refund-request": "退款申请书 to the seller",
    "complaint-12315": "投诉书 to the market regulator (12315)",
    "platform-dispute": "平台介入申请书 to the platform of the order",
    "chargeback": "争议交易（拒付）申请说明 to the card issuer, Alipay or WeChat Pay",
    "small-claims": "民事起诉状（买卖合同纠纷）, the 2025 element-style civil complaint, to the people's court",
    "evidence-index": "证据目录, with the evidence files bundled behind it in the PDF,",
}
LAZY_COMMANDS = {"laws": "docgen.laws_cli:laws"}

case_argument = click.argument("case", type=click.Path(path_type=Path))
font_option = click.option(
    "--font", metavar="PATH[#INDEX|#FAMILY]",
    help="TrueType CJK font to embed in PDFs (default: found on the system). Also DOCGEN_FONT.",
)
templates_option = click.option(
    "--templates", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="DIR",
    help="Your own letter templates (DIR/<kind>/<locale>.j2), used before the shipped ones; "
         "they run sandboxed and see only the documented context (letters/README.md).",
)


class SchedulerAddress(click.ParamType):
    """A Dask scheduler's address (``tcp://HOST:PORT``, or another Dask protocol) or
    ``local:N``, N worker processes on this machine."""

    name = "scheduler"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if value.startswith("local:"):
            count = value[len("local:"):]
            if not (count.isdigit() and 1 <= int(count) <= 256):
                self.fail(_("{value}: give local:N with N worker processes, from 1 to 256").format(value=value),
                          param, ctx)
        elif "://" not in value or not value.split("://", 1)[1]:
            self.fail(_("{value}: give the scheduler's address as tcp://HOST:PORT, or local:N").format(value=value),
                      param, ctx)
        return value


class DocgenGroup(click.Group):
    """A group that turns docgen's own errors into a message and an exit code, no traceback,
    and imports the command groups of ``LAZY_COMMANDS`` only when they are run."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            module, _, attribute = LAZY_COMMANDS[name].partition(":")
            return getattr(import_module(module), attribute)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DocgenError as error:
            say(error.report(), err=True)
            ctx.exit(error.exit_code)
        except OSError as error:
            message = f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")
            say(_("error: {message}").format(message=message), err=True)
            ctx.exit(1)


def say(message: str, err: bool = False) -> None:
    """Print a message whose parts came from the user (paths, case ids, values) with every
    control character escaped (:func:`docgen.text_safety.shown`): a terminal gets no escape sequence."""
    click.echo("\n".join(shown(line) for line in message.split("\n")), err=err)


def _warn(warnings: Iterable[DocgenWarning | str]) -> None:
    for warning in dict.fromkeys(map(str, warnings)):
        say(_("warning: {message}").format(message=warning), err=True)


@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
@click.option("--locale", type=click.Choice(LANGUAGES), metavar="|".join(LANGUAGES),
              help="Language of docgen's messages (not of the letters). Default: DOCGEN_LANG, then "
                   "LC_ALL, LC_MESSAGES, LANG (any zh_* gives zh_CN), else en_US.")
@click.pass_context
def cli(ctx: click.Context, locale: str | None) -> None:
    """Letters that get a consumer's money back: refund request, 12315 complaint, platform
    dispute, chargeback and evidence index, as Word and PDF, from one case file.

    New here? docgen init my-case, then docgen check my-case, then docgen build my-case."""
    set_language(locale)
    ctx.call_on_close(lambda: set_language(None))  # the choice lasts one run, also when called as a library


@cli.command()
@click.argument("cases", nargs=-1, required=True, metavar="CASE_OR_FOLDER...")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder to write OUT/<case_id>/ and OUT/batch.json into.")
@click.option("--format", "formats", type=click.Choice(tuple(WRITERS)), multiple=True,
              help=f"Only these formats (repeatable). Default: {' and '.join(DEFAULT_FORMATS)}.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: the number of CPUs).")
@click.option("--scheduler", type=SchedulerAddress(), metavar="tcp://HOST:PORT|local:N",
              help="Build on a Dask cluster instead (pip install 'docgen[dask]'): its scheduler's address, or "
                   "local:N for N worker processes here. Workers must see the cases and OUT at the same paths.")
@click.option("--force", is_flag=True, help="Rebuild cases whose inputs have not changed since their manifest.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no list of files.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary of the run at the end.")
@templates_option
@font_option
def build(cases: tuple[str, ...], out_dir: Path, formats: tuple[str, ...], jobs: int | None, scheduler: str | None,
          force: bool, quiet: bool, as_json: bool, templates: Path | None, font: str | None) -> None:
    """Build every document that applies to each case, with OUT/<case_id>/manifest.json.

    CASE_OR_FOLDER: case files, folders (every case.yaml below them) or globs. Cases run in
    parallel; one that fails is reported and the others are built (exit code 1). A case whose
    inputs are unchanged since its last build is skipped unless --force.
    """
    from docgen.batch import build_many, default_jobs, find_cases, run_exit_code
    from docgen.output import check_output_folder

    options = BuildOptions(formats=formats or DEFAULT_FORMATS, font=font, templates=templates, force=force)
    found = find_cases(cases)
    check_output_folder(out_dir, f"-o {out_dir}")
    workers = min(jobs or default_jobs(), len(found))
    with _progress(len(found), quiet) as report:
        summary = build_many(found, out_dir, jobs=workers, options=options, progress=report, scheduler=scheduler)
    _warn(warning for result in summary.results for warning in result.warnings)
    for result in summary.results:
        if result.status == "failed":
            say(result.report, err=True)
        elif not quiet and not as_json:
            for file in result.files:
                say(str(out_dir / result.case_id / file["path"]))
    if as_json:
        click.echo(summary.to_json())
    elif not quiet and len(found) > 1:
        say(_("{built} built, {skipped} unchanged, {failed} failed; {documents} documents; {batch}").format(
            built=summary.built, skipped=summary.skipped, failed=summary.failed, documents=summary.documents,
            batch=out_dir / "batch.json"), err=True)
    click.get_current_context().exit(run_exit_code(summary))


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Callable[[Any, Any], None] | None]:
    """A progress bar on stderr while cases finish; nothing when quiet or not a terminal."""
    if quiet or total < 2 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="cases", file=sys.stderr, show_pos=True,
                           item_show_func=lambda line: line) as bar:
        yield lambda result, summary: bar.update(
            1, f"{summary.documents} documents, {summary.failed} failed")


def _document_command(kind: str, summary: str) -> click.Command:
    @click.command(name=kind, help=f"Write the {summary} for CASE (.docx, .pdf, or .txt: paste-ready text for "
                                   "online forms; by the suffix of -o).")
    @case_argument
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                  help=f"File to write (default: <case_id>-{kind}.pdf).")
    @click.option("--format", "fmt", type=click.Choice(tuple(WRITERS)),
                  help="Format, if -o has no such suffix.")
    @templates_option
    @font_option
    def command(case: Path, output: Path | None, fmt: str | None, templates: Path | None, font: str | None) -> None:
        from docgen.single_document import write_document

        written, warnings = write_document(case, kind, output, fmt, BuildOptions(font=font, templates=templates))
        _warn(warnings)
        say(str(written))

    return command


for _kind, _summary in DOCUMENT_COMMANDS.items():
    cli.add_command(_document_command(_kind, _summary))


@cli.command()
@case_argument
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object instead (stable keys, ISO dates, amounts as strings); on a broken "
                   "case, {\"valid\": false, \"errors\": [...]}.")
@click.option("--ics", "ics_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the dates to act on as an iCalendar file (.ics), for a calendar app.")
def check(case: Path, as_json: bool, ics_file: Path | None) -> None:
    """Check CASE and explain it, with the route to take.

    CASE is checked as build checks it (exit code 2 and the same messages if it is broken), then
    explained: the documents and why, the articles each letter cites and why, the amounts, the
    dates that matter, what is weak or missing, the route step by step, advice, and the popular
    beliefs that do not hold. In docgen's language (--locale)."""
    from docgen.assess import assess
    from docgen.casefile import load_case
    from docgen.check import explain, render_json, render_text
    from docgen.evidence_files import check_exhibits

    try:
        loaded = load_case(case)
        check_exhibits(loaded.case)  # each evidence file read as the bundle reads it: check and build agree
    except CaseFileError as error:
        if as_json:
            click.echo(json.dumps({"valid": False, "errors": [dataclasses.asdict(p) for p in error.problems]},
                                  ensure_ascii=False, indent=2))
        raise
    report = explain(loaded.case, assess(loaded.case), loaded.warnings)
    if ics_file:
        from docgen.ics import render_ics
        from docgen.output import check_output_folder, refuse_case_input, write_output

        check_output_folder(ics_file.parent, f"--ics {ics_file}")
        refuse_case_input(ics_file, loaded.case)
        write_output(ics_file, render_ics(report))
    click.echo(render_json(report) if as_json else render_text(report))


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="Write the bundled example case (a Tantan code bought on Taobao) "
                                              "with its evidence files instead of asking.")
@click.option("--force", is_flag=True, help="Replace an existing FOLDER/case.yaml.")
def init(folder: Path, example: bool, force: bool) -> None:
    """Start a case in FOLDER, by answering questions.

    The questions of the case file come one by one, each answer checked as it is typed;
    FOLDER/case.yaml is written with a comment on every key. Put evidence files in FOLDER
    (e.g. FOLDER/evidence/) first to list them. --example writes the bundled example instead."""
    from docgen.init_case import write_example, write_interview

    written = write_example(folder, force) if example else write_interview(folder, force)
    say(_("Wrote {path}.").format(path=written))
    say(_("Next: docgen check {folder}   (what the case gives, what is missing, the route to take)").format(
        folder=folder))
    say(_("Then: docgen build {folder} -o out/").format(folder=folder))


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--case", "case_file", type=click.Path(path_type=Path), metavar="CASE",
              help="Also check the documents against this case file (default: against each other).")
def verify(folder: Path, case_file: Path | None) -> None:
    """Read the documents built in FOLDER (out/<case_id>) back and check that they agree.

    Every .docx and .pdf listed in FOLDER/manifest.json is read back: amounts in figures and in
    words, the refund, order and transaction numbers, the order date, the letter date and the
    reply deadline, the parties' names (with --case), the exhibits by number and title, and the evidence index's page
    numbers against the stamps on the bundle's pages. Exit 0 when all agree, or 1 with one line
    per disagreement."""
    from docgen.casefile import load_case
    from docgen.verify import verify as verify_folder

    case = load_case(case_file).case if case_file else None
    disagreements = verify_folder(folder, case)
    for disagreement in disagreements:
        click.echo(disagreement.line())
    if disagreements:
        ctx = click.get_current_context()
        ctx.exit(1)
    click.echo(_("All documents in {folder} agree.").format(folder=folder))


@cli.command()
def schema() -> None:
    """Print the case file's JSON Schema, for editors.

    Draft 2020-12, in docgen's language (--locale). For VS Code's YAML extension: docgen schema >
    case.schema.json, then "# yaml-language-server: $schema=case.schema.json" atop case.yaml."""
    from docgen.casefile.schema import case_schema

    click.echo(json.dumps(case_schema(), ensure_ascii=False, indent=2))


def main() -> None:
    """Entry point of the ``docgen`` console script.

    When the command is done, everything the process holds is frozen out of the garbage
    collector (:func:`gc.freeze`): the process is ending, and Python's collections at exit
    would otherwise walk every object left (fonts, statutes, both libraries), ~0.1 s of a one-case build.
    """
    try:
        cli(prog_name="docgen")
    finally:
        gc.freeze()
