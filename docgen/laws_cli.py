"""``docgen laws``: list and show the statute articles docgen can cite.

It lives outside the :mod:`docgen.laws` package and imports the statute data inside the
commands, so ``docgen --help`` (which lists this group) stays as light as the rest of the
command line.
"""
from __future__ import annotations

import json
from datetime import datetime

import click

from docgen.i18n import LANGUAGES


@click.group()
def laws() -> None:
    """The statute articles docgen can cite, quoted verbatim."""


@laws.command("list")
@click.option("--law", metavar="SLUG", help="Only this law (slug, e.g. consumer-protection-law-2013, or short name, e.g. 消法).")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="Only articles in force on DATE (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: a list with one object per 款 (paragraph) with the keys law, title, "
                   "short, article, label, paragraph (its number, from 1), text, effective, repealed.")
def list_command(law: str | None, on: datetime | None, as_json: bool) -> None:
    """List the articles docgen can cite."""
    from docgen.laws.registry import registry

    reg = registry()
    try:
        articles = reg.articles(law)
    except LookupError as exc:
        raise click.BadParameter(str(exc), param_hint="--law") from None
    if on is not None:
        articles = tuple(a for a in articles if a.in_force(on.date()))
    if as_json:
        rows = [
            {
                "law": a.instrument.slug,
                "title": a.instrument.title,
                "short": a.instrument.short,
                "article": a.number,
                "label": a.label,
                "paragraph": number,
                "text": text,
                "effective": a.instrument.effective.isoformat(),
                "repealed": a.instrument.repealed.isoformat() if a.instrument.repealed else None,
            }
            for a in articles
            for number, text in enumerate(a.paragraphs, start=1)
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for a in articles:
        inst = a.instrument
        until = f"–{inst.repealed.isoformat()}" if inst.repealed else ""
        click.echo(f"{a.ref}\t{inst.short}{a.label}\t{inst.effective.isoformat()}{until}\t"
                   f"{a.paragraphs[0][:24]}…")


@laws.command("show")
@click.argument("ref")
@click.option("--locale", type=click.Choice(LANGUAGES), default="zh_CN", show_default=True,
              help="The language of the lead-in; the article text is always the official Chinese.")
def show_command(ref: str, locale: str) -> None:
    """Show an article as a letter quotes it, e.g. 消法55 or 消法55(1)."""
    from docgen.laws.quote import quote_citations
    from docgen.laws.registry import registry
    from docgen.laws.rules import Citation

    try:
        passage = registry().resolve(ref)
    except LookupError as exc:
        raise click.BadParameter(str(exc), param_hint="REF") from None
    (quoted,) = quote_citations([Citation(passage.article, passage.paragraphs, {})], locale)
    inst = passage.article.instrument
    click.echo(quoted.lead)
    for text in quoted.texts:
        click.echo(f"“{text}”")
    click.echo(f"\nin force from: {inst.effective.isoformat()}")
    if inst.repealed:
        click.echo(f"repealed: {inst.repealed.isoformat()}")
    click.echo(f"source: {inst.source}")
