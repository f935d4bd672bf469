"""Manuscript structure errors stop the build with their file and line (issue 25, H2 and H3).

An unclosed ``:::`` (pandoc closes it at the end of the file: the technical note lost its claims
check and references, the paper landed inside a Note box), a misspelt class
(``.content-visble``: an update-only sentence printed in the meeting paper) and a profile the
project does not have (``when-profile="updates"``: "What changed since 2015" dropped from the
update) each rendered without a word. Each now stops the render, whichever renderer runs.
"""
from __future__ import annotations

import pytest
from test_render import EDITIONS, write_project

from pipeline import paths
from pipeline.paper import manuscript, structure
from pipeline.paper.render import RenderError, render


def _refused(tmp_path, index: str, expected: str) -> str:
    paper = write_project(tmp_path / "paper", index)
    with pytest.raises(RenderError) as caught:
        render(paper, tmp_path / "out", ("html",), engine="pandoc", profiles=["meeting"])
    assert expected in str(caught.value)
    assert not (tmp_path / "out" / "background-paper.html").exists()
    return str(caught.value)


def test_an_unclosed_div_stops_the_render_naming_its_file_and_line(tmp_path):
    unclosed = EDITIONS.replace("Only in the update, see @sec-trends.\n:::\n", "Only in the update, see @sec-trends.\n")
    message = _refused(tmp_path, unclosed, "index.qmd:10:1: this div (:::) is never closed")
    assert "close it with a line ':::'" in message


def test_an_unclosed_div_in_an_included_file_names_that_file(tmp_path):
    paper = write_project(tmp_path / "paper", EDITIONS + "\n{{< include _part.md >}}\n")
    (paper / "_part.md").write_text("Text.\n\n::: {.callout-note}\nA note that never ends.\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"_part\.md:3:1: this div \(:::\) is never closed"):
        render(paper, tmp_path / "out", ("html",), engine="pandoc", profiles=["meeting"])


def test_a_misspelt_conditional_span_stops_the_render_naming_its_place(tmp_path):
    misspelt = EDITIONS.replace("[Only at the meeting.]{.content-visible", "[Only at the meeting.]{.content-visble")
    _refused(tmp_path, misspelt, "index.qmd:7:15: the span class .content-visble is not one the paper renders")


def test_a_div_class_neither_renderer_knows_stops_the_render(tmp_path):
    unknown = EDITIONS.replace('::: {.content-visible when-profile="update"}', "::: {.column-margin}")
    _refused(tmp_path, unknown, "index.qmd:10:1: the div class .column-margin is not one the paper renders")


def test_a_profile_the_project_does_not_have_stops_the_render(tmp_path):
    wrong = EDITIONS.replace('::: {.content-visible when-profile="update"}',
                             '::: {.content-visible when-profile="updates"}')
    _refused(tmp_path, wrong, 'index.qmd:10:1: when-profile="updates" names no profile of the project '
                              "(meeting, update)")


def test_the_project_s_statements_are_allowed_on_spans_and_divs(tmp_path):
    allowed = EDITIONS + ('\n[The route is first.]{.statement check="x"}\n\n::: {.qualitative}\nA view.\n:::\n')
    paper = write_project(tmp_path / "paper", allowed)
    html = render(paper, tmp_path / "out", ("html",), engine="pandoc", profiles=["meeting"]).outputs["html"]
    assert "The route is first." in html.read_text(encoding="utf-8")


def test_the_paper_s_manuscripts_are_well_formed():
    for name in ("index.qmd", "index-fr.qmd", "technical-note.qmd"):
        read = manuscript.read(paths.PAPER / name, project=False)
        assert structure.problems(read, structure.profiles(paths.PAPER)) == [], name


def test_the_project_s_profiles_are_its_profile_files_and_its_group():
    assert structure.profiles(paths.PAPER) == {"meeting", "update"}


def test_an_include_outside_the_paper_folder_stops_the_render_naming_its_place(tmp_path):
    """Issue 25: a file outside the project is not staged (the staging failed with a traceback)."""
    (tmp_path / "outside.md").write_text("Outside.\n", encoding="utf-8")
    _refused(tmp_path, EDITIONS + "\n{{< include ../outside.md >}}\n",
             "index.qmd:26:1: {{< include ../outside.md >}} names ")


def test_a_missing_include_stops_the_render_naming_its_place(tmp_path):
    _refused(tmp_path, EDITIONS + "\n{{< include _gone.md >}}\n", "index.qmd:26:1: {{< include _gone.md >}}: ")
