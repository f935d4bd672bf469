"""Revisions: how Frontex's monthly detections by route changed between two files of the series.

Why: the paper's Frontex figures come from ``frontex.rda`` (``frontex_route_month``, data as of
3 June 2025, to April 2025) and the update may run them to June 2026 with the workbook of
4 August 2026 (``frontex_route_month_2026``). Where both cover a month they should agree unless
Frontex revised it; the technical note says how often and by how much they differ, so that a
reader knows what changing file does to the figures.

Both are compared route by route and month by month over the months both span: a month of a
route that ``frontex.rda`` has no row for is 0 there (that file lists only months with
detections), and its border types are summed (the 2026 file has none).
"""
from __future__ import annotations

import pandas as pd

KEY = ["route", "year", "month"]


def route_month_revisions(older: pd.DataFrame, newer: pd.DataFrame) -> pd.DataFrame:
    """Per route and year, over the months both tables span: the months compared, how many the
    newer file revised, the year's detections in each, the difference (newer - older) and the
    largest revision of one month (signed)."""
    older = older.groupby(KEY, as_index=False)["detections"].sum()
    periods = pd.period_range(max(_month(older, 0), _month(newer, 0)),
                              min(_month(older, -1), _month(newer, -1)), freq="M")
    routes = sorted(set(older["route"]) | set(newer["route"]))
    grid = pd.DataFrame([(route, period.year, period.month) for route in routes for period in periods],
                        columns=KEY)
    both = grid.merge(older, on=KEY, how="left").merge(newer[[*KEY, "detections"]], on=KEY, how="left",
                                                       suffixes=("_older", "_newer"))
    both = both.fillna({"detections_older": 0, "detections_newer": 0})
    both["difference"] = both["detections_newer"] - both["detections_older"]
    both["revised"] = both["difference"] != 0
    largest = both.loc[both["difference"].abs().groupby([both["route"], both["year"]]).idxmax(),
                       ["route", "year", "difference"]].rename(columns={"difference": "largest_revision"})
    summary = both.groupby(["route", "year"], as_index=False).agg(
        months=("month", "size"), months_revised=("revised", "sum"),
        detections_older=("detections_older", "sum"), detections_newer=("detections_newer", "sum"),
        difference=("difference", "sum")).merge(largest, on=["route", "year"])
    counts = ["months_revised", "detections_older", "detections_newer", "difference", "largest_revision"]
    return summary.astype({column: int for column in counts}).sort_values(["route", "year"], ignore_index=True)


def _month(table: pd.DataFrame, position: int) -> pd.Period:
    """The first (``position`` 0) or last (-1) month of a table."""
    row = table.sort_values(["year", "month"]).iloc[position]
    return pd.Period(year=int(row["year"]), month=int(row["month"]), freq="M")
