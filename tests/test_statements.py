"""Statements bound to the data (issue 19): the predicates (pipeline/analysis/statements.py) and
the check of the manuscript before each render (pipeline/paper/statement_guard.py)."""
from __future__ import annotations

import re
import zipfile
from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline import paths
from pipeline.analysis import statements
from pipeline.analysis.statements import Context, Series, StatementError
from pipeline.analysis.variables import KeyFigure
from pipeline.paper import manuscript, render, statement_guard
from pipeline.paper.editions import MEETING, UPDATE
from pipeline.sources.registry import Claim
from pipeline.tables import Table

PARTNERS = Table(pd.DataFrame({"country": ["Nigeria", "Italy"], "iso3": ["NGA", "ITA"],
                               "side": ["African", "European"], "status": ["partner", "partner"]}), {})


def _routes(rows: dict[int, tuple[int, int]], last_month: int = 12) -> Context:
    """An edition whose routes table gives (Central, Western) detections by year; its last year
    runs to ``last_month``."""
    frame = pd.DataFrame([{"year": year, "month": month, "route": route, "detections": value / 12}
                          for year, values in rows.items() for route, value in zip(("Central", "Western"), values)
                          for month in range(1, (last_month if year == max(rows) else 12) + 1)])
    figures = {f.key: f for f in (
        KeyFigure("route.top", 0, "Nigeria", [], "t", "f", kind="label", code="country.NGA"),
        KeyFigure("share.inland", 0.67, "67%", [], "t", "f", kind="percent"),
        KeyFigure("year.peak", 2016, "2016", [], "t", "f", kind="year"))}
    return Context({"routes": Table(frame, {}), "rabat_partners": PARTNERS}, figures)


@pytest.fixture(autouse=True)
def routes_series(monkeypatch):
    """A series of two routes by year, read from the test edition's monthly ``routes`` table."""
    monkeypatch.setitem(statements.SERIES, "test.routes", Series(
        "test.routes", "detections by route", lambda data, groups: data["routes"].frame.pivot_table(
            index="year", columns="route", values="detections", aggfunc="sum"),
        figure="test-routes", tables=("routes",), monthly="routes"))


MEETING_DATA = {2014: (170_000, 7_000), 2015: (150_000, 7_000)}
UPDATE_DATA = {**MEETING_DATA, 2018: (23_000, 56_000), 2019: (14_000, 24_000), 2020: (35_000, 17_000)}
FIRST = ("first-in-every-period", {"series": "test.routes", "first": "Central", "since": 2014})


# --- The predicates ----------------------------------------------------------------------------

def test_a_true_assertion_holds_and_shows_each_year_s_values():
    outcome = statements.evaluate(*FIRST, _routes(MEETING_DATA))
    assert outcome.holds
    assert str(outcome) == "2014: Central 170,000, Western 7,000; 2015: Central 150,000, Western 7,000"


def test_a_false_assertion_shows_only_the_years_that_contradict_it():
    outcome = statements.evaluate(*FIRST, _routes(UPDATE_DATA))
    assert not outcome.holds
    assert str(outcome) == "2018: Central 23,000, Western 56,000; 2019: Central 14,000, Western 24,000"


def test_years_set_aside_with_but_and_a_partial_last_year_named_by_its_month():
    name, params = FIRST
    outcome = statements.evaluate(name, {**params, "but": [2018, 2019]}, _routes(UPDATE_DATA, last_month=4))
    assert outcome.holds and outcome.values[-1] == "2020 (to April): Central 11,667, Western 5,667"


def test_a_share_above_a_threshold_in_every_year():
    context = _routes(UPDATE_DATA)
    above = statements.evaluate("share-above", {"series": "test.routes", "part": "Central", "above": 0.5}, context)
    assert not above.holds and above.values == ("2018: 23,000 of 79,000, 29.1%", "2019: 14,000 of 38,000, 36.8%")
    assert statements.evaluate("share-above", {"series": "test.routes", "part": ["Central"], "above": 0.5,
                                               "years": [2014, 2020]}, context).holds


