"""The types of a case file's values: how each is read from YAML, and its JSON Schema.

A :class:`FieldType` is modelled on Click's ``ParamType``: ``parse`` reads one YAML node
(``convert`` the text of a single value) and calls ``fail`` with what is wrong and how to
fix it; ``json_schema`` says what it accepts as a YAML editor sees the file (``docgen
schema`` is assembled from these). :class:`Section` is a mapping whose keys are the
fields of a dataclass declared with :func:`key`, which is how each section of the case
is declared once (:mod:`docgen.casefile.sections`).
"""
from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import MISSING, dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from docgen.casefile.reader import FAILED, Invalid, Reader, is_null, is_plain
from docgen.i18n import _
from docgen.text_safety import clean_text

SHORT_TEXT = 300
LONG_TEXT = 50_000
MAX_EVIDENCE_BYTES = 50_000_000
EVIDENCE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".pdf": (b"%PDF-",),
}


def closest(word: str, options: tuple[str, ...] | list[str]) -> str:
    """A fix naming the option ``word`` was probably meant to be, or listing them all."""
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if match:
        return _("did you mean '{match}'?").format(match=match[0])
    return _("expected one of: {options}").format(options=", ".join(options))


def _anchored(regex: str) -> str:
    """A Python ``fullmatch`` pattern as a JSON Schema (ECMA-262) ``pattern``."""
    return f"^(?:{regex})$"


