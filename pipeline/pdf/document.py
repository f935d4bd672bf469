"""Open a PDF safely and lazily: check it first, then hand out one page at a time.

Why not ``pdfplumber.open(path).pages``: that builds every page of the document up front (and
``PDF.close`` builds them again), so a 100 000-page file, or a damaged one, costs unbounded time
before we learn anything. Here the file is vetted cheaply (header, end-of-file marker, encryption,
the page count the page tree declares) and a page is parsed only when asked for, so every bad
input ends in a :class:`~pipeline.pdf.errors.PdfError` within bounded time and memory.

Pages are addressed by 0-based ``index`` in code and by printed ``label`` in citations: the label
comes from the catalog's /PageLabels number tree ("iv", "17", "A-3") and falls back to index + 1.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFNoPageLabels, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.pdf.errors import (
    NotAPdfError,
    PdfDamagedError,
    PdfEmptyError,
    PdfEncryptedError,
    PdfNotFoundError,
    PdfPageError,
    PdfTooManyPagesError,
    PdfTruncatedError,
)

#: Refuse documents whose page tree declares more pages than this (the longest report we cite
#: has a few hundred); pass ``max_pages`` to raise it for a document known to be that long.
MAX_PAGES = 5000

#: The PDF specification lets the header sit within the first 1024 bytes and readers look for
#: the end-of-file marker within the last 1024; a little slack for trailing whitespace.
_HEAD_BYTES = 1024
_TAIL_BYTES = 2048

_REDOWNLOAD = "Download it again and check its sha256 against sources/registry.yml"


class Document:
    """An opened, vetted PDF whose pages are parsed one at a time, on demand."""

    def __init__(self, path: Path, pdf: pdfplumber.PDF, page_count: int):
        self.path = path
        self.page_count = page_count
        self._pdf = pdf
        self._labels: list[str] | None = None

    @property
    def labels(self) -> list[str]:
        """The printed label of every page (index + 1 where the document defines none)."""
        if self._labels is None:
            try:
                declared = self._pdf.doc.get_page_labels()
                self._labels = list(itertools.islice(declared, self.page_count))
            except PDFNoPageLabels:
                self._labels = [str(i + 1) for i in range(self.page_count)]
        return self._labels

    def label(self, index: int) -> str:
        return self.labels[self.check_index(index)]

    def index_of_label(self, label: str | int) -> int:
        """The index of the first page printed with ``label``."""
        wanted = str(label).strip()
        for index, printed in enumerate(self.labels):
            if printed == wanted:
                return index
        shown = ", ".join(self.labels[:5]) + (" ... " + self.labels[-1] if self.page_count > 5 else "")
        raise PdfPageError(
            self.path,
            f"no page is labelled {wanted!r} (labels: {shown})",
            "Cite the page by the label printed on it, as listed",
        )

    def check_index(self, index: int) -> int:
        if not 0 <= index < self.page_count:
            raise PdfPageError(
                self.path,
                f"page {index + 1} requested but the document has {self.page_count} pages",
                f"Ask for a page from 1 to {self.page_count}",
            )
        return index

    def page(self, index: int) -> Page:
        """Page ``index`` (0-based), parsed now; the other pages are not touched."""
        self.check_index(index)
        for _, page in self._walk(start=index):
            return page
        raise PdfDamagedError(
            self.path,
            f"the page tree declares {self.page_count} pages but page {index + 1} is missing",
            _REDOWNLOAD,
        )

    def pages(self) -> Iterator[tuple[int, Page]]:
        """Every (index, page) in order, each page's caches released once the next is asked for."""
        for index, page in self._walk(start=0):
            yield index, page
            page.close()

    def _walk(self, start: int) -> Iterator[tuple[int, Page]]:
        tree = PDFPage.create_pages(self._pdf.doc)
        try:
            for index, page_obj in enumerate(itertools.islice(tree, start, self.page_count), start):
                yield index, Page(self._pdf, page_obj, page_number=index + 1)
        except (PdfminerException, RecursionError, ValueError, KeyError, TypeError) as error:
            raise PdfDamagedError(self.path, f"its page tree is broken ({error})", _REDOWNLOAD) from error

    def close(self) -> None:
        # Not PDF.close(): it would build every page just to close it.
        self._pdf.flush_cache()
        self._pdf.stream.close()


@contextmanager
def open_pdf(path: str | Path, *, max_pages: int = MAX_PAGES) -> Iterator[Document]:
    """Open ``path`` after checking it is a whole, readable PDF of 1 to ``max_pages`` pages."""
    path = Path(path)
    _check_bytes(path)
    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as wrapped:
        raise _explain(path, wrapped.args[0] if wrapped.args else wrapped) from wrapped
    document = Document(path, pdf, 0)
    try:
        document.page_count = _declared_page_count(path, pdf, max_pages)
        yield document
    finally:
        document.close()


def _check_bytes(path: Path) -> None:
    """Cheap checks on the raw bytes, before any parser spends time on them."""
    if not path.is_file():
        raise PdfNotFoundError(path, "no such file", "Check the path, or run `make sources` to fetch it")
    size = path.stat().st_size
    with path.open("rb") as stream:
        head = stream.read(_HEAD_BYTES)
        stream.seek(max(0, size - _TAIL_BYTES))
        tail = stream.read()
    if b"%PDF-" not in head:
        raise NotAPdfError(
            path,
            f"not a PDF: it starts with {head[:24]!r} instead of '%PDF-'"
            if head else "not a PDF: the file is empty (0 bytes)",
            "The download may have saved an error or login page; " + _REDOWNLOAD.lower(),
        )
    if b"%%EOF" not in tail:
        raise PdfTruncatedError(
            path,
            f"truncated: no end-of-file marker in its last {_TAIL_BYTES} bytes ({size} bytes in all)",
            "The download or copy was cut short. " + _REDOWNLOAD,
        )


def _explain(path: Path, error: object) -> Exception:
    if isinstance(error, PDFPasswordIncorrect):
        return PdfEncryptedError(
            path,
            "encrypted with a password",
            "Obtain an unencrypted copy from the publisher (we do not handle passwords)",
        )
    if isinstance(error, PDFEncryptionError):
        return PdfEncryptedError(path, f"encrypted in a way we cannot read ({error})",
                                 "Obtain an unencrypted copy from the publisher")
    return PdfDamagedError(path, f"damaged: {type(error).__name__}: {error}", _REDOWNLOAD)


def _declared_page_count(path: Path, pdf: pdfplumber.PDF, max_pages: int) -> int:
    """The page count, read from the root of the page tree without walking it."""
    try:
        root = resolve1(pdf.doc.catalog["Pages"])
        declared = resolve1(root.get("Count"))
    except (KeyError, AttributeError, TypeError) as error:
        raise PdfDamagedError(path, f"it has no page tree ({error!r})", _REDOWNLOAD) from error
    if not isinstance(declared, int):
        # No usable /Count: count by walking, but never further than the limit.
        tree = PDFPage.create_pages(pdf.doc)
        declared = sum(1 for _ in itertools.islice(tree, max_pages + 1))
    if declared <= 0:
        raise PdfEmptyError(path, "the document has no pages", "Check the file is the full publication")
    if declared > max_pages:
        raise PdfTooManyPagesError(
            path,
            f"its page tree declares {declared} pages, more than the limit of {max_pages}",
            "If the document really is that long, raise the limit (max_pages= or --max-pages)",
        )
    return declared
