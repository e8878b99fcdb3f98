"""A zh_CN user reads whole Chinese sentences: the texts of disputes.yaml and what ``docgen check``
and ``docgen build`` say, with no English fragment left inside.

The check is on ASCII-letter words (tests/chinese.py): in a Chinese message each one must be a
field name, a file name, or a name the test allows by name (the names of card networks' reason
codes and of published sources, as they are written). The case file's own messages are tested
in tests/casefile/test_messages_zh.py.
"""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from docgen.cli import cli
from docgen.codes import DOCUMENT_KINDS, PAYEES
from docgen.disputes import DisputesError, disputes, parse_disputes
from docgen.laws import registry
from docgen.platforms import platforms

from chinese import WORD, english, speaking
from conftest import ROOT

EXAMPLES = ROOT / "examples"


# --- disputes.yaml ----------------------------------------------------------------------------------------


def published(source: str) -> str:
    """A source without the titles it quotes (“Network timelines”), which stay as published."""
    return re.sub(r"“[^”]*”", "", source)


def test_the_texts_of_disputes_yaml_a_user_reads_are_in_both_languages():
    table = disputes()
    wechat = table.apps["wechat_pay"]
    windows = {name: network.window for name, network in table.networks.items() if network.window}
    with speaking("zh_CN"):
        caveat, sources = wechat.caveat, {name: window.source for name, window in windows.items()}
    assert caveat.startswith("微信支付的交易投诉适用于向商户的付款；向个人微信用户转账或发红包，可能不在交易投诉的范围内（未经核实）。"
                             "请查看付款记录，并在案件文件中填写 payment.payee")
    assert english(caveat, "payment", "payee", *PAYEES) == []  # the key and its codes, as the case file writes them
    assert sources["visa"] == "Chargeflow 的“Network timelines”，第三方整理的汇总，并非 Visa 的规则"
    for name, source in sources.items():
        assert set(english(published(source))) <= {"Chargeflow", "Adyen", "Visa"}, source
        with speaking("en_US"):
            assert all(f'"{title}"' in windows[name].source for title in re.findall(r"“([^”]*)”", source))
    with speaking("en_US"):
        assert wechat.caveat.startswith("WeChat Pay's merchant complaint (交易投诉) covers payments to a merchant")
        assert windows["visa"].source == 'Chargeflow, "Network timelines" (a third-party summary, not Visa\'s rules)'
    assert table.apps["alipay"].caveat == ""


def test_a_text_of_disputes_yaml_in_one_language_only_is_refused():
    table = {
        "platform_reasons": dict(disputes().platform_reasons),
        "networks": {"visa": {"window": {"days": 120, "from": "交易日", "source": "Chargeflow"}, "categories": [
            {"problems": ["fraud"], "codes": [], "summary": "欺诈", "verified": False}]}},
        "apps": {"alipay": {"provider": "支付宝", "merchant": "交易投诉", "unauthorized": "非本人操作"},
                 "wechat_pay": {"provider": "微信支付", "merchant": "交易投诉", "unauthorized": "非本人操作",
                                "caveat": {"channels": ["wechat"], "note": {"en_US": "unverified"}}}},
    }
    with pytest.raises(DisputesError) as raised:
        parse_disputes(table)
    message = str(raised.value)
    assert "networks.visa.window.source: give the text in each language (en_US, zh_CN)" in message
    assert "networks.visa.window.from: give the text in each language (en_US, zh_CN)" in message
    assert "apps.wechat_pay.caveat.note.zh_CN: missing" in message


# --- what `docgen check` and `docgen build` say --------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if (p / "case.yaml").is_file()))
def test_check_and_build_speak_chinese_but_for_codes_and_names(example, tmp_path):
    """Every ASCII word of the zh_CN report and warnings is one the case file gives (a code, an id,
    a contact), a document, a file, docgen, "App" (as Chinese writes it), or a name as its owner
    writes it (reason codes, sources)."""
    folder = EXAMPLES / example
    given = {line.split("#")[0] for line in (folder / "case.yaml").read_text(encoding="utf-8").splitlines()}
    table = disputes()
    names = {word for network in table.networks.values() for category in network.categories
             for code in category.codes for word in WORD.findall(code.name)}
    with speaking("zh_CN"):
        names |= {word for network in table.networks.values() if network.window
                  for word in WORD.findall(network.window.source)}
        names |= {word for operator in platforms().values() for word in WORD.findall(operator.source)}
    keys = {"payee", *PAYEES}  # the case file's key and codes a note tells the user to fill in
    allowed = {*(word for line in given for word in WORD.findall(line)), *DOCUMENT_KINDS, *names, *keys, "docgen",
               "App", str(folder / "case.yaml")}
    runner = CliRunner(env={"DOCGEN_LANG": "zh_CN"})
    report = runner.invoke(cli, ["check", str(folder)])
    built = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path), "-q"])
    assert report.exit_code == built.exit_code == 0, report.output + built.output
    said = report.stdout + built.stderr
    assert english(said, *allowed) == []
