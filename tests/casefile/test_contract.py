"""docs/case-file.md, the case file's contract, against what the loader accepts: its complete
example is a valid case that uses every key, and it names every code and document."""
from __future__ import annotations

import re
import shutil

import pytest
from ruamel.yaml import YAML

from docgen.casefile import load_case
from docgen.casefile.schema import case_schema
from docgen.codes import CARD_NETWORKS, CHANNELS, DOCUMENT_KINDS, EVIDENCE_KINDS, PAYMENT_METHODS, PAYEES, PROBLEMS

from conftest import EXAMPLE, ROOT

CONTRACT = (ROOT / "docs" / "case-file.md").read_text(encoding="utf-8")
EXAMPLE_YAML = re.search(r"```yaml\n(.*?)```", CONTRACT, re.S).group(1)


def schema_keys(schema: dict, prefix: str = "") -> set[str]:
    """Every key of the case file, as a dotted path (list entries without an index)."""
    if schema.get("type") == "array":
        return schema_keys(schema["items"], prefix)
    keys = set()
    for name, value in schema.get("properties", {}).items():
        keys |= {prefix + name} | schema_keys(value, f"{prefix}{name}.")
    return keys


def data_keys(value, prefix: str = "") -> set[str]:
    if isinstance(value, list):
        return set().union(*(data_keys(item, prefix) for item in value)) if value else set()
    if isinstance(value, dict):
        return set().union(*({prefix + k} | data_keys(v, f"{prefix}{k}.") for k, v in value.items()))
    return set()


def test_the_complete_example_is_a_valid_case_file(tmp_path):
    (tmp_path / "case.yaml").write_text(EXAMPLE_YAML, encoding="utf-8")
    shutil.copytree(EXAMPLE / "evidence", tmp_path / "evidence")
    loaded = load_case(tmp_path / "case.yaml")
    assert loaded.case.case_id == "tantan-2026-001" and not loaded.warnings


def test_the_complete_example_uses_every_key():
    assert schema_keys(case_schema()) - data_keys(YAML(typ="safe").load(EXAMPLE_YAML)) == set()


@pytest.mark.parametrize("code", sorted({*CHANNELS, *PAYMENT_METHODS, *CARD_NETWORKS, *PROBLEMS, *EVIDENCE_KINDS,
                                         *PAYEES}))
def test_every_code_is_named(code):
    assert re.search(rf"\b{code}\b", EXAMPLE_YAML), code


@pytest.mark.parametrize("kind", DOCUMENT_KINDS)
def test_every_document_is_in_the_table(kind):
    assert f"\n| {kind} |" in CONTRACT
