"""The guard fails on a hand-typed number the data hold, and only on that (pipeline/paper/guard.py)."""
from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from pipeline import language, paths
from pipeline.analysis.variables import KeyFigure
from pipeline.paper import editions, guard, stage
from pipeline.sources import facts


def _figure(key: str, value: float, text: str) -> KeyFigure:
    return KeyFigure(key, value, text, sources=[], table="t", filter="f")


FIGURES = {f.key: f for f in (
    _figure("eurostat.victims_eu_2010_2012", 14477, "14,477"),
    _figure("iom.claims.world_to_oct13", 5246, "5,246"),
    _figure("glotip.world.share_sexual_2010_2012", 0.5312, "53%"),
    _figure("glotip.world.share_sexual_latest", 0.494, "49%"),
    _figure("iom.claims.med_subsaharan_to_oct13", 1022, "1,022"),
    _figure("unhcr.arrivals.total_2015", 3_412_345, "3,412,345"),
    _figure("glotip.citizenship.top_country", 0, "Nigeria"),
)}

# Data that hold every number: each small one as a key figure, the rest in a table. Whatever
# the guard leaves unclassified then fails, so a passing text proves its numbers are allowed.
EVERY_NUMBER = {f"n{i}": _figure(f"n{i}", i, str(i)) for i in range(10)}
EVERY_TABLE_VALUE = {float(i): {"everything.value"} for i in range(10, 100_000)}


def _violations(text: str, figures=FIGURES, tables=None) -> list[guard.Violation]:
    return guard.scan(text, "paper.qmd", figures, tables or {}).violations


@pytest.mark.parametrize("text", [
    # years and year ranges
    "In 2015 the meeting met.", "Over 2010-2012 and 2012–2016.", "In 2015-16.", "In the 1990s.",
    # dates
    "Porto, 3-4 December 2015.", "On 27 November 2014.", "On the 27th of November 2014.",
    "Brussels, 19.6.2012.", "Accessed 13/10/2015.", "On December 3, 2015.", "On 2015-10-13.",
    # article, section, paragraph, chapter, footnote and page references
    "Art. 3 defines it.", "Article 3(a) defines it.", "Articles 5 and 6 oblige.", "See Section 2.",
    "See p. 38.", "See pp. 81-86.", "Under § 4.", "Paragraphs 3 to 5.", "Chapter 12.",
    "Footnote 14.", "See Annex 2 and Table 3.",
    # legal and document identifiers
    "Directive 2011/36/EU.", "Directive 2002/90/EC.", "COM(2015) 285 final.", "COM (2015) 285.",
    "Resolution A/RES/55/25.", "Framework Decision 2002/629/JHA.", "The G7 and the EU-28.",
    "OJ L 101, p. 1.", "The 3P index of anti-trafficking policy.",
    # tiers of the Trafficking in Persons Report
    "Placed in Tier 2, on the Tier 2 Watch List or in Tier 3.",
    # ages, ordinals, numbers in words
    "Children (under 18).", "Victims aged 15-17.", "The 4th pillar, the 1st session.",
    "The five themes of the twenty-eight States.",
])
def test_every_allowed_class_passes_even_where_the_data_hold_the_number(text):
    assert _violations(text, EVERY_NUMBER, EVERY_TABLE_VALUE) == []


@pytest.mark.parametrize("text, typed, key", [
    ("A total of 14 477 victims.", "14 477", "eurostat.victims_eu_2010_2012"),
    ("Almost 5.000 migrants died.", "5.000", "iom.claims.world_to_oct13"),
    ("Of them, 53% were exploited.", "53%", "glotip.world.share_sexual_2010_2012"),
    ("Of them, 53 per cent were exploited.", "53 per cent", "glotip.world.share_sexual_2010_2012"),
    ("Of them, 49% were exploited.", "49%", "glotip.world.share_sexual_latest"),
    ("Over 1,022 came from Africa.", "1,022", "iom.claims.med_subsaharan_to_oct13"),
    ("Some 3.4 million arrived.", "3.4 million", "unhcr.arrivals.total_2015"),
])
def test_a_hand_typed_key_figure_fails_naming_the_key_to_bind(text, typed, key):
    [violation] = _violations(text)
    assert violation.text == typed
    assert violation.keys[0].key == key
    assert f"bind it with {{{{< var {key} >}}}}" in str(violation)


def test_a_percentage_matches_percentage_key_figures_only():
    assert _violations("Of 53 victims, 5,246% ...") == []


