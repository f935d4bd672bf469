"""The treaty texts: the English part only, split into articles and paragraphs with locators.

The real files (../shared) for what the paper and the claims check rely on; small hand-written
texts in the same layout for the ways a file can break.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from pipeline.errors import SourceFormatError
from pipeline.extract import step as extract
from pipeline.extract import treaties
from pipeline.sources import registry, resolve

FILES = {"un-toc-convention-text": "UNTOC_BWBV0001668.md",
         "un-protocol-trafficking-text": "TIP_Protocol_BWBV0001749.md",
         "un-protocol-smuggling-text": "Smuggling_Protocol_BWBV0001750.md"}


@pytest.fixture(scope="module")
def texts(raw_dir) -> dict[str, dict[str, treaties.Passage]]:
    """Source id -> locator -> passage, for the three real texts."""
    return {source_id: {passage.locator: passage for passage in treaties.read_passages(raw_dir / name, source_id)}
            for source_id, name in FILES.items()}


def text_at(passages: dict[str, treaties.Passage], locator: str) -> str:
    """The words under ``locator`` read as one text, as the claims check reads them."""
    return treaties.joined(treaties.within(passages.values(), treaties.parse_locator(locator)))[0]


# --- the real texts -----------------------------------------------------------------------------

def test_the_trafficking_definition_is_art_3_a(texts):
    trafficking = texts["un-protocol-trafficking-text"]
    assert trafficking["Art. 3(a)"].text.startswith('"Trafficking in persons" shall mean the recruitment, '
                                                     "transportation, transfer, harbouring or receipt of persons")
    assert trafficking["Art. 3(a)"].text.endswith("servitude or the removal of organs;")
    assert trafficking["Art. 3(a)"].title == "Use of terms" and trafficking["Art. 3(a)"].chapter == "I"
    assert trafficking["Art. 3(d)"].text == '"Child" shall mean any person under eighteen years of age.'
    assert [locator for locator in trafficking if locator.startswith("Art. 6(")][:3] == [
        "Art. 6(1)", "Art. 6(2)", "Art. 6(2)(a)"]


def test_the_smuggling_definition_and_offences_are_where_the_paper_cites_them(texts):
    smuggling = texts["un-protocol-smuggling-text"]
    assert smuggling["Art. 3(a)"].text == (
        '"Smuggling of migrants" shall mean the procurement, in order to obtain, directly or indirectly, a '
        "financial or other material benefit, of the illegal entry of a person into a State Party of which "
        "the person is not a national or a permanent resident;")
    assert smuggling["Art. 6(1)(c)"].text.startswith(
        "Enabling a person who is not a national or a permanent resident to remain in the State concerned")
    assert smuggling["Art. 6(1)(b)(ii)"].text == "Procuring, providing or possessing such a document;"
    paragraph = text_at(smuggling, "Art. 6(3)")
    assert paragraph.startswith("Each State Party shall adopt such legislative and other measures as may be "
                                "necessary to establish as aggravating circumstances")
    assert "circumstances: a) That endanger, or are likely to endanger, the lives or safety" in paragraph
    assert paragraph.endswith("or b) That entail inhuman or degrading treatment, including for exploitation, "
                              "of such migrants.")
    assert smuggling["Art. 16(1)"].title == "Protection and assistance measures"


def test_the_convention_s_entry_into_force_is_art_38(texts):
    convention = texts["un-toc-convention-text"]
    assert convention["Art. 38(1)"].title == "Entry into force"
    assert convention["Art. 38(1)"].text.startswith("This Convention shall enter into force on the ninetieth "
                                                    "day after the date of deposit of the fortieth instrument")
    assert "Art. 38(3)" not in convention and convention["Art. 38(1)"].chapter == ""


@pytest.mark.parametrize("source_id, articles, passages", [
    ("un-toc-convention-text", 41, 310), ("un-protocol-trafficking-text", 20, 82),
    ("un-protocol-smuggling-text", 25, 115)])
def test_each_text_stops_where_the_dutch_translation_starts(texts, source_id, articles, passages):
    read = list(texts[source_id].values())
    assert [p.article for p in read][-1] == articles and {p.article for p in read} == set(range(1, articles + 1))
    assert read[-1].title == "Depositary and languages"
    assert read[-1].text.startswith("The original of this")
    assert len(read) == passages
    assert not any(word in p.text for p in read for word in ("Verdrag", "Artikel", " het ", "WITNESS"))


def test_the_convention_s_deepest_levels_are_read(texts):
    convention = texts["un-toc-convention-text"]
    assert convention["Art. 2(i)"].text.startswith("“Controlled delivery”")  # the ninth letter, not an item
    assert convention["Art. 5(1)(a)(ii)(a)"].text == "Criminal activities of the organized criminal group;"
    assert "Art. 6(1)(a)" not in convention  # a label alone: its words are in its items
    assert convention["Art. 6(1)(a)(i)"].text.startswith("The conversion or transfer of property")
    assert convention["Art. 8(4)"].text.startswith('For the purposes of paragraph 1 of this article and '
                                                   'article 9 of this Convention, "public official" shall mean')


def test_links_to_the_convention_are_read_as_their_words(texts):
    assert texts["un-protocol-smuggling-text"]["Art. 1(1)"].text == (
        "This Protocol supplements the United Nations Convention against Transnational Organized Crime. "
        "It shall be interpreted together with the Convention.")


def test_the_table_has_one_row_per_passage_with_its_locator(raw_dir):
    name = FILES["un-protocol-smuggling-text"]
    table = treaties.SCHEMA.validate(treaties.provisions(
        treaties.read_passages(raw_dir / name, "un-protocol-smuggling-text"), "un-protocol-smuggling-text"))
    row = table[table["locator"] == "Art. 6(1)(c)"].iloc[0]
    assert (row.article, row.paragraph, row.subparagraph, row.chapter, row.title) == (6, 1, "c", "I", "Criminalization")
    assert table.loc[table["locator"] == "Art. 3(a)", "paragraph"].isna().all()


# --- the layout, and how it breaks ---------------------------------------------------------------

ENGLISH = """\
<meta http-equiv='Content-Type' content='text/html; charset=utf-8' />

