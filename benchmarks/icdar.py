"""Read the ICDAR 2013 table competition ground truth (``-reg.xml`` regions, ``-str.xml`` cells).

Why a module of its own: the benchmark should read the competition's files exactly as published,
quirks included, in one place. Quirks handled here: coordinates are PDF points from the page's
bottom-left and some carry stray characters ("26ß"); the "a"/"b" variants of a document (two
annotators' readings) share one PDF; a table drawn as several regions on one page (side-by-side
blocks) is one table whose regions shift their columns by ``col-increment`` (rows by
``row-increment``).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.adjacency import Cell


@dataclass(frozen=True)
class TableTruth:
    """One table (its part on one page) with the region to extract and the cells to expect."""

    document: str
    pdf: Path
    table: str
    page: int  # 1-based, as in the competition files
    region: tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points, origin bottom-left
    cells: tuple[Cell, ...]


def load(dataset: Path) -> list[TableTruth]:
    """Every table of every document in ``dataset`` that has both region and structure files."""
    tables = []
    for structure in sorted(dataset.glob("*-str.xml")):
        document = structure.name.removesuffix("-str.xml")
        regions = structure.with_name(f"{document}-reg.xml")
        pdf = _pdf_of(dataset, document)
        if regions.exists() and pdf is not None:
            tables.extend(_tables(document, pdf, regions, structure))
    return tables


def _pdf_of(dataset: Path, document: str) -> Path | None:
    base = re.sub(r"[a-z]$", "", document)
    for name in (document, base, base + "a"):
        if (dataset / f"{name}.pdf").exists():
            return dataset / f"{name}.pdf"
    return None


def _tables(document: str, pdf: Path, regions: Path, structure: Path) -> list[TableTruth]:
    boxes: dict[tuple[str, int], list[tuple[float, ...]]] = defaultdict(list)
    for table in ET.parse(regions).getroot().iter("table"):
        for region in table.iter("region"):
            boxes[(table.get("id"), int(region.get("page")))].append(_box(region))
    cells: dict[tuple[str, int], list[Cell]] = defaultdict(list)
    for table in ET.parse(structure).getroot().iter("table"):
        for region in table.iter("region"):
            key = (table.get("id"), int(region.get("page")))
            row_shift = int(region.get("row-increment", 0))
            col_shift = int(region.get("col-increment", 0))
            cells[key].extend(_cell(cell, row_shift, col_shift) for cell in region.iter("cell"))
    return [
        TableTruth(document, pdf, table_id, page, _union(boxes[(table_id, page)]),
                   tuple(cells[(table_id, page)]))
        for table_id, page in sorted(boxes, key=lambda key: (int(key[0]), key[1]))
        if cells.get((table_id, page))
    ]


def _cell(cell: ET.Element, row_shift: int, col_shift: int) -> Cell:
    row, col = int(cell.get("start-row")), int(cell.get("start-col"))
    end_row, end_col = int(cell.get("end-row", row)), int(cell.get("end-col", col))
    return Cell(row + row_shift, col + col_shift, cell.findtext("content") or "",
                end_row - row + 1, end_col - col + 1)


def _box(element: ET.Element) -> tuple[float, ...]:
    box = element.find("bounding-box")
    return tuple(float(re.sub(r"[^\d.\-]", "", box.get(key))) for key in ("x1", "y1", "x2", "y2"))


def _union(boxes: list[tuple[float, ...]]) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))
