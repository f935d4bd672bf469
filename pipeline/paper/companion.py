"""The technical note's annexes: the sources, the rules of each edition's date, the tables, the
provenance of every number and figure, the facts and the concept note's claims, checked.

The reader's paper keeps only its partners annex and its country table; everything a reviewer
needs to trace a number to a page of a document or a cell of a data file, or a sentence that
characterises the data to the values that make it true, goes to the technical note that
accompanies each edition (``paper/technical-note.qmd``), written here as Markdown tables that it
includes: every value of the registry, the facts, the tables and the claims as text, the
citations and this module's own words as Markdown (:mod:`pipeline.markup`).
:mod:`pipeline.analysis.claims` decides the claims' status; this module only writes.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from string import ascii_lowercase

import pandas as pd

from pipeline import markup, tables
from pipeline.analysis import claims, countries, frameworks, published, variables
from pipeline.analysis.claims import CHECKED, FOUND_DIFFERENT, NOT_FOUND
from pipeline.markup import Markdown
from pipeline.paper import manuscript, trace
from pipeline.paper.markdown import breakable, pipe_table
from pipeline.sources import registry
from pipeline.tables import Tables


def release_annex(sources: dict[str, registry.Source], as_of: str, drawn_on: set[str] | None = None) -> Markdown:
    """What each data source had released by the edition's date: its rule and the rule's basis.
    ``drawn_on``: the sources of which the edition holds rows (:func:`drawn_on`); None: all."""
    rows = []
    for source in sources.values():
        rule = source.release
        if rule is None or (drawn_on is not None and source.id not in drawn_on):
            continue
        if rule.rule == "dated":
            how = f"an observation {rule.lag_days} days after the end of its period" if rule.lag_days \
                else "an observation from the end of its period"
        elif rule.rule == "annual":
            how = f"year Y from {rule.on[3:]}/{rule.on[:2]} of Y+{rule.years_after}"
        else:
            how = f"from {rule.date.isoformat()}"
        rows.append({"Source": trace.short_cite(source), "Known": how, "Why": rule.basis})
    # One row per rule: the sources that share it (a publisher's several files) named together.
    rows = [{"Source": "; ".join(dict.fromkeys(row["Source"] for row in group)), "Known": known, "Why": why}
            for (known, why), group in _grouped(rows, ("Known", "Why"))]
    when = markup.text("the latest data in hand" if as_of == "latest" else as_of)
    intro = Markdown(
        f"Each edition shows only what the publishers had released by its date ({when}). The "
        "tidy tables keep every observation with its date; one function "
        "(`pipeline.analysis.asof.known_on`) removes, before any figure or number is computed, "
        "what each source had not yet released by then, by the rule below (@tbl-release). Where "
        "the release lag of a source is not recorded, the rule is the conservative one.")
    return markup.blocks([intro, pipe_table(pd.DataFrame(rows), "When each data source released an "
                                            "observation: the rule of the edition's date", "tbl-release",
                                            [18, 22, 60])])


def _grouped(rows: list[dict], keys: tuple[str, ...]) -> list[tuple[tuple, list[dict]]]:
    """``rows`` grouped by the values of ``keys``, in the order each group first appears."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row[key] for key in keys), []).append(row)
    return list(groups.items())


def drawn_on(known: Tables) -> set[str]:
    """The sources of which an edition holds rows: a source whose every row came after the
    edition's date (a report of 2016, a ministry's series of 2025) is none of its sources."""
    return {used["id"] for table in known.values() if len(table.frame)
            for used in table.provenance.get("sources", [])}


def tables_annex(known: Tables, data: Path) -> Markdown:
    """The tidy tables the edition holds rows of (one all of whose rows came later is left out)."""
    rows = []
    for provenance in tables.provenances(data):
        if provenance.get("origin") not in ("raw file", "snapshot"):
            continue  # the claims check, which has its own annex (@tbl-claims)
        if provenance["table"] in known and not len(known[provenance["table"]].frame):
            continue
        files = "; ".join(f"{breakable(source['file'])} ({source['sha256'][:12]})"
                          for source in provenance.get("sources", []) if "file" in source)
        cut = known[provenance["table"]].provenance if provenance["table"] in known else {}
        rows.append({"Table": breakable(provenance["table"]), "Rows": provenance.get("rows", ""),
                     "On the date": cut.get("rows", "") if cut else "",
                     "Latest observation": (cut.get("latest_observation") or "") if cut else "",
                     "Made from": files, "Origin": provenance.get("origin", "")})
    return pipe_table(pd.DataFrame(rows), "The tidy tables: their rows, the rows known on the "
                      "edition's date and the latest of them, the raw files they were extracted from "
                      "(with the first characters of their sha256), and whether the raw files or the "
                      "committed snapshots were used", "tbl-tables", [18, 8, 8, 12, 40, 14])


