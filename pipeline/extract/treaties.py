"""The UN Convention against Transnational Organized Crime and its two Protocols, as passages.

Why: the paper quotes the Protocols' definitions and obligations, and the concept note quotes
their definitions; these texts are the copies in hand to check such quotations against, passage
by passage, with the article and paragraph as the locator ("Art. 3(a)", "Art. 6(1)(c)") where a
PDF has a page. The files (``UNTOC_BWBV0001668.md``, ``TIP_Protocol_BWBV0001749.md``,
``Smuggling_Protocol_BWBV0001750.md``) are Markdown from the Dutch government's treaty database:

* a ``<meta>`` line, the Dutch title as ``##``, the English title as ``####``, the preamble on one
  line; in the Protocols, chapters as ``###I`` with their titles as ``####``;
* articles as ``### Article  N``, each followed by its title as ``####``; numbered paragraphs
  ``1.``; lettered subparagraphs ``a)`` (in places ``(a)``, or ``a)`` glued to its text); items
  ``(i)``; and once (the Convention's Art. 5(1)(a)(ii)) sub-items ``a.``;
* "IN WITNESS WHEREOF ..." closes the English text; the Dutch translation follows, opening with
  its title as ``####`` and articles as ``### Artikel  N``. It is ignored.

Traps: the Protocols open quotations with two backticks (````Smuggling of migrants"``), read
here as a straight double quotation mark; the Smuggling Protocol links the Convention as
Markdown (``[Convention](../../README.md)``), read as the link's words. The preamble and the
testimonium are left out: only articles are passages. Anything else (a heading of another form,
articles out of order, a subparagraph out of sequence, a Dutch passage before the end of the
English text) is a changed layout and stops the extraction with an error naming the file.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError
from pipeline.extract.step import Step

#: The registry ids of the three texts, in the order the notebook reads them.
SOURCES = ["un-toc-convention-text", "un-protocol-trafficking-text", "un-protocol-smuggling-text"]

#: The line that ends the English text (the testimonium).
END_OF_TEXT = "IN WITNESS WHEREOF"
#: Words that are frequent in Dutch and never words of the English text: a passage in which they
#: make up more than :data:`DUTCH_SHARE` of the words is Dutch, whatever its heading says.
DUTCH_WORDS = frozenset("de het een van en dat die zijn wordt worden bij voor met niet dit deze "
                        "verdrag artikel lid partij staten overeenkomstig".split())
DUTCH_SHARE = 0.15

_ARTICLE = re.compile(r"###\s*Article\s+(\d+)\s*")
_DUTCH_ARTICLE = re.compile(r"###\s*Artikel\s+\d+\s*")
_CHAPTER = re.compile(r"###\s*([IVXLC]+)\s*")
_TITLE = re.compile(r"####\s*([^#\s].*?)\s*")
_DUTCH_TITLE = re.compile(r"##\s*([^#].*?)\s*")
_HEADING = re.compile(r"#+")
_PARAGRAPH = re.compile(r"(\d+)\.\s+(.*)")
_LETTER = re.compile(r"\(?([a-z])\)\s*(.*)")
_ROMAN = re.compile(r"\(([ivx]+)\)\s*(.*)")
_SUBITEM = re.compile(r"([a-z])\.\s+(.*)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
#: The levels below an article, as the table's columns name them.
LEVELS = ("paragraph", "subparagraph", "item", "subitem")


@dataclass(frozen=True)
class Passage:
    """One numbered part of an article: its place, the label the text prints and its words.

    ``levels`` is the path from the article down, skipping the levels the article does not use:
    ``("3", "a")`` is Art. 3(a) of a Protocol (no numbered paragraphs), ``("6", "1", "c")`` is
    Art. 6(1)(c). ``text`` is the passage's own words, without those of the passages below it.
    """

    chapter: str
    article: int
    title: str
    parts: tuple[tuple[str, str], ...]  # (level name, value) below the article
    label: str  # as the text prints it: "3.", "a)", "(i)", "a."; "" for the article itself
    text: str

    @property
    def levels(self) -> tuple[str, ...]:
        return (str(self.article), *(value for _, value in self.parts))

    @property
    def locator(self) -> str:
        return locator(self.levels)


def locator(levels: Iterable[str]) -> str:
    """("6", "1", "c") -> "Art. 6(1)(c)"."""
    article, *below = levels
    return f"Art. {article}" + "".join(f"({value})" for value in below)


_LOCATOR = re.compile(r"Art\. (\d+)((?:\([0-9a-z]+\))*)")


def parse_locator(text: str) -> tuple[str, ...]:
    """"Art. 6(1)(c)" -> ("6", "1", "c"); anything else is a ValueError."""
    match = _LOCATOR.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a locator such as \"Art. 3\", \"Art. 3(a)\" or \"Art. 6(1)(c)\"")
    return (match[1], *re.findall(r"\(([0-9a-z]+)\)", match[2]))


def within(passages: Iterable[Passage], levels: tuple[str, ...]) -> list[Passage]:
    """The passages at ``levels`` and below it (all of Art. 6(1) for ("6", "1")), in order."""
    return [passage for passage in passages if passage.levels[: len(levels)] == levels]


def joined(passages: list[Passage]) -> tuple[str, list[tuple[int, int]]]:
    """The passages as one text, each below the first after its printed label, and the span of
    each passage's words in it (to tell which passages a quotation found in it covers)."""
    text, spans = "", []
    for number, passage in enumerate(passages):
        if text:
            text += " "
        if number and passage.label:
            text += passage.label + " "
        spans.append((len(text), len(text) + len(passage.text)))
        text += passage.text
    return text, spans


