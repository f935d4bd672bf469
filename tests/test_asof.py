"""The "as of" cut: what a publisher had released by a date, by each source's rule, applied once."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline.analysis import asof
from pipeline.sources import registry
from pipeline.sources.registry import RegistryError, Release
from pipeline.tables import Table


def _source(source_id: str, release: Release | None) -> registry.Source:
    return registry.Source(source_id, "csv", "P", "T", 2015, "https://example.org",
                           dt.date(2015, 1, 1), "CC BY", f"{source_id}.csv", release=release)


SOURCES = {source.id: source for source in [
    _source("monthly", Release("dated", "published with the month", lag_days=0)),
    _source("detections", Release("dated", "about six weeks after the month", lag_days=45)),
    _source("biennial", Release("annual", "a report two years later", years_after=2, on="12-31")),
    _source("yearly", Release("annual", "each March for the year before", years_after=1, on="03-31")),
    _source("coded", Release("fixed", "the data set of 10 August 2015", date=dt.date(2015, 8, 10))),
    _source("report-2015", Release("fixed", "a report of April 2015", date=dt.date(2015, 4, 30))),
    _source("report-2016", Release("fixed", "a report of March 2016", date=dt.date(2016, 3, 31))),
    _source("list", None),
]}


def _table(source_ids, frame, time) -> Table:
    provenance = {"table": "t", "sources": [{"id": source_id} for source_id in source_ids],
                  **({"time": time} if time else {})}
    return Table(frame, provenance)


def _cut(table: Table, as_of: dt.date | None) -> tuple[pd.DataFrame, dict]:
    known = asof.cut(table, as_of, SOURCES)
    return known.frame, known.provenance


MONTHS = pd.DataFrame({"year": [2015, 2015, 2015, 2015], "month": [9, 10, 11, 12], "n": [1, 2, 3, 4]})
YEARS = pd.DataFrame({"year": [2012, 2013, 2014, 2015], "n": [1, 2, 3, 4]})


def test_a_dated_month_is_known_at_its_end_plus_the_lag():
    frame, provenance = _cut(_table(["monthly"], MONTHS, {"year": "year", "month": "month"}), dt.date(2015, 11, 30))
    assert frame["month"].tolist() == [9, 10, 11]
    assert (provenance["as_of"], provenance["latest_observation"]) == ("2015-11-30", "2015-11-30")
    frame, _ = _cut(_table(["detections"], MONTHS, {"year": "year", "month": "month"}), dt.date(2015, 11, 30))
    assert frame["month"].tolist() == [9]  # October ends on the 31st; 45 days later is mid-December


def test_an_annual_statistic_is_known_only_once_its_publisher_has_released_the_year():
    frame, _ = _cut(_table(["biennial"], YEARS, {"year": "year"}), dt.date(2015, 11, 30))
    assert frame["year"].tolist() == [2012]
    frame, _ = _cut(_table(["yearly"], YEARS, {"year": "year"}), dt.date(2015, 11, 30))
    assert frame["year"].tolist() == [2012, 2013, 2014]


def test_moving_the_date_moves_what_is_known():
    table = _table(["yearly"], YEARS, {"year": "year"})
    counts = [len(_cut(table, dt.date(year, 6, 30))[0]) for year in (2013, 2014, 2015, 2016)]
    assert counts == [1, 2, 3, 4]


def test_a_fixed_data_set_is_known_from_its_date_and_never_ahead_of_the_periods_it_covers():
    assert _cut(_table(["coded"], YEARS, {"year": "year"}), dt.date(2015, 6, 1))[0].empty
    frame, _ = _cut(_table(["coded"], YEARS, {"year": "year"}), dt.date(2015, 11, 30))
    assert frame["year"].tolist() == [2012, 2013, 2014]


def test_event_dates_after_the_date_are_blanked_not_dropped():
    events = pd.DataFrame({"country": ["A", "B", "C"], "ratified": ["2011-04-25", "2016-01-05", None]})
    frame, provenance = _cut(_table(["monthly"], events, {"events": ["ratified"]}), dt.date(2015, 11, 30))
    assert frame["country"].tolist() == ["A", "B", "C"]
    assert frame["ratified"].tolist()[0] == "2011-04-25" and frame["ratified"].isna().tolist() == [False, True, True]
    assert provenance["latest_observation"] == "2011-04-25"


def test_an_event_known_only_by_its_year_counts_from_the_end_of_that_year():
    events = pd.DataFrame({"country": ["A", "B"], "ratified_year": [2015, 2014]})
    frame, _ = _cut(_table(["monthly"], events, {"events": ["ratified_year"]}), dt.date(2015, 11, 30))
    assert frame["ratified_year"].isna().tolist() == [True, False]


def test_latest_cuts_nothing_but_records_the_latest_observation():
    frame, provenance = _cut(_table(["biennial"], YEARS, {"year": "year"}), None)
    assert len(frame) == 4 and provenance["as_of"] == "latest"
    assert provenance["latest_observation"] == "2015-12-31"


def test_a_year_released_after_the_file_was_exported_is_provisional_and_left_out_of_every_edition():
    """A file of 2 April 2015 holds the 2014 statistic its publisher released on 31 March 2015;
    a file of 1 March 2015 can hold only a provisional 2014, which no edition shows."""
    yearly = _table(["yearly"], YEARS, {"year": "year"})
    yearly.provenance["sources"][0]["date"] = "2015-04-02"
    assert _cut(yearly, None)[0]["year"].tolist() == [2012, 2013, 2014]
    yearly.provenance["sources"][0]["date"] = "2015-03-01"
    assert _cut(yearly, None)[0]["year"].tolist() == [2012, 2013]
    monthly = _table(["detections"], MONTHS, {"year": "year", "month": "month"})
    monthly.provenance["sources"][0]["date"] = "2015-12-31"  # a dated series holds what it was exported with
    assert len(_cut(monthly, None)[0]) == 4


def test_several_sources_take_the_latest_of_their_release_dates():
    table = _table(["monthly", "detections"], MONTHS, {"year": "year", "month": "month"})
    frame, _ = _cut(table, dt.date(2015, 11, 30))
    assert frame["month"].tolist() == [9]


REPORTS = pd.DataFrame({"report": ["report-2015", "report-2015", "report-2016", "report-2016"],
                        "year": [2013, 2014, 2014, 2015], "n": [1, 2, 3, 4]})


def test_rows_that_name_their_own_source_are_known_from_that_source_alone():
    table = _table(["report-2015", "report-2016"], REPORTS, {"year": "year", "source": "report"})
    meeting, provenance = _cut(table, dt.date(2015, 11, 30))
    assert meeting["n"].tolist() == [1, 2] and provenance["latest_observation"] == "2014-12-31"
    assert [used["id"] for used in provenance["sources"]] == ["report-2015"]  # not the later report
    assert _cut(table, dt.date(2015, 4, 1))[0].empty  # before the first report
    assert _cut(table, dt.date(2016, 6, 30))[0]["n"].tolist() == [1, 2, 3, 4]


def test_a_row_naming_a_source_the_table_was_not_made_from_is_refused():
    table = _table(["report-2015"], REPORTS, {"year": "year", "source": "report"})
    with pytest.raises(asof.AsOfError, match="its column report names report-2016, which is not one of its sources"):
        _cut(table, dt.date(2015, 11, 30))


def test_a_table_whose_source_has_a_rule_must_say_how_its_rows_are_dated():
    with pytest.raises(asof.AsOfError, match="declares no time"):
        _cut(_table(["yearly"], YEARS, None), dt.date(2015, 11, 30))
    with pytest.raises(asof.AsOfError, match="no `release` rule"):
        _cut(_table(["list"], YEARS, {"year": "year"}), dt.date(2015, 11, 30))


def test_an_undated_table_without_rules_passes_whole():
    frame, provenance = _cut(_table(["list"], YEARS, None), dt.date(2015, 11, 30))
    assert len(frame) == 4 and provenance["as_of"] == "2015-11-30"


def test_as_of_is_a_date_or_latest():
    assert asof.parse("2015-11-30") == dt.date(2015, 11, 30) and asof.parse("latest") is None
    with pytest.raises(asof.AsOfError, match="neither a date"):
        asof.parse("November 2015")


# --- The rules in the registry ---------------------------------------------------------------

BASE = """sources:
  - id: example-data
    kind: csv
    producer: Example Office
    title: Example data
    year: 2015
    url: https://example.org/data.csv
    copy_date: 2015-11-11
    licence: CC BY 4.0
    file: data.csv
