"""The aggregates that both the figures and the key figures rest on, computed in one place.

A figure and the sentence that describes it must say the same thing; that holds only if both
are drawn from the same sums. GLOTIP's country rows are summed here into the world, UNODC's
regions and the Rabat Process groups; GLOTIP's free-text citizenships of victims detected in
Europe are attributed to African partners; UNHCR's monthly arrivals are selected by country and
mode of arrival; Frontex's detections are summed by route and year and by nationality; Eurostat's
asylum applicants are summed over the European partner countries. The tables a chart draws
(years by route, by nationality) are made here too, so that a sentence bound to a figure
(pipeline.analysis.statements) is checked on what the figure shows.
"""
from __future__ import annotations

import pandas as pd

from pipeline.extract import citizenship
from pipeline.extract.frontex import RABAT_ROUTES
from pipeline.extract.glotip import AGES, FORMS, REGIONS
from pipeline.tables import Table, Tables

WORLD = "World"
AFRICAN_PARTNERS, EUROPEAN_PARTNERS = "African partners", "European partners"
AREAS = [WORLD, *REGIONS, AFRICAN_PARTNERS, EUROPEAN_PARTNERS]


def with_areas(rows: pd.DataFrame, african: frozenset[str], european: frozenset[str]) -> pd.DataFrame:
    """Each country row once per area it belongs to: World, its UNODC region, a Rabat group."""
    world = rows.assign(area=WORLD)
    regions = rows.assign(area=rows["region"])
    rabat = [rows[rows["iso3"].isin(codes)].assign(area=name)
             for name, codes in ((AFRICAN_PARTNERS, african), (EUROPEAN_PARTNERS, european))]
    return pd.concat([world, regions, *rabat], ignore_index=True)


def aggregate(rows: pd.DataFrame, african: frozenset[str], european: frozenset[str],
              by: tuple[str, ...] = ("year", "category")) -> pd.DataFrame:
    """Sums by area and ``by``, with the countries and "<5" cells each sum rests on."""
    keyed = with_areas(rows, african, european)
    keyed["area"] = pd.Categorical(keyed["area"], AREAS, ordered=True)
    sums = keyed.groupby(["area", *by], observed=True).agg(
        value=("value", "sum"), value_upper=("value_upper", "sum"),
        countries=("country", "nunique"), censored_cells=("censored", "sum"),
    )
    return sums.reset_index().astype({"area": str})


def shares(rows: pd.DataFrame, african: frozenset[str], european: frozenset[str],
           area: str = WORLD, categories=FORMS) -> pd.DataFrame:
    """Each category's share of the area's total per year (lower-bound counts)."""
    sums = aggregate(rows, african, european)
    table = sums[sums["area"] == area].pivot(index="year", columns="category", values="value")
    table = table[list(categories)]
    return table.div(table.sum(axis=1), axis=0)


def pair_shares(rows: pd.DataFrame, first: str, second: str, african: frozenset[str],
                european: frozenset[str]) -> pd.DataFrame:
    """The counts of ``first`` and ``second`` (two categories: children and adults, women and
    men) by area and year, and the share of ``first`` among both.

    Only countries that reported both categories in a year count, so that the share is not
    biased by countries reporting one of them alone.
    """
    pair = rows[rows["category"].isin([first, second])]
    both = pair.groupby(["country", "year"])["category"].transform("nunique") == 2
    sums = aggregate(pair[both], african, european)
    table = sums.pivot_table(index=["area", "year"], columns="category", values="value", aggfunc="sum")
    countries = sums.groupby(["area", "year"])["countries"].max()
    result = pd.DataFrame({"first": table[first], "second": table[second], "countries": countries}).reset_index()
    result["share"] = result["first"] / (result["first"] + result["second"])
    return result


def pair_reporters(rows: pd.DataFrame, first: str, second: str, start: int, end: int,
                   in_area: pd.Series) -> int:
    """How many countries of an area reported both categories in at least one year from
    ``start`` to ``end``: what a pooled share of :func:`pair_shares` rests on."""
    pair = rows[in_area & rows["year"].between(start, end) & rows["category"].isin([first, second])]
    both = pair.groupby(["country", "year"])["category"].nunique() == 2
    return both[both].index.get_level_values("country").nunique()


