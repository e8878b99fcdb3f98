"""The tables behind the recipients' details: the platforms' operators and the online form's limits."""
from __future__ import annotations

import copy

import pytest

from docgen.codes import PLATFORM_CHANNELS
from docgen.data_yaml import load_yaml
from docgen.forms import FieldLimit, FormsError, field_label, parse_forms
from docgen.i18n import LANGUAGES
from docgen.platforms import PlatformsError, parse_platforms, platforms

from conftest import ROOT


def shipped(name: str) -> dict:
    return load_yaml((ROOT / "docgen" / name).read_text(encoding="utf-8"))


def test_every_platform_has_its_operator_entry_with_a_source_in_each_language():
    table = platforms()
    assert set(table) == set(PLATFORM_CHANNELS)
    for operator in table.values():
        assert set(operator.sources) == set(LANGUAGES) and all(operator.sources.values())
        # nothing was checked on a platform's own licence page: none may claim to be verified
        assert operator.verified is False
    assert table["pinduoduo"].name == "上海寻梦信息技术有限公司"
    assert table["xianyu"].name is None and table["douyin"].name is None  # no source found: no name


def test_a_broken_platforms_table_is_reported_in_full():
    broken = copy.deepcopy(shipped("platforms.yaml"))
    del broken["platforms"]["jd"]
    broken["platforms"]["taobao"]["source"] = {"zh_CN": "某处"}
    broken["platforms"]["tmall"]["verified"] = "yes"
    broken["platforms"]["wechat"] = dict(broken["platforms"]["pinduoduo"])
    with pytest.raises(PlatformsError) as error:
        parse_platforms(broken)
    message = str(error.value)
    for expected in ["platforms.taobao.source.en_US: missing", "platforms.tmall.verified: expected true or false",
                     "platforms: unknown 'wechat'", "platforms: needs every platform channel"]:
        assert expected in message, expected


def test_the_12315_form_limits_are_unknown_and_said_so():
    limits = parse_forms(shipped("forms.yaml"))["complaint-12315"]
    assert list(limits) == ["投诉人", "被投诉人", "投诉请求", "事实与理由", "证据"]
    assert all(limit.max_chars is None and not limit.verified for limit in limits.values())
    assert field_label("投诉请求", "一二三", limits["投诉请求"]) == "【投诉请求】（3字；表单字数上限未知，未经核实）"


def test_a_field_over_a_known_limit_says_by_how_much():
    assert field_label("事实与理由", "一二三四五", FieldLimit(3, True)) == "【事实与理由】（5字；表单上限3字；超出2字，请删减）"
    assert field_label("证据", "一二", FieldLimit(3, False)) == "【证据】（2字；表单上限3字，未经核实）"
    with pytest.raises(FormsError, match="a verified limit needs max_chars"):
        parse_forms({"complaint-12315": {"source": "x", "fields": {"证据": {"max_chars": None, "verified": True}}}})


def test_docgen_s_own_tables_are_part_of_the_inputs_fingerprint(tmp_path, monkeypatch):
    """Editing platforms.yaml (or any docgen/*.yaml table) makes `docgen build` rebuild unchanged cases."""
    import shutil
    from importlib.resources import files

    import docgen.fingerprint as fingerprint

    for table in (ROOT / "docgen").glob("*.yaml"):
        shutil.copy(table, tmp_path / table.name)
    monkeypatch.setattr(fingerprint, "files", lambda package: tmp_path if package == "docgen" else files(package))
    fingerprint._tables_digest.cache_clear()
    before = fingerprint._tables_digest()
    (tmp_path / "platforms.yaml").write_text((tmp_path / "platforms.yaml").read_text(encoding="utf-8") + "\n# edited\n",
                                             encoding="utf-8")
    fingerprint._tables_digest.cache_clear()
    assert fingerprint._tables_digest() != before
    fingerprint._tables_digest.cache_clear()
