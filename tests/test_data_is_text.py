"""Data is text, never markup: each payload of issue 25 through the real annex code and render.

A facts cell, a registry field, a label of the catalogue or a key figure reaches the paper as
Markdown that pandoc reads with raw HTML, raw attributes, math and citations enabled. Here each
payload a hostile tester used is put into those channels of a project written into tmp_path (the
project's own Quarto files, never its build/): the instruments annex
(:func:`pipeline.paper.annexes.instruments_annex`, from a copy of the facts table), a caption
label (a copy of the catalogue), the release annex of the technical note
(:func:`pipeline.paper.companion.release_annex`, a registry source's ``release.basis``), the
bibliography (:func:`pipeline.sources.bib.entry`, a title) and ``_variables.yml``
(:func:`pipeline.analysis.variables.write_yaml`). The fallback renders HTML, PDF and DOCX, and
each shows the characters as they were written: in Chromium no script runs and nothing is
fetched, the PDF's text holds the payloads and not the file ``#read`` names, the DOCX holds no
field. The renderer's own defences are tested on markup the manuscript itself writes: the
Content-Security-Policy, pandoc's sandbox and Typst's root.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from needs import require

from pipeline import language, paths
from pipeline.analysis import variables
from pipeline.analysis.variables import KeyFigure
from pipeline.paper import annexes, companion, stage
from pipeline.paper.render import RenderError, render
from pipeline.sources import bib, facts, registry

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SECRET = "SECRET-7f3a9c-not-for-the-reader"

#: The payloads of issue 25, by what each would do if it were read as markup (``{secret}``: the
#: path of a file outside the project).
PAYLOADS = {
    "script": "<script>window.hit = 'script'</script>",
    "onerror": "<img src=\"data:,\" onerror=\"window.hit = 'onerror'\">",
    "typst": "`#read(\"{secret}\")`{{=typst}}",
    "openxml": ("`<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> DDEAUTO cmd.exe "
                "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>`{{=openxml}}"),
    "block": "<details><summary>more</summary>hidden</details> after the block tag",
    "remote": "<img src=\"https://example.invalid/pixel.png\">",
    "math": "$x^2$",
    "emphasis": "*x*",
    "link": "[click](javascript:window.hit='link')",
    "shortcode": "{{{{< var hostile.other >}}}}",
}
#: A label may write emphasis, and a link only to a section (pipeline.markup.label; a link
#: elsewhere stops the build, tests/test_markup.py): the caption carries the other payloads.
LABEL_PAYLOADS = [name for name in PAYLOADS if name not in ("emphasis", "link")]
TITLE = "\\href{javascript:window.hit='bib'}{click here} $y^2$ \\emph{not emphasised} {braced}"

MANUSCRIPT = """\
---
title: "Payloads"
---

# Data {{#sec-data}}

The key figure: {{{{< var hostile.text >}}}}.

{{{{< include _generated/instruments.md >}}}}

{{{{< include _generated/sources.md >}}}}

A citation of the hostile title.^[@{cited}.]

# References {{.unnumbered}}

