"""Frontex's risk analyses as published: the tables read from the reports' text equal, cell for
cell, what the pages print; the digits of a flattened row are split only where the table's own
arithmetic allows one reading; and bad input stops with one line naming the report and the place.

Values marked "read by hand" were read in the raw text itself (``grep -an`` on the file, which
numbers lines as the parser does) and typed here: none comes from the parser's output.
"""
from __future__ import annotations

import functools

import pandas as pd
import pytest

from pipeline.errors import SourceFormatError
from pipeline.extract import flattened
from pipeline.extract import frontex_reports as reports
from pipeline.extract.flattened import Block, Columns, Row, Table

FILES = {"frontex-ara-2015": "Frontex_Annual_Risk_Analysis_2015.txt",
         "frontex-ara-2016": "Frontex_Annual_Risk_Analysis_2016.txt"}
CM, WM, WA, EM = ("Central Mediterranean Route", "Western Mediterranean Route", "Western African Route",
                  "Eastern Mediterranean Route")


@pytest.fixture(scope="module")
def report(raw_dir):
    return {source: reports.read_report(raw_dir / file, source) for source, file in FILES.items()}


@pytest.fixture(scope="module")
def tables(report):
    return {name: {source: read(text) for source, text in report.items()}
            for name, read in (("routes", reports.routes), ("nationalities", reports.nationalities),
                               ("facilitators", reports.facilitators))}


def _cell(table: pd.DataFrame, year: int, **keys) -> tuple:
    """(value or symbol, page, line) of the one row with ``keys`` in ``year``."""
    rows = table[(table["year"] == year) & pd.concat([table[k] == v for k, v in keys.items()], axis=1).all(axis=1)]
    assert len(rows) == 1, f"{len(rows)} rows for {keys} {year}"
    row = rows.iloc[0]
    value = row["detections"] if "detections" in table else row["facilitators"]
    return (row["symbol"] if pd.isna(value) else int(value)), int(row["page"]), int(row["line"])


def _route(table, year, route, border="all", nationality="all"):
    return _cell(table, year, route=route, border_type=border, nationality=nationality)


def _nationality(table, year, border, nationality):
    return _cell(table, year, border_type=border, nationality=nationality)


def _facilitators(table, year, breakdown, category):
    return _cell(table, year, breakdown=breakdown, category=category)


# --- The 2015 report (April 2015, data year 2014) ------------------------------------------------


def test_2015_table_3_gives_each_route_as_printed_on_page_16(tables):
    routes = tables["routes"]["frontex-ara-2015"]  # read by hand, lines 858-904 of the text
    assert _route(routes, 2014, CM) == (170_664, 16, 858)
    assert _route(routes, 2009, CM) == (11_043, 16, 858)
    assert _route(routes, 2014, WM) == (7_842, 16, 879)
    assert _route(routes, 2014, WA) == (276, 16, 896)
    assert _route(routes, 2013, EM) == (24_799, 16, 862)
    assert _route(routes, 2014, "all") == (283_532, 16, 904)
    assert (routes["table"] == "Table 3").all() and set(routes["year"]) == set(range(2009, 2015))


def test_2015_table_3_keeps_nationalities_under_their_route_and_border_type(tables):
    routes = tables["routes"]["frontex-ara-2015"]  # read by hand
    assert _route(routes, 2013, EM, "Sea", "Syria") == (5_361, 16, 864)
    assert _route(routes, 2014, EM, "Sea", "Syria") == (27_025, 16, 864)
    assert _route(routes, 2014, EM, "Land") == (6_777, 16, 867)
    assert _route(routes, 2014, WM, "Land", "Mali") == (669, 16, 885)
    assert _route(routes, 2013, WM, "Land", "Mali") == (":", 16, 885)  # ':' not available
    assert _route(routes, 2014, "Western Balkan Route", "all", "Kosovo") == (22_059, 16, 872)  # "Kosovo*"
    assert _route(routes, 2014, CM, "all", "Unspecified sub-Saharan nationals") == (26_340, 16, 861)
    assert _route(routes, 2009, "Other") == (20, 16, 900)  # the route Frontex calls "Other"
    assert _route(routes, 2014, "Other", "all", "Serbia") == (1, 16, 903)
    assert len(routes) == 47 * 6  # lines 858-904: 47 rows, six years