def test_a_count_the_tables_hold_fails_naming_the_table_column():
    [violation] = _violations("The 57 partners met.", tables={57.0: {"rabat_partners.count"}})
    assert violation.columns == ("rabat_partners.count",)
    assert violation.sentence == "The 57 partners met."
    assert "notebooks/10-key-figures.ipynb" in str(violation)


def test_numbers_the_data_do_not_hold_and_small_counts_pass():
    tables = {7.0: {"t.value"}, 12.0: {"t.value"}}
    assert _violations("Eurostat counted 14 477 victims in 7 States.", {}, tables) == []


@pytest.mark.parametrize("text", [
    "Of them, {{< var glotip.world.share_sexual_latest >}} were exploited.",
    "Run `x = 53%` or\n\n```python\nshare = '53%'\n```\n",
    "As the report says [@unodc-glotip-2014, p. 53; @eurostat, 1022].",
    "As @unodc-2014 shows (@fig-53), and [-@tbl-14477].",
    "See <https://example.org/53%> and [the data](https://example.org/1022 \"1022\").",
    "A figure ![Arrivals.](../figures/x-1022.svg){#fig-x width=53% fig-align=\"center\"}",
    "<!-- 53% to be checked --> Text. <span style=\"width:53%\">Text</span>",
    "---\ndate: \"2015-11\"\nversion: 53\n---\n\nText.",
])
def test_numbers_outside_the_prose_pass(text):
    assert _violations(text) == []


@pytest.mark.parametrize("text", [
    "---\ntitle: \"Where 53% were exploited\"\n---\n\nText.",
    "---\nabstract: |\n  Text.\n  Of them, 53% were exploited.\n---\n",
    "![Shares.](x.svg){#fig-x fig-alt=\"53% of victims.\"}",
    "| Year | Share |\n|---|---|\n| 2012 | 53% |\n",
])
def test_title_abstract_alt_text_and_table_cells_are_prose(text):
    assert [v.text for v in _violations(text)] == ["53%"]


def test_line_column_and_sentence_of_a_violation_are_reported():
    text = ("---\ntitle: \"Trends\"\n---\n\n# Trends\n\nThe data are plain. Over\n"
            "2010-2012, 53% were exploited. Then more.\n")
    [violation] = _violations(text)
    assert (violation.line, violation.column) == (8, 12)
    assert violation.sentence == "Over 2010-2012, 53% were exploited."
    assert str(violation).startswith('paper.qmd:8:12: "53%" is typed by hand;')


def test_a_long_sentence_is_shown_around_the_number():
    text = "Words " * 100 + "then 53% were exploited, " + "and more " * 100 + "."
    [violation] = _violations(text)
    assert "then 53% were exploited" in violation.sentence
    assert len(violation.sentence) <= 242


def test_a_list_marker_passes_but_a_wrapped_number_in_a_paragraph_does_not():
    listed = "Themes:\n\n1) Strategic planning;\n2) Criminal justice.\n"
    assert _violations(listed, EVERY_NUMBER) == []
    wrapped = "Deaths by October were\n5. Then more."
    assert [v.text for v in _violations(wrapped, EVERY_NUMBER)] == ["5"]


def _project(tmp_path: Path, text: str) -> list[str]:
    qmd = tmp_path / "index.qmd"
    qmd.write_text(text, encoding="utf-8")
    variables = tmp_path / "provenance.json"
    variables.write_text(json.dumps([asdict(f) for f in FIGURES.values()]), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "partners.csv").write_text("country,year,count,excel_row\nX,2015,57,731\n")
    return [str(qmd), "--variables", str(variables), "--data", str(data)]


def test_command_fails_on_a_hand_typed_number(tmp_path, capsys):
    assert guard.main(_project(tmp_path, "Text.\n\nThe 57 partners, 53% of victims.\n")) == 1
    out = capsys.readouterr().out
    assert "index.qmd:3:5: \"57\" is typed by hand; the tidy tables hold it (partners.count)" in out
    assert "{{< var glotip.world.share_sexual_2010_2012 >}}" in out
    assert "guard: 2 of the 2 numbers in the prose" in out


def test_command_passes_a_bound_paper_and_counts_its_numbers(tmp_path, capsys):
    text = "In 2015, {{< var iom.claims.world_to_oct13 >}} died (Art. 3); 731 is a row number.\n"
    assert guard.main(_project(tmp_path, text)) == 0
    assert capsys.readouterr().out == (
        "guard: 4 numbers in the prose, all bound or allowed (1 bound, 2 years, dates, references, "
        "identifiers, ages or ordinals, 1 not held by the data)\n")


