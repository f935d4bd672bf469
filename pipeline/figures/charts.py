"""The paper's trend figures, each a function from tidy tables to a saved, sourced figure."""
from __future__ import annotations

import calendar
from pathlib import Path
from typing import Any

import matplotlib.ticker as mticker
import pandas as pd

from pipeline import paths
from pipeline.analysis import aggregates
from pipeline.extract.frontex import RABAT_ROUTES
from pipeline.extract.glotip import FORMS
from pipeline.figures import style
from pipeline.sources import registry

CENSORED_NOTE = 'counts published as "<5" taken as 0'


def _source_line(provenances: list[dict[str, Any]], note: str) -> str:
    """"Source: producer, title (file)", or "producer (file, file, ...)" for several files."""
    by_producer: dict[str, list[tuple[str, str]]] = {}
    for provenance in provenances:
        for used in provenance["sources"]:
            source = registry.get(used["id"])
            by_producer.setdefault(source.producer, []).append((source.title, used["file"]))
    cited = []
    for producer, files in by_producer.items():
        if len(files) == 1:
            cited.append(f"{producer}, {files[0][0]} ({files[0][1]})")
        else:
            cited.append(f"{producer} ({', '.join(file for _title, file in files)})")
    return f"Source: {'; '.join(cited)}. {note}"


def _years_axis(ax) -> None:
    ax.xaxis.set_major_locator(mticker.MultipleLocator(2))
    ax.xaxis.set_major_formatter(mticker.FormatStrFormatter("%d"))


def exploitation_shares(rows: pd.DataFrame, provenance: dict[str, Any], groups,
                        folder: Path = paths.FIGURES) -> dict[str, Path]:
    """Share of detected victims by form of exploitation, world, per year."""
    shares = aggregates.shares(rows, *groups)
    fig, ax = style.figure()
    for form in FORMS:
        ax.plot(shares.index, shares[form] * 100, marker="o", markersize=3, linewidth=1.8, label=form)
    ax.set_title("Detected victims of trafficking by form of exploitation, world")
    ax.set_ylabel("Share of detected victims (%)")
    ax.set_ylim(0, 100)
    _years_axis(ax)
    ax.legend(loc="upper right", ncols=3, fontsize=8.5)
    note = f"Sum over the countries reporting each year (their number varies); {CENSORED_NOTE}."
    return style.save(fig, "glotip-exploitation-shares", _source_line([provenance], note),
                      {"inputs": [provenance], "filter": "area == 'World'"}, folder)


CHILDREN_AREAS = [aggregates.WORLD, "Africa", "Europe", aggregates.AFRICAN_PARTNERS,
                  aggregates.EUROPEAN_PARTNERS]


def children_share(age_rows: pd.DataFrame, provenance: dict[str, Any], groups,
                   folder: Path = paths.FIGURES) -> dict[str, Path]:
    """Share of children among detected victims, world, Africa, Europe and the Rabat groups."""
    shares = aggregates.children_share(age_rows, *groups)
    fig, ax = style.figure()
    for area, line in zip(CHILDREN_AREAS, ["-", "-", "-", "--", "--"]):
        rows = shares[shares["area"] == area]
        ax.plot(rows["year"], rows["share_children"] * 100, line, marker="o", markersize=3,
                linewidth=1.6, label=area)
    ax.set_title("Children (under 18) among detected victims of trafficking")
    ax.set_ylabel("Share of detected victims (%)")
    ax.set_ylim(0, 100)
    _years_axis(ax)
    ax.legend(loc="lower left", ncols=3, fontsize=8)
    note = ("Countries reporting both age groups in the year; Rabat Process partners without "
            f"observers; {CENSORED_NOTE}.")
    return style.save(fig, "glotip-children-share", _source_line([provenance], note),
                      {"inputs": [provenance], "filter": "Age in (0 to 17, 18 or over), both reported"},
                      folder)


def african_citizens_in_europe(citizenship_rows: pd.DataFrame, provenance: dict[str, Any],
                               groups, names: dict[str, str], top: int = 5,
                               folder: Path = paths.FIGURES) -> dict[str, Path]:
    """Victims detected in European partners who are citizens of African partners, by year."""
    flows = aggregates.african_flows(citizenship_rows, groups)
    fig, ax = style.figure()
    _stacked_by_country(ax, flows, "citizenship_iso3", "value", names, top)
    ax.set_title("Victims in European partner countries who are citizens of African partners")
    ax.set_ylabel("Detected victims")
    _years_axis(ax)
    ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    ax.legend(loc="upper left", fontsize=8.5, ncols=2)
    note = ("Citizenship as each European country reported it, attributed to African partner "
            f"countries by name (pipeline/extract/citizenship.py); {CENSORED_NOTE}.")
    return style.save(fig, "glotip-african-citizens-europe", _source_line([provenance], note),
                      {"inputs": [provenance], "filter": "detected in European partners, citizenship "
                       "attributed to an African partner"}, folder)


