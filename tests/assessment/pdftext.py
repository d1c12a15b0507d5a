"""Reading back what a PDF report says: its pages and its text, extracted from the PDF itself."""

from __future__ import annotations

import io
import re


def is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def pdf_text(data: bytes) -> tuple[int, str]:
    """(pages, text) of a PDF, with whitespace folded so phrases broken over lines still match."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)
