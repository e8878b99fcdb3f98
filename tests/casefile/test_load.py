"""Case loading: the contract of docs/case-file.md, and clear errors for everything else."""
from __future__ import annotations

import re

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.casefile import load_case
from docgen.errors import CaseFileError, InputError

from conftest import EXAMPLE


def messages(error: CaseFileError) -> str:
    return "\n".join(p.format("case.yaml") for p in error.problems)


def test_example_loads_into_typed_model():
    case = load_case(EXAMPLE / "case.yaml").case
    assert case.case_id == "tantan-2026-001"
    assert case.order.price == Decimal("168.00") and isinstance(case.order.price, Decimal)
    assert case.order.order_id == "3712456789012345678"
    assert case.payment.transaction_id == "2026112022001456780512345678"
    assert case.order.ordered_at == datetime(2026, 11, 20, 21, 14)
    assert case.letter_date == date(2026, 11, 24)
    assert [e.number for e in case.evidence] == [1, 2, 3, 4]
    assert case.evidence[0].file == Path("evidence/payment.png")
    assert case.problems == ("invalid_code", "undisclosed_no_refund")


def test_folder_means_its_case_yaml():
    assert load_case(EXAMPLE).case.case_id == "tantan-2026-001"


def test_ids_are_kept_exactly_as_typed_even_unquoted(edited_case):
    path = edited_case(('order_id: "3712456789012345678"', "order_id: 0123"),
                       ('transaction_id: "2026112022001456780512345678"', "transaction_id: 00012"))
    case = load_case(path).case
    assert case.order.order_id == "0123"
    assert case.payment.transaction_id == "00012"


def test_yaml_1_1_traps_do_not_change_text(edited_case):
    path = edited_case(("what: 卖家通过旺旺发送兑换码", "what: no"), ("via: 旺旺\n    summary: 告知", "via: 20:05\n    summary: 告知"))
    case = load_case(path).case
    assert case.timeline[0].what == "no"
    assert case.contacts[0].via == "20:05"


def test_bom_and_crlf_are_fine(example_dir):
    path = example_dir / "case.yaml"
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_case(path).case.consumer.name == "张三"


def test_json_is_accepted(example_dir):
    path = example_dir / "case.json"
    path.write_text(
        '{"version": 1, "case_id": "j-1", "consumer": {"name": "李四", "phone": "13900139000", "address": "北京"},'
        ' "merchant": {"name": "某卡盟"}, "order": {"channel": "wechat", "order_id": "0099", "product": "会员",'
        ' "price": 56, "ordered_at": "2026-10-01 10:00", "activated": false, "refund_terms_shown": false},'
        ' "payment": {"method": "wechat_pay"}, "problems": ["not_delivered"], "letter_date": "2026-10-03"}',
        encoding="utf-8",
    )
    case = load_case(path).case
    assert case.order.order_id == "0099" and case.order.price == Decimal("56")
    assert case.claims.respond_within_days == 7 and case.locale == "zh_CN"


@pytest.mark.parametrize("encoding, expected", [("gbk", "not UTF-8 (it looks like GBK"), ("utf-16", "UTF-16")])
def test_other_encodings_are_refused_with_the_fix(example_dir, encoding, expected):
    path = example_dir / "case.yaml"
    path.write_bytes((EXAMPLE / "case.yaml").read_text(encoding="utf-8").encode(encoding))
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    assert expected in str(caught.value) and "save it as UTF-8" in str(caught.value)


def test_all_errors_reported_at_once_with_line_field_and_fix(edited_case):
    path = edited_case(
        ("  phone: \"13800138000\"", "  phone: \"98765\""),
        ("  channel: taobao", "  channel: taobau"),
        ("  price: 168.00", "  price: -5"),
        ("  activated: false", "  activated: no"),
        ("  respond_within_days: 3", "  respond_within_days: 3\n  refund_amount: 5"),
    )
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    text = messages(caught.value)
    assert len(caught.value.problems) == 5
    assert "case.yaml:11: consumer.phone: is not a mainland mobile (11 digits) or landline number" in text
    assert "98765" not in text
    assert "case.yaml:24: order.channel: 'taobau' is not a known value — did you mean 'taobao'?" in text
    assert "order.price: '-5' must be a positive amount" in text
    assert "order.activated: 'no' is not true or false — write true or false" in text
    assert "claims.refund_amount: unknown key 'refund_amount' — did you mean 'refund'?" in text
    assert "nothing was written" in str(caught.value)


