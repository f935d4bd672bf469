"""GLOTIP export: values parsed as UNODC writes them, country rows traceable to Excel rows,
aggregates that add up, and clear errors when the layout changes."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline.analysis import aggregates
from pipeline.errors import SourceFormatError
from pipeline.extract import glotip

AFRICAN, EUROPEAN = frozenset({"AAA"}), frozenset({"CCC"})


def _export(*rows, indicator="Detected trafficking victims"):
    """A parsed export with one row per (country, region, category, year, txtVALUE)."""
    base = {"Subregion": "s", "Indicator": indicator, "Dimension": "by form of exploitation",
            "Sex": "Total", "Age": "Total", "Unit of measurement": "Counts", "Source": "GLOTIP"}
    frame = pd.DataFrame([{**base, "Iso3_code": country * 3, **dict(zip(
        ("Country", "Region", "Category", "Year", "txtVALUE"), (country, *row)))}
        for country, *row in rows])
    return glotip.parse_values(frame[glotip.COLUMNS], "test-source", "test.xlsx")


def _exploitation(export):
    return glotip.country_rows(export, {"Indicator": "Detected trafficking victims",
                                        "Dimension": "by form of exploitation"}, glotip.FORMS)


def _sum(rows, area, year, category):
    sums = aggregates.aggregate(rows, AFRICAN, EUROPEAN)
    return sums.set_index(["area", "year", "category"]).loc[(area, year, category)]


def test_less_than_five_adds_zero_to_value_and_four_to_the_upper_bound():
    rows = _exploitation(_export(("A", "Africa", "Forced labour", 2015, "1,214"),
                                 ("B", "Africa", "Forced labour", 2015, "<5")))
    row = _sum(rows, "Africa", 2015, "Forced labour")
    assert (row["value"], row["value_upper"], row["countries"], row["censored_cells"]) == (1214, 1218, 2, 1)


def test_every_country_row_keeps_its_excel_row():
    rows = _exploitation(_export(("A", "Africa", "Forced labour", 2015, "7"),
                                 ("B", "Africa", "Forced labour", 2015, "9")))
    assert rows["excel_row"].tolist() == [4, 5]  # two title rows and the header come first


def test_world_regions_and_rabat_groups_sum_their_countries_and_sub_forms():
    rows = _exploitation(_export(
        ("A", "Africa", "Other forms of exploitation", 2017, "27"),
        ("A", "Africa", "Other forms of exploitation", 2017, "5"),
        ("B", "Africa", "Other forms of exploitation", 2017, "3"),
        ("C", "Europe", "Other forms of exploitation", 2017, "20"),
    ))
    assert _sum(rows, "Africa", 2017, "Other forms of exploitation")["value"] == 35
    assert _sum(rows, aggregates.AFRICAN_PARTNERS, 2017, "Other forms of exploitation")["value"] == 32
    assert _sum(rows, aggregates.EUROPEAN_PARTNERS, 2017, "Other forms of exploitation")["value"] == 20
    world = _sum(rows, aggregates.WORLD, 2017, "Other forms of exploitation")
    assert (world["value"], world["countries"]) == (55, 3)


def test_rows_outside_the_selection_are_ignored():
    export = pd.concat([_export(("A", "Africa", "Forced labour", 2015, "10")),
                        _export(("A", "Africa", "Forced labour", 2015, "99"), indicator="Persons convicted")])
    assert _exploitation(export)["value"].tolist() == [10]


def test_children_share_counts_only_countries_reporting_both_age_groups():
    export = _export(("A", "Africa", "x", 2020, "30"), ("A", "Africa", "x", 2020, "70"),
                     ("B", "Africa", "x", 2020, "500"))
    export["Age"] = ["0 to 17 years", "18 years or over", "0 to 17 years"]
    rows = glotip.country_rows(export, {}, glotip.AGES, category_column="Age")
    shares = aggregates.children_share(rows, AFRICAN, EUROPEAN).set_index(["area", "year"])
    assert shares.loc[("World", 2020), "share_children"] == pytest.approx(0.3)


def test_a_value_that_is_not_a_count_names_the_excel_row():
    with pytest.raises(SourceFormatError, match=r"test-source: test.xlsx: txtVALUE in row 5"):
        _export(("A", "Africa", "Forced labour", 2015, "12"), ("A", "Africa", "Forced labour", 2015, "n/a"))


def test_a_changed_header_is_a_clear_error_naming_the_missing_column():
    frame = _export(("A", "Africa", "Forced labour", 2015, "12")).rename(columns={"txtVALUE": "Value"})
    with pytest.raises(SourceFormatError, match="lacks txtVALUE"):
        glotip.parse_values(frame, "test-source", "test.xlsx")


def test_a_file_that_is_not_a_workbook_names_the_source(tmp_path):
    fake = tmp_path / "data_glotip.xlsx"
    fake.write_text("<html>Service unavailable</html>")
    with pytest.raises(SourceFormatError, match=r"source test-source: .*data_glotip.xlsx: cannot be read"):
        glotip.read_export(fake, "test-source")


def test_unknown_table_names_are_refused():
    with pytest.raises(ValueError, match="unknown GLOTIP table"):
        glotip.steps(["exploitaton"])


def _extract(raw_dir, file, source_id, table):
    raw = SimpleNamespace(path=raw_dir / file, source=SimpleNamespace(id=source_id))
    return glotip.STEPS[table].function([raw])


@pytest.fixture(scope="module")
def exploitation_2025(raw_dir):
    return _extract(raw_dir, "data_glotip__2025-04-14.xlsx", "unodc-glotip-data-2025", "exploitation")


@pytest.mark.shared
def test_real_export_world_2003_sexual_exploitation_matches_the_rows_by_hand(exploitation_2025):
    # Checked in the workbook: Burkina Faso 64 (row 4068), Belarus 350 (row 5365),
    # Mongolia "<5" (row 29504) are the only 2003 rows of this selection.
    rows = exploitation_2025
    selected = rows[(rows["year"] == 2003) & (rows["category"] == "Sexual exploitation")]
    assert sorted(selected["excel_row"]) == [4068, 5365, 29504]
    row = _sum(rows, aggregates.WORLD, 2003, "Sexual exploitation")
    assert (row["value"], row["value_upper"], row["countries"], row["censored_cells"]) == (414, 418, 3, 1)
    assert _sum(rows, "Africa", 2003, "Forced labour")["value"] == 322  # row 4067


@pytest.mark.shared
def test_real_2023_export_leaves_out_rows_that_are_not_countries(raw_dir):
    # The 2023 export has 72 rows with codes such as CAS or EEU and no country or region.
    rows = _extract(raw_dir, "data_glotip__2023-05-30.xlsx", "unodc-glotip-data-2023", "exploitation")
    assert rows["country"].notna().all() and set(rows["region"]) == set(glotip.REGIONS)
    assert rows["year"].max() == 2021


@pytest.mark.shared
def test_committed_snapshots_equal_a_fresh_extraction(raw_dir, exploitation_2025):
    from pipeline import tables
    from pipeline.sources import snapshot

    fresh = {"glotip_exploitation": exploitation_2025}
    for name in ("age", "citizenship", "convictions"):
        fresh[f"glotip_{name}"] = _extract(raw_dir, "data_glotip__2025-04-14.xlsx",
                                           "unodc-glotip-data-2025", name)
    for table, rows in fresh.items():
        read = tables.read(snapshot.path(table))
        frame, provenance = read.frame, read.provenance
        pd.testing.assert_frame_equal(glotip.COUNTRY_SCHEMA.validate(frame), rows, check_dtype=False)
        assert provenance["sources"][0]["sha256"].startswith("24c34b95dfef")
