"""UNHCR arrivals (CSV, workbook, third-party aggregate) and asylum applications.

Values marked "checked by hand" were read in the raw files with the command quoted beside them.
"""
from __future__ import annotations

import gzip

import pandas as pd
import pytest

from pipeline.errors import SourceFormatError
from pipeline.extract import partners, unhcr

ARRIVALS = "unhcr_arrivals_12_31.csv"
WORKBOOK = "unhcr_med_data_12_31.xlsx"
ASYLUM = "unhcr_asylum_applications_2000-2025.csv.gz"


def value(table, column, **where):
    rows = table
    for key, wanted in where.items():
        rows = rows[rows[key] == wanted]
    assert len(rows) == 1, f"{len(rows)} rows for {where}"
    return rows.iloc[0][column]


# --- (a) monthly arrivals -------------------------------------------------------------------


def test_monthly_arrivals_tidy_with_na_dropped(raw_dir):
    table = unhcr.read_monthly_arrivals(raw_dir / ARRIVALS)
    # sed -n 23p: 10,2015,Oct-2015,8916,211663,211663,0,2227,NA,NA,NA,0
    assert value(table, "arrivals", country="Greece", mode="sea", year=2015, month=10) == 211663
    assert value(table, "source_row", country="Greece", mode="sea", year=2015, month=10) == 23
    # sed -n 38p: 1,2017,Jan-2017,4467,1393,1393,0,1380,331,1049,NA,NA
    assert value(table, "arrivals", country="Spain", mode="land", year=2017, month=1) == 331
    # "NA" is "not reported": no Cyprus row for Jan 2014, no Malta row for Jan 2017
    assert table.query("country == 'Cyprus' and year == 2014").empty
    assert table.query("country == 'Malta' and year == 2017 and month == 1").empty
    assert len(table) == 509


def test_monthly_arrivals_renamed_column(raw_dir, tmp_path):
    text = (raw_dir / ARRIVALS).read_text(encoding="utf-8-sig").replace("greece_sea", "greece_by_sea", 1)
    path = tmp_path / ARRIVALS
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceFormatError) as error:
        unhcr.read_monthly_arrivals(path)
    assert ARRIVALS in str(error.value) and "greece_sea" in str(error.value)


def test_monthly_arrivals_all_must_be_sea_plus_land(tmp_path):
    path = tmp_path / ARRIVALS
    path.write_text(",".join(unhcr.ARRIVAL_COLUMNS) + "\n1,2018,Jan-2018,1,10,5,4,3,1,2,NA,NA\n")
    with pytest.raises(SourceFormatError, match="'all' is not sea \\+ land"):
        unhcr.read_monthly_arrivals(path)


# --- (b) workbook ---------------------------------------------------------------------------


def test_arrivals_by_origin(raw_dir):
    table = unhcr.read_origin_arrivals(raw_dir / WORKBOOK)
    # Sheet "Arrivals - Italy", row 2: CIV, Côte d'Ivoire, 1, 2016, 332, January
    assert value(table, "arrivals", arrival_country="Italy", origin_iso3="CIV", year=2016, month=1) == 332
    # Sheet "Arrivals - Greece" has names only; row 2: Algeria, 1, 2016, 84 -> DZA from Italy's sheet
    assert value(table, "origin_iso3", arrival_country="Greece", origin_name="Algeria", year=2016, month=1) == "DZA"
    others = table[table["origin_name"] == "Others"]
    assert len(others) and others["origin_iso3"].isna().all()  # "OTH" is not a country
    assert set(table["arrival_country"]) == {"Greece", "Italy", "Spain", "Cyprus"}


def test_yearly_summary_with_cells(raw_dir):
    table = unhcr.read_yearly_summary(raw_dir / WORKBOOK)
    # EUROPE_SUMMARY: A32 = 2015, B32 = 1032408 (arrivals), C32 = 3771 (dead and missing);
    # Greece block E:G, F28 = "Land", F32 = 4907.
    assert value(table, "value", area="Europe", measure="arrivals", year=2015) == 1032408
    assert value(table, "cell", area="Europe", measure="dead_and_missing", year=2015) == "EUROPE_SUMMARY!C32"
    assert value(table, "value", area="Europe", measure="dead_and_missing", year=2015) == 3771
    assert value(table, "value", area="Greece", measure="land", year=2015) == 4907
    assert sorted(table["year"].unique()) == [2014, 2015, 2016, 2017, 2018]


