"""Tables without ruling lines: columns from how text aligns, rows from text lines.

Why: most statistical tables (all of UNODC's, most of ICDAR 2013) are drawn with few or no lines,
so pdfplumber's default line-based finder sees nothing. The steps:

1. drop dot leaders, group words into text lines (vertical overlap), attach list bullets;
2. find column gutters: x-ranges that the words of (almost) no line cover, counting only lines
   from the first one holding figures (headings span columns, data does not) and leaving out
   one-phrase lines (titles, notes); a few crossings are tolerated, but a sparse column inside
   a gutter splits it; a gutter that is only the aligned space of a phrase ("40 years") is
   dropped;
3. words of a line form one segment when they share columns or are one space apart (unless
   both are figures: monospaced tables set columns one space apart);
4. the header is the lines above the first holding a figure off the stub column (in a table of
   words only: above the first line with a stub); a header segment over several columns is a
   spanning cell on a level of its own, other header text is stacked per column into one cell
   that reaches up as far as no spanning cell covers it;
5. each body line is a row, except continuation lines (a wrapped text cell) which join the row
   above; a phrase over several figure columns (a sub-heading) spans them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

from pipeline.pdf.grid import BBox, GridCell, box, text_of, union

DEFAULTS = {
    "word_space": 0.7,  # a gap narrower than this many font sizes may be a space between words
    "gutter_min_width": 1.5,  # points
    "gutter_tolerance": 0.1,  # share of row-like lines allowed to cross a gutter
    "line_overlap": 0.5,  # vertical overlap (share of the smaller height) to share a text line
}

_LEADER = re.compile(r"[.\u2026\u00b7_=\-]{3,}$")
_NUMERIC = re.compile(r"[(\[]?[-+\u2212\u2013\u2014$€£]?\s?\d[\d,.\s]*[%MKBmkb]?[)\]]?[*†‡]?")
_BULLETS = {"\u2022", "\u25aa", "\u25e6", "\u2023", "\u25cf", "\u25a0"}
_JOINING = re.compile(r"([-,/(]|\b(and|or|of|the|to|in|for|with|by|on|a))$", re.IGNORECASE)
_YEAR = re.compile(r"(19|20)\d\d")


@dataclass
class Segment:
    words: list[dict]

    @property
    def bbox(self) -> BBox:
        return union(box(w) for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


@dataclass
class Line:
    words: list[dict]
    segments: list[Segment] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)


def aligned_grid(words: Sequence[dict], settings: dict) -> list[GridCell]:
    """Cells of the table formed by ``words`` (pdfplumber words with a ``size``)."""
    words = [w for w in (_without_leader(w) for w in words) if w is not None]
    if not words:
        return []
    lines = text_lines(words, settings["line_overlap"])
    for line in lines:
        line.words = _with_bullets_attached(line.words)
    size = median(w["size"] for w in words)
    space = settings["word_space"] * size
    voters = [line for line in _below_headings(lines) if not _is_phrase(line.words, space)] or lines
    gutters = _real_gutters(lines, _gutters(voters, settings), space)
    columns = _columns(lines, gutters)
    for line in lines:
        line.segments = _segments(line.words, columns, space)
    header = _header_length(lines, columns)
    cells, levels = _header_cells(lines[:header], columns)
    return cells + _body_cells(lines[header:], columns, first_row=levels)


def _without_leader(word: dict) -> dict | None:
    """The word without dot leaders or a typed rule ("Total ......", "-------"), if anything is left."""
    text = _LEADER.sub("", word["text"])
    if not text:
        return None
    if text == word["text"]:
        return word
    return {**word, "text": text, "x1": word["x0"] + (word["x1"] - word["x0"]) * len(text) / len(word["text"])}


def _with_bullets_attached(words: list[dict]) -> list[dict]:
    """A list bullet ("•") belongs to the item after it, however far it hangs out."""
    out: list[dict] = []
    for word in words:
        if out and out[-1]["text"] in _BULLETS:
            bullet = out.pop()
            word = {**word, "text": f"{bullet['text']} {word['text']}", "x0": bullet["x0"],
                    "top": min(bullet["top"], word["top"]), "bottom": max(bullet["bottom"], word["bottom"])}
        out.append(word)
    return out


def text_lines(words: Sequence[dict], overlap: float) -> list[Line]:
    """Words grouped into text lines (sharing ``overlap`` of their height), top to bottom."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        height = word["bottom"] - word["top"]
        for line in reversed(lines[-3:]):
            shared = min(line.bottom, word["bottom"]) - max(line.top, word["top"])
            if shared >= overlap * min(height, line.bottom - line.top):
                line.words.append(word)
                break
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return sorted(lines, key=lambda line: line.top)


