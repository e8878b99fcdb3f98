"""``docgen init``: a new case folder, from questions in the terminal or from the bundled example.

The questions are the keys of the loader's schema (:mod:`docgen.case_loader`), in its order,
with its titles; each answer is checked as it is typed by the loader's own parser for the
key, and the finished file by the loader itself, so what ``init`` writes always loads. Where
the loader finds a problem across keys (a date after the letter date, a refund above the
price), the questions it names are asked again. The file gets a comment on every key, in
the CLI's language, like the example in case-format.md.
"""
from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections.abc import Callable
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import click

from docgen import case as model
from docgen.case_loader import CASE, Field, Parser, load_case, parse_answer
from docgen.errors import CaseFileError, InputError, Problem
from docgen.i18n import _
from docgen.output import write_atomic
from docgen.schema import default_of, fields_of, item_of, meanings_of

CASE_FILE = "case.yaml"
EXAMPLE = "tantan-taobao"
"""The bundled example (package ``docgen.examples``, the repository's examples/ folder)."""
COMMENT_COLUMN = 34
ASK_WHEN: dict[str, Callable[[dict[str, Any]], bool]] = {
    "payment.card": lambda answers: answers["payment"].get("method") in model.CARD_METHODS,
    "order.activated": lambda answers: "delivered_at" in answers["order"],
    "claims.punitive": lambda answers: "fraud" in answers.get("problems", ()),
}
"""Keys asked only when the answers so far call for them; otherwise left out, or false if required."""
DEFAULT_FROM = {"payment.paid_at": "order.ordered_at", "claims.refund": "order.price"}
"""Keys whose suggested answer is an earlier answer."""
_NOT_TEXT = re.compile(  # what a YAML reader could take for a number, a boolean or null
    r"~|null|true|false|yes|no|on|off|y|n|[-+]?\.(inf|nan)|0x[0-9a-f]+|0o[0-7]+|\d+(:[0-5]?\d)+"
    r"|[-+]?\d[\d_]*|[-+]?(\d[\d_]*)?\.\d*([e][-+]?\d+)?|[-+]?\d+e[-+]?\d+", re.IGNORECASE)


def refuse_overwrite(folder: Path, force: bool) -> Path:
    """The case file to write in ``folder``; InputError (exit 2) if it exists and ``force`` is off."""
    target = folder / CASE_FILE
    if target.exists() and not force:
        raise InputError(_("{path} already exists; give --force to replace it").format(path=target))
    return target


def write_example(folder: Path, force: bool) -> Path:
    """Copy the bundled example case (case.yaml and its evidence files) into ``folder``."""
    target = refuse_overwrite(folder, force)
    example = files("docgen.examples") / EXAMPLE
    for name, data in _files(example / "evidence", "evidence"):
        write_atomic(folder / name, data)
    write_atomic(target, (example / CASE_FILE).read_bytes())
    return target


def _files(folder: Traversable, prefix: str) -> list[tuple[str, bytes]]:
    found = []
    for entry in folder.iterdir():
        name = f"{prefix}/{entry.name}"
        found += _files(entry, name) if entry.is_dir() else [(name, entry.read_bytes())]
    return found


def write_interview(folder: Path, force: bool) -> Path:
    """Ask the case file's questions and write ``folder/case.yaml``, checked by the loader."""
    target = refuse_overwrite(folder, force)
    folder.mkdir(parents=True, exist_ok=True)
    interview = Interview(folder)
    interview.run()
    while True:
        text = render(interview.answers)
        problems = _problems(folder, text)
        if not problems:
            break
        click.echo(_("The answers do not fit together yet:"), err=True)
        for problem in problems:
            click.echo(f"  {problem.format(CASE_FILE)}", err=True)
        if not all(interview.ask_again(problem.path) for problem in problems):
            raise CaseFileError(target, problems)
    write_atomic(target, text.encode("utf-8"))
    return target