def children_share(age_rows: pd.DataFrame, african: frozenset[str], european: frozenset[str]
                   ) -> pd.DataFrame:
    """Share of children among detected victims by area and year (``share_children``)."""
    shares = pair_shares(age_rows, AGES[0], AGES[1], african, european)
    return shares.rename(columns={"first": "children", "second": "adults", "share": "share_children"})


def african_flows(citizenship_rows: pd.DataFrame, groups) -> pd.DataFrame:
    """Citizenship rows of European partners attributed to African partner countries."""
    african, european = groups
    rows = citizenship_rows[citizenship_rows["iso3"].isin(european)].copy()
    rows["citizenship_iso3"] = rows["category"].map(citizenship.african_rabat_iso3)
    return rows[rows["citizenship_iso3"].isin(african)]


#: The series of the arrivals figure and of the arrivals totals: country, mode, label. Only the
#: countries of arrival of the Rabat routes: Greece and Cyprus are reached by the Eastern
#: Mediterranean route, which is not one (see :data:`EASTERN_MED_ARRIVALS`).
SEA_SERIES = [("Italy", "all", "Italy"), ("Spain", "all", "Spain (sea and land)"),
              ("Malta", "all", "Malta")]
#: Greece's sea arrivals, for context only: the Eastern Mediterranean route, not a Rabat route.
EASTERN_MED_ARRIVALS = ("Greece", "sea", "Greece (sea)")


def by_year(rows: pd.DataFrame, column: str, value: str) -> pd.DataFrame:
    """``value`` summed by year (the rows) and ``column`` (the columns), 0 where a year has no
    row of a column: what a stacked bar chart draws, and what a statement about it is checked on."""
    return rows.pivot_table(index="year", columns=column, values=value, aggfunc="sum", fill_value=0)


def sea_arrivals(monthly: pd.DataFrame) -> pd.DataFrame:
    """The monthly rows of :data:`SEA_SERIES`: one mode per country of arrival, never two."""
    return pd.concat([monthly[(monthly["country"] == country) & (monthly["mode"] == mode)]
                      for country, mode, _ in SEA_SERIES])


def sea_arrivals_table(monthly: pd.DataFrame) -> pd.DataFrame:
    """Arrivals by month (rows: the first day of each month) and country of arrival (columns, in
    :data:`SEA_SERIES` order), 0 where a country has no row for a month."""
    rows = sea_arrivals(monthly)
    rows = rows.assign(date=pd.to_datetime(dict(year=rows["year"], month=rows["month"], day=1)))
    table = rows.pivot_table(index="date", columns="country", values="arrivals", aggfunc="sum", fill_value=0)
    return table[[country for country, _mode, _name in SEA_SERIES if country in table]]


# ---------------------------------------------------------------------------------------------
# Frontex detections on the Rabat routes (frontex_detections, frontex_route_month)


def detections_by_route_year(detections: pd.DataFrame) -> pd.DataFrame:
    """Detections per route and year (``route, year, detections``), routes in
    :data:`~pipeline.extract.frontex.RABAT_ROUTES` order when they are Rabat routes. The last
    year may be partial: :func:`last_month` says to which month the table goes.
    """
    sums = detections.groupby(["route", "year"], as_index=False)["detections"].sum()
    order = {route: number for number, route in enumerate(RABAT_ROUTES)}
    sums = sums.assign(order=sums["route"].map(order).fillna(len(order)))
    return sums.sort_values(["order", "route", "year"], ignore_index=True).drop(columns="order")


def detections_route_table(detections: pd.DataFrame) -> pd.DataFrame:
    """Detections by year (rows) and Rabat route (columns, in :data:`RABAT_ROUTES` order)."""
    sums = detections_by_route_year(detections)
    table = sums.pivot(index="year", columns="route", values="detections").fillna(0)
    return table[[route for route in RABAT_ROUTES if route in table]]


