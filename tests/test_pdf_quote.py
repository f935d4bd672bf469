"""Quotations are found on the cited page however the PDF sets them, and never pass silently.

Real sentences from UNODC's metadata note on trafficking in persons (3 text pages); hand-written
PDFs for page labels and hyphenation; the matching key alone for ligatures and number formats.
"""
from __future__ import annotations

import json
from pathlib import Path

import pdf_factory
import pytest

from pipeline.pdf.cli import main
from pipeline.pdf.quote import find_quote
from pipeline.textkey import keyed, pattern


@pytest.fixture(scope="module")
def unodc(raw_dir: Path) -> Path:
    return raw_dir / "metadata_trafficking_in_persons.pdf"


def _matches(quote: str, printed: list[str]) -> bool:
    return pattern(keyed(list(quote)).key).search(keyed(printed).key) is not None


def test_a_sentence_on_the_cited_page_is_found_with_its_box(unodc: Path):
    result = find_quote(unodc, "1", "Last update: 24/01/2023")
    assert result.found and (result.page_index, result.page_label) == (0, "1")
    assert result.matched_text == "Last update: 24/01/2023"
    x0, top, x1, bottom = result.bbox
    assert 60 < x0 < x1 < 595 and 0 < top < bottom < 842 and bottom - top < 20  # one line


def test_a_sentence_spanning_a_line_break_is_found_and_its_box_covers_both_lines(unodc: Path):
    sentence = ("National data are submitted by Member States to UNODC through the United Nations "
                "Questionnaire for the Global Report on Trafficking in Persons (GLOTIP) or other means.")
    result = find_quote(unodc, "1", sentence)
    assert result.found
    assert result.bbox[3] - result.bbox[1] > 20
    assert result.matched_text.startswith("National data") and result.matched_text.endswith("other means.")


def test_straight_quotes_in_the_paper_match_curly_quotes_in_the_pdf(unodc: Path):
    assert find_quote(unodc, "1", 'as having experienced the "recruitment, transportation').found


def test_text_on_another_page_is_reported_with_that_page(unodc: Path):
    result = find_quote(unodc, "3", "Data on trafficking victims only capture those individuals")
    assert not result.found and result.bbox is None
    assert (result.page_index, result.page_label) == (2, "3")
    assert result.elsewhere == [(1, "2")]
    assert result.closest is None


def test_a_misquotation_gets_the_closest_passage_of_the_cited_page(unodc: Path):
    misquoted = "Number of persons convicted of trafficking in persons and related offences in a given year."
    result = find_quote(unodc, "2", misquoted)
    assert not result.found and result.elsewhere == []
    assert result.closest == ("Number of persons convicted of trafficking in persons and related "
                              "offenses in a given year.")


def test_printed_page_labels_are_used_and_index_plus_one_is_the_fallback(tmp_path: Path, unodc: Path):
    path = tmp_path / "labelled.pdf"
    path.write_bytes(pdf_factory.text_pdf(
        [["Foreword"], ["Acronyms"], ["Chapter one"]],
        page_labels=b"<< /Nums [0 << /S /r >> 2 << /S /D >>] >>"))
    assert find_quote(path, "ii", "Acronyms").page_index == 1
    assert find_quote(path, "1", "Chapter one").page_index == 2
    assert find_quote(unodc, 2, "Offences of trafficking in persons").page_label == "2"


def test_a_word_hyphenated_at_a_line_end_matches_the_whole_word(tmp_path: Path):
    path = tmp_path / "hyphen.pdf"
    path.write_bytes(pdf_factory.text_pdf([["victims of traf-", "ficking and self-", "exploitation"]]))
    assert find_quote(path, "1", "victims of trafficking").found
    assert find_quote(path, "1", "self-exploitation").found
    assert not find_quote(path, "1", "victims of traficking").found


@pytest.mark.parametrize(("quote", "printed"), [
    ("financial flows", ["\ufb01", "nancial \ufb02ows"]),            # fi and fl ligatures
    ("14,477 victims", ["14\u202f477 victims"]),                      # narrow no-break space
    ("14 477 victims", ["14.477 victims"]),
    ("5.000 cases", ["5,000\u00a0cases"]),                            # no-break space
    ("it's 'forced' labour", ["it\u2019s \u2018forced\u2019 labour"]),
    ("2015-2016", ["2015\u20132016"]),                                # en dash
])
def test_typography_and_number_formats_do_not_hide_a_quotation(quote: str, printed: list[str]):
    assert _matches(quote, printed)


def test_different_numbers_do_not_match():
    assert not _matches("14,477 victims", ["14,478 victims"])
    assert not _matches("1,5 million", ["15 million"])


def test_the_cli_prints_one_json_object_and_exits_0_when_found_1_when_not(unodc: Path, capsys):
    assert main(["quote", str(unodc), "--page", "1", "--text", "Base period: Calendar Year"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["found"] is True and found["page_label"] == "1" and len(found["bbox"]) == 4
    assert main(["quote", str(unodc), "--page", "1", "--text", "Base period: Fiscal Year"]) == 1
    missing = json.loads(capsys.readouterr().out)
    assert missing["found"] is False and missing["closest"].startswith("Base period:")