def _problems(folder: Path, text: str) -> tuple[Problem, ...]:
    """What the loader finds wrong with ``text`` as the case file of ``folder``."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, prefix=".case.", suffix=".yaml",
                                     delete=False) as handle:
        handle.write(text)
    try:
        load_case(handle.name)
        return ()
    except CaseFileError as error:
        return error.problems
    finally:
        Path(handle.name).unlink(missing_ok=True)


# --- the questions --------------------------------------------------------------------------------


def _general(path: str) -> str:
    """``timeline[2].at`` → ``timeline.at``."""
    return re.sub(r"\[\d+\]", "", path)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _fixed(parse: Parser) -> str | None:
    """The only value a key can take (version 1, currency CNY): written without asking."""
    schema = parse.json_schema  # type: ignore[attr-defined]
    if len(schema.get("enum", ())) == 1:
        return str(schema["enum"][0])
    if schema.get("type") == "integer" and schema["minimum"] == schema["maximum"]:
        return str(schema["minimum"])
    return None


def _heading(field: Field) -> str:
    """The line that opens a section or a list of questions."""
    return _("{title}: {description}").format(title=_(field.title), description=_(field.description))


def _lookup(answers: dict[str, Any], path: str) -> Any:
    value: Any = answers
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


class Interview:
    """The questions of the case file, one by one; ``answers`` holds each as it will be written."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.answers: dict[str, Any] = {}

    def run(self) -> None:
        """Ask every question."""
        click.echo(_("A new case in {folder}. Press Enter to take the suggestion in [brackets]; Ctrl+C stops "
                     "without writing.").format(folder=self.folder))
        self.section(CASE, self.answers, "")

    def section(self, fields: dict[str, Field], into: dict[str, Any], path: str) -> None:
        """Ask the keys of a section into ``into``."""
        for key in fields:
            self.ask(fields, key, into, _join(path, key))

    def ask(self, fields: dict[str, Field], key: str, into: dict[str, Any], path: str) -> None:
        """Ask one key (a value, a section or a list) into ``into[key]``; left out if skipped."""
        field = fields[key]
        previous = into.pop(key, None)
        condition = ASK_WHEN.get(_general(path))
        if condition and not condition(self.answers):
            if field.required:  # only a yes/no question is asked on a condition
                into[key] = "false"
            return
        value: Any = _fixed(field.parse)
        section, item = fields_of(field.parse), item_of(field.parse)
        if value is None and section is not None:
            click.echo("\n" + _heading(field))
            value = {}
            into[key] = value
            self.section(section, value, path)
        elif value is None and item is not None:
            value = self.entries(field, item, path) if fields_of(item) is not None else self.codes(field, item, path)
        elif value is None:
            value = self.value(fields, key, path, previous)
        if value is not None and (value != [] or field.required):
            into[key] = value

    def ask_again(self, path: str) -> bool:
        """Ask again the question a loader problem names (``order.price``, ``timeline[1].at``; a
        list entry, ``problems[1]``, asks for the whole list); False when no question leads there."""
        path = re.sub(r"\[\d+\]$", "", path)
        steps = re.findall(r"(\w+)(?:\[(\d+)\])?", path)
        fields: dict[str, Field] | None = CASE
        into: Any = self.answers
        for key, index in steps[:-1]:
            field = fields.get(key) if fields else None
            if field is None or key not in into:
                return False
            parse = item_of(field.parse) if index else field.parse
            fields = fields_of(parse) if parse else None
            into = into[key][int(index)] if index else into[key]
        key = steps[-1][0] if steps else ""
        if not fields or key not in fields or _fixed(fields[key].parse) is not None:
            return False
        self.ask(fields, key, into, path)
        return True

    def value(self, fields: dict[str, Field], key: str, path: str, previous: Any) -> str | None:
        """Ask for one value, checked by the loader's parser for the key as it is typed."""
        field = fields[key]
        schema = field.parse.json_schema  # type: ignore[attr-defined]
        default = previous if isinstance(previous, str) else self.suggestion(fields, key, path)
        if schema["type"] == "boolean":
            answer = click.confirm(self.question(field), default=None if default is None else default == "true")
            return "true" if answer else "false"
        choices = schema.get("enum")
        return click.prompt(
            self.question(field, skippable=default is None), type=click.Choice(choices) if choices else None,
            default=default if default is not None else ("" if not field.required else None),
            show_default=default is not None,
            value_proc=lambda text: self.check(field.parse, field.required, text, path))

    def question(self, field: Field, skippable: bool = False) -> str:
        """The prompt: the key's title, with its description (and how to skip it, if optional)."""
        hint = _(field.description)
        if skippable and not field.required:
            hint = _("{hint}; Enter to skip").format(hint=hint)
        return _("{title} ({hint})").format(title=_(field.title), hint=hint)

    def suggestion(self, fields: dict[str, Field], key: str, path: str) -> str | None:
        """The answer offered in [brackets]: an earlier answer, the loader's default, or the folder's name."""
        earlier = _lookup(self.answers, DEFAULT_FROM.get(_general(path), ""))
        if isinstance(earlier, str):
            return earlier
        if path == "case_id":
            return self.folder.resolve().name if self.parses(fields[key].parse, self.folder.resolve().name) else None
        default = default_of(fields, key)
        return str(default).lower() if isinstance(default, bool) else (None if default is None else str(default))

    def parses(self, parse: Parser, text: str) -> bool:
        try:
            self.check(parse, True, text, "")
        except click.BadParameter:
            return False
        return True

    def check(self, parse: Parser, required: bool, text: str, path: str) -> str | None:
        """The answer as it will be written (None: skipped), or click.BadParameter with the loader's message."""
        text = text.strip()
        if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'":
            text = text[1:-1].strip()
        if not text:
            if required:
                raise click.BadParameter(_("an answer is needed"))
            return None
        try:
            value = parse_answer(parse, text, self.folder, path)
        except ValueError as invalid:
            raise click.BadParameter(str(invalid)) from None
        return value if isinstance(value, str) else text

    def codes(self, field: Field, item: Parser, path: str) -> list[str]:
        """Pick one or more codes of a list (the problems) by number or by name."""
        codes = item.json_schema["enum"]  # type: ignore[attr-defined]
        meanings = meanings_of(item)
        click.echo("\n" + _heading(field))
        width = max(map(len, codes))
        for number, code in enumerate(codes, 1):
            click.echo(f"  {number:>2}  {code:<{width}}  {_(meanings.get(code, ''))}" if code in meanings
                       else f"  {number:>2}  {code}")

        def pick(text: str) -> list[str]:
            words = [w for w in re.split(r"[\s,，、]+", text.strip()) if w]
            chosen = [codes[int(w) - 1] if w.isdigit() and 1 <= int(w) <= len(codes) else w for w in words]
            checked = [self.check(item, True, code, path) for code in chosen]
            if not checked:
                raise click.BadParameter(_("choose at least one"))
            return list(dict.fromkeys(c for c in checked if c))

        return click.prompt(_("Numbers or codes, separated by commas"), value_proc=pick)

    def entries(self, field: Field, item: Parser, path: str) -> list[dict[str, Any]]:
        """Ask for entries of a list (timeline, contacts, evidence) until the user says no more."""
        section = fields_of(item) or {}
        click.echo("\n" + _heading(field))
        entries: list[dict[str, Any]] = []
        while click.confirm(_("Add an entry?") if not entries else _("Add another entry?"), default=not entries):
            entry: dict[str, Any] = {}
            entries.append(entry)
            self.section(section, entry, f"{path}[{len(entries) - 1}]")
        return entries


