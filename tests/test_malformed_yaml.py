"""Malformed YAML stops the build in one line naming its file and line (issue 25, M5).

A typo in ``_quarto.yml``, a profile's file or a manuscript's front matter gave a Python traceback
with no file name, or pandoc's count of lines in a YAML block it made itself."""
from __future__ import annotations

import pytest
from test_render import EDITIONS, write_project

from pipeline import language
from pipeline.paper.render import RenderError, render

BROKEN = {
    "_quarto.yml": ("project:\n  type: default\nformat:\n  html: [toc\n", r"_quarto\.yml:5:1: not valid YAML: "
                    r"expected ',' or '\]'.*\(while parsing a flow sequence opened at line 4\)"),
    "_quarto-meeting.yml": ('subtitle: "As of 30 November 2015\ndate: x\n',
                            r"_quarto-meeting\.yml:3:1: not valid YAML: .*quoted scalar opened at line 1\)"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_malformed_project_file_is_named_with_its_line(tmp_path, name):
    paper = write_project(tmp_path / "paper", EDITIONS)
    text, expected = BROKEN[name]
    (paper / name).write_text(text, encoding="utf-8")
    with pytest.raises(RenderError, match=expected) as refused:
        render(paper, tmp_path / "out", ("html",), engine="pandoc", profiles=["meeting"])
    assert "\n" not in str(refused.value) and "Traceback" not in str(refused.value)


def test_malformed_front_matter_is_named_with_its_line_in_the_manuscript(tmp_path):
    paper = write_project(tmp_path / "paper", '---\ntitle: "Payloads\nlang: en\n---\n\nText.\n')
    with pytest.raises(RenderError, match=r"index\.qmd:\d+:1: not valid YAML: .*quoted scalar opened at line 2\)"):
        render(paper, tmp_path / "out", ("html",), engine="pandoc", profiles=["meeting"])


@pytest.mark.parametrize(("folder", "reader"), [("LABELS", language.catalogue), ("LOCALES", language.locale)])
def test_a_malformed_catalogue_or_locale_record_is_named_with_its_line(tmp_path, monkeypatch, folder, reader):
    (tmp_path / "en.yml").write_text("name: English\nwords: {and: and\n", encoding="utf-8")
    monkeypatch.setattr(language, folder, tmp_path)
    for cached in (language._catalogue, language._locale):
        cached.cache_clear()
    try:
        with pytest.raises(language.LanguageError, match=r"en\.yml:3:1: not valid YAML: .*opened at line 2\)"):
            reader("en")
    finally:
        for cached in (language._catalogue, language._locale):
            cached.cache_clear()