def test_leads_names_the_first_columns_in_order_or_within_a_rank():
    context = _routes(UPDATE_DATA)
    assert statements.evaluate("leads", {"series": "test.routes", "year": 2018, "first": ["Western"]}, context).holds
    assert not statements.evaluate("leads", {"series": "test.routes", "year": "latest",
                                             "first": ["Western", "Central"]}, context).holds
    within = statements.evaluate("leads", {"series": "test.routes", "year": 2020, "first": ["Western"],
                                           "within": 2}, context)
    assert within.holds and str(within) == "2020: Western rank 2 of 2"


def test_rises_and_falls_compare_whole_years_only():
    context = _routes(UPDATE_DATA, last_month=6)
    assert statements.evaluate("falls", {"series": "test.routes", "since": 2014, "until": 2019}, context).holds
    assert not statements.evaluate("rises", {"series": "test.routes", "since": 2014, "until": 2018,
                                             "column": "Central"}, context).holds
    with pytest.raises(StatementError, match="2020 is a part of a year in this edition; compare whole years"):
        statements.evaluate("rises", {"series": "test.routes", "since": 2019, "until": 2020}, context)


def test_a_peak_in_given_months_of_every_year_that_holds_them(monkeypatch):
    months = pd.date_range("2016-01-01", "2017-03-01", freq="MS")
    values = [1, 2, 3, 4, 5, 9, 8, 7, 6, 5, 4, 3, 10, 2, 1]  # 2016 peaks in June; 2017 has no summer yet
    frame = pd.DataFrame({"Italy": values}, index=months)
    monkeypatch.setitem(statements.SERIES, "test.monthly", Series("test.monthly", "arrivals", lambda d, g: frame,
                                                                  by_month=True))
    context = _routes(MEETING_DATA)
    outcome = statements.evaluate("peak-in-months", {"series": "test.monthly", "column": "Italy",
                                                     "months": [6, 7, 8, 9]}, context)
    assert outcome.holds and str(outcome) == "2016: June 9"
    with pytest.raises(StatementError, match="series test.monthly is by month; this predicate reads a series by "
                                             "year"):
        statements.evaluate("falls", {"series": "test.monthly", "since": 2016, "until": 2017}, context)


def test_key_figures_are_compared_and_a_country_key_stands_for_its_code():
    context = _routes(UPDATE_DATA)
    compared = statements.evaluate("keys-compare", {"conditions": [["share.inland", ">", 0.5],
                                                                   ["year.peak", "!=", 2015]]}, context)
    assert compared.holds and str(compared) == "share.inland (67%) > 0.5; year.peak (2016) != 2015"
    assert context.value({"key": "route.top"}) == "NGA"


def test_a_key_figure_is_compared_with_the_figure_a_document_quoted_for_it():
    claim = Claim("almost 5.000 migrants", figure="almost 5.000 dead", data_key=("dead",))
    context = _routes(MEETING_DATA)
    context.sources = {"iom-page": SimpleNamespace(id="iom-page", claims=(claim,))}
    context.figures["dead"] = KeyFigure("dead", 5246, "5,246", [], "t", "f", kind="count")
    outcome = statements.evaluate("above-quoted", {"keys": ["dead"]}, context)
    assert outcome.holds and str(outcome) == 'dead 5,246, iom-page quoted "almost 5.000 dead"'


def test_the_technical_note_prints_the_values_of_a_condition_without_the_names_of_its_keys():
    figures = {"share.inland": KeyFigure("share.inland", 0.67, "67%", [], "t", "f", kind="share"),
               "dead": KeyFigure("dead", 5246, "5,246", [], "t", "f", kind="count")}
    page = SimpleNamespace(producer="International Organization for Migration (IOM)", year=2015, bib={})
    assert statement_guard._for_reader("share.inland (67%) > 0.5", figures, {}) == "67% > 0.5"
    assert (statement_guard._for_reader('dead 5,246, iom-page quoted "almost 5.000"', figures, {"iom-page": page})
            == '5,246, IOM 2015 quoted "almost 5.000"')


def test_the_technical_note_prints_a_sentence_as_the_paper_does_without_its_cross_reference():
    assert (statement_guard._as_printed("sexual exploitation again in {{< var glotip.year >}} (@fig-exploitation).",
                                        {"glotip.year": "2022"}) == "sexual exploitation again in 2022.")