def _stacked_by_country(ax, rows: pd.DataFrame, country: str, value: str, names: dict[str, str],
                        top: int, scale: float = 1) -> pd.DataFrame:
    """Bars by year stacked by the ``top`` countries overall, the rest as "Other African partners"."""
    totals = rows.groupby(country)[value].sum().sort_values(ascending=False)
    leading = list(totals.index[:top])
    grouped = rows.assign(group=rows[country].where(rows[country].isin(leading), "other"))
    table = grouped.pivot_table(index="year", columns="group", values=value, aggfunc="sum", fill_value=0)
    table = table[[*leading, *(["other"] if "other" in table else [])]]
    bottom = pd.Series(0, index=table.index)
    for column, colour in zip(table.columns, style.PALETTE):
        ax.bar(table.index, table[column] / scale, bottom=bottom / scale, color=colour, width=0.8,
               label=names.get(column, "Other African partners"))
        bottom = bottom + table[column]
    return table


def vintages(rows_2025: pd.DataFrame, rows_2023: pd.DataFrame, provenances: list[dict[str, Any]],
             groups, folder: Path = paths.FIGURES) -> dict[str, Path]:
    """World detected victims by form of exploitation in the 2023 and 2025 exports."""
    fig, ax = style.figure()
    for rows, label, line in ((rows_2023, "2023 export", "--"), (rows_2025, "2025 export", "-")):
        sums = aggregates.aggregate(rows, *groups)
        world = sums[sums["area"] == aggregates.WORLD].groupby("year")["value"].sum()
        ax.plot(world.index, world.values, line, marker="o", markersize=3, linewidth=1.8, label=label)
    ax.set_title("Revisions: world detected victims (all forms) in two UNODC exports")
    ax.set_ylabel("Detected victims")
    ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    _years_axis(ax)
    ax.legend(loc="upper left", fontsize=8.5)
    note = f"Sum over reporting countries of the three forms of exploitation; {CENSORED_NOTE}."
    return style.save(fig, "glotip-vintages", _source_line(provenances, note),
                      {"inputs": provenances, "filter": "area == 'World', all forms"}, folder)


def dead_missing_by_route(route_year: pd.DataFrame, provenance: dict[str, Any],
                          folder: Path = paths.FIGURES) -> dict[str, Path]:
    """Dead and missing migrants per year on the routes of the Rabat Process region."""
    fig, ax = style.figure()
    for route in route_year["route"].drop_duplicates():
        rows = route_year[route_year["route"] == route]
        label = route.replace("Western Africa / Atlantic route to the Canary Islands",
                              "Atlantic route to the Canary Islands")
        ax.plot(rows["year"], rows["dead_and_missing"], marker="o", markersize=3, linewidth=1.8,
                label=label)
    ax.set_title("Dead and missing migrants by route, Rabat Process region")
    ax.set_ylabel("Dead and missing")
    ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    _years_axis(ax)
    ax.legend(loc="upper right", fontsize=8)
    by_year = route_year.groupby("year")[["from_derived", "dead_and_missing"]].sum()
    derived_years = list(by_year.index[by_year["from_derived"] * 2 > by_year["dead_and_missing"]])
    note = ("IOM exports harmonised, each incident counted once; years whose total rests mostly "
            f"on iom_europe.csv, a third party's subset of IOM data: {_years(derived_years)}. "
            "The Eastern Mediterranean route (Türkiye-Greece) is not a route of the Rabat Process "
            "region and is left out.")
    return style.save(fig, "iom-dead-missing-routes", _source_line([provenance], note),
                      {"inputs": [provenance], "filter": "route in the Rabat-region routes"}, folder)


def _years(years: list[int]) -> str:
    return ", ".join(str(year) for year in years) or "none"


def sea_arrivals_by_month(monthly: pd.DataFrame, provenance: dict[str, Any],
                          folder: Path = paths.FIGURES) -> dict[str, Path]:
    """Arrivals by month in the countries of arrival of the Rabat routes, 2014-2019."""
    fig, ax = style.figure()
    series = []
    for country, mode, label in aggregates.SEA_SERIES:
        rows = monthly[(monthly["country"] == country) & (monthly["mode"] == mode)]
        dates = pd.to_datetime(dict(year=rows["year"], month=rows["month"], day=1))
        series.append(pd.Series(rows["arrivals"].to_numpy(), index=dates, name=label))
    table = pd.concat(series, axis=1).sort_index().fillna(0)
    ax.stackplot(table.index, *[table[column] / 1000 for column in table.columns],
                 labels=table.columns, colors=style.PALETTE[:len(table.columns)])
    ax.set_title("Arrivals in Italy, Spain and Malta by month")
    ax.set_ylabel("Arrivals (thousands)")
    ax.legend(loc="upper right", fontsize=8.5)
    note = ("Italy and Malta: arrivals by sea; Spain: sea and land (Ceuta and Melilla); months not "
            "reported are shown as 0. Greece and Cyprus are left out: they are reached by the "
            "Eastern Mediterranean route, which is not a route of the Rabat Process region.")
    return style.save(fig, "unhcr-arrivals-monthly", _source_line([provenance], note),
                      {"inputs": [provenance],
                       "filter": "; ".join(f"{c} {m}" for c, m, _ in aggregates.SEA_SERIES)},
                      folder)


