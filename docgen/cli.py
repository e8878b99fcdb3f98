"""The ``docgen`` command: thin Click commands over the library.

Heavy machinery (Word, PDF, Babel) is imported inside the commands that write, so
``docgen --help`` stays fast.
"""
from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

import click

from docgen import __version__
from docgen.errors import DocgenError

DOCUMENT_COMMANDS = {
    "refund-request": "退款申请书 to the seller",
    "complaint-12315": "投诉书 to the market regulator (12315)",
    "platform-dispute": "平台介入申请书 to the platform of the order",
    "chargeback": "争议交易（拒付）申请说明 to the card issuer, Alipay or WeChat Pay",
}
LAZY_COMMANDS = {"laws": "docgen.laws.commands:laws"}
FORMAT_CHOICES = ("docx", "pdf")
DOCUMENT_FORMAT_CHOICES = (*FORMAT_CHOICES, "txt")

case_argument = click.argument("case", type=click.Path(path_type=Path))
font_option = click.option(
    "--font", metavar="PATH[#INDEX|#FAMILY]",
    help="TrueType CJK font to embed in PDFs (default: found on the system). Also DOCGEN_FONT.",
)


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
            click.echo(f"error: {error}" if "\n" not in str(error) else str(error), err=True)
            ctx.exit(error.exit_code)
        except OSError as error:
            click.echo(f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "), err=True)
            ctx.exit(1)


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def cli() -> None:
    """Letters that get a consumer's money back: refund request, 12315 complaint, platform
    dispute, chargeback and evidence index, as Word and PDF, from one case file."""


@cli.command()
@case_argument
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder to write OUT/<case_id>/ into.")
@click.option("--format", "formats", type=click.Choice(FORMAT_CHOICES), multiple=True,
              help="Only these formats (repeatable). Default: docx and pdf.")
@font_option
def build(case: Path, out_dir: Path, formats: tuple[str, ...], font: str | None) -> None:
    """Build every document that applies to CASE, plus manifest.json."""
    from docgen.build import FORMATS, build_case

    result = build_case(case, out_dir, formats=formats or FORMATS, font=font)
    _warn(result.warnings)
    for file in result.files:
        click.echo(str(result.folder / file.path))
    click.echo(str(result.folder / "manifest.json"))
    if result.not_available:
        click.echo(f"note: also applies, not made by this version: {', '.join(result.not_available)}", err=True)


def _document_command(kind: str, summary: str) -> click.Command:
    @click.command(name=kind, help=f"Write the {summary} for CASE (.docx, .pdf, or .txt: paste-ready text for "
                                   "online forms; by the suffix of -o).")
    @case_argument
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                  help=f"File to write (default: <case_id>-{kind}.pdf).")
    @click.option("--format", "fmt", type=click.Choice(DOCUMENT_FORMAT_CHOICES),
                  help="Format, if -o has no such suffix.")
    @font_option
    def command(case: Path, output: Path | None, fmt: str | None, font: str | None) -> None:
        from docgen.document import write_document

        written, warnings = write_document(case, kind, output, fmt, font)
        _warn(warnings)
        click.echo(str(written))

    return command


for _kind, _summary in DOCUMENT_COMMANDS.items():
    cli.add_command(_document_command(_kind, _summary))


def main() -> None:
    """Entry point of the ``docgen`` console script."""
    cli(prog_name="docgen")
