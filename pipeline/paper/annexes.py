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
from pipeline.analysis import countries, variables
from pipeline.analysis.claims import CHECKED, FOUND_DIFFERENT, NOT_FOUND
from pipeline.extract import scorecard
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


# --- The national policy record of every partner (pipeline.analysis.countries) -------------

_TIER_CELLS = {"Tier 1": "1", "Tier 2": "2", "Tier 2 Watch List": "2 WL", "Tier 3": "3",
               countries.NOT_IN_REPORT: "not in report"}


def _date(text: str) -> str:
    """"2011-04-25" -> "25 Apr 2011"; a year stays a year."""
    return pd.Timestamp(text).strftime("%-d %b %Y") if len(text) == 10 else text


def _protocol_cell(row, disputed: set[str]) -> str:
    cell = f"{row.protocol} {_date(row.protocol_date)}".strip()
    if row.protocol_source == scorecard.KELLEY_SIMMONS_ID:
        cell += " (K)"
    return cell + (" (D)" if row.iso3 in disputed else "")


def _since_cell(row) -> str:
    if row.direction:
        return row.direction
    untiered = [year for year, placement in (("2010", row.tier_2010), ("2015", row.tier_2015))
                if placement not in countries.TIER_ORDER]
    return "no tier " + " and ".join(untiered)


def _three_p_cell(row, usual_year: int) -> str:
    if pd.isna(row.three_p):
        return "not in index"
    parts = "/".join(str(getattr(row, part)) for part in scorecard.PARTS)
    return f"{row.three_p} ({parts})" + ("" if row.three_p_year == usual_year else f" in {row.three_p_year}")


def _country_rows(table: pd.DataFrame, disputed: set[str], usual_year: int) -> pd.DataFrame:
    return pd.DataFrame({
        "Country": [row.country + (" (obs.)" if row.status == "observer" else "") for row in table.itertuples()],
        "Protocol": [_protocol_cell(row, disputed) for row in table.itertuples()],
        "Tier 2015": table["tier_2015"].map(lambda placement: _TIER_CELLS.get(placement, placement)),
        "Since 2010": [_since_cell(row) for row in table.itertuples()],
        "3P (P/P/P)": [_three_p_cell(row, usual_year) for row in table.itertuples()],
        "Crim.": [f"{row.crim_level} ({row.crim_year})" if isinstance(row.crim_level, str) else "not coded"
                  for row in table.itertuples()],
    })


def countries_annex(table: pd.DataFrame, protocol: pd.DataFrame) -> str:
    """Two tables (African, European partners) with short headings, a legend, and the list of
    the partners whose ratification year HTI and Kelley-Simmons give differently."""
    disputed = countries.disagreements(protocol, set(table["iso3"]))
    usual_year = int(table["three_p_year"].mode().iloc[0])
    latest_hti = _date(protocol["hti_consent"].dropna().max())
    parts = []
    for side, identifier in (("African", "tbl-countries-africa"), ("European", "tbl-countries-europe")):
        rows = table[table["side"] == side].sort_values("country")
        parts.append(pipe_table(_country_rows(rows, set(disputed["iso3"]), usual_year),
                                f"The national record of the {side} partner countries: Trafficking "
                                "Protocol, TIP tier, 3P index and criminalisation", identifier))
    legend = (
        "*Protocol*: what the country did about the Trafficking Protocol, and when: ratified, "
        "acceded or accepted (consent to be bound, as the UN Treaty Collection names it), on the "
        f"date HTI gives (its latest date is {latest_hti}) [@hti-2013]; *(K)*: the year only, from "
        "Kelley and Simmons, where HTI has no date [@kelley-simmons-2015-data]; *signed only*: "
        "signed, no consent recorded; *none recorded*: neither source records one; *(D)*: the "
        "two sources give different years (@tbl-protocol-disagreements). No source in hand gives "
        "the ratifications of the Smuggling Protocol. *Tier 2015*: placement in the TIP report of "
        "2015 [@scorecard-tiers-2015-report]: 1, 2, 2 WL (Tier 2 Watch List), 3, or special case "
        "(not ranked). *Since 2010*: direction since the 2010 report [@scorecard-tiers-3p-2015]: "
        "up (a better tier), down or same; *no tier* names the report that ranked no tier. "
        f"*3P (P/P/P)*: the 3P anti-trafficking policy index of the latest year ({usual_year} "
        "unless stated; 3 to 15), then its prosecution, protection and prevention parts (1 to 5 "
        "each) [@scorecard-tiers-3p-2015]. *Crim.*: criminalisation of trafficking (none, "
        "partial, full) in the latest year coded, in brackets [@scorecard-criminalization-2015]. "
        "*(obs.)*: observer."
    )
    names = dict(zip(table["iso3"], table["country"]))
    listed = pd.DataFrame({
        "Country": disputed["iso3"].map(names),
        "HTI": [f"{_date(date)} ({kind})" for date, kind in zip(disputed["hti_consent"], disputed["hti_consent_kind"])],
        "Kelley-Simmons": [f"{year}" + ("" if pd.isna(first) else f" (indicator: {first})")
                           for year, first in zip(disputed["ks_protocol_year"], disputed["ks_ratified_year"])],
    }).sort_values("Country")
    explanation = (
        "Where HTI and Kelley-Simmons both date a partner's consent to the Trafficking Protocol "
        "and their years differ, the country table uses HTI's date (@tbl-protocol-disagreements): "
        "it is the UN Treaty Collection's, to the day, and of a later date. Kelley-Simmons give "
        "years up to 2009 only, and 2012 for a country not yet party by then, so that a 2012 "
        "beside a later HTI date is a placeholder rather than a contradiction; the year their "
        "own yearly indicator turns to 1 (up to 2011) is shown beside it."
    )
    table_of_disputes = pipe_table(listed, "Partners whose year of consent to the Trafficking Protocol "
                                   "HTI and Kelley-Simmons give differently", "tbl-protocol-disagreements")
    return "\n\n".join([*parts, legend, explanation, table_of_disputes])


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


#: the tidy tables :func:`pipeline.analysis.countries.country_table` reads, in its order
POLICY_TABLES = ["tip_tiers", "tip_3p", "criminalisation", "trafficking_protocol"]


def write_all(folder: Path = GENERATED, data: Path = paths.DATA,
              variables_file: Path = paths.VARIABLES) -> list[Path]:
    partners, _ = tables.read(data / "rabat_partners.csv")
    policy = {name: tables.read(data / f"{name}.csv")[0] for name in POLICY_TABLES}
    texts = {
        "partners.md": partners_annex(partners),
        "sources.md": sources_annex(registry.load(), data),
        "numbers.md": numbers_annex(variables.read(variables_file)) + "\n" + tables_annex(data),
        "countries.md": countries_annex(countries.country_table(partners, *(policy[name] for name in POLICY_TABLES)),
                                        policy["trafficking_protocol"]),
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
