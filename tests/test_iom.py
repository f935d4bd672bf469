"""IOM Missing Migrants exports: each layout parsed, harmonised, each incident counted once.

Values marked "checked by hand" were read in the raw files with the command quoted beside them;
sums were recomputed with Python's csv module alone (no pandas, no pipeline code).
"""
from __future__ import annotations

import csv

import pytest

from pipeline.errors import SourceFormatError
from pipeline.extract import iom

OLD = "MissingMigrants-Global-2020-01-08T14-05-32.csv"
NEW_2022 = "MissingMigrants-Global-2022-03-24--04_40_16.csv"
NEW_2024 = "MissingMigrants-Global-2024-04-10--23_23_37.csv"
NEW_2026 = "MissingMigrants-Global-2026-05-06--19_42_11.csv"
DERIVED = "iom_europe.csv"
ALL = [OLD, NEW_2022, NEW_2024, NEW_2026, DERIVED]


@pytest.fixture(scope="module")
def harmonised(raw_dir):
    return iom.harmonise([raw_dir / name for name in ALL])


def row(table, **where):
    rows = table
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"{len(rows)} rows for {where}"
    return rows.iloc[0]


# --- one file at a time ---------------------------------------------------------------------


def test_old_export_total_with_thousands_separator(raw_dir):
    # grep -n '"1,022"' MissingMigrants-Global-2020-01-08T14-05-32.csv -> line 5894:
    # "40345","Mediterranean","April 18, 2015",...,"750","272","1,022",... (the only such cell)
    old = iom.read_export(raw_dir / OLD)
    wreck = row(old, incident_id="40345")
    assert (wreck.dead, wreck.missing, wreck.dead_and_missing) == (750, 272, 1022)
    assert wreck.source_row == 5894
    assert str(wreck.date.date()) == "2015-04-18" and wreck.route == iom.CENTRAL_MED
    assert (old["dead_and_missing"] == old["dead"] + old["missing"]).all()


def test_old_export_source_row_survives_a_quoted_line_break(raw_dir):
    # sed -n 5304,5306p: record "40674" spans lines 5304-5305 (a line break inside the
    # quoted location); the next record, "40705", starts on line 5306; the last on line 6251.
    old = iom.read_export(raw_dir / OLD)
    assert row(old, incident_id="40674").source_row == 5304
    assert row(old, incident_id="40705").source_row == 5306
    assert len(old) == 6249 and old["source_row"].max() == 6251


def test_old_route_names_are_harmonised(raw_dir):
    # awk: 26 old rows have "Western African" (off the Canaries, Mauritania, Dakhla)
    old = iom.read_export(raw_dir / OLD)
    atlantic = old[old["route"] == iom.ATLANTIC]
    assert len(atlantic) == 26 and set(atlantic["route_as_given"]) == {"Western African"}
    assert "North Africa" not in set(old["region"]) and "Northern Africa" in set(old["region"])


def test_2022_export_with_misspelt_route_column_and_negative_missing(raw_dir):
    # head -1: the 2022 download spells "Migrantion route". Line 675:
    # 2021.MMP00681,2021.MMP00681704,...,1,-1,0,...: a body found of someone counted missing.
    new = iom.read_export(raw_dir / NEW_2022)
    assert len(new) == 1833 and new["route"].notna().sum() == 1833 - 237
    found = row(new, incident_id="2021.MMP00681704")
    assert (found.dead, found.missing, found.dead_and_missing, found.source_row) == (1, -1, 0, 675)
    assert new["region_of_origin"].isna().all()  # this download has no origin column


def test_2026_export_without_total_column_adds_dead_and_missing(raw_dir):
    # head -1 MissingMigrants-Global-2026-...: no "Total Number of Dead and Missing" column.
    new = iom.read_export(raw_dir / NEW_2026)
    assert not new["total_given"].any()
    assert (new["dead_and_missing"] == new["dead"] + new["missing"]).all()


def test_derived_file_is_flagged_and_its_merged_split_row_read(raw_dir):
    # sed -n 330p iom_europe.csv: 2015.MMP00513,"2015.MMP00513541,...,2015.MMP00513544",
    # Split Incident,...,15,-2,13,...
    derived = iom.read_export(raw_dir / DERIVED)
    assert derived["derived"].all() and len(derived) == 6802
    merged = row(derived, main_id="2015.MMP00513")
    assert (merged.dead, merged.missing, merged.dead_and_missing, merged.source_row) == (15, -2, 13, 330)