def _below_headings(lines: list[Line]) -> list[Line]:
    """The lines from the first one with two figures on: headings span columns, data does not."""
    for index, line in enumerate(lines):
        if sum(_is_data(w["text"]) for w in line.words) >= 2:
            return lines[index:] if len(lines) - index >= 3 else lines
    return lines


def _is_phrase(words: list[dict], space: float) -> bool:
    """A run of words set one space apart, mostly not numbers: a title or a note, not a row."""
    if len(words) < 2 or any(b["x0"] - a["x1"] > space for a, b in zip(words, words[1:])):
        return False
    return sum(_is_data(w["text"]) for w in words) * 2 < len(words)


def _gutters(lines: list[Line], settings: dict) -> list[tuple[float, float]]:
    """Internal x-ranges that words of at most a tolerated share of the lines cover.

    The tolerance lets a few spanning headings cross a gutter; but a sparse column (figures in a
    few rows only) also has low coverage, so a gutter holding text with empty strips on both
    sides of it is split there: spanning text cannot leave such strips, a sparse column does.
    """
    left = min(w["x0"] for line in lines for w in line.words)
    right = max(w["x1"] for line in lines for w in line.words)
    step = 0.5
    coverage = [0] * (int((right - left) / step) + 2)
    for line in lines:
        covered = set()
        for w in line.words:
            covered.update(range(int((w["x0"] - left) / step), int((w["x1"] - left) / step) + 1))
        for i in covered:
            coverage[i] += 1
    allowed = max(int(settings["gutter_tolerance"] * len(lines)), 1 if len(lines) >= 3 else 0)
    minimum = settings["gutter_min_width"] / step
    gutters = []
    for start, end in _runs(coverage, allowed, minimum):
        empty = list(_runs(coverage[start:end], 0, minimum, inner=False))
        parts = [(start + a, start + b) for a, b in empty] if len(empty) >= 2 else [(start, end)]
        gutters.extend((left + a * step, left + b * step) for a, b in parts)
    return gutters


def _runs(counts: list[int], limit: int, minimum: float, inner: bool = True):
    """Index ranges where ``counts`` stays at or under ``limit`` for at least ``minimum`` steps
    (with ``inner``, only ranges with counts above the limit on both sides)."""
    start = None
    for i, count in enumerate(counts + [limit + 1]):
        if count <= limit and start is None:
            start = i
        elif count > limit and start is not None:
            if i - start >= minimum and not (inner and (start == 0 or i == len(counts))):
                yield start, i
            start = None


def _real_gutters(lines: list[Line], gutters: list[tuple[float, float]], space: float) -> list[tuple[float, float]]:
    """Drop gutters that are only aligned spaces inside a phrase ("40 years", "41 years", ...).

    A gutter is kept if some line has consecutive words that border it (one of them touches it)
    further apart than a word space, or no letter beside it (monospaced figures set one space
    apart are columns; "40 years" and "less than 80" are one cell).
    """
    phrase_like: list[bool | None] = [None] * len(gutters)
    for line in lines:
        for before, word in zip(line.words, line.words[1:]):
            for i, (g0, g1) in enumerate(gutters):
                straddles = before["x1"] <= g0 + 1 and word["x0"] >= g1 - 1
                if straddles and (before["x1"] >= g0 - 1 or word["x0"] <= g1 + 1):
                    phrase = word["x0"] - before["x1"] <= space and (
                        word["text"][0].isalpha() or before["text"][-1].isalpha())
                    phrase_like[i] = phrase and phrase_like[i] is not False
    return [g for g, phrase in zip(gutters, phrase_like) if not phrase]