class FieldType:
    """A kind of value in a case file (Click's ``ParamType`` is the model)."""

    def parse(self, reader: Reader, node: Node, path: str) -> Any:
        """The value of ``node``; by default ``convert`` of a single value's text, stripped."""
        return self.convert(reader.scalar(node).strip())

    def convert(self, value: str) -> Any:
        """The value of the text of a single value (types reading other nodes override ``parse``)."""
        raise NotImplementedError

    def fail(self, message: str, fix: str = "") -> NoReturn:
        """Refuse the value: ``message`` says what is wrong, ``fix`` what to do."""
        raise Invalid(message, fix)

    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema of the values this type accepts."""
        raise NotImplementedError

    def build(self, value: Any) -> Any:
        """The case's value for a parsed value (a section's dataclass; others as parsed)."""
        return value

    def fixed(self) -> str | None:
        """The only value this type accepts, as text (version 1, currency CNY); None if several."""
        return None


class Text(FieldType):
    """Free text, cleaned of characters a document cannot hold."""

    def __init__(self, max_length: int = SHORT_TEXT):
        self.max_length = max_length

    def parse(self, reader: Reader, node: Node, path: str) -> str:
        cleaned, removed = clean_text(reader.scalar(node))
        if removed:
            reader.warn(node, path, _("removed {removed}").format(removed=removed), _("retype the text without them"))
        if not cleaned:
            self.fail(_("must not be empty"), _("write the text, or remove the key if it is optional"))
        if len(cleaned) > self.max_length:
            self.fail(_("is {length} characters long; at most {max_length}").format(
                length=len(cleaned), max_length=self.max_length), _("shorten it"))
        return cleaned

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_length}


class Pattern(FieldType):
    """Text exactly as typed (quoted or not) that must match ``regex``.

    ``explain`` (marked with ``N_``) names what is expected; ``example`` shows one.
    """

    def __init__(self, regex: str, explain: str, example: str):
        self.regex, self.explain, self.example = regex, explain, example
        self.compiled = re.compile(regex)

    def convert(self, value: str) -> str:
        if not self.compiled.fullmatch(value):
            self.fail(_("'{value}' is not {explain}").format(value=value, explain=_(self.explain)),
                      _("write it like {example}").format(example=self.example))
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _anchored(self.regex)}


class Choice(FieldType):
    """One of a fixed set of codes; ``meanings`` (marked with ``N_``) says what each means."""

    def __init__(self, options: tuple[str, ...], meanings: dict[str, str] | None = None):
        self.options = options
        self.meanings = meanings or {}

    def convert(self, value: str) -> str:
        if value not in self.options:
            self.fail(_("'{value}' is not a known value").format(value=value), closest(value, self.options))
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "enum": list(self.options)}
        if self.meanings:
            schema["description"] = "; ".join(f"{code}: {_(meaning)}" for code, meaning in self.meanings.items())
        return schema

    def fixed(self) -> str | None:
        return self.options[0] if len(self.options) == 1 else None


class CodeWithFacts(Choice):
    """A code of ``options``, or a mapping of ``section``'s keys whose ``code`` key is that code.

    Either way the value is ``make(code, **other_keys)`` (a problem: its code, with the
    consumer's fact and exhibits when the mapping gives them).
    """

    def __init__(self, options: tuple[str, ...], meanings: dict[str, str], section: "Section", make: Any):
        super().__init__(options, meanings)
        self.section, self.make = section, make

    def parse(self, reader: Reader, node: Node, path: str) -> Any:
        if not isinstance(node, MappingNode):
            return self.make(self.convert(reader.scalar(node).strip()))
        values = self.section.parse(reader, node, path)
        if "code" not in values:
            return FAILED
        return self.make(values.pop("code"), **values)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [super().json_schema(), self.section.json_schema()]}


class Integer(FieldType):
    """A whole number in [low, high]."""

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def convert(self, value: str) -> int:
        if not re.fullmatch(r"[0-9]+", value) or not self.low <= int(value) <= self.high:
            if self.low == self.high:
                self.fail(_("'{value}' is not {low}").format(value=value, low=self.low),
                          _("write {low}").format(low=self.low))
            self.fail(_("'{value}' is not a whole number from {low} to {high}").format(
                value=value, low=self.low, high=self.high), _("write digits only, without units"))
        return int(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.low, "maximum": self.high}

    def fixed(self) -> str | None:
        return str(self.low) if self.low == self.high else None


class Money(FieldType):
    """An amount in yuan: positive, at most two decimals, written in ASCII digits as the schema
    says (no ``1_68``, ``1e2``, full-width or Arabic-Indic digits), read from the typed text."""

    DIGITS = re.compile(r"-?[0-9]+(\.[0-9]+)?")

    def convert(self, value: str) -> Decimal:
        example = _("write it like {example}").format(example="168.00")
        if not self.DIGITS.fullmatch(value):
            self.fail(_("'{value}' is not an amount").format(value=value), example)
        amount = Decimal(value)
        if amount <= 0:
            self.fail(_("'{value}' must be a positive amount").format(value=value), example)
        if -amount.as_tuple().exponent > 2:
            self.fail(_("'{value}' has more than two decimals").format(value=value),
                      _("round it to fen, like {example}").format(example="168.05"))
        if amount >= Decimal("1000000000"):
            self.fail(_("'{value}' is implausibly large").format(value=value), _("check the amount"))
        return amount

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["number", "string"], "exclusiveMinimum": 0, "maximum": 999_999_999.99,
                "pattern": r"^\d+(\.\d{1,2})?$"}


class Boolean(FieldType):
    """``true`` or ``false``; yes/no/on/off are refused rather than guessed."""

    def parse(self, reader: Reader, node: Node, path: str) -> bool:
        value = reader.scalar(node).strip()
        if is_plain(node) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        self.fail(_("'{value}' is not true or false").format(value=value), _("write true or false, without quotes"))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


YEARS = r"20[0-9]{2}"
"""Dates are in the years 2000 to 2099: a year past 9999 minus a deadline cannot be counted."""
DAY = YEARS + r"-[0-9]{2}-[0-9]{2}"


class CalendarDate(FieldType):
    """A date written YYYY-MM-DD, in the years 2000 to 2099."""

    def convert(self, value: str) -> date:
        if re.fullmatch(DAY, value):
            try:
                return date.fromisoformat(value)
            except ValueError:  # 2026-02-30, 2026-13-01: the right shape, no such day
                self.fail(_("'{value}' is no day of the calendar").format(value=value),
                          _("check the month and the day"))
        self.fail(_("'{value}' is not a date from 2000 to 2099").format(value=value),
                  _("write it as YYYY-MM-DD, like {example}").format(example="2026-11-20"))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": _anchored(DAY)}


class Moment(FieldType):
    """A local date and time ``YYYY-MM-DD HH:MM[:SS]`` (the time optional if ``time_required`` is off)."""

    FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")
    WITH_TIME = YEARS + r"-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2})?"

    def __init__(self, time_required: bool):
        self.time_required = time_required

    def convert(self, value: str) -> date:
        for fmt in self.FORMATS if re.fullmatch(self.WITH_TIME, value) else ():
            try:
                return datetime.strptime(value, fmt)
            except ValueError:
                continue
        if not self.time_required and re.fullmatch(DAY, value):
            return CalendarDate().convert(value)
        self.fail(_("'{value}' is not a date and time").format(value=value),
                  _("write it as YYYY-MM-DD HH:MM, like {example}").format(example="2026-11-20 21:14"))

    def json_schema(self) -> dict[str, Any]:
        regex = self.WITH_TIME if self.time_required else f"{self.WITH_TIME}|{DAY}"
        return {"type": "string", "pattern": _anchored(regex)}


class Phone(FieldType):
    """A mainland mobile (11 digits) or landline number, kept as typed."""

    def convert(self, value: str) -> str:
        digits = re.sub(r"[\s-]", "", value)
        digits = digits[3:] if digits.startswith("+86") else digits
        if re.fullmatch(r"1[3-9][0-9]{9}|0[0-9]{9,11}", digits):
            return value
        # The value is not echoed: error output must never carry a phone number.
        self.fail(_("is not a mainland mobile (11 digits) or landline number"),
                  _("write it in quotes, like {mobile} or {landline}").format(mobile='"13912345678"',
                                                                               landline='"0571-87654321"'))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string",
                "pattern": r"^(\+[\s-]*8[\s-]*6)?[\s-]*(1[\s-]*[3-9]([\s-]*\d){9}|0([\s-]*\d){9,11})$"}


class IdNumber(FieldType):
    """An 18-character resident ID number with a correct check digit."""

    WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

    def convert(self, value: str) -> str:
        value = value.upper()
        if not re.fullmatch(r"[0-9]{17}[0-9X]", value):
            self.fail(_("is not an 18-character ID number"),
                      _("write it in quotes, like {example}").format(example='"330106199001011234"'))
        check = "10X98765432"[sum(int(d) * w for d, w in zip(value, self.WEIGHTS)) % 11]
        if value[-1] != check:
            self.fail(_("has a wrong check digit (a typing mistake?)"), _("compare it with the ID card"))
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d{17}[\dXx]$"}


class EvidenceFile(FieldType):
    """A png, jpg or pdf file inside the case folder, checked by its content."""

    def parse(self, reader: Reader, node: Node, path: str) -> Path:
        value = reader.scalar(node).strip()
        relative = Path(value)
        fix = _("put the file in the case folder (e.g. {folder}) and give its path relative to {case_file}").format(
            folder="evidence/", case_file="case.yaml")
        if relative.is_absolute() or ".." in relative.parts:
            self.fail(_("'{value}' points outside the case folder").format(value=value), fix)
        try:
            suffix, head = self._head(reader.folder.resolve(), value, relative, fix)
        except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links (pathlib before 3.13)
            reason = error.strerror if isinstance(error, OSError) else _("a loop of links")
            self.fail(_("'{value}' cannot be read ({reason})").format(value=value, reason=reason),
                      _("replace it with the file itself (not a link) in the case folder"))
        if not head.startswith(EVIDENCE_SIGNATURES[suffix]):
            self.fail(_("'{value}' is not really a {kind} file (its content says otherwise)").format(
                value=value, kind=suffix[1:]), _("export it again as PNG, JPEG or PDF"))
        return relative

    def _head(self, folder: Path, value: str, relative: Path, fix: str) -> tuple[str, bytes]:
        """The evidence file's suffix and first bytes, after checking where it is, what it is and its size."""
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder):
            self.fail(_("'{value}' leads outside the case folder (a link?)").format(value=value), fix)
        if target.is_dir():
            self.fail(_("'{value}' is a folder, not a file").format(value=value),
                      _("give the path of the file inside it"))
        if not target.is_file():
            self.fail(_("'{value}' does not exist").format(value=value), _("check the name, or {fix}").format(fix=fix))
        suffix = target.suffix.lower()
        if suffix not in EVIDENCE_SIGNATURES:
            self.fail(_("'{value}' is not a png, jpg or pdf file").format(value=value),
                      _("export it as PNG, JPEG or PDF"))
        if target.stat().st_size > MAX_EVIDENCE_BYTES:
            self.fail(_("'{value}' is larger than {size} MB").format(value=value, size=MAX_EVIDENCE_BYTES // 1_000_000),
                      _("reduce its size"))
        with target.open("rb") as handle:
            return suffix, handle.read(16)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string",
                "pattern": r"^(?!/)(?!(.*/)?\.\.(/|$)).+\.([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg]|[Pp][Dd][Ff])$"}


