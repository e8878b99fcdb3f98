"""Varied, realistic synthetic cases for the benchmark (deterministic for a seed).

Every channel, payment method and problem appears; about half the cases carry evidence
images (the small ones of the bundled example), the rest none. :func:`write_screenshot`
makes a phone-sized one for the figure of a bundle with real screenshots.
"""
from __future__ import annotations

import json
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from docgen.codes import CHANNELS, PAYMENT_METHODS, PROBLEMS

EXAMPLE_EVIDENCE = Path(__file__).resolve().parents[1] / "examples" / "tantan-taobao" / "evidence"
PRODUCTS = ["探探VIP会员12个月（兑换码）", "腾讯视频VIP年卡兑换码", "王者荣耀点券600（卡密）", "Soul超级星人季卡",
            "爱奇艺黄金会员月卡", "网易云音乐黑胶VIP年卡", "Steam钱包充值卡100元", "陌陌会员6个月"]
SURNAMES = "张王李赵刘陈杨黄周吴"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军"]
NETWORKS = ["unionpay", "visa", "mastercard"]


def _case(index: int, rng: random.Random, with_evidence: bool) -> dict:
    channel = CHANNELS[index % len(CHANNELS)]
    method = PAYMENT_METHODS[(index // len(CHANNELS)) % len(PAYMENT_METHODS)]
    problems = sorted({PROBLEMS[index % len(PROBLEMS)], rng.choice(["invalid_code", "not_delivered"])})
    fraud = "fraud" in problems
    price = f"{rng.randint(10, 600)}.{rng.choice(['00', '50', '99'])}"
    ordered = datetime(2026, 9, 1, 9, 0) + timedelta(minutes=rng.randint(0, 60 * 24 * 60))
    delivered = None if "not_delivered" in problems else ordered + timedelta(minutes=rng.randint(1, 90))
    payment: dict = {"method": method, "transaction_id": f"{rng.randint(10**27, 10**28 - 1)}",
                     "paid_at": ordered.strftime("%Y-%m-%d %H:%M")}
    if method in ("credit_card", "debit_card"):
        payment["card"] = {"issuer": rng.choice(["招商银行", "中国银行", "工商银行"]),
                           "network": rng.choice(NETWORKS), "last4": f"{rng.randint(0, 9999):04d}"}
    case = {
        "version": 1,
        "case_id": f"bench-{index:05d}",
        "letter_date": (ordered + timedelta(days=rng.randint(2, 20))).strftime("%Y-%m-%d"),
        "consumer": {"name": rng.choice(SURNAMES) + rng.choice(GIVEN), "phone": f"13{rng.randint(100000000, 999999999)}",
                     "address": f"浙江省杭州市西湖区文三路{rng.randint(1, 999)}号"},
        "merchant": {"name": rng.choice(["速达卡盟", "星辰数码", "乐享虚拟"]), "store": "虚拟商品专营店",
                     "contact": f"微信号 km{rng.randint(1000, 9999)}"},
        "order": {"channel": channel, "order_id": f"{rng.randint(10**18, 10**19 - 1)}",
                  "product": rng.choice(PRODUCTS), "price": price, "ordered_at": ordered.strftime("%Y-%m-%d %H:%M"),
                  "delivered_at": delivered.strftime("%Y-%m-%d %H:%M") if delivered else None,
                  "activated": False, "refund_terms_shown": False},
        "payment": payment,
        "problems": problems,
        "timeline": [{"at": (ordered + timedelta(hours=12)).strftime("%Y-%m-%d %H:%M"),
                      "what": "兑换时提示“兑换码无效或已被使用”" if delivered else "卖家承诺当天发货，但一直未发"}],
        "contacts": [{"at": (ordered + timedelta(days=1)).strftime("%Y-%m-%d"), "via": "聊天窗口",
                      "summary": "要求退款，卖家称虚拟商品概不退款"}],
        "claims": {"punitive": fraud, "respond_within_days": rng.choice([3, 5, 7])},
        "evidence": [],
    }
    if with_evidence:
        case["evidence"] = [
            {"title": "支付记录截图", "file": "evidence/payment.png", "kind": "payment", "proves": "证明已付款"},
            {"title": "聊天记录截图", "file": "evidence/chat.png", "kind": "chat", "proves": "证明卖家拒绝退款"},
        ]
    return case


def write_screenshot(path: Path, seed: int = 0) -> None:
    """A phone-sized chat screenshot (1080×2400 PNG, opaque RGBA as phones save them): grey
    title bar, white and green message bubbles with dark "text" bars."""
    rng = random.Random(seed)
    image = Image.new("RGBA", (1080, 2400), (237, 237, 237, 255))
    draw = ImageDraw.Draw(image)
    y = 140
    while y < 2250:
        mine = rng.random() < 0.5
        width, height = rng.randint(300, 800), rng.randint(90, 220)
        left = 1040 - width if mine else 40
        draw.rounded_rectangle((left, y, left + width, y + height), 20,
                               fill=(149, 236, 105, 255) if mine else (255, 255, 255, 255))
        for line in range(30, height - 40, 50):
            draw.rectangle((left + 30, y + line, left + rng.randint(width // 2, width - 30), y + line + 28),
                           fill=(25, 25, 25, 255))
        y += height + 40
    image.save(path)


def write_cases(folder: Path, count: int, seed: int = 20261125) -> list[Path]:
    """Write ``count`` case folders under ``folder``; return their case files."""
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        case_folder = folder / f"case-{index:05d}"
        case = _case(index, rng, with_evidence=index % 2 == 0)
        if case["evidence"]:
            shutil.copytree(EXAMPLE_EVIDENCE, case_folder / "evidence")
        case_folder.mkdir(parents=True, exist_ok=True)
        path = case_folder / "case.yaml"
        path.write_text(json.dumps(case, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
    return paths
