"""The update's years since the meeting (pipeline/analysis/since_2015.py), the file of Frontex's
routes each edition reads (aggregates.route_months), and the table of changes that sets 2015
beside the latest period (annexes.changes_annex)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from test_markup import unescaped

from pipeline.analysis import aggregates, since_2015
from pipeline.analysis.variables import count, key_figure, year
from pipeline.extract.frontex import CENTRAL_MED, WESTERN_AFRICAN, WESTERN_MED
from pipeline.paper import annexes
from pipeline.tables import Table


def _routes(last: tuple[int, int], detections: dict[tuple[str, int], int] | None = None,
            source: str = "file") -> Table:
    """Monthly detections on the three routes from January 2014 to ``last`` (year, month), each
    month of a year carrying a twelfth of that route's yearly figure (default 120)."""
    rows = []
    for when in pd.period_range("2014-01", f"{last[0]}-{last[1]:02d}", freq="M"):
        for route in (CENTRAL_MED, WESTERN_MED, WESTERN_AFRICAN):
            yearly = (detections or {}).get((route, when.year), 120)
            rows.append({"route": route, "year": when.year, "month": when.month, "detections": yearly // 12})
    return Table(pd.DataFrame(rows), {"source": source, "sources": [source], "table": "frontex_route_month"})


def _data(older: Table, newer: Table | None = None) -> dict[str, Table]:
    data = {"frontex_route_month": older}
    if newer is not None:
        data["frontex_route_month_2026"] = newer
    return data


def _values(figures) -> dict[str, float]:
    return {figure.key: figure.value for figure in figures}


def test_an_edition_reads_the_file_of_routes_that_runs_furthest():
    older, newer = _routes((2025, 4), source="rda"), _routes((2026, 6), source="workbook")
    assert aggregates.route_months(_data(older, newer)).provenance["source"] == "workbook"


def test_where_both_files_run_as_far_the_older_one_with_its_nationalities_is_read():
    older, newer = _routes((2015, 11), source="rda"), _routes((2015, 11), source="workbook")
    assert aggregates.route_months(_data(older, newer)).provenance["source"] == "rda"
    assert aggregates.route_months(_data(older)).provenance["source"] == "rda"


def test_an_edition_without_a_whole_year_after_2015_makes_no_key_of_the_years_since():
    meeting = _data(_routes((2015, 11)))
    assert since_2015.frontex(meeting) == [] and since_2015.frontex_partial_year(meeting) == []


def test_the_latest_whole_year_and_each_routes_peak_are_of_whole_years_only():
    # 2026 is partial and would be the Central Mediterranean's highest if it counted.
    detections = {(CENTRAL_MED, 2016): 1200, (CENTRAL_MED, 2026): 6000, (WESTERN_AFRICAN, 2024): 2400}
    figures = _values(since_2015.frontex(_data(_routes((2026, 6), detections))))
    assert figures["frontex.latest_whole_year"] == 2025
    assert figures["frontex.routes.central_mediterranean.peak_year"] == 2016
    assert figures["frontex.routes.western_african.peak_year"] == 2024
    assert figures["frontex.rabat_routes.detections_latest_whole"] == 3 * 120


def test_a_partial_latest_year_is_set_beside_the_same_months_of_the_year_before():
    detections = {(CENTRAL_MED, 2025): 240, (CENTRAL_MED, 2026): 120}
    figures = _values(since_2015.frontex_partial_year(_data(_routes((2026, 6), detections))))
    assert figures["frontex.routes.central_mediterranean.detections_latest_partial"] == 6 * 10
    assert figures["frontex.routes.central_mediterranean.detections_latest_partial_year_before"] == 6 * 20


def test_a_whole_latest_year_makes_no_partial_comparison():
    assert since_2015.frontex_partial_year(_data(_routes((2025, 12)))) == []


def _figure(key: str, display) -> tuple[str, object]:
    return key, key_figure(key, display, {"sources": [], "table": "test"}, "test")


def test_the_table_of_changes_sets_2015_beside_the_latest_period_and_skips_rows_it_lacks():
    figures = dict([_figure("frontex.rabat_routes.detections_2015", count(150000)),
                    _figure("frontex.rabat_routes.detections_latest_whole", count(90000)),
                    _figure("frontex.latest_whole_year", year(2025))])
    table = unescaped(annexes.changes_annex(figures, dt.date(2026, 12, 1), "en"))
    [row] = [line for line in table.splitlines() if "three routes" in line]
    assert "150,000" in row and "90,000 (2025)" in row
    assert "Central Mediterranean" not in table  # its keys are absent: the row is left out