def test_command_without_key_figures_says_how_to_make_them(tmp_path, capsys):
    args = _project(tmp_path, "Text.")
    Path(args[2]).unlink()
    assert guard.main(args) == 2
    assert "make build/editions/meeting/keyfigures.json" in capsys.readouterr().err


STAGED = [(edition, lang, document.manuscript) for edition in editions.EDITIONS.values()
          for (lang, kind), document in edition.documents.items() if kind == "paper"]


@pytest.mark.parametrize(("edition", "lang", "manuscript"), STAGED,
                         ids=[f"{e.name}-{lang}" for e, lang, _ in STAGED])
def test_each_edition_s_paper_binds_every_number_the_data_hold(edition, lang, manuscript, built, capsys):
    """The manuscript as `make paper` staged it for the edition, against its key figures."""
    staged = built / stage.folder(edition, lang).relative_to(paths.ROOT) / manuscript
    variables = staged.parent / "_variables.provenance.json"
    assert guard.main([str(staged), "--variables", str(variables), "--data", str(built / "build/data")]) == 0, \
        capsys.readouterr().out


@pytest.mark.parametrize("text", [
    "Text.[^1]\n\n[^1]: Of the victims, 53% were exploited.\n",
    "Text.[^note]\n\n[^note]: First paragraph.\n\n    Of the victims, 53% were exploited.\n",
    "Text.^[Of the victims, 53% were exploited.]\n",
    "Text.^[Of the victims, 53% were exploited, as @unodc-2014 found, p. 3.]\n",
    "Text.^[Of the victims, 53% were exploited [@unodc-2014, p. 38].]\n",
    "As [53% of the victims, see @unodc-2014, p. 38] show.\n",
    "---\nsubtitle: \"Where 53% were exploited\"\n---\n\nText.\n",
    "## Where 53% were exploited {#sec-x}\n",
    "![Of the victims, 53% were exploited.](x.svg){#fig-x}\n",
    "| a | b |\n|---|---|\n| x | y |\n\n: Of the victims, 53% were exploited {#tbl-x}\n",
    "::: {.callout-note title=\"53% were exploited\"}\nText.\n:::\n",
    "See [53% of the victims](https://example.org).\n",
])
def test_footnotes_citation_text_subtitles_headings_captions_and_link_text_are_prose(text):
    assert [v.text for v in _violations(text)] == ["53%"]


@pytest.mark.parametrize("text", [
    "Text.^[See @unodc-2014, p. 53, and @eurostat, 1022.]\n",
    "Text.[^1]\n\n[^1]: As @eurostat [p. 97] shows [@unodc-2014, pp. 81-86; @eurostat, 1022].\n",
])
def test_a_citation_locator_in_a_footnote_passes(text):
    assert _violations(text) == []


@pytest.mark.parametrize("text", [
    "Cooperation.^[@un-toc-convention-2000, Art. 12-14, 16, 18-20 and 27.]",
    "Stay.^[@un-protocol-smuggling-2000, Art. 6(1)(c) and 6(3).]",
    "Purpose.^[@un-protocol-smuggling-2000, Art. 2, 5, 16 and 19.]",
])
def test_a_locator_listing_articles_with_their_paragraphs_passes(text):
    assert _violations(text, EVERY_NUMBER, EVERY_TABLE_VALUE) == []


def test_a_number_after_a_locator_is_still_prose():
    assert _violations("Cooperation.^[@un-toc-convention-2000, Art. 27, where 1022 were.]")


@pytest.mark.parametrize("text", [
    "Le sommet des 11 et 12 novembre 2015, du 1er janvier au 13 octobre 2015, à Porto les 3-4 décembre 2015.\n",
    "Texte.^[@un-protocol-smuggling-2000, art. 12-14, 16, 18-20 et 27.]\n",
    "Le Protocole (art. 16 et 19) ; la catégorie 2 ou la catégorie 3 ; le pilier 4.\n",
])
def test_french_dates_article_lists_and_reference_words_are_allowed(text):
    held = {float(n): {"t.value"} for n in range(1, 32)}  # data that hold every day and article
    assert _violations(text, tables=held) == []
    assert [v.text for v in _violations("Les 12 pays du Processus.\n", tables=held)] == ["12"]


# --- Everything the reader sees (issue 25, H5) ------------------------------------------------