#: Frontex's detections by route and month, in two files: ``frontex.rda`` (to April 2025, with
#: border types, and the nationalities of ``frontex_detections``) and the workbook of 4 August 2026
#: (to June 2026, routes only).
ROUTE_TABLES = ("frontex_route_month", "frontex_route_month_2026")


def route_months(data: Tables) -> Table:
    """Frontex's detections by route and month for an edition: the file that runs furthest on the
    edition's date. Where both run as far (an edition dated before May 2025, the meeting's among
    them), the older one, whose nationalities (``frontex_detections``) then come from the same
    file as the totals they are a share of. On the three routes of the region the two files give
    the same detections for every month both hold (the technical note's revisions). Without the
    newer file (tables made up for a test, an edition built without it), the older one."""
    older, newer = data[ROUTE_TABLES[0]], data.get(ROUTE_TABLES[1])
    if newer is None or newer.frame.empty or last_month(newer.frame) <= last_month(older.frame):
        return older
    return newer


def rabat_route_months(data: Tables) -> Table:
    """:func:`route_months`, the three routes of the Rabat Process region only."""
    table = route_months(data)
    return Table(table.frame[table.frame["route"].isin(RABAT_ROUTES)], table.provenance)


def last_month(monthly: pd.DataFrame) -> pd.Timestamp:
    """The first day of the last month a monthly table (``year``, ``month``) holds."""
    year = int(monthly["year"].max())
    month = int(monthly.loc[monthly["year"] == year, "month"].max())
    return pd.Timestamp(year=year, month=month, day=1)


def whole_years(monthly: pd.DataFrame) -> list[int]:
    """The years a monthly table holds to December: the others are partial (a "peak year"
    must not be one)."""
    last = monthly.groupby("year")["month"].max()
    return [int(year) for year, month in last.items() if month == 12]


#: Frontex's codes for a nationality that is not one country (kept as given in the table).
FRONTEX_NOT_A_COUNTRY = frozenset({"OOS", "OOO", "STL"})


def african_partner_detections(detections: pd.DataFrame, african: frozenset[str]) -> pd.DataFrame:
    """The rows of nationals of African partner countries (Frontex's codes for what is not one
    country are attributed to none)."""
    return detections[detections["nationality"].isin(african)]


def route_nationals(detections: pd.DataFrame, route: str) -> pd.DataFrame:
    """The rows of one route whose nationality is a country (an ISO3 code, none of Frontex's
    codes for what is not one country)."""
    return detections[(detections["route"] == route) & detections["nationality"].str.fullmatch(r"[A-Z]{3}")
                      & ~detections["nationality"].isin(FRONTEX_NOT_A_COUNTRY)]


def leading(rows: pd.DataFrame, year: int, country: str, value: str, top: int = 3) -> pd.Series:
    """The ``top`` countries (column ``country``) of ``year`` by ``value``, largest first (ties
    by code), for the "leading nationalities" of Frontex's and Eurostat's tables."""
    sums = rows[rows["year"] == year].groupby(country)[value].sum()
    return sums.sort_index().sort_values(ascending=False, kind="stable").head(top)


# ---------------------------------------------------------------------------------------------
# UNHCR asylum applications (unhcr_asylum_partners)


def asylum_in_partners(asylum: pd.DataFrame, african: frozenset[str], european: frozenset[str]) -> pd.DataFrame:
    """UNHCR's rows of applications by nationals of African partners in European partners."""
    return asylum[asylum["origin_iso3"].isin(african) & asylum["asylum_iso3"].isin(european)]


# ---------------------------------------------------------------------------------------------
# Eurostat asylum applicants (eurostat_asylum_applicants, eurostat_asylum_totals)


def applicants_in_partners(rows: pd.DataFrame, european: frozenset[str]) -> pd.Series:
    """Applicants by year, summed over the European partners' own rows (never with the EU27
    aggregate, which would count them twice)."""
    return rows[rows["reporting_country"].isin(european)].groupby("year")["applicants"].sum()