def test_2015_annex_table_1_by_border_type_and_nationality_on_page_56(tables):
    table = tables["nationalities"]["frontex-ara-2015"]  # read by hand
    cell = functools.partial(_nationality, table)
    assert cell(2011, "all", "Syria") == (1_616, 56, 4208)  # "Syria 1 616 7 903 ..."
    assert cell(2012, "all", "Syria") == (7_903, 56, 4208)
    assert cell(2014, "all", "all") == (283_532, 56, 4219)
    assert cell(2013, "Land", "Kosovo") == (6_350, 56, 4221)
    assert cell(2011, "Sea", "Unspecified sub-Saharan nationals") == ("n.a.", 56, 4236)  # printed "n.a"
    assert cell(2014, "Sea", "Unspecified sub-Saharan nationals") == (26_341, 56, 4236)
    assert cell(2014, "Sea", "all") == (220_194, 56, 4245)
    assert len(table) == 3 * 12 * 4  # three sections of ten nationalities, Others and a total


def test_2015_facilitators_from_annex_table_3_page_57_and_the_summary_table_page_12(tables):
    table = tables["facilitators"]["frontex-ara-2015"]  # read by hand
    annex = table[table["table"] == "Annex Table 3"]
    cell = functools.partial(_facilitators, annex)
    assert cell(2014, "nationality", "Morocco") == (959, 57, 4287)
    assert cell(2014, "all", "all") == (10_234, 57, 4298)
    assert cell(2011, "place of detection", "Inland") == (5_146, 57, 4280)
    assert cell(2012, "nationality", "Others") == (4_434, 57, 4297)
    assert cell(2014, "place of detection", "Not specified") == (457, 57, 4284)
    summary = table[table["table"] == "Table 1"]
    assert _cell(summary, 2009, category="all") == (9_171, 12, 595)
    assert _cell(summary, 2010, category="all") == (8_629, 12, 595)
    assert _cell(summary, 2014, category="all") == (10_234, 12, 595)
    assert len(annex) == 18 * 4 and len(summary) == 6  # six places, ten nationalities, Others, Total


# --- The 2016 report (March 2016, data year 2015) ------------------------------------------------


def test_2016_table_1_gives_each_route_as_printed_on_page_17(tables):
    routes = tables["routes"]["frontex-ara-2016"]  # read by hand, lines 1149-1200
    assert _route(routes, 2015, EM) == (885_386, 17, 1149)
    assert _route(routes, 2015, CM) == (153_946, 17, 1165)
    assert _route(routes, 2014, CM) == (170_664, 17, 1165)
    assert _route(routes, 2014, WM) == (7_272, 17, 1175)  # the 2015 report printed 7,842
    assert _route(routes, 2015, WM) == (7_164, 17, 1175)  # "7 164 0,4 -1": a decimal comma
    assert _route(routes, 2015, WA) == (874, 17, 1185)
    assert _route(routes, 2014, "all") == (282_962, 17, 1200)
    assert _route(routes, 2015, "all") == (1_822_337, 17, 1200)
    assert (routes["table"] == "Table 1").all() and set(routes["year"]) == set(range(2011, 2016))


def test_2016_table_1_tells_a_blocks_remainder_from_the_route_called_other(tables):
    routes = tables["routes"]["frontex-ara-2016"]  # read by hand
    assert _route(routes, 2015, CM, "all", "Eritrea") == (38_791, 17, 1166)
    assert _route(routes, 2015, WA, "all", "Guinea") == (365, 17, 1186)
    assert _route(routes, 2015, WA, "all", "Côte d'Ivoire") == (136, 17, 1187)  # byte 0xF4
    assert _route(routes, 2015, "Western Balkan Route", "all", "Not specified") == (556_258, 17, 1161)
    assert _route(routes, 2014, "Black Sea Route", "all", "Other") == (284, 17, 1194)
    assert _route(routes, 2015, "Other") == (9, 17, 1195)
    assert _route(routes, 2011, "Other", "all", "Other") == (1, 17, 1199)
    assert len(routes) == 52 * 5


def test_2016_annex_tables_1_and_3_on_pages_63_and_64(tables):
    nationalities = tables["nationalities"]["frontex-ara-2016"]  # read by hand
    cell = functools.partial(_nationality, nationalities)
    assert cell(2015, "all", "Syria") == (594_059, 63, 6240)
    assert cell(2014, "all", "Not specified") == (386, 63, 6241)  # "2 113 3 571 386 556 432 31 144 053"
    assert cell(2015, "all", "Not specified") == (556_432, 63, 6241)
    assert cell(2015, "all", "all") == (1_822_337, 63, 6251)
    assert cell(2015, "Sea", "all") == (1_033_093, 63, 6277)
    facilitators = tables["facilitators"]["frontex-ara-2016"]
    cell = functools.partial(_facilitators, facilitators)
    assert cell(2015, "nationality", "Morocco") == (1_138, 64, 6319)
    assert cell(2015, "place of detection", "Land") == (4_711, 64, 6312)
    assert cell(2014, "all", "all") == (10_234, 64, 6330)
    assert cell(2015, "all", "all") == (12_023, 64, 6330)
    assert set(facilitators["table"]) == {"Annex Table 3"}  # its FRAN summary is a figure, not a table


