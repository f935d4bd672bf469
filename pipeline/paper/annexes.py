"""The paper's generated annexes: partners, sources and data, the provenance of every number, and
the concept note's claims as checked (:mod:`pipeline.analysis.claims` decides, this module writes).

They are Markdown tables written to ``paper/_generated/`` and included in the manuscript with
``{{< include >}}``, so the reader sees exactly what the build used: which partner list, which
files with which checksums (or that a table came from the committed snapshot), and for every
number in the prose, the table and filter that made it.
"""
from __future__ import annotations

import re
from pathlib import Path
from string import ascii_lowercase

import pandas as pd

from pipeline import atomic, paths, tables
from pipeline.analysis import variables
from pipeline.analysis.claims import CHECKED, FOUND_DIFFERENT, NOT_FOUND
from pipeline.sources import registry

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


# --- The concept note's claims (written by notebooks/11-check-claims.ipynb) ----------------

_HEADER = "<!-- Generated by notebooks/11-check-claims.ipynb: do not edit. -->\n\n"


def claims_markdown(checked: pd.DataFrame, sources: dict[str, registry.Source]) -> str:
    """The claims annex: what the statuses mean, one short row per claim of the concept note, the
    paper's own quotations likewise, and under them every difference spelled out, word by word."""
    note = checked[checked["quoted_by"] == "concept note"]
    copies = checked["status"].isin(CHECKED) & (checked["checked_in"] != checked["source_id"])
    texts = list(dict.fromkeys(checked.loc[copies, "checked_in"]))
    in_texts = f", here the English texts {_citations(texts)}," if texts else ""
    explanation = (
        "Each quotation or figure the concept note takes from a document is looked for where the "
        "note cites it. In a PDF: on the cited page (on each page of a cited range, and in the "
        "whole document where it cites none). In a text, the copy in hand of a cited document"
        f"{in_texts} in the cited article or paragraph, where a PDF has a page (and in every "
        "article where it cites none). Case, quotation marks, dashes, line-end hyphens and number "
        "formats are folded, so that 14 477 matches 14,477. *Found where cited*, *found "
        "elsewhere* and *found (no place cited)* give the page, or the article and paragraph, "
        "where the text is; *found, with differences* means that the quotation is not verbatim "
        "but that at least four in five of its words are there, in order: the differences are "
        "spelled out under the table; *not found* gives the passage that comes closest; *not "
        "checked: document not available* means that this build had no copy of the document (a "
        "web page as it stood in 2015 cannot be fetched again), and *not checked: checksum "
        "mismatch* that its copy is not the one pinned in the registry. In this build "
        f"{int(note['status'].isin(CHECKED).sum())} of the {len(note)} claims could be checked "
        "(@tbl-claims)."
    )
    differences = checked[checked["status"] == FOUND_DIFFERENT]
    marks = {index: f"({number})" for number, index in enumerate(differences.index, start=1)}
    parts = [_HEADER + explanation, "",
             _claims_table(note, sources, marks, "Quotations and figures taken from the cited "
                           "documents, looked for in them", "tbl-claims")]
    own = checked[checked["quoted_by"] == "paper"]
    if len(own):
        parts += ["The paper's own quotations of these documents are checked in the same way "
                  "(@tbl-quotations).", "",
                  _claims_table(own, sources, marks, "The paper's quotations, looked for in the "
                                "documents they quote", "tbl-quotations")]
    if marks:
        # One paragraph each, its mark escaped: "(1) ..." alone would be an ordered list, whose
        # HTML numbers ("1.") would no longer match the marks in the tables.
        parts += ["Differences between the quotations and the texts, word by word:", ""]
        parts += [f"{_escaped(marks[row.Index])} {_difference(row, sources)}\n"
                  for row in differences.itertuples()]
    return "\n".join(parts)


def _claims_table(rows: pd.DataFrame, sources: dict[str, registry.Source], marks: dict, caption: str,
                  identifier: str) -> str:
    table = pd.DataFrame({
        "Source": [_source_cell(sources[row.source_id], row.page, row.locator) for row in rows.itertuples()],
        "Claim": [f"“{_short(text)}”" for text in rows["text"]],
        "Status": [row.status + (f" {marks[row.Index]}" if row.Index in marks else "")
                   for row in rows.itertuples()],
        "Where": [_where(row) for row in rows.itertuples()],
    })
    return pipe_table(table, caption, identifier)