"""


def _load(tmp_path, release: str) -> registry.Source:
    path = tmp_path / "registry.yml"
    path.write_text(BASE + "    release:\n" + "".join(f"      {line}\n" for line in release.splitlines()))
    return registry.load(path)["example-data"]


def test_the_registry_reads_each_rule_with_its_parameters(tmp_path):
    assert _load(tmp_path, "rule: annual\nyears_after: 2\non: \"12-31\"\nbasis: a report").release == \
        Release("annual", "a report", years_after=2, on="12-31")
    assert _load(tmp_path, "rule: fixed\ndate: 2015-08-10\nbasis: coded once").release.date == \
        dt.date(2015, 8, 10)


def test_a_report_in_text_is_dated_by_a_fixed_rule_from_its_publication(tmp_path):
    path = tmp_path / "registry.yml"
    path.write_text(BASE.replace("kind: csv", "kind: text").replace("data.csv", "report.txt")
                    + "    date: 2015-04\n    release:\n      rule: fixed\n      date: 2015-04-30\n"
                    "      basis: published in April 2015\n")
    report = registry.load(path)["example-data"]
    assert (report.kind, report.date, report.release.date) == ("text", "2015-04", dt.date(2015, 4, 30))


@pytest.mark.parametrize("release, problem", [
    ("rule: dated", "basis: say why"),
    ("rule: monthly\nbasis: b", "rule 'monthly' is not one of dated, annual, fixed"),
    ("rule: dated\nyears_after: 1\nbasis: b", "a dated rule takes basis, lag_days, rule, not years_after"),
    ("rule: annual\nbasis: b", "an annual rule needs years_after"),
    ("rule: annual\nyears_after: two\nbasis: b", "years_after: 'two' is not a whole number"),
    ("rule: annual\nyears_after: 1\non: \"13-01\"\nbasis: b", "on: '13-01' is not a month and day"),
    ("rule: fixed\nbasis: b", "a fixed rule needs date"),
])
def test_a_malformed_rule_is_refused_with_its_line(tmp_path, release, problem):
    with pytest.raises(RegistryError, match="registry.yml:1[0-9]: source example-data: release: ") as caught:
        _load(tmp_path, release)
    assert problem in str(caught.value)


# --- The partner list of a date ------------------------------------------------------------------

TODAY = pd.DataFrame({"country": ["Libya", "Mali", "Spain"], "iso3": ["LBY", "MLI", "ESP"],
                      "side": ["African", "African", "European"],
                      "status": ["observer", "partner", "partner"]})
CHANGES = pd.DataFrame({"id": ["uk", "libya"], "iso3": ["GBR", "LBY"], "country": ["United Kingdom", "Libya"],
                        "side": ["European", "African"], "status": ["partner", "none"],
                        "valid_from": ["2014-11", "2014-11"], "source": ["page", "page"]})


def test_an_edition_before_todays_list_gets_the_list_of_its_time():
    listed = asof.partners_on(Table(TODAY, {}), CHANGES, dt.date(2015, 11, 30), dt.date(2026, 11, 27))
    assert listed.frame["iso3"].tolist() == ["MLI", "ESP", "GBR"]
    assert "uk, libya" in listed.provenance["partner_list"] and listed.provenance["partner_list_sources"] == ["page"]


def test_the_latest_edition_and_dates_before_a_change_keep_what_the_sources_say():
    latest = asof.partners_on(Table(TODAY, {}), CHANGES, None, dt.date(2026, 11, 27))
    assert latest.frame["iso3"].tolist() == ["LBY", "MLI", "ESP"]
    before = asof.partners_on(Table(TODAY, {}), CHANGES, dt.date(2014, 6, 30), dt.date(2026, 11, 27))
    assert before.frame["iso3"].tolist() == ["LBY", "MLI", "ESP"]
