"""Data is text, never markup: what a value from data becomes in the paper's Markdown.

The generated annexes and the staged ``_variables.yml`` are read by pandoc's Markdown reader,
with raw HTML, raw attributes (```x`{=typst}``, ```x`{=openxml}``), math, footnotes and
citations enabled, in Quarto as in the fallback. A facts cell, a registry field or a label
written into them as it is would be read as markup: ``<img onerror=...>`` would run in the
reader's browser, ``#read(...)`` in a raw Typst span would print a local file into the PDF, a
``{=openxml}`` field would put a DDE field into the DOCX, ``$x^2$`` would become math and
``*x*`` italics.

Why escaping and not pandoc's syntax tree: Quarto's ``{{< include >}}`` pastes a file's Markdown
text into the manuscript before pandoc reads it; it carries no pandoc JSON. So every value is
escaped for that reader, exactly: :func:`text` puts a backslash before every ASCII punctuation
character that Markdown may read as markup (pandoc's ``all_symbols_escapable``, on in Quarto's
reader and the fallback's), and breaks ``{{`` with an invisible word joiner (U+2060), since
Quarto and the fallback would read ``{{<`` as a shortcode even escaped. Left as they are: letters,
digits, spaces, ``' " , ; ? /``, which are never markup, and a full stop, which is markup only
after a list number that opens the text ("1. ", "a. ": escaped there). Straight quotes then
become curly ones, "No. 182" keeps its no-break space and "..." is an ellipsis, as in the prose
around them: typography, not markup.

What the code itself writes as Markdown (a citation of a registry id, the emphasis of a label, a
cross-reference) is a :class:`Markdown` string, built here from validated parts. Joining one with
plain text by ``+`` is a ``TypeError``: use :func:`join`, or :func:`text` on the plain part.

Labels of the catalogues (``paper/labels/<lang>.yml``) that the annexes print may use a small
subset of Markdown, and nothing else (:func:`label`): ``**strong**``, ``*emphasis*``, a footnote
citing one source ``^[@registry-id.]`` and a link to a section of the paper
``[Annex B](#sec-annex-countries)``. Every other character is text; a ``*`` outside the subset
stops the build, naming the label's file and line.
"""
from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Any

from pipeline import language, paths
from pipeline.errors import BuildFailed

#: ASCII punctuation that is never markup in pandoc's Markdown (a full stop: but after a list
#: number), left unescaped: pandoc's typography applies to it as to the prose.
NOT_MARKUP = "'\",;?/."
_ESCAPED = {char: "\\" + char for char in string.punctuation if char not in NOT_MARKUP}
#: A list marker opening the text ("1.", "a.", "iv."), whose full stop would start a list.
_LIST_NUMBER = re.compile(r"^(\s*(?:\d+|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+))\.(?=\s|$)")
_LINE_END = re.compile(r"\r\n|[\r\n]")
_TWO_BRACES = re.compile(r"\\\{(?=\\\{)")  # an escaped brace before another
#: Quarto's and the fallback's shortcodes open with "{{": a word joiner keeps two braces apart.
WORD_JOINER = "\u2060"
#: The ids a citation or a cross-reference may carry (the registry's, and Quarto's #fig-x).
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Markdown(str):
    """Markdown written by the code, from validated parts: passed into the paper as it is."""

    __slots__ = ()

    def __add__(self, other: object) -> Markdown:
        if isinstance(other, Markdown):
            return Markdown(str.__add__(self, other))
        raise TypeError("Markdown + plain text: escape the text with markup.text(), or use markup.join()")

    def __radd__(self, other: object) -> Markdown:
        raise TypeError("plain text + Markdown: escape the text with markup.text(), or use markup.join()")


def text(value: object, opening: bool = True) -> Markdown:
    """``value`` as literal text in pandoc's Markdown, on one line: what it says is what the reader
    sees. ``opening``: the value may open a block (a paragraph, a metadata value), where "1. " or
    "p. " would start a list; in a table cell or a citation's locator nothing can."""
    escaped = "".join(_ESCAPED.get(char, char) for char in _LINE_END.sub(" ", str(value)))
    if opening:
        escaped = _LIST_NUMBER.sub(r"\1\\.", escaped)
    return Markdown(_TWO_BRACES.sub("\\\\{" + WORD_JOINER, escaped))


def of(value: object) -> Markdown:
    """``value`` as Markdown: as it is if the code wrote it as Markdown, else as text."""
    return value if isinstance(value, Markdown) else text(value)


def join(parts: Iterable[object], separator: str = ", ") -> Markdown:
    """Markdown and plain parts joined by a plain ``separator``, each as :func:`of` makes it."""
    return Markdown(text(separator).join(of(part) for part in parts))


def blocks(parts: Iterable[object]) -> Markdown:
    """Paragraphs (or tables), each as :func:`of` makes it, separated by blank lines."""
    return Markdown("\n\n".join(of(part) for part in parts) + "\n")


def strong(value: object) -> Markdown:
    return Markdown(f"**{of(value)}**")


