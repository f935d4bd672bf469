"""The ICDAR 2013 table-structure metric: precision and recall of cell adjacency relations.

Why this metric: it is the one the ICDAR 2013 Table Competition (Göbel, Hassan, Oro, Orsi) used,
so our scores compare with published ones, and it judges structure rather than layout: a table is
right when every cell has the right neighbour to its right and below, whatever the pixel geometry.

For every non-empty cell, a relation is (direction, cell, next non-empty cell to its right) and
(direction, cell, next non-empty cell below), both cells given by their normalised content
(lower case, Unicode compatibility folding, no white space). A cell spanning rows (columns) looks
right (down) from each row (column) it covers; each distinct neighbour counts once. Relations are
compared as multisets. Everything here is pure: grids in, numbers out.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """A cell of a grid: top-left ``row``/``col`` (0-based) and how many rows/columns it spans."""

    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class Score:
    """Counts of relations: ``correct`` among ``found`` (extracted) and ``expected`` (truth)."""

    correct: int = 0
    found: int = 0
    expected: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.correct + other.correct, self.found + other.found,
                     self.expected + other.expected)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def normalise(text: str | None) -> str:
    """Content as the competition compared it: case and white space ignored."""
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


def grid_cells(rows: Sequence[Sequence[str | None]]) -> list[Cell]:
    """The cells of a plain grid (a list of rows), each spanning one row and one column."""
    return [Cell(r, c, text or "") for r, row in enumerate(rows) for c, text in enumerate(row)]


def relations(cells: Iterable[Cell]) -> Counter[tuple[str, str, str]]:
    """The multiset of (direction, cell, neighbour) relations of a table."""
    kept = [cell for cell in cells if normalise(cell.text)]
    at: dict[tuple[int, int], int] = {}
    for index, cell in enumerate(kept):
        for r in range(cell.row, cell.row + cell.row_span):
            for c in range(cell.col, cell.col + cell.col_span):
                at.setdefault((r, c), index)
    if not at:
        return Counter()
    last_row = max(r for r, _ in at)
    last_col = max(c for _, c in at)
    found: Counter[tuple[str, str, str]] = Counter()
    for index, cell in enumerate(kept):
        right = {_first(at, index, ((r, c) for c in range(cell.col + cell.col_span, last_col + 1)))
                 for r in range(cell.row, cell.row + cell.row_span)}
        below = {_first(at, index, ((r, c) for r in range(cell.row + cell.row_span, last_row + 1)))
                 for c in range(cell.col, cell.col + cell.col_span)}
        for direction, neighbours in (("right", right), ("below", below)):
            for neighbour in neighbours - {None}:
                found[(direction, normalise(cell.text), normalise(kept[neighbour].text))] += 1
    return found


def score(extracted: Iterable[Cell], truth: Iterable[Cell]) -> Score:
    """How many of the truth's relations the extracted table reproduces, and how many it invents."""
    got, want = relations(extracted), relations(truth)
    return Score(sum((got & want).values()), sum(got.values()), sum(want.values()))


def _first(at: dict[tuple[int, int], int], own: int, positions: Iterable[tuple[int, int]]) -> int | None:
    for position in positions:
        other = at.get(position)
        if other is not None and other != own:
            return other
    return None