def test_the_table_of_contents_tells_where_each_report_puts_its_page_markers(report):
    # Read by hand: 2015's contents give "3.3. Detections ... #17", and "17 of 68" (line 907)
    # precedes that heading (line 918); 2016's give "5.4. Surveillance: Western Balkans 19", and
    # the heading (line 1418) precedes "19 of 72" (line 1512).
    assert (report["frontex-ara-2015"].side, report["frontex-ara-2016"].side) == (reports.OPENS, reports.CLOSES)
    assert report["frontex-ara-2015"].page(918, "3.3") == 17 and report["frontex-ara-2016"].page(1418, "5.4") == 19


def test_the_2016_text_lacks_the_markers_of_nine_pages(report):
    text = report["frontex-ara-2016"]
    missing = sorted(set(range(1, text.pages + 1)) - {page for _, page in text.markers})
    assert (text.pages, missing) == (72, [4, 12, 13, 33, 35, 42, 52, 53, 60])  # read by hand


def test_each_exempted_misprint_is_one_the_checks_find(report, monkeypatch):
    monkeypatch.setattr(reports, "MISPRINTS", {})
    with pytest.raises(SourceFormatError, match=r"Table 3, page 16, line 896 \('Western African route .*"
                       r"fits its own % change"):
        reports.routes(report["frontex-ara-2015"])
    with pytest.raises(SourceFormatError, match=r"Table 1, page 17, line 1200 \('Total 141 051 .*100\.0 100\.0'\)"):
        reports.routes(report["frontex-ara-2016"])


# --- The splitting rule, on invented rows ----------------------------------------------------------


def _row(text: str, line: int = 1, unchecked=()) -> Row:
    label, tokens = flattened.split_label(text)
    return Row(label, tokens, line, text, frozenset(unchecked))


def _readings(table: Table) -> dict[str, str]:
    return {row.label: reading.shown() for row, reading in flattened.read(table).items()}


def test_a_group_of_three_digits_goes_where_the_change_on_the_previous_year_allows():
    row = _row("Syria 1 616 7 903 389")  # 7,903 on 1,616 is +389%
    assert _readings(Table(Columns((2011, 2012), share=False), rows=[row])) == {"Syria": "1 616 | 7 903 | 389"}
    row = _row("Syria 1 616 7 903 1 183")  # 7,903 on 616 is +1,183%: 1; 616; 7,903
    assert _readings(Table(Columns((2010, 2011, 2012), share=False), rows=[row])) == \
        {"Syria": "1 | 616 | 7 903 | 1 183"}


def test_a_row_with_two_readings_and_nothing_to_choose_between_them_is_refused():
    row = _row("Syria 1 616 7 903")
    with pytest.raises(flattened.Unreadable) as caught:
        flattened.read(Table(Columns((2012, 2013, 2014), share=False, change=False), rows=[row]))
    assert "can be read 2 ways that all fit the table's rules, e.g. '1 | 616 | 7 903' and " \
        "'1 616 | 7 | 903'" in str(caught.value)


def test_the_rows_of_a_block_adding_up_to_its_total_decide_a_split():
    total, part, others = _row("Total 1 200 1 500", 3), _row("Morocco 1 200 300", 1), _row("Others 0 1 200", 2)
    columns = Columns((2013, 2014), share=False, change=False)
    with pytest.raises(flattened.Unreadable, match="can be read 2 ways"):
        flattened.read(Table(columns, rows=[part, others, total]))
    for complete in (True, False):  # the top rows of a block may not exceed its total either
        table = Table(columns, rows=[part, others, total], blocks=[Block(total, (part, others), complete)])
        assert _readings(table)["Morocco"] == "1 200 | 300"


def test_the_share_of_the_parent_rows_total_decides_a_split():
    total, part = _row("Total 2 000 4 000 100", 2), _row("Guinea 1 200 400 10", 1)
    columns = Columns((2013, 2014), change=False)
    with pytest.raises(flattened.Unreadable, match="can be read 2 ways"):
        flattened.read(Table(columns, rows=[part, total]))
    table = Table(columns, rows=[part, total], parents={part: total, total: total})
    assert _readings(table) == {"Guinea": "1 200 | 400 | 10", "Total": "2 000 | 4 000 | 100"}


