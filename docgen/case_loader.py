"""Reading a case file (YAML 1.2 or JSON, UTF-8) into a validated :class:`Case`.

The file is parsed to YAML nodes, never to Python objects, so every scalar reaches us
as the text the user typed (``0123`` stays ``0123``, ``20:05`` stays ``20:05``) with its
line number. Each key is checked by the field parser named in the schema below; every
problem of the file is collected and reported at once with file, line, field and fix.
"""
from __future__ import annotations

import codecs
import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, StreamMark, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from docgen import case as model
from docgen.case_rules import check_consistency
from docgen.errors import CaseFileError, InputError, Problem
from docgen.i18n import N_, _
from docgen.text_safety import UNPRINTABLE, clean_text
from docgen.yaml_syntax import dropped_prefixes, syntax_problem

MAX_CASE_FILE_BYTES = 2_000_000
MAX_EVIDENCE_BYTES = 50_000_000
SHORT_TEXT = 300
LONG_TEXT = 50_000
EVIDENCE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".pdf": (b"%PDF-",),
}
_NULLS = ("", "~", "null", "Null", "NULL")
_YAML = YAML(typ="safe")  # libyaml's C parser where ruamel.yaml.clib is installed: ~10x faster


@dataclass(frozen=True)
class LoadedCase:
    """A valid case and the warnings met while reading it (e.g. characters removed)."""

    case: model.Case
    warnings: tuple[Problem, ...]


class _Invalid(Exception):
    """Raised by a field parser: what is wrong and how to fix it."""

    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.message = message
        self.fix = fix


Parser = Callable[["_Reader", Node, str], Any]


@dataclass(frozen=True)
class Field:
    """One key of a mapping: how to parse it, whether it must be there, and what it means.

    ``title`` and ``description`` (English, marked for the catalogs) are shown by
    ``docgen schema`` and ``docgen init``.
    """

    parse: Parser
    required: bool = True
    title: str = ""
    description: str = ""


_FAILED = object()


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _is_plain(node: Node) -> bool:
    """Written without quotes (the C parser says '', the pure one None)."""
    return not node.style


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and _is_plain(node) and node.value in _NULLS


def _closest(word: str, options: tuple[str, ...] | list[str]) -> str:
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if match:
        return _("did you mean '{match}'?").format(match=match[0])
    return _("expected one of: {options}").format(options=", ".join(options))


