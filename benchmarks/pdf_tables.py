"""Benchmark our table extraction against pdfplumber and camelot on ICDAR 2013 (US documents).

Why: "our extractor is better" is a claim like any other in this project, so it is measured, with
the competition's own metric (:mod:`benchmarks.adjacency`), on its own ground truth
(:mod:`benchmarks.icdar`). Every method gets the same table region, padded by ``PAD`` points
because the competition's regions are glyph boxes rounded to whole points. A method that raises
on a table scores nothing for it; the error is counted, never raised.

    python -m benchmarks.pdf_tables [--dataset DIR] [--methods ours,pdfplumber,...] [--out JSON]

camelot is optional (``pip install camelot-py``): without it, its methods are skipped (and said so).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

from benchmarks import icdar
from benchmarks.adjacency import Cell, Score, grid_cells, score
from pipeline import paths
from pipeline.pdf.table import extract_table

DEFAULT_DATASET = paths.ROOT.parent / "shared" / "pdf-bench" / "icdar2013-us"
DEFAULT_OUT = paths.BUILD / "bench" / "pdf.json"
PAD = 2.0

#: A method: (pdf, 1-based page, region in PDF points (x1, y1, x2, y2), page height) -> cells.
Method = Callable[[Path, int, tuple[float, float, float, float], float], list[Cell]]


def _plumber_box(region, height):
    x1, y1, x2, y2 = region
    return (x1 - PAD, height - y2 - PAD, x2 + PAD, height - y1 + PAD)


def ours(pdf: Path, page: int, region, height: float) -> list[Cell]:
    frame = extract_table(pdf, page, bbox=_plumber_box(region, height))
    return [Cell(int(r.row), int(r.col), r.text, int(r.row_span), int(r.col_span))
            for r in frame.itertuples()]


def pdfplumber_default(pdf: Path, page: int, region, height: float) -> list[Cell]:
    with pdfplumber.open(pdf, pages=[page]) as document:
        cropped = document.pages[0].crop(_plumber_box(region, height), strict=False)
        return grid_cells(cropped.extract_table() or [])


def _camelot(flavor: str) -> Method:
    def run(pdf: Path, page: int, region, height: float) -> list[Cell]:
        import camelot  # optional: only the benchmark needs it

        x1, y1, x2, y2 = region
        area = f"{x1 - PAD},{y2 + PAD},{x2 + PAD},{y1 - PAD}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = camelot.read_pdf(str(pdf), pages=str(page), flavor=flavor, table_areas=[area])
        if not tables:
            return []
        largest = max(tables, key=lambda table: table.df.size)
        return grid_cells(largest.df.values.tolist())

    return run


METHODS: dict[str, Method] = {
    "ours": ours,
    "pdfplumber": pdfplumber_default,
    "camelot-lattice": _camelot("lattice"),
    "camelot-stream": _camelot("stream"),
}


@dataclass
class Result:
    score: Score = field(default_factory=Score)
    tables: int = 0
    errors: int = 0
    seconds: float = 0.0
    documents: dict[str, Score] = field(default_factory=dict)


def run(tables: list[icdar.TableTruth], methods: dict[str, Method]) -> dict[str, Result]:
    heights = {}
    for truth in tables:
        if (truth.pdf, truth.page) not in heights:
            with pdfplumber.open(truth.pdf, pages=[truth.page]) as document:
                heights[(truth.pdf, truth.page)] = float(document.pages[0].height)
    results = {name: Result() for name in methods}
    for name, method in methods.items():
        result = results[name]
        for truth in tables:
            started = time.perf_counter()
            try:
                cells = method(truth.pdf, truth.page, truth.region, heights[(truth.pdf, truth.page)])
            except Exception:  # noqa: BLE001 - a peer's crash scores zero, it does not stop the run
                cells, result.errors = [], result.errors + 1
            result.seconds += time.perf_counter() - started
            table_score = score(cells, truth.cells)
            result.score += table_score
            result.tables += 1
            result.documents[truth.document] = result.documents.get(truth.document, Score()) + table_score
    return results


def markdown(results: dict[str, Result]) -> str:
    lines = ["| method | precision | recall | F1 | tables | errors | seconds |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r.score.precision:.3f} | {r.score.recall:.3f} | {r.score.f1:.3f} "
                     f"| {r.tables} | {r.errors} | {r.seconds:.1f} |")
    return "\n".join(lines)


def as_json(results: dict[str, Result], dataset: Path) -> dict:
    def scores(s: Score) -> dict:
        return {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                "correct": s.correct, "found": s.found, "expected": s.expected}

    return {
        "dataset": paths.display(dataset),
        "metric": "ICDAR 2013 cell adjacency relations, micro-averaged",
        "padding_points": PAD,
        "methods": {
            name: {**scores(r.score), "tables": r.tables, "errors": r.errors,
                   "seconds": round(r.seconds, 2),
                   "documents": {doc: scores(s) for doc, s in sorted(r.documents.items())}}
            for name, r in results.items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pdf_tables", description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", type=paths.project_path, default=DEFAULT_DATASET)
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated, from: " + ", ".join(METHODS))
    parser.add_argument("--documents", default="", help="comma-separated document names (default: all)")
    parser.add_argument("--out", type=paths.project_path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    tables = icdar.load(args.dataset)
    if args.documents:
        tables = [t for t in tables if t.document in args.documents.split(",")]
    if not tables:
        parser.error(f"no ICDAR 2013 tables in {args.dataset}")
    unknown = set(args.methods.split(",")) - set(METHODS)
    if unknown:
        parser.error(f"unknown methods {sorted(unknown)}; known: {', '.join(METHODS)}")
    methods = {name: METHODS[name] for name in args.methods.split(",")}
    if importlib.util.find_spec("camelot") is None:
        skipped = [name for name in methods if name.startswith("camelot")]
        methods = {name: m for name, m in methods.items() if name not in skipped}
        if skipped:
            print(f"camelot is not installed (pip install camelot-py): skipping {', '.join(skipped)}\n")
    results = run(tables, methods)
    print(markdown(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(as_json(results, args.dataset), indent=2) + "\n", encoding="utf-8")
    print(f"\nper-document scores: {paths.display(args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
