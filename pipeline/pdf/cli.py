"""``python -m pipeline pdf ...``: check a quotation, extract a table.

Why a CLI: the Makefile and reviewers check a claim without opening a notebook:

    pdf quote FILE.pdf --page LABEL --text "..."     one JSON object; exit 0 found, 1 not found
    pdf table FILE.pdf --page N --bbox x0,top,x1,bottom --csv OUT.csv   (or --anchor TEXT)

A PDF that cannot be read, or an output that cannot be written, prints its problem to stderr
and exits 2 (as do usage errors). Relative paths are relative to the current folder, as in any
command.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from pipeline import paths
from pipeline.errors import OutputError
from pipeline.pdf.document import MAX_PAGES
from pipeline.pdf.errors import PdfError
from pipeline.pdf.export import write_table
from pipeline.pdf.quote import find_quote
from pipeline.pdf.table import STRATEGIES, extract_table

FOUND, NOT_FOUND, UNREADABLE = 0, 1, 2


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (PdfError, OutputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return UNREADABLE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline pdf", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    quote = commands.add_parser("quote", help="is this text on the page printed with this label?")
    quote.add_argument("file", type=Path)
    quote.add_argument("--page", required=True, help="the page label printed on the page (or its number)")
    quote.add_argument("--text", required=True, help="the quotation or figure, as the paper gives it")
    quote.add_argument("--max-pages", type=int, default=MAX_PAGES)
    quote.set_defaults(run=_quote)

    table = commands.add_parser("table", help="extract the table in a region of a page to CSV")
    table.add_argument("file", type=Path)
    table.add_argument("--page", required=True, type=int, help="page number, 1-based")
    region = table.add_mutually_exclusive_group()
    region.add_argument("--bbox", type=_bbox, help="x0,top,x1,bottom in points from the top-left")
    region.add_argument("--anchor", help="text of the caption or heading just above the table")
    table.add_argument("--csv", required=True, type=Path, help="output CSV (a grid)")
    table.add_argument("--strategy", choices=STRATEGIES, default="auto")
    table.add_argument("--max-pages", type=int, default=MAX_PAGES)
    table.set_defaults(run=_table)
    return parser


def _bbox(text: str) -> tuple[float, float, float, float]:
    parts = text.split(",")
    try:
        x0, top, x1, bottom = (float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected four numbers x0,top,x1,bottom, got {text!r}") from None
    if not all(math.isfinite(value) for value in (x0, top, x1, bottom)):
        raise argparse.ArgumentTypeError(f"expected four finite numbers x0,top,x1,bottom, got {text!r}")
    if x0 >= x1 or top >= bottom:
        raise argparse.ArgumentTypeError(f"need x0 < x1 and top < bottom, got {text!r}")
    return (x0, top, x1, bottom)


def _quote(args: argparse.Namespace) -> int:
    result = find_quote(args.file, args.page, args.text, max_pages=args.max_pages)
    print(json.dumps(result.as_dict(), ensure_ascii=False, allow_nan=False))
    return FOUND if result.found else NOT_FOUND


def _table(args: argparse.Namespace) -> int:
    frame = extract_table(args.file, args.page, bbox=args.bbox, anchor=args.anchor,
                          settings={"strategy": args.strategy}, max_pages=args.max_pages)
    csv_path, sidecar = write_table(frame, args.csv)
    rows = int(frame["row"].max()) + 1 if len(frame) else 0
    print(f"{paths.display(csv_path)}: {rows} rows, {len(frame)} cells "
          f"({frame.attrs['settings']['strategy_used']}); settings in {paths.display(sidecar)}")
    return 0
