"""The one reader of the manuscript: what pandoc reads, and where each piece is written
(pipeline/paper/manuscript.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.paper import manuscript

SOURCE = """\
---
title: "Trafficking in 2015"
subtitle: A paper
author:
  - name: External expert
    affiliation: Rabat Process
abstract-title: "Key messages"
abstract: |
  1. First message.
  2. Second message, with {{< var a.b >}}.
---

# Introduction {#sec-intro}

The first paragraph cites [see @unodc-2014, p. 38] and @fig-x.^[An inline note
with 53% in it.] Then it goes on.

Second paragraph.[^long]

| Route | Crossings |
|---|---|
| Central | {{< var frontex.central >}} of 1022 |

: Crossings by route {#tbl-routes}

[^long]: A note defined later,
    with words on its second line.

![A caption](figures/x){#fig-x fig-alt="Alt text with 12 words"}

::: {.content-visible when-profile="update"}
Only in the update, [a statement]{.statement holds="x > 1"}.
:::

A `code span` and an unclosed ` backtick, then 170,664 in prose.

```
{{< var in.code >}} 53%
```
"""


@pytest.fixture(scope="module")
def document() -> manuscript.Document:
    return manuscript.parse(SOURCE, Path("paper/index.qmd"))


def _text(document: manuscript.Document, starts: str) -> manuscript.Text:
    return next(text for text in document.texts if text.text.startswith(starts))


def _line_of(words: str) -> int:
    return next(n for n, line in enumerate(SOURCE.splitlines(), start=1) if words in line)


def test_the_front_matter_is_parsed_by_pandoc_and_its_prose_is_read_with_its_lines(document):
    assert document.metadata["title"] == "Trafficking in 2015"
    assert document.metadata["author"] == [{"name": "External expert", "affiliation": "Rabat Process"}]
    kinds = {text.kind: text for text in document.texts}
    for kind, line in (("title", 2), ("subtitle", 3), ("author", 5), ("affiliation", 6),
                       ("abstract-title", 7)):
        assert kinds[kind].place().line == line, kind
    second = _text(document, "Second message")
    assert (second.kind, second.place().line) == ("abstract", 10)


def test_every_text_the_reader_sees_is_read_in_document_order_with_its_kind(document):
    kinds = [(text.kind, text.text[:12]) for text in document.texts if text.kind not in (
        "title", "subtitle", "author", "affiliation", "abstract-title", "abstract")]
    assert kinds == [("heading", "Introduction"), ("body", "The first pa"), ("footnote", "An inline no"),
                     ("body", "Second parag"), ("footnote", "A note defin"), ("cell", "Route"),
                     ("cell", "Crossings"), ("cell", "Central"), ("cell", "{{< var fron"),
                     ("caption", "Crossings by"), ("caption", "A caption"), ("alt", "Alt text wit"),
                     ("body", "Only in the "), ("body", "A code span ")]


def test_a_footnote_is_placed_where_it_is_written_inline_or_at_its_definition(document):
    inline = _text(document, "An inline note")
    assert inline.place(inline.text.index("53%")).line == _line_of("with 53% in it")
    defined = _text(document, "A note defined later")
    assert defined.place(defined.text.index("second line")).line == _line_of("with words on its second")


def test_a_table_cell_and_a_line_with_a_variable_are_placed_to_the_column(document):
    cell = _text(document, "{{< var frontex.central >}}")
    place = cell.place(cell.text.index("1022"))
    line = SOURCE.splitlines()[place.line - 1]
    assert line.startswith("| Central |") and line[place.column - 1:].startswith("1022")
    [mark] = cell.marked("shortcode")
    assert (mark.name, mark.argument, cell.text[mark.start:mark.end]) == (
        "var", "frontex.central", "{{< var frontex.central >}}")


def test_an_included_file_is_read_as_its_own_text_with_its_own_lines(tmp_path):
    (tmp_path / "_parts").mkdir()
    (tmp_path / "_parts/_one.md").write_text("Included.\n\nIts second paragraph has 53%.\n")
    (tmp_path / "index.qmd").write_text("Text.\n\n{{< include _parts/_one.md >}}\n\n"
                                        "{{< include _generated/annex.md >}}\n")
    read = manuscript.read(tmp_path / "index.qmd")
    [one, annex] = read.includes
    assert (one.target, one.generated, annex.generated, annex.missing) == ("_parts/_one.md", False, True, False)
    assert one.place.line == 3
    included = _text(read.documents[1], "Its second")
    assert (included.file.name, included.place().line) == ("_one.md", 3)


def test_shortcodes_citations_and_cross_references_are_marked_where_they_are(document):
    body = _text(document, "The first paragraph")
    marks = [(mark.kind, mark.name) for mark in body.marks]
    assert marks == [("citation", "unodc-2014"), ("crossref", "fig-x")]
    assert "see @unodc-2014, p.\u00a038" in body.text
    shortcodes = [(code.name, code.argument, code.prose) for code in document.shortcodes]
    assert shortcodes == [("var", "a.b", True), ("var", "frontex.central", True), ("var", "in.code", False)]


def test_divs_and_spans_are_read_with_their_classes_and_attributes(document):
    div = next(e for e in document.elements if e.kind == "div")
    span = next(e for e in document.elements if e.kind == "span")
    assert (div.classes, div.attributes, div.place.line) == (
        ("content-visible",), (("when-profile", "update"),), _line_of("::: {.content-visible"))
    assert (span.classes, span.attribute("holds"), span.text) == (("statement",), "x > 1", "a statement")
    inside = _text(document, "Only in the update")
    assert inside.within == (div,)
    [marked] = inside.marked("span")
    assert inside.text[marked.start:marked.end] == "a statement" and marked.element == span


def test_figures_tables_and_headings_are_elements_with_their_identifiers(document):
    elements = [(e.kind, e.identifier, e.target) for e in document.elements if e.kind in ("heading", "figure", "table")]
    assert elements == [("heading", "sec-intro", ""), ("table", "tbl-routes", ""),
                        ("figure", "fig-x", "figures/x")]
    heading = document.elements[0]
    assert (heading.written, heading.place.line) == ("#sec-intro", _line_of("# Introduction"))


def test_code_is_what_pandoc_says_so_an_unclosed_backtick_swallows_no_prose(document):
    text = _text(document, "A code span")
    [code] = text.marked("code")
    assert text.text[code.start:code.end] == "code span"
    assert "` backtick, then 170,664 in prose" in text.text  # a lone backtick is a character
    assert not any("in.code" in t.text for t in document.texts)  # a code block is not prose
    [block] = [e for e in document.elements if e.kind == "code"]
    assert block.text == "{{< var in.code >}} 53%"


def test_a_project_s_metadata_files_are_read_like_front_matter(tmp_path):
    (tmp_path / "index.qmd").write_text("Text.\n")
    (tmp_path / "_quarto.yml").write_text("project:\n  type: default\nlang: en-GB\n")
    (tmp_path / "_quarto-update.yml").write_text("# the update\nsubtitle: \"With 843,937 arrivals\"\n")
    read = manuscript.read(tmp_path / "index.qmd")
    [subtitle] = [text for text in read.texts if text.kind == "subtitle"]
    assert (subtitle.text, subtitle.file.name, subtitle.place().line) == (
        "With 843,937 arrivals", "_quarto-update.yml", 2)
    assert read.project[0].metadata["lang"] == "en-GB"


def test_a_manuscript_pandoc_cannot_read_is_one_line_naming_it(tmp_path):
    broken = tmp_path / "index.qmd"
    broken.write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    with pytest.raises(manuscript.ManuscriptError, match=r"index\.qmd: pandoc cannot read it"):
        manuscript.read_file(broken)


def test_an_edition_reads_only_the_conditional_content_its_profiles_show(tmp_path):
    source = ('Both.\n\n::: {.content-visible when-profile="update"}\nUpdate {{< var a.b >}}.\n:::\n\n'
              '::: {.content-hidden when-profile="update"}\n'
              'Meeting [only]{.content-visible unless-profile="meeting"}.\n:::\n')

    def read(profiles):
        document = manuscript.parse(source, tmp_path / "x.qmd", profiles)
        return [text.text for text in document.texts], {code.argument for code in document.shortcodes}

    assert read(frozenset({"update"})) == (["Both.", "Update {{< var a.b >}}."], {"a.b"})
    assert read(frozenset({"meeting"})) == (["Both.", "Meeting ."], set())
    assert read(None) == (["Both.", "Update {{< var a.b >}}.", "Meeting only."], {"a.b"})  # as written