def test_each_condition_is_said_in_plain_words_naming_no_key_figure_or_table():
    """``says`` is what the technical note's reader reads: the keys are in ``params``."""
    declared = statement_guard.load()
    named = {statement: says for statement, entry in declared.entries.items()
             if re.search(r"\b[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+\b|\b[a-z]+_[a-z0-9_]+\b", says := entry.says or "")}
    assert named == {}


@pytest.mark.parametrize("params, message", [
    ({"series": "test.routes"}, r"first-in-every-period needs first \(it takes series, first, \[among\]"),
    ({"series": "test.routes", "first": "Central", "sine": 2014}, "takes no sine"),
    ({"series": "no.such", "first": "Central"}, "series 'no.such' is not one of"),
    ({"series": "test.routes", "first": "Eastern"},
     "series test.routes has no column 'Eastern' .it has: Central, Western"),
    ({"series": "test.routes", "first": "Central", "years": [2010]},
     "holds no 2010 in this edition .it holds 2014-2015"),
])
def test_parameters_the_predicate_cannot_use_are_refused_saying_what_there_is(params, message):
    with pytest.raises(StatementError, match=message):
        statements.evaluate("first-in-every-period", params, _routes(MEETING_DATA))


# --- The manuscript, as each edition renders it ------------------------------------------------

DECLARED = """\
describe-data:
  sections: [sec-trends]
  kinds: [caption, alt, abstract]
statements:
  central-first:
    says: The Central route has the most detections in every year since 2014.
    check: first-in-every-period
    params: {series: test.routes, first: Central, since: 2014}
  central-first-but:
    says: The Central route has the most detections in every year since 2014 but 2018 and 2019.
    check: first-in-every-period
    params: {series: test.routes, first: Central, since: 2014, but: [2018, 2019]}
  western-first:
    says: The Western route has the most detections in every year since 2014.
    check: first-in-every-period
    params: {series: test.routes, first: Western, since: 2014}
  only-words:
    says: Arrivals peak each summer.
"""


def _paper(tmp_path, body: str, declared: str = DECLARED):
    (tmp_path / "statements.yml").write_text(declared, encoding="utf-8")
    qmd = tmp_path / "index.qmd"
    qmd.write_text("---\ntitle: T\n---\n\n# Introduction {#sec-intro}\n\nThe most important thing.\n\n"
                   "# Trends {#sec-trends}\n\n## Crossings {#sec-crossings}\n\n" + body, encoding="utf-8")
    return qmd


def _check(monkeypatch, qmd, edition=UPDATE, lang="en", data=None):
    """The check of ``qmd`` as ``edition`` renders it, the meeting and update editions having the
    test's data (the update's by default, UPDATE_DATA)."""
    contexts = {MEETING.name: _routes(MEETING_DATA), UPDATE.name: _routes(data or UPDATE_DATA)}
    monkeypatch.setattr(statement_guard, "context", lambda name, *args: contexts.get(name))
    problems, holding = statement_guard.check(qmd, edition, lang, figures_root=qmd.parent / "figures",
                                              declarations=qmd.parent / "statements.yml")
    return problems, holding


CAPTION = ('![Detections by route. [The Central route has the most detections in every year since 2014.]'
           '{.statement check="central-first"}](figures/routes){#fig-routes fig-alt="Stacked bars by route."}\n')


def test_a_false_statement_fails_in_the_edition_it_is_false_in_and_says_where_it_holds(tmp_path, monkeypatch):
    qmd = _paper(tmp_path, CAPTION)
    assert _check(monkeypatch, qmd, MEETING) == ([], 1)
    problems, holding = _check(monkeypatch, qmd, UPDATE)
    assert holding == 0 and len(problems) == 1
    lines = problems[0].split("\n")
    assert re.fullmatch(r".*index\.qmd:13:25: statement central-first is false in the update edition", lines[0])
    assert lines[1] == "    The Central route has the most detections in every year since 2014."
    assert re.fullmatch(r"    condition \(.*statements\.yml:5\): The Central route has the most detections in "
                        r"every year since 2014\.", lines[2])
    assert lines[3] == ("    contradicted by: 2018: Central 23,000, Western 56,000; 2019: Central 14,000, "
                        "Western 24,000")
    assert lines[4].startswith("    it holds in the meeting edition: move it into that edition's conditional "
                               'content, [...]{.content-visible when-profile="meeting"}')


