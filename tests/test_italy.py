"""Italy's daily sea arrivals (Ministry of the Interior, via ondata) by month and by nationality.

Values "checked by hand" were read in the raw files with the command quoted beside them; the
rules on duplicate days and padding are proved on invented rows.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline.analysis import asof
from pipeline.errors import SourceFormatError
from pipeline.extract import italy
from pipeline.sources import registry
from pipeline.tables import Table

DAILY, NATIONALITY = "italy_sbarchi_per_giorno.csv", "italy_sbarchi_nazionalita.csv"
HEADER = "Data,Valore,Note,Fonte,Data_Report\n"
NOTE = "*entro le ore 8:00,Fonte: Dipartimento della Pubblica sicurezza."


@pytest.fixture(scope="module")
def months(raw_dir):
    return italy.arrivals_by_month(raw_dir / DAILY)


@pytest.fixture(scope="module")
def nationalities(raw_dir):
    return italy.arrivals_by_nationality(raw_dir / NATIONALITY)


def daily_file(tmp_path, *rows):
    path = tmp_path / DAILY
    path.write_text(HEADER + "".join(f"{day},{value},{NOTE},{report}\n" for day, value, report in rows),
                    encoding="utf-8")
    return path


def month(table, year, number):
    rows = table[(table["year"] == year) & (table["month"] == number)]
    assert len(rows) == 1
    return rows.iloc[0]


# --- By month, from the real file -----------------------------------------------------------


@pytest.mark.shared
def test_months_hand_picked(months):
    # awk -F, '$5=="2019-10-31"{s+=$2;n++} END{print s,n}' -> 2015 31: the whole month in one report
    october = month(months, 2019, 10)
    assert (october["arrivals"], october["days_counted"], october["report"]) == (2015, 31, "2019-10-31")
    # awk -F, '$5=="2025-09-15" && $1<="2025-09-15"{s+=$2;n++}' -> 5536 15: the file ends mid-month
    september = month(months, 2025, 9)
    assert (september["arrivals"], september["days_counted"], september["last_day"]) == (5536, 15, "2025-09-15")
    assert months.groupby("year")["arrivals"].sum()[2023] == 155_515  # PROVENANCE.md: summed daily values
    assert (months["year"].min(), months["month"].iloc[0]) == (2019, 9) and len(months) == 73


@pytest.mark.shared
def test_the_placeholder_padding_of_a_report_is_dropped_and_the_later_report_kept(raw_dir):
    # line 3372: "2024-05-27,0[VALORE]0,...,2024-05-15"; line 3401: "2024-05-27,259,...,2024-05-31"
    days = italy.read_days(raw_dir / DAILY).set_index("day")
    assert (days.loc["2024-05-27", "arrivals"], days.loc["2024-05-27", "report"]) == (259, "2024-05-31")
    # lines 45 and 76: 14 October 2019, 301 in the report of the 15th, 310 in that of the 31st
    assert days.loc["2019-10-14", "arrivals"] == 310


# --- The rules, on invented rows ------------------------------------------------------------


def test_a_day_in_two_reports_keeps_the_latest_reports_value(tmp_path):
    path = daily_file(tmp_path, ("2020-01-14", 5, "2020-01-31"), ("2020-01-14", 3, "2020-01-15"),
                      ("2020-01-15", 0, "2020-01-15"), ("2020-01-15", 185, "2020-01-31"))
    days = italy.read_days(path).set_index("day")
    assert days["arrivals"].to_dict() == {"2020-01-14": 5, "2020-01-15": 185}
    assert set(days["report"]) == {"2020-01-31"}


def test_zeros_blanks_and_placeholders_after_the_reports_date_are_padding_not_days(tmp_path):
    path = daily_file(tmp_path, ("2020-01-01", 7, "2020-01-02"), ("2020-01-02", 0, "2020-01-02"),
                      ("2020-01-03", 0, "2020-01-02"), ("2020-01-04", "", "2020-01-02"),
                      ("2020-01-05", "0[VALORE]0", "2020-01-02"))
    (row,) = italy.arrivals_by_month(path).itertuples()
    assert (row.arrivals, row.days_counted, row.last_day) == (7, 2, "2020-01-02")  # a zero on its own date counts


def test_arrivals_after_a_reports_date_contradict_the_padding_and_stop(tmp_path):
    path = daily_file(tmp_path, ("2020-01-01", 7, "2020-01-02"), ("2020-01-03", 12, "2020-01-02"))
    with pytest.raises(SourceFormatError, match=r"line 3: arrivals on a day after the report's own date") as error:
        italy.read_days(path)
    assert str(error.value).startswith(f"source {italy.DAILY_ID}: ")


def test_a_day_without_a_number_is_refused_naming_its_line(tmp_path):
    path = daily_file(tmp_path, ("2020-01-01", "n.d.", "2020-01-02"))
    with pytest.raises(SourceFormatError, match=r"line 2: a day's value that is not a whole number"):
        italy.read_days(path)


def test_a_month_with_a_day_missing_is_refused(tmp_path):
    path = daily_file(tmp_path, ("2020-01-01", 7, "2020-01-03"), ("2020-01-03", 1, "2020-01-03"))
    with pytest.raises(SourceFormatError, match="a month with a day missing"):
        italy.arrivals_by_month(path)


# --- By nationality -------------------------------------------------------------------------


@pytest.mark.shared
def test_nationalities_of_the_latest_report_of_each_year(nationalities):
    # grep -n "^2023-12-31,Guinea" -> 1117:2023-12-31,Guinea,GN,18211
    guinea = nationalities[(nationalities["year"] == 2023) & (nationalities["nationality"] == "GIN")].iloc[0]
    assert (guinea["report"], guinea["arrivals"], guinea["source_row"]) == ("2023-12-31", 18211, 1117)
    # grep -n "^2025-09-15,altre" -> 1620:2025-09-15,altre,,3565
    other = nationalities[(nationalities["year"] == 2025) & (nationalities["nationality"] == "OTHER")].iloc[0]
    assert (other["report"], other["arrivals"], other["name"]) == ("2025-09-15", 3565, "altre")
    assert nationalities.groupby("year")["report"].first().to_dict() == {
        2019: "2019-12-31", 2020: "2020-12-31", 2021: "2021-12-31", 2022: "2022-12-31",
        2023: "2023-12-31", 2024: "2024-12-31", 2025: "2025-09-15"}
    assert nationalities[nationalities["year"] == 2023]["arrivals"].sum() == 157_652
    assert "CIV" in set(nationalities["nationality"])  # "Costa d'Avorio", CI


def test_an_alpha2_code_that_names_another_country_is_refused(tmp_path):
    path = tmp_path / NATIONALITY
    path.write_text("Data_Report,Nazione,ISO_3166-1,Valore\n2020-12-31,Marocco,TN,12\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"ALPHA2 code TN \(TUN\) and the name 'Marocco' \(MAR\) disagree"):
        italy.arrivals_by_nationality(path)


def test_a_month_is_known_the_day_after_its_last_day_counted():
    """The "as of" cut: the ministry publishes each day's landings the next morning."""
    months = pd.DataFrame({"year": [2025, 2025], "month": [8, 9], "arrivals": [6093, 5536],
                           "days_counted": [31, 15], "last_day": ["2025-08-31", "2025-09-15"],
                           "report": ["2025-08-31", "2025-09-15"]})
    provenance = {"table": italy.MONTH_STEP.table, "time": italy.MONTH_STEP.time,
                  "sources": [{"id": italy.DAILY_ID, "date": "2025-09-16"}]}
    sources = registry.load()
    known = {day: asof.cut(Table(months, provenance), day, sources).frame["month"].tolist()
             for day in (dt.date(2025, 9, 15), dt.date(2025, 9, 16))}
    assert known == {dt.date(2025, 9, 15): [8], dt.date(2025, 9, 16): [8, 9]}
