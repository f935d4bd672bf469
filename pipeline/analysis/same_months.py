"""Like with like: the months of a year the edition counts, beside the same months a year earlier.

Why: the meeting paper knows 2015 only up to the month its publishers had released by 30
November 2015. Setting ten or eleven months of 2015 beside the twelve of 2014 measures the
calendar, not the trend; the expert review of the first draft caught exactly that. Each series
that a sentence compares across the two years gets a key for the same months of the year before
(``..._2014_same_months``), counted from the same table and cut as the current year's.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.analysis import aggregates
from pipeline.analysis.variables import KeyFigure, count, key_figure, percent
from pipeline.extract.frontex import CENTRAL_MED, WESTERN_AFRICAN, WESTERN_MED

Tables = dict[str, tuple[pd.DataFrame, dict[str, Any]]]

#: The years the meeting paper compares: the year of the meeting and the one before.
YEAR, BEFORE = 2015, 2014
FRONTEX_KEYS = {CENTRAL_MED: "central_mediterranean", WESTERN_MED: "western_mediterranean",
                WESTERN_AFRICAN: "western_african"}
#: IOM's routes at sea, whose deaths are comparable; the Sahara is recorded far less completely.
IOM_SEA = ("Central Mediterranean", "Western Mediterranean",
           "Western Africa / Atlantic route to the Canary Islands")


def through_month(frame: pd.DataFrame, year: int = YEAR) -> int | None:
    """The last month of ``year`` the table holds (after the edition's cut), or None."""
    months = frame.loc[frame["year"] == year, "month"]
    return int(months.max()) if len(months) else None


def same_months(frame: pd.DataFrame, value: str, last: int) -> tuple[float, float]:
    """The sums of ``value`` over January to ``last`` of the year and of the year before."""
    months = frame[frame["month"] <= last]
    return (months.loc[months["year"] == YEAR, value].sum(), months.loc[months["year"] == BEFORE, value].sum())


def key_figures(data: Tables) -> list[KeyFigure]:
    """Frontex's detections on the three routes, IOM's dead and missing at sea (and the
    Central Mediterranean's share of them) and UNHCR's arrivals in Italy, for the months of 2015
    the edition knows and the same months of 2014; none for an edition without 2015."""
    figures = []
    detections, provenance = data["frontex_route_month"]
    last = through_month(detections)
    if last:
        for route, route_key in FRONTEX_KEYS.items():
            _now, before = same_months(detections[detections["route"] == route], "detections", last)
            figures.append(key_figure(f"frontex.routes.{route_key}.detections_{BEFORE}_same_months", before,
                                      count(before), provenance,
                                      f"sum(detections), route == {route}, {BEFORE}, months 1-{last}"))
    deaths, provenance = data["iom_route_month"]
    last = through_month(deaths)
    if last:
        sea = deaths[deaths["route"].isin(IOM_SEA)]
        now, before = same_months(sea, "dead_and_missing", last)
        central, _ = same_months(sea[sea["route"] == "Central Mediterranean"], "dead_and_missing", last)
        routes = ", ".join(IOM_SEA)
        figures += [
            key_figure(f"iom.routes.sea_{YEAR}", now, count(now), provenance,
                       f"sum(dead_and_missing), routes {routes}, {YEAR}, months 1-{last}"),
            key_figure(f"iom.routes.sea_{BEFORE}_same_months", before, count(before), provenance,
                       f"sum(dead_and_missing), routes {routes}, {BEFORE}, months 1-{last}"),
            key_figure(f"iom.routes.central_mediterranean_share_sea_{YEAR}", central / now,
                       percent(central / now), provenance,
                       f"Central Mediterranean / the sea routes, {YEAR}, months 1-{last}"),
        ]
    monthly, provenance = data["unhcr_monthly_arrivals"]
    mode = next(mode for country, mode, _name in aggregates.SEA_SERIES if country == "Italy")
    italy = monthly[(monthly["country"] == "Italy") & (monthly["mode"] == mode)]
    last = through_month(italy)
    if last:
        _now, before = same_months(italy, "arrivals", last)
        figures.append(key_figure(f"unhcr.arrivals.italy_{BEFORE}_same_months", before, count(before),
                                  provenance, f"sum(arrivals), Italy, {BEFORE}, months 1-{last}"))
    return figures

