"""The editions `make paper` writes: each rests only on what was known on its date, the reader's
paper speaks to readers (no build vocabulary, the length the meeting asked for) and the technical
note holds the provenance of every number and claim.

They examine the session's build of the paper (tests/builds.py); that the build renders exactly
the documents `pipeline/paper/editions.py` defines is tests/test_graph.py's.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
from pathlib import Path

import pytest

from pipeline import paths, tables
from pipeline.analysis import asof, keyfigures, variables
from pipeline.paper import editions, trace
from pipeline.sources import registry

MEETING = editions.MEETING
READERS_PAPERS = ["background-paper", "background-paper-fr", "background-paper-update"]


def _in(built: Path, path: Path) -> Path:
    """Where the session's build holds what ``make paper`` writes at ``path`` in the project."""
    return built / Path(path).relative_to(paths.ROOT)


def _document(built: Path, stem: str) -> Path:
    return _in(built, paths.PAPER_OUTPUT / f"{stem}.html")


def visible_text(path, *, body_only: bool = False) -> str:
    """The text a reader sees in a rendered HTML document, whitespace collapsed; ``body_only``:
    without the footnotes and the bibliography (which cite documents by their own titles)."""
    text = Path(path).read_text(encoding="utf-8")
    text = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", text, flags=re.S)
    if body_only:
        text = re.sub(r'<section id="footnotes".*?</section>', " ", text, flags=re.S)
        text = re.sub(r'<div id="refs".*?(?=<h1|$)', " ", text, flags=re.S)
        text = re.sub(r'<a [^>]*class="footnote-ref"[^>]*>.*?</a>', " ", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\u200b", "")
    return re.sub(r"\s+", " ", text)


# --- The editions ------------------------------------------------------------------------------

def test_an_edition_is_named_by_its_date_and_a_bad_name_is_refused():
    dated = editions.edition("at-2019-06-30")
    assert (dated.as_of, dated.date, dated.profile) == ("2019-06-30", dt.date(2019, 6, 30), "update")
    assert dated.documents[("en", "paper")].stem == "background-paper-at-2019-06-30"
    with pytest.raises(editions.EditionError, match="'2016' is not one of meeting, update or at-YYYY-MM-DD"):
        editions.edition("2016")


@pytest.mark.parametrize(("as_of", "says"), [
    ("2015-13-45", "AS_OF=2015-13-45 is not a date written YYYY-MM-DD"),
    ("30/11/2015", "AS_OF=30/11/2015 is not a date written YYYY-MM-DD"),
    ("1990-01-01", "AS_OF=1990-01-01 is before 2018-12-31, the first day on which every key figure"),
    ("2018-12-30", "AS_OF=2018-12-30 is before 2018-12-31"),
    ("2099-01-01", "AS_OF=2099-01-01 is after today"),
    ("2026-12-08", "AS_OF=2026-12-08 is after today"),
])
def test_a_dated_edition_s_date_is_checked_before_anything_is_built(as_of, says):
    with pytest.raises(editions.EditionError, match=re.escape(says)) as refused:
        editions.edition(f"at-{as_of}", today=dt.date(2026, 12, 7))
    assert "make edition AS_OF=YYYY-MM-DD" in str(refused.value) and "\n" not in str(refused.value)
    assert editions.edition("at-2018-12-31", today=dt.date(2026, 12, 7)).as_of == "2018-12-31"
    assert editions.edition("at-2026-12-07", today=dt.date(2026, 12, 7)).as_of == "2026-12-07"


def test_make_edition_with_a_bad_date_says_so_in_one_line_and_builds_nothing(tmp_path):
    """make edition AS_OF=... first writes the dated edition's rules (build/rules-at-DATE.mk), with
    the command below: a bad date stops there, before any notebook runs."""
    assert "$(PY) -m pipeline rules $@ --edition at-$*" in (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    rules = tmp_path / "rules-at-2015-13-45.mk"
    checked = subprocess.run([str(paths.ROOT / ".venv/bin/python"), "-m", "pipeline", "rules", str(rules),
                              "--edition", "at-2015-13-45"], cwd=paths.ROOT, capture_output=True, text=True,
                             timeout=120)
    assert checked.returncode == 2 and not rules.exists()
    assert checked.stderr.splitlines() == [
        "error: AS_OF=2015-13-45 is not a date written YYYY-MM-DD; give a day from 2018-12-31 to "
        f"{dt.date.today().isoformat()}: make edition AS_OF=YYYY-MM-DD"]


def test_the_earliest_dated_edition_is_the_first_day_every_bound_key_figure_can_be_computed(built):
    """editions.EARLIEST_DATED: on that day the key figures hold every key the update's text (the
    reading of a dated edition) and its changes annex bind; on the day before, some are missing."""
    from pipeline.paper import annexes, manuscript

    index = paths.PAPER / "index.qmd"
    read = manuscript.parse(index.read_text(encoding="utf-8"), index, frozenset({editions.UPDATE.profile}))
    bound = {mark.argument for mark in read.shortcodes if mark.name == "var"}
    bound |= {key for change in annexes.CHANGES for key in change.keys}
    data, sources = tables.read_all(_in(built, paths.DATA), keyfigures.TABLES), registry.load()

    def missing(day: dt.date) -> set[str]:
        made = keyfigures.all_figures(asof.known_on(data, day, sources)) + keyfigures.quoted(sources, day.isoformat())
        return bound - {figure.key for figure in made}

    assert missing(editions.EARLIEST_DATED) == set()
    assert missing(editions.EARLIEST_DATED - dt.timedelta(days=1))


# --- The meeting edition rests on nothing after its date --------------------------------------

def _released_by(record: dict, as_of: dt.date, sources: dict[str, registry.Source]) -> list[str]:
    """The sources of a record (a key figure, a figure's input) whose latest observation their
    release rule says was not yet known on ``as_of``."""
    latest = record.get("latest_observation")
    if not latest:
        return []
    day = dt.date.fromisoformat(latest)
    late = []
    for used in record["sources"]:
        rule = sources[used["id"]].release
        if rule is not None and asof.released(day, day.year, rule) > as_of:
            late.append(f"{used['id']} ({latest})")
    return late


def test_every_key_figure_of_the_meeting_edition_was_known_on_its_date(built):
    figures = variables.read(_in(built, MEETING.keyfigures))
    sources = registry.load()
    assert {figure.as_of for figure in figures.values()} == {MEETING.as_of}
    late = {key: _released_by(vars(figure), MEETING.date, sources) for key, figure in figures.items()}
    assert {key: found for key, found in late.items() if found} == {}
    assert figures["iom.routes.through_2015"].shown("en") == "November 2015"
    assert figures["frontex.through_2015"].shown("en") == "September 2015"
    assert "glotip.latest_year" in figures and figures["glotip.latest_year"].value <= 2013


def test_every_figure_of_the_meeting_edition_is_drawn_from_data_known_on_its_date(built):
    drawn = sorted(_in(built, paths.FIGURES / MEETING.name).glob("*/*.json"))
    assert drawn
    sources = registry.load()
    for record_file in drawn:
        inputs = json.loads(record_file.read_text(encoding="utf-8"))["inputs"]
        assert {item["as_of"] for item in inputs} == {MEETING.as_of}, record_file.name
        assert [late for item in inputs for late in _released_by(item, MEETING.date, sources)] == [], record_file.name


@pytest.mark.parametrize("stem", ["background-paper", "background-paper-fr"])
def test_the_meeting_paper_s_body_names_no_year_after_2015(stem, built):
    body = visible_text(_document(built, stem), body_only=True)
    body = re.sub(r"\b\d{4}\s*[-–]\s*\d{4}\b", " ", body)  # a plan's period: "2015-2020"
    body = re.sub(r"\b(?:end of|fin de) 20\d\d\b", " ", body)  # a deadline a document of the time set
    later = sorted(set(re.findall(r"\b20(?:1[6-9]|2\d)\b", body)))
    assert later == [], [re.search(rf".{{60}}\b{year}\b.{{20}}", body)[0] for year in later]


def test_the_update_shows_the_latest_years(built):
    update = variables.read(_in(built, editions.UPDATE.keyfigures))
    assert update["glotip.latest_year"].value > 2015 and update["frontex.rabat_routes.peak_year"].value > 2015
    assert "What changed since 2015" in visible_text(_document(built, "background-paper-update"))


def test_moving_the_date_moves_the_numbers(built):
    """The same tables cut to two dates of 2015 give the key figures of each date."""
    data = tables.read_all(_in(built, paths.DATA), keyfigures.TABLES)
    june, november = ({figure.key: figure for figure in keyfigures.all_figures(asof.known_on(data, day))}
                      for day in ("2015-06-30", "2015-11-30"))
    assert june["iom.routes.through_2015"].shown("en") == "June 2015"
    assert june["iom.routes.sahara_2015"].value <= november["iom.routes.sahara_2015"].value
    assert june["frontex.through_2015"].shown("en") == "April 2015"
    assert june["unhcr.arrivals.italy_2015"].value < november["unhcr.arrivals.italy_2015"].value
    assert june["glotip.latest_year"].value == november["glotip.latest_year"].value  # one report a year


# --- The reader's paper and its technical companion --------------------------------------------

#: Words of the build, not of the paper: they belong in the technical note.
BUILD_WORDS = re.compile(r"\b(pipeline|in hand|this build|snapshots?|notebooks?|papermill)\b"
                         r"|\b[\w-]+\.(csv|json|qmd|ipynb|py|xlsx|rda|dta|yml)\b"
                         r"|\b[a-z_]+\.[a-z_]+\.[a-z_0-9]+\b|_variables|keyfigures", re.I)


@pytest.mark.parametrize("stem", READERS_PAPERS)
def test_the_reader_s_paper_has_no_build_vocabulary(stem, built):
    text = re.sub(r"(https?://|www\.)\S+", " ", visible_text(_document(built, stem)))
    found = [match.group(0) for match in BUILD_WORDS.finditer(text)]
    assert found == []


def test_the_meeting_paper_s_body_is_between_6000_and_9000_words(built):
    """The key messages and the sections to the references: running text, headings and captions
    (the tables, reference material, apart)."""
    text = _document(built, "background-paper").read_text(encoding="utf-8")
    body = text[text.index("Key messages"):text.index('id="refs"')]
    body = re.sub(r"<table.*?</table>", " ", body, flags=re.S)
    body = re.sub(r'<a [^>]*class="footnote-ref"[^>]*>.*?</a>', " ", body, flags=re.S)
    body = re.sub(r'<nav id="TOC".*?</nav>', " ", body, flags=re.S)
    words = re.findall(r"\w[\w'’-]*", html.unescape(re.sub(r"<[^>]+>", " ", body)))
    assert 6000 <= len(words) <= 9000, len(words)


@pytest.mark.parametrize("edition", [editions.MEETING, editions.UPDATE], ids=lambda e: e.name)
def test_the_technical_note_holds_every_number_and_every_claim(edition, built):
    note = " ".join(visible_text(_document(built, edition.documents[("en", "note")].stem)).split())
    figures = variables.read(_in(built, edition.keyfigures))
    paper = built / paths.PAPER.relative_to(paths.ROOT) / edition.documents[("en", "paper")].manuscript
    found = trace.rendered(paper, edition.profile)
    printed = {variables.key_of(key) for paragraph in found for key in paragraph.keys}
    cited = {source for paragraph in found for source in paragraph.citations}
    # Each number the paper prints, as it prints it; no key's name anywhere (the statements'
    # values too are printed as numbers: paper/statements.yml names the keys).
    assert [key for key in printed if figures[key].shown("en") not in note] == []
    assert [key for key in figures if key in note] == []
    # The claims table shows the first words of each claim of the concept note and of each
    # quotation of a document this edition's paper cites (the differences are spelled out in full);
    # the quotations of another edition's documents are not this note's.
    shown = [(source.id, claim) for source in registry.load().values() for claim in source.claims
             if claim.quoted_by == "concept note" or (claim.quoted_by == "paper" and source.id in cited)]
    missing = [claim.text for _, claim in shown if " ".join(claim.text.split()[:6]) not in note]
    assert missing == []
    others = [claim.text for source in registry.load().values() for claim in source.claims
              if claim.quoted_by == "paper" and source.id not in cited and (source.id, claim) not in shown]
    assert [text for text in others if f"“{' '.join(text.split()[:6])}" in note] == []
