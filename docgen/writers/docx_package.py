"""Byte-stable .docx packages: the same parts always make the same zip file.

python-docx stamps every zip entry with the clock; :func:`normalise_zip` rewrites a saved
package with one fixed timestamp, a fixed entry order and fixed compression.
"""
from __future__ import annotations

from datetime import date
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

_LEADING_ENTRIES = ("[Content_Types].xml", "_rels/.rels")
_ZIP_FIRST_DAY = date(1980, 1, 1)
_ZIP_LAST_DAY = date(2107, 12, 31)
_COMPRESS_LEVEL = 6


def normalise_zip(data: bytes, day: date) -> bytes:
    """Rewrite the zip ``data`` so that its bytes depend only on its entries and ``day``.

    Every entry gets ``day`` at 00:00 as its time (clamped to the range zip can hold),
    the content types and package relationships come first and the other entries
    follow sorted by name, all deflated at one level with no platform attributes.
    """
    stamp = _zip_timestamp(day)
    out = BytesIO()
    with ZipFile(BytesIO(data)) as source, ZipFile(out, "w") as target:
        for name in sorted(source.namelist(), key=_entry_order):
            info = _entry_info(name, stamp)
            target.writestr(info, source.read(name), compresslevel=_COMPRESS_LEVEL)
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