def figures_annex(folder: Path) -> Markdown:
    """Each figure of the edition: what it shows, its source line and the tables behind it."""
    rows = []
    for record_path in sorted(Path(folder).glob("*.json")):
        record = json.loads(record_path.read_text(encoding="utf-8"))
        inputs = "; ".join(breakable(item["table"]) for item in record.get("inputs", []))
        rows.append({"Figure": breakable(record["figure"]), "Tables": inputs, "Selection": record.get("filter", ""),
                     "Source line": record["source_line"]})
    return pipe_table(pd.DataFrame(rows), "The figures of the edition, the tidy tables they are "
                      "drawn from and their selection", "tbl-figures", [17, 17, 22, 44])


def disagreements_annex(protocol: pd.DataFrame, partners: pd.DataFrame) -> Markdown:
    """The partners whose year of consent to the Trafficking Protocol the two sources differ on."""
    disputed = countries.disagreements(protocol, set(partners["iso3"]))
    names = dict(zip(partners["iso3"], partners["country"]))
    listed = pd.DataFrame({
        "Country": disputed["iso3"].map(names),
        "HTI": [f"{date} ({kind})" for date, kind in zip(disputed["hti_consent"], disputed["hti_consent_kind"])],
        "Kelley-Simmons": [f"{year}" + ("" if pd.isna(first) else f" (indicator: {first})")
                           for year, first in zip(disputed["ks_protocol_year"], disputed["ks_ratified_year"])],
    }).sort_values("Country")
    explanation = Markdown(
        "Where HTI^[@hti-2013.] and Kelley-Simmons^[@kelley-simmons-2015-data.] both date a partner's "
        "consent to the Trafficking Protocol and their years differ, the country table uses HTI's "
        "date (@tbl-protocol-disagreements): it is the UN Treaty Collection's, to the day, and of a "
        "later date. Kelley-Simmons give years up to 2009 only, and 2012 for a country not yet party "
        "by then, so that a 2012 beside a later HTI date is a placeholder rather than a "
        "contradiction; the year their own yearly indicator turns to 1 (up to 2011) is shown beside it."
    )
    return markup.blocks([explanation, pipe_table(listed, "Partners whose year of consent to the "
                                                  "Trafficking Protocol HTI and Kelley-Simmons give differently",
                                                  "tbl-protocol-disagreements")])


# --- The concept note's claims ---------------------------------------------------------------

