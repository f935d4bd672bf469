"""Markdown the generated annexes share: pipe tables as Quarto and the fallback both read them.

A pipe table is followed by its caption line (``: Caption {#tbl-id}``), so that it is numbered
and can be cross-referenced like a hand-written one; identifiers may wrap after their dots and
underscores (:func:`breakable`), so that a narrow column does not overflow on a phone or an A4
page.
"""
from __future__ import annotations

import pandas as pd

_BREAKABLE = str.maketrans({".": ".\u200b", "_": "_\u200b", "/": "/\u200b", "-": "-\u200b"})


def cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def breakable(identifier: str) -> str:
    """An identifier (variable key, file name) that may wrap after its dots and underscores."""
    return identifier.translate(_BREAKABLE)


def pipe_table(frame: pd.DataFrame, caption: str, identifier: str,
               widths: list[int] | None = None) -> str:
    """A pipe table with a Quarto caption line, as both Quarto and the fallback read it;
    ``widths``: the columns' shares of the text width (Quarto's ``tbl-colwidths``), else equal."""
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(cell(value) for value in row) + " |" for row in frame.itertuples(index=False)]
    if widths is not None and len(widths) != len(frame.columns):
        raise ValueError(f"{identifier}: {len(widths)} widths for {len(frame.columns)} columns")
    attributes = f"#{identifier}" + (f' tbl-colwidths="[{",".join(map(str, widths))}]"' if widths else "")
    return "\n".join([header, rule, *rows, "", f": {caption} {{{attributes}}}", ""])