@pytest.mark.parametrize("text", [
    "---\nabstract-title: \"Key messages: 53% of them\"\n---\n\nText.\n",
    "---\nauthor:\n  - name: The 53% team\n---\n\nText.\n",
    "---\nauthor:\n  - name: Expert\n    affiliation: Unit of 53%\n---\n\nText.\n",
    "A lone ` backtick does not open code.\n\nOf the victims, 53% were exploited.\n",
])
def test_the_abstract_title_authors_affiliations_and_prose_after_a_lone_backtick_are_prose(text):
    assert [v.text for v in _violations(text)] == ["53%"]


def test_a_number_typed_in_a_profile_s_subtitle_fails_naming_the_profile_file(tmp_path, capsys):
    args = _project(tmp_path, "Text.\n")
    (tmp_path / "_quarto.yml").write_text("project:\n  type: default\n", encoding="utf-8")
    (tmp_path / "_quarto-update.yml").write_text("# the update\nsubtitle: \"With 3,412,345 arrivals\"\n")
    assert guard.main(args) == 1
    assert '_quarto-update.yml:2:17: "3,412,345" is typed by hand' in capsys.readouterr().out


def _staged(tmp_path: Path, annex: str) -> list[str]:
    """A manuscript that includes a generated annex, written into a staged _generated folder."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    args = _project(tmp_path, "Text.\n\n{{< include _generated/annex.md >}}\n")
    generated = tmp_path / "staged" / "_generated"
    generated.mkdir(parents=True)
    (generated / "annex.md").write_text(annex, encoding="utf-8")
    return args + ["--generated", str(generated), "--strings"]


@pytest.fixture
def catalogue(tmp_path, monkeypatch) -> Path:
    """A label catalogue of the document's language (English) to put strings in."""
    labels = tmp_path / "labels"
    labels.mkdir()
    monkeypatch.setattr(language, "LABELS", labels)
    (labels / "en.yml").write_text("annex:\n  intro: The partners.\n", encoding="utf-8")
    return labels / "en.yml"


def test_a_label_string_with_a_number_the_data_hold_fails_naming_the_catalogue_line(tmp_path, catalogue, capsys):
    catalogue.write_text("annex:\n  intro: The partners.\n  count: \"The {number} partners, 1,022 of them.\"\n")
    assert guard.main(_staged(tmp_path, "The partners.\n")) == 1
    out = capsys.readouterr().out
    assert f'{catalogue}:3:34 (label annex.count): "1,022" is typed by hand' in out
    assert "{{< var iom.claims.med_subsaharan_to_oct13 >}}" in out


def test_a_facts_cell_an_annex_prints_is_checked_and_one_it_does_not_print_is_not(tmp_path, catalogue,
                                                                                  monkeypatch, capsys):
    folder = tmp_path / "facts"
    shutil.copytree(facts.FACTS, folder)
    monkeypatch.setattr(facts, "FACTS", folder)
    table = (folder / "instruments.csv").read_text(encoding="utf-8")
    scope = next(cell.text for cell in facts.text_cells(folder) if cell.column == "scope_en")
    (folder / "instruments.csv").write_text(table.replace(scope, "Ratified by 1,022 States."), encoding="utf-8")
    cell = next(cell for cell in facts.text_cells(folder) if cell.text == "Ratified by 1,022 States.")
    written = (folder / "instruments.csv").read_text(encoding="utf-8").splitlines()[cell.line - 1]
    assert written[cell.column_number - 1:].startswith("Ratified by 1,022")
    assert guard.main(_staged(tmp_path, "| Scope |\n|---|\n| Ratified by 1,022 States. |\n")) == 1
    where = f"instruments.csv:{cell.line}:{cell.column_number + len('Ratified by ')} (column scope_en)"
    assert f'{where}: "1,022" is typed by hand' in capsys.readouterr().out
    assert guard.main(_staged(tmp_path / "other", "| Scope |\n|---|\n| Another scope. |\n")) == 0


def test_the_generated_annexes_are_read_where_the_render_wrote_them(tmp_path, catalogue, capsys):
    assert guard.main(_staged(tmp_path, "The partners: 1,022.\n")) == 0  # numbers the pipeline wrote
    assert "generated annexes (read, their numbers written from the data): _generated/annex.md" \
        in capsys.readouterr().out
    (tmp_path / "staged" / "_generated" / "annex.md").unlink()
    args = _staged(tmp_path / "again", "x")
    (tmp_path / "again" / "staged" / "_generated" / "annex.md").unlink()
    assert guard.main(args) == 2
    assert "_generated/annex.md does not exist: the render writes it" in capsys.readouterr().err