# --- errors ---------------------------------------------------------------------------------


def write(path, header, rows=()):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


OLD_HEADER = ["Web ID", "Region of Incident", "Reported Date", "Reported Year", "Reported Month",
              "Number Dead", "Minimum Estimated Number of Missing", "Total Dead and Missing",
              "Location Coordinates", "Migration Route"]
NEW_HEADER = ["Main ID", "Incident ID", "Region", "Incident Date", "Year", "Reported Month",
              "Number Dead", "Minimum Estimated Number of Missing",
              "Total Number of Dead and Missing", "Region of Origin", "Coordinates", "Migration route"]
DERIVED_HEADER = ["Main ID", "Incident ID", "Region of Incident", "Incident date", "Incident year",
                  "Incident month", "No. dead", "No. missing", "No. dead/missing", "Region of Origin",
                  "Latitude", "Longitude", "Route", "source_dataset"]


def test_renamed_column_names_the_file_and_the_column(tmp_path):
    header = [name if name != "Total Dead and Missing" else "Total Dead & Missing" for name in OLD_HEADER]
    path = write(tmp_path / OLD, header)
    with pytest.raises(SourceFormatError) as error:
        iom.read_export(path)
    message = str(error.value)
    assert message.startswith("source iom-mmp-2020-01-08: ") and OLD in message
    assert "'Total Dead and Missing'" in message and "old 20-column" in message


def test_missing_column_in_new_layout(tmp_path):
    path = write(tmp_path / "export.csv", [name for name in NEW_HEADER if name != "Number Dead"])
    with pytest.raises(SourceFormatError, match="'Number Dead'"):
        iom.read_export(path)


def test_file_of_another_kind_is_not_taken_for_an_export(tmp_path):
    path = write(tmp_path / "other.csv", ["country", "year", "value"], [["Mali", "2015", "1"]])
    with pytest.raises(SourceFormatError, match="not an IOM Missing Migrants export"):
        iom.read_export(path)


def test_bad_count_names_the_line(tmp_path):
    path = write(tmp_path / OLD, OLD_HEADER, [
        ["1", "Mediterranean", "April 18, 2015", "2015", "Apr", "1", "", "1", "35.0, 14.0", ""],
        ["2", "Mediterranean", "April 18, 2015", "2015", "Apr", "many", "", "1", "35.0, 14.0", ""],
    ])
    with pytest.raises(SourceFormatError, match="line 3: dead cell 'many'"):
        iom.read_export(path)


# --- harmonisation on small inputs ----------------------------------------------------------


def old_row(web_id, date, dead, missing, total, coordinates, route="Central Mediterranean"):
    year, month = date.split("|")[1], date.split("|")[2]
    return [web_id, "Mediterranean", date.split("|")[0], year, month, dead, missing, total,
            coordinates, route]


