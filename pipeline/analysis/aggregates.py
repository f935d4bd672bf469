"""The aggregates that both the figures and the key figures rest on, computed in one place.

A figure and the sentence that describes it must say the same thing; that holds only if both
are drawn from the same sums. GLOTIP's country rows are summed here into the world, UNODC's
regions and the Rabat Process groups; GLOTIP's free-text citizenships of victims detected in
Europe are attributed to African partners; UNHCR's monthly arrivals are selected by country and
mode of arrival.
"""
from __future__ import annotations

import pandas as pd

from pipeline.extract import citizenship
from pipeline.extract.glotip import AGES, FORMS, REGIONS

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


def children_share(age_rows: pd.DataFrame, african: frozenset[str], european: frozenset[str]
                   ) -> pd.DataFrame:
    """Share of children among detected victims by area and year.

    Only countries that reported both age groups in a year count, so that the share is not
    biased by countries reporting one group alone.
    """
    both = age_rows.groupby(["country", "year"])["category"].transform("nunique") == len(AGES)
    sums = aggregate(age_rows[both], african, european)
    table = sums.pivot_table(index=["area", "year"], columns="category", values="value",
                             aggfunc="sum")
    countries = sums.groupby(["area", "year"])["countries"].max()
    result = pd.DataFrame({
        "children": table[AGES[0]], "adults": table[AGES[1]], "countries": countries,
    }).reset_index()
    result["share_children"] = result["children"] / (result["children"] + result["adults"])
    return result


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


def sea_arrivals(monthly: pd.DataFrame) -> pd.DataFrame:
    """The monthly rows of :data:`SEA_SERIES`: one mode per country of arrival, never two."""
    return pd.concat([monthly[(monthly["country"] == country) & (monthly["mode"] == mode)]
                      for country, mode, _ in SEA_SERIES])
