"""``docgen init``: a new case folder, from questions in the terminal or from the bundled example.

The questions are the keys of the case file (:mod:`docgen.casefile.sections`), in their
order, with their titles; each answer is checked as it is typed by the key's own field type,
and the finished file by the loader itself, so what ``init`` writes always loads. Where the
loader finds a problem across keys (a date after the letter date, a refund above the price),
the questions it names are asked again. The file gets a comment on every key, in the CLI's
language, like the example in docs/case-file.md.
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

from docgen.codes import CARD_METHODS, PLATFORM_CHANNELS
from docgen.casefile import CASE_FILE, Invalid, load_case, parse_answer
from docgen.casefile.fields import Boolean, Choice, CodeWithFacts, FieldType, Key, Listing, Section
from docgen.errors import CaseFileError, InputError, Problem
from docgen.i18n import _
from docgen.output import check_output_folder, make_output_folder, write_output
from docgen.text_safety import shown

CASE_FILE_NAME = "case.yaml"
EXAMPLE = "tantan-taobao"
"""The bundled example (package ``docgen.examples``, the repository's examples/ folder)."""
COMMENT_COLUMN = 34
ASK_WHEN: dict[str, Callable[[dict[str, Any]], bool]] = {
    "payment.card": lambda answers: answers["payment"].get("method") in CARD_METHODS,
    "order.activated": lambda answers: "delivered_at" in answers["order"],
    "order.platform_refused": lambda answers: answers["order"].get("channel") in PLATFORM_CHANNELS,
    "claims.punitive": lambda answers: "fraud" in map(_code, answers.get("problems", ())),
}
"""Keys asked only when the answers so far call for them; otherwise left out, or false if required."""
DEFAULT_FROM = {"payment.paid_at": "order.ordered_at", "claims.refund": "order.price"}
"""Keys whose suggested answer is an earlier answer."""
_NOT_TEXT = re.compile(  # what a YAML reader could take for a number, a boolean or null
    r"~|null|true|false|yes|no|on|off|y|n|[-+]?\.(inf|nan)|0x[0-9a-f]+|0o[0-7]+|\d+(:[0-5]?\d)+"
    r"|[-+]?\d[\d_]*|[-+]?(\d[\d_]*)?\.\d*([e][-+]?\d+)?|[-+]?\d+e[-+]?\d+", re.IGNORECASE)


def refuse_overwrite(folder: Path, force: bool) -> Path:
    """The case file to write in ``folder``; InputError (exit 2) if it exists and ``force`` is off."""
    check_output_folder(folder, f"FOLDER {folder}")
    target = folder / CASE_FILE_NAME
    if target.exists() and not force:
        raise InputError(_("{path} already exists; give --force to replace it").format(path=target))
    return target


def write_example(folder: Path, force: bool) -> Path:
    """Copy the bundled example case (case.yaml and its evidence files) into ``folder``."""
    target = refuse_overwrite(folder, force)
    example = files("docgen.examples") / EXAMPLE
    for name, data in _files(example / "evidence", "evidence"):
        write_output(folder / name, data)
    write_output(target, (example / CASE_FILE_NAME).read_bytes())
    return target


def _files(folder: Traversable, prefix: str) -> list[tuple[str, bytes]]:
    found = []
    for entry in folder.iterdir():
        name = f"{prefix}/{entry.name}"
        found += _files(entry, name) if entry.is_dir() else [(name, entry.read_bytes())]
    return found


def write_interview(folder: Path, force: bool) -> Path:
    """Ask the case file's questions and write ``folder/case.yaml``, checked by the loader."""
    target = refuse_overwrite(folder, force)  # checks the folder can be made
    make_output_folder(folder, f"FOLDER {folder}")
    interview = Interview(folder)
    interview.run()
    while True:
        text = render(interview.answers)
        problems = _problems(folder, text)
        if not problems:
            break
        click.echo(_("The answers do not fit together yet:"), err=True)
        for problem in problems:
            click.echo(f"  {problem.format(CASE_FILE_NAME)}", err=True)
        if not all(interview.ask_again(problem.path) for problem in problems):
            raise CaseFileError(target, problems)
    write_output(target, text.encode("utf-8"))
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


def _heading(spec: Key) -> str:
    """The line that opens a section or a list of questions."""
    return _("{title}: {description}").format(title=_(spec.title), description=_(spec.description))


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
        self.section(CASE_FILE, self.answers, "")

    def section(self, section: Section, into: dict[str, Any], path: str) -> None:
        """Ask the keys of ``section`` into ``into``."""
        for spec in section.keys.values():
            self.ask(spec, into, _join(path, spec.name))

    def ask(self, spec: Key, into: dict[str, Any], path: str) -> None:
        """Ask one key (a value, a section or a list) into ``into[spec.name]``; left out if skipped."""
        previous = into.pop(spec.name, None)
        condition = ASK_WHEN.get(_general(path))
        if condition and not condition(self.answers):
            if spec.required:  # only a yes/no question is asked on a condition
                into[spec.name] = "false"
            return
        kind = spec.type
        value: Any = kind.fixed()
        if value is None and isinstance(kind, Section):
            click.echo("\n" + _heading(spec))
            value = {}
            into[spec.name] = value
            self.section(kind, value, path)
        elif value is None and isinstance(kind, Listing) and isinstance(kind.item, Section):
            value = self.entries(spec, kind.item, path)
        elif value is None and isinstance(kind, Listing) and isinstance(kind.item, Choice):
            value = self.codes(spec, kind.item, path)
        elif value is None:
            value = self.value(spec, path, previous)
        if value is not None and (value != [] or spec.required):
            into[spec.name] = value

    def ask_again(self, path: str) -> bool:
        """Ask again the question a loader problem names (``order.price``, ``timeline[1].at``; a
        list entry, ``problems[1]``, asks for the whole list); False when no question leads there."""
        path = re.sub(r"\[\d+\]$", "", path)
        steps = re.findall(r"(\w+)(?:\[(\d+)\])?", path)
        section: Section | None = CASE_FILE
        into: Any = self.answers
        for name, index in steps[:-1]:
            spec = section.keys.get(name) if section else None
            if spec is None or name not in into:
                return False
            kind = spec.type.item if index and isinstance(spec.type, Listing) else spec.type
            section = kind if isinstance(kind, Section) else None
            into = into[name][int(index)] if index else into[name]
        name = steps[-1][0] if steps else ""
        if not section or name not in section.keys or section.keys[name].type.fixed() is not None:
            return False
        self.ask(section.keys[name], into, path)
        return True

    def value(self, spec: Key, path: str, previous: Any) -> str | None:
        """Ask for one value, checked by the key's field type as it is typed."""
        default = previous if isinstance(previous, str) else self.suggestion(spec, path)
        if isinstance(spec.type, Boolean):
            answer = click.confirm(self.question(spec), default=None if default is None else default == "true")
            return "true" if answer else "false"
        choices = click.Choice(spec.type.options) if isinstance(spec.type, Choice) else None
        return click.prompt(
            self.question(spec, skippable=default is None), type=choices,
            default=default if default is not None else ("" if not spec.required else None),
            show_default=default is not None,
            value_proc=lambda text: self.check(spec.type, spec.required, text, path))

    def question(self, spec: Key, skippable: bool = False) -> str:
        """The prompt: the key's title, with its description (and how to skip it, if optional)."""
        hint = _(spec.description)
        if skippable and not spec.required:
            hint = _("{hint}; Enter to skip").format(hint=hint)
        return _("{title} ({hint})").format(title=_(spec.title), hint=hint)

    def suggestion(self, spec: Key, path: str) -> str | None:
        """The answer offered in [brackets]: an earlier answer, the case's default, or the folder's name."""
        earlier = _lookup(self.answers, DEFAULT_FROM.get(_general(path), ""))
        if isinstance(earlier, str):
            return earlier
        if path == "case_id":
            return self.folder.resolve().name if self.parses(spec.type, self.folder.resolve().name) else None
        default = spec.plain_default
        return str(default).lower() if isinstance(default, bool) else (None if default is None else str(default))

    def parses(self, kind: FieldType, text: str) -> bool:
        try:
            self.check(kind, True, text, "")
        except click.BadParameter:
            return False
        return True

    def check(self, kind: FieldType, required: bool, text: str, path: str) -> str | None:
        """The answer as it will be written (None: skipped), or click.BadParameter with the loader's message."""
        text = text.strip()
        if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'":
            text = text[1:-1].strip()
        if not text:
            if required:
                raise click.BadParameter(_("an answer is needed"))
            return None
        try:
            value = parse_answer(kind, text, self.folder, path)
        except Invalid as invalid:  # the answer is quoted in the message: its escapes shown, never sent
            raise click.BadParameter(shown(str(invalid))) from None
        return value if isinstance(value, str) else text

    def codes(self, spec: Key, item: Choice, path: str) -> list[str]:
        """Pick one or more codes of a list (the problems) by number or by name."""
        codes, meanings = item.options, item.meanings
        click.echo("\n" + _heading(spec))
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

        picked = click.prompt(_("Numbers or codes, separated by commas"), value_proc=pick)
        if not isinstance(item, CodeWithFacts):
            return picked
        # each problem's fact, in the consumer's words (its exhibits are numbered later: add
        # them by hand as evidence: [N] once the evidence is listed)
        fact = item.section.keys["fact"]
        answers: list[Any] = []
        for code in picked:
            said = self.value(fact, f"{path}[{len(answers)}].fact", None)
            answers.append({"code": code, "fact": said} if said else code)
        return answers

    def entries(self, spec: Key, item: Section, path: str) -> list[dict[str, Any]]:
        """Ask for entries of a list (timeline, contacts, evidence) until the user says no more."""
        click.echo("\n" + _heading(spec))
        entries: list[dict[str, Any]] = []
        while click.confirm(_("Add an entry?") if not entries else _("Add another entry?"), default=not entries):
            entry: dict[str, Any] = {}
            entries.append(entry)
            self.section(item, entry, f"{path}[{len(entries) - 1}]")
        return entries


# --- the file -------------------------------------------------------------------------------------------


def render(answers: dict[str, Any]) -> str:
    """The case file for ``answers``, every key with its comment, skipped ones commented out."""
    lines = [
        "# " + _("A docgen case file, written by docgen init. Check it: docgen check FOLDER"),
        "# " + _("Build the letters: docgen build FOLDER -o out/. All keys: docgen schema"),
    ]
    _emit(CASE_FILE, answers, lines, "", comments=True)
    return "\n".join(lines) + "\n"


def _emit(section: Section, values: dict[str, Any], lines: list[str], indent: str, comments: bool) -> None:
    for name, spec in section.keys.items():
        comment = _(spec.description) if comments else ""
        if name not in values:
            if comments:
                lines.append(_commented(f"{indent}# {name}:", comment))
            continue
        value, kind = values[name], spec.type
        if not indent and isinstance(kind, (Section, Listing)):
            lines.append("")  # a blank line before each part of the file, as in the example
        if isinstance(kind, Section):
            lines.append(_commented(f"{indent}{name}:", comment))
            _emit(kind, value, lines, indent + "  ", comments)
        elif isinstance(kind, Listing):
            lines.append(_commented(f"{indent}{name}:", comment))
            _emit_entries(kind.item, value, lines, indent, comments)
        else:
            lines.append(_commented(f"{indent}{name}: {_scalar(kind, value)}", comment))


def _code(answer: Any) -> Any:
    """A problem's code, whether answered alone or with its fact."""
    return answer.get("code") if isinstance(answer, dict) else answer


def _emit_entries(item: FieldType, values: list[Any], lines: list[str], indent: str, comments: bool) -> None:
    if not isinstance(item, Section):
        with_facts = isinstance(item, CodeWithFacts) and any(isinstance(value, dict) for value in values)
        for value in values:
            if not with_facts:
                lines.append(f"{indent}  - {value}")
                continue
            entry_lines: list[str] = []  # a problem with its fact: every entry as a mapping
            _emit(item.section, value if isinstance(value, dict) else {"code": value}, entry_lines,
                  indent + "    ", comments=False)
            entry_lines[0] = f"{indent}  - {entry_lines[0].lstrip()}"
            lines.extend(entry_lines)
        meanings = item.meanings if isinstance(item, Choice) else {}
        width = max(map(len, meanings), default=0)
        lines.extend(f"{indent}  # {code:<{width}}  {_(meaning)}" for code, meaning in meanings.items())
        return
    for number, entry in enumerate(values):
        entry_lines: list[str] = []
        _emit(item, entry, entry_lines, indent + "    ", comments and number == 0)
        first = next(i for i, line in enumerate(entry_lines) if not line.lstrip().startswith("#"))
        entry_lines[first] = f"{indent}  - {entry_lines[first].lstrip()}"
        lines.extend(entry_lines)


def _scalar(kind: FieldType, text: str) -> str:
    """A value as YAML: text quoted where a reader could take it for something else."""
    if kind.json_schema()["type"] != "string":
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