def test_same_incident_in_two_exports_is_counted_once(tmp_path):
    """Old export vs derived subset: by content (no shared ids), revised counts, and ids."""
    old = write(tmp_path / OLD, OLD_HEADER, [
        old_row("1", "August 06, 2015|2015|Aug", "22", "200", "222", "34.289000, 12.766100"),
        old_row("2", "January 02, 2016|2016|Jan", "1", "1,021", "1,022", "36.100000, 14.200000"),
        old_row("3", "January 02, 2016|2016|Jan", "1", "1,021", "1,022", "36.100000, 14.200000"),
        old_row("4", "March 01, 2016|2016|Mar", "1", "", "1", "30.000000, 10.000000", route=""),
    ])
    new = write(tmp_path / "MissingMigrants-Global-2022-03-24--04_40_16.csv", NEW_HEADER, [
        ["2021.MMP001", "2021.MMP001", "Mediterranean", "Fri, 01/01/2021 - 12:00", "2021", "January",
         "3", "", "3", "Unknown", "35.0, 12.0", "Central Mediterranean"],
    ])
    derived = write(tmp_path / DERIVED, DERIVED_HEADER, [
        # incident 1 with revised counts (27 dead), split parts merged: same date and place
        ["2015.MMP00283", "2015.MMP00283302,2015.MMP00283300", "Mediterranean", "2015-08-06", "2015",
         "8", "27", "200", "227", "Mixed,Western Asia", "34.289", "12.7661", "Central Mediterranean", "IOM"],
        # incident 2 exactly (one of the two identical old rows)
        ["2016.MMP001", "2016.MMP001", "Mediterranean", "2016-01-02", "2016", "1", "1", "1021", "1022",
         "Western Africa", "36.1", "14.2", "Central Mediterranean", "IOM"],
        # incident 4 exactly: gives the old row the route it lacks
        ["2016.MMP009", "2016.MMP009", "Northern Africa", "2016-03-01", "2016", "3", "1", "0", "1",
         "Sub-Saharan Africa (P)", "30", "10", "Sahara Desert crossing", "IOM"],
        # the 2022 download's incident, by id (its split parts re-numbered)
        ["2021.MMP001", "2021.MMP0011,2021.MMP0012", "Mediterranean", "2021-01-01", "2021", "1", "3",
         "NA", "3", "Unknown", "35", "12", "Central Mediterranean", "IOM"],
        # only here
        ["2022.MMP005", "2022.MMP005", "Mediterranean", "2022-05-05", "2022", "5", "2", "0", "2",
         "Unknown", "36", "15", "Central Mediterranean", "IOM"],
    ])
    incidents, report = iom.harmonise([derived, old, new])
    assert len(incidents) == 4 + 1 + 1
    report = report.set_index("source_file")
    assert list(report.index) == [new.name, old.name, derived.name]  # originals, newest first
    assert report.loc[derived.name, ["rows_kept", "dropped_same_id", "dropped_same_content",
                                     "dropped_same_date_place"]].tolist() == [1, 1, 2, 1]
    first = row(incidents, incident_id="1")
    assert (first.dead, first.dead_and_missing) == (22, 222)  # the original's counts win
    assert first.region_of_origin == "Mixed,Western Asia" and first.origin_from == DERIVED
    assert (incidents["dead_and_missing"] == 1022).sum() == 2  # both old rows 2 and 3 stay
    fourth = row(incidents, incident_id="4")
    assert fourth.route == iom.SAHARA and fourth.route_from == DERIVED
    assert row(incidents, incident_id="2022.MMP005").derived


def test_newer_full_year_download_supersedes_older_rows_of_that_year(tmp_path):
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    new = write(tmp_path / "MissingMigrants-Global-2024-04-10--23_23_37.csv", NEW_HEADER, [
        [f"2014.MMP{m:03}", f"2014.MMP{m:03}", "Europe", f"Mon, {m:02}/10/2014 - 12:00", "2014", name,
         "1", "", "1", "Unknown", "50.0, 1.0", ""] for m, name in enumerate(months, start=1)
    ])
    old = write(tmp_path / OLD, OLD_HEADER, [
        old_row("7", "May 13, 2014|2014|May", "1", "", "1", "50.1, 1.1", route=""),  # revised place
        old_row("8", "May 13, 2015|2015|May", "1", "", "1", "50.1, 1.1", route=""),
    ])
    incidents, report = iom.harmonise([old, new])
    assert set(incidents["incident_id"]) - {f"2014.MMP{m:03}" for m in range(1, 13)} == {"8"}
    assert report.set_index("source_file").loc[OLD, "superseded_by_newer_download"] == 1


# --- harmonisation of the real files --------------------------------------------------------


def test_real_exports_report(harmonised):
    incidents, report = harmonised
    report = report.set_index("source_file")
    assert list(report.index) == [NEW_2026, NEW_2024, NEW_2022, OLD, DERIVED]
    assert (report["rows_read"] == report["rows_kept"] + report["superseded_by_newer_download"]
            + report["dropped_same_id"] + report["dropped_same_content"]
            + report["dropped_same_date_place"]).all()
    assert report.loc[OLD, "superseded_by_newer_download"] == 247  # its 2014 rows
    assert report.loc[DERIVED, ["dropped_same_id", "dropped_same_content", "dropped_same_date_place",
                                "rows_kept"]].tolist() == [747, 2458, 56, 3541]
    assert report["total_differs"].sum() == 0
    assert len(incidents) == report["rows_kept"].sum() == 12149


