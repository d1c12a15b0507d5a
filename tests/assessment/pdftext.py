"""Reading back what a PDF made by WeasyPrint says, without a PDF text extractor."""

from __future__ import annotations

import re


def is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def laid_out(html: str) -> tuple[int, str]:
    """(pages, text) of the layout WeasyPrint writes into the PDF for this HTML."""
    from weasyprint import CSS, HTML

    from ksdesk.assessment.report import _css

    document = HTML(string=html).render(stylesheets=[CSS(string=_css())])
    texts: list[str] = []

    def walk(box) -> None:
        if getattr(box, "text", None):
            texts.append(box.text)
        for child in getattr(box, "children", None) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return len(document.pages), re.sub(r"\s+", " ", " ".join(texts))
