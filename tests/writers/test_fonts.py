"""Font discovery and registration for the PDF writer."""
from __future__ import annotations

import dataclasses
import os
import shutil
import struct
import subprocess
from datetime import date
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from docgen.tree import Document, Heading, PageLabel, Paragraph, Signature
from docgen.writers import fonts
from docgen.errors import InputError
from docgen.writers.fonts import FontError, find_fonts, read_faces, register
from docgen.writers.pdf import write_pdf

UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
needs_uming = pytest.mark.skipif(not os.path.isfile(UMING), reason="fonts-arphic-uming is not installed")
needs_both = pytest.mark.skipif(
    not (os.path.isfile(UMING) and os.path.isfile(WQY)), reason="fonts-arphic-uming or fonts-wqy-zenhei missing"
)


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    """Each test discovers afresh, without DOCGEN_FONT from the environment."""
    monkeypatch.delenv("DOCGEN_FONT", raising=False)
    fonts._find_fonts.cache_clear()
    yield
    fonts._find_fonts.cache_clear()


def letter() -> Document:
    blocks = (Heading("一、事实"), Paragraph("本人购买的会员服务与宣传不符，现要求退款。"), Signature(("张三",)))
    return Document("complaint", "zh_CN", "投诉函", "张三", PageLabel("第 ", " 页 共 ", " 页"), blocks, "张三",
                    date(2024, 3, 20), "test-0002")  # fmt: skip


def cff_font(path: Path, family: str = "Fake Serif") -> Path:
    """A minimal OpenType file with CFF outlines: a header, a name table, an empty CFF table."""
    names = [(1, family.encode("utf-16-be")), (6, family.replace(" ", "").encode("utf-16-be"))]
    strings = b"".join(raw for _, raw in names)
    records, at = b"", 0
    for name_id, raw in names:
        records += struct.pack(">6H", 3, 1, 0x409, name_id, len(raw), at)
        at += len(raw)
    name = struct.pack(">3H", 0, len(names), 6 + len(records)) + records + strings
    directory_end = 12 + 16 * 2
    header = struct.pack(">4s4H", b"OTTO", 2, 0, 0, 0)
    header += struct.pack(">4sIII", b"CFF ", 0, directory_end + len(name), 4)
    header += struct.pack(">4sIII", b"name", 0, directory_end, len(name))
    path.write_bytes(header + name + b"\0" * 4)
    return path


@needs_both
def test_ming_body_and_hei_headings_are_found_and_embedded():
    found = find_fonts()
    assert (found.body, found.heading, found.embedded, found.warning) == ("UMingCN", "WenQuanYiZenHei", True, None)
    assert "AR PL UMing CN" in found.description


def test_found_once_per_process():
    assert find_fonts() is find_fonts()


def test_no_fc_list_per_document(monkeypatch):
    fonts._fontconfig_files.cache_clear()
    calls = []
    run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or run(*a, **k))
    for _ in range(3):
        write_pdf(letter())
    assert len(calls) == (1 if shutil.which("fc-list") else 0)


def test_faces_are_ranked_by_family_name_not_by_index():
    def face(index: int, family: str) -> fonts.Face:
        return fonts.Face("x.ttc", index, (family,), family.replace(" ", ""), True)

    faces = [face(0, "AR PL UMing TW"), face(1, "WenQuanYi Zen Hei Mono"), face(2, "WenQuanYi Zen Hei"),
             face(3, "AR PL UMing CN")]  # fmt: skip
    assert min(faces, key=lambda f: fonts._rank(f, fonts.SERIF_PREFERENCE)).families == ("AR PL UMing CN",)
    assert min(faces, key=lambda f: fonts._rank(f, fonts.SANS_PREFERENCE)).families == ("WenQuanYi Zen Hei",)


@needs_uming
def test_name_tables_are_read():
    faces = read_faces(UMING)
    assert [face.families[0] for face in faces] == ["AR PL UMing CN", "AR PL UMing HK", "AR PL UMing TW",
                                                    "AR PL UMing TW MBE"]  # fmt: skip
    assert all(face.truetype for face in faces)


@needs_uming
def test_single_collection_serves_both_roles():
    found = fonts._discover(list(reversed(read_faces(UMING))), {})
    assert (found.body, found.heading, found.embedded) == ("UMingCN", "UMingCN", True)


@needs_uming
@pytest.mark.parametrize("selector", ["#AR PL UMing TW", "#ar pl uming tw", "#UMingTW", "#2"])
def test_override_selects_a_face_by_name_or_index(selector):
    found = find_fonts(UMING + selector)
    assert (found.body, found.heading, found.embedded) == ("UMingTW", "UMingTW", True)