def _columns(lines: list[Line], gutters: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Column extents: between consecutive gutters."""
    left = min(w["x0"] for line in lines for w in line.words)
    right = max(w["x1"] for line in lines for w in line.words)
    bounds = [left] + [edge for gutter in gutters for edge in gutter] + [right]
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]


def _segments(words: list[dict], columns: list[tuple[float, float]], space: float) -> list[Segment]:
    """Runs of words on one line: in the same columns, or one space apart (unless both figures)."""
    segments: list[Segment] = []
    last_cols: set[int] = set()
    for word in words:
        cols = set(_columns_of(Segment([word]), columns))
        if segments:
            before = segments[-1].words[-1]
            phrase = word["x0"] - before["x1"] <= space and not (_is_data(before["text"]) and _is_data(word["text"]))
            if cols == last_cols or phrase:
                segments[-1].words.append(word)
                last_cols |= cols
                continue
        segments.append(Segment([word]))
        last_cols = cols
    return segments


def _columns_of(segment: Segment, columns: list[tuple[float, float]]) -> list[int]:
    x0, _, x1, _ = segment.bbox
    hit = [i for i, (c0, c1) in enumerate(columns) if min(x1, c1) - max(x0, c0) > 0.5]
    if hit:
        return hit
    middle = (x0 + x1) / 2
    return [min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - middle))]


def _is_data(text: str) -> bool:
    return bool(_NUMERIC.fullmatch(text.strip())) and not _YEAR.fullmatch(text.strip())


def _header_length(lines: list[Line], columns: list[tuple[float, float]]) -> int:
    """Lines above the first one holding a number outside the stub column (less the stub-only
    lines just above it: section labels of the body) or, in a table of words only, above the
    first line with a stub (the heading's top-left corner is often empty)."""
    for index, line in enumerate(lines):
        if any(_is_data(s.text) and _columns_of(s, columns)[0] > 0 for s in line.segments):
            while index > 1 and all(_columns_of(s, columns) == [0] for s in lines[index - 1].segments):
                index -= 1
            return index if index <= len(lines) // 2 else 1
    for index, line in enumerate(lines):
        if any(_columns_of(s, columns)[0] == 0 for s in line.segments):
            return index if 1 <= index <= len(lines) // 2 else min(1, len(lines) - 1)
    return min(1, len(lines) - 1)


def _header_cells(lines: list[Line], columns) -> tuple[list[GridCell], int]:
    """Header cells and the number of grid rows they take."""
    spanning: list[list[tuple[list[int], Segment]]] = []
    leaves: dict[int, list[Segment]] = {}
    for line in lines:
        level = []
        for segment in line.segments:
            cols = _columns_of(segment, columns)
            if len(cols) > 1:
                level.append((cols, segment))
            else:
                leaves.setdefault(cols[0], []).append(segment)
        if level:
            spanning.append(level)
    cells = []
    covered: set[tuple[int, int]] = set()
    for row, level in enumerate(spanning):
        for cols, segment in level:
            cells.append(GridCell(row, cols[0], segment.text, segment.bbox, col_span=len(cols)))
            covered.update((row, c) for c in cols)
    leaf_row = len(spanning)
    for col, segments in sorted(leaves.items()):
        top = leaf_row
        while top > 0 and (top - 1, col) not in covered:
            top -= 1
        words = [w for s in segments for w in s.words]
        cells.append(GridCell(top, col, text_of(words), union(box(w) for w in words),
                              row_span=leaf_row - top + 1))
    return cells, (leaf_row + 1 if lines else 0)


def _body_cells(lines: list[Line], columns, first_row: int) -> list[GridCell]:
    """One row per line, except continuation lines (wrapped text) which join the row above.

    A phrase over several figure columns (a sub-heading) spans them, while text starting in the
    stub column stays there even if it runs on.
    """
    rows: list[dict[int, tuple[int, list[dict]]]] = []
    for line in lines:
        placed: dict[int, tuple[int, list[dict]]] = {}
        for segment in line.segments:
            cols = _columns_of(segment, columns)
            span = 1 if cols[0] == 0 else len(cols)
            placed.setdefault(cols[0], (span, []))[1].extend(segment.words)
        if rows and _continues(rows[-1], placed):
            for col, (_, words) in placed.items():
                rows[-1][col][1].extend(words)
        else:
            rows.append(placed)
    return [
        GridCell(first_row + r, col, text_of(words), union(box(w) for w in words), col_span=span)
        for r, placed in enumerate(rows)
        for col, (span, words) in sorted(placed.items())
    ]


def _continues(row: dict[int, tuple[int, list[dict]]], line: dict[int, tuple[int, list[dict]]]) -> bool:
    """Whether ``line`` only carries on text cells of ``row`` (a wrapped cell, not a new row).

    Every cell of the line must sit under a text cell of the row; a line with stub text carries
    on only when it reads as the rest of a phrase (starts in lower case, or the row's stub ends
    with a hyphen, a comma or a joining word).
    """
    for col, (span, words) in line.items():
        above = row.get(col)
        if span > 1 or above is None or _is_data(text_of(above[1])) or _is_data(text_of(words)):
            return False
    if 0 not in line:
        return True
    first = text_of(line[0][1])
    return first[:1].islower() or bool(_JOINING.search(text_of(row[0][1])))
