"""The registry is checked as a whole, each problem with its line, and it covers every source.

The last tests hold the real ``sources/registry.yml`` to the concept note (every footnoted URL
with the access date the note gives) and to ``../shared/sources/PROVENANCE.md`` (every raw file
with its sha256 pin).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import paths
from pipeline.sources import registry

VALID = """\
sources:
  - id: eurostat-thb-2015
    kind: pdf
    producer: Eurostat
    title: Trafficking in Human Beings. 2015 Edition
    year: 2015
    url: http://ec.europa.eu/report.pdf
    accessed: 2015-11-12
    licence: reuse authorised
    cited_in: concept note, footnote 5
    file: report.pdf
    sha256: ""
    claims:
      - page: "97"
        text: "14 477"
      - text: "53%"
        note: no page given in the note
"""


def _load(tmp_path: Path, text: str) -> dict[str, registry.Source]:
    path = tmp_path / "registry.yml"
    path.write_text(text)
    return registry.load(path)


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(registry.RegistryError) as caught:
        _load(tmp_path, text)
    prefix = f"{tmp_path / 'registry.yml'}:"
    assert all(line.startswith(prefix) for line in caught.value.problems)
    return [line.removeprefix(prefix) for line in caught.value.problems]


def _edit(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


def test_a_valid_entry_loads_with_typed_fields_and_claims(tmp_path):
    source = _load(tmp_path, VALID)["eurostat-thb-2015"]
    assert source.year == 2015 and source.accessed.isoformat() == "2015-11-12"
    assert source.claims == (registry.Claim(text="14 477", page="97"),
                             registry.Claim(text="53%", note="no page given in the note"))
    assert source.fetch_url == "http://ec.europa.eu/report.pdf"


DOCUMENT = """\
sources:
  - id: sen-loi-2005-06
    kind: document
    producer: République du Sénégal
    title: Loi n° 2005-06 du 10 mai 2005 relative à la lutte contre la traite des personnes
    year: 2005
    date: 2005-05-10
