"""The claims check: every claim gets a status, never silently passes, and figures meet our data.

Hand-written PDFs (tests/pdf_factory.py) for page labels, ranges and misquotations; UNODC's real
metadata note (the one cited PDF in the mirror) for the real registry's claim; key figures made
up here for the comparison with the concept note's figures.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pdf_factory
import pytest
from test_markup import unescaped

from pipeline import paths
from pipeline.analysis import claims, variables
from pipeline.errors import SourceFormatError
from pipeline.paper import companion, editions
from pipeline.sources import registry
from pipeline.sources.resolve import sha256_of

PAGES = [
    ["Foreword"],
    ["In 2012, 14,477 victims were identified.", "Most were women."],
    ["Victims from Western and Central Africa are", "mainly trafficked within the region."],
]

SOURCE = """\
  - id: {id}
    kind: pdf
    producer: United Nations Office on Drugs and Crime (UNODC)
    title: A report
    year: 2014
    url: https://example.org/{file}
    accessed: 2015-10-13
    licence: terms
    file: {file}
    sha256: "{sha256}"
    claims:
{claims}"""

WEB = """\
  - id: iom-web
    kind: web
    producer: International Organization for Migration (IOM)
    title: Missing Migrants Project
    year: 2015
    url: https://example.org/mmp
    accessed: 2015-10-13
    licence: terms
    claims:
      - text: "almost 5.000 migrants have lost their lives"
        note: a web page, no page
        figure: "almost 5.000 dead or missing"
        data_key: [iom.world, iom.mixed]