def test_renamed_sheet_is_named(raw_dir, monkeypatch):
    monkeypatch.setattr(unhcr, "ORIGIN_SHEETS", {**unhcr.ORIGIN_SHEETS, "Arrivals - Malta": "Malta"})
    with pytest.raises(SourceFormatError, match="Arrivals - Malta"):
        unhcr.read_origin_arrivals(raw_dir / WORKBOOK)


def test_damaged_workbook(tmp_path):
    path = tmp_path / WORKBOOK
    path.write_text("<html>not a workbook</html>")
    with pytest.raises(SourceFormatError, match="cannot be read as a workbook"):
        unhcr.read_yearly_summary(path)


# --- (c) third party's aggregate ------------------------------------------------------------


def test_country_year_is_flagged_derived(raw_dir):
    table = unhcr.read_country_year(raw_dir / "data_country_year.csv")
    assert table["derived"].all()
    # grep -n "^Italy,2014" data_country_year.csv -> 18:Italy,2014,159135
    assert value(table, "sea_arrivals", country="Italy", year=2014) == 159135
    assert value(table, "source_row", country="Italy", year=2014) == 18


# --- (d) asylum applications ----------------------------------------------------------------


def test_asylum_na_is_a_code_not_missing(raw_dir):
    table = unhcr.read_asylum_applications(raw_dir / ASYLUM, asylums={"DEU"})
    # zcat ... | grep '^2015.0,.*,DEU,G,N,NA,' | awk -F, '{s+=$NF} END{print NR, s}' -> 116 rows, 441898:
    # Germany files its new claims under dec_level "NA"
    germany = table[(table["year"] == 2015) & (table["dec_level"] == "NA")]
    assert germany["applied"].sum() == 441_898


def test_applications_by_partners_2015(raw_dir):
    table = unhcr.read_asylum_applications(raw_dir / ASYLUM)
    codes = partners.read_partners(raw_dir / "rabat_process_partners.csv")
    yearly = unhcr.applications_by_partners(
        table, partners.african_partners(codes), partners.european_partners(codes))
    # Python csv on the gzip: year 2015, coo_iso in the 26 African partners, coa_iso in the 29
    # European partners: dec_level FI/FA/NA sum to 105344, the other levels to 18857.
    assert value(yearly, "applications", year=2015) == 105_344
    assert value(yearly, "not_counted", year=2015) == 18_857
    assert yearly["year"].tolist() == list(range(2000, 2026))


def test_applications_rule_on_a_small_table():
    small = pd.DataFrame({
        "year": [2015] * 5, "coo_iso": ["NGA", "NGA", "NGA", "MLI", "USA"],
        "coa_iso": ["ITA", "ITA", "DEU", "FRA", "ITA"], "procedure_type": ["G"] * 5,
        "app_type": ["N", "A", "R", "N", "N"], "dec_level": ["FI", "AR", "RA", "NA", "FI"],
        "app_pc": ["P", "P", "P", "C", "P"], "applied": [100, 40, 7, 9, 1000],
    })
    yearly = unhcr.applications_by_partners(small, {"NGA", "MLI"}, {"ITA", "DEU", "FRA"}, years=range(2015, 2016))
    assert yearly.iloc[0].tolist() == [2015, 109, 9, 47]


def test_asylum_missing_column(tmp_path):
    path = tmp_path / ASYLUM
    with gzip.open(path, "wt") as handle:
        handle.write("year,coo_iso,coa_iso,procedure_type,app_type,app_pc,applied\n2015.0,NGA,ITA,G,N,P,5.0\n")
    with pytest.raises(SourceFormatError) as error:
        unhcr.read_asylum_applications(path)
    assert "dec_level" in str(error.value) and ASYLUM in str(error.value)
