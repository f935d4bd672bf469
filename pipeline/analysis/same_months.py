"""Like with like: the months of a year the edition counts, beside the same months a year earlier.

Why: the meeting paper knows 2015 only up to the month its publishers had released by 30
November 2015. Setting ten or eleven months of 2015 beside the twelve of 2014 measures the
calendar, not the trend; the expert review of the first draft caught exactly that. Each series
that a sentence compares across the two years gets a key for the same months of the year before
(``..._2014_same_months``), counted from the same table and cut as the current year's.
"""
from __future__ import annotations

import pandas as pd

from pipeline.analysis import aggregates
from pipeline.analysis.variables import KeyFigure, count, key_figure, percent
from pipeline.extract.frontex import CENTRAL_MED
from pipeline.tables import Tables

#: The years the meeting paper compares: the year of the meeting and the one before.
YEAR, BEFORE = 2015, 2014
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
    """Frontex's detections on the Central Mediterranean route, IOM's dead and missing at sea (and
    the Central Mediterranean's share of them) and UNHCR's arrivals in Italy, for the months of
    2015 the edition knows and the same months of 2014; none for an edition without 2015."""
    figures = []
    detections = data["frontex_route_month"]
    last = through_month(detections.frame)
    if last:
        central = detections.frame[detections.frame["route"] == CENTRAL_MED]
        _now, before = same_months(central, "detections", last)
        figures.append(key_figure("frontex.routes.central_mediterranean.detections_2014_same_months", count(before),
                                  detections.provenance,
                                  f"sum(detections), route == {CENTRAL_MED}, {BEFORE}, months 1-{last}"))
    deaths = data["iom_route_month"]
    last = through_month(deaths.frame)
    if last:
        sea = deaths.frame[deaths.frame["route"].isin(IOM_SEA)]
        now, before = same_months(sea, "dead_and_missing", last)
        central, _ = same_months(sea[sea["route"] == "Central Mediterranean"], "dead_and_missing", last)
        routes = ", ".join(IOM_SEA)
        figures += [
            key_figure("iom.routes.sea_2015", count(now), deaths.provenance,
                       f"sum(dead_and_missing), routes {routes}, {YEAR}, months 1-{last}"),
            key_figure("iom.routes.sea_2014_same_months", count(before), deaths.provenance,
                       f"sum(dead_and_missing), routes {routes}, {BEFORE}, months 1-{last}"),
            key_figure("iom.routes.central_mediterranean_share_sea_2015", percent(central / now),
                       deaths.provenance, f"Central Mediterranean / the sea routes, {YEAR}, months 1-{last}"),
        ]
    arrivals = data["unhcr_monthly_arrivals"]
    mode = next(mode for country, mode, _name in aggregates.SEA_SERIES if country == "Italy")
    italy = arrivals.frame[(arrivals.frame["country"] == "Italy") & (arrivals.frame["mode"] == mode)]
    last = through_month(italy)
    if last:
        _now, before = same_months(italy, "arrivals", last)
        figures.append(key_figure("unhcr.arrivals.italy_2014_same_months", count(before), arrivals.provenance,
                                  f"sum(arrivals), Italy, {BEFORE}, months 1-{last}"))
    return figures