"""


def claim(text: str, page: str | None = None, **fields: str) -> str:
    lines = [f'      - text: "{text}"', f'        page: "{page}"' if page else "        note: no page"]
    lines += [f'        {name}: "{value}"' for name, value in fields.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    """A registry, a mirror holding a three-page PDF labelled i, 1, 2, and an empty cache."""
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "report.pdf").write_bytes(pdf_factory.text_pdf(
        PAGES, page_labels=b"<< /Nums [0 << /S /r >> 1 << /S /D >>] >>"))
    return {"registry": tmp_path / "registry.yml", "mirror": mirror, "cache": tmp_path / "cache"}


def check(folders: dict[str, Path], *claim_lines: str, sha256: str = "", extra: str = "") -> pd.DataFrame:
    source = SOURCE.format(id="report", file="report.pdf", sha256=sha256, claims="".join(claim_lines))
    folders["registry"].write_text("sources:\n" + source + extra, encoding="utf-8")
    return claims.check_claims(folders["registry"], cache=folders["cache"], mirror=folders["mirror"])


def only(frame: pd.DataFrame) -> pd.Series:
    assert len(frame) == 1
    return frame.iloc[0]


def test_a_claim_on_its_cited_page_is_found_with_its_label_box_and_text(folders):
    row = only(check(folders, claim("14 477 victims were identified", "1")))
    assert (row.status, row.page_label, row.page_index) == (claims.FOUND, "1", 1)
    assert row.matched_text == "14,477 victims were identified"
    x0, top, x1, bottom = map(float, row.bbox.split(", "))
    assert 72 <= x0 < x1 and top < bottom
    assert row.sha256 == sha256_of(folders["mirror"] / "report.pdf")


def test_a_claim_on_another_page_names_that_page(folders):
    row = only(check(folders, claim("Most were women", "2")))
    assert (row.status, row.page_label, row.elsewhere) == (claims.FOUND_ELSEWHERE, "1", "")


def test_a_page_range_is_searched_page_by_page(folders):
    row = only(check(folders, claim("mainly trafficked within the region", "1-2")))
    assert (row.status, row.page_label) == (claims.FOUND, "2")


def test_a_claim_without_a_page_is_looked_for_in_the_whole_document(folders):
    row = only(check(folders, claim("victims")))
    assert (row.status, row.page_label, row.elsewhere) == (claims.FOUND_UNCITED, "1", "2")


def test_a_misquotation_is_not_found_and_shows_the_closest_passage_of_the_cited_pages(folders):
    row = only(check(folders, claim("Victims from Eastern Africa are mainly trafficked", "1-2")))
    assert (row.status, row.page_label, row.matched_text) == (claims.NOT_FOUND, "2", "")
    assert row.closest == "Western and Central Africa are mainly trafficked"


def test_a_cited_page_the_document_does_not_print_is_no_page_at_all(folders):
    row = only(check(folders, claim("Most were women", "97")))
    assert (row.status, row.page_label) == (claims.FOUND_ELSEWHERE, "1")


def test_documents_not_in_hand_are_listed_as_not_checked_not_skipped(folders):
    frame = check(folders, claim("Foreword", "i"), extra=WEB)
    (folders["mirror"] / "report.pdf").unlink()
    assert frame["status"].tolist() == [claims.FOUND, claims.NOT_IN_HAND]
    frame = claims.check_claims(folders["registry"], cache=folders["cache"] / "empty", mirror=folders["mirror"])
    assert frame["status"].tolist() == [claims.NOT_IN_HAND] * 2
    assert frame.loc[1, ["figure", "data_key"]].tolist() == ["almost 5.000 dead or missing", "iom.world, iom.mixed"]


def test_a_file_that_is_not_the_pinned_copy_is_not_checked(folders):
    row = only(check(folders, claim("Foreword", "i"), sha256="0" * 64))
    assert (row.status, row.sha256, row.page_label) == (claims.MISMATCH, "", "")


def test_the_table_and_its_sidecar_list_every_document_and_are_reproducible(folders, tmp_path, capsys):
    check(folders, claim("Foreword", "i"), extra=WEB)
    output = tmp_path / "out" / "claims.csv"
    frame = claims.run(output, folders["registry"], cache=folders["cache"], mirror=folders["mirror"])
    first = output.read_bytes(), output.with_suffix(".provenance.json").read_bytes()
    claims.run(output, folders["registry"], cache=folders["cache"], mirror=folders["mirror"])
    assert (output.read_bytes(), output.with_suffix(".provenance.json").read_bytes()) == first
    sidecar = json.loads(first[1])
    assert [(s["id"], s["sha256"]) for s in sidecar["sources"]] == [
        ("report", frame.loc[0, "sha256"]), ("iom-web", "not in hand")]
    assert (sidecar["table"], sidecar["rows"], sidecar["function"]) == (
        "claims", 2, "pipeline.analysis.claims.check_claims")
    assert "Source iom-web: 1 claim(s); not checked: document not available" in capsys.readouterr().out
    assert pd.read_csv(output)["status"].tolist() == [claims.FOUND, claims.NOT_IN_HAND]


def test_the_real_registry_claim_is_found_in_unodc_s_metadata_note(raw_dir, tmp_path):
    frame = claims.check_claims(cache=tmp_path, mirror=raw_dir)
    checked = frame[frame["source_id"] == "unodc-tip-metadata-2023"].iloc[0]
    assert (checked.status, checked.page_label) == (claims.FOUND, "1")
    assert checked.matched_text.startswith("Persons found guilty by any legal body")
    in_hand = {"unodc-tip-metadata-2023", "un-protocol-trafficking-2000", "un-protocol-smuggling-2000"}
    assert set(frame.loc[~frame["source_id"].isin(in_hand), "status"]) == {claims.NOT_IN_HAND}


def test_a_real_rewording_and_a_wrong_page_are_told_apart(raw_dir, folders):
    folders["mirror"] = raw_dir
    source = registry.get("unodc-tip-metadata-2023")
    text = SOURCE.format(id=source.id, file=source.file, sha256=source.sha256, claims="".join([
        claim("Number of persons convicted of trafficking in persons and related offences in a given year", "2"),
        claim("Data on trafficking victims only capture those individuals", "3"),
    ]))
    folders["registry"].write_text("sources:\n" + text, encoding="utf-8")
    misquoted, wrong_page = claims.check_claims(folders["registry"], cache=folders["cache"], mirror=raw_dir) \
        .itertuples()
    assert (misquoted.status, misquoted.page_label) == (claims.FOUND_DIFFERENT, "2")
    assert misquoted.matched_text.endswith("related offenses in a given year.")
    assert misquoted.differences == "“offences” for “offenses”" and misquoted.bbox
    assert (wrong_page.status, wrong_page.page_label) == (claims.FOUND_ELSEWHERE, "2")


# --- the concept note's figures ---------------------------------------------------------------

def key(name: str, value: float, text: str, table: str = "iom_claims_2015", *dates: str) -> variables.KeyFigure:
    return variables.KeyFigure(name, value, text, [{"date": date} for date in dates], table, "")


FIGURES = {"iom.world": key("iom.world", 5246, "5,246"), "iom.mixed": key("iom.mixed", 1276, "1,276"),
           "glotip.sexual": key("glotip.sexual", 0.60, "60%", "glotip_exploitation", "2025-04-14")}


@pytest.mark.parametrize("figure, qualifier, value, percent", [
    ("almost 5.000 dead or missing", "almost", 5000, False),
    ("14 477 victims identified", "", 14477, False),
    ("about 70 per cent of detected victims", "about", 70, True),
    ("53% of identified victims", "", 53, True),
    ("more than 3.400 in the Mediterranean", "more than", 3400, False),
])
def test_figures_are_read_with_their_qualifier_as_the_note_writes_them(figure, qualifier, value, percent):
    quoted = claims.parse_figure(figure)
    assert (quoted.qualifier, quoted.number.value, quoted.number.percent) == (qualifier, value, percent)


def test_a_figure_that_does_not_start_with_a_number_is_an_error():
    with pytest.raises(ValueError, match="does not start with a number"):
        claims.parse_figure("some 5.000 dead")


@pytest.mark.parametrize("figure, ours, verdict", [
    ("almost 5.000", 5246, "higher"), ("almost 5.000", 4800, "agrees"), ("almost 5.000", 4400, "lower"),
    ("more than 3.400", 3417, "agrees"), ("over 1.000", 1083, "agrees"), ("1.200", 348, "lower"),
    ("53%", 0.5301, "agrees"), ("53%", 0.60, "higher"), ("about 70 per cent", 0.72, "agrees"),
])
def test_the_qualifier_sets_how_far_our_figure_may_be(figure, ours, verdict):
    assert claims.compare(claims.parse_figure(figure), key("k", ours, "")) == verdict


def checked_rows(*rows: dict) -> pd.DataFrame:
    base = {name: "" for name in claims.COLUMNS} | {"status": claims.NOT_IN_HAND, "quoted_by": "concept note"}
    return pd.DataFrame([base | row for row in rows], columns=claims.COLUMNS)


def test_each_figure_is_set_beside_our_data_or_else_the_document_check():
    checked = checked_rows(
        {"source_id": "iom-web", "figure": "almost 5.000 dead", "data_key": "iom.world, iom.mixed"},
        {"source_id": "glotip", "figure": "53% sexual exploitation", "data_key": "glotip.sexual"},
        {"source_id": "eurostat", "page": "97", "figure": "14 477 victims"},
        {"source_id": "eurostat", "text": "a quotation, not a figure"},
    )
    figures = claims.concept_note_figures(FIGURES, checked)
    assert figures[["data", "comparison"]].values.tolist() == [
        ["5,246; 1,276", "higher"], ["60%", "higher"], ["", ""]]
    assert figures.loc[0, "why"] == claims.WHY["iom_claims_2015"]
    assert figures.loc[1, "why"].startswith("ours sums the countries reporting in UNODC's 2025 export")
    assert figures.loc[2, "why"] == "" and figures.loc[2, "document_check"] == claims.NOT_IN_HAND


def test_a_figure_the_paper_quotes_is_not_set_among_the_concept_notes():
    checked = checked_rows({"source_id": "iom-web", "figure": "over 5.000 dead", "data_key": "iom.world"},
                           {"source_id": "later", "figure": "25 per cent", "quoted_by": "paper"})
    assert claims.concept_note_figures(FIGURES, checked)["source_id"].tolist() == ["iom-web"]


def test_a_figure_that_agrees_needs_no_reason():
    checked = checked_rows({"source_id": "iom-web", "figure": "over 5.000 dead", "data_key": "iom.world"})
    assert claims.concept_note_figures(FIGURES, checked).loc[0, ["comparison", "why"]].tolist() == ["agrees", ""]


def test_a_data_key_our_key_figures_lack_is_an_error_naming_it():
    checked = checked_rows({"source_id": "iom-web", "figure": "almost 5.000 dead", "data_key": "iom.gone"})
    with pytest.raises(KeyError, match="iom.gone"):
        claims.concept_note_figures(FIGURES, checked)


def test_the_annexes_are_captioned_pipe_tables_of_four_short_columns(folders):
    checked = check(folders, claim("14 477 victims were identified " + "and more " * 10, "1"),
                    claim("Victims from Eastern Africa", "2"), extra=WEB)
    sources = registry.load(folders["registry"])
    figures = claims.concept_note_figures(FIGURES, checked)
    annex = unescaped(companion.claims_markdown(checked, sources))
    assert "{#tbl-claims tbl-colwidths=" in annex and "2 of the 3 claims could be checked" in annex
    rows = [line for line in annex.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Source | Claim | Status | Where |"
    assert rows[1].startswith("| UNODC [-@report, p. 1] | “14 477 victims were identified and more")
    assert max(len(cell.strip()) for row in rows for cell in row.split("|")) <= 70
    assert rows[2].endswith("| not found | closest, p. 2: “Victims from Western and” |")
    assert "| not checked: document not available |" in rows[3]
    annex = unescaped(companion.figures_markdown(figures, sources, FIGURES))
    assert "{#tbl-concept-note-figures tbl-colwidths=" in annex
    assert ("| almost 5.000 dead or missing | IOM [-@iom-web] | 5,246 (a); 1,276 (b) | Higher: IOM has added"
            in annex)
    assert annex.endswith("What our data count, for each letter:\n\n"
                          f"(a) {FIGURES['iom.world'].filter} (table {FIGURES['iom.world'].table}).\n\n"
                          f"(b) {FIGURES['iom.mixed'].filter} (table {FIGURES['iom.mixed'].table}).\n")
    assert "`iom.world`" not in annex  # no internal key name in the reader's note


# --- the project's registry -------------------------------------------------------------------

@pytest.fixture
def key_figures(built: Path) -> dict[str, variables.KeyFigure]:
    """The meeting edition's key figures, from the session's build of the paper (tests/builds.py)."""
    return variables.read(built / editions.MEETING.keyfigures.relative_to(paths.ROOT))


def test_the_registry_s_figures_parse_and_name_key_figures_the_paper_has(key_figures):
    claimed = [claim for source in registry.load().values() for claim in source.claims if claim.figure]
    assert {claims.parse_figure(c.figure).number.value for c in claimed} >= {53, 40, 70, 14477, 2951, 5000}
    assert {key for c in claimed for key in c.data_key} <= set(key_figures)
    prefix = {"concept note": "concept_note", "paper": "cited"}
    meeting = editions.MEETING.date
    named = {f"{prefix[c.quoted_by]}.{c.name}": claims.parse_figure(c.figure).number
             for source in registry.load().values() if source.issued and source.issued <= meeting
             for c in source.claims if c.name}
    assert {key for key in named if key.startswith("concept_note.")} == {
        "concept_note.glotip_2014_sexual", "concept_note.glotip_2014_forced_labour",
        "concept_note.glotip_2014_cross_border", "concept_note.eurostat_2015_victims",
        "concept_note.eurostat_2015_africa"}
    for key, number in named.items():  # the paper binds them as the document prints them
        assert key_figures[key].value == (number.value / 100 if number.percent else number.value)
    iom = registry.get("iom-mmp-web-2015").claims
    assert [c.data_key[0] for c in iom] == ["iom.claims.world_to_oct13", "iom.claims.mediterranean_to_oct13",
                                            "iom.claims.med_subsaharan_to_oct13", "iom.claims.med_unknown_to_oct13"]


def test_a_data_key_needs_a_figure_and_a_dotted_name(tmp_path):
    path = tmp_path / "registry.yml"
    path.write_text("sources:\n" + WEB.replace('        figure: "almost 5.000 dead or missing"\n', ""))
    with pytest.raises(registry.RegistryError, match="has a data_key but no figure"):
        registry.load(path)
    path.write_text("sources:\n" + WEB.replace("[iom.world, iom.mixed]", "IOM world"))
    with pytest.raises(registry.RegistryError, match="'IOM world' is not a dotted key"):
        registry.load(path)


# --- claims in a text copy ----------------------------------------------------------------------

PROTOCOL_TEXT = """\
##Protocol tegen de smokkel

