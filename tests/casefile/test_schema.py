"""``docgen schema``: the case file's JSON Schema, generated from the sections' declarations."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from docgen.casefile import CASE_FILE, Invalid, parse_answer
from docgen.casefile.fields import Listing, Phone, Section
from docgen.casefile.schema import case_schema
from docgen.cli import cli

from conftest import ROOT

jsonschema = pytest.importorskip("jsonschema")
EXAMPLES = sorted((ROOT / "examples").glob("*/case.yaml"))


def as_editor_reads(value: Any) -> Any:
    """The YAML data as an editor's YAML 1.2 (core schema) reads it: dates stay text."""
    if isinstance(value, dict):
        return {key: as_editor_reads(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_reads(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


def load(path: Path) -> Any:
    return as_editor_reads(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = case_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_cli_prints_the_schema_in_its_language():
    english = CliRunner(env={"DOCGEN_LANG": "en_US"}).invoke(cli, ["schema"])
    assert english.exit_code == 0 and json.loads(english.stdout) == case_schema()
    schema = json.loads(english.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    order_id = schema["properties"]["order"]["properties"]["order_id"]
    assert order_id["description"] == "quote it: long numbers must stay text"
    chinese = json.loads(CliRunner().invoke(cli, ["--locale", "zh_CN", "schema"]).stdout)
    assert chinese["properties"]["order"]["properties"]["price"]["title"] == "实付金额"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_every_bundled_example_validates(validator, path):
    assert [error.message for error in validator.iter_errors(load(path))] == []


@pytest.mark.parametrize(("edit", "where"), [
    (lambda c: c.update(unknown=1), []),
    (lambda c: c.pop("consumer"), []),
    (lambda c: c["order"].update(channel="taobaoo"), ["order", "channel"]),
    (lambda c: c["order"].update(activated="yes"), ["order", "activated"]),
    (lambda c: c["order"].update(price=-1), ["order", "price"]),
    (lambda c: c["order"].update(order_id=3712456789012345678), ["order", "order_id"]),  # unquoted: a number
    (lambda c: c["consumer"].update(phone="1380013800"), ["consumer", "phone"]),
    (lambda c: c.update(case_id="tantan 2026"), ["case_id"]),
    (lambda c: c.update(problems=[]), ["problems"]),
    (lambda c: c["claims"].update(respond_within_days=0), ["claims", "respond_within_days"]),
    (lambda c: c["evidence"][0].update(file="../payment.png"), ["evidence", 0, "file"]),
    (lambda c: c["evidence"][0].update(date="2026-11-20 21:14"), ["evidence", 0, "date"]),
    (lambda c: c["timeline"][0].update(at="yesterday"), ["timeline", 0, "at"]),
], ids=["unknown key", "missing section", "enum", "yes for true", "negative", "number id", "short phone",
        "case id", "no problems", "zero days", "outside the folder", "date with time", "no date"])
def test_broken_cases_do_not_validate(validator, edit, where):
    case = load(ROOT / "examples" / "tantan-taobao" / "case.yaml")
    edit(case)
    errors = list(validator.iter_errors(case))
    assert errors and [list(error.absolute_path) for error in errors] == [where]


def test_optional_keys_may_be_null_and_required_ones_may_not(validator):
    case = load(ROOT / "examples" / "tantan-taobao" / "case.yaml")
    case["merchant"].update(store=None, credit_code=None)
    case.update(locale=None)
    assert list(validator.iter_errors(case)) == []
    case["order"]["product"] = None
    assert [list(e.absolute_path) for e in validator.iter_errors(case)] == [["order", "product"]]


def test_every_key_of_the_loader_is_described_with_its_required_keys_and_no_others():
    def walk(section: Section, schema: dict, path: str) -> None:
        assert schema["additionalProperties"] is False
        assert list(schema["properties"]) == list(section.keys), path
        assert schema["required"] == [name for name, spec in section.keys.items() if spec.required]
        for name, spec in section.keys.items():
            prop = schema["properties"][name]
            assert prop["title"] and prop["description"], f"{path}{name}"
            if isinstance(spec.type, Section):
                walk(spec.type, prop, f"{path}{name}.")
            elif isinstance(spec.type, Listing) and isinstance(spec.type.item, Section):
                walk(spec.type.item, prop["items"], f"{path}{name}[].")

    walk(CASE_FILE, case_schema(), "")


@pytest.mark.parametrize("phone", ["13800138000", "+86 138 0013 8000", "0571-87654321", "138-0013-8000",
                                   "12800138000", "1380013800", "057187", "phone"])
def test_the_phone_pattern_accepts_what_the_loader_accepts(phone):
    pattern = case_schema()["properties"]["consumer"]["properties"]["phone"]["pattern"]
    try:
        parse_answer(Phone(), phone, Path("."))
        accepted = True
    except Invalid:
        accepted = False
    assert bool(re.search(pattern, phone)) == accepted