def claims_markdown(checked: pd.DataFrame, sources: dict[str, registry.Source]) -> Markdown:
    """The claims annex: what the statuses mean, one short row per claim of the concept note, the
    paper's own quotations likewise, and under them every difference spelled out, word by word."""
    note = checked[checked["quoted_by"] == "concept note"]
    copies = checked["status"].isin(CHECKED) & (checked["checked_in"] != checked["source_id"])
    texts = list(dict.fromkeys(checked.loc[copies, "checked_in"]))
    in_texts = f", here the English texts {_citations(texts)}," if texts else ""
    explanation = Markdown(
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
    parts = [explanation,
             _claims_table(note, sources, marks, "Quotations and figures taken from the cited "
                           "documents, looked for in them", "tbl-claims")]
    own = checked[checked["quoted_by"] == "paper"]
    if len(own):
        parts += [Markdown("The paper's own quotations of these documents are checked in the same way "
                           "(@tbl-quotations)."),
                  _claims_table(own, sources, marks, "The paper's quotations, looked for in the "
                                "documents they quote", "tbl-quotations")]
    if marks:
        # One paragraph each, its mark escaped as text: "(1) ..." alone would be an ordered list,
        # whose HTML numbers ("1.") would no longer match the marks in the tables.
        parts += ["Differences between the quotations and the texts, word by word:"]
        parts += [markup.join([marks[row.Index], _difference(row, sources)], " ")
                  for row in differences.itertuples()]
    return markup.blocks(parts)


def _claims_table(rows: pd.DataFrame, sources: dict[str, registry.Source], marks: dict, caption: str,
                  identifier: str) -> Markdown:
    table = pd.DataFrame({
        "Source": [_source_cell(sources[row.source_id], row.page, row.locator) for row in rows.itertuples()],
        "Claim": [f"“{_short(text)}”" for text in rows["text"]],
        "Status": [row.status + (f" {marks[row.Index]}" if row.Index in marks else "")
                   for row in rows.itertuples()],
        "Where": [_where(row) for row in rows.itertuples()],
    }).drop_duplicates()  # two figures of one passage (US$255-323 million) are one quotation to look for
    return pipe_table(table, caption, identifier, [24, 38, 24, 14])


def _difference(row, sources: dict[str, registry.Source]) -> Markdown:
    """"Protocol against ..., Art. 3(a), in the copy in hand ([@text]): the concept note writes ..."."""
    document = sources[row.checked_in]
    where = row.found_at or f"p. {row.page_label}"
    return markup.join([f"{document.title.split(': ')[0]}, {where}, in the copy in hand (",
                        markup.citation([document.id]),
                        f"): the {row.quoted_by} writes {row.differences}."], "")


def _citations(ids: list[str]) -> Markdown:
    return markup.citation(ids)


def figures_markdown(figures: pd.DataFrame, sources: dict[str, registry.Source],
                     key_figures: dict[str, variables.KeyFigure]) -> Markdown:
    """The figures annex: the note's figure, its source, our data and how they compare.

    What our data count is said under the table, by letter: the selection is too long for a
    table column on a phone or beside three others on an A4 page.
    """
    keys = list(dict.fromkeys(key for text in figures["data_key"] if text for key in text.split(", ")))
    marks = {key: f"({ascii_lowercase[n % 26]}{n // 26 or ''})" for n, key in enumerate(keys)}
    explanation = Markdown(
        "Each figure the concept note quotes, beside the key figure our data give for the same "
        "count (what it counts is said under the table). They agree when ours, rounded as the note "
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
    # One paragraph a letter, its mark as text: "(a) ..." alone would open a lettered list.
    legend = [markup.text(f"{marks[key]} {key_figures[key].filter} (table {key_figures[key].table}).")
              for key in keys if key in key_figures]
    return markup.blocks([explanation, pipe_table(table, caption, "tbl-concept-note-figures", [30, 18, 14, 38]),
                          "What our data count, for each letter:", *legend])


def _source_cell(source: registry.Source, page: str, locator: str = "") -> Markdown:
    """"UNODC (2014, p. 38)", "United Nations (2000, Art. 3)": the producer's short name and a
    citation without the author."""
    short = re.search(r"\(([A-Z]{2,})\)$", source.producer)
    name = short[1] if short else source.producer.split(" (")[0]
    cited = f"{'pp.' if '-' in page else 'p.'} {page}" if page else locator
    return markup.join([name, markup.citation([source.id], locator=cited, author=False)], " ")


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


# --- All of them ---------------------------------------------------------------------------------

def published_annex(data: Tables, as_of: str) -> Markdown:
    """Frontex's figures as its reports published them beside today's series (the reports the
    edition's date had reached)."""
    day = None if as_of == "latest" else pd.Timestamp(as_of).date()
    sources = registry.load()
    known = {name: data[name] for name in ("frontex_ara_routes", "frontex_route_month")}
    reports = known["frontex_ara_routes"].frame
    dated = [report for report in reports["report"].unique()
             if day is None or (sources[report].issued and sources[report].issued <= day)]
    known["frontex_ara_routes"] = tables.Table(reports[reports["report"].isin(dated)],
                                               known["frontex_ara_routes"].provenance)
    table = published.as_published_then(known)
    table = table[[row.year == published.latest_data_year(reports, row.report) for row in table.itertuples()]]
    if table.empty:
        return markup.blocks(["No report of the time gives a figure that today's series also gives."])
    shown = pd.DataFrame({
        "Report": [f"{trace.short_cite(sources[r])}, p. {p}" for r, p in zip(table["report"], table["page"])],
        "Route": table["route"].replace({"all": "all routes"}), "Year": table["year"],
        "As published": table["published"].map(lambda v: f"{v:,}"),
        "Recorded now": table["recorded_now"].map(lambda v: f"{v:,}"),
        "Difference": table["difference"].map(lambda v: f"{v:+,}"), "Likely cause": table["cause"]})
    intro = Markdown("Frontex revises its detections after it publishes them. Where the paper speaks of 2014 "
             "it gives the figures of the report of the time; where it shows the monthly series it "
             "gives today's, cut to what had been released by the paper's date. The two, side by "
             "side (@tbl-published):")
    return markup.blocks([intro, pipe_table(shown, "As published then, as recorded now: Frontex's detections "
                                            "of illegal border-crossing", "tbl-published",
                                            [22, 20, 8, 13, 13, 11, 13])])


def left_out_annex(as_of: str) -> Markdown:
    """The national measures the edition does not show for want of a document of its date."""
    day = None if as_of == "latest" else pd.Timestamp(as_of).date()
    _shown, left_out = frameworks.measures_on(day)
    if left_out.empty:
        return markup.blocks(["Every national measure of the facts tables dated by the paper's date is shown."])
    rows = pd.DataFrame({"Country": left_out["country"], "Measure": left_out["measure"],
                         "Date": left_out["date"], "Why it is left out": left_out["reason"]})
    intro = Markdown("The facts tables record these measures as existing on the paper's date, but every "
                     "document that states them is of a later date (@tbl-left-out). The paper leaves them "
                     "out: a blank in its country overview means that no document of the time records a "
                     "measure, not that there was none.")
    return markup.blocks([intro, pipe_table(rows, "National measures left out of the paper for want of a "
                                            "document of its date", "tbl-left-out", [16, 34, 12, 38])])


def write(folder: Path, as_of: str, known: Tables, figures: dict[str, variables.KeyFigure], data: Path,
          figure_records: Path, write_text, paper: Path, profile: str, paper_annexes: list[Markdown],
          statements: Markdown) -> list[Path]:
    """Every annex of the technical note of one edition, into ``folder``: ``paper`` is the
    edition's manuscript, rendered with ``profile``; ``paper_annexes`` the texts of its generated
    annexes (whose footnotes cite documents too); ``statements`` the list of the statements its
    papers make (:func:`pipeline.paper.statement_guard.annex`)."""
    sources = registry.load()
    found = trace.rendered(paper, profile)
    annexed = [mark.name for text in paper_annexes
               for _, mark in manuscript.parse(text, Path("annex.md")).marks("citation")]
    cited = {source for paragraph in found for source in paragraph.citations} | set(annexed)
    every = pd.read_csv(data / "claims.csv", dtype=str, keep_default_na=False)  # text, pages too
    # The concept note's claims, and the quotations of the documents this edition's paper cites
    # (an update's quotations of 2024 reports are no part of the meeting's note).
    checked = every[(every["quoted_by"] == "concept note") | every["source_id"].isin(cited)]
    comparisons = claims.concept_note_figures(figures, checked)
    everything = tables.read_all(data, sorted(path.stem for path in data.glob("*.csv") if path.stem != "claims"))
    texts = {
        "map.md": trace.map_annex(found, figures, sources),
        "numbers.md": trace.numbers_annex(found, figures, sources),
        "documents.md": trace.documents_annex(found, annexed, sources, checked),
        "release.md": release_annex(sources, as_of, drawn_on(known)),
        "tables.md": tables_annex(known, data),
        "published.md": published_annex(everything, as_of),
        "figures.md": figures_annex(figure_records),
        "statements.md": statements,
        "left-out.md": left_out_annex(as_of),
        "disagreements.md": disagreements_annex(known["trafficking_protocol"].frame, known["rabat_partners"].frame),
        "claims.md": claims_markdown(checked, sources),
        "concept-note-figures.md": figures_markdown(comparisons, sources, figures),
    }
    return [write_text(folder / name, text) for name, text in texts.items()]