def common_levels(passages: Iterable[Passage]) -> tuple[str, ...]:
    """The deepest place that holds all ``passages`` (Art. 6(3) for 6(3), 6(3)(a) and 6(3)(b))."""
    places = [passage.levels for passage in passages]
    common = places[0]
    for place in places[1:]:
        size = next((n for n, (a, b) in enumerate(zip(common, place)) if a != b), min(len(common), len(place)))
        common = common[:size]
    return common


# --- Reading a file ----------------------------------------------------------------------------


def read_passages(path: str | Path, source_id: str) -> list[Passage]:
    """Every passage of the English text's articles, in the order of the text."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise _layout(source_id, path, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    passages = list(_Reader(source_id, path).passages(lines[: english_end(lines, source_id, path)]))
    _check_language(passages, source_id, path)
    return passages


def english_end(lines: list[str], source_id: str, path: Path) -> int:
    """The index of the first line after the English text.

    The English text ends at the testimonium ("IN WITNESS WHEREOF"); failing that, where the Dutch
    translation begins: its title repeated as a ``####`` heading, or its first ``### Artikel``.
    The earliest of the three wins, so a translation that lost its title is still cut off; an end
    found by the translation moves back over the headings, blank lines and Dutch lines just before
    it (the Dutch preamble and chapter heading that precede the first ``### Artikel``).
    """
    dutch_title = next((_fold_title(m[1]) for line in lines if (m := _DUTCH_TITLE.fullmatch(line))), None)
    ends = [number for number, line in enumerate(lines)
            if line.startswith(END_OF_TEXT) or _DUTCH_ARTICLE.fullmatch(line)
            or ((m := _TITLE.fullmatch(line)) and dutch_title and _fold_title(m[1]) == dutch_title)]
    if not ends:
        raise _layout(source_id, path, f"no end of the English text: neither \"{END_OF_TEXT}\" nor the "
                      "Dutch translation (its title as a #### heading, or ### Artikel headings)")
    end = ends[0]
    while end and not lines[end].startswith(END_OF_TEXT) and _before_translation(lines[end - 1]):
        end -= 1
    return end


def _before_translation(line: str) -> bool:
    return not line.strip() or line.startswith("#") or reads_dutch(line)


def _fold_title(title: str) -> str:
    return " ".join(title.lower().rstrip(". ").split())


class _Reader:
    """Walks the English text line by line, keeping the place (article, paragraph, ...)."""

    def __init__(self, source_id: str, path: Path) -> None:
        self.source_id, self.path = source_id, path
        self.chapter, self.article, self.title = "", 0, ""
        self.parts: list[tuple[str, str]] = []
        self.titled = "document"  # what the next #### heading is the title of: "" for nothing

    def passages(self, lines: list[str]) -> Iterator[Passage]:
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line or line.startswith("<meta"):
                continue
            if line.startswith("#"):
                self.heading(line, number)
            elif self.article and (passage := self.passage(line, number)).text:
                yield passage  # a label alone ("a)" of the Convention's Art. 6(1)) is no passage
        if not self.article:
            raise _layout(self.source_id, self.path, "no English article (### Article N headings) before "
                          "the end of the English text")

    def heading(self, line: str, number: int) -> None:
        if match := _ARTICLE.fullmatch(line):
            if int(match[1]) != self.article + 1:
                raise self.error(number, f"Article {match[1]} follows Article {self.article}")
            self.article, self.title, self.parts, self.titled = int(match[1]), "", [], "article"
        elif match := _CHAPTER.fullmatch(line):
            self.chapter, self.titled = match[1], "chapter"
        elif match := _TITLE.fullmatch(line):
            if not self.titled:
                raise self.error(number, f"a title with nothing to title {line[:60]!r}")
            if self.titled == "article":
                self.title = match[1]
            self.titled = ""
        elif not _DUTCH_TITLE.fullmatch(line) or self.article:
            raise self.error(number, f"a heading of unknown form {line[:60]!r}")

    def passage(self, line: str, number: int) -> Passage:
        if self.titled == "article":
            raise self.error(number, f"Article {self.article} has no title (a #### heading after it)")
        self.titled = ""
        level, value, label, text = self.classify(line)
        if level:
            self.advance(level, value, number)
        elif self.parts:
            raise self.error(number, f"text outside any numbered paragraph after {self.where()}: {line[:60]!r}")
        return Passage(self.chapter, self.article, self.title, tuple(self.parts), label, clean(text))

    def classify(self, line: str) -> tuple[str, str, str, str]:
        """(level, value, printed label, text); level "" for the article's own text."""
        current = dict(self.parts)
        if match := _PARAGRAPH.fullmatch(line):
            return "paragraph", match[1], f"{match[1]}.", match[2]
        roman = _ROMAN.fullmatch(line)
        letter = _LETTER.fullmatch(line)
        # "(i)" is the ninth subparagraph only where "(h)" came before it; otherwise an item.
        if roman and not (letter and _next_letter(current.get("subparagraph")) == letter[1]
                          and "item" not in current):
            return "item", roman[1], f"({roman[1]})", roman[2]
        if letter:
            return "subparagraph", letter[1], f"{letter[1]})", letter[2]
        if (match := _SUBITEM.fullmatch(line)) and "item" in current:
            return "subitem", match[1], f"{match[1]}.", match[2]
        return "", "", "", line

    def advance(self, level: str, value: str, number: int) -> None:
        """Move to ``value`` at ``level``, checking that it follows on from the previous one."""
        depth = LEVELS.index(level)
        kept = [(name, v) for name, v in self.parts if LEVELS.index(name) < depth]
        previous = dict(self.parts).get(level) if len(kept) < len(self.parts) else None
        expected = _successor(level, previous)
        if value != expected:
            raise self.error(number, f"{level} {value!r} where {expected!r} was expected, in {self.where()}")
        self.parts = [*kept, (level, value)]

    def where(self) -> str:
        return locator((str(self.article), *(value for _, value in self.parts)))

    def error(self, number: int, problem: str) -> SourceFormatError:
        return _layout(self.source_id, self.path, f"line {number}: {problem}")


def _successor(level: str, previous: str | None) -> str:
    if level == "paragraph":
        return str(int(previous or 0) + 1)
    if level == "item":
        return _ROMANS[_ROMANS.index(previous) + 1] if previous else "i"
    return _next_letter(previous)


def _next_letter(previous: str | None) -> str:
    return chr(ord(previous) + 1) if previous else "a"


_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]


