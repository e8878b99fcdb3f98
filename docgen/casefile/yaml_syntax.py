"""YAML syntax errors in a case file, explained: the parser's words, the line, and a fix.

libyaml (the C parser) and ruamel.yaml's pure parser describe a broken file in their own
terms ("mapping values are not allowed here"). :func:`syntax_problem` names the line where
the mistake is, keeps the parser's text (to search the web for) and, in a language other
than English, explains it first; every known error gets a fix of its own.
:func:`dropped_prefixes` finds what the parser accepts but would silently change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from docgen.errors import Problem
from docgen.i18n import N_, _


@dataclass(frozen=True)
class _Syntax:
    """A YAML syntax error docgen explains: the parser's words for it, and the fix.

    ``said`` matches what libyaml (the C parser) or ruamel.yaml's pure parser says, context
    and problem together. ``words`` is libyaml's wording, marked for the catalogs: English
    shows the parser's own text, which needs no explaining; another language translates
    ``words`` into an explanation, shown before the parser's text in parentheses (the text
    to search the web for). ``at_start``: the line to name is where the parser began to read
    the token (an unclosed quote, a key without its colon), not where it gave up.
    """

    words: str
    said: re.Pattern[str]
    fix: str
    at_start: bool = False


_TAB = _Syntax(
    # TRANSLATORS: the YAML parser's words; explain them: the line holds a tab.
    N_("found a tab character that violates indentation"), re.compile(r"tab character|character '\\t'"),
    N_("replace the tab with spaces: a case file is indented with spaces only"))
_TOKEN = _Syntax(
    # TRANSLATORS: the YAML parser's words; explain them: a value starts with a character YAML reserves, like @ or `.
    N_("found character that cannot start any token"), re.compile(r"that cannot start any token"),
    N_("put the whole value in quotes"))
# Read top to bottom: the first that matches explains the error.
EXPLAINED = (
    _TAB,
    _TOKEN,
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a ': ' where YAML expects none.
        N_("mapping values are not allowed in this context"), re.compile(r"mapping values are not allowed"),
        N_("if the value holds ': ', put the whole value in quotes (or write the colon as '：'); otherwise check "
           "the indentation and the 'key: value' form of this line and the line above")),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a '- ' list entry where none can be.
        N_("block sequence entries are not allowed in this context"), re.compile(r"sequence entries are not allowed"),
        N_("write each list entry on its own line, starting with '- ' and indented under its key; put a value "
           "that starts with '-' in quotes")),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a value starts with '? ', read as a key.
        N_("mapping keys are not allowed in this context"), re.compile(r"mapping keys are not allowed"),
        N_("put the whole value in quotes")),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: the next key or entry of a level was expected.
        N_("did not find expected key"),
        re.compile(r"did not find expected key|did not find expected '-' indicator|expected <block end>"),
        N_("indent the keys of one level by the same number of spaces, here and in the lines above; a value "
           "holding quotes must be enclosed in the other kind of quotes, with nothing after the closing quote")),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: the line has no 'key: value' colon.
        N_("could not find expected ':'"), re.compile(r"could not find expected ':'"),
        N_("write the key, a colon and a space, then the value (the colon '：' does not count); a line "
           "continuing the value above must be indented more than its key"), at_start=True),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a quote opened on this line is never closed.
        N_("found unexpected end of stream"), re.compile(r"quoted scalar.*end of stream"),
        N_("close the quote at the end of the value"), at_start=True),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a backslash in double quotes starts an escape.
        N_("found unknown escape character"), re.compile(r"escape|hexdecimal"),
        N_("put the value in single quotes instead of double quotes, or write each \\ as \\\\")),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a value starts with * or &, read as an alias or anchor.
        N_("did not find expected alphabetic or numeric character"), re.compile(r"an alias|an anchor|undefined alias"),
        N_("put the whole value in quotes")),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a value starts with [ or { and is not closed.
        N_("did not find expected ',' or ']'"), re.compile(r"expected ',' or '[]}]'"),
        N_("put the whole value in quotes; a list in [ ] or a mapping in { } must be closed"), at_start=True),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a value starts with | or >, read as a block of text.
        N_("did not find expected comment or line break"), re.compile(r"block scalar"),
        N_("put the whole value in quotes; for text on several lines, end the line after '|' and indent the "
           "text below it")),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a value starts with !, read as a type tag.
        N_("did not find expected whitespace or line break"), re.compile(r"\ban? tag\b"),
        N_("put the whole value in quotes")),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a line starts with %, read as a directive.
        N_("found unexpected non-alphabetical character"),
        re.compile(r"directive|'<document start>'|incompatible YAML document"),
        N_("remove the '%' at the start of the line, or put the value in quotes")),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a second document follows a '---' line.
        N_("expected a single document in the stream"), re.compile(r"single document"),
        N_("keep one case in the file: remove the second '---' line and what follows it, or move that to a "
           "case file of its own")),
    _Syntax(
        # TRANSLATORS: the YAML parser's words; explain them: a value is missing, or starts with ] } or ,.
        N_("did not find expected node content"), re.compile(r"node content"),
        N_("put the whole value in quotes")),
)


def syntax_problem(error: MarkedYAMLError, text_: str) -> Problem:
    """A YAML syntax error as a problem with its line, explained where docgen knows it, and a fix."""
    context, problem = error.context or "", error.problem or ""
    # The parser's text: its problem, after a context that is part of the sentence
    # ("expected a single document in the stream, but found another document").
    original = problem if not context or context.startswith("while ") else f"{context}, {problem}".strip(", ")
    known = next((kind for kind in EXPLAINED if kind.said.search(f"{context}: {problem}")), None)
    marks = (error.context_mark, error.problem_mark)
    mark = next((m for m in (marks if known and known.at_start else marks[::-1]) if m is not None), None)
    line = mark.line + 1 if mark else None
    if known is _TOKEN and mark and _char_at(text_, mark) == "\t":
        known = _TAB  # libyaml does not say which character: a tab has a fix of its own
    if known is None:
        return Problem("", line, _("not valid YAML: {problem}").format(problem=original),
                       _("check the indentation and quotes on this line"))
    explanation = _(known.words)
    if explanation == known.words:  # the catalog words it as the parser does (English): nothing to add
        message = _("not valid YAML: {problem}").format(problem=original)
    else:
        message = _("not valid YAML: {explanation} ({problem})").format(explanation=explanation, problem=original)
    return Problem("", line, message, _(known.fix))


def _char_at(text_: str, mark: Any) -> str:
    """The character a parser's mark points at ("" past the end)."""
    lines = text_.split("\n")
    row = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    return row[mark.column:mark.column + 1]


_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq"))
"""Tags a case file may spell out (``!!str 0123``); any other (``!!python/object``, ``!!binary``,
``!local``) would be read as something else or silently left out, and is refused."""


def dropped_prefixes(root: Node, text_: str) -> list[Problem]:
    """Values that YAML would silently change: one starting with ``&`` (an anchor) or with
    ``!`` (a type tag other than the plain ones) loses that word, ``contact: &x 旺旺`` reads as ``旺旺``."""
    problems: list[Problem] = []

    def visit(node: Node, path: str) -> None:
        start = text_[node.start_mark.index : node.start_mark.index + 1]
        if start == "&" or (start == "!" and node.tag not in _PLAIN_TAGS):
            word = text_[node.start_mark.index :].split(maxsplit=1)[0]
            problems.append(Problem(path, node.start_mark.line + 1, _(
                "starts with {word}, which YAML reads as an anchor or a type tag and leaves out of the value").format(
                word=f"'{word}'"), _("put the whole value in quotes")))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                name = str(key.value) if isinstance(key, ScalarNode) else "?"  # the reader refuses such keys
                visit(value, f"{path}.{name}" if path else name)
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                visit(item, f"{path}[{index}]")

    visit(root, "")
    return problems