# --- the file -------------------------------------------------------------------------------------------


def render(answers: dict[str, Any]) -> str:
    """The case file for ``answers``, every key with its comment, skipped ones commented out."""
    lines = [
        "# " + _("A docgen case file, written by docgen init. Check it: docgen check FOLDER"),
        "# " + _("Build the letters: docgen build FOLDER -o out/. All keys: docgen schema"),
    ]
    _emit(CASE, answers, lines, "", comments=True)
    return "\n".join(lines) + "\n"


def _emit(fields: dict[str, Field], values: dict[str, Any], lines: list[str], indent: str, comments: bool) -> None:
    for key, field in fields.items():
        comment = _(field.description) if comments else ""
        if key not in values:
            if comments:
                lines.append(_commented(f"{indent}# {key}:", comment))
            continue
        value = values[key]
        section, item = fields_of(field.parse), item_of(field.parse)
        if not indent and (section is not None or item is not None):
            lines.append("")  # a blank line before each part of the file, as in the example
        if section is not None:
            lines.append(_commented(f"{indent}{key}:", comment))
            _emit(section, value, lines, indent + "  ", comments)
        elif item is not None:
            lines.append(_commented(f"{indent}{key}:", comment))
            _emit_entries(item, value, lines, indent, comments)
        else:
            lines.append(_commented(f"{indent}{key}: {_scalar(field.parse, value)}", comment))


def _emit_entries(item: Parser, values: list[Any], lines: list[str], indent: str, comments: bool) -> None:
    section = fields_of(item)
    if section is None:
        lines.extend(f"{indent}  - {value}" for value in values)
        meanings = meanings_of(item)
        width = max(map(len, meanings), default=0)
        lines.extend(f"{indent}  # {code:<{width}}  {_(meaning)}" for code, meaning in meanings.items())
        return
    for number, entry in enumerate(values):
        entry_lines: list[str] = []
        _emit(section, entry, entry_lines, indent + "    ", comments and number == 0)
        first = next(i for i, line in enumerate(entry_lines) if not line.lstrip().startswith("#"))
        entry_lines[first] = f"{indent}  - {entry_lines[first].lstrip()}"
        lines.extend(entry_lines)


def _scalar(parse: Parser, text: str) -> str:
    """A value as YAML: text quoted where a reader could take it for something else."""
    if parse.json_schema["type"] != "string":  # type: ignore[attr-defined]
        return text
    plain = not (_NOT_TEXT.fullmatch(text) or re.search(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: | #|:$|\s$|[\t\n]", text))
    return text if plain else json.dumps(text, ensure_ascii=False)


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal or editor: two for wide (CJK) characters."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _commented(line: str, comment: str) -> str:
    if not comment:
        return line
    return f"{line}{' ' * max(COMMENT_COLUMN - _width(line), 2)}# {comment}"