MAX_LIST_ENTRIES = 200
"""Entries a list may have (evidence, timeline, contacts, …): 10,000 took 25 s to build."""


class Listing(FieldType):
    """A YAML sequence of at most :data:`MAX_LIST_ENTRIES` entries read by ``item``; ``numbered``:
    each entry, a :class:`Section`, is built with ``number``, its place in the list from 1 (证据1)."""

    def __init__(self, item: FieldType, *, allow_empty: bool = True, numbered: bool = False):
        self.item, self.allow_empty, self.numbered = item, allow_empty, numbered

    def parse(self, reader: Reader, node: Node, path: str) -> tuple[Any, ...]:
        if not isinstance(node, SequenceNode):
            self.fail(_("must be a list ('- ' entries)"), _("write each entry on its own line starting with '- '"))
        if not node.value and not self.allow_empty:
            self.fail(_("must have at least one entry"), _("add one on its own line, starting with '- '"))
        if len(node.value) > MAX_LIST_ENTRIES:
            self.fail(_("has {count} entries; at most {limit}").format(count=len(node.value), limit=MAX_LIST_ENTRIES),
                      _("keep the ones that matter"))
        values = [reader.read(self.item, child, f"{path}[{i}]") for i, child in enumerate(node.value)]
        return tuple(v for v in values if v is not FAILED)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", **({} if self.allow_empty else {"minItems": 1}), "maxItems": MAX_LIST_ENTRIES,
                "items": self.item.json_schema()}

    def build(self, value: Any) -> tuple[Any, ...]:
        if self.numbered and isinstance(self.item, Section):
            return tuple(self.item.build(entry, number=number) for number, entry in enumerate(value, 1))
        return tuple(self.item.build(entry) for entry in value)


