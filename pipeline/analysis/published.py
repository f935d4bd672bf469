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

from typing import Any

import pandas as pd

from pipeline.analysis.variables import KeyFigure, count, key_figure, label, percent
from pipeline.extract import countries
from pipeline.extract.frontex import CENTRAL_MED, EASTERN_MED, WESTERN_AFRICAN, WESTERN_MED

Tables = dict[str, tuple[pd.DataFrame, dict[str, Any]]]

#: The routes whose published detections the paper cites, by the key it gives them.
ROUTE_KEYS = {CENTRAL_MED: "central_mediterranean", WESTERN_MED: "western_mediterranean",
              WESTERN_AFRICAN: "western_african", EASTERN_MED: "eastern_mediterranean", "all": "total"}
#: How a report's annex names what is no nationality: kept out of the rankings of nationalities.
NOT_A_NATIONALITY = ("Others", "Other", "Not specified", "all")
UNSPECIFIED = "Unspecified sub-Saharan nationals"


def report_key(report: str) -> str:
    """``frontex-ara-2015`` -> ``frontex.ara_2015``: the prefix of a report's keys."""
    return "frontex." + report.removeprefix("frontex-").replace("-", "_")


def latest_data_year(rows: pd.DataFrame, report: str) -> int:
    """The data year a report is about: the last year its tables give."""
    return int(rows.loc[rows["report"] == report, "year"].max())


def frontex_reports(data: Tables) -> list[KeyFigure]:
    """For each report the edition knows, its data year: detections by route, the nationalities
    most often detected at all borders (the African partners' among them), and the facilitators
    detected, with the share detected inland and the first nationality."""
    routes, route_provenance = data["frontex_ara_routes"]
    nationalities, nationality_provenance = data["frontex_ara_nationalities"]
    facilitators, facilitator_provenance = data["frontex_ara_facilitators"]
    african = frozenset(data["rabat_partners"][0].query("side == 'African'")["iso3"])
    figures = []
    for report in sorted(routes["report"].unique()):
        year = latest_data_year(routes, report)
        prefix = report_key(report)
        chosen = routes[(routes["report"] == report) & (routes["year"] == year)
                        & (routes["border_type"] == "all") & (routes["nationality"] == "all")]
        for row in chosen[chosen["route"].isin(list(ROUTE_KEYS))].itertuples():
            figures.append(key_figure(f"{prefix}.{ROUTE_KEYS[row.route]}_{year}", row.detections,
                                      count(row.detections), route_provenance,
                                      f"{row.table}, p. {row.page}, line {row.line}: route == {row.route}, "
                                      f"year == {year}, as {report} printed it"))
        figures += _nationalities(nationalities, report, year, prefix, african, nationality_provenance)
        figures += _facilitators(facilitators, report, year, prefix, facilitator_provenance)
    return figures


def _nationalities(rows: pd.DataFrame, report: str, year: int, prefix: str, african: frozenset[str],
                   provenance: dict[str, Any]) -> list[KeyFigure]:
    table = rows[(rows["report"] == report) & (rows["year"] == year) & (rows["border_type"] == "all")]
    ranked = table[~table["nationality"].isin(NOT_A_NATIONALITY)].sort_values(
        "detections", ascending=False, kind="stable")
    where = f"{ranked['table'].iloc[0]}, p. {ranked['page'].iloc[0]}" if len(ranked) else ""
    figures = []
    named = ranked[ranked["nationality"] != UNSPECIFIED]
    codes = countries.iso3(named["nationality"], report, where)
    for rank, (row, code) in enumerate(zip(named.itertuples(), codes), start=1):
        if rank <= 2:
            figures.append(key_figure(f"{prefix}.nationality_{year}_{rank}", 0, label(f"country.{code}"),
                                      provenance, f"{where}: rank {rank} of the named nationalities, {year}"))
    partners = [(row, code) for row, code in zip(named.itertuples(), codes) if code in african]
    for rank, (row, code) in enumerate(partners, start=1):
        what = f"{where}, line {row.line}: {row.nationality}, {year} (rank {rank} of the African partners' nationals)"
        figures += [key_figure(f"{prefix}.african_nationality_{year}_{rank}", 0, label(f"country.{code}"),
                               provenance, what),
                    key_figure(f"{prefix}.african_nationality_{year}_{rank}_detections", row.detections,
                               count(row.detections), provenance, what)]
    unspecified = table[table["nationality"] == UNSPECIFIED]
    if len(unspecified):
        row = unspecified.iloc[0]
        figures.append(key_figure(f"{prefix}.unspecified_sub_saharan_{year}", row["detections"],
                                  count(row["detections"]), provenance,
                                  f"{where}, line {row['line']}: {UNSPECIFIED}, {year}"))
    return figures


def _facilitators(rows: pd.DataFrame, report: str, year: int, prefix: str,
                  provenance: dict[str, Any]) -> list[KeyFigure]:
    annex = rows[(rows["report"] == report) & (rows["year"] == year) & (rows["table"] == "Annex Table 3")]
    if annex.empty:
        return []
    total = annex.loc[annex["breakdown"] == "all", "facilitators"].iloc[0]
    inland = annex.loc[(annex["breakdown"] == "place of detection") & (annex["category"] == "Inland"),
                       "facilitators"].iloc[0]
    named = annex[(annex["breakdown"] == "nationality") & ~annex["category"].isin(NOT_A_NATIONALITY)]
    first = named.sort_values("facilitators", ascending=False, kind="stable").iloc[0]
    page = f"Annex Table 3, p. {annex['page'].iloc[0]}"
    code = countries.iso3([first["category"]], report, page)[0]
    return [
        key_figure(f"{prefix}.facilitators_{year}", total, count(total), provenance,
                   f"{page}: total facilitators detected, {year}"),
        key_figure(f"{prefix}.facilitators_inland_share_{year}", inland / total, percent(inland / total),
                   provenance, f"{page}: detected inland / total, {year}"),
        key_figure(f"{prefix}.facilitators_nationality_{year}_1", 0, label(f"country.{code}"), provenance,
                   f"{page}: first nationality of the facilitators detected, {year}"),
        key_figure(f"{prefix}.facilitators_nationality_{year}_1_count", first["facilitators"],
                   count(first["facilitators"]), provenance,
                   f"{page}, line {first['line']}: facilitators of {first['category']}, {year}"),
    ]


def as_published_then(data: Tables) -> pd.DataFrame:
    """Every route and year that both a report and today's monthly series give: the figure as
    published, as recorded now, the difference and its likely cause (a later report that revised
    the same figure says so; otherwise the series was revised since, for reasons not stated)."""
    routes, _ = data["frontex_ara_routes"]
    monthly, _ = data["frontex_route_month"]
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