def clean(text: str) -> str:
    """A passage's words: links as their words, ```` `` ```` as ``"``, spacing made single."""
    return " ".join(_LINK.sub(r"\1", text).replace("``", '"').split())


def reads_dutch(text: str) -> bool:
    """Whether more than :data:`DUTCH_SHARE` of the words of ``text`` (three at least) are
    :data:`DUTCH_WORDS`."""
    words = re.findall(r"[a-z]+", text.lower())
    return len(words) >= 3 and sum(word in DUTCH_WORDS for word in words) / len(words) > DUTCH_SHARE


def _check_language(passages: list[Passage], source_id: str, path: Path) -> None:
    for passage in passages:
        if reads_dutch(passage.text):
            raise _layout(source_id, path, f"{passage.locator} reads as Dutch ({passage.text[:50]!r}...): "
                          "the Dutch translation is not where the English text should end")


def _layout(source_id: str, path: Path, problem: str) -> SourceFormatError:
    return SourceFormatError(
        source_id, path, f"{problem}; expected the English treaty text with articles as "
        "\"### Article N\" headings, then \"IN WITNESS WHEREOF\" and the Dutch translation",
        "Check that the file is the treaty database's Markdown registered in sources/registry.yml; "
        "if its layout changed, update pipeline/extract/treaties.py")