def emphasis(value: object) -> Markdown:
    return Markdown(f"*{of(value)}*")


def code(value: object) -> Markdown:
    """Inline code: a fence of more backticks than the value holds in a row (code is never parsed)."""
    value = _LINE_END.sub(" ", str(value))
    fence = "`" * (1 + max((len(run) for run in re.findall(r"`+", value)), default=0))
    padding = " " if value.startswith("`") or value.endswith("`") else ""
    return Markdown(f"{fence}{padding}{value}{padding}{fence}")


def identifier(value: str) -> str:
    """A registry id or a cross-reference id, checked: nothing else may follow an ``@`` or a ``#``."""
    if not _ID.fullmatch(value):
        raise ValueError(f"{value!r} is not an id (lower-case letters, digits and single hyphens)")
    return value


def citation(ids: Iterable[str], locator: str = "", author: bool = True) -> Markdown:
    """``[@a; @b]``; with ``locator`` (of a single id) ``[@a, p. 38]``; ``author=False``: ``[-@a]``."""
    keys = [("" if author else "-") + "@" + identifier(key) for key in ids]
    if not keys:
        raise ValueError("a citation needs at least one id")
    return Markdown("[" + "; ".join(keys) + (f", {text(locator, opening=False)}" if locator else "") + "]")


def footnote(value: object) -> Markdown:
    return Markdown(f"^[{of(value)}]")


def footnote_citation(ids: Iterable[str]) -> Markdown:
    """A footnote that cites its sources: ``^[@a; @b.]``."""
    return footnote(Markdown(citation(ids)[1:-1] + "."))


def link(value: object, anchor: str) -> Markdown:
    """A link to a section of the paper (``#sec-x``): the only links a label may hold."""
    return Markdown(f"[{of(value)}](#{identifier(anchor)})")


# --- The catalogue's subset of Markdown -------------------------------------------------------

#: What a label of the catalogues may write as Markdown; every other character is text.
LABEL_MARKUP = re.compile(
    r"\*\*(?P<strong>[^*]+)\*\*"
    r"|\*(?P<emphasis>[^*]+)\*"
    r"|\^\[@(?P<cite>[a-z0-9]+(?:-[a-z0-9]+)*)\.\]"
    r"|\[(?P<link>[^\[\]]+)\]\(#(?P<anchor>[a-z0-9]+(?:-[a-z0-9]+)*)\)")
_FIELD = re.compile("\ue000(\\d+)\ue001")  # a {field} of the label, while its markup is read
_STRAY = re.compile(r"\*|\^\[|\]\(")


class LabelMarkupError(BuildFailed):
    """A label writes Markdown outside the subset the catalogues may use."""


def label(key: str, lang: str, **fields: Any) -> Markdown:
    """The catalogue's label ``key`` in ``lang`` as Markdown: its own markup read by the subset
    (:data:`LABEL_MARKUP`), its words and every field (unless the code wrote it as
    :class:`Markdown`) as text."""
    template = language.label(key, lang)
    values: list[Markdown] = []
    marked = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        marked.append(literal)
        if name is None:
            continue
        if spec or conversion or name not in fields:
            _refuse(key, lang, f"its field {{{name}{'!' + conversion if conversion else ''}"
                               f"{':' + spec if spec else ''}}} is not one of {sorted(fields)}")
        values.append(of(fields[name]))
        marked.append(f"\ue000{len(values) - 1}\ue001")
    source = "".join(marked)
    out, at = [], 0
    for match in LABEL_MARKUP.finditer(source):
        out.append(_words(source[at:match.start()], values, key, lang))
        if match["strong"]:
            out.append(strong(_words(match["strong"], values, key, lang)))
        elif match["emphasis"]:
            out.append(emphasis(_words(match["emphasis"], values, key, lang)))
        elif match["cite"]:
            out.append(footnote_citation([match["cite"]]))
        else:
            out.append(link(_words(match["link"], values, key, lang), match["anchor"]))
        at = match.end()
    out.append(_words(source[at:], values, key, lang))
    return Markdown("".join(out))


def _words(source: str, values: list[Markdown], key: str, lang: str) -> Markdown:
    """A stretch of a label without markup: its words as text, its fields as they were made."""
    stray = _STRAY.search(_FIELD.sub("", source))
    if stray:
        _refuse(key, lang, f"{stray[0]!r} is Markdown outside what a label may write "
                           "(**strong**, *emphasis*, ^[@source-id.], [text](#sec-id))")
    parts, at = [], 0
    for match in _FIELD.finditer(source):
        parts += [text(source[at:match.start()]), values[int(match[1])]]
        at = match.end()
    parts.append(text(source[at:]))
    return Markdown("".join(parts))


def _refuse(key: str, lang: str, problem: str) -> None:
    entry = next((entry for entry in language.entries(lang) if entry.key == key), None)
    where = f"{paths.display(entry.file)}:{entry.line}:{entry.column}" if entry else paths.display(
        language.LABELS / f"{lang}.yml")
    raise LabelMarkupError(f"{where}: label {key}: {problem}; write it as text, or within that subset")
