#!/usr/bin/env python3
"""Generate ``letters/base.docx``, the house-style base template of the DOCX writer.

Usage: ``python tools/make_base_template.py [OUTPUT]`` (default: letters/base.docx).

The template is built with python-docx from its default document, stripped to what a
letter uses: only the styles below (no latent styles), no theme, numbering, custom XML,
thumbnail or Word 2010 style copy. The output is byte-identical on every run.
See tools/README-base-template.md for what a user may change in Word.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Mm, Pt, Twips
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from docgen.writers.docx_package import normalise_zip  # noqa: E402

OUTPUT = ROOT / "letters" / "base.docx"
TEMPLATE_DATE = date(2025, 1, 1)


@dataclass(frozen=True)
class Face:
    """A typeface pair: ``latin`` for ascii/hAnsi/cs text, ``east_asian`` for Han text."""

    latin: str
    east_asian: str


# The faces the PDF writer embeds on Debian (fonts-liberation2, fonts-arphic-uming,
# fonts-wqy-zenhei); the font table names the Windows faces a Word without them substitutes.
SONG = Face("Liberation Serif", "AR PL UMing CN")
HEI = Face("Liberation Sans", "WenQuanYi Zen Hei")
MONO = Face("Liberation Mono", "AR PL UMing CN")


@dataclass(frozen=True)
class Style:
    """One paragraph style of the house style; indents are in characters of ``size``."""

    name: str
    size: float
    face: Face = SONG
    base: str | None = "Normal"
    next_style: str | None = None
    builtin: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    line_spacing: float | None = None
    before: float = 0
    after: float = 0
    first_line: float = 0
    left: float = 0
    right: float = 0
    hanging: float = 0
    keep_next: bool = False
    keep_lines: bool = False
    outline_level: int | None = None
    rule_below: bool = False


BODY_PT = 12  # 小四
PARAGRAPH_STYLES = (
    Style("Normal", BODY_PT, base=None, builtin=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
          line_spacing=1.5),
    Style("Title", 18, HEI, next_style="Plain", builtin=True, align=WD_ALIGN_PARAGRAPH.CENTER,
          after=18, keep_next=True),
    Style("Heading 1", BODY_PT, HEI, next_style="Body Text", builtin=True, first_line=2, before=6,
          keep_next=True, keep_lines=True, outline_level=0),
    Style("Body Text", BODY_PT, next_style="Body Text", builtin=True, first_line=2),
    Style("Lead", BODY_PT, base="Body Text", next_style="Quote", keep_next=True, keep_lines=True),
    Style("Plain", BODY_PT, next_style="Body Text"),
    Style("Right", BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT),
    Style("Quote", BODY_PT, next_style="Body Text", builtin=True, left=2, right=2, before=3,
          after=3),
    Style("List", BODY_PT, builtin=True, left=5.5, hanging=3.5),
    Style("Note", 10.5, line_spacing=1.15, before=6),
    Style("Code", 9, MONO, align=WD_ALIGN_PARAGRAPH.LEFT, line_spacing=1.15),
    Style("Signature", BODY_PT, base="Right", builtin=True, keep_next=True, keep_lines=True),
    Style("Table Text", 10.5, align=WD_ALIGN_PARAGRAPH.LEFT, line_spacing=1.0),
    Style("Table Heading", 10.5, HEI, base="Table Text", align=WD_ALIGN_PARAGRAPH.CENTER),
    Style("Header", 9, builtin=True, align=WD_ALIGN_PARAGRAPH.CENTER, line_spacing=1.0,
          rule_below=True),
    Style("Footer", 9, builtin=True, align=WD_ALIGN_PARAGRAPH.CENTER, line_spacing=1.0),
)
TABLE_STYLE = "Table Grid"

# fontTable: each face with the Windows face a Word without it uses instead (altName), and the
# panose/charset (86 = GB2312) that let it pick a similar face.
FONT_TABLE = f"""<w:fonts {nsdecls("w")}>
<w:font w:name="AR PL UMing CN"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/>\
<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="WenQuanYi Zen Hei"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/>\
<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="Liberation Serif"><w:altName w:val="Times New Roman"/><w:panose1 w:val="02020603050405020304"/>\
<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="Liberation Sans"><w:altName w:val="Arial"/><w:panose1 w:val="020B0604020202020204"/>\
<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="Liberation Mono"><w:altName w:val="Courier New"/><w:panose1 w:val="02070309020205020404"/>\
<w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
</w:fonts>"""

WORD = "http://schemas.microsoft.com/office/word"
SETTINGS = f"""<w:settings {nsdecls("w")}>
<w:zoom w:percent="100"/>
<w:defaultTabStop w:val="420"/>
<w:characterSpacingControl w:val="compressPunctuation"/>
<w:compat><w:doNotExpandShiftReturn/><w:useFELayout/>
<w:compatSetting w:name="compatibilityMode" w:uri="{WORD}" w:val="15"/>
<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="{WORD}" w:val="1"/>
<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="{WORD}" w:val="1"/>
<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="{WORD}" w:val="1"/>
</w:compat>
<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>
<w:decimalSymbol w:val="."/>
<w:listSeparator w:val=","/>
</w:settings>"""

APP_PROPERTIES = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>docgen</Application><DocSecurity>0</DocSecurity>'
    "</Properties>"
)

LANG = '<w:lang {} w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'.format(nsdecls("w"))
DOC_DEFAULTS = f"""<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>
<w:rFonts w:ascii="{SONG.latin}" w:eastAsia="{SONG.east_asian}" w:hAnsi="{SONG.latin}" \
w:cs="{SONG.latin}"/>
<w:sz w:val="{BODY_PT * 2}"/><w:szCs w:val="{BODY_PT * 2}"/>{LANG}
</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>"""

UNUSED_DOCUMENT_PARTS = (
    RT.CUSTOM_XML,
    RT.NUMBERING,
    RT.THEME,
    RT.WEB_SETTINGS,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
)
RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
PPR_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                  "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                  "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                  "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                  "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
TBLPR_SUCCESSORS = ("w:trPr", "w:tcPr", "w:tblStylePr")
TRPR_AFTER_TBLHEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
                        "w:trPrChange")

# The body: a loop over the document's blocks, one template paragraph per style.
BLOCK_PARAGRAPHS = (
    ("heading", "Heading 1"),
    ("body", "Body Text"),
    ("lead", "Lead"),
    ("plain", "Plain"),
    ("right", "Right"),
    ("note", "Note"),
    ("code", "Code"),
    ("quote", "Quote"),
)
HELP = ("{#p 模板说明（此段不会出现在信件中）：下面每个段落代表一种内容，它的段落样式决定信件的"
        "外观。请在 Word 的“样式”中修改样式，不要直接改段落格式；带花括号的标记请勿删改。#}")


def build() -> bytes:
    """The base template as .docx bytes."""
    document = Document()
    _drop_unused_parts(document)
    _write_styles(document)
    _write_package_parts(document)
    _set_page(document.sections[0])
    _write_header(document.sections[0])
    _write_footer(document.sections[0])
    _write_body(document)
    _blank_core_properties(document)
    buffer = BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue(), TEMPLATE_DATE)


def _drop_unused_parts(document: DocxDocument) -> None:
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in UNUSED_DOCUMENT_PARTS:
            part.rels.pop(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)


def _write_styles(document: DocxDocument) -> None:
    root = document.styles.element
    for child in list(root):
        root.remove(child)
    root.append(parse_xml(DOC_DEFAULTS))
    for spec in PARAGRAPH_STYLES:
        _add_paragraph_style(document, spec)
    _set_next_styles(document)
    _add_table_style(document)


def _add_paragraph_style(document: DocxDocument, spec: Style) -> None:
    style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH, builtin=spec.builtin)
    style.style_id = spec.name.replace(" ", "")  # Word's ids: "Header", not python-docx's "header"
    if spec.name == "Normal":
        style.element.set(qn("w:default"), "1")
    style.quick_style = True
    if spec.base:
        style.base_style = document.styles[spec.base]
    _set_run_properties(style, spec.face, spec.size, with_lang=spec.base is None)
    fmt = style.paragraph_format
    fmt.alignment = spec.align
    fmt.line_spacing = spec.line_spacing
    fmt.space_before = Pt(spec.before) if spec.before else None
    fmt.space_after = Pt(spec.after) if spec.after else None
    fmt.keep_with_next = spec.keep_next or None
    fmt.keep_together = spec.keep_lines or None
    _set_indents(style, spec)
    if spec.outline_level is not None:
        style.element.get_or_add_pPr().get_or_add_outlineLvl().val = spec.outline_level
    if spec.rule_below:
        _add_rule_below(style)


def _set_next_styles(document: DocxDocument) -> None:
    for spec in PARAGRAPH_STYLES:
        if spec.next_style:
            styles = document.styles
            styles[spec.name].next_paragraph_style = styles[spec.next_style]


def _set_run_properties(style: BaseStyle, face: Face, size: float, with_lang: bool) -> None:
    style.font.name = face.latin
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face.east_asian)
    fonts.set(qn("w:cs"), face.latin)
    if with_lang:
        rpr.insert_element_before(parse_xml(LANG), *RPR_AFTER_LANG)


def _set_indents(style: BaseStyle, spec: Style) -> None:
    """Indents in characters (w:*Chars, used by Word) and in twips (used elsewhere)."""
    if not (spec.left or spec.right or spec.first_line or spec.hanging):
        return
    char = spec.size * 20
    fmt = style.paragraph_format
    fmt.left_indent = Twips(round(spec.left * char))
    fmt.right_indent = Twips(round(spec.right * char))
    fmt.first_line_indent = Twips(round((spec.first_line - spec.hanging) * char))
    ind = style.element.pPr.ind
    for attribute, chars in (("leftChars", spec.left), ("rightChars", spec.right),
                             ("firstLineChars", spec.first_line),
                             ("hangingChars", spec.hanging)):
        if chars:
            ind.set(qn(f"w:{attribute}"), str(round(chars * 100)))
    if spec.hanging:
        fmt.tab_stops.add_tab_stop(Twips(round(spec.left * char)))


def _add_rule_below(style: BaseStyle) -> None:
    border = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="1" '
        'w:color="auto"/></w:pBdr>'
    )
    style.element.get_or_add_pPr().insert_element_before(border, *PPR_AFTER_PBDR)


def _add_table_style(document: DocxDocument) -> None:
    style = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE, builtin=True)
    style.quick_style = True
    _set_run_properties(style, SONG, 10.5, with_lang=False)
    edges = "".join(
        f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    table_properties = parse_xml(
        f'<w:tblPr {nsdecls("w")}><w:tblBorders>{edges}</w:tblBorders><w:tblCellMar>'
        '<w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
    )
    style.element.insert_element_before(table_properties, *TBLPR_SUCCESSORS)


def _write_package_parts(document: DocxDocument) -> None:
    part = document.part
    part.part_related_by(RT.SETTINGS)._element = parse_xml(SETTINGS)
    part.part_related_by(RT.FONT_TABLE)._blob = FONT_TABLE.encode("utf-8")
    part.package.part_related_by(RT.EXTENDED_PROPERTIES)._blob = APP_PROPERTIES.encode()


def _set_page(section: Section) -> None:
    """A4 portrait with the margins of a Chinese formal letter."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(15)
    for name in list(section._sectPr.attrib):  # Word's revision ids (w:rsid*)
        section._sectPr.attrib.pop(name)


