"""The national frameworks of the partners on an edition's date, from the cited facts.

Why: the meeting asks for the policies and strategies of the partners, and a participant looks
first for their own country's law, coordinating body, plan and referral mechanism. No data file
holds them; ``sources/facts/national_measures.csv`` does, each measure cited to the document that
states it. An edition shows a measure only if it existed on the edition's date **and** a document
it may cite states it (:func:`pipeline.sources.bib.citable`): a plan known only from a report
published later is left out of the meeting edition, and the technical note says so. A blank cell
therefore means "no document of the time records it", never "it does not exist".

:func:`measures_on` makes that cut; :func:`key_figures` counts the partners per kind of measure
(the paper's sentences bind them); :func:`overview` is the country table of the annex.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from pipeline.analysis.variables import KeyFigure, count, key_figure
from pipeline.paths import display
from pipeline.sources import bib, facts, registry

FILE = facts.FACTS / facts.NATIONAL_MEASURES.file
#: The columns of the country overview, by the kinds of measure that fill them.
COLUMNS = {"trafficking_law": ("trafficking_law",), "smuggling_law": ("smuggling_law",),
           "coordinating_body": ("coordinating_body", "rapporteur"), "action_plan": ("action_plan",),
           "referral_mechanism": ("referral_mechanism",)}


def measures_on(as_of: dt.date | None, sources: dict[str, registry.Source] | None = None,
                table: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The measures an edition dated ``as_of`` shows (dated by then, cited to a document it may
    cite), and those it leaves out for want of such a document (with ``reason``)."""
    sources = registry.load() if sources is None else sources
    table = facts.load(facts.NATIONAL_MEASURES.name) if table is None else table
    table = table.assign(first_day=[facts.parse_date(day)[0] for day in table["date"]])
    dated = table[[as_of is None or day <= as_of for day in table["first_day"]]].copy()
    reasons = [next((why for i in facts.source_ids(cell) if (why := bib.citable(sources[i], as_of))), "")
               for cell in dated["source"]]
    dated["reason"] = reasons
    return dated[dated["reason"] == ""].drop(columns="reason"), dated[dated["reason"] != ""]


def in_force(plans: pd.DataFrame, as_of: dt.date | None) -> pd.Series:
    """Plans running on ``as_of``: begun by then and not ended before its year (a plan without a
    last year is taken as running)."""
    year = (as_of or dt.date.max).year
    return plans["end_date"].map(lambda end: end == "" or facts.parse_date(end)[0].year >= year)


def countries_with(measures: pd.DataFrame, partners: list[str], kind: str,
                   as_of: dt.date | None) -> set[str]:
    """The partners (ISO3) with a measure of ``kind`` on ``as_of``; for trafficking laws those
    that cover persons generally, for smuggling also the trafficking laws that cover it."""
    rows = measures[measures["country_iso3"].isin(partners)]
    if kind == "trafficking_law":
        rows = rows[(rows["kind"] == kind) & (rows["covers"] != "children only")]
    elif kind == "child_trafficking_law_only":
        children = set(rows.loc[rows["covers"] == "children only", "country_iso3"])
        return children - countries_with(measures, partners, "trafficking_law", as_of)
    elif kind == "smuggling_law":
        rows = rows[(rows["kind"] == kind) | (rows["covers"] == "also smuggling")]
    elif kind == "action_plan":
        rows = rows[rows["kind"] == kind]
        rows = rows[in_force(rows, as_of)]
    else:
        rows = rows[rows["kind"].isin(COLUMNS.get(kind, (kind,)))]
    return set(rows["country_iso3"])


#: The key of each count the paper binds, by the kind of measure it counts among the African
#: partners (the European partners' laws are in the annex; the prose counts only the African).
AFRICAN_KEYS = {"trafficking_law": "frameworks.african.trafficking_law",
                "child_trafficking_law_only": "frameworks.african.child_trafficking_law_only",
                "smuggling_law": "frameworks.african.smuggling_law",
                "coordinating_body": "frameworks.african.coordinating_body",
                "action_plan": "frameworks.african.action_plan"}


def key_figures(as_of: dt.date | None, african: list[str], sources: dict[str, registry.Source] | None = None,
                keys: dict[str, str] | None = None, dated_by: dt.date | None = None) -> list[KeyFigure]:
    """How many African partners have a measure of each kind of ``keys`` (:data:`AFRICAN_KEYS`)
    on the edition's date, as the documents it may cite record them; with ``dated_by``, the
    measures of that earlier day, as the same documents record them (the update counts the
    meeting's day from today's documents, so that a change is one of measures, not of knowledge)."""
    sources = registry.load() if sources is None else sources
    shown, _left_out = measures_on(as_of, sources)
    day = dated_by or as_of
    if dated_by:
        shown = shown[shown["first_day"] <= dated_by]
    figures = []
    for kind, key in (keys or AFRICAN_KEYS).items():
        found = countries_with(shown, african, kind, day)
        cited = sorted({i for cell in shown.loc[shown["country_iso3"].isin(found), "source"]
                        for i in facts.source_ids(cell)})
        figures.append(key_figure(key, count(len(found)), _provenance(cited, sources, as_of),
                                  f"African partners with a measure '{kind}' on {day or 'the latest date'}"
                                  f"{', from the documents in hand today' if dated_by else ''}: "
                                  f"{', '.join(sorted(found)) or 'none'}"))
    return figures


def _provenance(cited: list[str], sources: dict[str, registry.Source], as_of: dt.date | None) -> dict[str, Any]:
    return {"table": f"facts {display(FILE)}", "as_of": as_of.isoformat() if as_of else "latest",
            "sources": [{"id": i, "file": sources[i].file or "", "sha256": sources[i].sha256,
                         "date": (sources[i].recorded or dt.date.min).isoformat()} for i in cited]}


def overview(shown: pd.DataFrame, partners: list[str], reference: str) -> pd.DataFrame:
    """One row per partner: for each column, the measures of its kinds as ``reference``
    (``reference_en`` or ``reference_fr``) names them, and the sources of the row."""
    rows = []
    for iso3 in partners:
        mine = shown[shown["country_iso3"] == iso3].sort_values("first_day")
        row = {"iso3": iso3}
        for column, kinds in COLUMNS.items():
            chosen = mine[mine["kind"].isin(kinds)]
            if column == "smuggling_law":
                chosen = mine[mine["kind"].isin(kinds) | (mine["covers"] == "also smuggling")]
            row[column] = "; ".join(chosen[reference])
        row["sources"] = sorted({i for cell in mine.loc[mine["kind"].isin(
            [k for kinds in COLUMNS.values() for k in kinds]) | (mine["covers"] != ""), "source"]
            for i in facts.source_ids(cell)})
        rows.append(row)
    return pd.DataFrame(rows)
