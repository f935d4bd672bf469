"""Frontex's routes by month to June 2026 (JSON): every route and month, the workbook's source note
dropped, any other unknown name refused; and the comparison with frontex.rda where both cover a
month (revisions).

Values marked "read by hand" were read from the raw JSON with the standard library alone
(``json.load(...)["data"]["monthly"][route]``) or, for frontex.rda, with pyreadr and a pandas sum.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline.analysis import revisions
from pipeline.errors import SourceFormatError
from pipeline.extract import frontex, frontex_routes

FILE = "frontex_routes_2026-08-04.json"
NOTE = "Source: FRAN data as of 04AUG26"


@pytest.fixture(scope="module")
def months(raw_dir):
    return frontex_routes.read_route_months(raw_dir / FILE)


def _month(table: pd.DataFrame, route: str, year: int, month: int) -> int:
    (value,) = table[(table["route"] == route) & (table["year"] == year) & (table["month"] == month)]["detections"]
    return int(value)


def _write(tmp_path, monthly: dict, annual: list | None = None):
    if annual is None:
        annual = [{"route": route, "year": int(points[0]["m"][:4]), "value": sum(p["v"] for p in points)}
                  for route, points in monthly.items()]
    path = tmp_path / FILE
    path.write_text(json.dumps({"source": "test", "retrieved": "2026-08-06",
                                "data": {"monthly": monthly, "annual": annual}}))
    return path


def _points(*values, year=2026):
    return [{"m": f"{year}-{month:02d}", "v": value} for month, value in enumerate(values, 1)]


# --- the real file ------------------------------------------------------------------------------


def test_real_file_every_route_and_month_from_january_2009_to_june_2026(months):
    assert len(months) == 9 * 210  # read by hand: ten series of 210 months, one the source note
    assert set(months["route"]) == set(frontex.ROUTES) and NOTE not in set(months["route"])
    assert (months["year"].min(), months["year"].max()) == (2009, 2026)
    assert months[months["year"] == 2026]["month"].max() == 6


def test_hand_picked_months(months):
    # Read by hand.
    assert _month(months, frontex.CENTRAL_MED, 2026, 6) == 2_811
    assert _month(months, frontex.CENTRAL_MED, 2015, 10) == 8_916
    assert _month(months, frontex.WESTERN_AFRICAN, 2009, 1) == 361
    assert _month(months, frontex.WESTERN_AFRICAN, 2024, 1) == 7_214
    assert _month(months, frontex.WESTERN_MED, 2026, 6) == 1_488
    assert _month(months, "Black Sea Route", 2009, 2) == 1


def test_months_without_detections_are_zeros_not_gaps(months):
    assert _month(months, "Black Sea Route", 2009, 1) == 0  # read by hand
    assert months.groupby("route").size().eq(210).all()


def test_the_years_agree_with_frontex_rda_where_provenance_gives_them(months):
    by_year = months.groupby("year")["detections"].sum()
    assert (by_year[2014], by_year[2015]) == (282_873, 1_822_102)  # PROVENANCE.md, for frontex.rda


# --- changed files ------------------------------------------------------------------------------


def test_the_source_note_is_dropped_only_while_it_holds_no_counts(tmp_path):
    route = {frontex.CENTRAL_MED: _points(5, 7)}
    table = frontex_routes.read_route_months(_write(tmp_path, {**route, NOTE: _points(0, 0)}))
    assert table["detections"].tolist() == [5, 7] and set(table["route"]) == {frontex.CENTRAL_MED}
    with pytest.raises(SourceFormatError, match=f"source {frontex_routes.SOURCE_ID}: .*{FILE}: the row "
                       f"'{NOTE}', the workbook's source note, holds counts"):
        frontex_routes.read_route_months(_write(tmp_path, {**route, NOTE: _points(0, 3)}))


def test_a_route_frontex_did_not_have_is_refused_by_name(tmp_path):
    with pytest.raises(SourceFormatError, match="a route named 'Atlantic Route', which is none of"):
        frontex_routes.read_route_months(_write(tmp_path, {"Atlantic Route": _points(5)}))


def test_route_names_are_matched_whatever_their_case():
    assert frontex.route_named("central mediterranean route") == frontex.CENTRAL_MED
    assert frontex.route_named("Western Mediterranean route (ESP)") == frontex.WESTERN_MED
    assert frontex.route_named("Atlantic Route") is None


def test_annual_totals_that_are_not_the_sums_of_the_months_are_refused(tmp_path):
    monthly = {frontex.CENTRAL_MED: _points(5, 7)}
    annual = [{"route": frontex.CENTRAL_MED, "year": 2026, "value": 13}]
    with pytest.raises(SourceFormatError, match="annual total for Central Mediterranean Route 2026 is 13, "
                       "but its months add up to 12"):
        frontex_routes.read_route_months(_write(tmp_path, monthly, annual))


def test_a_count_with_a_fraction_or_routes_with_other_months_are_refused(tmp_path):
    with pytest.raises(SourceFormatError, match="a point that is not"):
        frontex_routes.read_route_months(_write(tmp_path, {frontex.CENTRAL_MED: _points(5, 7.5)}))
    with pytest.raises(SourceFormatError, match="lists other months than the first route"):
        frontex_routes.read_route_months(_write(tmp_path, {frontex.CENTRAL_MED: _points(5, 7),
                                                           frontex.WESTERN_MED: _points(5)}))


def test_a_file_that_is_not_this_json_names_the_source(tmp_path):
    path = tmp_path / FILE
    path.write_text('{"error": "rate limited"}')
    with pytest.raises(SourceFormatError, match=f"source {frontex_routes.SOURCE_ID}: .*not the JSON of "
                       "Frontex's routes by month"):
        frontex_routes.read_route_months(path)


# --- revisions: frontex.rda against the 2026 file ----------------------------------------------


def _older(rows):
    return pd.DataFrame(rows, columns=["route", "border_type", "year", "month", "detections"])


def _newer(rows):
    return pd.DataFrame(rows, columns=["route", "year", "month", "detections"])


def test_revisions_count_the_months_a_newer_file_changed_and_by_how_much():
    older = _older([("A", "Sea", 2025, 1, 10), ("A", "Land", 2025, 1, 5), ("A", "Sea", 2025, 3, 4),
                    ("B", "Sea", 2025, 2, 8)])
    newer = _newer([("A", 2025, 1, 15), ("A", 2025, 2, 2), ("A", 2025, 3, 4), ("A", 2025, 4, 99),
                    ("B", 2025, 1, 0), ("B", 2025, 2, 6), ("B", 2025, 3, 0), ("B", 2025, 4, 1)])
    table = revisions.route_month_revisions(older, newer).set_index("route")
    # Both span January to March 2025 (April is in the newer file only). A: its border types sum to
    # 15 in January (unrevised); February is absent from the older file (0), 2 in the newer.
    assert table.loc["A"][["months", "months_revised", "detections_older", "detections_newer",
                           "difference", "largest_revision"]].tolist() == [3, 1, 19, 21, 2, 2]
    assert table.loc["B"][["months_revised", "difference", "largest_revision"]].tolist() == [1, -2, -2]


def test_real_files_differ_only_where_frontex_revised_a_month(raw_dir, months):
    older = frontex.route_month_totals(raw_dir / "frontex.rda")
    table = revisions.route_month_revisions(older, months)
    assert set(table["year"]) == set(range(2009, 2026)) and table["months"].max() == 12
    eastern_borders = table[(table["route"] == "Eastern Borders Route") & (table["year"] == 2025)].iloc[0]
    # Read by hand: April 2025 is 2,955 in frontex.rda (pyreadr, summed) and 567 in the 2026 file;
    # January-March are 524, 477, 612 in both.
    assert eastern_borders[["months", "months_revised", "largest_revision"]].tolist() == [4, 1, 567 - 2_955]
    assert table[table["year"] <= 2022]["months_revised"].sum() == 0
