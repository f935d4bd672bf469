"""Check that a quotation or figure is printed on the page the paper cites.

Why: a background paper lives on quotations and figures ("UNODC counted 14 477 victims", p. 23).
This finds the text on the page with that printed label, tolerant of how PDFs set text (see
:mod:`pipeline.textkey`), and says where on the page it is. When the text is not on the cited
page it never passes silently: it lists the pages where it does occur, else the passage of the
cited page that comes closest, so a wrong page number and a misquotation look different.
"""
from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pdfplumber.page import Page

from pipeline.pdf.document import MAX_PAGES, Document, open_pdf
from pipeline.textkey import Keyed, fold, keyed, pattern


@dataclass(frozen=True)
class QuoteResult:
    """Where ``text`` was looked for and what was found; JSON-ready through :meth:`as_dict`."""

    found: bool
    page_index: int
    page_label: str
    bbox: tuple[float, float, float, float] | None = None
    matched_text: str | None = None
    elsewhere: list[tuple[int, str]] = field(default_factory=list)
    closest: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Match:
    """Text found on a page: the union of its glyph boxes and the text as the page prints it."""

    bbox: tuple[float, float, float, float]
    text: str


def find_quote(pdf_path: str | Path, page_label: str | int, text: str, *,
               max_pages: int = MAX_PAGES) -> QuoteResult:
    """Look for ``text`` on the page printed ``page_label`` of ``pdf_path``.

    ``page_label`` is the label printed on the page (the document's /PageLabels, else its
    number). ``bbox`` is the union of the matched glyphs' boxes in pdfplumber coordinates
    (x0, top, x1, bottom; points from the page's top-left).
    """
    query = keyed(list(text))
    if not query.key:
        raise ValueError("empty quotation: nothing to look for")
    with open_pdf(pdf_path, max_pages=max_pages) as document:
        index = document.index_of_label(page_label)
        page = document.page(index)
        label = document.label(index)
        match = locate(page, query)
        if match:
            return QuoteResult(True, index, label, match.bbox, match.text)
        elsewhere = _search_other_pages(document, index, query)
        closest = None if elsewhere else closest_passage(page, text)
        return QuoteResult(False, index, label, elsewhere=elsewhere, closest=closest)


def locate(page: Page, query: Keyed) -> Match | None:
    """The first place ``query`` (see :func:`pipeline.textkey.keyed`) occurs on ``page``."""
    tuples = page.get_textmap().tuples
    page_key = keyed([piece for piece, _ in tuples])
    hit = pattern(query.key).search(page_key.key)
    if hit is None:
        return None
    indices = page_key.pieces_between(hit.start(), hit.end())
    chars = [tuples[i][1] for i in indices if tuples[i][1] is not None]
    bbox = (
        min(c["x0"] for c in chars),
        min(c["top"] for c in chars),
        max(c["x1"] for c in chars),
        max(c["bottom"] for c in chars),
    )
    shown = "".join(piece for piece, _ in tuples[indices[0] : indices[-1] + 1])
    return Match(tuple(round(v, 2) for v in bbox), " ".join(shown.split()))


def _search_other_pages(document: Document, cited: int, query: Keyed) -> list[tuple[int, str]]:
    return [
        (index, document.label(index))
        for index, page in document.pages()
        if index != cited and locate(page, query)
    ]


def closest_passage(page: Page, text: str) -> str | None:
    """The run of words on ``page`` most like ``text`` (difflib ratio on folded text)."""
    words = page.extract_text().split()
    width = len(text.split())
    if not words or not width:
        return None
    target = "".join(fold(c) for c in " ".join(text.split()))
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    best, best_ratio = None, -1.0
    for start in range(max(1, len(words) - width + 1)):
        window = " ".join(words[start : start + width])
        matcher.set_seq1("".join(fold(c) for c in window))
        if matcher.real_quick_ratio() > best_ratio and matcher.quick_ratio() > best_ratio:
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
    return best
