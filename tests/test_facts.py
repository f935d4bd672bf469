"""The facts tables (``sources/facts/``) are checked cell by cell, and every fact is cited.

The first tests build a small registry and table in a temporary folder and break one rule each;
the last ones hold the committed tables to the registry, to https and to the partner list.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from pipeline import paths
from pipeline.extract import countries
from pipeline.sources import facts, registry

REGISTRY = """\
sources:
  - id: un-page
    kind: web
    producer: United Nations
    title: A page
    year: 2026
    url: https://www.un.org/page
    accessed: 2026-12-01
    licence: UN terms of use
  - id: eu-page
    kind: web
    producer: European Union
    title: Another page
    year: 2026
    url: https://europa.eu/page
    accessed: 2026-12-01
    licence: reuse authorised
  - id: eu-action-plan
    kind: document
    producer: European Commission
    title: EU Action Plan against migrant smuggling (2015-2020)
    year: 2015
    date: 2015-05-27
"""

HEADER = ",".join(facts.INSTRUMENTS.columns)
ROWS = [
    "un-toc,UN Convention,UN Convention,Convention des Nations Unies,UNTOC,UN,binding,2000-11-15,"
    "New York,2003-09-29,,Organised crime.,Criminalité organisée.,"
    "A/RES/55/25,https://www.un.org/x,un-page,un-page; eu-page,,",
    "eu-plan,EU Action Plan,EU Plan,Plan de l'UE,Plan,EU,policy,2015-05,Brussels,,,Smuggling.,Trafic.,"
    "COM(2015) 285,,eu-page,,,",
]


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "registry.yml").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "facts").mkdir()
    return {"registry": tmp_path / "registry.yml", "facts": tmp_path / "facts"}


def _write(folders: dict[str, Path], rows: list[str], header: str = HEADER) -> Path:
    path = folders["facts"] / "instruments.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _load(folders: dict[str, Path]) -> pd.DataFrame:
    return facts.load("instruments", folders["facts"], folders["registry"])


def _error(folders: dict[str, Path], rows: list[str], header: str = HEADER) -> str:
    path = _write(folders, rows, header)
    with pytest.raises(facts.FactsError) as caught:
        _load(folders)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message  # one line, naming the file
    return message


def test_a_valid_table_loads_as_text_with_blank_cells_empty(folders):
    _write(folders, ROWS)
    table = _load(folders)
    assert list(table["id"]) == ["un-toc", "eu-plan"]
    assert table.loc[1, "entry_into_force"] == "" and table.loc[1, "adopted"] == "2015-05"
    assert facts.source_ids(table.loc[0, "entry_into_force_source"]) == ["un-page", "eu-page"]


def test_an_unknown_source_id_is_named_with_its_line_and_column(folders):
    message = _error(folders, [ROWS[0], ROWS[1].replace(",eu-page,,,", ",eu-pgae,,,")])
    assert ("line 3 (id eu-plan), column adopted_source: 'eu-pgae' names an id that the "
            "registry does not hold") in message


def test_a_bad_date_is_named_with_its_line_and_column(folders):
    message = _error(folders, [ROWS[0].replace("2003-09-29", "2003-09-31"), ROWS[1]])
    assert "line 2 (id un-toc), column entry_into_force: '2003-09-31' is not a date" in message


def test_a_row_after_a_cell_written_over_several_lines_is_named_by_its_own_line(folders):
    wrapped = ROWS[0].replace("Organised crime.", '"Organised\ncrime,\nacross borders."')
    message = _error(folders, [wrapped, ROWS[1].replace(",eu-page,,,", ",eu-pgae,,,")])
    assert "line 5 (id eu-plan), column adopted_source: 'eu-pgae'" in message  # not line 3


def test_a_duplicate_id_names_the_line_of_the_first(folders):
    message = _error(folders, [ROWS[0], ROWS[1], ROWS[1]])
    assert "line 4 (id eu-plan), column id: 'eu-plan' is also the id of line 3" in message
    assert "line 3 (id eu-plan), column id" not in message


def test_a_blank_required_cell_is_refused(folders):
    message = _error(folders, [ROWS[0].replace(",Organised crime.,", ",,")])
    assert "line 2 (id un-toc), column scope_en: '' is blank (a required cell)" in message
    message = _error(folders, [ROWS[0].replace(",Criminalité organisée.,", ",,")])
    assert "line 2 (id un-toc), column scope_fr: '' is blank (a required cell)" in message


def test_a_fact_without_a_source_and_a_source_without_a_fact_are_refused(folders):
    unsourced = ROWS[0].replace(",un-page; eu-page,", ",,")
    assert ("column entry_into_force_source: blank, but entry_into_force or "
            "transposition_deadline holds a fact") in _error(folders, [unsourced])
    dangling = ROWS[1].replace(",eu-page,,,", ",eu-page,un-page,,")
    assert "column entry_into_force_source: names a source, but" in _error(folders, [dangling])


def test_a_fact_cited_to_a_document_alone_names_the_copy_that_confirmed_it(folders):
    on_the_document = ROWS[1].replace(",eu-page,,,", ",eu-action-plan,,,")
    assert ("line 2 (id eu-plan), column verified_by: blank, but the row's sources are documents "
            "with no copy in hand") in _error(folders, [on_the_document])
    _write(folders, [on_the_document.replace(",eu-action-plan,,,", ",eu-action-plan,,eu-page,")])
    assert _load(folders).loc[0, "verified_by"] == "eu-page"
    unknown = on_the_document.replace(",eu-action-plan,,,", ",eu-action-plan,,eu-pgae,")
    assert "column verified_by: 'eu-pgae' names an id that the registry does not hold" in _error(
        folders, [unknown])


def test_choices_urls_and_ids_follow_their_rules(folders):
    message = _error(folders, [ROWS[0].replace(",binding,", ",treaty,")
                               .replace("https://www.un.org/x", "http://www.un.org/x")
                               .replace("un-toc,", "UN_TOC,", 1)])
    assert "column id: 'UN_TOC' is not a kebab-case id" in message
    assert "column type: 'treaty' is not one of binding, policy, financing" in message
    assert "column url: 'http://www.un.org/x' is not an https URL" in message


def test_a_fund_is_a_financing_instrument_neither_binding_nor_policy(folders):
    _write(folders, [ROWS[1].replace(",policy,", ",financing,")])
    assert _load(folders).loc[0, "type"] == "financing"


def test_a_changed_header_is_refused_before_any_cell(folders):
    message = _error(folders, ROWS, HEADER.replace("adopted_at", "place"))
    assert "columns are" in message and "expected id, instrument" in message


def test_partial_dates_say_how_precise_they_are():
    assert facts.parse_date("2001-12") == (pd.Timestamp("2001-12-01").date(), "month")
    assert facts.parse_date("2008")[1] == "year" and facts.parse_date("2015-11-12")[1] == "day"
    with pytest.raises(ValueError):
        facts.parse_date("12/11/2015")


# --- the committed tables ---------------------------------------------------------------------

#: Tables still being filled hold fewer rows.
MINIMUM_ROWS = {facts.PARTNER_LIST.name: 1, facts.TREATY_EVENTS.name: 4, facts.EVENTS.name: 33,
                facts.FINDINGS.name: 45}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return facts.load_all()


def test_the_committed_tables_load_and_every_source_is_registered(tables):
    known = registry.load()
    for name, table in tables.items():
        for column in facts.TABLES[name].source_columns:
            for cell in table[column]:
                assert all(source in known for source in facts.source_ids(cell)), (name, cell)
        assert len(table) >= MINIMUM_ROWS.get(name, 8), name


def test_every_url_of_the_facts_and_their_sources_is_https(tables):
    cited = {source for name, table in tables.items()
             for column in facts.TABLES[name].source_columns
             for cell in table[column] for source in facts.source_ids(cell)}
    sources = registry.load()
    urls = [url for name, table in tables.items() for column in facts.TABLES[name].urls
            for url in table[column] if url]
    # the concept note's own http links stay as cited; a document may have no address
    urls += [sources[source].url for source in cited
             if sources[source].url and not sources[source].cited_in]
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme == "https" or parts.hostname in facts.HTTP_ONLY_HOSTS, url


def test_national_measures_are_of_partner_countries_with_their_iso3(tables):
    today = set(pd.read_csv(paths.SNAPSHOT / "rabat_partners.csv")["iso3"])
    in_2015 = today | {"GBR"}  # the United Kingdom was a partner while an EU member (to 2020)
    for row in tables["national_measures"].itertuples():
        assert countries.iso3([row.country], "facts", "national_measures.csv") == [row.country_iso3], row.id
        assert row.country_iso3 in in_2015, row.id


def test_the_instruments_the_paper_needs_are_there_with_their_dates(tables):
    instruments = tables["instruments"].set_index("id")
    assert instruments.loc["un-toc", "entry_into_force"] == "2003-09-29"
    assert instruments.loc["ilo-p029", "entry_into_force"] == "2016-11-09"  # after the meeting
    needed = {"un-protocol-trafficking", "un-protocol-smuggling", "un-gpa-trafficking", "ilo-c029",
              "ilo-c182", "coe-cets-197", "eu-directive-2002-90", "eu-framework-decision-2002-946",
              "eu-directive-2004-81", "eu-directive-2011-36", "eu-directive-2012-29",
              "eu-thb-strategy-2012", "eu-agenda-migration-2015", "eu-action-plan-smuggling-2015",
              "ecowas-declaration-2001", "ecowas-eccas-agreement-2006", "ouagadougou-action-plan-2006",
              "au-commit-2009", "rabat-declaration-2006", "rome-programme-2014",
              "khartoum-declaration-2014", "valletta-2015", "eutf-africa-2015"}
    assert needed <= set(instruments.index)
    assert "(4) prevention of and fight against irregular migration, migrant smuggling and " \
           "trafficking in human beings" in instruments.loc["valletta-2015", "scope_en"]


def test_the_facts_folder_is_committed_beside_the_registry():
    assert facts.FACTS == paths.SOURCES / "facts"
    assert sorted(p.name for p in facts.FACTS.glob("*.csv")) == sorted(
        table.file for table in facts.TABLES.values())