"""


def test_a_document_is_cited_by_its_own_date_without_address_access_date_or_file(tmp_path):
    law = _load(tmp_path, DOCUMENT)["sen-loi-2005-06"]
    assert (law.kind, law.url, law.accessed, law.file) == ("document", "", None, None)
    assert law.issued.isoformat() == "2005-05-10"


def test_a_document_s_date_must_fall_in_its_year_and_it_has_no_file(tmp_path):
    assert _problems(tmp_path, DOCUMENT.replace("date: 2005-05-10", "date: 2006-05")) == [
        "7: source sen-loi-2005-06: date: 2006-05 is not in the year 2005 the entry gives"]
    assert _problems(tmp_path, DOCUMENT + "    file: loi.pdf\n") == [
        "8: source sen-loi-2005-06: file: a document (no file: a copy in hand is a source of its own) "
        "has no file"]


def test_a_bad_date_is_reported_at_its_line_in_the_documented_form(tmp_path):
    assert _problems(tmp_path, _edit("2015-11-12", "2015-13-01")) == [
        "8: source eurostat-thb-2015: accessed: '2015-13-01' is not a date (YYYY-MM-DD)"]


def test_a_missing_field_is_reported_at_the_line_of_its_entry(tmp_path):
    assert _problems(tmp_path, _edit("    licence: reuse authorised\n", "")) == [
        "2: source eurostat-thb-2015: missing field licence"]


def test_a_duplicate_id_names_the_line_of_the_first(tmp_path):
    second = VALID.split("\n", 1)[1]
    assert _problems(tmp_path, VALID + second) == [
        "18: source eurostat-thb-2015: duplicate id (first at line 2)"]


def test_an_unknown_kind_lists_the_kinds(tmp_path):
    assert _problems(tmp_path, _edit("kind: pdf", "kind: docx")) == [
        "3: source eurostat-thb-2015: kind: 'docx' is not one of pdf, xlsx, csv, csv.gz, rda, dta, text, json, web, "
        "document"]


def test_a_malformed_sha256_is_refused(tmp_path):
    assert _problems(tmp_path, _edit('sha256: ""', "sha256: 24C34B95")) == [
        "12: source eurostat-thb-2015: sha256: '24C34B95' is not a sha256 "
        "(64 lower-case hex digits, or \"\" if not pinned)"]


def test_http_is_allowed_only_for_the_url_of_a_document_the_note_cites(tmp_path):
    uncited = _edit("    cited_in: concept note, footnote 5\n", "")
    assert _problems(tmp_path, uncited) == [
        "7: source eurostat-thb-2015: url: 'http://ec.europa.eu/report.pdf' is not https "
        "(http:// is kept only as the `url` of a document the concept note cites so, marked by "
        "`cited_in`)"]
    download = _edit("    file:", "    download_url: http://eur-lex.europa.eu/x.pdf\n    file:")
    assert _problems(tmp_path, download)[0].startswith(
        "11: source eurostat-thb-2015: download_url: 'http://eur-lex.europa.eu/x.pdf' is not https")
    assert _problems(tmp_path, _edit("http://ec", "ftp://ec")) == [
        "7: source eurostat-thb-2015: url: 'ftp://ec.europa.eu/report.pdf' is not an https URL"]


def test_every_problem_is_reported_at_once_in_line_order(tmp_path):
    text = (_edit("kind: pdf", "kind: docx").replace("year: 2015", "year: 15")
            .replace("id: eurostat-thb-2015", "id: Eurostat_2015")
            .replace("    licence:", "    licence: x\n    acessed: 2015-11-12\n    licnce:"))
    assert [problem.split(":")[0] for problem in _problems(tmp_path, text)] == \
        ["2", "3", "6", "10", "11"]


def test_claims_need_a_printed_page_or_a_note_saying_there_is_none(tmp_path):
    problems = _problems(tmp_path, _edit('page: "97"', 'page: "p. 97"').replace(
        "        note: no page given in the note\n", ""))
    assert problems == [
        "14: source eurostat-thb-2015: claims: claim at line 14: page 'p. 97' is not a printed "
        "page label or range (\"38\", \"81-86\")"]
    assert "has no page or locator, so its note must say" in _problems(
        tmp_path, VALID.replace("        note: no page given in the note\n", ""))[0]


def test_a_file_must_match_its_kind_and_a_web_page_has_none(tmp_path):
    assert _problems(tmp_path, _edit("file: report.pdf", "file: report.xlsx")) == [
        "11: source eurostat-thb-2015: file: 'report.xlsx' does not end in .pdf"]
    web = _edit("kind: pdf", "kind: web").replace('    sha256: ""\n', "")
    assert [p.split(": ", 2)[2] for p in _problems(tmp_path, web)] == ["file: a web page has no file"]


def test_sources_may_share_a_file_only_if_they_share_its_url(tmp_path):
    second = VALID.split("\n", 1)[1].replace("eurostat-thb-2015", "eurostat-copy")
    assert _load(tmp_path, VALID + second).keys() == {"eurostat-thb-2015", "eurostat-copy"}
    assert _problems(tmp_path, VALID + second.replace("report.pdf\n    accessed", "other.pdf\n    accessed")) == [
        "27: source eurostat-copy: file: 'report.pdf' is also the file of eurostat-thb-2015 "
        "(line 11), which is fetched from another URL"]


PROTOCOL = """\
sources:
  - id: protocol-2000
    kind: pdf
    producer: United Nations
    title: A Protocol
    year: 2000
    url: https://example.org/protocol.pdf
    accessed: 2015-10-13
    licence: public
    cited_in: concept note, footnote 1
    file: protocol.pdf
    claims:
      - text: "the procurement"
        locator: "Art. 3"
      - text: "the own quotation"
        locator: "Art. 6(1)(c)"
        quoted_by: paper
  - id: protocol-text
    kind: text
    producer: United Nations
    title: A Protocol, text
    year: 2000
    url: https://example.org/protocol
    accessed: 2026-11-27
    licence: public
    copy_of: protocol-2000
    file: protocol.md
