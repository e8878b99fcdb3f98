"""Composing the refund request: the facts in place, user text kept as data."""
from __future__ import annotations

import pytest

from docgen.assess import assess
from docgen.casefile import load_case
from docgen.compose import TemplateError, compose, letters_folder
from docgen.laws import registry
from docgen.tree import Heading, ItemList, Paragraph, Quote, Signature

from conftest import EXAMPLE


def registry_paragraphs() -> set[str]:
    return {text for article in registry().articles() for text in article.paragraphs}


def words(document) -> str:
    parts = []
    for block in document.blocks:
        if isinstance(block, ItemList):
            parts += [f"{item.label} {item.text}" for item in block.items]
        elif isinstance(block, Signature):
            parts += list(block.lines)
        else:
            parts.append(block.text)
    return "\n".join(parts)


def refund_request(path):
    case = load_case(path).case
    return compose(case, assess(case), "refund-request")


@pytest.fixture(scope="module")
def example_letter():
    return refund_request(EXAMPLE / "case.yaml")


def test_title_header_and_page_label(example_letter):
    assert example_letter.title == "退款申请书"
    assert "3712456789012345678" in example_letter.header
    assert example_letter.page_label.format(1, 2) == "第 1 页 共 2 页"


def test_sections_are_numbered_in_order(example_letter):
    headings = [b.text for b in example_letter.blocks if isinstance(b, Heading)]
    assert headings == ["一、申请事项", "二、事实与经过", "三、申请理由", "四、法律依据", "五、答复期限与后续处理", "六、证据清单"]


def test_demand_amount_in_figures_and_capitals_and_deadline(example_letter):
    text = words(example_letter)
    assert "¥168.00（人民币壹佰陆拾捌元整）" in text
    assert "按原支付途径（支付宝，交易号2026112022001456780512345678）退回" in text
    assert "请贵方于2026年11月27日前办理退款并书面答复" in text


def test_facts_in_full_sentences(example_letter):
    text = words(example_letter)
    assert "申请人于2026年11月20日 21:14在淘宝“速达虚拟商品专营店”店铺下单购买“探探VIP会员12个月（兑换码）”" in text
    assert "订单号为3712456789012345678" in text and "交易号为2026112022001456780512345678" in text
    assert "2026年11月21日 09:30，在探探App内兑换时提示“兑换码无效或已被使用”" in text
    assert "申请人通过旺旺与贵方协商" in text


def test_addressee_and_masked_applicant(example_letter):
    plain = [b.text for b in example_letter.blocks if isinstance(b, Paragraph) and b.style == "plain"]
    assert plain[0] == "致：速达卡盟（淘宝店铺“速达虚拟商品专营店”）"
    assert "138****8000" in plain[2]
    text = words(example_letter)
    assert "13800138000" not in text and "110101199003074477" not in text
    assert "文三路" not in text  # the seller does not need the address


def test_evidence_listed_by_number(example_letter):
    lists = [b for b in example_letter.blocks if isinstance(b, ItemList)]
    evidence = lists[-1].items
    assert [i.label for i in evidence] == ["证据1", "证据2", "证据3", "证据4"]
    assert evidence[0].text.startswith("支付宝交易记录截图（支付宝App账单详情页，2026年11月20日）：证明")


def test_quotes_are_verbatim_registry_text(example_letter):
    quotes = [b.text for b in example_letter.blocks if isinstance(b, Quote)]
    assert quotes, "the refund request quotes its legal basis"
    registry_texts = registry_paragraphs()
    for quote in quotes:
        assert quote.startswith("“") and quote.endswith("”")
        assert quote[1:-1] in registry_texts


def test_signature_and_date(example_letter):
    signature = example_letter.blocks[-1]
    assert isinstance(signature, Signature)
    assert signature.lines == ("申请人：张三", "2026年11月24日")


def test_an_invalid_code_is_not_argued_as_a_seven_day_return(example_letter):
    text = words(example_letter)
    assert "第二十五条" not in text and "七日无理由退货办法" not in text
    assert "这是因商品质量问题退货，不是无理由退货" in text


@pytest.mark.parametrize("typed", ["{{ 7*7 }}", "#heading 假标题", "AT&T 公司 <w:p> ]]>", "{% raw %}x", "a | b #item"])
def test_user_text_is_data_never_template_or_structure(edited_case, typed):
    path = edited_case(("what: 卖家通过旺旺发送兑换码", f"what: '{typed}'"))
    document = refund_request(path)
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert "假标题" not in headings
    assert f"2026年11月20日 21:20，{typed}。" in words(document)


def test_not_delivered_says_so(edited_case):
    path = edited_case(("  delivered_at: 2026-11-20 21:20\n", ""), ("  - invalid_code", "  - not_delivered"))
    text = words(refund_request(path))
    assert "截至本申请书出具之日，贵方未向申请人交付所购商品。" in text
    assert "兑换码无法正常使用" not in text


