"""Copy the articles docgen cites from the official texts into docgen/laws/data.

For every instrument named under ``instruments:`` in docgen/laws/rules.yaml, writes
docgen/laws/data/<slug>.md: the source file's front matter verbatim, then each article
that a rule cites (its ``## 第N条`` heading and all its lines, verbatim), in source order.
Files of instruments no longer listed are removed. The output depends only on the inputs.

    python tools/extract_laws.py --sources DIR    # DIR/<slug>.md: each instrument's text with its front matter
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.data_yaml import load_yaml  # noqa: E402
from docgen.laws.registry import article_label, parse_ref, split_law  # noqa: E402

RULES = ROOT / "docgen" / "laws" / "rules.yaml"
DATA = ROOT / "docgen" / "laws" / "data"
NOTE = ("<!-- Written by tools/extract_laws.py from {slug}.md, the text named above: only the articles "
        "docgen/laws/rules.yaml cites. Do not edit; edit rules.yaml and run the tool. -->")


def cited_articles(rules_text: str) -> dict[str, set[int]]:
    """The article numbers rules.yaml cites, by slug (every listed instrument present)."""
    table = load_yaml(rules_text)
    slugs = {str(alias): str(slug) for alias, slug in table["instruments"].items()}
    never = {(str(law), int(n)) for law, numbers in (table.get("not_quoted") or {}).items() for n in numbers}
    cited: dict[str, set[int]] = {slug: set() for slug in slugs.values()}
    for rule in table["rules"]:
        for ref in rule["cite"]:
            try:
                law, number, _ = parse_ref(str(ref))
            except LookupError as exc:
                raise SystemExit(f"rules.yaml: {exc}") from None
            if law not in slugs:
                raise SystemExit(f"rules.yaml cites {ref}: {law!r} is not under instruments:")
            if (law, number) in never:
                raise SystemExit(f"rules.yaml cites {ref}, which not_quoted forbids")
            cited[slugs[law]].add(number)
    unused = sorted(slug for slug, numbers in cited.items() if not numbers)
    if unused:
        raise SystemExit(f"rules.yaml lists instruments it never cites: {', '.join(unused)}")
    return cited


def extract(source_text: str, slug: str, numbers: set[int]) -> str:
    """The data file for one instrument: front matter plus the cited articles."""
    law = split_law(source_text)
    wanted = {article_label(n) for n in numbers}
    missing = wanted - {label for label, _ in law.articles}
    if missing:
        raise SystemExit(f"{slug}.md has no {', '.join(sorted(missing))}")
    parts = [f"---\n{law.front_matter}\n---\n\n{NOTE.format(slug=slug)}\n"]
    for label, lines in law.articles:
        if label in wanted:
            parts.append(f"\n## {label}\n\n" + "\n\n".join(lines) + "\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> None:
    """Write docgen/laws/data from the official texts and rules.yaml."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, required=True,
                        help="the folder of the official texts, one <slug>.md per instrument")
    args = parser.parse_args(argv)
    if not args.sources.is_dir():
        parser.error(f"no folder {args.sources}")
    cited = cited_articles(RULES.read_text(encoding="utf-8"))
    outputs = {
        slug: extract((args.sources / f"{slug}.md").read_text(encoding="utf-8"), slug, numbers)
        for slug, numbers in sorted(cited.items())
    }
    DATA.mkdir(exist_ok=True)
    for stale in sorted(DATA.glob("*.md")):
        if stale.stem not in outputs:
            stale.unlink()
            print(f"removed {stale.relative_to(ROOT)}")
    for slug, text in outputs.items():
        target = DATA / f"{slug}.md"
        target.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {target.relative_to(ROOT)}: {len(cited[slug])} articles")

if __name__ == "__main__":
    main()
