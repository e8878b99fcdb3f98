"""What the 12315 complaint says, in the consumer's language, for a case whose letters are not
in Chinese: the complaint itself is always written in Chinese (:data:`docgen.codes.FORM_LOCALES`),
so ``docgen check`` tells the consumer what they are about to sign."""
from __future__ import annotations

import re

from docgen.advice import reference
from docgen.assess import Assessment
from docgen.casefile import Case
from docgen.codes import document_locale
from docgen.formatting import format_money
from docgen.i18n import _, language

KIND = "complaint-12315"
_LATIN = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")
"""Two Latin words in a row: text written in a Latin script (a brand name alone is not)."""


def complaint_summary(case: Case, assessment: Assessment) -> tuple[str, ...]:
    """The complaint's parties, requests, office, articles and timing in the CLI's language, one
    line each; empty when the complaint is in the case's own language or does not apply."""
    dispute = assessment.dispute
    if KIND not in assessment.documents or document_locale(KIND, case.locale) == case.locale or dispute is None:
        return ()
    merchant, damages = case.merchant, assessment.damages
    lines = [_("The 12315 complaint is written in Chinese, whatever the case's language: the market regulator and "
               "its online form work in Chinese. In your language, it says:"),
             _("Complainant: {name}, {phone}, {address}.").format(
                 name=case.consumer.name, phone=case.consumer.phone, address=case.consumer.address)]
    address = merchant.address or _("unknown (the complaint says you could not obtain it)")
    lines.append(_("Respondent: {name}; address: {address}.").format(name=merchant.name, address=address))
    if case.order.on_platform and not merchant.address and dispute.operator:
        lines.append(_("Platform operator: {operator}, named as the one who must disclose the seller's real name, "
                       "address and contact details; the complaint asks the office of the operator's domicile to "
                       "handle it.").format(operator=dispute.operator.name or _("the operator of {channel}").format(
                           channel=case.order.channel)))
    requests = [_("a refund of {refund}").format(refund=format_money(damages.refund, language()))]
    if damages.punitive is not None:
        requests.append(_("increased compensation of {punitive}").format(
            punitive=format_money(damages.punitive, language())))
    requests.append(_("that the regulator handle the complaint and mediate"))
    if "fraud" in case.problems:
        requests.append(_("a report of suspected fraud"))
    lines.append(_("Requests: {requests}.").format(requests="; ".join(requests)))
    cited = [reference(c) for c in assessment.citations.get(KIND, ())]
    if cited:
        lines.append(_("Articles quoted: {articles}.").format(articles="、".join(cited)))
    if dispute.acceptance_basis:
        lines.append(_("Timing: the regulator decides within {days} working days whether to accept it ({basis}).")
                     .format(days=dispute.acceptance_days, basis=dispute.acceptance_basis))
    typed = [case.order.product, *(e.what for e in case.timeline), *(c.summary for c in case.contacts),
             *(e.title for e in case.evidence)]
    if any(_LATIN.search(text) for text in typed):
        lines.append(_("Your own words (the product, timeline, contacts and evidence titles) are printed as you "
                       "typed them, here in a Latin script; the regulator's staff read Chinese: consider writing "
                       "them in Chinese before filing."))
    return tuple(lines)
