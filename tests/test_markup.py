"""pipeline.markup: a value from data reads back from pandoc's Markdown as the same text, and a
label of the catalogues writes only the small subset of Markdown it is allowed."""
from __future__ import annotations

import json
import re
import string
import subprocess

import pypandoc
import pytest
import yaml

from pipeline import language, markup
from pipeline.markup import LabelMarkupError, Markdown
from pipeline.paper import manuscript

#: What a hostile facts cell or registry field may hold, and what else Markdown reads as markup.
VALUES = [
    '<img src="data:," onerror=alert(1)>', "<script>alert(1)</script>", '`#read("/etc/passwd")`{=typst}',
    '`<w:fldSimple w:instr="DDE"/>`{=openxml}', "<details>x</details> tail", "$x^2$", "*x*", "__x__",
    "[a](javascript:alert(1))", "![i](x.png)", "<https://example.org>", "@smith2020 [@x]", "^[note]",
    "[^1]", "{{< var a.b >}}", "{{{x}}}", "a\\b\\\\c \\", "1. a list?", "iv. a list?", "(a) a list?",
    "- item", "+ item", "# heading", "> quote", ": definition", "::: {.callout-note}", "| a | b |",
    "~sub~ ^sup^ ~~strike~~", "&lt; &amp;", "<!-- comment -->", "[x]{.class}", "x\n\n# heading",
    "No. 182, p. 38", "Côte d'Ivoire", "10% of <5", "==mark==",
]


def _read_back(source: str) -> tuple[set[str], str]:
    """The kinds of inlines pandoc reads ``source`` as, and their text."""
    done = subprocess.run([pypandoc.get_pandoc_path(), "--from", "markdown", "--to", "json"], input=source,
                          capture_output=True, text=True, check=True)
    blocks = json.loads(done.stdout)["blocks"]
    assert [block["t"] for block in blocks] == ["Para"], source
    inlines = blocks[0]["c"]
    text = "".join(
        ("“" + manuscript.stringify(i["c"][1]) + "”") if i["t"] == "Quoted" else manuscript.stringify([i])
        for i in inlines)
    return {inline["t"] for inline in inlines}, text


def unescaped(markdown: str) -> str:
    """Markdown written by pipeline.markup without the backslashes that keep its data text: what
    tests of an annex's layout compare."""
    return re.sub(r"\\([^\w\s]|_)", r"\1", markdown)


def _plain(text: str) -> str:
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("\u2060", ""), ("\u00a0", " ")):
        text = text.replace(curly, straight)
    return " ".join(text.split())


@pytest.mark.parametrize("value", VALUES)
def test_a_value_from_data_reads_back_as_the_same_text_and_nothing_else(value):
    for source in (f"{markup.text(value)}\n", f"Before {markup.text(value)} after\n"):
        kinds, text = _read_back(source)
        assert kinds <= {"Str", "Space", "Quoted"}, source
        assert _plain(text).replace('"', "").replace("'", "") in {
            _plain(value).replace('"', "").replace("'", ""),
            _plain(f"Before {value} after").replace('"', "").replace("'", "")}


def test_a_shortcode_in_data_is_no_shortcode_for_quarto_or_the_fallback():
    written = markup.text("{{< include /etc/passwd >}} {{{< var x >}}}")
    assert "{{" not in written.replace("\\", "")


def test_a_full_stop_is_escaped_only_after_a_list_number_that_opens_the_value():
    assert markup.text("1. x") == "1\\. x" and markup.text("iv. x") == "iv\\. x"
    assert markup.text("No. 182, p. 38...") == "No. 182, p. 38..."  # typography stays pandoc's


def test_markdown_and_plain_text_cannot_be_added_only_joined():
    with pytest.raises(TypeError):
        markup.citation(["a"]) + "plain"  # noqa: B018
    with pytest.raises(TypeError):
        "plain" + markup.citation(["a"])  # noqa: B018
    assert markup.join([markup.citation(["a"]), "*b*"], " ") == "[@a] \\*b\\*"


def test_a_citation_takes_only_an_id_and_a_footnote_cites_its_sources():
    assert markup.citation(["unodc-2014"], locator="p. 38", author=False) == "[-@unodc-2014, p. 38]"
    assert markup.footnote_citation(["a", "b-2"]) == "^[@a; @b-2.]"
    with pytest.raises(ValueError, match="is not an id"):
        markup.citation(["x]{onclick=alert(1)}"])


def test_code_is_fenced_by_more_backticks_than_it_holds():
    assert markup.code("a.b") == "`a.b`"
    assert markup.code("x `y` z") == "``x `y` z``"


def _catalogue(tmp_path, monkeypatch, **labels: str) -> None:
    data = yaml.safe_load((language.LABELS / "en.yml").read_text(encoding="utf-8"))
    data["annex"]["test"] = labels
    (tmp_path / "en.yml").write_text(yaml.safe_dump(data, allow_unicode=True, width=10_000), encoding="utf-8")
    monkeypatch.setattr(language, "LABELS", tmp_path)


def test_a_label_keeps_its_strong_emphasis_footnote_and_section_link_and_the_rest_is_text(tmp_path, monkeypatch):
    _catalogue(tmp_path, monkeypatch, rich="**Partners ({number}):** {names}; *tier* <5 $1^[@rabat-partners.] "
                                           "([Annex B](#sec-annex-countries))")
    written = markup.label("annex.test.rich", "en", number=3, names="<b>A</b> & *B*")
    assert isinstance(written, Markdown)
    assert written == ("**Partners \\(3\\)\\:** \\<b\\>A\\</b\\> \\& \\*B\\*; *tier* \\<5 \\$1^[@rabat-partners.] "
                       "\\([Annex B](#sec-annex-countries)\\)")
    assert markup.label("annex.test.rich", "en", number=3,
                        names=markup.emphasis("B")).count("*B*") == 1  # Markdown the code wrote stays


@pytest.mark.parametrize("label, what", [
    ("a stray * star", "'\\*'"),
    ("[click](javascript:alert(1))", "'\\]\\('"),
    ("a note^[not a citation]", "'\\^\\['"),
])
def test_a_label_writing_other_markdown_stops_the_build_naming_its_file_and_line(tmp_path, monkeypatch, label, what):
    _catalogue(tmp_path, monkeypatch, bad=label)
    with pytest.raises(LabelMarkupError, match=rf"en\.yml:\d+:\d+: label annex\.test\.bad: {what} is Markdown"):
        markup.label("annex.test.bad", "en")


def test_a_label_naming_a_field_the_code_does_not_give_stops_the_build(tmp_path, monkeypatch):
    _catalogue(tmp_path, monkeypatch, field="raw {=typst} attribute")
    with pytest.raises(LabelMarkupError, match=r"its field \{=typst\} is not one of"):
        markup.label("annex.test.field", "en")


def test_every_label_of_every_catalogue_is_within_the_subset():
    for lang in language.languages():
        for entry in language.entries(lang):
            names = [name for _literal, name, _spec, _conversion in string.Formatter().parse(entry.text)
                     if name is not None]
            markup.label(entry.key, lang, **{name: "x" for name in names})
