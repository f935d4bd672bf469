"""The pipe tables of the generated annexes, as Quarto and the fallback both read them.

A pipe table is followed by its caption line (``: Caption {#tbl-id}``), so that it is numbered
and can be cross-referenced like a hand-written one; identifiers may wrap after their dots and
underscores (:func:`breakable`), so that a narrow column does not overflow on a phone or an A4
page. Every header, cell and caption is text unless the code wrote it as
:class:`pipeline.markup.Markdown` (a citation, a label's emphasis): a value from data is never
read as markup (:mod:`pipeline.markup`).
"""
from __future__ import annotations

import pandas as pd

from pipeline import markup
from pipeline.markup import Markdown

_BREAKABLE = str.maketrans({".": ".\u200b", "_": "_\u200b", "/": "/\u200b", "-": "-\u200b"})


def cell(value: object) -> Markdown:
    """A table cell: Markdown as the code wrote it, anything else as text (its ``|`` escaped too;
    a cell holds no list, so "p. 38" keeps pandoc's no-break space)."""
    return value if isinstance(value, Markdown) else markup.text(value, opening=False)


def breakable(identifier: str) -> str:
    """An identifier (variable key, file name) that may wrap after its dots and underscores."""
    return identifier.translate(_BREAKABLE)


def pipe_table(frame: pd.DataFrame, caption: object, identifier: str,
               widths: list[int] | None = None) -> Markdown:
    """A pipe table with a Quarto caption line, as both Quarto and the fallback read it;
    ``widths``: the columns' shares of the text width (Quarto's ``tbl-colwidths``), else equal."""
    if widths is not None and len(widths) != len(frame.columns):
        raise ValueError(f"{identifier}: {len(widths)} widths for {len(frame.columns)} columns")
    header = "| " + " | ".join(cell(name) for name in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(cell(value) for value in row) + " |" for row in frame.itertuples(index=False)]
    attributes = f"#{markup.identifier(identifier)}" + (
        f' tbl-colwidths="[{",".join(str(int(width)) for width in widths)}]"' if widths else "")
    return Markdown("\n".join([header, rule, *rows, "", f": {markup.of(caption)} {{{attributes}}}", ""]))
