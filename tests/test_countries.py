"""The one country mapping: every name and code in the sources, and a loud error for the rest."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline.errors import SourceFormatError
from pipeline.extract import citizenship, countries, partners

STATA_NAMES = {  # file -> (code column, name column)
    "criminalization-cho-tiers_jk_2015-08-10.dta": ("ccode", "name"),
    "criminalization_jk_2015-08-10.dta": ("ccode", "country"),
    "kelley_simmons_ajps_2014_replication.dta": ("cowcode", "name"),
}


@pytest.mark.shared
@pytest.mark.parametrize("file", sorted(STATA_NAMES))
def test_every_cow_code_and_name_of_the_stata_files_maps_to_one_country(raw_dir, file):
    code, name = STATA_NAMES[file]
    frame = pd.read_stata(raw_dir / file, columns=[code, name]).drop_duplicates()
    codes = countries.iso3_from_cow(frame[code], frame[name], "test", raw_dir / file)
    assert len(set(codes)) == frame[code].nunique()


@pytest.mark.shared
def test_every_name_of_the_csv_files_is_known(raw_dir):
    hti = pd.read_csv(raw_dir / "HTI.csv", encoding="latin-1", dtype=str)["country"]
    names = {
        "tiers_2015.csv": pd.read_csv(raw_dir / "tiers_2015.csv", dtype=str)["countryname"],
        "HTI.csv": hti.str.replace("\u00ca", "\u00a0"),  # Mac no-break spaces, as hti.py reads them
        "rabat_process_partners.csv": pd.read_csv(raw_dir / "rabat_process_partners.csv")["country"],
    }
    for file, column in names.items():
        assert len(countries.iso3(column, "test", raw_dir / file)) == len(column)


@pytest.mark.parametrize("name, code", [
    ("Austria ", "AUT"),  # tiers_2015.csv: trailing space
    ("Uzbekistan ", "UZB"),
    ("Cote D\u00d5Ivoire", "CIV"),  # a Mac Roman apostrophe read as Latin-1
    ("Cote D\x92Ivoire", "CIV"),  # a Windows apostrophe read as Latin-1
    ("\u00a0Morocco\u00a0", "MAR"),  # HTI's no-break spaces
    ("Congo, Republic", "COG"), ("Congo, Democratic Rep. of", "COD"), ("Congo", "COG"),
    ("Cabo Verde", "CPV"), ("CapeVerde", "CPV"), ("SaoT&P", "STP"),
    ("United Kingdom", "GBR"), ("UK", "GBR"), ("Equatorial Quinea", "GNQ"),
])
def test_awkward_spellings_get_the_right_code(name, code):
    assert countries.iso3([name], "test", "file.csv") == [code]


def test_an_unknown_name_is_refused_naming_the_file_and_every_name(tmp_path):
    with pytest.raises(SourceFormatError) as error:
        countries.iso3(["Mali", "Ivory Coast", "Atlantis"], "some-source", tmp_path / "data.csv")
    message = str(error.value)
    assert message.startswith("source some-source: ") and "data.csv" in message
    assert "'Atlantis'" in message and "'Ivory Coast'" in message and "'Mali'" not in message
    assert "pipeline/extract/countries.py" in message


def test_names_are_matched_exactly_not_guessed():
    for near_miss in ("morocco", "Moroco", "Republic of Congo"):
        with pytest.raises(SourceFormatError):
            countries.iso3([near_miss], "test", "file.csv")


def test_an_unknown_cow_code_and_a_code_that_contradicts_its_name_are_refused():
    with pytest.raises(SourceFormatError, match=r"COW code\(s\) \[9999\]"):
        countries.iso3_from_cow([9999], ["Morocco"], "test", "file.dta")
    with pytest.raises(SourceFormatError, match="COW code 600 .MAR. and the name 'Tunisia' .TUN. disagree"):
        countries.iso3_from_cow([600], ["Tunisia"], "test", "file.dta")


def test_every_code_is_three_capitals_and_every_spelling_is_listed_once():
    assert all(len(code) == 3 and code.isupper() for code in [*countries.SPELLINGS, *countries.COW.values()])
    assert set(countries.COW.values()) <= set(countries.SPELLINGS)
    assert len(countries.BY_NAME) == sum(len(spellings) for spellings in countries.SPELLINGS.values())


def test_citizenship_attribution_agrees_with_the_country_mapping():
    """citizenship.py stays apart (demonyms, loose keys, no error), but must not contradict it."""
    for code, spellings in citizenship._SPELLINGS.items():
        known = [spelling for spelling in spellings if spelling in countries.BY_NAME]
        assert known and all(countries.BY_NAME[spelling] == code for spelling in known), code


@pytest.mark.shared
def test_the_partner_list_keeps_its_codes(raw_dir):
    table = partners.read_partners(raw_dir / "rabat_process_partners.csv")
    assert dict(zip(table["country"], table["iso3"]))["Cote d'Ivoire"] == "CIV"
    assert table["iso3"].is_unique and len(table) == 57
