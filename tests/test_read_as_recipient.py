"""The documents read as their recipients read them (the seller, the 12315 clerk, the bank,
the judge), from the built .docx files: one party called by one name in a letter addressed to
it, and the court form arguing from the same facts as the letters.
"""
from __future__ import annotations

import re

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from docgen.cli import cli

from conftest import ROOT
from readback import docx_text, squeeze

EXAMPLES = ROOT / "examples"
CASES = ("fraud-qq", "tantan-taobao", "pdd-visa", "no-files-pdd", "disclaimer-jd", "english-qq", "wechat-private",
         "douyin-live-transfer")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The examples read here, built as .docx: example name → its output folder."""
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["build", *(str(EXAMPLES / name / "case.yaml") for name in CASES),
                                      "-o", str(out), "--format", "docx", "--quiet"])
    assert result.exit_code == 0, result.output
    return {name: out / _case_id(name) for name in CASES}


def _case_id(name: str) -> str:
    return YAML(typ="safe").load((EXAMPLES / name / "case.yaml").read_text(encoding="utf-8"))["case_id"]


def _cells(path: Path) -> str:
    """The text of every table cell of a .docx (the court form is a table)."""
    return "\n".join(cell.text for table in docx.Document(str(path)).tables
                     for row in table.rows for cell in row.cells)


def _legal_basis(text: str) -> str:
    """The 法律依据 section: the articles and what each means for the case."""
    start = text.index("法律依据\n")
    end = min((i for i in (text.find(h, start) for h in ("答复期限", "证据清单", "请求事项的处理")) if i > 0),
              default=len(text))
    return text[start:end]


@pytest.mark.parametrize("name", ("fraud-qq", "tantan-taobao", "pdd-visa", "no-files-pdd", "disclaimer-jd",
                                  "wechat-private"))
@pytest.mark.parametrize("kind, word", [("refund-request", "贵方"), ("complaint-12315", "被投诉人")])
def test_the_seller_has_one_name_in_the_legal_basis(built: dict[str, Path], name: str, kind: str,
                                                    word: str) -> None:
    """The sentence after each article names the seller as the rest of the letter does: the
    seller reading its refund request is 贵方 there too, the clerk reads 被投诉人, not 卖家; and
    the consumer is not 买家 in one sentence and 消费者 in the next."""
    basis = _legal_basis(docx_text(built[name] / f"{kind}.docx"))
    assert word in basis
    assert "卖家" not in basis, basis
    assert "买家" not in basis, basis  # the consumer is 消费者 there, as in every other sentence


def test_the_court_form_states_the_fraud_as_the_case_does(built: dict[str, Path]) -> None:
    """The judge reads the case's own fact of the fraud with its exhibits, as the letters give it,
    not a sentence that would fit any case (原告因此作出购买决定)."""
    form = squeeze(_cells(built["fraud-qq"] / "small-claims.docx"))
    assert "因此作出购买决定" not in form
    assert "早于申请人购买的时间（证据2、证据3），原告认为被告的行为构成欺诈" in form
    assert "兑换时提示“激活码已被使用”，兑换未成功（证据4）" in form


def test_the_bank_reads_one_name_for_the_merchant(built: dict[str, Path]) -> None:
    """The card issuer reads 商户 in the legal provisions as in the rest of the statement,
    not 收款方 (a payment app's word) for the same party."""
    text = docx_text(built["pdd-visa"] / "chargeback.docx")
    provisions = text[text.index("相关法律规定\n"):]
    assert "商户未按约定提供可以正常使用的商品" in provisions
    assert "收款方" not in text


@pytest.mark.parametrize("kind", ["refund-request", "complaint-12315", "platform-dispute"])
def test_the_promise_is_stated_with_its_exhibit(built: dict[str, Path], kind: str) -> None:
    """The seller's promise the letter holds it to comes with the exhibit that shows it (the
    listing screenshot whose `proves` quotes it), like every other fact."""
    text = squeeze(docx_text(built["no-files-pdd"] / f"{kind}.docx"))
    assert "付款前承诺“未使用可退”（证据1）" in text


@pytest.mark.parametrize("name, expected", [
    ("disclaimer-jd", "贵方通过京东客服称“已发货概不负责，卡密发出后问题自行联系官方”（证据3）。"),
    ("english-qq", "you stated via QQ: “只能补偿10元余额，不退款” (Exhibit 2)."),
])
def test_the_sellers_words_come_with_the_chat_that_records_them(built: dict[str, Path], name: str,
                                                                 expected: str) -> None:
    """A seller quoted disclaiming liability reads where its words are recorded: the chat
    screenshot taken on or after the day they were said."""
    assert expected in docx_text(built[name] / "refund-request.docx")


def test_the_bank_and_the_judge_read_the_sellers_own_words(built: dict[str, Path]) -> None:
    """The seller's reply the case file records (contacts[].said) is in the payment app's
    account of the attempts to settle and in the court form's facts, as in the letters."""
    chargeback = docx_text(built["fraud-qq"] / "chargeback.docx")
    assert "告知兑换码已被使用，要求退款。收款方的原话是：“码是好的，你自己用过了吧”。" in chargeback
    form = squeeze(_cells(built["fraud-qq"] / "small-claims.docx"))
    assert "原告通过QQ与被告协商：告知兑换码已被使用，要求退款。被告的原话是：“码是好的，你自己用过了吧”。" in form


def test_the_12315_form_defines_each_short_name_once(tmp_path: Path) -> None:
    """The clerk reads the 事实与理由 field of the online form with each law's 以下简称 given
    once, at its first mention (in the reasons), not again in the 法律依据 line after them."""
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES / "fraud-qq" / "case.yaml"), "-o", str(tmp_path),
                                      "--format", "txt", "--quiet"])
    assert result.exit_code == 0, result.output
    form = (tmp_path / _case_id("fraud-qq") / "complaint-12315.txt").read_text(encoding="utf-8")
    assert form.count("（以下简称《消法》）") == 1
    basis = next(line for line in form.splitlines() if line.startswith("法律依据："))
    assert basis.startswith("法律依据：《消法》第五十二条、第二十三条第一款")
    laws = re.findall(r"《[^》（]+》", re.sub(r"（以下简称《[^》]+》）", "", basis))
    assert len(laws) == len(set(laws)), basis  # each law named once, its articles together


