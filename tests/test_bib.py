"""Each edition's ``references.bib`` comes from the registry, cites only what existed on the
edition's date, and renders sensibly through pandoc's citeproc."""
from __future__ import annotations

import datetime as dt
import re
import subprocess

import pypandoc
import pytest

from pipeline import language, paths
from pipeline.sources import bib, registry

CSL = paths.PAPER / "harvard-cite-them-right.csl"

REGISTRY = """\
sources:
  - id: unodc-issue-paper-2010
    kind: pdf
    producer: United Nations Office on Drugs and Crime (UNODC)
    title: "Issue Paper: Smuggling & the Law_1"
    year: 2010
    url: https://www.unodc.org/documents/Issue_Paper_&_more.pdf
    accessed: 2015-10-13
    licence: UNODC terms of use
    file: issue-paper.pdf
    bib:
      entry: report
      institution: United Nations Office on Drugs and Crime
      location: Vienna
"""


@pytest.fixture
def source(tmp_path) -> registry.Source:
    path = tmp_path / "registry.yml"
    path.write_text(REGISTRY)
    return registry.get("unodc-issue-paper-2010", path)


def test_an_entry_braces_names_and_titles_escapes_specials_and_keeps_urls_verbatim(source):
    text = bib.entry(source)
    assert text.startswith("@report{unodc-issue-paper-2010,\n")
    assert "  author = {{UNODC}}" in text  # footnotes cite "UNODC 2010, p. 2"
    assert "  institution = {{United Nations Office on Drugs and Crime}}" in text
    assert r"  title = {{Issue Paper: Smuggling \& the Law\_1}}" in text
    assert "  url = {https://www.unodc.org/documents/Issue_Paper_&_more.pdf}" in text
    assert "  urldate = {2015-10-13}" in text and "entry" not in text.replace("@report", "")


@pytest.mark.parametrize(("producer", "short", "cited"), [
    ("United Nations Office on Drugs and Crime (UNODC)", None, "UNODC"),
    ("Rabat Process (Euro-African Dialogue on Migration and Development)", None, "Rabat Process"),
    ("Le Challenger (Bamako)", None, "Le Challenger (Bamako)"),
    ("EU Monitor (PDC)", None, "EU Monitor (PDC)"),
    ("European Border and Coast Guard Agency (Frontex)", "Frontex", "Frontex"),
    ("Council of Europe", None, "Council of Europe"),
])
def test_a_producer_is_cited_by_its_acronym_its_short_name_or_its_name(producer, short, cited):
    assert bib.short_name(producer, short) == cited


def test_write_generates_the_file_with_a_do_not_edit_header(tmp_path, source):
    destination = tmp_path / "references.bib"
    bib.write(destination, tmp_path / "registry.yml")
    written = destination.read_text()
    assert written.startswith("% Generated from ") and "do not edit" in written.splitlines()[0]
    assert bib.entry(source) in written