def test_a_statement_false_in_every_edition_says_so(tmp_path, monkeypatch):
    qmd = _paper(tmp_path, '[The Western route has the most detections.]{.statement check="western-first"}\n')
    problems, _ = _check(monkeypatch, qmd, MEETING)
    assert problems[0].endswith("it holds in no edition: rewrite it, or its condition, as the data show")


def test_the_caption_moved_into_each_edition_s_conditional_content_holds_in_both(tmp_path, monkeypatch):
    qmd = _paper(tmp_path, (
        '![Detections by route. [[The Central route has the most detections in every year since 2014.]'
        '{.statement check="central-first"}]{.content-visible when-profile="meeting"}[[The Central route has '
        'the most detections in every year since 2014 but 2018 and 2019.]{.statement check="central-first-but"}]'
        '{.content-visible when-profile="update"}](figures/routes){#fig-routes}\n'))
    assert _check(monkeypatch, qmd, MEETING) == ([], 1)
    assert _check(monkeypatch, qmd, UPDATE) == ([], 1)


def test_an_unbound_superlative_in_a_caption_fails_saying_how_to_bind_it(tmp_path, monkeypatch):
    qmd = _paper(tmp_path, "![The Central route has the largest share.](figures/routes){#fig-routes}\n")
    problems, _ = _check(monkeypatch, qmd, MEETING)
    assert len(problems) == 1
    assert re.match(r'.*index\.qmd:13:\d+ \(caption\): "largest" characterises the data, bound to no statement\n'
                    r"    The Central route has the largest share\.\n"
                    r"    bind it, \[\.\.\.\]\{\.statement", problems[0])


def test_an_unbound_word_is_found_in_the_described_sections_and_in_every_caption_alt_text_and_abstract(
        tmp_path, monkeypatch):
    qmd = _paper(tmp_path, "Crossings rose in 2015.\n\n# Policies {#sec-policies}\n\nMost laws are new.\n\n"
                 '![A chart](figures/x){#fig-x fig-alt="Bars; the Central route is the largest."}\n')
    qmd.write_text(qmd.read_text().replace("title: T", "title: T\nabstract: Deaths peaked in 2016."))
    problems, _ = _check(monkeypatch, qmd, MEETING)
    found = [problem.split("\n")[0].split(" ", 1)[1] for problem in problems]
    assert found == ['(abstract): "peaked" characterises the data, bound to no statement',
                     '(body): "rose" characterises the data, bound to no statement',
                     '(alt): "largest" characterises the data, bound to no statement']
    assert "alt text describes the chart and cannot hold a statement" in problems[2]


def test_the_qualitative_escape_and_phrases_that_characterise_nothing_pass(tmp_path, monkeypatch):
    qmd = _paper(tmp_path, "[The report found that most victims are trafficked within the region.]{.qualitative}"
                 " The count is most likely low.\n\n::: {.qualitative}\nThe report saw the largest flows "
                 "inland.\n:::\n")
    assert _check(monkeypatch, qmd, MEETING) == ([], 0)


def test_a_word_outside_the_statement_span_of_its_sentence_still_fails(tmp_path, monkeypatch):
    qmd = _paper(tmp_path, '[The Central route has the most detections in every year since 2014]{.statement '
                 'check="central-first"}, and deaths rose.\n')
    problems, holding = _check(monkeypatch, qmd, MEETING)
    assert holding == 1 and len(problems) == 1 and '"rose" characterises the data' in problems[0]


