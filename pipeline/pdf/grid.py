"""The shape both table strategies produce: cells on a grid, each with its span and its box.

Why a shared shape: ruled tables (:mod:`pipeline.pdf.ruled`) and unruled ones
(:mod:`pipeline.pdf.aligned`) are found in very different ways, but the tidy frame, the CSV and
the benchmark only need "this text sits at row r, column c, spans so many rows and columns, and
was printed in this box".
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom: pdfplumber's page coordinates


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    text: str
    bbox: BBox
    row_span: int = 1
    col_span: int = 1


def union(boxes: Iterable[BBox]) -> BBox:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def box(obj: dict) -> BBox:
    """The box of a pdfplumber object (char, word, line, rect)."""
    return (obj["x0"], obj["top"], obj["x1"], obj["bottom"])


def lines_of(words: Sequence[dict]) -> list[list[dict]]:
    """Words grouped into lines, top to bottom, each line left to right."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        if lines and lines[-1][0]["top"] <= middle <= lines[-1][0]["bottom"]:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def text_of(words: Sequence[dict]) -> str:
    """Words read in order: top to bottom by line, left to right within a line."""
    return " ".join(" ".join(w["text"] for w in line) for line in lines_of(words))