@needs_uming
def test_environment_variable_and_override_order(monkeypatch):
    monkeypatch.setenv("DOCGEN_FONT", UMING + "#AR PL UMing HK")
    assert find_fonts().body == "UMingHK"
    assert find_fonts(UMING + "#0").body == "UMingCN"
    monkeypatch.setenv("DOCGEN_FONT", "/no/such/font.ttf")
    with pytest.raises(FontError, match=r"DOCGEN_FONT: /no/such/font\.ttf: no such font file"):
        find_fonts()


def test_override_errors_name_the_path_and_the_reason(tmp_path):
    with pytest.raises(FontError, match=r"font override: /no/such/font\.ttf: no such font file"):
        find_fonts("/no/such/font.ttf")
    text = tmp_path / "notes.ttf"
    text.write_text("not a font at all")
    with pytest.raises(FontError, match=rf"{text}: not a TrueType/OpenType font"):
        find_fonts(str(text))
    cff = cff_font(tmp_path / "serif.otf")
    with pytest.raises(FontError, match=rf"{cff}#0\): no TrueType outlines \(CFF"):
        find_fonts(str(cff))
    assert issubclass(FontError, InputError)  # the CLI reports it with exit code 2


@needs_uming
def test_override_errors_for_missing_faces():
    with pytest.raises(FontError, match=r"uming\.ttc: no face #7, the file has 4"):
        find_fonts(UMING + "#7")
    with pytest.raises(FontError, match=r"no face named 'Nope' \(it has: AR PL UMing CN; "):
        find_fonts(UMING + "#Nope")


@needs_both
def test_cff_candidates_are_skipped(tmp_path):
    candidates = [*read_faces(str(cff_font(tmp_path / "serif.otf"))), *read_faces(WQY)]
    found = fonts._discover(candidates, {})
    assert (found.body, found.heading, found.embedded) == ("WenQuanYiZenHei", "WenQuanYiZenHei", True)


def test_fallback_without_fonts_is_builtin_and_says_so(monkeypatch, tmp_path):
    (face,) = read_faces(str(cff_font(tmp_path / "s.otf")))
    monkeypatch.setattr(fonts, "_candidates", lambda: ([face, dataclasses.replace(face, index=1)], {}))
    found = find_fonts()
    assert (found.body, found.heading, found.embedded) == ("STSong-Light", "STSong-Light", False)
    assert found.warning and "\n" not in found.warning
    assert "STSong-Light" in found.warning and found.warning.count("no TrueType outlines (CFF") == 1  # once a file


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts is not installed")
def test_fallback_pdf_uses_the_builtin_font_unembedded(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(write_pdf(letter(), fonts._discover([], {})))
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert [(row.split()[0], row.split()[-5]) for row in rows] == [("STSong-Light", "no")]


@needs_both
def test_a_postscript_name_taken_by_another_font_is_refused():
    # leaves "UMingTWMBE" registered as WenQuanYi for this process: no other test uses it
    pdfmetrics.registerFont(TTFont("UMingTWMBE", WQY))  # someone else took the name
    with pytest.raises(FontError, match="PostScript name"):
        register(read_faces(UMING)[3])


@needs_uming
def test_registration_happens_once():
    face = read_faces(UMING)[0]
    font = pdfmetrics.getFont(register(face))
    assert pdfmetrics.getFont(register(face)) is font


@needs_uming
def test_embedded_subsets_are_those_reportlab_makes_itself():
    face = pdfmetrics.getFont(register(read_faces(UMING)[0])).face
    plain = TTFontFace(UMING, subfontIndex=0)
    for subset in (sorted(plain.charToGlyph)[::97][:255], [ord(c) for c in "退款申请书，。（）《》“”No.0123"]):
        assert face.makeSubset(subset) == plain.makeSubset(subset)


def test_font_errors_speak_the_users_language(tmp_path):
    from docgen.i18n import set_language
    from docgen.writers.fonts import FontError, _face_from_spec

    not_a_font = tmp_path / "notes.ttf"
    not_a_font.write_text("# notes", encoding="utf-8")
    set_language("zh_CN")
    try:
        with pytest.raises(FontError, match="字体文件不存在"):
            _face_from_spec(str(tmp_path / "missing.ttf"))
        with pytest.raises(FontError, match="不是 TrueType/OpenType 字体"):
            _face_from_spec(str(not_a_font))
        set_language("en_US")
        with pytest.raises(FontError, match="no such font file"):
            _face_from_spec(str(tmp_path / "missing.ttf"))
    finally:
        set_language(None)
