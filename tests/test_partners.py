"""The Rabat Process partner list: names -> ISO3, sides, observers, and clear errors."""
from __future__ import annotations

import pytest

from pipeline.errors import SourceFormatError
from pipeline.extract import partners

HEADER = "country,group,status,source\n"


@pytest.fixture(scope="module")
def table(raw_dir):
    return partners.read_partners(raw_dir / "rabat_process_partners.csv")


def test_real_list_has_28_african_and_29_european_countries(table):
    # Checked by hand: awk -F, 'NR>1{print $2,$3}' rabat_process_partners.csv | sort | uniq -c
    # -> 2 "Africa observer", 26 "Africa partner", 29 "Europe partner".
    assert (table["side"] == "African").sum() == 28
    assert (table["side"] == "European").sum() == 29
    assert len(partners.african_partners(table)) == 26
    assert len(partners.european_partners(table)) == 29


def test_observers_algeria_and_libya_only_when_asked(table):
    assert not {"DZA", "LBY"} & partners.african_partners(table)
    assert {"DZA", "LBY"} <= partners.african_partners(table, include_observers=True)


def test_awkward_names_get_the_right_codes(table):
    # grep -n "Cote\|Congo" rabat_process_partners.csv -> lines 8, 9, 24.
    codes = dict(zip(table["country"], table["iso3"]))
    assert codes["Cote d'Ivoire"] == "CIV"
    assert codes["Congo"] == "COG"
    assert codes["Democratic Republic of the Congo"] == "COD"
    assert codes["Czech Republic"] == "CZE"
    assert "GBR" not in set(table["iso3"])  # the UK left after 2020


def test_renamed_column_names_the_file_and_the_column(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("country,side,status,source\nMali,Africa,partner,x\n", encoding="utf-8")
    with pytest.raises(SourceFormatError) as error:
        partners.read_partners(path)
    message = str(error.value)
    assert message.startswith(f"source {partners.SOURCE_ID}: ")
    assert "partners.csv" in message and "group" in message


def test_unknown_country_name_is_refused_not_guessed(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(HEADER + "Ivory Coast,Africa,partner,x\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="Ivory Coast"):
        partners.read_partners(path)


def test_unexpected_status_is_refused(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(HEADER + "Mali,Africa,member,x\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="member"):
        partners.read_partners(path)