def _write_header(section: Section) -> None:
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].add_run("{{ header }}")


def _write_footer(section: Section) -> None:
    """The page label texts around PAGE and NUMPAGES fields, as in 第 1 页 共 2 页."""
    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.add_run("{{ page_before }}")
    _add_field(paragraph, "PAGE")
    paragraph.add_run("{{ page_between }}")
    _add_field(paragraph, "NUMPAGES")
    paragraph.add_run("{{ page_after }}")


def _add_field(paragraph: Paragraph, instruction: str) -> None:
    paragraph.add_run()._r.append(_fld_char("begin"))
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(_fld_char("separate"))
    paragraph.add_run("1")
    paragraph.add_run()._r.append(_fld_char("end"))


def _fld_char(kind: str) -> BaseOxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _write_body(document: DocxDocument) -> None:
    add = document.add_paragraph
    add(HELP, "Note")
    add("{{ title }}", "Title")
    add("{%p for block in blocks %}", "Plain")
    keyword = "if"
    for kind, style in BLOCK_PARAGRAPHS:
        add(f'{{%p {keyword} block.type == "{kind}" %}}', "Plain")
        add("{{ block.text }}", style)
        keyword = "elif"
    add('{%p elif block.type == "list" %}', "Plain")
    add("{%p for item in block.items %}", "Plain")
    item = add("{{ item.label }}", "List")
    item.add_run().add_tab()
    item.add_run("{{ item.text }}")
    add("{%p endfor %}", "Plain")
    add('{%p elif block.type == "table" %}', "Plain")
    _add_table(document)
    add("", "Plain")
    add('{%p elif block.type == "signature" %}', "Plain")
    add("{%p for line in block.lines %}", "Plain")
    add("{{ line }}", "Signature")
    add("{%p endfor %}", "Plain")
    add("{%p endif %}", "Plain")
    add("{%p endfor %}", "Plain")