# --- The tidy table ----------------------------------------------------------------------------

COLUMNS = ["instrument", "chapter", "article", "title", *LEVELS, "locator", "text"]

SCHEMA = pa.DataFrameSchema(
    {
        "instrument": pa.Column(str, pa.Check.isin(SOURCES)),
        "chapter": pa.Column(str, pa.Check.str_matches(r"^[IVXLC]+$"), nullable=True),
        "article": pa.Column("Int64", pa.Check.ge(1)),
        "title": pa.Column(str),
        "paragraph": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "subparagraph": pa.Column(str, pa.Check.str_matches(r"^[a-z]$"), nullable=True),
        "item": pa.Column(str, pa.Check.str_matches(r"^[ivx]+$"), nullable=True),
        "subitem": pa.Column(str, pa.Check.str_matches(r"^[a-z]$"), nullable=True),
        "locator": pa.Column(str, pa.Check.str_matches(r"^Art\. \d+(\([0-9a-z]+\))*$")),
        "text": pa.Column(str, pa.Check.str_length(min_value=1)),
    },
    strict=True, ordered=True, coerce=True, unique=["instrument", "locator"],
)


def provisions(passages: Iterable[Passage], source_id: str) -> pd.DataFrame:
    """One row per passage (see :data:`COLUMNS`); a level the passage lacks is empty."""
    rows = [{"instrument": source_id, "chapter": passage.chapter or None, "article": passage.article,
             "title": passage.title, **dict.fromkeys(LEVELS),
             **{name: int(value) if name == "paragraph" else value for name, value in passage.parts},
             "locator": passage.locator, "text": passage.text} for passage in passages]
    return pd.DataFrame(rows, columns=COLUMNS).astype({"article": "Int64", "paragraph": "Int64"})


def read_provisions(raws) -> pd.DataFrame:
    """The step function: the three texts, one after the other."""
    return pd.concat([provisions(read_passages(raw.path, raw.source.id), raw.source.id) for raw in raws],
                     ignore_index=True)


STEP = Step(
    "treaty_provisions", "notebooks/08-extract-treaties.ipynb", read_provisions, SCHEMA,
    {"part": f"the English text: up to \"{END_OF_TEXT}\" (before the Dutch translation)",
     "passages": "each article's own text, numbered paragraph, subparagraph, item and sub-item; "
                 "the preamble and the testimonium are left out",
     "text": "Markdown links as their words, `` as \", spacing made single"},
)
