"""Frontex detections (frontex.rda): read whole with pyreadr, dated by month, the Rabat routes
kept apart from the others, and a clear error (nothing written) for a damaged or changed file.

Values marked "checked by hand" were read with pyreadr alone (no pipeline code):
``pyreadr.read_r("frontex.rda")["frontex"]`` and pandas sums over its columns.
"""
from __future__ import annotations

import pandas as pd
import pytest
import rdata_factory

from pipeline.errors import SourceFormatError
from pipeline.extract import frontex
from pipeline.extract import step as extract
from pipeline.sources import registry, resolve

FILE = "frontex.rda"


@pytest.fixture(scope="module")
def detections(raw_dir):
    return frontex.read_detections(raw_dir / FILE)


def _valid_rows(**changes) -> pd.DataFrame:
    """Two rows in the real layout (t = 16436: 1 January 2015), with ``changes`` applied."""
    rows = pd.DataFrame({"route": [frontex.CENTRAL_MED, frontex.EASTERN_MED], "type": ["Sea", "Land"],
                         "nat": ["NGA", "SYR"], "t": [16436.0, 16467.0], "n": [5.0, 7.0]})
    return rows.assign(**changes)


def _error(tmp_path, frame, name=frontex.DATA_SET) -> str:
    path = rdata_factory.write(tmp_path / FILE, name, frame)
    with pytest.raises(SourceFormatError) as caught:
        frontex.read_detections(path)
    message = str(caught.value)
    assert message.startswith(f"source {frontex.SOURCE_ID}: ") and FILE in message
    return message


# --- the real file --------------------------------------------------------------------------


def test_real_file_every_row_and_the_yearly_sums_provenance_gives(detections):
    assert len(detections) == 34_273
    by_year = detections.groupby("year")["detections"].sum()
    assert (by_year[2014], by_year[2015]) == (282_873, 1_822_102)  # PROVENANCE.md


def test_r_dates_become_year_and_month(detections):
    # Checked by hand: row 1 is Central Mediterranean, Sea, BGD, t = 14245 (2009-01-01), n = 41;
    # row 2 the same with t = 14276 (2009-02-01), n = 7. The last month is April 2025 (t = 20179).
    bgd = detections[(detections["route"] == frontex.CENTRAL_MED) & (detections["nationality"] == "BGD")]
    assert bgd.iloc[0][["year", "month", "detections"]].tolist() == [2009, 1, 41]
    assert bgd.iloc[1][["year", "month", "detections"]].tolist() == [2009, 2, 7]
    last = detections.sort_values(["year", "month"]).iloc[-1]
    assert (last["year"], last["month"]) == (2025, 4)


def test_frontex_codes_for_no_single_country_are_kept_as_given(detections):
    assert {"OOS", "OOO", "STL", "XKX"} <= set(detections["nationality"])


def test_rabat_table_keeps_every_nationality_of_the_three_routes_only(raw_dir, detections):
    rabat = frontex.rabat_route_detections(raw_dir / FILE)
    assert set(rabat["route"]) == set(frontex.RABAT_ROUTES) and frontex.EASTERN_MED not in frontex.RABAT_ROUTES
    assert len(rabat) == 12_714
    # Checked by hand: Central Mediterranean 2015 = 153,946; Western African 2015 = 874.
    by_route = rabat[rabat["year"] == 2015].groupby("route")["detections"].sum()
    assert (by_route[frontex.CENTRAL_MED], by_route[frontex.WESTERN_AFRICAN]) == (153_946, 874)
    assert rabat["nationality"].nunique() == detections.loc[
        detections["route"].isin(frontex.RABAT_ROUTES), "nationality"].nunique()


def test_route_month_totals_add_up_to_the_whole_file(raw_dir, detections):
    totals = frontex.route_month_totals(raw_dir / FILE)
    assert totals.groupby("year")["detections"].sum().equals(detections.groupby("year")["detections"].sum())
    eastern_2015 = totals[(totals["route"] == frontex.EASTERN_MED) & (totals["year"] == 2015)]
    assert eastern_2015["detections"].sum() == 885_386  # checked by hand
    assert set(totals["route"]) == set(frontex.ROUTES)


# --- damaged or changed files ---------------------------------------------------------------


def test_a_file_cut_short_names_the_source_and_says_to_fetch_again(raw_dir, tmp_path):
    path = rdata_factory.truncated(raw_dir / FILE, tmp_path / FILE)
    with pytest.raises(SourceFormatError, match="cannot be read as an R data file") as caught:
        frontex.read_detections(path)
    assert frontex.SOURCE_ID in str(caught.value) and f"sources fetch {frontex.SOURCE_ID}" in str(caught.value)


def test_a_file_that_is_not_r_data_names_the_source(tmp_path):
    path = tmp_path / FILE
    path.write_text("<html>Service unavailable</html>")
    with pytest.raises(SourceFormatError, match=f"source {frontex.SOURCE_ID}: .*{FILE}"):
        frontex.read_detections(path)


def test_a_renamed_data_set_is_named(tmp_path):
    assert "holds no data set 'frontex' (holds ['ibc'])" in _error(tmp_path, _valid_rows(), name="ibc")


def test_a_renamed_column_is_named(tmp_path):
    message = _error(tmp_path, _valid_rows().rename(columns={"nat": "citizenship"}))
    assert "missing ['nat'], unexpected ['citizenship']" in message


def test_a_date_that_is_not_the_first_of_a_month_is_refused(tmp_path):
    assert "t is not the first of a month in 1 rows (row 2: 2015-02-15)" in _error(
        tmp_path, _valid_rows(t=[16436.0, 16481.0]))


def test_a_count_with_a_fraction_is_refused(tmp_path):
    assert "column 'n' holds a number with a fraction in row 2 (7.5)" in _error(
        tmp_path, _valid_rows(n=[5.0, 7.5]))


def test_an_empty_count_is_refused(tmp_path):
    assert "column 'n' is empty (NA) in 1 rows, first in row 1" in _error(
        tmp_path, _valid_rows(n=[None, 7.0]))


def test_a_route_frontex_did_not_have_is_refused_by_name(tmp_path):
    message = _error(tmp_path, _valid_rows(route=[frontex.CENTRAL_MED, "Atlantic Route"]))
    assert "fails its checks" in message and "Atlantic Route" in message


def test_a_corrupt_file_stops_the_step_and_leaves_the_table_untouched(monkeypatch, raw_dir, tmp_path):
    source = registry.get(frontex.SOURCE_ID)
    path = rdata_factory.truncated(raw_dir / FILE, tmp_path / FILE)
    monkeypatch.setattr(resolve, "resolve", lambda source_id: resolve.Resolved(source, path, "ab" * 32, "cache"))
    output = tmp_path / "frontex_detections.csv"
    output.write_text("route,border_type,nationality,year,month,detections\n")
    with pytest.raises(SourceFormatError, match=frontex.SOURCE_ID):
        extract.run(frontex.SOURCE_ID, frontex.DETECTIONS, output)
    assert output.read_text() == "route,border_type,nationality,year,month,detections\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE, "frontex_detections.csv"]