class _Reader:
    """Walks the node tree, collecting values, problems and warnings."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def fail(self, node: Node, path: str, message: str, fix: str = "") -> None:
        self.problems.append(Problem(path, _line(node), message, fix))

    def read(self, parse: Parser, node: Node, path: str) -> Any:
        try:
            return parse(self, node, path)
        except _Invalid as invalid:
            self.fail(node, path, invalid.message, invalid.fix)
            return _FAILED

    def scalar(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise _Invalid(_("must be a single value, not a list or a mapping"),
                           _("write the value on the key's own line, after ': '"))
        return node.value

    def text(self, node: Node, path: str, max_length: int) -> str:
        raw = self.scalar(node)
        cleaned, removed = clean_text(raw)
        if removed:
            self.warnings.append(
                Problem(path, _line(node), _("removed {removed}").format(removed=removed),
                        _("retype the text without them"))
            )
        if not cleaned:
            raise _Invalid(_("must not be empty"), _("write the text, or remove the key if it is optional"))
        if len(cleaned) > max_length:
            raise _Invalid(_("is {length} characters long; at most {max_length}").format(
                length=len(cleaned), max_length=max_length), _("shorten it"))
        return cleaned

    def mapping(self, node: Node, path: str, fields: dict[str, Field]) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            raise _Invalid(_("must be a mapping of 'key: value' lines"), _("indent the keys under it"))
        values: dict[str, Any] = {}
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):  # "[a, b]: 1": no name to show, nor to suggest
                self.fail(key_node, path, _("a key must be a single word, not a list or a mapping"),
                          _("write the key as a word followed by ': '"))
                continue
            key = key_node.value
            key_path = f"{path}.{key}" if path else key
            if key in seen:
                self.fail(key_node, key_path, _("appears twice"), _("keep one of them"))
                continue
            seen.add(key)
            if key not in fields:
                self.fail(key_node, key_path, _("unknown key '{key}'").format(key=key), _closest(key, list(fields)))
                continue
            if _is_null(value_node):
                if fields[key].required:
                    self.fail(value_node, key_path, _("is required but empty"), _("give it a value"))
                continue
            value = self.read(fields[key].parse, value_node, key_path)
            if value is not _FAILED:
                values[key] = value
        for key, spec in fields.items():
            if spec.required and key not in seen:
                key_path = f"{path}.{key}" if path else key
                fix = (_("add '{key}:' under '{section}'").format(key=key, section=path) if path
                       else _("add '{key}:' under 'the top level'").format(key=key))
                self.fail(node, key_path, _("is missing"), fix)
        return values


# --- field parsers --------------------------------------------------------------------
# Each parser carries ``json_schema``: the JSON Schema of the values it accepts, as a YAML
# editor sees them (docgen.schema assembles the case file's schema from these). A section
# also carries its ``fields``, a list its ``item`` parser, and a choice may carry the
# ``meanings`` of its codes.


def json_schema(schema: dict[str, Any], **attributes: Any) -> Callable[[Parser], Parser]:
    """Attach ``schema`` (and any further ``attributes``) to a parser."""

    def attach(parse: Parser) -> Parser:
        parse.json_schema = schema  # type: ignore[attr-defined]
        for name, value in attributes.items():
            setattr(parse, name, value)
        return parse

    return attach


def _anchored(regex: str) -> str:
    """A Python ``fullmatch`` pattern as a JSON Schema (ECMA-262) ``pattern``."""
    return f"^(?:{regex})$"


def text(max_length: int = SHORT_TEXT) -> Parser:
    """Free text, cleaned of characters a document cannot hold."""
    schema = {"type": "string", "minLength": 1, "maxLength": max_length}
    return json_schema(schema)(lambda reader, node, path: reader.text(node, path, max_length))


def pattern(regex: str, explain: str, example: str) -> Parser:
    """Text exactly as typed (quoted or not) that must match ``regex`` (``explain``: marked with N_)."""
    compiled = re.compile(regex)

    @json_schema({"type": "string", "pattern": _anchored(regex)})
    def parse(reader: _Reader, node: Node, path: str) -> str:
        value = reader.scalar(node).strip()
        if not compiled.fullmatch(value):
            raise _Invalid(_("'{value}' is not {explain}").format(value=value, explain=_(explain)),
                           _("write it like {example}").format(example=example))
        return value

    return parse


def choice(options: tuple[str, ...], meanings: dict[str, str] | None = None) -> Parser:
    """One of a fixed set of codes (``meanings``: what each code says, for the user)."""

    @json_schema({"type": "string", "enum": list(options)}, meanings=meanings or {})
    def parse(reader: _Reader, node: Node, path: str) -> str:
        value = reader.scalar(node).strip()
        if value not in options:
            raise _Invalid(_("'{value}' is not a known value").format(value=value), _closest(value, options))
        return value

    return parse


def integer(low: int, high: int) -> Parser:
    """A whole number in [low, high]."""

    @json_schema({"type": "integer", "minimum": low, "maximum": high})
    def parse(reader: _Reader, node: Node, path: str) -> int:
        value = reader.scalar(node).strip()
        if not re.fullmatch(r"\d+", value) or not low <= int(value) <= high:
            if low == high:
                raise _Invalid(_("'{value}' is not {low}").format(value=value, low=low), _("write {low}").format(low=low))
            raise _Invalid(_("'{value}' is not a whole number from {low} to {high}").format(value=value, low=low, high=high),
                           _("write digits only, without units"))
        return int(value)

    return parse


@json_schema({"type": ["number", "string"], "exclusiveMinimum": 0, "maximum": 999_999_999.99,
              "pattern": r"^\d+(\.\d{1,2})?$"})
def money(reader: _Reader, node: Node, path: str) -> Decimal:
    """An amount in yuan: positive, finite, at most two decimals, read from the typed text."""
    value = reader.scalar(node).strip()
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise _Invalid(_("'{value}' is not an amount").format(value=value),
                       _("write it like {example}").format(example="168.00")) from None
    if not amount.is_finite() or amount <= 0:
        raise _Invalid(_("'{value}' must be a positive amount").format(value=value),
                       _("write it like {example}").format(example="168.00"))
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise _Invalid(_("'{value}' has more than two decimals").format(value=value),
                       _("round it to fen, like {example}").format(example="168.05"))
    if amount >= Decimal("1000000000"):
        raise _Invalid(_("'{value}' is implausibly large").format(value=value), _("check the amount"))
    return amount


@json_schema({"type": "boolean"})
def boolean(reader: _Reader, node: Node, path: str) -> bool:
    """``true`` or ``false``; yes/no/on/off are refused rather than guessed."""
    value = reader.scalar(node).strip()
    if _is_plain(node) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _Invalid(_("'{value}' is not true or false").format(value=value), _("write true or false, without quotes"))


@json_schema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"})
def calendar_date(reader: _Reader, node: Node, path: str) -> date:
    """A date written YYYY-MM-DD."""
    value = reader.scalar(node).strip()
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _no()
    except (ValueError, _Invalid):
        raise _Invalid(_("'{value}' is not a date").format(value=value),
                       _("write it as YYYY-MM-DD, like {example}").format(example="2026-11-20")) from None


def moment(time_required: bool) -> Parser:
    """A local date and time ``YYYY-MM-DD HH:MM[:SS]`` (the time optional if allowed)."""
    formats = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")
    with_time = r"\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{1,2}(:\d{1,2})?"
    regex = with_time if time_required else with_time + r"|\d{4}-\d{2}-\d{2}"

    @json_schema({"type": "string", "pattern": _anchored(regex)})
    def parse(reader: _Reader, node: Node, path: str) -> date:
        value = reader.scalar(node).strip()
        for fmt in formats:
            try:
                return datetime.strptime(value, fmt)
            except ValueError:
                continue
        if not time_required and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return calendar_date(reader, node, path)
        raise _Invalid(_("'{value}' is not a date and time").format(value=value),
                       _("write it as YYYY-MM-DD HH:MM, like {example}").format(example="2026-11-20 21:14"))

    return parse


def _no() -> Any:
    raise _Invalid("invalid")


@json_schema({"type": "string",
              "pattern": r"^(\+[\s-]*8[\s-]*6)?[\s-]*(1[\s-]*[3-9]([\s-]*\d){9}|0([\s-]*\d){9,11})$"})
def phone(reader: _Reader, node: Node, path: str) -> str:
    """A mainland mobile (11 digits) or landline number, kept as typed."""
    value = reader.scalar(node).strip()
    digits = re.sub(r"[\s-]", "", value)
    digits = digits[3:] if digits.startswith("+86") else digits
    if re.fullmatch(r"1[3-9]\d{9}", digits) or re.fullmatch(r"0\d{9,11}", digits):
        return value
    # The value is not echoed: error output must never carry a phone number.
    raise _Invalid(_("is not a mainland mobile (11 digits) or landline number"),
                   _("write it in quotes, like {mobile} or {landline}").format(mobile='"13912345678"',
                                                                                landline='"0571-87654321"'))


@json_schema({"type": "string", "pattern": r"^\d{17}[\dXx]$"})
def id_number(reader: _Reader, node: Node, path: str) -> str:
    """An 18-character resident ID number with a correct check digit."""
    value = reader.scalar(node).strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise _Invalid(_("is not an 18-character ID number"),
                       _("write it in quotes, like {example}").format(example='"330106199001011234"'))
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(value, weights)) % 11]
    if value[-1] != check:
        raise _Invalid(_("has a wrong check digit (a typing mistake?)"), _("compare it with the ID card"))
    return value


@json_schema({"type": "string",
              "pattern": r"^(?!/)(?!(.*/)?\.\.(/|$)).+\.([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg]|[Pp][Dd][Ff])$"})
def evidence_file(reader: _Reader, node: Node, path: str) -> Path:
    """A png, jpg or pdf file inside the case folder, checked by its content."""
    value = reader.scalar(node).strip()
    relative = Path(value)
    fix = _("put the file in the case folder (e.g. {folder}) and give its path relative to {case_file}").format(
        folder="evidence/", case_file="case.yaml")
    if relative.is_absolute() or ".." in relative.parts:
        raise _Invalid(_("'{value}' points outside the case folder").format(value=value), fix)
    folder = reader.folder.resolve()
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder):
        raise _Invalid(_("'{value}' leads outside the case folder (a link?)").format(value=value), fix)
    if not target.is_file():
        raise _Invalid(_("'{value}' does not exist").format(value=value), _("check the name, or {fix}").format(fix=fix))
    suffix = target.suffix.lower()
    if suffix not in EVIDENCE_SIGNATURES:
        raise _Invalid(_("'{value}' is not a png, jpg or pdf file").format(value=value), _("export it as PNG, JPEG or PDF"))
    if target.stat().st_size > MAX_EVIDENCE_BYTES:
        raise _Invalid(_("'{value}' is larger than {size} MB").format(value=value, size=MAX_EVIDENCE_BYTES // 1_000_000),
                       _("reduce its size"))
    with target.open("rb") as handle:
        head = handle.read(16)
    if not head.startswith(EVIDENCE_SIGNATURES[suffix]):
        raise _Invalid(_("'{value}' is not really a {kind} file (its content says otherwise)").format(
            value=value, kind=suffix[1:]), _("export it again as PNG, JPEG or PDF"))
    return relative


def listing(item: Parser, *, allow_empty: bool = True) -> Parser:
    """A YAML sequence whose entries are parsed by ``item``."""

    @json_schema({"type": "array", **({} if allow_empty else {"minItems": 1})}, item=item)
    def parse(reader: _Reader, node: Node, path: str) -> tuple[Any, ...]:
        if not isinstance(node, SequenceNode):
            raise _Invalid(_("must be a list ('- ' entries)"), _("write each entry on its own line starting with '- '"))
        if not node.value and not allow_empty:
            raise _Invalid(_("must have at least one entry"), _("add one on its own line, starting with '- '"))
        values = [reader.read(item, child, f"{path}[{i}]") for i, child in enumerate(node.value)]
        return tuple(v for v in values if v is not _FAILED)

    return parse


def section(fields: dict[str, Field]) -> Parser:
    """A nested mapping with its own keys."""
    return json_schema({"type": "object"}, fields=fields)(lambda reader, node, path: reader.mapping(node, path, fields))


# --- the schema: case-format.md, version 1 -------------------------------------------------

ID_TEXT = pattern(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,63}", N_("an id of letters and digits"), '"3712456789012345678"')
PROBLEM_MEANINGS = {
    "not_delivered": N_("the code or service never arrived"),
    "invalid_code": N_("what arrived does not work (invalid, already used, wrong product)"),
    "not_as_described": N_("it works but is not what was advertised (shorter term, fewer rights)"),
    "unused_refund_refused": N_("unused, refund asked in time, seller refuses"),
    "undisclosed_no_refund": N_("a no-refund rule was not shown before payment"),
    "merchant_unreachable": N_("the seller stopped answering or vanished"),
    "fraud": N_("the seller deceived the buyer (fake code, bait price, fake store)"),
    "unauthorized_charge": N_("the buyer did not make or authorise this payment"),
}
AT = Field(moment(time_required=False), title=N_("When"),
           description=N_("YYYY-MM-DD HH:MM, or only the date YYYY-MM-DD"))

CONSUMER = {
    "name": Field(text(100), title=N_("Your full name"),
                  description=N_("as on your ID card; the letters are signed with it")),
    "phone": Field(phone, title=N_("Your phone number"),
                   description=N_("a mainland mobile (11 digits) or landline number; quote it")),
    "address": Field(text(), title=N_("Your postal address"),
                     description=N_("where answers can reach you; the 12315 complaint requires it")),
    "email": Field(pattern(r"[^@\s]+@[^@\s]+\.[^@\s]+", N_("an email address"), "zhangsan@example.com"), False,
                   title=N_("Your email address"), description=N_("optional")),
    "id_number": Field(id_number, False, title=N_("Your ID number"),
                       description=N_("optional; put only where a recipient requires it")),
}
MERCHANT = {
    "name": Field(text(200), title=N_("The seller's name"),
                  description=N_("the name the seller trades under: 卡盟, store or person")),
    "store": Field(text(200), False, title=N_("Store name"),
                   description=N_("optional: the store name on the platform")),
    "contact": Field(text(200), False, title=N_("The seller's contact"),
                     description=N_("optional, e.g. 微信号 sudakm888")),
    "address": Field(text(), False, title=N_("The seller's address"),
                     description=N_("optional; unknown is normal for a reseller")),
    "credit_code": Field(pattern(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}",
                                 N_("an 18-character unified social credit code"), "91440300MA5XXXXX0X"), False,
                         title=N_("The seller's 统一社会信用代码"),
                         description=N_("optional: the 18-character unified social credit code")),
}
ORDER = {
    "channel": Field(choice(model.CHANNELS), title=N_("Where you bought it"),
                     description=N_("the platform of the order; wechat, qq or other when there is none")),
    "order_id": Field(ID_TEXT, title=N_("Order number"), description=N_("quote it: long numbers must stay text")),
    "product": Field(text(), title=N_("Product"), description=N_("what was bought, as the listing named it")),
    "quantity": Field(integer(1, 10_000), False, title=N_("Quantity"), description=N_("optional; default 1")),
    "price": Field(money, title=N_("Price paid"), description=N_("what was paid, in the currency below")),
    "currency": Field(choice(model.CURRENCIES), False, title=N_("Currency"), description=N_("optional; CNY")),
    "official_price": Field(money, False, title=N_("Official price"),
                            description=N_("optional: the official price of the same thing")),
    "ordered_at": Field(moment(time_required=True), title=N_("Ordered at"),
                        description=N_("when the order was placed: YYYY-MM-DD HH:MM")),
    "delivered_at": Field(moment(time_required=True), False, title=N_("Delivered at"),
                          description=N_("optional; absent or null: never delivered")),
    "activated": Field(boolean, title=N_("Was it activated?"),
                       description=N_("was the membership or code used or activated?")),
    "refund_terms_shown": Field(boolean, title=N_("Was a no-refund rule shown?"),
                                description=N_("did the seller show a no-refund rule before payment?")),
}
CARD = {
    "issuer": Field(text(100), title=N_("Card issuer"), description=N_("the bank that issued the card, e.g. 招商银行")),
    "network": Field(choice(model.CARD_NETWORKS), title=N_("Card network"),
                     description=N_("the brand on the card")),
    "last4": Field(pattern(r"\d{4}", N_("the card's last four digits"), '"1234"'), title=N_("Last four digits"),
                   description=N_("only the last four digits of the card number; quote them")),
}
PAYMENT = {
    "method": Field(choice(model.PAYMENT_METHODS), title=N_("Payment method"), description=N_("how you paid")),
    "transaction_id": Field(ID_TEXT, False, title=N_("Transaction number"),
                            description=N_("optional: from the payment record; quote it")),
    "paid_at": Field(moment(time_required=True), False, title=N_("Paid at"),
                     description=N_("optional: YYYY-MM-DD HH:MM")),
    "card": Field(section(CARD), False, title=N_("The card"), description=N_("only for credit_card / debit_card")),
}
EVENT = {
    "at": AT,
    "what": Field(text(LONG_TEXT), title=N_("What happened"), description=N_("one or two sentences")),
}
CONTACT = {
    "at": AT,
    "via": Field(text(100), title=N_("Through"), description=N_("the channel, e.g. 旺旺, 微信, phone")),
    "summary": Field(text(LONG_TEXT), title=N_("What was said"),
                     description=N_("what you asked for and what the seller answered")),
}
CLAIMS = {
    "refund": Field(money, False, title=N_("Refund claimed"), description=N_("optional; default: order.price")),
    "punitive": Field(boolean, False, title=N_("Claim three-fold compensation?"),
                      description=N_("true: also claim 3x compensation (needs fraud)")),
    "respond_within_days": Field(integer(1, 60), False, title=N_("Days the seller has to answer"),
                                 description=N_("the deadline given to the seller, in days")),
    "other": Field(text(LONG_TEXT), False, title=N_("Other demands"), description=N_("optional free text")),
}
EVIDENCE = {
    "title": Field(text(200), title=N_("Title"), description=N_("what it is, e.g. 支付宝交易记录截图")),
    "file": Field(evidence_file, False, title=N_("File"),
                  description=N_("optional; png, jpg or pdf, inside the case folder")),
    "kind": Field(choice(model.EVIDENCE_KINDS), title=N_("Kind"), description=N_("what sort of record it is")),
    "source": Field(text(200), False, title=N_("Source"),
                    description=N_("optional: where it comes from, e.g. 支付宝App账单详情页")),
    "date": Field(calendar_date, False, title=N_("Date"), description=N_("optional: the date it shows, YYYY-MM-DD")),
    "proves": Field(text(LONG_TEXT), False, title=N_("What it proves"),
                    description=N_("optional, e.g. 证明申请人于2026年11月20日支付168元")),
}
CASE = {
    "version": Field(integer(1, 1), title=N_("Case file version"), description=N_("always 1")),
    "case_id": Field(pattern(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,79}",
                             N_("a case id of letters, digits, '-' and '_' (at most 80)"), "tantan-2026-001"),
                     title=N_("Case id"), description=N_("letters, digits, '-' and '_'; names the output folder")),
    "locale": Field(choice(model.LOCALES), False, title=N_("Language of the letters"),
                    description=N_("zh_CN (default) or en_US")),
    "letter_date": Field(calendar_date, False, title=N_("Letter date"), description=N_("optional; default: today")),
    "consumer": Field(section(CONSUMER), title=N_("You"), description=N_("the person asking: 申请人 / 投诉人 / 持卡人")),
    "merchant": Field(section(MERCHANT), title=N_("The seller"), description=N_("the seller: 卡盟 / 店铺 / 个人卖家")),
    "order": Field(section(ORDER), title=N_("The order"),
                   description=N_("what was bought, where, and whether it arrived and was used")),
    "payment": Field(section(PAYMENT), title=N_("The payment"), description=N_("how the money left you")),
    "problems": Field(listing(choice(model.PROBLEMS, PROBLEM_MEANINGS), allow_empty=False),
                      title=N_("What went wrong"), description=N_("one or more")),
    "timeline": Field(listing(section(EVENT)), False, title=N_("Timeline"),
                      description=N_("what happened, oldest first")),
    "contacts": Field(listing(section(CONTACT)), False, title=N_("Contacts with the seller"),
                      description=N_("each attempt to settle it with the seller")),
    "claims": Field(section(CLAIMS), False, title=N_("Claims"), description=N_("what you ask for")),
    "evidence": Field(listing(section(EVIDENCE)), False, title=N_("Evidence"),
                      description=N_("numbered in this order: 证据1, 证据2, ...")),
}


# --- reading the file ----------------------------------------------------------------------


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CaseFileError(path, [Problem("", 1, _("the file is saved as UTF-16"), _("save it as UTF-8"))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = _("the file is not UTF-8")
        try:
            raw.decode("gb18030")
            message = _("the file is not UTF-8 (it looks like GBK/GB18030)")
        except UnicodeDecodeError:
            pass
        raise CaseFileError(path, [Problem("", line, message,
                                           _("save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)"))]) from None


def _remove_unprintable(text_: str) -> tuple[str, list[Problem]]:
    """Drop characters YAML refuses to read, with one warning per line that had them."""
    lines = text_.split("\n")
    warnings = []
    for number, line in enumerate(lines):
        count = len(UNPRINTABLE.findall(line))
        if count:
            lines[number] = UNPRINTABLE.sub("", line)
            warnings.append(Problem("", number + 1,
                                    _("removed {count} invisible control character(s)").format(count=count),
                                    _("retype the text without them")))
    return "\n".join(lines), warnings


def _parse_yaml(path: Path, text_: str) -> Node:
    try:
        root = _YAML.compose(text_)
    except MarkedYAMLError as error:
        raise CaseFileError(path, [syntax_problem(error, text_)]) from None
    except YAMLError as error:
        raise CaseFileError(path, [Problem("", None, _("not valid YAML: {problem}").format(problem=error),
                                           _("check the file"))]) from None
    if root is None:
        raise CaseFileError(path, [Problem("", 1, _("the file is empty"),
                                           _("start from {folder} or run {command}").format(
                                               folder="examples/", command="docgen init"))])
    if problems := dropped_prefixes(root, text_):
        raise CaseFileError(path, problems)
    return root


def _locate(path: Path) -> Path:
    if path.is_dir():
        path = path / "case.yaml"
    if not path.is_file():
        raise InputError(_("{path}: no such case file").format(path=path))
    if path.stat().st_size > MAX_CASE_FILE_BYTES:
        raise InputError(_("{path}: larger than {size} MB; is it really a case file?").format(
            path=path, size=MAX_CASE_FILE_BYTES // 1_000_000))
    return path


def load_case(path: str | Path, *, today: date | None = None) -> LoadedCase:
    """Read and validate a case file (or a folder holding ``case.yaml``).

    Raises :class:`CaseFileError` listing every problem in the file; ``today`` is the
    default letter date (the system date when not given).
    """
    path = _locate(Path(path))
    text_, warnings = _remove_unprintable(_decode(path, path.read_bytes()))
    root = _parse_yaml(path, text_)
    reader = _Reader(path.parent)
    reader.warnings.extend(warnings)
    values = reader.read(section(CASE), root, "")
    if values is not _FAILED:
        reader.problems.extend(check_consistency(values, root, today or date.today()))
    if reader.problems:
        raise CaseFileError(path, sorted(reader.problems, key=lambda p: (p.line or 0, p.path)))
    return LoadedCase(_build(path, values, today or date.today()), tuple(reader.warnings))


def parse_answer(parse: Parser, text: str, folder: Path, path: str = "") -> Any:
    """One value typed outside a case file (``docgen init``), read as the loader reads it there.

    Raises ``ValueError`` with the loader's message and fix.
    """
    mark = StreamMark("<answer>", 0, 0, 0)
    node = ScalarNode("tag:yaml.org,2002:str", text, start_mark=mark, end_mark=mark)
    try:
        return parse(_Reader(folder), node, path)
    except _Invalid as invalid:
        raise ValueError(f"{invalid.message} — {invalid.fix}" if invalid.fix else invalid.message) from None


def peek_case_id(path: Path) -> str | None:
    """The case_id a case file declares, without validating the rest (None if unreadable)."""
    try:
        root = _parse_yaml(path, _remove_unprintable(_decode(path, path.read_bytes()))[0])
    except (CaseFileError, OSError):
        return None
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if key.value == "case_id" and isinstance(value, ScalarNode):
                return value.value
    return None


def _build(path: Path, values: dict[str, Any], today: date) -> model.Case:
    payment = dict(values["payment"])
    if "card" in payment:
        payment["card"] = model.Card(**payment["card"])
    evidence = tuple(
        model.Evidence(number=number, **entry) for number, entry in enumerate(values.get("evidence", ()), 1)
    )
    return model.Case(
        source=path,
        case_id=values["case_id"],
        version=values["version"],
        locale=values.get("locale", "zh_CN"),
        letter_date=values.get("letter_date", today),
        consumer=model.Consumer(**values["consumer"]),
        merchant=model.Merchant(**values["merchant"]),
        order=model.Order(**values["order"]),
        payment=model.Payment(**payment),
        problems=tuple(values["problems"]),
        timeline=tuple(model.Event(**e) for e in values.get("timeline", ())),
        contacts=tuple(model.Contact(**c) for c in values.get("contacts", ())),
        claims=model.Claims(**values.get("claims", {})),
        evidence=evidence,
    )