def test_the_judge_reads_a_transfer_and_a_seller_who_stopped_answering(built: dict[str, Path]) -> None:
    """The court form for a top-up paid by a WeChat transfer to a person ticks 转账, and says the
    seller stopped answering: it did answer once (“系统延迟，明天一定到”), so not 均未答复."""
    form = _cells(built["douyin-live-transfer"] / "small-claims.docx")
    assert "转账√（微信支付转账）" in form
    assert "其他□" in form
    assert "均未答复" not in form
    assert "被告已不再答复原告，无法协商解决（证据2）" in form


@pytest.mark.parametrize("name, expected", [
    ("tantan-taobao", "卖家交付的兑换码无法兑换，申请人未从中获得任何权益；退款后，申请人不再使用该兑换码，由卖家予以作废。"),
    ("no-files-pdd", "卖家已交付的商品申请人未使用；退款时，申请人同意将其交还卖家，或者由卖家予以作废。"),
])
def test_the_platform_reads_what_becomes_of_the_code(built: dict[str, Path], name: str, expected: str) -> None:
    """The platform's 客服, asked to support a refund, reads as the seller does that the code
    delivered will not be used and may be voided (returned, where it works but is unused)."""
    requests = docx_text(built[name] / "platform-dispute.docx").split("事实与经过")[0]
    assert expected in requests


@pytest.mark.parametrize("kind", ["refund-request", "platform-dispute"])
def test_no_delivery_claim_is_put_on_a_seller_who_made_none(built: dict[str, Path], kind: str) -> None:
    """The seller of a top-up never credited never claimed to have delivered it (the case
    records “系统延迟，明天一定到”): the letters ask for its delivery records without speaking
    of a delivery it claims to have made."""
    text = docx_text(built["douyin-live-transfer"] / f"{kind}.docx")
    assert "交付记录" in text
    assert "主张已经交付" not in text
