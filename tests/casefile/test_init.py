"""``docgen init``: a case folder from questions answered in the terminal, or the bundled example."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.casefile import load_case
from docgen.cli import cli

from conftest import EXAMPLE

ANSWERS = {
    "case": ["", "", "2026-11-24"],  # case_id: the folder's name; locale: zh_CN; letter date
    "consumer": ["张三", "13800138000", "浙江省杭州市西湖区文三路100号", "", ""],  # no email, no ID number
    "merchant": ["速达卡盟", "速达虚拟商品专营店", "旺旺 sudakm888", "", ""],
    "order": ["taobao", "3712456789012345678", "探探VIP会员12个月（兑换码）", "", "168.00", "298.00",
              "2026-11-20 21:14", "2026-11-20 21:20", "n", "n", "", "n"],  # quantity 1; not activated; no
    # terms shown; no promise; the platform not asked yet
    "payment": ["alipay", "2026112022001456780512345678", "", "", ""],  # paid when ordered; payee and
    # the name on the statement skipped
    "problems": ["2, undisclosed_no_refund", "", ""],  # no fact for either
    "timeline": ["y", "2026-11-21 09:30", "在探探App内兑换时提示“兑换码无效或已被使用”", "n"],
    "contacts": ["y", "2026-11-21", "旺旺", "要求退款: 卖家称“虚拟商品一经发出概不退款” #拒绝", "虚拟商品一经发出概不退款",
                 "y", "n"],  # the seller's words, a disclaimer
    "claims": ["", "3", ""],  # refund: the price; 3 days; nothing else
    "evidence": ["y", "支付宝交易记录截图", "evidence/payment.png", "payment", "支付宝App账单详情页", "2026-11-20",
                 "证明申请人于2026年11月20日支付168元", "n"],
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A new case folder holding one evidence file."""
    target = tmp_path / "my-case"
    (target / "evidence").mkdir(parents=True)
    shutil.copy(EXAMPLE / "evidence" / "payment.png", target / "evidence")
    return target


def init(folder: Path, answers: dict[str, list[str]], *options: str, lang: str = "en_US") -> Result:
    typed = [line for part in answers.values() for line in part]
    return CliRunner(env={"DOCGEN_LANG": lang}).invoke(cli, ["init", str(folder), *options],
                                                       input="\n".join(typed) + "\n")


def answers(**changes: list[str]) -> dict[str, list[str]]:
    return {**ANSWERS, **changes}


def test_the_answers_make_a_commented_case_file_that_loads(folder):
    result = init(folder, ANSWERS)
    assert result.exit_code == 0, result.output
    assert f"Wrote {folder / 'case.yaml'}." in result.stdout
    assert f"Next: docgen check {folder}" in result.stdout
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    assert 'order_id: "3712456789012345678"  # quote it: long numbers must stay text' in text
    assert 'phone: "13800138000"' in text and "  name: 张三" in text
    assert "  # email:                        # optional\n" in text  # skipped keys stay visible
    assert "  # not_delivered          the code or service never arrived\n" in text
    case = load_case(folder).case
    assert case.case_id == "my-case" and case.locale == "zh_CN"
    assert case.order.order_id == "3712456789012345678" and str(case.order.price) == "168.00"
    assert case.payment.paid_at == case.order.ordered_at
    assert case.problems == ("invalid_code", "undisclosed_no_refund")
    assert case.contacts[0].summary == "要求退款: 卖家称“虚拟商品一经发出概不退款” #拒绝"  # quoted, kept whole
    assert case.claims.refund is not None and str(case.claims.refund) == "168.00"
    assert case.evidence[0].file == Path("evidence/payment.png")


def test_from_init_to_check_without_reading_the_format(folder):
    assert init(folder, ANSWERS).exit_code == 0
    checked = CliRunner(env={"DOCGEN_LANG": "en_US"}).invoke(cli, ["check", str(folder)])
    assert checked.exit_code == 0
    assert "2026-11-27  The seller's deadline to answer" in checked.stdout
    assert "! Missing evidence: the chat with the seller" in checked.stdout


def test_each_answer_is_checked_by_the_loader_as_it_is_typed(folder):
    consumer = ["张三", "1380013800", "13800138000", *ANSWERS["consumer"][2:]]
    order = [*ANSWERS["order"][:4], "abc", "168.001", *ANSWERS["order"][4:]]
    result = init(folder, answers(consumer=consumer, order=order))
    assert result.exit_code == 0, result.output
    assert "Error: is not a mainland mobile (11 digits) or landline number — write it in quotes" in result.stdout
    assert "Error: 'abc' is not an amount — write it like 168.00" in result.stdout
    assert "Error: '168.001' has more than two decimals — round it to fen, like 168.05" in result.stdout
    assert "Error: 'taobao' is not one of" not in result.stdout