@pytest.mark.parametrize("price, message", [
    ("168.001", "more than two decimals"),
    ("0", "must be a positive amount"),
    ("NaN", "is not an amount"),
    ("Infinity", "is not an amount"),
    (".nan", "is not an amount"),
    ("1e3x", "is not an amount"),
    # the schema's digits only: Python's Decimal would read each of these (issue 16 item 7)
    ("1_68", "is not an amount"),
    ("1e2", "is not an amount"),
    ("１６８", "is not an amount"),
    ("١٦٨", "is not an amount"),
    ("168.", "is not an amount"),
])
def test_money_is_decimal_positive_finite_two_decimals(edited_case, price, message):
    path = edited_case(("  price: 168.00", f"  price: {price}"))
    with pytest.raises(CaseFileError, match=message):
        load_case(path)


@pytest.mark.parametrize("days", ["３", "٣", "1_0", "1e1"])
def test_a_day_count_is_ascii_digits_only(edited_case, days):
    path = edited_case(("respond_within_days: 3", f"respond_within_days: {days}"))
    with pytest.raises(CaseFileError, match="is not a whole number"):
        load_case(path)


@pytest.mark.parametrize("when", ["letter_date: 9999-12-31", "letter_date: 1999-12-31", "letter_date: ２０２６-11-24"])
def test_a_date_outside_2000_to_2099_is_refused_not_overflowed(edited_case, when):
    path = edited_case(("letter_date: 2026-11-24", when))
    with pytest.raises(CaseFileError, match="is not a date from 2000 to 2099"):
        load_case(path)


@pytest.mark.parametrize("typed", ["&x 旺旺 sudakm888", "!wangwang sudakm888", "!!python/object:os.system 旺旺",
                                   "!!binary 5pe65pe6"])
def test_a_value_yaml_would_shorten_is_refused(edited_case, typed):
    """YAML reads '&x' as an anchor and '!x' or '!!python/…' as a tag and drops them from the value."""
    path = edited_case(("  contact: 旺旺 sudakm888", f"  contact: {typed}"))
    with pytest.raises(CaseFileError, match=r"case.yaml:19: merchant.contact: starts with '[&!][^']+'.*"
                                             r"— put the whole value in quotes"):
        load_case(path)


def test_the_same_value_in_quotes_is_kept_as_typed(edited_case):
    path = edited_case(("  contact: 旺旺 sudakm888", '  contact: "&x !y 旺旺 sudakm888"'))
    assert load_case(path).case.merchant.contact == "&x !y 旺旺 sudakm888"


@pytest.mark.parametrize("old, new, message", [
    ("version: 1", "version: 2", "case.yaml:4: version: '2' is not 1 — write 1"),
    ("  quantity: 1", "  quantity: 3个", "quantity: '3个' is not a whole number from 1 to 10000 — write digits only"),
    ("case_id: tantan-2026-001", "case_id: [a, b]", "case_id: must be a single value, not a list or a mapping — write"),
    ("problems:\n  - invalid_code\n  - undisclosed_no_refund\n", "problems: []\n",
     "problems: must have at least one entry — add one"),
])
def test_every_error_says_how_to_fix_it(edited_case, old, new, message):
    with pytest.raises(CaseFileError, match=re.escape(message)):
        load_case(edited_case((old, new)))


def test_missing_required_key_names_where_to_add_it(edited_case):
    path = edited_case(("  address: 浙江省杭州市西湖区文三路100号\n", ""))
    with pytest.raises(CaseFileError, match=r"consumer.address: is missing — add 'address:' under 'consumer'"):
        load_case(path)


def test_case_id_cannot_name_a_path(edited_case):
    with pytest.raises(CaseFileError, match="case_id: '../../etc' is not a case id"):
        load_case(edited_case(("case_id: tantan-2026-001", "case_id: ../../etc")))