def _cite(tmp_path, keys, csl=CSL, lang="en-GB") -> list[str]:
    """Render ``keys`` with citeproc from ``tmp_path/references.bib``: the citations, then each
    reference on its own."""
    document = tmp_path / "cite.md"
    document.write_text(f"---\nbibliography: references.bib\ncsl: {csl}\nlang: {lang}\n---\n\n"
                        + "".join(f"[@{key}] " for key in keys) + "\n")
    run = subprocess.run([pypandoc.get_pandoc_path(), document.name, "--citeproc", "-t", "plain",
                          "--wrap=none"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert run.stderr == ""
    return run.stdout.strip().split("\n\n")


def test_every_registry_entry_renders_and_prints_an_access_date_only_where_one_is_known(tmp_path):
    if not CSL.exists():
        pytest.skip(f"needs {paths.display(CSL)}, the paper's citation style")
    sources = registry.load()
    bib.write(tmp_path / "references.bib")
    references = _cite(tmp_path, sources)[1:]
    assert len(references) == len(sources)
    # a document nobody consulted on a known day (kind document) renders with no access date
    dated = [bool(re.search(r"\(Accessed: \d{1,2} \w+ \d{4}\)\.$", line)) for line in references]
    assert sum(dated) == sum(1 for source in sources.values() if source.accessed)
    assert not any("Accessed" in line for line, has_date in zip(references, dated) if not has_date)
    rendered = "\n".join(references)
    assert "Drugs; Crime" not in rendered and "united nations" not in rendered
    assert "Official Journal of the European Union, L 101, 15 April 2011, pp. 1–11" in rendered
    assert "Communication from the Commission COM(2015) 285 final. Brussels: European Commission" in rendered
    assert ("Available at: http://eur-lex.europa.eu/LexUriServ/LexUriServ.do?uri=OJ:L:2011:101:0001:0011:EN:PDF"
            in rendered)


DATED = REGISTRY + """\
  - id: later-report
    kind: document
    producer: United Nations Office on Drugs and Crime (UNODC)
    title: Global Report on Trafficking in Persons 2016
    year: 2016
    date: 2016-12
  - id: page-read-later
    kind: web
    producer: Economic Community of West African States (ECOWAS)
    title: The ECOWAS plan of action
    year: 2008
    url: https://www.ecowas.int/plan
    accessed: 2026-12-07
    licence: terms of the site
  - id: glotip-export
    kind: xlsx
    producer: United Nations Office on Drugs and Crime (UNODC)
    title: GLOTIP data set (export of 14 April 2025)
    series: "Global Report on Trafficking in Persons: country data"
    year: 2025
    url: https://dataunodc.un.org/
    copy_date: 2025-04-14
    licence: UNODC terms of use
    file: glotip.xlsx
    bib:
      entry: dataset
      howpublished: Export of the data portal
"""
MEETING = dt.date(2015, 11, 30)


@pytest.fixture
def dated(tmp_path) -> dict[str, registry.Source]:
    path = tmp_path / "registry.yml"
    path.write_text(DATED)
    return registry.load(path)


def test_an_edition_cites_nothing_dated_or_consulted_after_its_date(dated):
    assert bib.citable(dated["unodc-issue-paper-2010"], MEETING) == ""
    assert bib.citable(dated["later-report"], MEETING) == "it is dated 2016-12, after 2015-11-30"
    assert "a page consulted 2026-12-07, after 2015-11-30" in bib.citable(dated["page-read-later"], MEETING)
    assert all(bib.citable(source, None) == "" for source in dated.values())


def test_a_bibliography_of_an_earlier_date_leaves_out_what_did_not_exist_and_says_which(tmp_path, dated):
    left_out = bib.write(tmp_path / "references.bib", tmp_path / "registry.yml", as_of=MEETING,
                         periods={"glotip-export": (2003, 2013)}, series_note="Data series")
    written = (tmp_path / "references.bib").read_text()
    assert left_out == ["later-report", "page-read-later"]
    assert "@report{unodc-issue-paper-2010," in written and "later-report" not in written
    assert "for an edition dated 2015-11-30" in written.splitlines()[0]


def test_a_data_file_of_a_later_vintage_is_cited_as_the_series_with_the_period_shown(tmp_path, dated):
    export = dated["glotip-export"]
    then = bib.entry(export, as_of=MEETING, period=(2003, 2013),
                     series_note="Data series: observations released by 30 November 2015, as revised since")
    assert "{{Global Report on Trafficking in Persons: country data}}" in then
    assert "date = {2003/2013}" in then and "2025" not in then and "urldate" not in then
    now = bib.entry(export)
    assert "GLOTIP data set (export of 14 April 2025)" in now and "year = {2025}" in now
    bib.write(tmp_path / "references.bib", tmp_path / "registry.yml", as_of=MEETING,
              periods={"glotip-export": (2003, 2013)},
              series_note="Data series: observations released by 30 November 2015, as revised since")
    cited, reference = _cite(tmp_path, ["glotip-export"], paths.PAPER / "footnote-citations.csl")[:2]
    assert cited == "UNODC 2003–2013"
    assert reference.startswith("UNODC (2003–2013) ‘Global Report on Trafficking in Persons: country data’. "
                                "Data series: observations released by 30 November 2015, as revised since")


def test_an_access_date_is_printed_only_in_editions_dated_after_it(dated):
    page = dated["page-read-later"]
    assert "urldate = {2026-12-07}" in bib.entry(page)
    assert "urldate" not in bib.entry(page, as_of=dt.date(2016, 1, 1))
    assert "urldate = {2015-10-13}" in bib.entry(dated["unodc-issue-paper-2010"], as_of=MEETING)


def test_an_undated_page_is_cited_with_no_date_not_the_year_it_was_consulted(tmp_path):
    if not CSL.exists():
        pytest.skip(f"needs {paths.display(CSL)}, the paper's citation style")
    path = tmp_path / "registry.yml"
    path.write_text(REGISTRY + """\
  - id: undated-page
    kind: web
    producer: Rabat Process
    title: Valletta follow-up
    year: n.d.
    url: https://www.rabat-process.org/valletta
    accessed: 2026-12-01
    licence: terms of the site
    bib:
      entry: online
""")
    page = registry.get("undated-page", path)
    assert page.year is None and "year" not in bib.entry(page)
    bib.write(tmp_path / "references.bib", path)
    document = tmp_path / "cite.md"
    document.write_text(f"---\nbibliography: references.bib\ncsl: {CSL}\n---\n\n[@undated-page]\n")
    run = subprocess.run([pypandoc.get_pandoc_path(), document.name, "--citeproc", "-t", "plain",
                          "--wrap=none"], cwd=tmp_path, capture_output=True, text=True, check=True)
    cited, reference = run.stdout.strip().split("\n\n")[:2]
    assert cited == "(Rabat Process, no date)" and "2026" not in cited
    assert reference.startswith("Rabat Process (no date)") and "(Accessed: 1 December 2026)" in reference


def test_the_french_bibliography_gives_the_access_date_the_french_way(tmp_path):
    """"Disponible sur : URL (consulté le 13 octobre 2015)": no colon after "consulté le", in
    lower case; the renderer sets the narrow no-break space before the colon (its typography
    filter, tested on the rendered paper in tests/test_typography.py)."""
    path = tmp_path / "registry.yml"
    path.write_text(REGISTRY)
    bib.write(tmp_path / "references.bib", path)
    document = tmp_path / "cite.md"
    document.write_text(f"---\nbibliography: references.bib\ncsl: {paths.PAPER / 'footnote-citations.csl'}\n"
                        "lang: fr\n---\n\n[@unodc-issue-paper-2010]\n")
    run = subprocess.run([pypandoc.get_pandoc_path(), document.name, "--citeproc", "-t", "plain",
                          "--wrap=none"], cwd=tmp_path, capture_output=True, text=True, check=True)
    reference = run.stdout.strip().split("\n\n")[1]
    assert "Disponible sur : https://" in reference
    assert "(consulté le 13 octobre 2015)" in reference


def test_the_french_bibliography_names_institutions_and_places_the_french_way(source):
    text = bib.entry(source, bib.names("fr"))
    assert "  author = {{ONUDC}}" in text  # footnotes cite "ONUDC 2010, p. 2"
    assert "  institution = {{Office des Nations Unies contre la drogue et le crime}}" in text
    assert "  location = {{Vienne}}" in text
    assert r"  title = {{Issue Paper: Smuggling \& the Law\_1}}" in text  # titles as published
    assert bib.entry(source, bib.names("en")) == bib.entry(source)


def test_every_french_name_translates_a_name_the_registry_uses():
    used = set()
    for source in registry.load().values():
        extra = dict(source.bib)
        used.add(bib.short_name(source.producer, extra.get("shortauthor")))
        used.update(str(value) for name, value in extra.items() if name in bib.NAME_FIELDS)
    assert sorted(set(bib.names("fr")) - used) == []


def test_an_unreadable_locale_record_is_one_line_naming_it(tmp_path, monkeypatch):
    (tmp_path / "fr.yml").write_text("names: [ONUDC\n", encoding="utf-8")
    monkeypatch.setattr(language, "LOCALES", tmp_path)
    with pytest.raises(language.LanguageError, match=r"fr\.yml: cannot read the locale record"):
        bib.names("fr")