####Protocol against the Smuggling of Migrants

### Article  1  

####Use of terms

For the purposes of this Protocol: 

a) ``Smuggling of migrants" shall mean the procurement of the illegal entry of a person into a State Party of which the person is not a national or a permanent resident;

b)``Illegal entry" shall mean crossing borders without complying with the requirements for legal entry;

### Article  2  

####Circumstances

1.   Each State Party shall establish as aggravating circumstances, circumstances: 

a) That endanger the lives or safety of the migrants concerned; or  

b) That entail inhuman or degrading treatment of such migrants.     
2.   Nothing in this Protocol shall prevent a State Party from taking measures.

IN WITNESS WHEREOF, the undersigned have signed this Protocol.

####Protocol tegen de smokkel.

### Artikel  1  
"""  # noqa: E501, W291 (the raw text's long lines and trailing spaces)

COPY = """\
  - id: protocol-text
    kind: text
    producer: United Nations
    title: "Protocol against the Smuggling of Migrants: text (English, with a Dutch translation)"
    year: 2000
    url: https://example.org/protocol
    copy_date: 2026-11-27
    licence: public
    copy_of: protocol
    file: protocol.md
    sha256: ""
"""


def text_claim(text: str, locator: str | None = None, quoted_by: str = "") -> str:
    lines = [f"      - text: '{text}'", f'        locator: "{locator}"' if locator else "        note: none cited"]
    return "\n".join(lines + ([f"        quoted_by: {quoted_by}"] if quoted_by else [])) + "\n"


def check_text(folders: dict[str, Path], *claim_lines: str, text: str = PROTOCOL_TEXT) -> pd.DataFrame:
    """The claims of a PDF not in hand whose text copy ``text`` is in the mirror."""
    (folders["mirror"] / "protocol.md").write_text(text, encoding="utf-8")
    document = SOURCE.format(id="protocol", file="protocol.pdf", sha256="", claims="".join(claim_lines))
    folders["registry"].write_text("sources:\n" + document + COPY, encoding="utf-8")
    return claims.check_claims(folders["registry"], cache=folders["cache"], mirror=folders["mirror"])


def test_a_claim_is_found_in_the_cited_article_at_the_deepest_place_that_holds_it(folders):
    row = only(check_text(folders, text_claim("the procurement of the illegal entry of a person", "Art. 1")))
    assert (row.status, row.found_at, row.checked_in) == (claims.FOUND, "Art. 1(a)", "protocol-text")
    assert row.matched_text == "the procurement of the illegal entry of a person"
    assert (row.page_label, row.bbox, row.differences) == ("", "", "")
    assert row.sha256 == sha256_of(folders["mirror"] / "protocol.md")


def test_a_paragraph_is_read_with_its_subparagraphs_and_their_labels(folders):
    paragraph = ("Each State Party shall establish as aggravating circumstances, circumstances: a) That endanger "
                 "the lives or safety of the migrants concerned; or b) That entail inhuman or degrading treatment "
                 "of such migrants.")
    row = only(check_text(folders, text_claim(paragraph, "Art. 2(1)", quoted_by="paper")))
    assert (row.status, row.found_at, row.quoted_by) == (claims.FOUND, "Art. 2(1)", "paper")


def test_a_claim_in_another_article_is_found_elsewhere_and_one_citing_none_everywhere(folders):
    elsewhere, uncited = check_text(folders, text_claim("crossing borders without complying", "Art. 2"),
                                    text_claim("inhuman or degrading treatment")).itertuples()
    assert (elsewhere.status, elsewhere.found_at) == (claims.FOUND_ELSEWHERE, "Art. 1(b)")
    assert (uncited.status, uncited.found_at) == (claims.FOUND_UNCITED, "Art. 2(1)(b)")


def test_a_quotation_that_drops_words_is_found_with_the_difference_spelled_out_word_by_word(folders):
    row = only(check_text(folders, text_claim(
        "the procurement of the illegal entry of a person into a State Party of which the person is not national",
        "Art. 1")))
    assert (row.status, row.found_at) == (claims.FOUND_DIFFERENT, "Art. 1(a)")
    assert row.matched_text.endswith("of which the person is not a national or a permanent resident;")
    assert row.differences == ("“not national” for “not a national or a permanent resident” "
                               "(missing “a”; missing “or a permanent resident”)")


def test_a_paraphrase_is_not_found_and_shows_the_closest_passage_of_the_cited_place(folders):
    claim = text_claim("illegal entry means crossing a border without the required papers", "Art. 1")
    row = only(check_text(folders, claim))
    assert (row.status, row.found_at, row.differences) == (claims.NOT_FOUND, "Art. 1(b)", "")
    assert row.closest == 'entry" shall mean crossing borders without complying with the requirements for legal entry;'


def test_without_its_text_copy_a_document_is_not_checked_and_the_sidecar_says_which_copy(folders, tmp_path, capsys):
    check_text(folders, text_claim("the procurement", "Art. 1"))
    (folders["mirror"] / "protocol.md").unlink()
    output = tmp_path / "out" / "claims.csv"
    row = only(claims.run(output, folders["registry"], cache=tmp_path / "empty", mirror=folders["mirror"]))
    assert (row.status, row.checked_in, row.found_at) == (claims.NOT_IN_HAND, "protocol-text", "")
    assert json.loads(output.with_suffix(".provenance.json").read_text())["sources"] == [
        {"id": "protocol-text", "file": "protocol.md", "sha256": "not in hand", "date": "2026-11-27",
         "claims_of": "protocol"}]
    assert "Source protocol: 1 claim(s); in its text copy protocol-text, not checked" in capsys.readouterr().out


def test_a_changed_text_copy_stops_the_check_naming_source_and_file_and_keeps_the_table(folders, tmp_path):
    output = tmp_path / "claims.csv"
    output.write_text("the table of an earlier build\n")
    check_text(folders, text_claim("the procurement", "Art. 1"))
    changed = PROTOCOL_TEXT.replace("### Article  2", "### Article  7")
    (folders["mirror"] / "protocol.md").write_text(changed, encoding="utf-8")
    with pytest.raises(SourceFormatError) as caught:
        claims.run(output, folders["registry"], cache=tmp_path / "empty", mirror=folders["mirror"])
    assert str(caught.value).startswith("source protocol-text: ") and "protocol.md" in str(caught.value)
    assert "Article 7 follows Article 1" in str(caught.value)
    assert output.read_text() == "the table of an earlier build\n"


def test_the_annex_shows_the_paper_s_quotations_apart_and_spells_out_each_difference(folders):
    checked = check_text(folders, text_claim("the procurement of the illegal entry of a person into a State "
                                             "Party of which the person is not national", "Art. 1"),
                         text_claim("Nothing in this Protocol shall prevent", "Art. 2(2)", quoted_by="paper"))
    annex = unescaped(companion.claims_markdown(checked, registry.load(folders["registry"])))
    rows = [line for line in annex.splitlines() if line.startswith("| ")]
    assert rows[1] == ("| UNODC [-@protocol, Art. 1] | “the procurement of the illegal entry of a person "
                       "into a…” | found, with differences (1) | Art. 1(a) |")
    assert "1 of the 1 claims could be checked" in annex and "the English texts [@protocol-text]" in annex
    assert rows[3] == ("| UNODC [-@protocol, Art. 2(2)] | “Nothing in this Protocol shall prevent” | "
                       "found where cited | Art. 2(2) |")
    assert "{#tbl-claims tbl-colwidths=" in annex and "{#tbl-quotations tbl-colwidths=" in annex
    assert annex.endswith(
        "(1) Protocol against the Smuggling of Migrants, Art. 1(a), in the copy in hand ([@protocol-text]): the "
        "concept note writes “not national” for “not a national or a permanent resident” (missing “a”; missing "
        "“or a permanent resident”).\n")


def test_the_concept_note_s_definitions_are_checked_against_the_protocols_texts(raw_dir, tmp_path):
    frame = claims.check_claims(cache=tmp_path, mirror=raw_dir).set_index(["source_id", "quoted_by", "locator"])
    trafficking = frame.loc[("un-protocol-trafficking-2000", "concept note", "Art. 3")]
    assert (trafficking.status, trafficking.found_at, trafficking.checked_in) == (
        claims.FOUND, "Art. 3(a)", "un-protocol-trafficking-text")
    smuggling = frame.loc[("un-protocol-smuggling-2000", "concept note", "Art. 3")]
    assert (smuggling.status, smuggling.found_at) == (claims.FOUND_DIFFERENT, "Art. 3(a)")
    assert smuggling.matched_text.startswith("the procurement, in order to obtain")
    assert smuggling.differences == ("“not national” for “not a national or a permanent resident” "
                                     "(missing “a”; missing “or a permanent resident”)")
    own = frame.xs("paper", level="quoted_by")
    own = own[own["status"] != claims.NOT_IN_HAND]  # the reports the paper quotes but we hold no copy of
    assert {"Art. 3(a)", "Art. 3(c)", "Art. 6(1)(c)", "Art. 6(3)(a)", "Art. 6(3)(b)"} <= set(
        own.index.get_level_values("locator"))
    assert (own["status"] == claims.FOUND).all()
    assert own["found_at"].tolist() == own.index.get_level_values("locator").tolist()


def test_every_quotation_the_paper_registers_is_in_the_paper_word_for_word():
    """The paper's own quotations are registered (and so checked against the texts) as it prints
    them: an edit of the quotation in the manuscript without the registry fails here."""
    prose = " ".join((paths.PAPER / "index.qmd").read_text(encoding="utf-8").split())
    quoted = [claim.text for source in registry.load().values() for claim in source.claims
              if claim.quoted_by == "paper" and not claim.name]  # a named one is a number the paper binds
    assert len(quoted) >= 10
    assert [text for text in quoted if f'"{text}' not in prose] == []
