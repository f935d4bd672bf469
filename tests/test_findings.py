"""The findings of the reports of the time (``sources/facts/findings.csv``) say what their reports
say, on the page they cite, and the meeting paper's findings cite only what existed on its date.

A finding taken from a Frontex risk analysis quotes the text in hand: the quote must be on the
page the locator names ("p. 17"), so that a reader, and the claims check, find it there. The
pages are read here by hand from the text's page markers ("17 of 68"), independently of the step
that parses the reports' tables (issue 20: check against the report's pages, not the parser).
Where the marker stands is the reports' own trap: the 2015 text puts a page's marker before the
page's text, the 2016 text after it. Both are decided by the tables of contents, and the test of
the headings below holds them to it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.paper import editions
from pipeline.sources import facts, registry

#: The Frontex risk analyses in hand as text: registry id -> whether a page marker opens its page
#: (True: the page's text follows "17 of 68"; False: it precedes it).
FRONTEX_TEXTS = {"frontex-ara-2015": True, "frontex-ara-2016": False}
_MARKER = re.compile(r"\s*(\d+) of \d+\s*")
_PAGE = re.compile(r"p\. (\d+)")
#: A finding of this table is the meeting paper's unless its note says it is for the update.
AFTER_THE_MEETING = "After the meeting"


def _normal(text: str) -> str:
    """Words as a reader sees them: a word hyphenated across a line end joined again, every run
    of spaces, no-break spaces and line ends one space."""
    text = re.sub(r"-[ \t\xa0]*(?:\n[ \t\xa0]*)+(?=[a-z])", "", text)
    return re.sub(r"\s+", " ", text).strip()


def pages(text: str, marker_opens: bool) -> dict[int, str]:
    """Printed page number -> the page's words, split at the markers ("17 of 68" alone on a line).
    Text before the first marker (2015) or after the last (2016) belongs to no numbered page."""
    lines = re.split(r"\r\n|\r|\n", text.replace("\xad", "-"))  # 2016: soft hyphens for hyphens
    found: dict[int, list[str]] = {}
    page: int | None = None
    buffer: list[str] = []
    for line in lines:
        marker = _MARKER.fullmatch(line)
        if not marker:
            buffer.append(line)
            continue
        if marker_opens:
            if page is not None:
                found[page] = buffer
            page = int(marker.group(1))
        else:
            found[int(marker.group(1))] = buffer
        buffer = []
    if marker_opens and page is not None:
        found[page] = buffer
    return {number: _normal("\n".join(words)) for number, words in found.items()}


@pytest.fixture(scope="module")
def report_pages(raw_dir: Path) -> dict[str, dict[int, str]]:
    sources = registry.load()
    read = {}
    for source_id, marker_opens in FRONTEX_TEXTS.items():
        # Windows-1252 bytes; the few bytes it leaves undefined are ligatures the extraction lost
        text = (raw_dir / sources[source_id].file).read_bytes().decode("cp1252", errors="replace")
        read[source_id] = pages(text, marker_opens)
    return read


@pytest.fixture(scope="module")
def findings() -> list[dict[str, str]]:
    return facts.load(facts.FINDINGS.name).to_dict("records")


def test_pages_are_split_at_their_markers_on_the_side_each_report_puts_them():
    text = "cover\r\n1 of 2\r\nAlpha beta gam-\r\n\r\nma\r\n2 of 2\rDelta"
    assert pages(text, marker_opens=True) == {1: "Alpha beta gamma", 2: "Delta"}
    assert pages("Alpha\n1 of 2\nBeta \xadgamma\xa0delta\n2 of 2\n", marker_opens=False) == {
        1: "Alpha", 2: "Beta -gamma delta"}


@pytest.mark.parametrize("source_id, page, heading", [
    # the printed pages the tables of contents give to these headings
    ("frontex-ara-2015", 12, "3.1. Passenger flow across the external borders"),
    ("frontex-ara-2015", 33, "3.9. Facilitators"),
    ("frontex-ara-2015", 56, "7. Statistical annex"),
    ("frontex-ara-2016", 20, "5.5. Surveillance: Central Mediterranean"),
    ("frontex-ara-2016", 30, "5.13. In the EU: Illegal stayers, Asylum, Facilitators"),
])
def test_the_pages_are_numbered_as_the_reports_contents_number_them(report_pages, source_id, page,
                                                                     heading):
    assert _normal(heading) in report_pages[source_id][page]
    assert [number for number, words in report_pages[source_id].items()
            if _normal(heading) in words and number != 3] == [page]  # page 3: the table of contents


def test_every_finding_from_the_frontex_risk_analysis_2015_quotes_its_page(findings):
    cited = [row for row in findings if "frontex-ara-2015" in facts.source_ids(row["source"])]
    assert cited
    for row in cited:
        assert _PAGE.fullmatch(row["locator"]), (row["id"], row["locator"])
        assert 30 <= len(row["quote"]) <= 200, (row["id"], len(row["quote"]))


def test_every_quote_of_a_frontex_risk_analysis_is_on_the_page_its_finding_cites(findings, report_pages):
    quoted = [(row, source_id) for row in findings for source_id in facts.source_ids(row["source"])
              if source_id in FRONTEX_TEXTS and row["quote"]]
    assert quoted
    for row, source_id in quoted:
        page = _PAGE.fullmatch(row["locator"])
        assert page, (row["id"], row["locator"])
        number = int(page.group(1))
        elsewhere = [other for other, words in report_pages[source_id].items()
                     if _normal(row["quote"]) in words]
        assert _normal(row["quote"]) in report_pages[source_id][number], (
            f"{row['id']}: the quote is not on p. {number} of {source_id} (found on {elsewhere})")


def test_a_finding_for_the_meeting_cites_only_what_existed_on_its_date(findings):
    sources = registry.load()
    for row in findings:
        if row["note"].startswith(AFTER_THE_MEETING):
            continue
        for source_id in facts.source_ids(row["source"]):
            issued = sources[source_id].issued
            assert issued is not None and issued <= editions.MEETING.date, (
                f"{row['id']} cites {source_id} of {issued}: mark it '{AFTER_THE_MEETING}' in its "
                "note (the update), or cite a document of 30 November 2015 or earlier")


def test_the_findings_for_the_update_cite_what_came_after_the_meeting(findings):
    sources = registry.load()
    later = [row for row in findings if row["note"].startswith(AFTER_THE_MEETING)]
    assert later
    for row in later:
        assert any(sources[source_id].issued > editions.MEETING.date
                   for source_id in facts.source_ids(row["source"])), row["id"]