def asylum_applications(asylum: pd.DataFrame, provenance: dict[str, Any], names: dict[str, str],
                        top: int = 5, folder: Path = paths.FIGURES) -> dict[str, Path]:
    """Asylum applications lodged in European partners by nationals of African partners."""
    fig, ax = style.figure()
    table = _stacked_by_country(ax, asylum, "origin_iso3", "applications", names, top, scale=1000)
    ax.set_title("Asylum applications by nationals of African partners in European partners")
    ax.set_ylabel("Applications (thousands)")
    _years_axis(ax)
    ax.set_xlim(table.index.min() - 0.7, table.index.max() + 0.7)
    ax.legend(loc="upper left", fontsize=8.5, ncols=2)
    note = "First-instance applications (UNHCR dec_level FI, FA, NA); observers excluded."
    return style.save(fig, "unhcr-asylum-applications", _source_line([provenance], note),
                      {"inputs": [provenance], "filter": "origin in African partners, asylum in "
                       "European partners"}, folder)


# ---------------------------------------------------------------------------------------------
# Frontex detections on the Rabat routes

NOT_PERSONS = ("Detections of illegal border-crossing, not persons: one person may be detected "
               "more than once.")


def _route_label(route: str) -> str:
    return route.removesuffix(" Route")


def _partial_year(ax, detections: pd.DataFrame, totals: pd.Series, scale: float) -> str:
    """Hatch the bars of a partial last year, label them with its months; the note to add."""
    end = aggregates.last_month(detections)
    if end.month == 12:
        return ""
    months = f"{calendar.month_abbr[1]}-{calendar.month_abbr[end.month]}"
    for patch in ax.patches:
        if abs(patch.get_x() + patch.get_width() / 2 - end.year) < 0.5:
            patch.set_hatch("///")
            patch.set_alpha(0.55)
    ax.annotate(months, (end.year, totals.get(end.year, 0) / scale), xytext=(0, 2),
                textcoords="offset points", ha="center", va="bottom", fontsize=7.5, color="#555555")
    month_name = calendar.month_name[end.month]
    return f" {end.year}: January to {month_name} only (hatched)."


def frontex_detections_by_route(detections: pd.DataFrame, provenance: dict[str, Any],
                                folder: Path = paths.FIGURES) -> dict[str, Path]:
    """Detections of illegal border-crossing per year on the three routes of the Rabat region."""
    sums = aggregates.detections_by_route_year(detections)
    table = sums.pivot(index="year", columns="route", values="detections").fillna(0)
    table = table[[route for route in RABAT_ROUTES if route in table]]
    fig, ax = style.figure()
    bottom = pd.Series(0.0, index=table.index)
    for route, colour in zip(table.columns, style.PALETTE):
        ax.bar(table.index, table[route] / 1000, bottom=bottom / 1000, color=colour, width=0.8,
               label=_route_label(route))
        bottom = bottom + table[route]
    partial = _partial_year(ax, detections, bottom, 1000)
    ax.set_title("Detections of illegal border-crossing on the Rabat routes")
    ax.set_ylabel("Detections (thousands)")
    _years_axis(ax)
    ax.set_xlim(table.index.min() - 0.7, table.index.max() + 0.7)
    ax.legend(loc="upper left", fontsize=8.5)
    note = f"{NOT_PERSONS}{partial}"
    return style.save(fig, "frontex-detections-routes", _source_line([provenance], note),
                      {"inputs": [provenance], "filter": "route in " + ", ".join(RABAT_ROUTES)},
                      folder)


def frontex_african_nationalities(detections: pd.DataFrame, provenance: dict[str, Any], groups,
                                  names: dict[str, str], top: int = 6,
                                  folder: Path = paths.FIGURES) -> dict[str, Path]:
    """Nationals of African partners among the detections on the Rabat routes, by nationality."""
    african, _european = groups
    rows = aggregates.african_partner_detections(detections, african)
    fig, ax = style.figure()
    table = _stacked_by_country(ax, rows, "nationality", "detections", names, top, scale=1000)
    partial = _partial_year(ax, detections, table.sum(axis=1), 1000)
    ax.set_title("Nationals of African partner countries detected on the Rabat routes")
    ax.set_ylabel("Detections (thousands)")
    _years_axis(ax)
    ax.set_xlim(table.index.min() - 0.7, table.index.max() + 0.7)
    ax.legend(loc="upper left", fontsize=8.5, ncols=2)
    routes = ", ".join(_route_label(route) for route in RABAT_ROUTES)
    note = (f"Routes: {routes}. Nationality as Frontex records it (its codes for what is not "
            f"one country are attributed to none); observers excluded. {NOT_PERSONS}{partial}")
    return style.save(fig, "frontex-african-nationalities", _source_line([provenance], note),
                      {"inputs": [provenance], "filter": "route in the Rabat routes, nationality "
                       "in African partners"}, folder)
