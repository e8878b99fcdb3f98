"""Going to court: the element-style civil complaint (民事起诉状（买卖合同纠纷）, 2025 form).

``form-2025.yaml`` holds the form's printed words, ``rules.yaml`` the court rules (which
court, small claims, the court fee) with their sources; :func:`court_filing` decides, for one
case, where to sue, what the fee is likely to be and why docgen makes the complaint.
"""
from docgen.court.filing import CourtFiling, court_filing, court_reasons
from docgen.court.form import complaint_form, labels_in_order
from docgen.court.rules import CourtArticle, FeeEstimate, court_articles, estimate_fee
from docgen.court.venue import Venue, venue_from_address

__all__ = [
    "CourtArticle",
    "CourtFiling",
    "FeeEstimate",
    "Venue",
    "complaint_form",
    "court_articles",
    "court_filing",
    "court_reasons",
    "estimate_fee",
    "labels_in_order",
    "venue_from_address",
]
