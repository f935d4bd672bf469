"""PDF sources: check quotations against their page, extract tables with their provenance.

    find_quote(pdf, page_label, text)            -> QuoteResult   (pipeline.pdf.quote)
    extract_table(pdf, page_number, bbox=...)    -> tidy DataFrame (pipeline.pdf.table)
    write_table(frame, "out.csv")                -> CSV grid + settings sidecar (pipeline.pdf.export)

Every unreadable PDF raises a :class:`~pipeline.pdf.errors.PdfError`.

A toolkit beside the stages, used by the claims check (:mod:`pipeline.analysis.claims`) and the
``python -m pipeline pdf`` CLI. May import: the basics only.
"""
from pipeline.pdf.errors import PdfError
from pipeline.pdf.export import write_table
from pipeline.pdf.quote import QuoteResult, find_quote
from pipeline.pdf.table import extract_table

__all__ = ["PdfError", "QuoteResult", "extract_table", "find_quote", "write_table"]