##Protocol tegen de smokkel

####Protocol against smuggling

Preamble The States Parties to this Protocol, ...
###I 

####General provisions

### Article  1  

####Use of terms

For the purposes of this Protocol: 

a) ``Smuggling" shall mean the procurement of the [illegal entry](../../README.md) of a person;

b)``Illegal entry" shall mean crossing borders:

(i)without papers; or

(ii) at night;

### Article  2  

####Criminalization

1.   Each State Party shall adopt measures: 

(a) The smuggling of migrants;  

(b) Attempts.    
2.   Each State Party shall also adopt measures.
"""  # noqa: W291 (the raw text's trailing spaces)
TESTIMONIUM = "\nIN WITNESS WHEREOF, the undersigned have signed this Protocol.  \n\n"
DUTCH = """\
####Protocol tegen de smokkel.

PREAMBULEDe Staten die partij zijn bij dit Protocol,
###I 

### Artikel  1  

####Gebruikte termen

Voor de toepassing van dit Protocol wordt verstaan onder de smokkel van migranten het verschaffen van een voordeel.
"""  # noqa: W291 (the raw text's trailing spaces)


def read(tmp_path: Path, text: str, name: str = "Protocol.md") -> list[treaties.Passage]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return treaties.read_passages(path, "un-protocol-smuggling-text")


def test_passages_carry_their_locators_labels_and_cleaned_words(tmp_path):
    passages = read(tmp_path, ENGLISH + TESTIMONIUM + DUTCH)
    assert [(p.locator, p.label) for p in passages] == [
        ("Art. 1", ""), ("Art. 1(a)", "a)"), ("Art. 1(b)", "b)"), ("Art. 1(b)(i)", "(i)"),
        ("Art. 1(b)(ii)", "(ii)"), ("Art. 2(1)", "1."), ("Art. 2(1)(a)", "a)"), ("Art. 2(1)(b)", "b)"),
        ("Art. 2(2)", "2.")]
    assert passages[1].text == '"Smuggling" shall mean the procurement of the illegal entry of a person;'
    assert passages[3].text == "without papers; or"
    assert treaties.joined(passages[5:8])[0] == (
        "Each State Party shall adopt measures: a) The smuggling of migrants; b) Attempts.")


@pytest.mark.parametrize("ending", [
    TESTIMONIUM + DUTCH,  # the usual end
    "\n" + DUTCH,  # no testimonium: the Dutch title repeated
    "\n" + DUTCH.replace("####Protocol tegen de smokkel.\n", ""),  # nor that: the first "### Artikel"
], ids=["testimonium", "dutch-title", "dutch-article"])
def test_the_english_part_ends_at_the_first_sign_of_the_dutch_translation(tmp_path, ending):
    passages = read(tmp_path, ENGLISH + ending)
    assert passages[-1].locator == "Art. 2(2)" and passages[-1].text == "Each State Party shall also adopt measures."


def test_a_ninth_letter_in_parentheses_is_a_subparagraph_not_an_item(tmp_path):
    letters = "".join(f"({letter}) Term {letter};\n\n" for letter in "abcdefghij")
    text = ENGLISH.split("### Article  2")[0].replace("For the purposes of this Protocol: \n\n", "X:\n\n" + letters)
    text = text.split("a) ``Smuggling")[0]
    passages = read(tmp_path, text + TESTIMONIUM)
    assert [p.locator for p in passages][-3:] == ["Art. 1(h)", "Art. 1(i)", "Art. 1(j)"]


@pytest.mark.parametrize("text, problem", [
    (DUTCH, "no English article (### Article N headings)"),
    (ENGLISH, "no end of the English text"),
    (ENGLISH.replace("### Article  2", "### Article  3") + TESTIMONIUM, "line 26: Article 3 follows Article 1"),
    (ENGLISH.replace("(b) Attempts", "(c) Attempts") + TESTIMONIUM,
     "line 34: subparagraph 'c' where 'b' was expected, in Art. 2(1)(a)"),
    (ENGLISH.replace("####Criminalization", "#####Criminalization") + TESTIMONIUM,
     "line 28: a heading of unknown form"),
    (ENGLISH.replace("####Criminalization\n", "") + TESTIMONIUM, "Article 2 has no title"),
    (ENGLISH.replace("1.   Each", "####Offences\n\n1.   Each") + TESTIMONIUM, "line 30: a title with nothing to title"),
    (ENGLISH + "\nAnd a closing sentence.\n" + TESTIMONIUM, "text outside any numbered paragraph after Art. 2(2)"),
    (ENGLISH.replace("Each State Party shall also adopt measures.",
                     "Elke Staat die partij is bij dit Verdrag neemt de maatregelen van het lid.") + TESTIMONIUM,
     "Art. 2(2) reads as Dutch"),
], ids=["dutch-only", "no-end", "article-order", "subparagraph-order", "heading", "title", "second-title",
         "loose-text", "dutch"])
def test_a_changed_layout_is_an_error_naming_the_source_the_file_and_the_problem(tmp_path, text, problem):
    with pytest.raises(SourceFormatError) as caught:
        read(tmp_path, text)
    message = str(caught.value)
    assert message.startswith("source un-protocol-smuggling-text: ") and "Protocol.md" in message
    assert problem in message and "update pipeline/extract/treaties.py" in message


def test_a_file_that_is_not_utf8_is_an_error_naming_it(tmp_path):
    path = tmp_path / "Protocol.md"
    path.write_bytes(ENGLISH.encode("utf-16"))
    with pytest.raises(SourceFormatError, match="Protocol.md: not UTF-8 text"):
        treaties.read_passages(path, "un-protocol-smuggling-text")


def test_a_changed_text_stops_the_step_and_leaves_the_table_untouched(monkeypatch, tmp_path):
    changed = tmp_path / "Protocol.md"
    changed.write_text(ENGLISH.replace("### Article  2", "### Article  5") + TESTIMONIUM, encoding="utf-8")
    source = registry.Source("un-protocol-smuggling-text", "text", "United Nations", "Protocol", 2000,
                             "https://example.org", datetime.date(2026, 11, 27), "UN", changed.name)
    monkeypatch.setattr(resolve, "resolve", lambda source_id: resolve.Resolved(source, changed, "ab" * 32, "cache"))
    output = tmp_path / "treaty_provisions.csv"
    output.write_text("the table of an earlier build\n")
    with pytest.raises(SourceFormatError, match="Article 5 follows Article 1"):
        extract.run("un-protocol-smuggling-text", treaties.STEP, output)
    assert output.read_text() == "the table of an earlier build\n"
    assert not list(tmp_path.glob(".*.tmp"))


# --- locators -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, levels", [
    ("Art. 3", ("3",)), ("Art. 3(a)", ("3", "a")), ("Art. 6(1)(c)", ("6", "1", "c")),
    ("Art. 6(1)(b)(ii)", ("6", "1", "b", "ii"))])
def test_a_locator_is_the_path_to_its_passage_and_back(text, levels):
    assert treaties.parse_locator(text) == levels and treaties.locator(levels) == text


@pytest.mark.parametrize("text", ["Article 3", "Art. 3 (a)", "art. 3", "p. 38", "Art. 3(a"])
def test_anything_else_is_not_a_locator(text):
    with pytest.raises(ValueError, match="is not a locator"):
        treaties.parse_locator(text)


def test_a_place_holds_what_is_below_it_and_no_other_article(tmp_path):
    passages = read(tmp_path, ENGLISH + TESTIMONIUM)
    assert [p.locator for p in treaties.within(passages, ("1", "b"))] == ["Art. 1(b)", "Art. 1(b)(i)", "Art. 1(b)(ii)"]
    assert treaties.within(passages, ("1", "c")) == []
    assert treaties.common_levels(passages[5:8]) == ("2", "1")
    assert treaties.common_levels(passages[3:4]) == ("1", "b", "i")
    assert treaties.common_levels(passages[2:6]) == ()
