"""Tables drawn with ruling lines: the lines are the grid.

Why trust the lines when they are there: a fully ruled table (the California WARN report) states
its cell boundaries exactly, merged cells included, and no reading of text alignment can do
better. pdfplumber's line-based table finder builds the cells; this module only decides whether
they really hold the table, and turns pdfplumber's cells into spans on a grid. They do when most
of the region's words fall inside the cells of one grid of at least two rows and two columns,
and most cells hold one line of text. Otherwise the lines are decoration: shaded backgrounds
drawn as boxes leave words outside any cell, and rules drawn every few rows (the banded FBI NICS
table) put several rows of figures in one "cell"; the text-alignment strategy reads those.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from pdfplumber.page import Page

from pipeline.pdf.grid import GridCell, lines_of, text_of

#: pdfplumber settings for the ruled strategy (recorded beside every output).
LINE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                 "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3}

#: Share of the region's words the cells of a ruled grid must hold to be taken as the table
#: (shaded cell backgrounds also draw "lines", and the grids they make leave words outside).
MIN_WORD_SHARE = 0.9
_EDGE_TOLERANCE = 1.0


def ruled_grid(page: Page, words: Sequence[dict], settings: dict = LINE_SETTINGS) -> list[GridCell] | None:
    """The cells of the ruled grid holding the words of ``page``, or ``None`` if there is none."""
    tables = page.find_tables(settings)
    if not tables or not words:
        return None
    table = max(tables, key=lambda t: (t.bbox[2] - t.bbox[0]) * (t.bbox[3] - t.bbox[1]))
    xs = _edges([c[0] for c in table.cells] + [c[2] for c in table.cells])
    ys = _edges([c[1] for c in table.cells] + [c[3] for c in table.cells])
    if len(xs) < 3 or len(ys) < 3:
        return None
    cells, placed, stacked = [], set(), 0
    for cell in table.cells:
        held = [w for w in words if cell[0] <= _cx(w) <= cell[2] and cell[1] <= _cy(w) <= cell[3]]
        placed.update(id(w) for w in held)
        stacked += len(lines_of(held)) > 1
        col, row = _index(xs, cell[0]), _index(ys, cell[1])
        cells.append(GridCell(row, col, text_of(held), tuple(cell),
                              row_span=max(1, _index(ys, cell[3]) - row),
                              col_span=max(1, _index(xs, cell[2]) - col)))
    filled = sum(1 for c in cells if c.text)
    if len(placed) < MIN_WORD_SHARE * len(words) or stacked > filled / 2:
        return None
    return cells


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    i = bisect_left(edges, value - _EDGE_TOLERANCE)
    return min(i, len(edges) - 1)


def _cx(word: dict) -> float:
    return (word["x0"] + word["x1"]) / 2


def _cy(word: dict) -> float:
    return (word["top"] + word["bottom"]) / 2