def test_punitive_claim_shows_the_arithmetic(edited_case):
    path = edited_case(("  price: 168.00", "  price: 56.00"), ("  refund: 168.00", "  refund: 56.00"),
                       ("  punitive: false", "  punitive: true"), ("  - undisclosed_no_refund", "  - fraud"))
    text = words(refund_request(path))
    assert "增加赔偿¥500.00（人民币伍佰元整）" in text
    assert "商品价款¥56.00×3＝¥168.00，不足五百元，按五百元计" in text
    assert "以上合计¥556.00（人民币伍佰伍拾陆元整）" in text
    assert "向公安机关报案" in text


def test_routes_follow_channel_and_payment(edited_case):
    path = edited_case(("channel: taobao", "channel: wechat"), ("method: alipay", "method: wechat_pay"),
                       ("  store: 速达虚拟商品专营店\n", ""))
    text = words(refund_request(path))
    assert "申请淘宝客服介入" not in text and "通过微信支付投诉渠道申请处理" in text



def compose_with(tmp_path, template: str, extra=None):
    """Compose a document from a template written for the test, beside the shipped terms."""
    folder = tmp_path / "letters"
    (folder / "terms").mkdir(parents=True, exist_ok=True)
    if not (folder / "terms" / "zh_CN.yaml").exists():
        (folder / "terms" / "zh_CN.yaml").write_bytes((letters_folder() / "terms" / "zh_CN.yaml").read_bytes())
    (folder / "refund-request").mkdir(exist_ok=True)
    (folder / "refund-request" / "zh_CN.j2").write_text(template, encoding="utf-8")
    case = load_case(EXAMPLE / "case.yaml").case
    return compose(case, assess(case), "refund-request", (folder,), extra)


HEAD = "#title T\n#header H\n#pages {page}/{pages}\n"


def test_tables_rows_exhibits_and_stamp(tmp_path):
    document = compose_with(tmp_path, HEAD + "#table 序号:1 | 名称:3\n"
                            "{% for e in evidence %}\n#row {{ e.number }} | {{ e.title }}\n{% endfor %}\n"
                            "#exhibits\n#stamp 证据{number} 第{page}页 共{pages}页\n")
    table = document.blocks[0]
    assert table.columns == ("序号", "名称") and table.widths == (1.0, 3.0)
    assert table.rows[0] == ("1", "支付宝交易记录截图") and len(table.rows) == 4
    assert [e.number for e in document.exhibits] == [1, 2, 3, 4]
    assert document.exhibits[0].path.name == "payment.png" and document.exhibits[0].media == "image"
    assert document.exhibit_stamp.format(number=2, page=1, pages=3) == "证据2 第1页 共3页"


def test_extra_context_reaches_the_template(tmp_path):
    document = compose_with(tmp_path, HEAD + "页码 {{ pages[1] }}\n", extra={"pages": {1: "3-4"}})
    assert document.blocks == (Paragraph("页码 3-4"),)


@pytest.mark.parametrize("template, message", [
    ("#title T\n#header H\n", "missing #pages"),
    (HEAD + "#row a | b\n", "#row needs a #table"),
    (HEAD + "#table a:1 | b\n", "name:width"),
    (HEAD + "#frobnicate x\n", "unknown marker '#frobnicate'"),
    (HEAD + "{{ nonexistent }}\n", "nonexistent"),
])
def test_template_mistakes_are_reported(tmp_path, template, message):
    with pytest.raises(TemplateError, match=message):
        compose_with(tmp_path, template)


@pytest.mark.parametrize("probe", [
    "{{ evidence[0].file.read_text() }}",
    "{{ order.__class__.__mro__ }}",
    "{{ terms.channels.update({'taobao': 'x'}) }}",
    "{{ problems.append('fraud') }}",
])
def test_templates_reach_only_plain_data(tmp_path, probe):
    """A template (shipped or a user's own) can read the documented context and nothing else."""
    with pytest.raises(TemplateError):
        compose_with(tmp_path, HEAD + probe + "\n")


def test_templates_still_read_properties_and_paths_as_text(tmp_path):
    document = compose_with(tmp_path, HEAD + "{{ order.on_platform }} {{ evidence[0].file }} "
                                      "{{ damages.minimum_applied }}\n")
    assert document.blocks == (Paragraph("True evidence/payment.png False"),)


def test_timeline_and_contacts_are_told_in_time_order():
    case = load_case(EXAMPLE.parent / "pdd-visa" / "case.yaml").case
    text = words(compose(case, assess(case), "complaint-12315"))
    moments = ["2026年11月15日 21:05", "2026年11月15日 21:10", "2026年11月16日 09:40", "2026年11月18日 10:00",
               "2026年11月18日 10:05"]
    positions = [text.index(moment + "，") for moment in moments]
    assert positions == sorted(positions)