def _add_table(document: DocxDocument) -> None:
    """Header row and body rows, both looping over columns with {%tc %} and rows with {%tr %}."""
    table = document.add_table(rows=4, cols=3, style=TABLE_STYLE)
    table.autofit = False
    _fill_row(table, 0, "{%tc for column in block.columns %}", "{{ column }}", "Table Heading")
    table.cell(1, 0).paragraphs[0].text = "{%tr for row in block.rows %}"
    _fill_row(table, 2, "{%tc for cell in row %}", "{{ cell }}", "Table Text")
    table.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"
    _row_property(table, 0, "w:tblHeader", TRPR_AFTER_TBLHEADER)
    _row_property(table, 2, "w:cantSplit", ("w:trHeight", "w:tblHeader") + TRPR_AFTER_TBLHEADER)


def _fill_row(table: Table, row: int, loop: str, value: str, style: str) -> None:
    cells = table.rows[row].cells
    cells[0].paragraphs[0].text = loop
    cells[1].paragraphs[0].text = value
    cells[2].paragraphs[0].text = "{%tc endfor %}"
    for cell in cells:
        cell.paragraphs[0].style = style


def _row_property(table: Table, row: int, tag: str, successors: tuple[str, ...]) -> None:
    tr_pr = table.rows[row]._tr.get_or_add_trPr()
    tr_pr.insert_element_before(OxmlElement(tag), *successors)


def _blank_core_properties(document: DocxDocument) -> None:
    """No generator name or clock in the template; the writer fills these per letter."""
    props = document.core_properties
    for name in ("author", "category", "comments", "keywords", "last_modified_by", "subject",
                 "title"):
        setattr(props, name, "")
    props.revision = 1
    props.created = props.modified = datetime.combine(TEMPLATE_DATE, datetime.min.time())


def main(argv: list[str]) -> int:
    """Write the template to ``argv[0]`` or letters/base.docx; print path and size."""
    target = Path(argv[0]) if argv else OUTPUT
    data = build()
    target.write_bytes(data)
    print(f"{target}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
