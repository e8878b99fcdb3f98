"""One document of one case, written to one file (``docgen refund-request CASE -o FILE``)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from docgen.casefile import load_case
from docgen.errors import DocgenWarning, InputError
from docgen.i18n import _
from docgen.options import BuildOptions
from docgen.output import check_output_folder, refuse_case_input, write_output
from docgen.render import render_case
from docgen.writers import WRITERS, writer


def choose_format(output: Path | None, fmt: str | None) -> str:
    """The format named by ``--format`` or by the suffix of ``-o``; they must agree."""
    suffix = output.suffix.lower().lstrip(".") if output else ""
    if fmt and suffix and suffix != fmt:
        raise InputError(_("--format {format} does not match the file name {output}; change one of them").format(
            format=fmt, output=output))
    if fmt:
        writer(fmt)
        return fmt
    if suffix in WRITERS:
        return suffix
    if suffix:
        *others, last = (f".{name}" for name in WRITERS)
        names = _("{some} or {last}").format(some=", ".join(others), last=last)
        raise InputError(_("cannot tell the format of {output}: name it {names}, or give --format").format(
            output=output, names=names))
    return "pdf"


def write_document(case_path: Path, kind: str, output: Path | None, fmt: str | None,
                   options: BuildOptions = BuildOptions()) -> tuple[Path, tuple[DocgenWarning, ...]]:
    """Write document ``kind`` of the case to ``output`` in the format ``fmt`` or its suffix
    names (``options.formats`` is not used); return the path and the warnings."""
    chosen = choose_format(output, fmt)
    if output is not None:
        check_output_folder(output.parent, f"-o {output}")
    rendered = render_case(load_case(case_path), replace(options, formats=(chosen,)), (kind,))
    target = output or Path(f"{rendered.case.case_id}-{kind}.{chosen}")
    if target.is_dir():
        raise InputError(_("{target} is a folder; give a file name, e.g. {example}").format(
            target=target, example=target / f"{kind}.{chosen}"))
    refuse_case_input(target, rendered.case)
    write_output(target, rendered.files[kind, chosen])
    return target, rendered.warnings

