"""The TIP tiers and 3P index of Heiss and Kelley's CSV files, checked against the Scorecard's.

Rows "checked by hand" were read in the raw files with the grep quoted beside them.
"""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline.errors import SourceFormatError
from pipeline.extract import scorecard, trenches

TIERS_CSV, THREE_P_CSV = "tip_tiers_1999-2015.csv", "policy_index_3p_1999-2014.csv"
CHO, TIERS_2015 = "criminalization-cho-tiers_jk_2015-08-10.dta", "tiers_2015.csv"


def raw(path, source_id):
    return SimpleNamespace(path=path, source=SimpleNamespace(id=source_id))


def one(table, column, **where):
    rows = table
    for key, wanted in where.items():
        rows = rows[rows[key] == wanted]
    assert len(rows) == 1, f"{len(rows)} rows for {where}"
    return rows.iloc[0][column]


@pytest.fixture(scope="module")
def tiers(raw_dir):
    return trenches.read_tiers(raw_dir / TIERS_CSV)


@pytest.mark.shared
def test_tier_labels_with_trailing_spaces_watchlist_and_na(tiers):
    # grep -n '"Morocco"' tip_tiers_1999-2015.csv: 1986 "Morocco","MAR",2013,600,"Watchlist    "
    assert one(tiers, "placement", iso3="MAR", report_year=2013) == "Tier 2 Watch List"
    assert one(tiers, "source_row", iso3="MAR", report_year=2013) == 1986
    assert one(tiers, "placement", iso3="MAR", report_year=2015) == "Tier 2"  # "Tier 2    "
    assert pd.isna(one(tiers, "placement", iso3="SOM", report_year=2015))  # NA (666 in tiers_2015.csv)
    assert one(tiers, "placement", iso3="XKX", report_year=2015) == "Tier 2"  # "Kosovo","KOS",2015,347


@pytest.mark.shared
def test_the_year_is_the_reports_as_in_the_transcribed_2015_report(tiers, raw_dir):
    report = scorecard.read_tiers_2015(raw_dir / TIERS_2015)
    report = report.assign(placement=report["placement"].where(report["tier"].notna()))
    csv_2015 = tiers[tiers["report_year"] == 2015].set_index("iso3")["placement"]
    assert csv_2015.sort_index().equals(report.set_index("iso3")["placement"].sort_index())


@pytest.mark.shared
def test_three_p_scores_as_the_file_gives_them(raw_dir):
    scores = trenches.read_three_p(raw_dir / THREE_P_CSV)
    # line 1984: "Morocco",2013,600,2.5,7,2,3,2 (p, prosecution, prevention, protection)
    row = scores[(scores["iso3"] == "MAR") & (scores["year"] == 2013)].iloc[0]
    assert (row["prosecution"], row["prevention"], row["protection"], row["total"], row["source_row"]) == (
        2, 3, 2, 7, 1984)
    # its only 2014 score, line 2767: "Timor-Leste",2014,860,2.5,7,2,3,2 -- the Scorecard has it too
    assert list(scores.loc[scores["year"] == 2014, "iso3"]) == ["TLS"]
    assert "CIV" in set(scores["iso3"])  # "Cote D’Ivoire", a curly apostrophe


@pytest.mark.shared
def test_both_csv_files_agree_with_the_scorecard_everywhere(raw_dir):
    tiers = trenches.tiers_cross_check([raw(raw_dir / TIERS_CSV, trenches.TIERS_ID),
                                        raw(raw_dir / CHO, scorecard.TIERS_ID),
                                        raw(raw_dir / TIERS_2015, scorecard.TIERS_2015_ID)])
    three_p = trenches.three_p_cross_check([raw(raw_dir / THREE_P_CSV, trenches.THREE_P_ID),
                                            raw(raw_dir / CHO, scorecard.THREE_P_ID)])
    assert (tiers["year"].min(), tiers["year"].max(), tiers["differ"].sum()) == (1999, 2015, 0)
    assert tiers.set_index("year").loc[2015, "countries"] == 187
    assert (three_p["year"].min(), three_p["year"].max(), three_p["differ"].sum()) == (2000, 2014, 0)
    assert three_p.set_index("year").loc[2014, "countries"] == 1


def test_a_difference_is_named_by_country_year_and_both_values():
    ours = pd.DataFrame({"iso3": ["MAR", "NGA", "TUN"], "year": [2013] * 3, "placement": ["Tier 2", "Tier 1", None]})
    theirs = pd.DataFrame({"iso3": ["MAR", "NGA", "SEN"], "year": [2013] * 3,
                           "placement": ["Tier 3", "Tier 1", "Tier 2"]})
    (row,) = trenches.compare(ours, theirs, "year", ["placement"]).itertuples()
    assert (row.countries, row.agree, row.differ) == (4, 2, 2)  # TUN: no tier on either side
    assert row.differences == "MAR placement: Tier 2 / Tier 3; SEN placement: none / Tier 2"


def test_a_code_that_names_another_country_is_refused(tmp_path):
    path = tmp_path / TIERS_CSV
    path.write_text('"countryname","iso","year","ccode","tier"\n"Morocco","TUN",2013,600,"Tier 2"\n')
    with pytest.raises(SourceFormatError, match=r"line 2: the code 'TUN' and the name 'Morocco' disagree"):
        trenches.read_tiers(path)


def test_an_unknown_tier_label_is_refused(tmp_path):
    path = tmp_path / TIERS_CSV
    path.write_text('"countryname","iso","year","ccode","tier"\n"Morocco","MAR",2013,600,"Tier 4"\n')
    with pytest.raises(SourceFormatError, match=r"tier label\(s\) \['Tier 4'\]"):
        trenches.read_tiers(path)
