"""Reading documents back as a recipient's software would: python-docx, pdftotext (or pypdf)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
from pypdf import PdfReader


def docx_text(path: Path) -> str:
    """The body paragraphs of a .docx, one per line."""
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def pdf_text(path: Path) -> str:
    """The text of a PDF: pdftotext where installed, pypdf otherwise."""
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                              capture_output=True, text=True).stdout
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def squeeze(text: str) -> str:
    """The text without any whitespace (line breaks in a PDF fall anywhere)."""
    return re.sub(r"\s+", "", text)
