""".docx packages in and out: templates unzipped once, byte-stable zips written.

python-docx unzips its input on every open and stamps every zip entry it writes with the
clock. :func:`open_document` unzips each distinct template only once; :func:`package_zip`
zips a python-docx package directly, and :func:`normalise_zip` rewrites a saved one, both
with one fixed timestamp, a fixed entry order and fixed compression.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import OpcPackage, Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import PackageWriter
from docx.package import Package

_LEADING_ENTRIES = ("[Content_Types].xml", "_rels/.rels")
_ZIP_FIRST_DAY = date(1980, 1, 1)
_ZIP_LAST_DAY = date(2107, 12, 31)
_COMPRESS_LEVEL = 6
_UNZIPPED_TEMPLATES = 4


def open_document(data: bytes) -> DocxDocument:
    """python-docx's ``Document(BytesIO(data))``, unzipping each distinct ``data`` once.

    Only the unzipped entries are cached: every call builds its own parts from them, so
    one document's edits never reach another.
    """
    package = Package()
    Unmarshaller.unmarshal(_unzipped(data), package, PartFactory)
    part = package.main_document_part
    if part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"not a Word document: its content type is {part.content_type!r}")
    return part.document


@lru_cache(maxsize=_UNZIPPED_TEMPLATES)
def _unzipped(data: bytes) -> PackageReader:
    """Every part's bytes, content type and relationships, as python-docx reads them."""
    return PackageReader.from_file(BytesIO(data))


def package_zip(package: OpcPackage, day: date) -> bytes:
    """The zip of ``package``, as :func:`normalise_zip` would make of its saved file.

    The entries come from python-docx's own package writer, without the round trip
    through a clock-stamped zip.
    """
    parts = package.parts
    for part in parts:
        part.before_marshal()
    entries = _Entries()
    PackageWriter._write_content_types_stream(entries, parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, parts)
    return _zip(entries, day)


def normalise_zip(data: bytes, day: date) -> bytes:
    """Rewrite the zip ``data`` so that its bytes depend only on its entries and ``day``.

    Every entry gets ``day`` at 00:00 as its time (clamped to the range zip can hold),
    the content types and package relationships come first and the other entries
    follow sorted by name, all deflated at one level with no platform attributes.
    """
    with ZipFile(BytesIO(data)) as source:
        return _zip({name: source.read(name) for name in source.namelist()}, day)


class _Entries(dict[str, bytes]):
    """Stands in for python-docx's zip writer: collects each entry's bytes by name."""

    def write(self, uri: PackURI, blob: bytes) -> None:
        self[uri.membername] = blob


def _zip(entries: Mapping[str, bytes], day: date) -> bytes:
    """``entries`` zipped as :func:`normalise_zip` describes."""
    stamp = _zip_timestamp(day)
    out = BytesIO()
    with ZipFile(out, "w") as target:
        for name in sorted(entries, key=_entry_order):
            info = _entry_info(name, stamp)
            target.writestr(info, entries[name], compresslevel=_COMPRESS_LEVEL)
    return out.getvalue()


def _zip_timestamp(day: date) -> tuple[int, int, int, int, int, int]:
    day = min(max(day, _ZIP_FIRST_DAY), _ZIP_LAST_DAY)
    return (day.year, day.month, day.day, 0, 0, 0)


def _entry_order(name: str) -> tuple[int, str]:
    if name in _LEADING_ENTRIES:
        return (_LEADING_ENTRIES.index(name), name)
    return (len(_LEADING_ENTRIES), name)


def _entry_info(name: str, stamp: tuple[int, int, int, int, int, int]) -> ZipInfo:
    info = ZipInfo(name, date_time=stamp)
    info.compress_type = ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    return info
