"""The paper's generated annexes: partners, sources and data, and the provenance of every number.

They are Markdown tables written to ``paper/_generated/`` and included in the manuscript with
``{{< include >}}``, so the reader sees exactly what the build used: which partner list, which
files with which checksums (or that a table came from the committed snapshot), and for every
number in the prose, the table and filter that made it.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline import atomic, paths, registry, tables, variables

GENERATED = paths.PAPER / "_generated"


_BREAKABLE = str.maketrans({".": ".\u200b", "_": "_\u200b", "/": "/\u200b", "-": "-\u200b"})


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def breakable(identifier: str) -> str:
    """An identifier (variable key, file name) that may wrap after its dots and underscores,
    so that narrow table columns in the PDF and on a phone do not overflow."""
    return identifier.translate(_BREAKABLE)


def pipe_table(frame: pd.DataFrame, caption: str, identifier: str) -> str:
    """A pipe table with a Quarto caption line, as both Quarto and the fallback read it."""
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(_cell(value) for value in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows, "", f": {caption} {{#{identifier}}}", ""])


def partners_annex(partners: pd.DataFrame) -> str:
    frame = partners.sort_values(["side", "country"])[["country", "iso3", "side", "status"]]
    frame.columns = ["Country", "ISO3", "Side", "Status"]
    return pipe_table(frame, "The Rabat Process partner countries and observers, as transcribed from "
                      "the Rabat Process website [@rabat-partners]", "tbl-partners")


def _used_files(data: Path) -> dict[str, str]:
    """Source id -> how this build used its file: sha256 prefix, or from the snapshot."""
    used: dict[str, str] = {}
    for provenance in tables.provenances(data):
        for source in provenance.get("sources", []):
            how = ("snapshot of " if provenance.get("origin") == "snapshot" else "") + source["sha256"][:12]
            used.setdefault(source["id"], how)
    return used


def sources_annex(sources: dict[str, registry.Source], data: Path = paths.DATA) -> str:
    used = _used_files(data)
    rows = []
    for source in sources.values():
        if source.kind == "web":
            in_build = "web page"
        else:
            in_build = used.get(source.id, "not in hand" if source.kind == "pdf" else "not used")
        rows.append({"Source": f"[@{source.id}]", "Kind": source.kind,
                     "Accessed": source.accessed.isoformat(), "Licence": source.licence,
                     "In this build (sha256)": in_build})
    return pipe_table(pd.DataFrame(rows), "Sources and data: every document and data file of the "
                      "registry, and the file this build used (first characters of its sha256)",
                      "tbl-sources")


def numbers_annex(figures: dict[str, variables.KeyFigure]) -> str:
    rows = [{"Variable": breakable(figure.key), "Value": figure.text, "Table": breakable(figure.table),
             "Computed as": figure.filter} for figure in figures.values()]
    return pipe_table(pd.DataFrame(rows), "Provenance of every number in the text: the key figure, "
                      "its value, the tidy table it comes from (@tbl-tables) and how it was computed",
                      "tbl-numbers")


def tables_annex(data: Path = paths.DATA) -> str:
    rows = []
    for provenance in tables.provenances(data):
        if provenance.get("origin") not in ("raw file", "snapshot"):
            continue  # the claims check, which has its own annex (@tbl-claims)
        files = "; ".join(f"{breakable(source['file'])} ({source['sha256'][:12]})"
                          for source in provenance.get("sources", []) if "file" in source)
        rows.append({"Table": breakable(provenance["table"]), "Rows": provenance.get("rows", ""),
                     "Made from": files, "Origin in this build": provenance.get("origin", "")})
    return pipe_table(pd.DataFrame(rows), "The tidy tables of this build, the raw files they were "
                      "extracted from (with the first characters of their sha256) and whether the "
                      "raw files or the committed snapshots were used", "tbl-tables")


def write_all(folder: Path = GENERATED, data: Path = paths.DATA,
              variables_file: Path = paths.VARIABLES) -> list[Path]:
    partners, _ = tables.read(data / "rabat_partners.csv")
    texts = {
        "partners.md": partners_annex(partners),
        "sources.md": sources_annex(registry.load(), data),
        "numbers.md": numbers_annex(variables.read(variables_file)) + "\n" + tables_annex(data),
    }
    written = []
    for name, text in texts.items():
        atomic.write_text(folder / name, "<!-- Generated by `python -m pipeline annexes`: do not edit. -->\n\n" + text)
        written.append(folder / name)
    return written
