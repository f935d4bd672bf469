"""Eurostat asylum applicants (eu_asyapp.rda): all applicants (not first-time ones, whatever the
documentation says), the partner selection, and a clear error for a damaged or changed file.

Values marked "checked by hand" were read with pyreadr alone (no pipeline code):
``pyreadr.read_r("eu_asyapp.rda")["eu_asyapp"]`` and pandas sums over its columns.
"""
from __future__ import annotations

import pandas as pd
import pytest
import rdata_factory

from pipeline.analysis import aggregates
from pipeline.errors import SourceFormatError
from pipeline.extract import eurostat, partners

FILE = "eu_asyapp.rda"


@pytest.fixture(scope="module")
def applicants(raw_dir):
    return eurostat.read_applicants(raw_dir / FILE)


@pytest.fixture(scope="module")
def groups(raw_dir):
    rabat = partners.read_partners(raw_dir / "rabat_process_partners.csv")
    return partners.african_partners(rabat), partners.european_partners(rabat)


def test_real_file_every_row(applicants):
    assert len(applicants) == 43_896
    assert (applicants["year"].min(), applicants["year"].max()) == (2011, 2024)
    assert (applicants["applicants"] % 5 == 0).all()


def test_the_values_are_all_applicants_not_first_time_ones(applicants):
    # The check that told us: Eurostat gives Germany 441,800 first-time asylum applicants in
    # 2015; the file's rows for Germany in 2015 add up to 476,560, the number of all applicants
    # (checked by hand: female 150,080 + male 325,625 + unknown 855). eu_asyapp.Rd says "first
    # time": the paper must say "asylum applicants".
    germany = applicants[(applicants["reporting_country"] == "DEU") & (applicants["year"] == 2015)]
    assert germany["applicants"].sum() == 476_560 != 441_800
    assert germany.groupby("sex")["applicants"].sum().to_dict() == {
        "female": 150_080, "male": 325_625, "unknown": 855}


def test_the_eu27_aggregate_is_kept_apart_from_its_members(applicants):
    eu27 = applicants[applicants["reporting_country"] == eurostat.EU27]
    assert eu27["year"].min() == 2013  # checked by hand: no EU27 rows for 2011-2012


def test_tables_keep_only_european_partners_eu27_and_african_citizens(raw_dir, groups):
    african, european = groups
    raw = rdata_factory.raw(raw_dir / FILE, eurostat.SOURCE_ID)
    table = eurostat.APPLICANTS.function([raw], african=african, european=european)
    assert set(table["reporting_country"]) == {*european, eurostat.EU27}
    assert set(table["citizenship"]) <= african and "GBR" not in set(table["reporting_country"])
    # Checked by hand: nat in the 26 African partners, geo in the 29 European partners, 2015.
    assert aggregates.applicants_in_partners(table, european)[2015] == 109_155
    totals = eurostat.TOTALS.function([raw], european=european)
    germany = totals[(totals["reporting_country"] == "DEU") & (totals["year"] == 2015)]
    assert germany["applicants"].tolist() == [476_560]


# --- damaged or changed files ---------------------------------------------------------------


def _rows(**changes) -> pd.DataFrame:
    rows = pd.DataFrame({"geo": ["DEU", "EU27"], "t": [2015.0, 2015.0], "nat": ["NGA", "NGA"],
                         "sex": ["male", "male"], "n": [10.0, 15.0]})
    return rows.assign(**changes)


def _error(tmp_path, frame, name=eurostat.DATA_SET) -> str:
    path = rdata_factory.write(tmp_path / FILE, name, frame)
    with pytest.raises(SourceFormatError) as caught:
        eurostat.read_applicants(path)
    message = str(caught.value)
    assert message.startswith(f"source {eurostat.SOURCE_ID}: ") and FILE in message
    return message


def test_a_file_cut_short_names_the_source(raw_dir, tmp_path):
    path = rdata_factory.truncated(raw_dir / FILE, tmp_path / FILE)
    with pytest.raises(SourceFormatError, match=f"source {eurostat.SOURCE_ID}: .*cannot be read"):
        eurostat.read_applicants(path)


def test_an_added_column_is_named(tmp_path):
    assert "unexpected ['unit']" in _error(tmp_path, _rows(unit=["PER", "PER"]))


def test_a_new_sex_category_is_refused_by_name(tmp_path):
    assert "total" in _error(tmp_path, _rows(sex=["total", "male"]))


def test_a_year_stored_as_text_is_refused(tmp_path):
    assert "column 't' is not numeric" in _error(tmp_path, _rows(t=["2015", "2015"]))
