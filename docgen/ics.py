"""The dates of ``docgen check`` as an iCalendar file (RFC 5545), for the consumer's calendar.

One all-day event for each date to act on: the seller's deadline to answer, the 12315
decision on a complaint filed on the letter date, the last day of the return for a defect
and of the card network's usual filing window; dates already over on the letter date are
left out (the report's warnings tell of them). Each event's title says what to do that day,
its description is the report's sentence about the date. Written with the ``icalendar``
package; the same report gives the same bytes (no clock: the stamp is the letter date, the
identifiers come from the case id).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import icalendar

from docgen.check import DateNote, Report
from docgen.formatting import format_day
from docgen.i18n import N_, _, language

PRODUCT = "-//docgen//docgen check//EN"

_TO_DO = {
    "seller_deadline": N_("Refund request: the seller's deadline to answer ends today. No refund or no answer: "
                          "take the next step of the route plan (docgen check)."),
    "complaint_acceptance": N_("12315: the regulator's decision on accepting a complaint filed on {letter_date} is "
                               "due today. Look in the 12315 app or website; if nothing came, call 12315."),
    "quality_return": N_("Return for a defect: last day of the period. Ask the seller for the return and the refund "
                         "today at the latest, and keep the record."),
    "card_dispute": N_("Card dispute: last day of the card network's usual filing window. File the dispute with "
                       "your card issuer today at the latest."),
}
"""What to do on each date, by the report's date key."""


def render_ics(report: Report) -> bytes:
    """The report's dates to act on, as the bytes of an .ics file."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    stamp = datetime.combine(report.letter_date, time(), timezone.utc)
    for note in report.dates:
        if note.key in _TO_DO and note.date is not None and not note.over:
            calendar.add_component(_event(report, note, note.date, stamp))
    return calendar.to_ical()


def _event(report: Report, note: DateNote, day: date, stamp: datetime) -> icalendar.Event:
    summary = _(_TO_DO[note.key]).format(letter_date=format_day(report.letter_date, language()))
    event = icalendar.Event()
    event.add("uid", f"{report.case_id}-{note.key}@docgen")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", (_("(estimate) ") if note.estimate else "") + summary)
    event.add("description", note.text)
    event.add("transp", "TRANSPARENT")
    return event