def test_real_incident_in_two_exports_once(harmonised):
    incidents, _ = harmonised
    # 2014.MMP00007: line 10 of the 2024 download and line 2 of iom_europe.csv -> kept once,
    # from the original.
    kept = incidents[incidents["incident_id"].str.contains("2014.MMP00007", regex=False)]
    assert len(kept) == 1 and kept.iloc[0].source_file == NEW_2024
    # Web ID 40486 (old line 5339) is 2015.MMP00664 (iom_europe line 425): same date
    # 2015-11-25, place 37.847167/27.252642, 1 dead. Kept from the old export, origin filled.
    assert not incidents["incident_id"].str.contains("2015.MMP00664").any()
    assert row(incidents, incident_id="40486").origin_from == DERIVED
    # Web ID 40373 (old line 5718: 22 dead, 200 missing) is 2015.MMP00283 (iom_europe line 201:
    # 27 dead, 200 missing): counts revised, same date and place -> once, with the old counts.
    assert not incidents["incident_id"].str.contains("2015.MMP00283").any()
    assert row(incidents, incident_id="40373").dead == 22


def test_dead_and_missing_by_route_and_month(harmonised):
    incidents, _ = harmonised
    table = iom.dead_missing_by_route_month(incidents)
    assert set(table["route"]) == set(iom.RABAT_ROUTES)
    assert not table.duplicated(["route", "year", "month"]).any()
    central_2015 = table[(table["route"] == iom.CENTRAL_MED) & (table["year"] == 2015)]
    # csv module on the old export: sums of "Total Dead and Missing" for route "Central
    # Mediterranean", Reported Year 2015, by Reported Month (Jan..Dec); 3149 in all. iom_europe
    # adds one derived-only person, in August.
    assert central_2015["month"].tolist() == list(range(1, 13))
    assert central_2015["dead_and_missing"].tolist() == [67, 336, 53, 1480, 95, 5, 206, 653, 76, 163, 8, 8]
    assert central_2015["from_derived"].tolist() == [0] * 7 + [1] + [0] * 4
    assert (central_2015["dead_and_missing"].sum(), central_2015["from_derived"].sum()) == (3150, 1)
    sahara_2016 = table[(table["route"] == iom.SAHARA) & (table["year"] == 2016)]
    assert sahara_2016["dead_and_missing"].sum() > sahara_2016["from_derived"].sum()  # routes filled on old rows


def test_concept_note_period_2015(harmonised):
    incidents, _ = harmonised
    # csv module on the old export, reported dates 2015-01-01..2015-10-13: world 5158,
    # region "Mediterranean" 3416; iom_europe adds 88 and 1 derived-only dead and missing.
    world = iom.period_totals(incidents, "2015-01-01", "2015-10-13")
    med = iom.period_totals(incidents, "2015-01-01", "2015-10-13", region="Mediterranean")
    assert (world.dead_and_missing, world.from_derived) == (5246, 88)
    assert (med.dead_and_missing, med.from_derived) == (3417, 1)
    african = iom.period_totals(incidents, "2015-01-01", "2015-10-13", region="Mediterranean",
                                origin=iom.SUB_SAHARAN_AFRICA)
    upper = iom.period_totals(incidents, "2015-01-01", "2015-10-13", region="Mediterranean",
                              origin=iom.SUB_SAHARAN_AFRICA, origin_match="any")
    assert african.dead_and_missing == 1083 <= upper.dead_and_missing == 1110


def test_period_totals_rejects_unknown_origin_match(harmonised):
    with pytest.raises(ValueError, match="origin_match"):
        iom.period_totals(harmonised[0], "2015-01-01", "2015-12-31", origin="Unknown", origin_match="some")


def test_header_only_export_contributes_nothing(tmp_path):
    empty = write(tmp_path / "MissingMigrants-Global-2026-05-06--19_42_11.csv", NEW_HEADER)
    old = write(tmp_path / OLD, OLD_HEADER, [
        old_row("1", "August 06, 2015|2015|Aug", "22", "200", "222", "34.289, 12.766")])
    incidents, report = iom.harmonise([empty, old])
    assert len(incidents) == 1
    assert report.set_index("source_file").loc[empty.name, "rows_read"] == 0
