"""GLOTIP export: values parsed as UNODC writes them, aggregates that add up, clear layout errors."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import glotip
from pipeline.errors import SourceFormatError


def _rows(*rows):
    base = {"Iso3_code": "XXX", "Subregion": "s", "Indicator": "Detected trafficking victims",
            "Dimension": "by form of exploitation", "Sex": "Total", "Age": "Total",
            "Unit of measurement": "Counts", "Source": "GLOTIP"}
    frame = pd.DataFrame([{**base, **dict(zip(("Country", "Region", "Category", "Year", "txtVALUE"), row))}
                          for row in rows])
    return glotip.parse_values(frame[glotip.COLUMNS], "test-source", "test.xlsx")


def _value(tidy, area, year, form):
    return tidy.set_index(["area", "year", "form"]).loc[(area, year, form)]


def test_less_than_five_adds_zero_to_value_and_four_to_the_upper_bound():
    tidy = glotip.exploitation_by_area(_rows(
        ("A", "Africa", "Forced labour", 2015, "1,214"),
        ("B", "Africa", "Forced labour", 2015, "<5"),
    ))
    row = _value(tidy, "Africa", 2015, "Forced labour")
    assert (row["value"], row["value_upper"], row["countries"], row["censored_cells"]) == (1214, 1218, 2, 1)


def test_world_sums_every_region_and_other_forms_sum_their_sub_forms():
    tidy = glotip.exploitation_by_area(_rows(
        ("A", "Africa", "Other forms of exploitation", 2017, "27"),
        ("A", "Africa", "Other forms of exploitation", 2017, "5"),
        ("C", "Europe", "Other forms of exploitation", 2017, "20"),
    ))
    assert _value(tidy, "Africa", 2017, "Other forms of exploitation")["value"] == 32
    world = _value(tidy, "World", 2017, "Other forms of exploitation")
    assert (world["value"], world["countries"]) == (52, 2)


def test_rows_outside_the_selection_are_ignored():
    frame = _rows(("A", "Africa", "Forced labour", 2015, "10"), ("A", "Africa", "Forced labour", 2015, "99"))
    frame.loc[1, "Indicator"] = "Persons convicted"
    tidy = glotip.exploitation_by_area(frame)
    assert _value(tidy, "World", 2015, "Forced labour")["value"] == 10


def test_a_value_that_is_not_a_count_names_the_excel_row():
    with pytest.raises(SourceFormatError, match=r"test-source: test.xlsx: txtVALUE in row 5"):
        _rows(("A", "Africa", "Forced labour", 2015, "12"), ("A", "Africa", "Forced labour", 2015, "n/a"))


def test_a_changed_header_is_a_clear_error_naming_the_missing_column():
    frame = _rows(("A", "Africa", "Forced labour", 2015, "12")).rename(columns={"txtVALUE": "Value"})
    with pytest.raises(SourceFormatError, match="lacks txtVALUE"):
        glotip.parse_values(frame, "test-source", "test.xlsx")


def test_a_file_that_is_not_a_workbook_names_the_source(tmp_path):
    fake = tmp_path / "data_glotip.xlsx"
    fake.write_text("<html>Service unavailable</html>")
    with pytest.raises(SourceFormatError, match=r"source test-source: .*data_glotip.xlsx: cannot be read"):
        glotip.read_export(fake, "test-source")


@pytest.fixture(scope="module")
def exploitation_2025(raw_dir):
    return glotip.extract_exploitation(raw_dir / "data_glotip__2025-04-14.xlsx", "unodc-glotip-data-2025")


@pytest.mark.shared
def test_real_export_world_2003_sexual_exploitation_matches_the_rows_by_hand(exploitation_2025):
    # Checked in the workbook: Burkina Faso 64 (row 4068), Belarus 350 (row 5365),
    # Mongolia "<5" (row 29504) are the only 2003 rows of this selection.
    row = _value(exploitation_2025, "World", 2003, "Sexual exploitation")
    assert (row["value"], row["value_upper"], row["countries"], row["censored_cells"]) == (414, 418, 3, 1)
    assert _value(exploitation_2025, "Africa", 2003, "Forced labour")["value"] == 322  # row 4067


@pytest.mark.shared
def test_real_export_covers_2003_to_2022_for_world_and_five_regions(exploitation_2025):
    assert exploitation_2025["year"].min() == 2003 and exploitation_2025["year"].max() == 2022
    assert set(exploitation_2025["area"]) == {"World", *glotip.REGIONS}


@pytest.mark.shared
def test_committed_snapshot_equals_a_fresh_extraction(exploitation_2025):
    from pipeline import paths, snapshot, tables

    frame, provenance = tables.read(snapshot.path("glotip_exploitation"))
    pd.testing.assert_frame_equal(frame, exploitation_2025, check_dtype=False)
    assert provenance["sha256"] == "24c34b95dfefb520445ef0f8d039727cad6febf0ab36807d5fc0aeee128c413e"
