"""A matching key for text as documents print it and as authors retype it.

Why: a sentence quoted from a document rarely equals the text the document yields. The PDF breaks lines
(and words, with a hyphen), sets "fi" as one ligature glyph, uses curly quotes, no-break and thin
spaces, and writes "14 477" where the paper writes "14,477". Both sides are reduced to the same
key: Unicode compatibility folding (ligatures, odd spaces), one form of quote and dash, lower case,
every number rewritten in one canonical form by :func:`pipeline.numbers.parse_number`, and all
white space removed. Each key character remembers which source pieces (for a page: the characters
pdfplumber read; for a plain text: its characters) it came from, so a match in the key maps back
to glyphs and their boxes, or to a span of the text (:func:`find`). Nothing here is specific to
PDFs: the PDF toolkit and the check of plain-text documents share it.

A hyphen that ends a line becomes an optional marker: "traf-|ficking" matches "trafficking" and
"self-|exploitation" still matches "self-exploitation".
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.numbers import NumberFormatError, parse_number

#: Stands for a hyphen at a line end (or a soft hyphen): it may or may not be in the quote.
SOFT_HYPHEN = "\x00"

_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u00ad": SOFT_HYPHEN,
    }
)

#: Digit groups ("14 477", "1,022", "5.000", "2 000.5") or a plain or decimal number.
_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:[ ,.']\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\d])")


@dataclass(frozen=True)
class Keyed:
    """``key`` plus, for each of its characters, the indices of the source pieces it came from."""

    key: str
    sources: tuple[tuple[int, ...], ...]

    def pieces_between(self, start: int, end: int) -> list[int]:
        """Source piece indices behind key characters ``start:end``, sorted."""
        return sorted({i for source in self.sources[start:end] for i in source})


def fold(text: str) -> str:
    """One piece of text in the form both sides are compared in (not yet compacted)."""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD).lower()
    return " " if folded.isspace() else folded


def keyed(pieces: Sequence[str]) -> Keyed:
    """The key of a run of text given as pieces (a page's characters, or a quote's letters).

    A piece that is a newline marks a line break (pdfplumber's text map inserts them).
    """
    spaced: list[tuple[str, tuple[int, ...]]] = []
    for index, piece in enumerate(pieces):
        folded = fold(piece)
        if folded == "-" and _ends_line(pieces, index):
            folded = SOFT_HYPHEN
        for char in folded:
            if char == " " and spaced and spaced[-1][0] == " ":
                continue
            spaced.append((char, (index,)))
    spaced = _canonical_numbers(spaced)
    kept = [(char, source) for char, source in spaced if not char.isspace()]
    return Keyed("".join(c for c, _ in kept), tuple(s for _, s in kept))


def find(text: str, query: Keyed) -> tuple[int, int] | None:
    """The span ``text[start:end]`` where ``query`` (a :func:`keyed` quotation) first occurs."""
    if not query.key:
        return None
    text_key = keyed(list(text))
    hit = pattern(query.key).search(text_key.key)
    if hit is None:
        return None
    pieces = text_key.pieces_between(hit.start(), hit.end())
    return pieces[0], pieces[-1] + 1


def pattern(query_key: str) -> re.Pattern[str]:
    """A regex finding ``query_key`` in a page key, skipping optional line-end hyphens."""
    parts = ["[-\x00]" if c in "-" + SOFT_HYPHEN else re.escape(c) for c in query_key]
    return re.compile(f"{re.escape(SOFT_HYPHEN)}?".join(parts))


def _ends_line(pieces: Sequence[str], index: int) -> bool:
    for piece in pieces[index + 1 :]:
        if piece == "\n":
            return True
        if not piece.isspace():
            return False
    return False


def _canonical_numbers(spaced: list[tuple[str, tuple[int, ...]]]) -> list[tuple[str, tuple[int, ...]]]:
    text = "".join(c for c, _ in spaced)
    out: list[tuple[str, tuple[int, ...]]] = []
    done = 0
    for match in _NUMBER.finditer(text):
        canonical = _canonical(match.group())
        if canonical is None:
            continue
        out.extend(spaced[done : match.start()])
        span = tuple(i for _, source in spaced[match.start() : match.end()] for i in source)
        out.extend((char, span) for char in canonical)
        done = match.end()
    out.extend(spaced[done:])
    return out


def _canonical(number: str) -> str | None:
    try:
        value = parse_number(number).value
    except NumberFormatError:
        return None
    if value is None:
        return None
    return str(int(value)) if value.is_integer() else repr(value)
