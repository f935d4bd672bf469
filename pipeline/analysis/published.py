"""Figures as their publishers published them at the time, beside today's revised series.

Why: an edition dated 30 November 2015 must give the figures of 2014 that a reader could have
found then, not an export of 2025 with its later revisions. Frontex's Annual Risk Analyses
publish a year's detections by route and nationality, and the facilitators (smugglers) detected,
as they stood a few months after it (``frontex_ara_*`` tables, :mod:`pipeline.extract.frontex_reports`).
Each report's figures are keys of their own, named by the report's year
(``frontex.ara_2015.central_mediterranean_2014``: the report of April 2015, data year 2014), so
that a sentence saying "the report of April 2015" prints that report's figure in every edition
that knows it, and no edition before the report's date can bind it.

:func:`as_published_then` sets every figure that both a report and today's monthly series give
beside each other, with the difference and its likely cause, for the technical note.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from pipeline.analysis.variables import KeyFigure, count, key_figure, label, percent
from pipeline.extract import countries
from pipeline.extract.frontex import CENTRAL_MED, WESTERN_AFRICAN, WESTERN_MED
from pipeline.language import Display
from pipeline.tables import Table, Tables

#: How a report's annex names what is no nationality: kept out of the rankings of nationalities.
NOT_A_NATIONALITY = ("Others", "Other", "Not specified", "all")
UNSPECIFIED = "Unspecified sub-Saharan nationals"


#: The report of April 2015 (data year 2014): the one a reader of November 2015 could read.
ARA_2015 = "frontex-ara-2015"

Computed = tuple[Display, dict[str, Any], str]


def latest_data_year(rows: pd.DataFrame, report: str) -> int:
    """The data year a report is about: the last year its tables give."""
    return int(rows.loc[rows["report"] == report, "year"].max())


def frontex_ara_2015(data: Tables) -> list[KeyFigure]:
    """The figures of 2014 as the report of April 2015 printed them: detections by route, the
    nationalities most often detected at all borders (the African partners' among them), and
    the facilitators detected, with the share detected inland and the first nationality. None
    for an edition before the report."""
    routes, nationalities, facilitators = (data[name] for name in (
        "frontex_ara_routes", "frontex_ara_nationalities", "frontex_ara_facilitators"))
    if ARA_2015 not in set(routes.frame["report"]):
        return []
    year = latest_data_year(routes.frame, ARA_2015)
    route = _routes(routes, year)
    nationality, african, unspecified = _nationalities(nationalities, year, _african(data))
    facilitator = _facilitators(facilitators, year)
    return [
        key_figure("frontex.ara_2015.total_2014", *route("all")),
        key_figure("frontex.ara_2015.central_mediterranean_2014", *route(CENTRAL_MED)),
        key_figure("frontex.ara_2015.western_mediterranean_2014", *route(WESTERN_MED)),
        key_figure("frontex.ara_2015.western_african_2014", *route(WESTERN_AFRICAN)),
        key_figure("frontex.ara_2015.nationality_2014_1", *nationality(1)),
        key_figure("frontex.ara_2015.nationality_2014_2", *nationality(2)),
        key_figure("frontex.ara_2015.african_nationality_2014_1", *african(1)[0]),
        key_figure("frontex.ara_2015.african_nationality_2014_1_detections", *african(1)[1]),
        key_figure("frontex.ara_2015.african_nationality_2014_2", *african(2)[0]),
        key_figure("frontex.ara_2015.african_nationality_2014_2_detections", *african(2)[1]),
        key_figure("frontex.ara_2015.african_nationality_2014_3", *african(3)[0]),
        key_figure("frontex.ara_2015.african_nationality_2014_3_detections", *african(3)[1]),
        key_figure("frontex.ara_2015.unspecified_sub_saharan_2014", *unspecified),
        key_figure("frontex.ara_2015.facilitators_2014", *facilitator["total"]),
        key_figure("frontex.ara_2015.facilitators_inland_share_2014", *facilitator["inland_share"]),
        key_figure("frontex.ara_2015.facilitators_nationality_2014_1", *facilitator["first"]),
        key_figure("frontex.ara_2015.facilitators_nationality_2014_1_count", *facilitator["first_count"]),
    ]


def _african(data: Tables) -> frozenset[str]:
    return frozenset(data["rabat_partners"].frame.query("side == 'African'")["iso3"])


def _of_report(table: Table, year: int) -> pd.DataFrame:
    frame = table.frame
    return frame[(frame["report"] == ARA_2015) & (frame["year"] == year)]


def _routes(table: Table, year: int) -> Callable[[str], Computed]:
    rows = _of_report(table, year)
    rows = rows[(rows["border_type"] == "all") & (rows["nationality"] == "all")].set_index("route")

    def route(name: str) -> Computed:
        row = rows.loc[name]
        return (count(row["detections"]), table.provenance, f"{row['table']}, p. {row['page']}, line "
                f"{row['line']}: route == {name}, year == {year}, as {ARA_2015} printed it")
    return route


def _nationalities(table: Table, year: int, african: frozenset[str]):
    """Three look-ups: the n-th named nationality, the n-th African partner's (its name and its
    detections), and the detections the report gives to unspecified sub-Saharan nationals."""
    rows = _of_report(table, year)
    rows = rows[rows["border_type"] == "all"]
    ranked = rows[~rows["nationality"].isin(NOT_A_NATIONALITY)].sort_values(
        "detections", ascending=False, kind="stable")
    where = f"{ranked['table'].iloc[0]}, p. {ranked['page'].iloc[0]}"
    named = ranked[ranked["nationality"] != UNSPECIFIED]
    coded = list(zip(named.itertuples(), countries.iso3(named["nationality"], ARA_2015, where)))
    partners = [(row, code) for row, code in coded if code in african]

    def nationality(rank: int) -> Computed:
        return (label(f"country.{coded[rank - 1][1]}"), table.provenance,
                f"{where}: rank {rank} of the named nationalities, {year}")

    def african_partner(rank: int) -> tuple[Computed, Computed]:
        row, code = partners[rank - 1]
        what = f"{where}, line {row.line}: {row.nationality}, {year} (rank {rank} of the African partners' nationals)"
        return (label(f"country.{code}"), table.provenance, what), (count(row.detections), table.provenance, what)

    row = rows[rows["nationality"] == UNSPECIFIED].iloc[0]
    unspecified = (count(row["detections"]), table.provenance, f"{where}, line {row['line']}: {UNSPECIFIED}, {year}")
    return nationality, african_partner, unspecified


def _facilitators(table: Table, year: int) -> dict[str, Computed]:
    annex = _of_report(table, year)
    annex = annex[annex["table"] == "Annex Table 3"]
    total = annex.loc[annex["breakdown"] == "all", "facilitators"].iloc[0]
    inland = annex.loc[(annex["breakdown"] == "place of detection") & (annex["category"] == "Inland"),
                       "facilitators"].iloc[0]
    named = annex[(annex["breakdown"] == "nationality") & ~annex["category"].isin(NOT_A_NATIONALITY)]
    first = named.sort_values("facilitators", ascending=False, kind="stable").iloc[0]
    page = f"Annex Table 3, p. {annex['page'].iloc[0]}"
    code = countries.iso3([first["category"]], ARA_2015, page)[0]
    return {
        "total": (count(total), table.provenance, f"{page}: total facilitators detected, {year}"),
        "inland_share": (percent(inland / total), table.provenance, f"{page}: detected inland / total, {year}"),
        "first": (label(f"country.{code}"), table.provenance,
                  f"{page}: first nationality of the facilitators detected, {year}"),
        "first_count": (count(first["facilitators"]), table.provenance,
                        f"{page}, line {first['line']}: facilitators of {first['category']}, {year}"),
    }


def as_published_then(data: Tables) -> pd.DataFrame:
    """Every route and year that both a report and today's monthly series give: the figure as
    published, as recorded now, the difference and its likely cause (a later report that revised
    the same figure says so; otherwise the series was revised since, for reasons not stated)."""
    routes, monthly = data["frontex_ara_routes"].frame, data["frontex_route_month"].frame
    now = monthly.groupby(["route", "year"])["detections"].sum()
    now_all = monthly.groupby("year")["detections"].sum()
    published = routes[(routes["border_type"] == "all") & (routes["nationality"] == "all")
                       & routes["detections"].notna()]
    by_report = published.set_index(["report", "route", "year"])["detections"]
    rows = []
    for row in published.itertuples():
        recorded = now_all.get(row.year) if row.route == "all" else now.get((row.route, row.year))
        if recorded is None or pd.isna(recorded):
            continue
        later = [value for (report, route, year), value in by_report.items()
                 if route == row.route and year == row.year and report > row.report]
        if row.detections == recorded:
            cause = "the same"
        elif later and later[0] != row.detections:
            cause = "revised by Frontex in its next report"
        else:
            cause = "revised since; the cause is not stated"
        rows.append({"report": row.report, "page": row.page, "route": row.route, "year": row.year,
                     "published": int(row.detections), "recorded_now": int(recorded),
                     "difference": int(recorded - row.detections), "cause": cause})
    return pd.DataFrame(rows)

