"""The renderer, on a small sample manuscript written into tmp_path.

The sample uses every Quarto feature the fallback supports (docs/rendering-fallback.md), so these tests
pin the fallback's promises: included files, numbered and linked cross-references, variables everywhere,
citations with access dates, a self-contained HTML file, a PDF, and loud failures that leave
earlier outputs alone. Quarto itself is not installed here; its branch runs against a stub.
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import struct
import time
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2
import pytest

from pipeline import paths
from pipeline.analysis import variables
from pipeline.analysis.variables import KeyFigure
from pipeline.paper.render import DEFAULT_EPOCH, RenderError, render, source_date_epoch

INDEX = """\
---
title: "Trafficking in {{< var region.name >}}"
subtitle: A background paper
author:
  - name: Ada Author
    affiliation: Research Unit
  - Bea Writer
date: 2015-05-26
abstract: |
  We count {{< var victims.total >}} detected victims.
bibliography: references.bib
csl: harvard-cite-them-right.csl
---

## Introduction {#sec-intro}

In {{< var year >}} there were {{< var victims.total >}} victims, see @fig-trend, @fig-map
and @tbl-victims; the method is in @sec-sources and the data in [Annex A](#sec-annex) [@iom2015].

::: {.callout-note}
## Scope
Only detected victims are counted.
:::

## Method {#sec-method}

### Sources {#sec-sources}

See [the {{< var region.name >}} register](#sec-intro) and panel [-@fig-map].

![Victims detected per year, {{< var region.name >}}](trend.svg){#fig-trend fig-alt="Line rising from 2010 to 2014" width=80%}

![Map of origin countries](map.png){#fig-map fig-alt="Coloured map" width=40%}

| Region | Victims |
|:-------|--------:|
| {{< var region.name >}} | {{< var victims.total >}} |
| Elsewhere | 1,234 |

: Victims by region in {{< var year >}} {#tbl-victims}

## References {.unnumbered}

::: {#refs}
:::

## Annex A. Data annex {#sec-annex .unnumbered}

### Variables {#sec-vars .unnumbered}

As @tbl-annex and [the variables](#sec-vars) show, nothing else.

{{< include _annex/_table.md >}}
"""  # noqa: E501 (a figure of the manuscript is one line)

# Included by INDEX; it includes a file of its own folder in turn.
ANNEX_TABLE = """\
The register counts {{< var victims.total >}} victims (@tbl-annex).

{{< include _note.md >}}

| Year | Victims |
|-----:|--------:|
| {{< var year >}} | {{< var victims.total >}} |

: Victims in the annex, {{< var region.name >}} {#tbl-annex}
"""

ANNEX_NOTE = "Each victim is counted once.\n"

VARIABLES = """\
year: "2015"
region:
  name: West Africa
victims:
  total: "63,251"
"""

BIB = """\
@online{iom2015,
  author = {{International Organization for Migration}},
  title = {World Migration Report 2015},
  year = {2015},
  url = {https://publications.iom.int/wmr2015},
  urldate = {2024-03-05}
}
"""

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
<polyline points="10,190 100,150 200,120 300,60 390,10" fill="none" stroke="#1d4f91" stroke-width="4"/>
</svg>
"""


def png(width: int = 8, height: int = 4) -> bytes:
    """A tiny valid RGB PNG, written without an imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes([200, 80, 40]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def write_sample(folder: Path, index: str = INDEX) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.qmd").write_text(index, encoding="utf-8")
    (folder / "_variables.yml").write_text(VARIABLES, encoding="utf-8")
    (folder / "references.bib").write_text(BIB, encoding="utf-8")
    (folder / "trend.svg").write_text(SVG, encoding="utf-8")
    (folder / "map.png").write_bytes(png())
    (folder / "_annex").mkdir(exist_ok=True)
    (folder / "_annex" / "_table.md").write_text(ANNEX_TABLE, encoding="utf-8")
    (folder / "_annex" / "_note.md").write_text(ANNEX_NOTE, encoding="utf-8")
    shutil.copy(paths.PAPER / "harvard-cite-them-right.csl", folder)
    return folder


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    paper = write_sample(tmp_path_factory.mktemp("paper"))
    result = render(paper, paper / "_output", engine="pandoc")
    return result


@pytest.fixture(scope="module")
def html(rendered) -> str:
    return rendered.outputs["html"].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def html_text(html) -> str:
    """The visible text, whitespace collapsed."""
    text = re.sub(r"<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", text)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_fallback_names_pandoc_and_typst_and_writes_both_formats(rendered):
    assert rendered.renderer.startswith("pandoc ")
    assert "+ typst " in rendered.renderer and "Quarto subset" in rendered.renderer
    assert set(rendered.outputs) == {"html", "pdf"}
    assert rendered.outputs["html"].name == "background-paper.html"
    assert rendered.outputs["pdf"].name == "background-paper.pdf"


def test_cross_references_are_numbered_links_in_document_order(html, html_text):
    for text, anchor in [("Figure 1", "fig-trend"), ("Figure 2", "fig-map"), ("Table 1", "tbl-victims"),
                         ("Section 2.1", "sec-sources"), ("Annex A", "sec-annex"),
                         ("the variables", "sec-vars"), ("Table 2", "tbl-annex")]:
        assert re.search(rf'<a href="#{anchor}"[^>]*>{text}</a>', html), text
        assert f'id="{anchor}"' in html
    assert re.search(r'panel <a href="#fig-map"[^>]*>2</a>', html)  # [-@fig-map]
    assert "Figure 1: Victims detected per year, West Africa" in html_text
    assert "Table 1: Victims by region in 2015" in html_text


def test_included_files_get_variables_cross_references_and_table_numbers(html, html_text):
    assert re.search(r'counts 63,251 victims \(<a href="#tbl-annex"[^>]*>Table 2</a>\)', html)
    assert "Table 2: Victims in the annex, West Africa" in html_text
    assert re.search(r'As <a href="#tbl-annex"[^>]*>Table 2</a> and', html)  # from index.qmd
    assert re.search(r"<td[^>]*>2015</td>\s*<td[^>]*>63,251</td>", html)
    # The nested include, resolved from the including file's folder, comes before the table.
    assert html_text.index("Each victim is counted once.") < html_text.index("Table 2: Victims")


def test_a_missing_include_fails_naming_the_file_and_keeps_earlier_output(tmp_path):
    broken = INDEX.replace("_annex/_table.md", "_annex/_gone.md")
    error = _broken_render_keeps_earlier_output(tmp_path, broken, "_annex/_gone.md")
    assert "does not exist" in str(error)


def test_an_include_inside_a_paragraph_or_in_a_cycle_fails(tmp_path):
    inline = INDEX.replace("nothing else.\n\n{{< include", "nothing else. {{< include")
    paper = write_sample(tmp_path / "a", inline)
    with pytest.raises(RenderError, match="must stand alone in its own paragraph"):
        render(paper, tmp_path / "out", formats=("html",), engine="pandoc")
    paper = write_sample(tmp_path / "b")
    (paper / "_annex" / "_note.md").write_text("{{< include /_annex/_table.md >}}\n", encoding="utf-8")
    with pytest.raises(RenderError, match="already being included"):
        render(paper, tmp_path / "out", formats=("html",), engine="pandoc")


def test_section_numbers_match_the_headings_and_an_annex_carries_its_own_letter(html, html_text):
    assert re.search(r'id="sec-sources"><span class="header-section-number">2.1</span>', html)
    assert re.search(r'id="sec-annex"[^>]*>Annex A. Data annex<', html)
    assert ">Appendices<" not in html


def test_the_references_come_before_the_annexes(html_text):
    assert html_text.index("Accessed: 5 March 2024") < html_text.rindex("Annex A. Data annex")


def test_an_appendix_class_is_refused_as_quarto_numbers_it_as_a_section(tmp_path):
    broken = INDEX.replace("## Annex A. Data annex {#sec-annex .unnumbered}", "## Data annex {#sec-annex .appendix}")
    error = _broken_render_keeps_earlier_output(tmp_path, broken, "is .appendix, which Quarto numbers as a section")
    assert "[Annex A](#sec-x)" in str(error)


def test_variables_are_replaced_in_text_title_captions_cells_and_link_text(html, html_text):
    assert "Trafficking in West Africa" in html_text  # title
    assert "We count 63,251 detected victims" in html_text  # abstract
    assert "In 2015 there were 63,251 victims" in html_text
    assert re.search(r"<td[^>]*>West Africa</td>\s*<td[^>]*>63,251</td>", html)
    assert re.search(r'<a href="#sec-intro">the West Africa register</a>', html)


def test_no_unresolved_quarto_syntax_is_left(html):
    for leftover in ("??", "{{<", ">}}", "?@", "@fig-", "@tbl-", "@sec-", "?var:"):
        assert leftover not in html, leftover


def test_citations_render_with_access_dates(html_text):
    assert "(International Organization for Migration, 2015)" in html_text
    assert "(Accessed: 5 March 2024)" in html_text


def test_title_block_shows_authors_affiliation_date_and_abstract(html_text):
    for text in ("A background paper", "Ada Author", "Research Unit", "Bea Writer", "2015-05-26", "Abstract"):
        assert text in html_text


def test_html_is_self_contained(html):
    found = tags(html)
    images = [attrs for tag, attrs in found if tag == "img"]
    assert len(images) == 2
    assert all(attrs["src"].startswith("data:image/") for attrs in images)
    assert {attrs["alt"] for attrs in images} == {"Line rising from 2010 to 2014", "Coloured map"}
    for tag, attrs in found:
        if tag in ("link", "script", "img", "iframe", "source", "use"):
            for key in ("src", "href"):
                assert not re.match(r"\s*(https?:)?//", attrs.get(key) or ""), (tag, attrs)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html)
    assert "<style>" in html and "table-wrap" in html  # our CSS, inline


def test_callout_is_a_titled_box(html):
    assert re.search(r'class="callout callout-note".*?<strong>Scope</strong>.*?Only detected victims',
                     html, flags=re.S)


def test_pdf_has_the_expected_pages_and_text(rendered):
    pdf_path = rendered.outputs["pdf"]
    assert pdf_path.read_bytes().startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(pdf_path)
    try:
        assert len(pdf) == 2
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    text = re.sub(r"\s+", " ", text)
    for expected in ("Trafficking in West Africa", "Figure 1: Victims detected per year",
                     "Figure 2: Map of origin countries", "Table 1: Victims by region in 2015",
                     "Section 2.1", "Annex A. Data annex", "63,251", "Accessed: 5 March 2024"):
        assert expected in text, expected
    assert "{{<" not in text and "??" not in text


def _broken_render_keeps_earlier_output(tmp_path, broken_index: str, expected_message: str):
    paper = write_sample(tmp_path / "paper")
    out = tmp_path / "out"
    render(paper, out, formats=("html",), engine="pandoc")
    good = (out / "background-paper.html").read_bytes()
    (paper / "index.qmd").write_text(broken_index, encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render(paper, out, engine="pandoc")
    assert expected_message in str(caught.value)
    assert (out / "background-paper.html").read_bytes() == good
    assert sorted(p.name for p in out.iterdir()) == ["background-paper.html"]  # no temp files
    return caught.value


def test_unknown_variable_fails_naming_it_and_keeps_earlier_output(tmp_path):
    broken = INDEX.replace("{{< var year >}} there", "{{< var victims.missing >}} there")
    error = _broken_render_keeps_earlier_output(tmp_path, broken, "victims.missing")
    assert "unknown variable" in str(error)


def test_unknown_cross_reference_fails_naming_it_and_keeps_earlier_output(tmp_path):
    broken = INDEX.replace("see @fig-trend,", "see @fig-nowhere,")
    error = _broken_render_keeps_earlier_output(tmp_path, broken, "@fig-nowhere")
    assert "unknown cross-reference" in str(error)


def test_unknown_shortcode_and_unknown_citation_fail(tmp_path):
    paper = write_sample(tmp_path / "a", INDEX.replace("## Method", "{{< pagebreak >}}\n\n## Method"))
    with pytest.raises(RenderError, match="pagebreak"):
        render(paper, tmp_path / "out", formats=("html",), engine="pandoc")
    paper = write_sample(tmp_path / "b", INDEX.replace("[@iom2015]", "[@nobody2020]"))
    with pytest.raises(RenderError, match="nobody2020"):
        render(paper, tmp_path / "out", formats=("html",), engine="pandoc")


def test_quarto_is_used_when_on_path(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    quarto = bin_dir / "quarto"
    real = render(write_sample(tmp_path / "real"), tmp_path / "real-out", engine="pandoc").outputs
    quarto.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--version" ]; then echo 1.6.40; exit 0; fi\n'
        # Quarto names its outputs after the manuscript, in the project's output folder.
        'mkdir -p _output && echo "<html>quarto</html>" > _output/index.html\n'
        f'cp {real["pdf"]} _output/index.pdf\n'
    )
    quarto.chmod(quarto.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    paper = write_sample(tmp_path / "paper")
    out = tmp_path / "out"
    result = render(paper, out)
    assert result.renderer == "quarto 1.6.40"
    assert result.outputs["html"].read_text() == "<html>quarto</html>\n"
    assert result.outputs["pdf"] == out / "background-paper.pdf"
    assert render(paper, out, formats=("html",), engine="pandoc").renderer.startswith("pandoc")


def _generated_variables(paper: Path) -> Path:
    """The sample's variables as the key-figures notebook writes them, with their provenance."""
    figures = [KeyFigure(key, 0.0, text, [], "t", "f", code=text) for key, text in (
        ("year", "2015"), ("region.name", "West Africa"), ("victims.total", "63,251"))]
    return variables.write_yaml({f.key: f for f in figures}, "en", paper / "_variables.yml")


def test_a_hand_edited_variables_file_is_not_rendered_and_the_error_names_the_key(tmp_path):
    paper = write_sample(tmp_path / "paper")
    generated = _generated_variables(paper)
    out = tmp_path / "out"
    render(paper, out, formats=("html",), engine="pandoc")
    good = (out / "background-paper.html").read_bytes()
    generated.write_text(generated.read_text(encoding="utf-8").replace("63,251", "64,000"), encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render(paper, out, engine="pandoc")
    message = str(caught.value)
    assert "\n" not in message
    assert "victims.total is '64,000' but" in message and "records '63,251'" in message
    assert "run `make paper`" in message
    assert (out / "background-paper.html").read_bytes() == good


def test_a_key_added_by_hand_or_a_missing_provenance_file_is_not_rendered(tmp_path):
    paper = write_sample(tmp_path / "paper")
    generated = _generated_variables(paper)
    generated.write_text(generated.read_text(encoding="utf-8") + "extra: '12%'\n", encoding="utf-8")
    with pytest.raises(RenderError, match="extra is '12%' but .* records no such key figure"):
        render(paper, tmp_path / "out", formats=("html",), engine="pandoc")
    variables.provenance_path(generated).unlink()
    with pytest.raises(RenderError, match="does not exist"):
        render(paper, tmp_path / "out", formats=("html",), engine="pandoc")


@pytest.mark.parametrize("div", ["column-margin", "panel-tabset", "callout-aside", "callout-note .column-margin"])
def test_a_div_class_the_fallback_does_not_support_stops_the_render_naming_it(tmp_path, div):
    broken = INDEX.replace("::: {.callout-note}", f"::: {{.{div}}}")
    error = _broken_render_keeps_earlier_output(tmp_path, broken, "is not supported by the fallback renderer")
    assert f"::: {{.{div.split()[-1].lstrip('.')}}}" in str(error)
    assert "{.callout-note}, {.callout-tip}, {.callout-warning}" in str(error)


def test_two_renders_of_the_same_inputs_in_two_folders_are_identical_to_the_bit(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    outputs = []
    for copy in ("first", "second"):
        paper = write_sample(tmp_path / copy / "paper")
        outputs.append(render(paper, tmp_path / copy / "out", engine="pandoc").outputs)
        time.sleep(1.1)  # a clock-dated PDF would differ by now
    for fmt in ("html", "pdf"):
        assert outputs[0][fmt].read_bytes() == outputs[1][fmt].read_bytes(), fmt
    assert b"/CreationDate(D:20150526000000Z)" in outputs[0]["pdf"].read_bytes()  # date: 2015-05-26


def test_the_timestamp_comes_from_source_date_epoch_else_the_manuscripts_date(tmp_path, monkeypatch):
    paper = write_sample(tmp_path / "paper")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1449100800")
    assert source_date_epoch(paper) == 1449100800
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date_epoch(paper) == 1432598400  # 2015-05-26
    (paper / "index.qmd").write_text(INDEX.replace("date: 2015-05-26", 'date: "2015-11"'))
    assert source_date_epoch(paper) == 1446336000  # 2015-11-01
    (paper / "index.qmd").write_text(INDEX.replace("date: 2015-05-26", "date: today"))
    assert source_date_epoch(paper) == DEFAULT_EPOCH


# --- Editions and languages: Quarto's profiles, conditional content, lang, date-format, docx --

PROJECT = """\
project:
  type: default
profile:
  group:
    - [meeting, update]
lang: en-GB
date-format: "MMMM YYYY"
toc: true
format:
  html:
    embed-resources: true
    default-image-extension: svg
  docx:
    toc: false
    default-image-extension: png
"""

EDITIONS = """\
---
title: Editions
---

# Trends {#sec-trends}

Common text. [Only at the meeting.]{.content-visible when-profile="meeting"}
[Not in the update.]{.content-hidden when-profile="update"}

::: {.content-visible when-profile="update"}
## Since then {#sec-since}

Only in the update, see @sec-trends.
:::

![A trend](trend){#fig-trend}

| A | B |
|---|---|
| 1 | 2 |

: A table {#tbl-a}

Text with a note.^[A footnote.] See @fig-trend and @tbl-a.
"""


def write_project(folder: Path, index: str = EDITIONS) -> Path:
    """A Quarto project with two profiles, as each edition's staged project is."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.qmd").write_text(index, encoding="utf-8")
    (folder / "_quarto.yml").write_text(PROJECT, encoding="utf-8")
    (folder / "_quarto-meeting.yml").write_text('subtitle: "For the meeting"\n', encoding="utf-8")
    (folder / "_quarto-update.yml").write_text('subtitle: "The update"\n', encoding="utf-8")
    (folder / "trend.svg").write_text(SVG, encoding="utf-8")
    (folder / "trend.png").write_bytes(png())
    return folder


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<style.*?</style>|<[^>]+>", " ", path.read_text(encoding="utf-8"), flags=re.S))


def test_each_profile_shows_its_own_content_subtitle_and_date(tmp_path):
    paper = write_project(tmp_path / "paper")
    meeting = render(paper, tmp_path / "m", ("html",), engine="pandoc", profiles=["meeting"],
                     metadata={"date": "2015-11-30"}).outputs["html"]
    update = render(paper, tmp_path / "u", ("html",), engine="pandoc", profiles=["update"],
                    metadata={"date": "2026-12-01"}).outputs["html"]
    seen = _text(meeting)
    assert "Only at the meeting." in seen and "Not in the update." in seen
    assert "Only in the update" not in seen and "Since then" not in seen
    assert "For the meeting" in seen and "November 2015" in seen
    seen = _text(update)
    assert "Only in the update, see Section 1" in seen and "Since then" in seen
    assert "Only at the meeting." not in seen and "Not in the update." not in seen
    assert "The update" in seen and "December 2026" in seen


def test_a_condition_other_than_a_profile_stops_the_render_naming_it(tmp_path):
    paper = write_project(tmp_path / "paper", EDITIONS.replace('when-profile="meeting"', 'when-format="html"'))
    with pytest.raises(RenderError, match="when-format='html' is not supported by the fallback renderer"):
        render(paper, tmp_path / "out", ("html",), engine="pandoc", profiles=["meeting"])


def test_a_profile_without_its_file_is_refused(tmp_path):
    paper = write_project(tmp_path / "paper")
    with pytest.raises(RenderError, match="no profile 'draft'"):
        render(paper, tmp_path / "out", ("html",), engine="pandoc", profiles=["draft"])


def test_a_french_document_numbers_tables_and_dates_in_french(tmp_path):
    french = EDITIONS.replace("title: Editions\n",
                              'title: Éditions\nlang: fr\nlanguage:\n  toc-title-document: "Sommaire"\n')
    paper = write_project(tmp_path / "paper", french)
    seen = _text(render(paper, tmp_path / "out", ("html",), engine="pandoc", profiles=["meeting"],
                        metadata={"date": "2015-11-30"}).outputs["html"])
    assert "Tableau 1" in seen and "Figure 1" in seen and "Sommaire" in seen
    assert "novembre 2015" in seen and "Table 1" not in seen


def test_a_date_format_the_fallback_cannot_write_is_refused(tmp_path):
    paper = write_project(tmp_path / "paper")
    (paper / "_quarto.yml").write_text(PROJECT.replace('"MMMM YYYY"', '"DD/MM/YY"'), encoding="utf-8")
    with pytest.raises(RenderError, match="date-format 'DD/MM/YY' is not supported"):
        render(paper, tmp_path / "out", ("html",), engine="pandoc", metadata={"date": "2015-11-30"})


def test_the_docx_holds_the_png_figure_real_footnotes_and_the_edition_s_date(tmp_path):
    import zipfile

    paper = write_project(tmp_path / "paper")
    docx = render(paper, tmp_path / "out", ("docx",), engine="pandoc", profiles=["meeting"],
                  metadata={"date": "2015-11-30"}).outputs["docx"]
    with zipfile.ZipFile(docx) as archive:
        names = archive.namelist()
        assert "A footnote." in archive.read("word/footnotes.xml").decode("utf-8")
        assert {info.date_time for info in archive.infolist()} == {(2015, 11, 30, 0, 0, 0)}
        # the document's own creation date is the edition's, not the clock's
        assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2015-11-30T00:00:00Z" in \
            archive.read("docProps/core.xml").decode("utf-8")
    assert any(name.startswith("word/media/") and name.endswith(".png") for name in names)
    # the same inputs in another folder give the same bytes (no absolute path is recorded)
    elsewhere = write_project(tmp_path / "elsewhere" / "paper")
    again = render(elsewhere, tmp_path / "out2", ("docx",), engine="pandoc", profiles=["meeting"],
                   metadata={"date": "2015-11-30"}).outputs["docx"]
    assert again.read_bytes() == docx.read_bytes()


def test_a_quoted_title_that_ends_in_a_parenthesis_closes_with_a_closing_quote_in_the_pdf(tmp_path):
    """Typst's smart quotes would turn the closing mark after ")" into an opening one: the
    project's post-render filter (paper/filters/typst-quotes.lua) writes the marks itself."""
    paper = write_project(tmp_path / "paper", EDITIONS.replace(
        "title: Editions\n", "title: Editions\nbibliography: refs.bib\ncsl: footnote-citations.csl\n")
        + "\nCited.^[@data.]\n\n# References {.unnumbered}\n\n::: {#refs}\n:::\n")
    (paper / "refs.bib").write_text("@dataset{data,\n  author = {{UNODC}},\n  title = {{Victims, by year "
                                    "(export of 2025)}},\n  year = {2025},\n  url = {https://x.org}\n}\n")
    shutil.copy(paths.PAPER / "footnote-citations.csl", paper)
    (paper / "filters").mkdir()
    shutil.copy(paths.PAPER / "filters" / "typst-quotes.lua", paper / "filters")
    (paper / "_quarto.yml").write_text(PROJECT + "  typst:\n    default-image-extension: svg\n"
                                                 "    filters:\n      - path: filters/typst-quotes.lua\n"
                                                 "        at: post-render\n", encoding="utf-8")
    pdf = render(paper, tmp_path / "out", ("pdf",), engine="pandoc", profiles=["meeting"]).outputs["pdf"]
    document = pypdfium2.PdfDocument(pdf)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "(export of 2025)’" in text and "(export of 2025)‘" not in text


def test_a_filter_the_fallback_cannot_run_where_quarto_would_is_refused(tmp_path):
    paper = write_project(tmp_path / "paper")
    (paper / "_quarto.yml").write_text(PROJECT + "  typst:\n    filters:\n      - path: x.lua\n        at: pre-ast\n",
                                       encoding="utf-8")
    with pytest.raises(RenderError, match="runs Lua filters of the project at post-render only"):
        render(paper, tmp_path / "out", ("pdf",), engine="pandoc")


# --- Quarto and the fallback read the same settings (issue 23) --------------------------------

def _pdf_pages(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(path)
    try:
        return [re.sub(r"\s+", " ", document[i].get_textpage().get_text_range()) for i in range(len(document))]
    finally:
        document.close()


def test_a_table_longer_than_a_page_continues_on_the_next_with_its_header_repeated(tmp_path):
    rows = "\n".join(f"| Country {n:02d} | {n * 37} |" for n in range(1, 91))
    long_table = (EDITIONS + f"\n| Partner country | Victims detected |\n|---|---:|\n{rows}\n\n"
                  ": A long table {#tbl-long}\n")
    paper = write_project(tmp_path / "paper", long_table)
    shutil.copy(paths.PAPER / "typst-style.typ", paper)
    (paper / "_quarto.yml").write_text(PROJECT + "  typst:\n    default-image-extension: svg\n"
                                                 "    include-in-header: typst-style.typ\n", encoding="utf-8")
    pages = _pdf_pages(render(paper, tmp_path / "out", ("pdf",), engine="pandoc",
                              profiles=["meeting"]).outputs["pdf"])
    last = next(i for i, page in enumerate(pages) if "Country 90" in page)
    first = next(i for i, page in enumerate(pages) if "Country 01" in page)
    assert last > first  # the table broke across pages, nothing lost
    assert all(n in " ".join(pages) for n in (f"Country {k:02d}" for k in range(1, 91)))
    assert all("Partner country" in pages[i] for i in range(first, last + 1))  # header repeated


def test_a_french_pdf_caption_reads_tableau_then_a_spaced_colon(tmp_path):
    french = EDITIONS.replace("title: Editions\n", 'title: Éditions\nlang: fr\ncrossref:\n  title-delim: "\u00a0:"\n')
    paper = write_project(tmp_path / "paper", french)
    (paper / "_quarto.yml").write_text(PROJECT + "  typst:\n    default-image-extension: svg\n", encoding="utf-8")
    text = " ".join(_pdf_pages(render(paper, tmp_path / "out", ("pdf",), engine="pandoc",
                                      profiles=["meeting"]).outputs["pdf"]))
    assert re.search(r"Tableau 1\s:\s?A table", text) and "Table 1" not in text


def test_a_document_s_own_typst_options_set_its_type_size_and_margins_and_bad_ones_are_refused(tmp_path):
    def pdf(name: str, text: str) -> Path:
        paper = write_project(tmp_path / name, text)
        (paper / "_quarto.yml").write_text(PROJECT + "  typst:\n    default-image-extension: svg\n", encoding="utf-8")
        return render(paper, tmp_path / f"out-{name}", ("pdf",), engine="pandoc", profiles=["meeting"]).outputs["pdf"]

    def left_edge(path: Path) -> float:  # the leftmost character of the first page, in points
        page = pypdfium2.PdfDocument(path)[0]
        text = page.get_textpage()
        return min(text.get_charbox(i)[0] for i in range(text.count_chars()) if text.get_charbox(i)[2] > 0)

    dense = EDITIONS.replace("title: Editions\n", "title: Editions\nformat:\n  typst:\n    fontsize: 8pt\n"
                             "    margin:\n      x: 1cm\n      y: 1cm\n")
    assert left_edge(pdf("dense", dense)) < 40 < left_edge(pdf("normal", EDITIONS))  # 1 cm is 28 pt, 2.5 cm 71
    wrong = EDITIONS.replace("title: Editions\n", "title: Editions\nformat:\n  typst:\n    fontsize: large\n")
    with pytest.raises(RenderError, match="fontsize 'large' is not a size in points"):
        pdf("wrong", wrong)


def test_the_docx_has_no_table_of_contents_when_its_format_asks_for_none_and_names_the_author(tmp_path):
    import zipfile

    paper = write_project(tmp_path / "paper", EDITIONS.replace(
        "title: Editions\n", "title: Editions\nauthor:\n  - name: External expert\n"))
    docx = render(paper, tmp_path / "out", ("docx", "html"), engine="pandoc",
                  profiles=["meeting"]).outputs
    with zipfile.ZipFile(docx["docx"]) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert "TOC \\o" not in document  # no table-of-contents field (docx: toc: false)
    assert "External expert" in document
    assert 'id="TOC"' in docx["html"].read_text(encoding="utf-8")  # the project's toc: true


def _stub_quarto(tmp_path: Path, monkeypatch, html: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    quarto = bin_dir / "quarto"
    quarto.write_text("#!/bin/sh\n"
                      'if [ "$1" = "--version" ]; then echo 1.7.34; exit 0; fi\n'
                      f"mkdir -p _output && printf '%s' '{html}' > _output/index.html\n")
    quarto.chmod(quarto.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


def test_quarto_output_with_an_unresolved_variable_is_refused_and_not_copied(tmp_path, monkeypatch):
    _stub_quarto(tmp_path, monkeypatch, "<p>?var:victims.total</p>")
    paper = write_sample(tmp_path / "paper")
    with pytest.raises(RenderError, match=r"left '\?var:' unresolved"):
        render(paper, tmp_path / "out", formats=("html",))
    assert not (tmp_path / "out" / "background-paper.html").exists()


def test_quarto_is_not_run_on_a_project_inside_a_hidden_folder(tmp_path, monkeypatch):
    _stub_quarto(tmp_path, monkeypatch, "<p>fine</p>")
    paper = write_sample(tmp_path / ".cache" / "paper")
    with pytest.raises(RenderError, match="inside the hidden folder '.cache', which Quarto does not treat"):
        render(paper, tmp_path / "out", formats=("html",))
    assert render(paper, tmp_path / "out", formats=("html",), engine="pandoc").outputs["html"].exists()