def test_answers_that_do_not_fit_together_are_asked_again(folder):
    order = [*ANSWERS["order"][:7], "2026-11-19 09:00", *ANSWERS["order"][8:]]  # delivered before it was ordered
    timeline = ["y", "2026-11-30 09:30", *ANSWERS["timeline"][2:]]  # after the letter date
    again = ["2026-11-20 21:20", "2026-11-21 09:30"]  # the two answers asked again, in the file's order
    result = init(folder, answers(order=order, timeline=timeline, evidence=[*ANSWERS["evidence"], *again]))
    assert result.exit_code == 0, result.output
    assert "The answers do not fit together yet:" in result.stderr
    assert "order.delivered_at: is before order.ordered_at — check both times" in result.stderr
    assert "timeline[0].at: is after the letter date 2026-11-24" in result.stderr
    case = load_case(folder).case
    assert str(case.order.delivered_at) == "2026-11-20 21:20:00" and str(case.timeline[0].at) == "2026-11-21 09:30:00"


def test_a_card_is_asked_for_only_when_paid_by_card_and_punitive_only_with_fraud(folder):
    payment = ["credit_card", "", "", "招商银行", "visa", "1234", "", ""]
    claims = ["", "y", "3", ""]
    result = init(folder, answers(payment=payment, problems=["fraud invalid_code"], claims=claims))
    assert result.exit_code == 0, result.output
    case = load_case(folder).case
    assert case.payment.card is not None and case.payment.card.last4 == "1234"
    assert case.claims.punitive is True
    assert 'last4: "1234"' in (folder / "case.yaml").read_text(encoding="utf-8")


def test_the_comments_follow_the_language(folder):
    result = init(folder, ANSWERS, lang="zh_CN")
    assert result.exit_code == 0, result.output
    assert "手机号码（大陆手机号（11位）或固定电话；请加引号）" in result.stdout
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    assert "# 与身份证一致；文书以此署名" in text
    assert load_case(folder).case.consumer.name == "张三"


def test_an_existing_case_file_is_kept_unless_forced(folder):
    (folder / "case.yaml").write_text("mine\n", encoding="utf-8")
    refused = init(folder, ANSWERS)
    assert refused.exit_code == 2
    assert "case.yaml already exists; give --force to replace it" in refused.stderr
    assert (folder / "case.yaml").read_text(encoding="utf-8") == "mine\n"
    assert init(folder, ANSWERS, "--force").exit_code == 0
    assert load_case(folder).case.case_id == "my-case"


def test_the_example_is_written_and_builds(tmp_path):
    runner = CliRunner(env={"DOCGEN_LANG": "en_US"})
    folder = tmp_path / "example"
    assert runner.invoke(cli, ["init", str(folder), "--example"]).exit_code == 0
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*") if p.is_file())
    assert (folder / "case.yaml").read_bytes() == (EXAMPLE / "case.yaml").read_bytes()
    built = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out"), "--format", "pdf"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "tantan-2026-001" / "refund-request.pdf").stat().st_size > 0


def test_a_problem_may_be_answered_with_its_fact(folder):
    result = init(folder, answers(problems=["2, undisclosed_no_refund", "兑换时提示“兑换码无效或已被使用”", ""]))
    assert result.exit_code == 0, result.output
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    assert "  - code: invalid_code\n    fact: 兑换时提示“兑换码无效或已被使用”\n  - code: undisclosed_no_refund\n" in text
    case = load_case(folder).case
    assert case.problems == ("invalid_code", "undisclosed_no_refund")
    assert case.problems[0].fact == "兑换时提示“兑换码无效或已被使用”" and case.problems[1].fact is None


def test_an_answer_with_terminal_escapes_is_shown_escaped_in_its_error(folder):
    """The interview's error echoed the typed value raw: ESC ] 0 ; … BEL retitles the terminal."""
    typed = "\x1b]0;pwned\x07\x1b[31mred"
    result = init(folder, {"case_id": [typed], **ANSWERS})
    [error] = [line for line in result.stdout.splitlines() if line.startswith("Error:")]
    assert "\x1b" not in error and "\x07" not in error
    assert r"'\x1b]0;pwned\x07\x1b[31mred' is not a case id" in error