"""


def _protocol(old: str = "", new: str = "") -> str:
    assert old in PROTOCOL
    return PROTOCOL.replace(old, new, 1)


def test_a_text_copy_names_its_document_whose_claims_then_cite_articles(tmp_path):
    sources = _load(tmp_path, PROTOCOL)
    assert registry.text_copies(sources) == {"protocol-2000": sources["protocol-text"]}
    note, own = sources["protocol-2000"].claims
    assert (note.locator, note.page, note.quoted_by) == ("Art. 3", None, "concept note")
    assert (own.locator, own.quoted_by) == ("Art. 6(1)(c)", "paper")


@pytest.mark.parametrize("old, new, problem", [
    ("copy_of: protocol-2000", "copy_of: protocol-2001",
     "26: source protocol-text: copy_of: 'protocol-2001' is no source, not a cited PDF"),
    ("copy_of: protocol-2000", "copy_of: protocol-text",
     "26: source protocol-text: copy_of: 'protocol-text' is a text source, not a cited PDF"),
    ("    kind: text", "    kind: csv", "26: source protocol-text: copy_of: a csv source is no text copy"),
    ('locator: "Art. 3"', 'locator: "Article 3"', "claim at line 13: locator 'Article 3' is not an article"),
    ('locator: "Art. 3"', 'locator: "Art. 3"\n        page: "7"', "claim at line 13 has both a page and a locator"),
    ("quoted_by: paper", "quoted_by: the paper", "quoted_by 'the paper' is not one of concept note, paper"),
    ('locator: "Art. 3"', 'page: "7"', "13: source protocol-2000: claims: claim at line 13 cites a page, but the "
     "document is checked in its text copy protocol-text: cite an article (locator)"),
    ("    copy_of: protocol-2000\n", "", "13: source protocol-2000: claims: claim at line 13 has a locator, but no "
     "text source is a copy_of this document"),
], ids=["unknown", "not-a-pdf", "not-a-text", "locator", "page-and-locator", "quoted-by", "page", "no-copy"])
def test_copies_and_locators_are_checked_with_their_lines(tmp_path, old, new, problem):
    problems = _problems(tmp_path, _protocol(old, new))
    assert any(problem in line for line in problems), problems


def test_a_document_has_one_text_copy(tmp_path):
    second = PROTOCOL.split("  - id: protocol-text", 1)[1].replace("protocol.md", "other.md")
    assert _problems(tmp_path, PROTOCOL + "  - id: protocol-copy" + second) == [
        "36: source protocol-copy: copy_of: protocol-2000 already has the text copy protocol-text"]


def test_the_protocols_texts_are_the_copies_of_the_cited_protocols():
    copies = registry.text_copies(registry.load())
    assert {document: text.id for document, text in copies.items()} == {
        "un-toc-convention-2000": "un-toc-convention-text",
        "un-protocol-trafficking-2000": "un-protocol-trafficking-text",
        "un-protocol-smuggling-2000": "un-protocol-smuggling-text"}


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    [problem] = _problems(tmp_path, VALID + "  - id: [unclosed\n")
    # libyaml and PyYAML's own parser word it differently; both name the line and the ']'
    assert problem.startswith("19: not valid YAML: ") and "',' or ']'" in problem


# --- the real registry ----------------------------------------------------------------------

def test_the_project_registry_is_valid():
    sources = registry.load()
    assert "unodc-glotip-data-2025" in sources
    assert sources["unodc-glotip-data-2025"].file == "data_glotip__2025-04-14.xlsx"


def test_every_url_the_concept_note_footnotes_is_registered_with_its_access_date(shared):
    note = (shared / "concept-note.md").read_text(encoding="utf-8")
    cited = re.findall(r"(https?://[^\s>]+?)>?\s*\[Accessed(?: on)? (\d\d)/(\d\d)/(\d{4})\]", note)
    assert len(cited) == 11  # 14 footnotes: 3 and 4 say "Ibid.", 7 "see note 1"
    registered = {(s.url, s.accessed.isoformat()) for s in registry.load().values()
                  if s.accessed}  # a document nobody consulted on a known day has no access date
    for url, day, month, year in cited:
        assert (url, f"{year}-{month}-{day}") in registered, url


def test_every_raw_file_is_registered_with_the_sha256_provenance_pins(shared, raw_dir):
    provenance = (shared / "sources" / "PROVENANCE.md").read_text(encoding="utf-8")
    pins = dict((name, sha) for sha, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", provenance, re.M))
    by_file = {s.file: s for s in registry.load().values() if s.file}
    in_mirror = sorted(path.name for path in raw_dir.iterdir())
    unregistered = [name for name in in_mirror if name not in by_file]
    assert not unregistered, (
        f"{raw_dir} holds file(s) that sources/registry.yml does not know: {', '.join(unregistered)}. "
        "Add a source for each (file, sha256 and retrieved_from as PROVENANCE.md gives them)")
    assert sorted(pins) == in_mirror, "PROVENANCE.md pins other files than the mirror holds"
    for name, sha in pins.items():
        assert by_file[name].sha256 == sha, (
            f"sources/registry.yml pins {name} as {by_file[name].sha256 or 'nothing'}; "
            f"PROVENANCE.md gives {sha}")
        assert by_file[name].retrieved_from, f"source {by_file[name].id} ({name}) has no retrieved_from"


def test_the_page_located_claims_of_the_concept_note_are_registered():
    sources = registry.load()
    located = {(source_id, claim.page, claim.text) for source_id, source in sources.items()
               for claim in source.claims}
    assert ("unodc-glotip-2014", "38", "about 70 per cent of the detected victims over the "
            "2010-2012 period were trafficked cross-border") in located
    assert {("eurostat-thb-2015", "97", "14 477"), ("eurostat-thb-2015", "97", "2 951"),
            ("unodc-glotip-2014", None, "53%"), ("unodc-glotip-2014", None, "40%")} <= located
    assert ("unodc-issue-paper-smuggling-2010", "2", "thousands of smuggled migrants have "
            "suffocated in containers, perished in deserts or drowned at sea") in located
    assert {page for source_id, page, _ in located if source_id == "unodc-glotip-2014"} >= {"81-86"}


def test_displayed_paths_are_relative_to_the_project():
    assert paths.display(paths.REGISTRY) == "sources/registry.yml"


def test_the_size_of_a_pinned_copy_is_a_whole_number_of_bytes(tmp_path):
    assert _load(tmp_path, _edit('sha256: ""', 'sha256: ""\n    bytes: 5068'))["eurostat-thb-2015"].bytes == 5068
    assert _problems(tmp_path, _edit('sha256: ""', 'sha256: ""\n    bytes: 5 MB')) == [
        "13: source eurostat-thb-2015: bytes: '5 MB' is not a size in bytes (a whole number above 0)"]


@pytest.mark.parametrize("content, problem", [
    (b"", "1: the registry needs a `sources:` list"),
    (b"sources: []\n", " the registry lists no sources"),
    ("sources:\n  - id: caf\xe9\n".encode("latin-1"), "2: not UTF-8 text (invalid continuation byte at byte 20)"),
])
def test_an_empty_or_non_utf8_registry_is_one_line_naming_the_file(tmp_path, content, problem):
    (tmp_path / "registry.yml").write_bytes(content)
    with pytest.raises(registry.RegistryError) as caught:
        registry.load(tmp_path / "registry.yml")
    [line] = caught.value.problems
    assert line.startswith(f"{tmp_path / 'registry.yml'}:{problem}")


# --- A document's text in another language ----------------------------------------------------

EURLEX = _edit("    url: http://ec.europa.eu/report.pdf\n",
               "    url: https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32002L0090\n")


def test_a_source_is_cited_in_french_under_its_french_title_series_and_address(tmp_path):
    text = EURLEX + ('    title_fr: "Directive 2002/90/CE du Conseil"\n'
                     "    url_fr: https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:32002L0090\n"
                     "    bib:\n      entry: misc\n      howpublished: \"OJ L 328, 5.12.2002, pp. 17-18\"\n"
                     "    bib_fr:\n      howpublished: \"JO L 328 du 5.12.2002, p. 17-18\"\n")
    source = _load(tmp_path, text)["eurostat-thb-2015"]
    french, english = source.in_language("fr"), source.in_language("en")
    assert (french.title, french.bib) == ("Directive 2002/90/CE du Conseil",
                                          {"entry": "misc", "howpublished": "JO L 328 du 5.12.2002, p. 17-18"})
    assert french.url.endswith("/FR/TXT/?uri=CELEX:32002L0090")
    assert english == source  # the registry's own language


@pytest.mark.parametrize("line, problem", [
    ("    url_fr: https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:32002L0091\n",
     "url_fr: 'https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:32002L0091' is not the address of the fr "
     "text that a scheme of URL_SCHEMES makes from url"),
    ("    bib_fr:\n      entry: report\n", "bib_fr: entry is the source's, in every language"),
    ("    title_xx: Titre\n", "unknown field 'title_xx'"),
])
def test_a_french_address_is_never_guessed_and_a_translation_keeps_the_entry_type(tmp_path, line, problem):
    [found] = _problems(tmp_path, EURLEX + line)
    assert problem in found


def test_the_schemes_make_the_french_address_of_eur_lex_the_council_of_europe_and_the_un_treaty_collection():
    assert registry.translated_urls(
        "http://eur-lex.europa.eu/LexUriServ/LexUriServ.do?uri=OJ:L:2011:101:0001:0011:EN:PDF", "fr") == {
        "http://eur-lex.europa.eu/LexUriServ/LexUriServ.do?uri=OJ:L:2011:101:0001:0011:FR:PDF"}
    assert registry.translated_urls("https://www.coe.int/en/web/conventions/full-list", "fr") == {
        "https://www.coe.int/fr/web/conventions/full-list"}
    assert registry.translated_urls("https://treaties.un.org/Pages/x.aspx?mtdsg_no=XVIII-12&lang=en", "fr") == {
        "https://treaties.un.org/Pages/x.aspx?mtdsg_no=XVIII-12&lang=fr"}
    assert registry.translated_urls("https://example.org/en/page", "fr") == set()  # no scheme: no address
