"""Parsed faces from docgen's cache are the faces reportlab parses, and give the same PDF."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from docgen.writers import font_cache
from docgen.writers.fonts import find_fonts

FONT = find_fonts()
pytestmark = pytest.mark.skipif(not FONT.embedded, reason="no TrueType CJK font on this machine")


@pytest.fixture
def font_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the body face's file, and a cache folder of this test's own."""
    from reportlab.pdfbase.pdfmetrics import getFont

    source = Path(getFont(FONT.body).face.filename)
    copy = tmp_path / ("face" + source.suffix)
    copy.write_bytes(source.read_bytes())
    monkeypatch.setattr(font_cache, "cache_folder", lambda part: tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    return copy


def _comparable(font: TTFont) -> dict:
    """Every attribute reportlab's parser gives a face (read, so that a cached face makes the
    ones it makes on demand), and the font's own."""
    parsed = vars(TTFont("Parsed", font.face.filename).face)
    face = {k: getattr(font.face, k) for k in parsed if k not in ("_ttf_data", "_pdfScale")}
    rest = {k: v for k, v in vars(font).items() if k not in ("face", "state", "encoding")}
    return {"face": face, "font": rest, "encoding": type(font.encoding), "state": type(font.state),
            "data": bytes(font.face._ttf_data[:4096]), "scale": [font.face._pdfScale(v) for v in (0, 1, 997, 2048)]}


def test_a_cached_face_equals_the_parsed_one(font_file: Path):
    parsed = font_cache.load_truetype("Body", str(font_file), 0)  # parses and stores
    assert len(list((font_file.parent / "cache").glob("*.pickle"))) == 1
    cached = font_cache.load_truetype("Body", str(font_file), 0)  # from the cache
    assert cached.face is not parsed.face
    assert _comparable(cached) == _comparable(TTFont("Body", str(font_file))) == _comparable(parsed)
    assert len(cached.face._ttf_data) == font_file.stat().st_size


def test_a_cached_face_makes_its_glyph_map_only_when_read(font_file: Path):
    font_cache.load_truetype("Body", str(font_file), 0)
    cached = font_cache.load_truetype("Body", str(font_file), 0)
    assert "glyphToChar" not in vars(cached.face) and "hmetrics" not in vars(cached.face)
    parsed = TTFont("Body", str(font_file)).face
    assert cached.face.glyphToChar == parsed.glyphToChar
    assert cached.face.hmetrics == parsed.hmetrics and cached.face.hmetrics[5] == parsed.hmetrics[5]
    assert len(cached.face.hmetrics) == len(parsed.hmetrics) and cached.face.hmetrics[-3:] == parsed.hmetrics[-3:]


def test_a_changed_font_file_is_parsed_anew(font_file: Path):
    font_cache.load_truetype("Body", str(font_file), 0)
    os.utime(font_file, ns=(0, 0))
    font_cache.load_truetype("Body", str(font_file), 0)
    assert len(list((font_file.parent / "cache").glob("*.pickle"))) == 2


def test_a_damaged_entry_is_parsed_anew(font_file: Path):
    font_cache.load_truetype("Body", str(font_file), 0)
    entry = next((font_file.parent / "cache").glob("*.pickle"))
    entry.write_bytes(b"not a pickle")
    font = font_cache.load_truetype("Body", str(font_file), 0)
    assert _comparable(font) == _comparable(TTFont("Body", str(font_file)))
    assert isinstance(pickle.loads(entry.read_bytes()), dict)  # stored again


def test_without_a_cache_folder_nothing_is_stored(font_file: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(font_cache, "cache_folder", lambda part: None)
    font = font_cache.load_truetype("Body", str(font_file), 0)
    assert font.face.numGlyphs > 1000
    assert not list((font_file.parent / "cache").iterdir())


def test_loading_from_the_cache_leaves_garbage_collection_as_it_was(font_file: Path):
    import gc

    font_cache.load_truetype("Body", str(font_file), 0)  # stores the entry
    gc.disable()
    try:
        font_cache.load_truetype("Body", str(font_file), 0)  # from the cache
        assert not gc.isenabled()
    finally:
        gc.enable()
    font_cache.load_truetype("Body", str(font_file), 0)
    assert gc.isenabled()