def _difference(row, sources: dict[str, registry.Source]) -> str:
    """"Protocol against ..., Art. 3(a), in the copy in hand [@text]: the concept note writes ..."."""
    document = sources[row.checked_in]
    where = row.found_at or f"p. {row.page_label}"
    return (f"{document.title.split(': ')[0]}, {where}, in the copy in hand [@{document.id}]: the "
            f"{row.quoted_by} writes {row.differences}.")


def _escaped(mark: str) -> str:
    return mark.replace("(", "\\(").replace(")", "\\)")


def _citations(ids: list[str]) -> str:
    return "[" + "; ".join(f"@{source_id}" for source_id in ids) + "]"


def figures_markdown(figures: pd.DataFrame, sources: dict[str, registry.Source]) -> str:
    """The figures annex: the note's figure, its source, our data and how they compare.

    The variables are named under the table, by letter: a dotted name is one unbreakable word,
    too wide for a table column on a phone or beside three others on an A4 page.
    """
    keys = list(dict.fromkeys(key for text in figures["data_key"] if text for key in text.split(", ")))
    marks = {key: f"({ascii_lowercase[n % 26]}{n // 26 or ''})" for n, key in enumerate(keys)}
    explanation = (
        "Each figure the concept note quotes, beside the key figure our data give for the same "
        "count (its variable is named under the table). They agree when ours, rounded as the note "
        "rounds, is equal to a bare figure, within 5% of one the note gives as *about*, up to 10% "
        "below one it gives as *almost* and up to 10% above one it gives as *over* or *more "
        "than*. Where our data hold nothing comparable, the check of the document is shown "
        "instead (@tbl-claims)."
    )
    table = pd.DataFrame({
        "Concept note": figures["figure"],
        "Source": [_source_cell(sources[row.source_id], row.page) for row in figures.itertuples()],
        "Our data": [_data_cell(row, marks) for row in figures.itertuples()],
        "Comparison": [_comparison_cell(row) for row in figures.itertuples()],
    })
    caption = "The concept note's figures beside what our data give for them"
    legend = "".join(f"{marks[key]} `{key}`\n" for key in keys)  # a lettered list, as marked
    return (_HEADER + explanation + "\n\n" + pipe_table(table, caption, "tbl-concept-note-figures")
            + "\nThe variables of our data (`paper/_variables.yml`):\n\n" + legend)


def write_annex(text: str, destination: Path) -> Path:
    destination = paths.project_path(destination)
    atomic.write_text(destination, text)
    return destination


def _source_cell(source: registry.Source, page: str, locator: str = "") -> str:
    """"UNODC (2014, p. 38)", "United Nations (2000, Art. 3)": the producer's short name and a
    citation without the author."""
    short = re.search(r"\(([A-Z]{2,})\)$", source.producer)
    name = short[1] if short else source.producer.split(" (")[0]
    cited = f", {'pp.' if '-' in page else 'p.'} {page}" if page else f", {locator}" if locator else ""
    return f"{name} [-@{source.id}{cited}]"


def _short(text: str, width: int = 60) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with an ellipsis."""
    if len(text) <= width:
        return text
    return text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _where(row) -> str:
    """The page ("p. 38") or the article and paragraph ("Art. 3(a)") where the claim is."""
    place = row.found_at or (f"p. {row.page_label}" if row.page_label else "")
    if row.status == NOT_FOUND:
        return f"closest, {place}: “{_short(row.closest, 40)}”" if row.closest else ""
    if not place:
        return ""
    return place + (f" (also {row.elsewhere})" if row.elsewhere else "")


def _data_cell(row, marks: dict[str, str]) -> str:
    if not row.data_key:
        return "no data"
    return "; ".join(f"{text} {marks[key]}" for text, key in zip(row.data.split("; "), row.data_key.split(", ")))


def _comparison_cell(row) -> str:
    if not row.data_key:
        return f"Document check: {row.document_check}"
    return row.comparison.capitalize() + (f": {row.why}" if row.why else "")