def test_a_statement_id_missing_from_the_file_or_an_entry_without_a_predicate_fails(tmp_path, monkeypatch):
    qmd = _paper(tmp_path, '[Arrivals peak each summer.]{.statement check="only-words"} '
                 '[Arrivals fell.]{.statement check="no-such-id"} [Arrivals rose.]{.statement}\n')
    problems, holding = _check(monkeypatch, qmd, MEETING)
    assert holding == 0 and len(problems) == 3
    assert re.match(r".*index\.qmd:13:2: statement only-words \(.*statements\.yml:17\) names no predicate, so "
                    r"nothing checks it: give it `check` \(one of first-in-every-period, ", problems[0])
    assert re.match(r".*index\.qmd:13:\d+: statement no-such-id is not in .*statements\.yml: add it, with says, "
                    r"check and params\n    Arrivals fell\.", problems[1])
    assert 'a statement names no id: write {.statement check="an-id"}' in problems[2]


@pytest.mark.parametrize("declared, message", [
    ("statements:\n  x:\n    check: rises\n", r"statements\.yml:2: statement x needs `says`"),
    ("statements:\n  x:\n    says: It rose.\n    check: goes-up\n",
     r"statements\.yml:2: statement x: check 'goes-up' is not one of first-in-every-period"),
    ("statements:\n  x:\n    says: It rose.\n    prams: {}\n", r"statements\.yml:2: statement x takes says, check "
                                                               r"and params \(a mapping\), not prams"),
    ("statement:\n  x: {says: It rose.}\n", r"statements\.yml: holds describe-data and statements, not statement"),
])
def test_a_malformed_statements_file_is_one_line_naming_its_line(tmp_path, declared, message):
    (tmp_path / "statements.yml").write_text(declared, encoding="utf-8")
    with pytest.raises(statement_guard.StatementsFileError, match=message):
        statement_guard.load(tmp_path / "statements.yml")


def test_a_series_that_reads_other_tables_than_its_figure_fails(tmp_path, monkeypatch):
    qmd = _paper(tmp_path, CAPTION)
    record = tmp_path / "figures" / MEETING.name / "en" / "test-routes.json"
    record.parent.mkdir(parents=True)
    record.write_text('{"inputs": [{"table": "routes_2026"}]}', encoding="utf-8")
    problems, _ = _check(monkeypatch, qmd, MEETING)
    assert len(problems) == 1 and ("statement central-first reads series test.routes from routes, but the figure "
                                   "test-routes is drawn from routes_2026") in problems[0]


def test_an_included_file_is_checked_in_the_section_that_includes_it(tmp_path, monkeypatch):
    qmd = _paper(tmp_path, "{{< include _update.qmd >}}\n")
    (tmp_path / "_update.qmd").write_text("Detections doubled.\n", encoding="utf-8")
    problems, _ = _check(monkeypatch, qmd, MEETING)
    assert len(problems) == 1 and re.match(r'.*_update\.qmd:1:\d+ \(body\): "doubled"', problems[0])


def test_the_french_words_characterise_the_data_in_a_french_caption(tmp_path, monkeypatch):
    qmd = _paper(tmp_path, "![La route centrale concentre la plupart des franchissements ; au moins trois "
                 "routes.](figures/routes){#fig-routes}\n")
    problems, _ = _check(monkeypatch, qmd, MEETING, lang="fr")
    assert [problem.split("\n")[0].split(" ", 1)[1] for problem in problems] == [
        '(caption): "la plupart" characterises the data, bound to no statement']


# --- The paper and its renders -----------------------------------------------------------------

def test_the_fallback_renders_a_statement_span_and_a_qualitative_div_as_plain_text(tmp_path):
    from test_render import write_project

    text = ("---\ntitle: Statements\n---\n\n# Trends {#sec-trends}\n\nBefore [the **largest** "
            'share]{.statement check="central-first"} after.\n\n::: {.qualitative}\nThe report found most.\n:::\n')
    paper = write_project(tmp_path / "paper", text)
    outputs = render.render(paper, tmp_path / "out", ("html", "docx"), engine="pandoc", profiles=["meeting"],
                            metadata={"date": "2015-11-30"}).outputs
    html = outputs["html"].read_text(encoding="utf-8")
    assert ('Before <span class="statement" data-check="central-first">the <strong>largest</strong> share</span> '
            "after.") in " ".join(html.split())
    assert '<div class="qualitative">' in html
    plain = manuscript.parse(text, tmp_path / "x.qmd").texts
    assert [t.text for t in plain if t.kind == "body"] == ["Before the largest share after.",
                                                          "The report found most."]
    document = zipfile.ZipFile(outputs["docx"]).read("word/document.xml").decode("utf-8")
    words = " ".join(re.sub(r"<[^>]+>", " ", document).split())
    assert "Before the largest share after." in words and "The report found most." in words


