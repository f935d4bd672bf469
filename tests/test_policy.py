"""The national policy record: TIP tiers, 3P index, criminalisation, Trafficking Protocol dates,
the country table and the key figures made from them.

Values marked "checked by hand" were read in the raw files with the command quoted beside them.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
from types import SimpleNamespace

import pandas as pd
import pytest
from test_markup import unescaped

from pipeline import tables
from pipeline.analysis import countries, frameworks, keyfigures, ratification
from pipeline.errors import SourceFormatError
from pipeline.extract import hti, partners, scorecard
from pipeline.extract import step as extract
from pipeline.paper import annexes, companion
from pipeline.sources import facts, resolve

CHO = "criminalization-cho-tiers_jk_2015-08-10.dta"
CRIM = "criminalization_jk_2015-08-10.dta"
TIERS_2015 = "tiers_2015.csv"
KS = "kelley_simmons_ajps_2014_replication.dta"
HTI = "HTI.csv"


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
    return scorecard.tip_tiers([raw(raw_dir / CHO, scorecard.TIERS_ID),
                                raw(raw_dir / TIERS_2015, scorecard.TIERS_2015_ID)])


@pytest.fixture(scope="module")
def protocol(raw_dir):
    return hti.trafficking_protocol([raw(raw_dir / HTI, hti.SOURCE_ID), raw(raw_dir / KS, scorecard.KELLEY_SIMMONS_ID)])


@pytest.fixture(scope="module")
def data(raw_dir, tiers, protocol):
    """The tables as the key-figures notebook gets them: {name: Table(frame, provenance)}."""
    made = {
        "rabat_partners": partners.read_partners(raw_dir / "rabat_process_partners.csv"),
        "tip_tiers": tiers, "trafficking_protocol": protocol,
        "tip_3p": scorecard.read_three_p(raw_dir / CHO),
        "criminalisation": scorecard.read_criminalisation(raw_dir / CRIM),
    }
    return {name: tables.Table(frame, {"table": name, "sources": []}) for name, frame in made.items()}


# --- TIP tiers ------------------------------------------------------------------------------


@pytest.mark.shared
def test_tier_codes_555_and_666_are_statuses_never_tiers(tiers):
    # Scorecard file, Morocco (ccode 600): 1999-2000 555; grep -n Somalia tiers_2015.csv -> 188:Somalia,666.
    assert one(tiers, "placement", iso3="MAR", report_year=2000) == "not rated"
    assert pd.isna(one(tiers, "tier", iso3="MAR", report_year=2000))
    assert one(tiers, "placement", iso3="SOM", report_year=2015) == "special case"
    assert one(tiers, "code", iso3="SOM", report_year=2015) == "666"
    coded = tiers[tiers["code"].isin(["555", "666"])]
    assert len(coded) and coded["tier"].isna().all() and tiers["tier"].dropna().isin(scorecard.TIERS).all()


@pytest.mark.shared
def test_tiers_by_report_year_with_the_watch_list_and_the_2015_report(tiers):
    # .dta: Nigeria 2010 tierupdated 1; grep -n Nigeria tiers_2015.csv -> 93:Nigeria,2
    assert one(tiers, "placement", iso3="NGA", report_year=2010) == "Tier 1"
    assert one(tiers, "placement", iso3="NGA", report_year=2015) == "Tier 2"
    assert one(tiers, "source_row", iso3="NGA", report_year=2015) == 93
    # tiers_2015.csv line 4: "Austria ,1" (a trailing space)
    assert one(tiers, "tier", iso3="AUT", report_year=2015) == 1.0
    assert one(tiers, "tier", iso3="MAR", report_year=2013) == 2.5  # .dta: Morocco 2013 tierupdated 2.5
    assert tiers["report_year"].min() == 1999 and tiers["report_year"].max() == 2015
    assert (tiers["report_year"] == 2015).sum() == 187  # tiers_2015.csv: 188 lines with the header


@pytest.mark.shared
def test_an_unknown_tier_code_in_the_2015_report_is_refused(raw_dir, tmp_path):
    text = (raw_dir / TIERS_2015).read_text(encoding="utf-8").replace("Armenia,1", "Armenia,4", 1)
    (tmp_path / TIERS_2015).write_text(text, encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"tier value\(s\) \['4'\]") as error:
        scorecard.read_tiers_2015(tmp_path / TIERS_2015)
    assert str(error.value).startswith(f"source {scorecard.TIERS_2015_ID}: ")


@pytest.mark.shared
def test_a_renamed_column_of_the_2015_report_is_named(raw_dir, tmp_path):
    text = (raw_dir / TIERS_2015).read_text(encoding="utf-8").replace("countryname", "country", 1)
    (tmp_path / TIERS_2015).write_text(text, encoding="utf-8")
    with pytest.raises(SourceFormatError, match="countryname"):
        scorecard.read_tiers_2015(tmp_path / TIERS_2015)


# --- 3P index and criminalisation -----------------------------------------------------------


@pytest.mark.shared
def test_three_p_parts_add_up_to_the_total(raw_dir):
    scores = scorecard.read_three_p(raw_dir / CHO)
    # .dta, Morocco 2013: prosecution 2, protection 2, prevention 3, p 7
    row = scores[(scores["iso3"] == "MAR") & (scores["year"] == 2013)].iloc[0]
    assert (row["prosecution"], row["protection"], row["prevention"], row["total"]) == (2, 2, 3, 7)
    scored = scores.dropna()
    assert scores["year"].min() == 2000 and (scored[scorecard.PARTS].sum(axis=1) == scored["total"]).all()


@pytest.mark.shared
def test_criminalisation_keeps_the_level_and_the_level_at_the_report(raw_dir):
    crim = scorecard.read_criminalisation(raw_dir / CRIM)
    # UK 2004: crimlevel 2, adjcrimlevel 1, month 7 (the law came after the June report)
    assert (one(crim, "level", iso3="GBR", year=2004), one(crim, "level_at_report", iso3="GBR", year=2004),
            one(crim, "law_month", iso3="GBR", year=2004)) == (2, 1, 7)
    assert crim["year"].min() == 1967 and crim["level"].isin([0, 1, 2]).all()


@pytest.mark.shared
@pytest.mark.parametrize("file, function, source_id", [
    (CHO, scorecard.read_three_p, scorecard.TIERS_ID),
    (CRIM, scorecard.read_criminalisation, scorecard.CRIMINALISATION_ID),
    (KS, scorecard.read_kelley_simmons_years, scorecard.KELLEY_SIMMONS_ID),
])
def test_a_cut_short_stata_file_is_refused_naming_the_source(raw_dir, tmp_path, file, function, source_id):
    data = (raw_dir / file).read_bytes()
    (tmp_path / file).write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceFormatError) as error:
        function(tmp_path / file, source_id)
    assert str(error.value).startswith(f"source {source_id}: ") and file in str(error.value)


def test_a_stata_file_without_the_variables_is_named(tmp_path):
    pd.DataFrame({"country": ["Mali"], "year": [2010]}).to_stata(tmp_path / "crim.dta", write_index=False)
    with pytest.raises(SourceFormatError, match="missing column.*crimlevel"):
        scorecard.read_criminalisation(tmp_path / "crim.dta")


# --- Trafficking Protocol -------------------------------------------------------------------


@pytest.mark.shared
def test_hti_dates_with_accession_suffix_and_mac_no_break_spaces(raw_dir, protocol):
    # grep -a "^Morocco" HTI.csv: ...,,25 Apr 2011 a,... (accession); Algeria: "\xca6 Jun 2001\xca"
    assert b"\xca9 Mar 2004\xca" in (raw_dir / HTI).read_bytes()
    assert one(protocol, "hti_consent", iso3="MAR") == "2011-04-25"
    assert one(protocol, "hti_consent_kind", iso3="MAR") == "accession"
    assert one(protocol, "hti_signed", iso3="DZA") == "2001-06-06"
    assert one(protocol, "hti_consent", iso3="DZA") == "2004-03-09"
    assert one(protocol, "hti_consent_kind", iso3="NLD") == "acceptance"  # "27 Jul 2005 A"
    assert one(protocol, "hti_consent_kind", iso3="MNE") == "succession"  # "23 Oct 2006 d"
    # Cote d'Ivoire is spelt two ways in HTI (2001-2010, 2011): one row
    assert one(protocol, "hti_consent", iso3="CIV") == "2012-10-25"


@pytest.mark.shared
def test_morocco_disagreement_is_recorded_with_both_values(protocol):
    row = protocol[protocol["iso3"] == "MAR"].iloc[0]
    assert (row["hti_consent"], row["ks_protocol_year"], row["ks_ratified_year"]) == ("2011-04-25", 2012, 2011)
    assert row["comparison"] in hti.DISAGREEMENTS
    assert one(protocol, "comparison", iso3="ALB") == "different years"  # HTI 2002, Kelley-Simmons 2004
    assert one(protocol, "comparison", iso3="NGA") == "same year"
    # the list in notebooks/07-extract-policy.ipynb
    assert len(protocol[protocol["comparison"].isin(hti.DISAGREEMENTS)]) == 18


def test_an_hti_date_in_an_unknown_notation_is_refused_naming_line_and_cell(tmp_path):
    path = tmp_path / HTI
    path.write_bytes(b"country,year,UNP_sign,UNP_rat\nMorocco,2011,,\xca25 Apr 2011 x\n")
    with pytest.raises(SourceFormatError, match=r"line 2, UNP_rat: .*25 Apr 2011 x") as error:
        hti.read_protocol_dates(path)
    assert str(error.value).startswith("source hti-2013: ")


def test_hti_dates_that_differ_between_a_countrys_rows_are_refused(tmp_path):
    path = tmp_path / HTI
    path.write_bytes(b"country,year,UNP_sign,UNP_rat\nMorocco,2010,,\n Morocco,2011,,25 Apr 2011 a\n")
    with pytest.raises(SourceFormatError, match="MAR"):
        hti.read_protocol_dates(path)


def test_a_renamed_hti_column_is_named(tmp_path):
    path = tmp_path / HTI
    path.write_bytes(b"country,year,UNP_signature,UNP_rat\nMorocco,2011,,\n")
    with pytest.raises(SourceFormatError, match="UNP_sign"):
        hti.read_protocol_dates(path)


@pytest.mark.shared
def test_a_failing_extraction_overwrites_nothing(raw_dir, tmp_path, monkeypatch):
    """A corrupt HTI.csv stops the step before anything is written over the good table."""
    bad = tmp_path / HTI
    shutil.copy(raw_dir / HTI, bad)
    bad.write_bytes(bad.read_bytes().replace(b"25 Apr 2011 a", b"25 Avr 2011 a"))
    resolved = {hti.SOURCE_ID: bad, scorecard.KELLEY_SIMMONS_ID: raw_dir / KS}
    monkeypatch.setattr(resolve, "resolve", lambda source_id: resolve.Resolved(
        SimpleNamespace(id=source_id, file=resolved[source_id].name), resolved[source_id], "ab" * 32, "cache"))
    output = tmp_path / "trafficking_protocol.csv"
    output.write_text("iso3\nMAR\n")
    with pytest.raises(SourceFormatError, match="25 Avr 2011"):
        extract.run([hti.SOURCE_ID, scorecard.KELLEY_SIMMONS_ID], hti.STEP, output)
    assert output.read_text() == "iso3\nMAR\n" and not tables.sidecar_path(output).exists()


# --- Country table, annex and key figures ---------------------------------------------------


@pytest.mark.shared
def test_country_table_covers_every_partner_with_reasons_for_what_is_missing(data):
    table = keyfigures._country_table(data)
    assert len(table) == 57 and set(table.columns) == set(countries.COLUMNS)
    stp = table[table["iso3"] == "STP"].iloc[0]  # in no file but Kelley-Simmons
    assert (stp["protocol"], stp["protocol_date"], stp["protocol_source"]) == ("ratified", "2006",
                                                                               scorecard.KELLEY_SIMMONS_ID)
    assert stp["tier_2015"] == countries.NOT_IN_REPORT and stp["direction"] == ""
    assert "not rated" in stp["direction_missing"] and pd.isna(stp["three_p"])
    mar = table[table["iso3"] == "MAR"].iloc[0]
    assert (mar["protocol"], mar["protocol_date"], mar["protocol_source"]) == ("acceded", "2011-04-25", "hti-2013")
    assert one(table, "protocol", iso3="COG") == "signed only"
    assert one(table, "direction", iso3="NGA") == "down"  # Tier 1 in 2010, Tier 2 in 2015
    assert one(table, "direction", iso3="CMR") == "up"  # Watch List in 2010, Tier 2 in 2015


def test_direction_counts_the_watch_list_between_tier_2_and_tier_3():
    assert countries._direction("Tier 2 Watch List", "Tier 2") == ("up", "")
    assert countries._direction("Tier 2", "Tier 2 Watch List") == ("down", "")
    assert countries._direction("not rated", "Tier 2")[0] == ""


MEETING = dt.date(2015, 11, 30)


@pytest.fixture(scope="module")
def meeting_status(treaty_status, data):
    return ratification.status_on(treaty_status, facts.load(facts.TREATY_EVENTS.name),
                                  data["rabat_partners"].frame, MEETING)


@pytest.mark.shared
def test_country_annex_sets_out_each_partner_s_protocols_and_laws_as_documents_of_the_date_record_them(
        data, meeting_status):
    shown, _left_out = frameworks.measures_on(MEETING)
    text = unescaped(annexes.countries_annex(meeting_status, shown, data["rabat_partners"].frame, "en"))
    assert "| Country | Trafficking Protocol | Smuggling Protocol | Law on trafficking | Law on smuggling |" in text
    # untc_18-12-a: "Morocco,,25 Apr 2011 a"; no row in 18-12-b; Law 27-14 was still a bill in 2015
    assert ("| Morocco^[@mar-law-02-03; @untc-smuggling-protocol-2014; @untc-trafficking-protocol-2014; "
            "@untc-untoc-2014.] | acceded 2011 | not recorded | — | Law No. 02-03 of 11 November 2003, "
            "Art. 52 |") in text
    congo = next(line for line in text.splitlines() if line.startswith("| Congo^"))
    assert "| signed only | signed only |" in congo and "(children only)" in congo
    assert "| Algeria (observer)^[" in text
    for identifier in ("law-african", "institutions-african", "law-european", "institutions-european"):
        assert f"{{#tbl-countries-{identifier} tbl-colwidths=" in text
    french = unescaped(annexes.countries_annex(meeting_status, shown, data["rabat_partners"].frame, "fr"))
    assert "| Pays | Protocole relatif à la traite |" in french and "| Maroc^[" in french
    assert "| adhésion 2011 | non consigné |" in french
    # sorted by the French names, an accent not moving a name (Bénin before Burkina Faso)
    assert french.index("| Sierra Leone") < french.index("| Tchad") < french.index("| Togo")
    assert french.index("| Bénin") < french.index("| Burkina Faso")


@pytest.mark.shared
def test_assessments_annex_shows_tiers_indices_and_codings_with_their_caveat(data):
    table = keyfigures._country_table(data)
    shown, _left_out = frameworks.measures_on(MEETING)
    text = unescaped(annexes.assessments_annex(table, shown, "en"))
    assert text.startswith("The assessments below are made from outside")
    assert "| Country | TIP tier 2015 | Since 2010 | 3P index | Criminalised |" in text
    assert "| Morocco | 2 | same | 7 (2/2/3) | none (2014) |" in text
    assert ("| Sao Tome and Principe | not in the report | no tier in 2010 and 2015 | not scored | "
            "not coded |") in text
    assert "{#tbl-assessments-africa tbl-colwidths=" in text and "{#tbl-assessments-europe tbl-colwidths=" in text
    assert "Cho, Dreher and Neumayer in 2013, unless another year is given" in text  # the usual 3P year
    french = unescaped(annexes.assessments_annex(table, shown, "fr"))
    assert "| Maroc | 2 | inchangée | 7 (2/2/3) | aucune (2014) |" in french


@pytest.mark.shared
def test_the_technical_note_lists_the_partners_whose_protocol_dates_disagree(data):
    text = unescaped(companion.disagreements_annex(data["trafficking_protocol"].frame, data["rabat_partners"].frame))
    assert "{#tbl-protocol-disagreements}" in text and "| Country | HTI | Kelley-Simmons |" in text
    assert "| Morocco | 2011-04-25 (accession) | 2012 (indicator: 2011) |" in text
    assert "| Chad | 2009-08-18 (accession) | 2012 |" in text  # no indicator year: none shown
    listed = [line.split(" | ")[0].removeprefix("| ") for line in text.splitlines()
              if line.startswith("| ") and not line.startswith("| Country")]
    assert listed == ["Chad", "Gabon", "Greece", "Ireland", "Morocco"]  # the partners among the 18


@pytest.mark.shared
def test_policy_key_figures(data):
    figures = {figure.key: figure for figure in keyfigures.policy(data)}
    assert figures["policy.three_p.latest_year"].text == "2013"
    json.dumps([figure.value for figure in figures.values()])  # plain numbers, as the provenance file needs
