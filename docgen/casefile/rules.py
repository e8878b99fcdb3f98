"""Checks that need more than one field of a case file (run after each field is valid)."""
from __future__ import annotations

from datetime import date
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from docgen.codes import CARD_METHODS, PLATFORM_CHANNELS
from docgen.errors import Problem
from docgen.i18n import _
from docgen.moments import as_datetime, end_of_day


def node_at(root: Node, path: str) -> Node:
    """The deepest node that exists along ``path`` (``order.price``, ``timeline[2].at``)."""
    node = root
    for part in path.replace("[", ".[").split("."):
        if part.startswith("[") and isinstance(node, SequenceNode):
            index = int(part[1:-1])
            if index >= len(node.value):
                break
            node = node.value[index]
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                if key.value == part:
                    node = value
                    break
            else:
                break
    return node


def check_consistency(values: dict[str, Any], root: Node, today: date) -> list[Problem]:
    """Problems between fields: contradictions, impossible dates, claims the facts do not carry."""
    found: list[tuple[str, str, str]] = []
    order, payment = values.get("order", {}), values.get("payment", {})
    claims, problems = values.get("claims", {}), values.get("problems", ())
    letter_date = values.get("letter_date", today)

    if claims.get("punitive") and "fraud" not in problems:
        found.append(("claims.punitive", _("the increased compensation (增加赔偿, 消法第五十五条) needs 'fraud' among the problems"),
                      _("add fraud to problems with evidence of deception, or set punitive: false")))
    if "refund" in claims and "price" in order and claims["refund"] > order["price"]:
        found.append(("claims.refund", _("asks for {refund}, more than the {price} paid").format(
            refund=claims["refund"], price=order["price"]), _("claim at most {field}").format(field="order.price")))
    if "undisclosed_no_refund" in problems and order.get("refund_terms_shown"):
        found.append(("problems", _("says the no-refund rule was not shown, but {field} is true").format(
            field="order.refund_terms_shown"), _("remove undisclosed_no_refund, or set refund_terms_shown: false")))
    for index, problem in enumerate(problems):
        if problem in problems[:index]:
            found.append((f"problems[{index}]", _("'{problem}' is listed twice").format(problem=problem),
                          _("keep it once")))
    exhibits = len(values.get("evidence", ()))
    for index, problem in enumerate(problems):
        for number in getattr(problem, "evidence", ()):
            if number > exhibits:
                found.append((f"problems[{index}].evidence", _("names 证据{number}, but the evidence lists {count}")
                              .format(number=number, count=exhibits),
                              _("give the numbers of entries under {field}").format(field="evidence:")))
    for index, contact in enumerate(values.get("contacts", ())):
        if contact.get("disclaimer") and "said" not in contact:
            found.append((f"contacts[{index}].disclaimer", _("is true, but the seller's words are not given"),
                          _("add {field} with the seller's exact words, or remove disclaimer").format(
                              field="said:")))
    method = payment.get("method")
    if method in CARD_METHODS and "card" not in payment:
        found.append(("payment.card", _("is missing; a {method} payment needs the card's issuer, network and last4")
                      .format(method=method), _("add card: with issuer, network and last4")))
    if method and method not in CARD_METHODS and "card" in payment:
        found.append(("payment.card", _("is only for credit_card or debit_card, not {method}").format(method=method),
                      _("remove card: or correct {field}").format(field="payment.method")))
    if order.get("platform_refused") and order.get("channel") not in PLATFORM_CHANNELS:
        found.append(("order.platform_refused", _("is true, but {channel} is not a platform").format(
            channel=order.get("channel")), _("set platform_refused: false, or correct {field}").format(
            field="order.channel")))
    ordered_at, delivered_at = order.get("ordered_at"), order.get("delivered_at")
    if ordered_at and delivered_at and delivered_at < ordered_at:
        found.append(("order.delivered_at", _("is before {field}").format(field="order.ordered_at"),
                      _("check both times")))
    if order.get("activated") and "delivered_at" not in order:
        found.append(("order.activated", _("is true, but nothing was delivered (no delivered_at)"),
                      _("add {field}, or set activated: false").format(field="order.delivered_at")))
    moments = [("order.ordered_at", ordered_at), ("order.delivered_at", delivered_at),
               ("payment.paid_at", payment.get("paid_at"))]
    moments += [(f"timeline[{i}].at", e.get("at")) for i, e in enumerate(values.get("timeline", ()))]
    moments += [(f"contacts[{i}].at", c.get("at")) for i, c in enumerate(values.get("contacts", ()))]
    for path, moment in moments:
        if moment and as_datetime(moment) > end_of_day(letter_date):
            found.append((path, _("is after the letter date {date}").format(date=letter_date.isoformat()),
                          _("check the date, or set letter_date")))
    return [Problem(path, node_at(root, path).start_mark.line + 1, message, fix) for path, message, fix in found]
