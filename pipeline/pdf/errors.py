"""Errors for PDFs that cannot be read, each naming the file, the problem and what to do.

Why a hierarchy: the CLI and the notebooks catch :class:`PdfError` once and show its message,
while tests (and callers that want to retry a download) can tell a truncated file from an
encrypted one without parsing messages.
"""
from __future__ import annotations

from pathlib import Path

from pipeline import paths


class PdfError(Exception):
    """A PDF that cannot be used; the message says which file, what is wrong, what to do."""

    def __init__(self, path: str | Path, problem: str, advice: str):
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        super().__init__(f"{paths.display(self.path)}: {problem}. {advice}")


class PdfNotFoundError(PdfError):
    """The path does not exist or is not a file."""


class NotAPdfError(PdfError):
    """The file does not start with a PDF header (an HTML error page saved as .pdf, say)."""


class PdfTruncatedError(PdfError):
    """The file ends before its end-of-file marker: an interrupted download or copy."""


class PdfDamagedError(PdfError):
    """The file has a PDF header but its structure cannot be parsed."""


class PdfEncryptedError(PdfError):
    """The file is encrypted and cannot be opened without a password."""


class PdfEmptyError(PdfError):
    """The document has no pages."""


class PdfTooManyPagesError(PdfError):
    """The page tree declares more pages than the configured limit (guards time and memory)."""


class PdfPageError(PdfError):
    """A requested page number or label does not exist in the document."""


class TableRegionError(PdfError):
    """The table region asked for (a bounding box, or the anchor text above it) is not on the page."""