@pytest.mark.parametrize("edition, lang", [(edition, lang) for edition in (MEETING, UPDATE)
                                           for lang, kind in edition.documents if kind == "paper"])
def test_each_edition_s_paper_binds_every_characterisation_and_every_statement_holds(edition, lang):
    """In each language: the French meeting paper binds the English's statements, by the French list."""
    figures = paths.BUILD / "editions" / edition.name / "keyfigures.json"
    if not figures.is_file() or not (paths.DATA / "frontex_detections.csv").is_file():
        pytest.skip(f"needs {paths.display(figures)} and the tidy tables (make paper builds them)")
    statement_guard.context.cache_clear()
    problems, holding = statement_guard.check(paths.PAPER / edition.documents[(lang, "paper")].manuscript,
                                              edition, lang)
    assert problems == [] and holding > 0


# --- The update's statements: peaks, a year named by a key, the file of routes, the profile's
# key messages ----------------------------------------------------------------------------------

def test_a_peak_year_is_read_on_whole_years_of_a_column_or_of_the_sum():
    context = _routes({**UPDATE_DATA, 2021: (400_000, 0)}, last_month=6)  # 2021, the highest, is partial
    assert statements.evaluate("peak-year", {"series": "test.routes", "year": 2014}, context).holds
    western = statements.evaluate("peak-year", {"series": "test.routes", "column": "Western", "year": 2018}, context)
    assert western.holds and str(western) == "highest 2018: 56,000"
    named = statements.evaluate("peak-year", {"series": "test.routes", "column": ["Central"],
                                              "year": {"key": "year.peak"}}, context)
    assert not named.holds and str(named) == "highest 2014: 170,000; 2016 not held"


def test_leads_reads_its_year_from_a_key_figure():
    context = _routes(UPDATE_DATA)
    context.figures["year.west"] = KeyFigure("year.west", 2018, "2018", [], "t", "f", kind="year")
    assert statements.evaluate("leads", {"series": "test.routes", "year": {"key": "year.west"},
                                         "first": ["Western"]}, context).holds


def test_the_series_of_routes_reads_the_file_of_routes_that_runs_furthest_as_its_figure_does():
    def months(last: str, table: str) -> Table:
        rows = [{"route": "Central Mediterranean Route", "year": day.year, "month": day.month, "detections": 1}
                for day in pd.date_range("2014-01-01", last, freq="MS")]
        return Table(pd.DataFrame(rows), {"table": table})
    data = {"frontex_route_month": months("2025-04-01", "frontex_route_month"),
            "frontex_route_month_2026": months("2026-06-01", "frontex_route_month_2026"), "rabat_partners": PARTNERS}
    series = statements.SERIES["frontex.detections_by_route"]
    assert series.reads(data) == ("frontex_route_month_2026",)
    assert Context(data, {}).partial(series) == {2026: 6}
    meeting = {**data, "frontex_route_month_2026": months("2015-11-01", "frontex_route_month_2026")}
    assert series.reads(meeting) == ("frontex_route_month",)


def test_the_key_messages_of_an_edition_s_profile_are_checked_unless_the_manuscript_sets_its_own(
        tmp_path, monkeypatch):
    qmd = _paper(tmp_path, "Nothing to check.\n")
    (tmp_path / "_quarto-update.yml").write_text('abstract: |\n  The Central route has the largest share.\n',
                                                 encoding="utf-8")
    problems, _ = _check(monkeypatch, qmd, UPDATE)
    assert len(problems) == 1 and re.match(r'.*_quarto-update\.yml:2:\d+ \(abstract\): "largest"', problems[0])
    assert _check(monkeypatch, qmd, MEETING)[0] == []
    qmd.write_text(qmd.read_text(encoding="utf-8").replace("title: T\n", "title: T\nabstract: Its own.\n"),
                   encoding="utf-8")
    assert _check(monkeypatch, qmd, UPDATE)[0] == []