::: {{#refs}}
:::
"""


def _payloads(secret: Path) -> dict[str, str]:
    return {name: text.format(secret=secret) for name, text in PAYLOADS.items()}


def _folded(text: str) -> str:
    """Text without its spaces, line ends, word joiners and curly quotes: as the payloads compare."""
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("\u2060", "")):
        text = text.replace(curly, straight)
    return "".join(text.split())


def _write_instruments(folder: Path, payloads: list[str]) -> None:
    """A copy of the instruments table whose first rows are named by the payloads."""
    source = facts.FACTS / facts.INSTRUMENTS.file
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row, payload in zip(rows, payloads):
        row["name_en"], row["scope_en"] = payload, f"Scope: {payload}"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / facts.INSTRUMENTS.file).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _write_labels(folder: Path, caption: str) -> None:
    """A copy of the English catalogue whose instruments caption is ``caption``."""
    data = yaml.safe_load((language.LABELS / "en.yml").read_text(encoding="utf-8"))
    data["annex"]["instruments"]["caption"] = caption
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "en.yml").write_text(yaml.safe_dump(data, allow_unicode=True, width=10_000), encoding="utf-8")


def _copy_project_files(folder: Path) -> None:
    """The Quarto files every staged project of the meeting edition holds, as make paper stages them;
    the edition's profile without its key messages (they bind the paper's own key figures)."""
    for name in stage.PROJECT_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(paths.PAPER / name, folder / name)
    (folder / "_quarto-meeting.yml").write_text('subtitle: "For the meeting"\n', encoding="utf-8")


def _project(folder: Path, secret: Path, monkeypatch) -> tuple[Path, str]:
    """A staged project whose annexes, variables and bibliography carry the payloads."""
    payloads = _payloads(secret)
    _copy_project_files(folder)
    _write_instruments(folder.parent / "facts", list(payloads.values()))
    real_load = facts.load
    monkeypatch.setattr(facts, "load", lambda name, **kw: real_load(name, folder=folder.parent / "facts", **kw))
    caption = "Instruments " + " ".join(payloads[name] for name in LABEL_PAYLOADS)
    _write_labels(folder.parent / "labels", caption.replace("{", "{{").replace("}", "}}"))  # a format string
    monkeypatch.setattr(language, "LABELS", folder.parent / "labels")
    generated = folder / "_generated"
    sources = registry.load()
    cited = next(source for source in sources.values() if source.kind == "pdf")
    release = registry.Release("fixed", " ".join(payloads.values()), date=dt.date(2015, 1, 1))
    hostile = dataclasses.replace(cited, title=TITLE, release=release)
    annexes._write(generated / "instruments.md", annexes.instruments_annex(None, "en"))
    annexes._write(generated / "sources.md", companion.release_annex({hostile.id: hostile}, "2015-11-30"))
    (folder / "references.bib").write_text(bib.entry(hostile), encoding="utf-8")
    figure = KeyFigure("hostile.text", 0.0, "", [], "none", "", "text", " ".join(payloads.values()))
    other = KeyFigure("hostile.other", 0.0, "", [], "none", "", "text", "SHOULD-NOT-APPEAR")
    variables.write_yaml({figure.key: figure, other.key: other}, "en", folder / "_variables.yml")
    (folder / "index.qmd").write_text(MANUSCRIPT.format(cited=cited.id), encoding="utf-8")
    return folder, cited.id


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The payload project rendered to HTML, PDF and DOCX by the fallback."""
    root = tmp_path_factory.mktemp("payloads")
    secret = root / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        project, _cited = _project(root / "project", secret, monkeypatch)
        result = render(project, root / "out", ("html", "pdf", "docx"), engine="pandoc", profiles=["meeting"])
    return result.outputs, _payloads(secret)


@pytest.fixture(scope="module")
def browser_view(rendered):
    """What Chromium shows of the HTML, and what ran or was requested there."""
    require(CHROMIUM.exists(), "needs Debian's chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    outputs, _payloads_ = rendered
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            requests, dialogs = [], []
            context.route(lambda url: not url.startswith(("file:", "data:")), lambda route: route.abort())
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(outputs["html"].as_uri(), wait_until="load")
            view = {
                "hit": page.evaluate("window.hit === undefined ? null : String(window.hit)"),
                "text": page.inner_text("body"),
                "elements": page.evaluate("""() => ({
                    script: document.querySelectorAll('script').length,
                    img: document.querySelectorAll('img').length,
                    details: document.querySelectorAll('details').length,
                    math: document.querySelectorAll('math').length,
                    javascript: document.querySelectorAll('a[href^="javascript:"]').length,
                    handlers: Array.from(document.querySelectorAll('*')).filter(
                        e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length,
                    emphasised_x: Array.from(document.querySelectorAll('em, i')).filter(
                        e => e.textContent === 'x').length,
                    csp: (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || '',
                })"""),
                "requests": [url for url in requests if not url.startswith(("file:", "data:"))],
                "dialogs": dialogs,
            }
        finally:
            browser.close()
    return view


def test_in_the_browser_no_payload_runs_fetches_or_becomes_an_element(browser_view):
    assert browser_view["hit"] is None and browser_view["dialogs"] == []
    assert browser_view["requests"] == []
    assert browser_view["elements"] | {"csp": ""} == {
        "script": 0, "img": 0, "details": 0, "math": 0, "javascript": 0, "handlers": 0,
        "emphasised_x": 0, "csp": ""}


def test_in_the_browser_every_payload_reads_as_it_was_written(rendered, browser_view):
    _outputs, payloads = rendered
    shown = _folded(browser_view["text"])
    missing = [name for name, payload in payloads.items() if _folded(payload) not in shown]
    assert missing == []
    assert "SHOULD-NOT-APPEAR" not in browser_view["text"]  # the shortcode in the data is text
    assert _folded("\\href{javascript:window.hit='bib'}{click here} $y^2$") in shown


def test_the_html_says_no_script_may_run(browser_view):
    policy = browser_view["elements"]["csp"]
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_the_pdf_prints_the_payloads_and_not_the_file_they_name(rendered):
    outputs, payloads = rendered
    text = subprocess.run(["pdftotext", str(outputs["pdf"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert SECRET not in text
    # The paragraph that shows the key figure holds every payload, in order.
    assert _folded(" ".join(payloads.values())) in _folded(text)


def test_the_docx_holds_the_payloads_as_text_and_no_field(rendered):
    outputs, payloads = rendered
    with zipfile.ZipFile(outputs["docx"]) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        relations = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    for element in ("<w:instrText", "<w:fldChar", "<w:fldSimple"):
        assert element not in document
    assert "javascript:" not in relations
    assert "DDEAUTO cmd.exe" in document  # as text, in a run
    assert "&lt;w:fldChar" in document


# --- The renderer's own defences, against markup the manuscript itself writes ------------------


def _hand_written(folder: Path, body: str) -> Path:
    _copy_project_files(folder)
    (folder / "references.bib").write_text("", encoding="utf-8")
    (folder / "index.qmd").write_text(f"---\ntitle: Raw\n---\n\n{body}\n", encoding="utf-8")
    return folder


def test_a_script_the_manuscript_writes_does_not_run_under_the_pages_policy(tmp_path):
    require(CHROMIUM.exists(), "needs Debian's chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    project = _hand_written(tmp_path, '<img src="data:," onerror="window.hit = 1">\n\n'
                                      "<script>window.hit = 2</script>")
    html = render(project, tmp_path / "out", ("html",), engine="pandoc").outputs["html"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(html.as_uri(), wait_until="load")
            assert page.evaluate("window.hit === undefined")
        finally:
            browser.close()


def test_pandoc_reads_no_file_the_render_does_not_hand_it(tmp_path):
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>' + SECRET + "</text></svg>",
                      encoding="utf-8")
    project = _hand_written(tmp_path / "project", f'<img src="{secret}">')
    with pytest.raises(RenderError, match="Could not fetch resource"):
        render(project, tmp_path / "out", ("html",), engine="pandoc")
    assert not (tmp_path / "out" / "background-paper.html").exists()


def test_typst_reads_no_file_outside_the_project(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    project = _hand_written(tmp_path / "project", f'`#read("{secret}")`{{=typst}}')
    with pytest.raises(RenderError, match="typst failed"):
        render(project, tmp_path / "out", ("pdf",), engine="pandoc")