@pytest.mark.parametrize("file_value, message", [
    ("../outside.png", "points outside the case folder"),
    ("/etc/passwd", "points outside the case folder"),
    ("evidence/missing.png", "does not exist"),
])
def test_evidence_paths_stay_inside_and_exist(edited_case, file_value, message):
    path = edited_case(("file: evidence/payment.png", f"file: {file_value}"))
    with pytest.raises(CaseFileError, match=message):
        load_case(path)


def test_evidence_symlink_leaving_the_folder_is_refused(edited_case, tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes((EXAMPLE / "evidence" / "payment.png").read_bytes())
    path = edited_case(("file: evidence/payment.png", "file: evidence/link.png"))
    (path.parent / "evidence" / "link.png").symlink_to(outside)
    with pytest.raises(CaseFileError, match="leads outside the case folder"):
        load_case(path)


def test_evidence_type_is_checked_by_content(edited_case):
    path = edited_case()
    (path.parent / "evidence" / "payment.png").write_bytes(b"GIF89a not a png")
    with pytest.raises(CaseFileError, match="is not really a png file"):
        load_case(path)


def test_contradictions_between_fields(edited_case):
    path = edited_case(
        ("  punitive: false", "  punitive: true"),
        ("  refund: 168.00", "  refund: 200.00"),
        ("  method: alipay", "  method: credit_card"),
        ("  delivered_at: 2026-11-20 21:20", "  delivered_at: 2026-11-19 21:20"),
        ("letter_date: 2026-11-24", "letter_date: 2026-11-21"),
    )
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    text = messages(caught.value)
    assert "claims.punitive: the increased compensation (增加赔偿, 消法第五十五条) needs 'fraud'" in text
    assert "claims.refund: asks for 200.00, more than the 168.00 paid" in text
    assert "payment.card: is missing; a credit_card payment needs" in text
    assert "order.delivered_at: is before order.ordered_at" in text
    assert "contacts[1].at: is after the letter date 2026-11-21" in text


def test_undisclosed_no_refund_contradicts_terms_shown(edited_case):
    path = edited_case(("refund_terms_shown: false", "refund_terms_shown: true"))
    with pytest.raises(CaseFileError, match="refund_terms_shown is true"):
        load_case(path)


def test_wrong_id_number_check_digit_is_caught(edited_case):
    with pytest.raises(CaseFileError, match="wrong check digit"):
        load_case(edited_case(('"110101199003074477"', '"110101199003074478"')))


def test_control_and_bidi_characters_removed_with_a_warning(edited_case):
    path = edited_case(("what: 卖家通过旺旺发送兑换码", 'what: "卖家\\u0007发送\\u202e兑换码"'))
    loaded = load_case(path)
    assert loaded.case.timeline[0].what == "卖家发送兑换码"
    warning = loaded.warnings[0].format("case.yaml")
    assert warning == ("case.yaml:47: timeline[0].what: removed 1 control character(s) a document cannot hold; "
                       "1 bidirectional override mark(s) — retype the text without them")


def test_yaml_syntax_error_has_a_line(example_dir):
    path = example_dir / "case.yaml"
    path.write_text("version: 1\nconsumer:\n  name: [unclosed\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"case.yaml:3: not valid YAML: .* — put the whole value in quotes; "
                                            r"a list in \[ \] or a mapping in \{ \} must be closed\n"):
        load_case(path)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such case file"):
        load_case(tmp_path / "nope.yaml")


def test_letter_date_defaults_to_today(edited_case):
    path = edited_case(("letter_date: 2026-11-24\n", ""))
    assert load_case(path, today=date(2026, 12, 1)).case.letter_date == date(2026, 12, 1)


def test_characters_yaml_refuses_are_removed_with_a_warning_on_their_line(edited_case):
    path = edited_case(("what: 卖家通过旺旺发送兑换码", "what: 卖家\x7f通过旺旺\x9f发送兑换码"))
    loaded = load_case(path)
    assert loaded.case.timeline[0].what == "卖家通过旺旺发送兑换码"
    assert "removed 2 invisible control character(s)" in loaded.warnings[0].format("case.yaml")