def test_na_stands_for_the_change_where_the_previous_year_is_zero_and_only_there():
    columns = Columns((2013, 2014), share=False)
    assert _readings(Table(columns, rows=[_row("Mali 0 669 n.a.")])) == {"Mali": "0 | 669 | n.a."}
    with pytest.raises(flattened.Unreadable, match="fits its own % change"):
        flattened.read(Table(columns, rows=[_row("Mali 0 669 12")]))
    with pytest.raises(flattened.Unreadable, match="fits its own % change"):
        flattened.read(Table(columns, rows=[_row("Mali 5 669 n.a.")]))


def test_a_colon_is_a_year_not_available_and_n_a_without_its_point_is_read_as_n_a():
    reading = flattened.read(Table(Columns((2012, 2013, 2014), share=False), rows=[_row("Mali : n.a 669 n.a.")]))
    (only,) = reading.values()
    assert only.values == (None, None, 669) and [year.text for year in only.years[:2]] == [":", "n.a."]


def test_an_impossible_row_is_refused_saying_which_rule_failed():
    columns = Columns((2013, 2014), share=False)
    with pytest.raises(flattened.Unreadable, match="no reading of its digits as 2 years .* fits its own % change"):
        flattened.read(Table(columns, rows=[_row("Total 5 3 1")]))  # 3 on 5 is -40%, not +1%
    with pytest.raises(flattened.Unreadable, match="cannot be cut into 2 years"):
        flattened.read(Table(columns, rows=[_row("Total 5")]))
    with pytest.raises(flattened.Unreadable, match="adding up to it"):
        total, part = _row("Total 10 20 100", 2), _row("Morocco 4 30 650", 1)
        flattened.read(Table(columns, rows=[part, total], blocks=[Block(total, (part,), False)]))


def test_a_misprint_is_exempted_from_the_one_check_it_fails():
    row = _row("Total 5 3 1", unchecked={"change"})
    assert _readings(Table(Columns((2013, 2014), share=False), rows=[row])) == {"Total": "5 | 3 | 1"}


# --- Bad input: one line naming the report, the file and the place --------------------------------

CAPTION = ("Table 3.  Detections of illegal border-crossing between BCPs\r\r\n"
           "Detections reported by routes and top three nationalities at the external borders")


def _report_text(tmp_path, pages: list[list[str]], encoding: str = "cp1252", name: str = "ara.txt"):
    """A report of ``pages`` (a marker "N of M" opening each), with a contents that tells so."""
    body = ["Table of contents", "1. Introduction #2", "2. Routes #3"]
    lines = []
    for number, page in enumerate([body, *pages], 1):
        lines += [f"{number} of {len(pages) + 1}", *page]
    path = tmp_path / name
    path.write_bytes("\r\r\n".join(lines).encode(encoding))
    return path


def test_a_file_that_is_not_latin_1_is_refused(tmp_path):
    path = _report_text(tmp_path, [["1. Introduction", "Côte d'Ivoire"], ["2. Routes"]], encoding="utf-8")
    with pytest.raises(SourceFormatError, match="source frontex-ara-2015: .*ara.txt: not Latin-1 text: it is UTF-8"):
        reports.read_report(path, "frontex-ara-2015")
    path.write_bytes("1 of 1\n".encode("utf-16"))
    with pytest.raises(SourceFormatError, match="not Latin-1 text: it holds NUL bytes"):
        reports.read_report(path, "frontex-ara-2015")


def test_a_table_not_found_is_named(tmp_path):
    path = _report_text(tmp_path, [["1. Introduction", "Côte d'Ivoire"], ["2. Routes", "No table here"]])
    with pytest.raises(SourceFormatError, match="source frontex-ara-2015: .*ara.txt: the table of detections by "
                       "routes and top three nationalities: its caption .* is not found"):
        reports.routes(reports.read_report(path, "frontex-ara-2015"))


def test_a_table_whose_page_marker_is_missing_is_refused(tmp_path):
    path = _report_text(tmp_path, [["1. Introduction"], ["2. Routes", "text"], ["more"]])
    text = path.read_bytes().replace(b"4 of 4\r\r\nmore", f"{CAPTION}\r\r\nRoutes 2013 2014".encode())
    path.write_bytes(text)  # the marker of page 4 is gone: the table may be on page 3 or 4
    with pytest.raises(SourceFormatError, match=r"ara.txt: the table of detections .* \(line 10\) lies after "
                       r"the last page marker \(page 3 of 4\), and a marker opens its page: a marker is missing"):
        reports.routes(reports.read_report(path, "frontex-ara-2015"))


def test_a_contents_that_does_not_match_the_markers_is_refused(tmp_path):
    path = _report_text(tmp_path, [["2. Routes"], ["1. Introduction"]])
    with pytest.raises(SourceFormatError, match="its table of contents does not tell whether a page marker "
                       "opens or closes its page"):
        reports.read_report(path, "frontex-ara-2015")
