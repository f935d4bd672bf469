"""Extract one table from one PDF page as a tidy frame that says where every value came from.

Why tidy and long: each row of the frame is one cell with its grid position, its text as printed,
its number as :func:`pipeline.numbers.parse_number` reads it, the page (index and printed label)
and the box it was printed in, so any figure in the paper can be traced back to a spot on a page.
The settings actually used (the strategy chosen, every tolerance, the region) travel with the
frame in ``frame.attrs["settings"]`` and are meant to be written beside the output.

Strategy: ``"auto"`` uses the ruling lines when they form a grid holding the region's text
(:mod:`pipeline.pdf.ruled`), and text alignment otherwise (:mod:`pipeline.pdf.aligned`);
``"ruled"`` or ``"aligned"`` force one.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from statistics import median

import pandas as pd
from pdfplumber.page import Page

from pipeline import paths
from pipeline.numbers import NumberFormatError, parse_number
from pipeline.pdf import aligned, ruled
from pipeline.pdf.document import MAX_PAGES, open_pdf
from pipeline.pdf.errors import TableRegionError
from pipeline.pdf.grid import BBox, GridCell
from pipeline.pdf.quote import locate
from pipeline.textkey import keyed

DEFAULTS = {
    "strategy": "auto",
    "x_tolerance": 3,  # pdfplumber: letters closer than this (points) form one word
    "y_tolerance": 3,
    "anchor_gap": 2.0,  # below an anchor, the table ends where lines are this many times further apart than usual
    **aligned.DEFAULTS,
    "ruled": ruled.LINE_SETTINGS,
}
STRATEGIES = ("auto", "ruled", "aligned")
COLUMNS = ["row", "col", "row_span", "col_span", "text", "value",
           "page_index", "page_label", "x0", "top", "x1", "bottom"]


def extract_table(
    pdf_path: str | Path,
    page_number: int,
    bbox: BBox | None = None,
    anchor: str | None = None,
    settings: dict | None = None,
    *,
    max_pages: int = MAX_PAGES,
) -> pd.DataFrame:
    """The table on page ``page_number`` (1-based) inside ``bbox``, or below the text ``anchor``.

    ``bbox`` is (x0, top, x1, bottom) in pdfplumber coordinates (points from the page's top-left);
    with neither ``bbox`` nor ``anchor`` the whole page is read.
    """
    if bbox is not None and anchor is not None:
        raise ValueError("give bbox or anchor, not both")
    used = _settings(settings)
    path = Path(pdf_path)
    with open_pdf(path, max_pages=max_pages) as document:
        index = document.check_index(page_number - 1)
        label = document.label(index)
        page = document.page(index)
        region = _region(path, page, bbox, anchor, used)
        cropped = page.crop(region, strict=False)
        words = cropped.extract_words(x_tolerance=used["x_tolerance"], y_tolerance=used["y_tolerance"],
                                      extra_attrs=["size"])
        strategy, cells = _cells(cropped, words, used)
    frame = _frame(cells, index, label)
    frame.attrs["settings"] = {
        "pdf": paths.display(path),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "page_index": index,
        "page_label": label,
        "bbox": [round(v, 2) for v in region],
        "anchor": anchor,
        "strategy_used": strategy,
        "settings": used,
    }
    return frame


def _settings(settings: dict | None) -> dict:
    unknown = set(settings or {}) - set(DEFAULTS)
    if unknown:
        raise ValueError(f"unknown table settings {sorted(unknown)}; known: {sorted(DEFAULTS)}")
    used = {**DEFAULTS, **(settings or {})}
    if used["strategy"] not in STRATEGIES:
        raise ValueError(f"strategy must be one of {STRATEGIES}, not {used['strategy']!r}")
    return used


def _region(path: Path, page: Page, bbox: BBox | None, anchor: str | None, used: dict) -> BBox:
    x0, top, x1, bottom = page.bbox
    if bbox is not None:
        clipped = (max(bbox[0], x0), max(bbox[1], top), min(bbox[2], x1), min(bbox[3], bottom))
        if clipped[0] >= clipped[2] or clipped[1] >= clipped[3]:
            raise TableRegionError(
                path, f"bbox {tuple(bbox)} is not inside page {page.page_number} ({x0}, {top}, {x1}, {bottom})",
                "Give x0,top,x1,bottom in points from the page's top-left corner")
        return clipped
    if anchor is None:
        return page.bbox
    found = locate(page, keyed(list(anchor)))
    if found is None:
        raise TableRegionError(path, f"anchor text {anchor!r} is not on page {page.page_number}",
                               "Check the caption's wording and the page number, or give --bbox")
    return (x0, found.bbox[3], x1, _table_end(page, found.bbox[3], used))


def _table_end(page: Page, start: float, used: dict) -> float:
    """Where the text below an anchor stops being the table: the first unusually wide spacing
    between lines (``anchor_gap`` times the usual baseline-to-baseline distance)."""
    below = page.crop((page.bbox[0], start, page.bbox[2], page.bbox[3]), strict=False)
    words = below.extract_words(x_tolerance=used["x_tolerance"], y_tolerance=used["y_tolerance"],
                                extra_attrs=["size"])
    lines = aligned.text_lines(words, used["line_overlap"])
    if len(lines) < 3:
        return page.bbox[3]
    pitches = [b.bottom - a.bottom for a, b in zip(lines, lines[1:])]
    limit = used["anchor_gap"] * median(pitches)
    for line, after, pitch in zip(lines, lines[1:], pitches):
        if pitch > limit:
            return (line.bottom + after.top) / 2
    return page.bbox[3]


def _cells(cropped: Page, words: list[dict], used: dict) -> tuple[str, list[GridCell]]:
    if used["strategy"] in ("auto", "ruled"):
        cells = ruled.ruled_grid(cropped, words, used["ruled"])
        if cells is not None or used["strategy"] == "ruled":
            return "ruled", cells or []
    return "aligned", aligned.aligned_grid(words, used)


def _frame(cells: list[GridCell], index: int, label: str) -> pd.DataFrame:
    rows = [
        {"row": c.row, "col": c.col, "row_span": c.row_span, "col_span": c.col_span,
         "text": c.text, "value": _value(c.text), "page_index": index, "page_label": label,
         "x0": round(c.bbox[0], 2), "top": round(c.bbox[1], 2),
         "x1": round(c.bbox[2], 2), "bottom": round(c.bbox[3], 2)}
        for c in sorted(cells, key=lambda c: (c.row, c.col))
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["value"] = frame["value"].astype("Float64")
    return frame


def _value(text: str) -> float | None:
    try:
        return parse_number(text).value
    except NumberFormatError:
        return None