@dataclass(frozen=True)
class Key:
    """One key of a section: its type, whether the file must have it, what it means, and the
    value the case takes when it is left out (``MISSING``: none, or given by the loader).

    ``title`` and ``description`` (English, marked with ``N_``) are shown by ``docgen
    schema`` and ``docgen init``.
    """

    name: str
    type: FieldType
    required: bool
    title: str
    description: str
    default: Any = MISSING

    @property
    def plain_default(self) -> str | int | bool | Decimal | None:
        """The default if it is a plain value (text, number, boolean) a user could type; else None."""
        return self.default if isinstance(self.default, (str, int, bool, Decimal)) else None


SUPPLIED: Any = object()
"""``key(..., required=False, default=SUPPLIED)``: optional in the file, but no default in the
dataclass: the loader supplies the value (the letter date: today)."""


def key(kind: FieldType, title: str, description: str, *, required: bool = True, default: Any = MISSING) -> Any:
    """A dataclass field that is a key of the case file, read by ``kind``.

    An optional key (``required=False``) defaults to None unless ``default`` says otherwise.
    """
    if default is MISSING and not required:
        default = None
    elif default is SUPPLIED:
        default = MISSING
    return dataclasses.field(default=default, metadata={"key": (kind, required, title, description)})


class Section(FieldType):
    """A mapping whose keys are the fields of dataclass ``cls`` declared with :func:`key`;
    its other fields (the case's source, an exhibit's number) are given to :meth:`build`."""

    def __init__(self, cls: Any):
        self.cls = cls
        self.keys: dict[str, Key] = {}
        for spec in dataclasses.fields(cls):
            if "key" in spec.metadata:
                kind, required, title, description = spec.metadata["key"]
                default = spec.default_factory() if spec.default_factory is not MISSING else spec.default
                self.keys[spec.name] = Key(spec.name, kind, required, title, description, default)

    def parse(self, reader: Reader, node: Node, path: str) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            self.fail(_("must be a mapping of 'key: value' lines"), _("indent the keys under it"))
        values: dict[str, Any] = {}
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):  # "[a, b]: 1": no name to show, nor to suggest
                reader.fail(key_node, path, _("a key must be a single word, not a list or a mapping"),
                            _("write the key as a word followed by ': '"))
                continue
            name = key_node.value
            key_path = f"{path}.{name}" if path else name
            if name in seen:
                reader.fail(key_node, key_path, _("appears twice"), _("keep one of them"))
                continue
            seen.add(name)
            if name not in self.keys:
                reader.fail(key_node, key_path, _("unknown key '{key}'").format(key=name), closest(name, list(self.keys)))
                continue
            if is_null(value_node):
                if self.keys[name].required:
                    reader.fail(value_node, key_path, _("is required but empty"), _("give it a value"))
                continue
            value = reader.read(self.keys[name].type, value_node, key_path)
            if value is not FAILED:
                values[name] = value
        for name, spec in self.keys.items():
            if spec.required and name not in seen:
                fix = (_("add '{key}:' under '{section}'").format(key=name, section=path) if path
                       else _("add '{key}:' under 'the top level'").format(key=name))
                reader.fail(node, f"{path}.{name}" if path else name, _("is missing"), fix)
        return values

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {name: self.property_schema(spec) for name, spec in self.keys.items()},
            "required": [name for name, spec in self.keys.items() if spec.required],
            "additionalProperties": False,
        }

    @staticmethod
    def property_schema(spec: Key) -> dict[str, Any]:
        """The schema of one key: its title, description and default, and null if it is optional."""
        schema = {"title": _(spec.title), "description": _(spec.description), **spec.type.json_schema()}
        if spec.plain_default is not None:
            schema["default"] = spec.plain_default
        if not spec.required:  # an optional key may be written empty or null: the loader skips it
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            schema["type"] = [*types, "null"]
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], None]
        return schema

    def build(self, value: Any, **given: Any) -> Any:
        """The dataclass of parsed ``value`` (keys left out take their defaults); ``given``
        sets fields that are not keys, or replaces what the keys would give."""
        built = {name: self.keys[name].type.build(item) for name, item in value.items() if name not in given}
        return self.cls(**built, **given)
