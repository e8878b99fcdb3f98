"""How reportlab encodes a PDF's streams while docgen writes one: deflated by ISA-L
(python-isal) at level 2 where it is installed, else by zlib at its default level; never
wrapped in ASCII85.

Measured on the examples' letters (benchmarks/run.py): zlib's default level was 40% of a
letter's PDF time, mostly on the embedded font subsets; ISA-L level 2 halves the PDF's time
for 8% more bytes. ASCII85 (reportlab's default for page content and images) makes streams
a quarter larger and buys nothing in a binary file.

Both are process-wide reportlab settings, changed only inside :func:`docgen_streams`
(docgen writes one PDF at a time per process) and restored after it.
"""
from __future__ import annotations

import zlib
from contextlib import contextmanager
from typing import Callable, Iterator

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFZCompress


def _deflater() -> Callable[[bytes], bytes]:
    try:
        from isal import isal_zlib
    except ImportError:  # not on this platform or interpreter: zlib, slower, the same format
        return zlib.compress
    return lambda data: isal_zlib.compress(data, 2)


deflate = _deflater()
"""zlib-format compression as docgen's PDFs use it (a zlib stream, for FlateDecode)."""


def _encode(data: bytes | str) -> bytes:
    """reportlab's FlateDecode filter's ``encode``, by :data:`deflate`."""
    return deflate(data.encode("utf8") if isinstance(data, str) else data)


@contextmanager
def docgen_streams() -> Iterator[None]:
    """While the block runs, reportlab deflates streams with :data:`deflate` and writes no
    ASCII85."""
    ascii85, rl_config.useA85 = rl_config.useA85, 0
    PDFZCompress.encode = _encode  # the one filter object every FlateDecode stream uses
    try:
        yield
    finally:
        del PDFZCompress.encode
        rl_config.useA85 = ascii85
