"""The manuscript as the reader sees it: one reader, pandoc's own, for every check of the paper.

Why one reader: the guard, the list of included files, the parity of the two languages, the
renderer's reading of the front matter and the check of statements (issue 19) all ask what the
manuscript says. Each used to answer with regular expressions of its own, which disagreed with
pandoc, and so with the paper, at the edges: an unclosed backtick made a regex swallow
paragraphs that pandoc renders as prose. Here pandoc parses the manuscript (``pandoc --from
markdown --to json``, the reader options the render uses, :data:`READER`), and this module
walks its syntax tree once:

* :class:`Text`: every piece of prose the reader sees, in document order: the body, headings,
  footnotes, captions, table cells, alt text (``fig-alt``, ``alt``), a callout's title, and the
  front matter's title, subtitle, abstract, ``abstract-title``, ``toc-title``, authors and
  affiliations. Each knows its file and line, the divs it is in, and its :class:`Mark` s: the
  shortcodes (``{{< var >}}``, ``{{< include >}}``), citations, cross-references, inline code,
  raw markup and autolinks inside it, which are not words.
* :class:`Element`: the structure: headings, divs and spans (classes and attributes: conditional
  content, statements), figures and tables (identifiers), code blocks.
* :class:`Document`: one file (a manuscript, an included file, or a project's ``_quarto*.yml``,
  whose metadata Quarto lays over the front matter); :class:`Manuscript`: a manuscript with
  every file it includes, at any depth, and the project's metadata files beside it.

Where each text is: pandoc's markdown reader records no source positions, so each word pandoc
read (each ``Str``) is looked for in the source, in order, from where the previous one was
found, allowing for what the reader changes (curly apostrophes, dashes and ellipses from
``'``, ``--`` and ``...``, backslash escapes, entities, a no-break space after "p."). A
footnote is looked for where it is written: inline (``^[...]``) or at its definition
(``[^x]: ...``). A word not found keeps the place of the one before it, so a place is always
the line of the text or just before it, never after.
"""
from __future__ import annotations

import bisect
import functools
import json
import re
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator

from pipeline import paths, yamlfile
from pipeline.errors import BuildFailed

#: How pandoc reads the manuscript: the render's reader, and the Lua filter's for included files.
READER = ("--from", "markdown")
#: The folder of generated annexes: outputs of the pipeline, written into each staged project.
GENERATED = "_generated"
#: Front-matter fields the reader sees as text (besides ``author``'s names and affiliations,
#: and the words of ``language``).
PROSE_METADATA = ("title", "subtitle", "abstract", "abstract-title", "toc-title",
                  "reference-section-title")
#: Attributes whose values the reader sees (as alt text, a caption or a callout's title).
PROSE_ATTRIBUTES = {"fig-alt": "alt", "alt": "alt", "fig-cap": "caption", "tbl-cap": "caption",
                    "title": "callout-title"}
#: Quarto's cross-reference kinds: a citation ``@fig-x`` whose id starts with one is a reference.
CROSSREF_KINDS = ("fig", "tbl", "sec", "eq", "lst", "thm", "lem", "cor", "prp", "cnj", "def",
                  "exm", "exr", "sol", "rem")

_SHORTCODE = re.compile(r"\{\{<\s*(\S+?)\s+(.*?)\s*>\}\}|\{\{<\s*(\S+?)\s*>\}\}", re.S)
_QUOTES = "\"'“”‘’"


class ManuscriptError(BuildFailed):
    """pandoc cannot read a manuscript, or a file it includes does not exist."""


# --- What the reader sees -----------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where something is written: file, line and column (1-based)."""

    file: Path
    line: int
    column: int

    def __str__(self) -> str:
        return f"{paths.display(self.file)}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Element:
    """A heading, div, span, figure, table or code block, with its attributes.

    ``text`` is what it holds, as words (a span's or a heading's text, a code block's code).
    """

    kind: str  # "heading", "div", "span", "figure", "table", "image", "code"
    place: Place
    identifier: str = ""
    classes: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    level: int = 0  # a heading's
    target: str = ""  # an image's file
    text: str = ""
    automatic: bool = False  # a heading's identifier that pandoc made from its text

    @property
    def written(self) -> str:
        """``#id .class key=value``: the attributes as the manuscript writes them."""
        parts = [f"#{self.identifier}"] if self.identifier and not self.automatic else []
        return " ".join(parts + [f".{name}" for name in self.classes]
                        + [f"{key}={value}" for key, value in self.attributes])

    def attribute(self, name: str, default: str = "") -> str:
        return dict(self.attributes).get(name, default)


@dataclass(frozen=True)
class Mark:
    """A part of a :class:`Text` that is not words: its place in ``Text.text`` and what it is.

    kinds: ``shortcode`` (``name`` "var", "include", ...; ``argument`` the key or the path),
    ``citation`` and ``crossref`` (``name``: the id; the text holds ``@id``), ``code``, ``raw``
    (raw HTML, an HTML comment), ``uri`` (an autolink), ``math``, ``span`` (``element``: the span).
    """

    kind: str
    start: int
    end: int
    name: str = ""
    argument: str = ""
    element: Element | None = None


@dataclass(frozen=True)
class Text:
    """A piece of prose the reader sees: a paragraph, heading, footnote, cell, caption, alt text
    or a field of the front matter (``kind``), as words, with where each word is written."""

    kind: str
    text: str
    marks: tuple[Mark, ...]
    anchors: tuple[tuple[int, Place], ...]  # (offset in text, place of the word starting there)
    within: tuple[Element, ...] = ()  # the divs it is in, outermost first
    file: Path = field(default=Path("."))

    def place(self, offset: int = 0) -> Place:
        """Where the character at ``offset`` of :attr:`text` is written."""
        before = [(start, place) for start, place in self.anchors if start <= offset]
        if not before:
            return self.anchors[0][1] if self.anchors else Place(self.file, 1, 1)
        start, place = before[-1]
        return Place(place.file, place.line, place.column + (offset - start))

    def marked(self, *kinds: str) -> list[Mark]:
        return [mark for mark in self.marks if mark.kind in kinds]


@dataclass(frozen=True)
class Shortcode:
    """A ``{{< name argument >}}``, where it is and whether it is in prose (else code or an attribute)."""

    name: str
    argument: str
    place: Place
    prose: bool


@dataclass(frozen=True)
class Document:
    """One file as pandoc reads it: its metadata, its prose and its structure."""

    file: Path
    metadata: dict[str, Any]  # plain values: str, bool, list, dict
    texts: tuple[Text, ...]
    elements: tuple[Element, ...]
    shortcodes: tuple[Shortcode, ...]

    def marks(self, *kinds: str) -> Iterator[tuple[Text, Mark]]:
        for text in self.texts:
            for mark in text.marked(*kinds):
                yield text, mark


@dataclass(frozen=True)
class Included:
    """A file a manuscript includes: where it is, who includes it, how, and whether it is generated."""

    path: Path
    by: Path  # the file whose shortcode includes it
    target: str  # the path as the shortcode writes it
    generated: bool  # an output of the pipeline (under _generated/)
    place: Place | None = None

    @property
    def missing(self) -> bool:
        """A hand-written file that is not there (a generated one may just not be built yet)."""
        return not self.generated and not self.path.is_file()

    def __str__(self) -> str:
        return paths.display(self.path)


@dataclass(frozen=True)
class Manuscript:
    """A manuscript, the files it includes (read where they exist) and its project's metadata."""

    file: Path
    documents: tuple[Document, ...]  # the manuscript first, then its includes in document order
    includes: tuple[Included, ...]
    project: tuple[Document, ...]  # _quarto.yml and each _quarto-<profile>.yml beside it

    @property
    def texts(self) -> list[Text]:
        return [text for document in (*self.project, *self.documents) for text in document.texts]


# --- Reading ---------------------------------------------------------------------------------


def parse(source: str, file: Path, profiles: frozenset[str] | None = None) -> Document:
    """``source`` (the text of ``file``) as pandoc reads it; with ``profiles``, as an edition
    rendered with them shows it (its conditional content kept or dropped as Quarto does)."""
    tree = _pandoc_json(source, file)
    if profiles is not None:
        tree = {**tree, "blocks": _shown(tree["blocks"], profiles)}
    return _Walker(Path(file), source, tree).document()


#: Quarto's conditional content: the classes, and the attributes that name profiles.
CONDITIONS = ("content-visible", "content-hidden")
#: The classes of a sentence bound to a condition on the data (its ``check`` attribute names the
#: condition in paper/statements.yml), and of the escape for one that is not about the data.
STATEMENT, QUALITATIVE = "statement", "qualitative"


def visible(classes: list[str], attributes: list[list[str]], profiles: frozenset[str]) -> bool:
    """Whether a ``.content-visible`` / ``.content-hidden`` div or span shows with ``profiles``
    (``when-profile="a,b"``: any of them is active; ``unless-profile``: none is)."""
    named = dict(attributes)
    shown = True
    if "when-profile" in named:
        shown = bool(profiles & {p.strip() for p in named["when-profile"].split(",")})
    if "unless-profile" in named:
        shown = shown and not profiles & {p.strip() for p in named["unless-profile"].split(",")}
    return shown if "content-visible" in classes else not shown


def _shown(nodes: Any, profiles: frozenset[str]) -> Any:
    """The pandoc JSON ``nodes`` with conditional divs and spans unwrapped where they show and
    dropped where they do not."""
    if isinstance(nodes, dict):
        return {key: _shown(value, profiles) for key, value in nodes.items()}
    if not isinstance(nodes, list):
        return nodes
    kept = []
    for node in nodes:
        if isinstance(node, dict) and node.get("t") in ("Div", "Span"):
            (_identifier, classes, attributes), content = node["c"]
            if set(classes) & set(CONDITIONS):
                if visible(classes, attributes, profiles):
                    kept.extend(_shown(content, profiles))
                continue
        kept.append(_shown(node, profiles))
    return kept


def read_file(file: Path, profiles: frozenset[str] | None = None) -> Document:
    file = Path(file)
    return parse(file.read_text(encoding="utf-8"), file, profiles)


def read_metadata(file: Path) -> Document:
    """A YAML file of metadata (``_quarto.yml``, a profile's) as pandoc reads front matter."""
    file = Path(file)
    source = file.read_text(encoding="utf-8")
    malformed = yamlfile.problem(source, paths.display(file))
    if malformed:
        raise ManuscriptError(malformed)
    tree = _pandoc_json(f"---\n{source}\n---\n", file)
    return _Walker(file, source, tree).document()


def profile_metadata(document: Document, folder: Path, profile: str) -> Document | None:
    """The metadata an edition's profile (``_quarto-<profile>.yml`` in ``folder``) gives a document,
    as Quarto merges it: each edition's key messages are its profile's, unless the document's own
    front matter sets the same fields, which then win (the French paper keeps its own). None: the
    profile gives it none."""
    file = Path(folder) / f"_quarto-{profile}.yml"
    if not file.is_file():
        return None
    given = read_metadata(file)
    return None if set(given.metadata) & set(document.metadata) & set(PROSE_METADATA) else given


def front_matter(file: Path) -> dict[str, Any]:
    """The front matter of ``file``, parsed by pandoc (as Quarto does), as plain values."""
    return read_file(file).metadata


def project_files(folder: Path) -> list[Path]:
    """The project's metadata files beside a manuscript: ``_quarto.yml``, then its profiles'."""
    folder = Path(folder)
    main = [folder / "_quarto.yml"] if (folder / "_quarto.yml").is_file() else []
    return main + sorted(folder.glob("_quarto-*.yml"))


def read(manuscript: Path, generated: Path | None = None, project: bool = True,
         profiles: frozenset[str] | None = None) -> Manuscript:
    """``manuscript``, every file it includes at any depth (each once), and (``project``) its
    project's metadata files; with ``profiles``, as an edition rendered with them shows them (the
    files its hidden content includes are not read).

    Included paths are resolved as Quarto and the fallback's filter resolve them: relative to the
    file holding the shortcode, or, starting with ``/``, to the manuscript's folder. A file
    under ``_generated/`` is an output of the pipeline: it is looked for in ``generated`` (the
    ``_generated`` folder of a staged project) when given, else beside the manuscript, and read
    only if it is there; a missing hand-written file is listed (``missing``), not read.
    """
    manuscript = Path(manuscript).resolve()
    project_dir = manuscript.parent
    documents = [read_file(manuscript, profiles)]
    found: dict[Path, Included] = {}

    def visit(document: Document) -> None:
        for shortcode in document.shortcodes:
            if shortcode.name != "include" or not shortcode.prose:
                continue
            target = shortcode.argument
            written = ((project_dir / target.lstrip("/")) if target.startswith("/")
                       else (document.file.parent / target)).resolve()
            is_generated = project_dir / GENERATED in written.parents
            path = (Path(generated) / written.relative_to(project_dir / GENERATED)
                    if is_generated and generated is not None else written)
            if written in found or written == manuscript:
                continue
            found[written] = Included(path, document.file, target, is_generated, shortcode.place)
            if path.is_file():
                child = read_file(path, profiles)
                documents.append(child)
                visit(child)

    visit(documents[0])
    metadata = tuple(read_metadata(path) for path in project_files(project_dir)) if project else ()
    return Manuscript(manuscript, tuple(documents), tuple(found.values()), metadata)


#: Pandoc's warning for a div it closes itself at the end of the file: the rest of the file is
#: then inside it (a Note box, conditional content), or lost with it.
_UNCLOSED = re.compile(r"(\w+) at (?:\S+ )?line (\d+) column (\d+) unclosed")


@functools.lru_cache(maxsize=64)
def _pandoc_json_cached(source: str, name: str) -> dict:
    import pypandoc

    done = subprocess.run([pypandoc.get_pandoc_path(), *READER, "--to", "json"], input=source,
                          capture_output=True, text=True, encoding="utf-8")
    if done.returncode != 0:
        message = " ".join(done.stderr.split()) or f"exit status {done.returncode}"
        if "YAML" in message:  # pandoc counts the lines of its YAML block, not of the file
            raise ManuscriptError(yamlfile.front_matter_problem(source, name)
                                  or f"{name}: pandoc cannot read its YAML: {message}")
        raise ManuscriptError(f"{name}: pandoc cannot read it: {message}")
    unclosed = _UNCLOSED.search(done.stderr)
    if unclosed:
        what, line, column = unclosed.groups()
        raise ManuscriptError(f"{name}:{line}:{column}: this {what.lower()} (:::) is never closed, so "
                              "everything after it to the end of the file would be inside it: close it "
                              "with a line ':::' where it ends")
    return json.loads(done.stdout)


def _pandoc_json(source: str, file: Path) -> dict:
    return _pandoc_json_cached(source, paths.display(file))


# --- Plain values ------------------------------------------------------------------------------


def plain(value: dict) -> Any:
    """A pandoc metadata value as Python: text as a string, lists, maps, booleans."""
    kind, content = value["t"], value.get("c")
    if kind == "MetaMap":
        return {key: plain(item) for key, item in content.items()}
    if kind == "MetaList":
        return [plain(item) for item in content]
    if kind == "MetaBool":
        return bool(content)
    if kind == "MetaString":
        return content
    if kind == "MetaInlines":
        return stringify(content)
    return "\n\n".join(stringify(_block_inlines(block)) for block in content)  # MetaBlocks


def stringify(inlines: list[dict]) -> str:
    """Inlines as text (what ``pandoc.utils.stringify`` gives)."""
    out = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Code", "Math", "RawInline"):
            out.append(content[1])
        elif kind == "Quoted":
            out.append(stringify(content[1]))
        elif kind in ("Link", "Image"):
            out.append(stringify(content[1]))
        elif kind == "Cite":
            out.append(stringify(content[1]))
        elif kind in ("Span",):
            out.append(stringify(content[1]))
        elif kind == "Note":
            continue
        elif isinstance(content, list):
            out.append(stringify(content))
    return "".join(out)


def _block_inlines(block: dict) -> list[dict]:
    kind, content = block["t"], block.get("c")
    if kind in ("Plain", "Para"):
        return content
    if kind == "Header":
        return content[2]
    return []


# --- Finding words in the source -------------------------------------------------------------


_SAME = {
    "’": "(?:’|')", "‘": "(?:‘|')", "“": "(?:“|\")", "”": "(?:”|\")",
    "–": "(?:–|--)", "—": "(?:—|---)", "…": "(?:…|\\.\\.\\.)",
    "\u00a0": "(?:\u00a0|\\\\ |&nbsp;|&#160;|\\s+)",
    "&": "(?:&amp;|&)", "<": "(?:&lt;|<)", ">": "(?:&gt;|>)",
}


@functools.lru_cache(maxsize=65536)
def _word_pattern(word: str) -> re.Pattern:
    parts = []
    for char in word:
        if char in _SAME:
            parts.append(_SAME[char])
        elif char.isalnum():
            parts.append(re.escape(char))
        else:
            parts.append("\\\\?" + re.escape(char))  # "\|", "\*": pandoc drops the backslash
    return re.compile("".join(parts))


#: How far past the previous word the next is looked for: farther than any markup between two
#: words (a link's target, an attribute block), nearer than the rest of the file.
_REACH = 1000


class _Source:
    """A file's text, where words are looked for, and its line starts."""

    def __init__(self, file: Path, text: str) -> None:
        self.file, self.text = file, text
        self._lines = [0] + [m.end() for m in re.finditer("\n", text)]

    def find(self, word: str, start: int) -> tuple[int, int] | None:
        """Where ``word`` is written, from ``start`` on and not beyond :data:`_REACH` (a word
        pandoc made up, or wrote otherwise, must not send the search to the end of the file)."""
        end = start + _REACH + 4 * len(word)
        if word.isalnum():
            at = self.text.find(word, start, end)
            return (at, at + len(word)) if at != -1 else None
        match = _word_pattern(word).search(self.text, start, end)
        return match.span() if match else None

    def declares(self, identifier: str, start: int) -> bool:
        """Whether an attribute block from ``start`` on declares ``identifier`` (``{#sec-x ...}``):
        where a heading's words were not found on its line (conditional content an edition drops
        lies between it and the cursor, farther than :data:`_REACH`), its identifier, unique in
        the file, says whether the manuscript wrote it."""
        return re.search(r"\{[^}\n]*#" + re.escape(identifier) + r"[\s}]", self.text[start:]) is not None

    def line(self, number: int) -> str:
        """The text of line ``number`` (1-based), without its end."""
        if not 0 < number <= len(self._lines):
            return ""
        end = self.text.find("\n", self._lines[number - 1])
        return self.text[self._lines[number - 1]:end if end != -1 else len(self.text)]

    def place(self, offset: int) -> Place:
        line = bisect.bisect_right(self._lines, offset)
        return Place(self.file, line, offset - self._lines[line - 1] + 1)


@dataclass
class _Cursor:
    at: int = 0


class _Builder:
    """One :class:`Text` being written from inlines, its words found in the source."""

    def __init__(self, walker: _Walker, kind: str, cursor: _Cursor, within: tuple[Element, ...]) -> None:
        self.walker, self.kind, self.cursor, self.within = walker, kind, cursor, within
        self.parts: list[str] = []
        self.length = 0
        self.marks: list[Mark] = []
        self.anchors: list[tuple[int, Place]] = []
        self.notes: list[Text] = []  # the footnotes in it: they follow it

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def word(self, word: str) -> None:
        found = self.walker.source.find(word, self.cursor.at)
        if found is not None:
            self.anchors.append((self.length, self.walker.source.place(found[0])))
            self.cursor.at = found[1]
        self.write(word)

    def verbatim(self, code: str) -> None:
        """Code or raw markup: written as it is in the source (found whole, not word by word)."""
        found = self.walker.source.text.find(code, self.cursor.at)
        if found != -1:
            self.anchors.append((self.length, self.walker.source.place(found)))
            self.cursor.at = found + len(code)
        self.write(code)

    def text_place(self, offset: int) -> Place:
        """The place of what was written from ``offset`` on (else where the cursor is)."""
        after = [place for start, place in self.anchors if start >= offset]
        return after[0] if after else self.walker.source.place(self.cursor.at)

    def text(self) -> Text:
        text = "".join(self.parts)
        marks = list(self.marks)
        hidden = [(m.start, m.end) for m in marks if m.kind in ("code", "raw")]
        for match in _SHORTCODE.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in hidden):
                continue
            name = match[1] or match[3]
            marks.append(Mark("shortcode", match.start(), match.end(), name, _unquote(match[2] or "")))
        marks.sort(key=lambda mark: (mark.start, -mark.end))
        return Text(self.kind, text, tuple(marks), tuple(self.anchors), self.within, self.walker.file)


def _unquote(argument: str) -> str:
    argument = argument.strip()
    if len(argument) >= 2 and argument[0] in _QUOTES and argument[-1] in _QUOTES:
        return argument[1:-1]
    return argument


# --- Walking pandoc's tree ---------------------------------------------------------------------


class _Walker:
    """Walks one file's tree once, writing its texts, elements and shortcodes in document order."""

    def __init__(self, file: Path, source: str, tree: dict) -> None:
        self.file, self.tree = file, tree
        self.source = _Source(file, source)
        self.texts: list[Text] = []
        self.elements: list[Element] = []
        self.shortcodes: list[Shortcode] = []

    def document(self) -> Document:
        meta = self.tree.get("meta", {})
        self._metadata(meta)
        self._blocks(self.tree.get("blocks", []), "body", _Cursor(self._front_matter_end()), ())
        metadata = {key: plain(value) for key, value in meta.items()}
        return Document(self.file, metadata, tuple(self.texts), tuple(self.elements), tuple(self.shortcodes))

    def _front_matter_end(self) -> int:
        """Where the body starts: after the front matter, whose words are found field by field."""
        text = self.source.text
        if not text.startswith("---"):
            return 0
        end = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M).search(text, 3)
        return end.end() if end else 0

    def _key_at(self, key: str) -> int:
        found = re.compile(rf"^{re.escape(key)}[ \t]*:", re.M).search(self.source.text)
        return found.end() if found else 0

    # Metadata

    def _metadata(self, meta: dict) -> None:
        for key in PROSE_METADATA:
            if key in meta:
                self._meta_value(meta[key], key, _Cursor(self._key_at(key)))
        if "author" in meta:
            cursor = _Cursor(self._key_at("author"))
            authors = meta["author"]
            for author in authors["c"] if authors["t"] == "MetaList" else [authors]:
                if author["t"] != "MetaMap":
                    self._meta_value(author, "author", cursor)
                    continue
                fields = author["c"]
                if "name" in fields:
                    self._meta_value(fields["name"], "author", cursor)
                for key in ("affiliation", "affiliations"):
                    if key in fields:
                        self._meta_value(fields[key], "affiliation", cursor)
        if "language" in meta and meta["language"]["t"] == "MetaMap":
            cursor = _Cursor(self._key_at("language"))
            for value in meta["language"]["c"].values():
                self._meta_value(value, "language", cursor)

    def _meta_value(self, value: dict, kind: str, cursor: _Cursor) -> None:
        tag, content = value["t"], value.get("c")
        if tag == "MetaInlines":
            builder = _Builder(self, kind, cursor, ())
            self._inlines(content, builder)
            self._finish(builder)
        elif tag == "MetaString":
            builder = _Builder(self, kind, cursor, ())
            self._words(builder, content)
            self._finish(builder)
        elif tag == "MetaBlocks":
            self._blocks(content, kind, cursor, ())
        elif tag == "MetaList":
            for item in content:
                self._meta_value(item, kind, cursor)
        elif tag == "MetaMap":
            for key in ("name", "text"):
                if key in content:
                    self._meta_value(content[key], kind, cursor)

    # Blocks

    def _finish(self, builder: _Builder) -> None:
        """The text the builder wrote, then the footnotes it holds (written where they are)."""
        if builder.parts:
            text = builder.text()
            self.texts.append(text)
            self.shortcodes += [Shortcode(mark.name, mark.argument, text.place(mark.start), True)
                                for mark in text.marked("shortcode")]
        self.texts.extend(builder.notes)  # their shortcodes were listed as they were read

    def _element(self, kind: str, attr: list, place: Place, **fields: Any) -> Element:
        identifier, classes, attributes = attr
        element = Element(kind, place, identifier, tuple(classes),
                          tuple((k, v) for k, v in attributes), **fields)
        self.elements.append(element)
        return element

    def _words(self, builder: _Builder, text: str) -> None:
        """Plain text (an attribute's value, a metadata string): its words, found one by one."""
        for n, word in enumerate(text.split()):
            if n:
                builder.write(" ")
            builder.word(word)

    def _prose_attributes(self, element: Element, cursor: _Cursor, within: tuple[Element, ...]) -> None:
        for name, value in element.attributes:
            if name in PROSE_ATTRIBUTES and value.strip():
                builder = _Builder(self, PROSE_ATTRIBUTES[name], cursor, within)
                self._words(builder, value)
                self._finish(builder)

    def _blocks(self, blocks: list[dict], kind: str, cursor: _Cursor, within: tuple[Element, ...],
                flow: bool = True) -> None:
        """``flow``: each block starts on a line of its own (the body, a div, a list), as opposed
        to the blocks of a table cell, a caption or a footnote, which go on where the text is."""
        for block in blocks:
            if flow:
                self._start(cursor)
            self._block(block, kind, cursor, within)

    def _block(self, block: dict, kind: str, cursor: _Cursor, within: tuple[Element, ...]) -> None:
        tag, content = block["t"], block.get("c")
        place = self.source.place(cursor.at)
        if tag in ("Plain", "Para"):
            builder = _Builder(self, kind, cursor, within)
            self._inlines(content, builder)
            self._finish(builder)
        elif tag == "LineBlock":
            builder = _Builder(self, kind, cursor, within)
            for n, line in enumerate(content):
                if n:
                    builder.write("\n")
                self._inlines(line, builder)
            self._finish(builder)
        elif tag == "Header":
            level, attr, inlines = content
            start = cursor.at
            builder = _Builder(self, "heading", cursor, within)
            self._inlines(inlines, builder)
            if builder.anchors:  # the line its words are on (the cursor may lag behind a comment)
                place = replace(place, line=builder.anchors[0][1].line, column=1)
            written = f"#{attr[0]}" in self.source.line(place.line) or self.source.declares(attr[0], start)
            self._element("heading", attr, place, level=level, text="".join(builder.parts),
                          automatic=bool(attr[0]) and not written)
            self._finish(builder)
        elif tag in ("CodeBlock", "RawBlock"):
            attr_or_format, code = content
            if tag == "CodeBlock":
                self._code_shortcodes(code, place)
                self._element("code", attr_or_format, place, text=code)
            self._pass(code, cursor)
        elif tag == "BlockQuote":
            self._blocks(content, kind, cursor, within)
        elif tag in ("BulletList", "OrderedList"):
            for item in content if tag == "BulletList" else content[1]:
                self._blocks(item, kind, cursor, within)
        elif tag == "DefinitionList":
            for term, definitions in content:
                builder = _Builder(self, kind, cursor, within)
                self._inlines(term, builder)
                self._finish(builder)
                for definition in definitions:
                    self._blocks(definition, kind, cursor, within)
        elif tag == "Div":
            attr, inner = content
            text = " ".join(stringify(_block_inlines(b)) for b in inner if _block_inlines(b))
            element = self._element("div", attr, place, text=text)
            self._prose_attributes(element, cursor, within)
            self._blocks(inner, kind, cursor, (*within, element))
            self._start(cursor)
            closing = _CLOSING_FENCE_LINE.match(self.source.text, cursor.at)
            cursor.at = closing.end() if closing else cursor.at
        elif tag == "Figure":
            attr, caption, inner = content
            element = self._element("figure", attr, place, target=_image_target(inner))
            self._blocks(caption[1], "caption", cursor, within, flow=False)
            self._figure_images(inner, cursor, within)
            self._prose_attributes(element, cursor, within)
        elif tag == "Table":
            self._table(content, place, cursor, within)
        # HorizontalRule: nothing to read

    def _start(self, cursor: _Cursor) -> None:
        """Move ``cursor`` to where the next block starts: the next line, past blank lines and the
        definitions of footnotes and links (read where they are cited)."""
        text, at = self.source.text, cursor.at
        if at and text[at - 1] != "\n":
            newline = text.find("\n", at)
            at = len(text) if newline == -1 else newline + 1
        while at < len(text):
            line_end = text.find("\n", at)
            line_end = len(text) if line_end == -1 else line_end
            line = text[at:line_end]
            if not line.strip() or _LINK_DEFINITION.match(line):
                at = line_end + 1
            elif _NOTE_DEFINITION.match(line):
                at = self._past_note_definition(line_end)
            else:
                break
        cursor.at = min(max(cursor.at, at), len(text))

    def _past_note_definition(self, at: int) -> int:
        """The end of a footnote's definition whose first line ends at ``at``: the lines that go
        on (lazily, or indented after a blank line)."""
        text, blank = self.source.text, False
        while at < len(text):
            line_end = text.find("\n", at + 1)
            line_end = len(text) if line_end == -1 else line_end
            line = text[at + 1:line_end]
            if not line.strip():
                blank = True
            elif line[:1] in " \t" or (not blank and not _NOTE_DEFINITION.match(line)):
                blank = False
            else:
                return at + 1
            at = line_end
        return len(text)

    def _pass(self, code: str, cursor: _Cursor) -> None:
        """Move past a code or raw block's text (its words are not prose, and may be anything)."""
        first = code.split("\n", 1)[0]
        found = self.source.text.find(first, cursor.at) if first else -1
        if found != -1:
            cursor.at = found + len(first)
            rest = code[len(first):]
            if rest and self.source.text.startswith(rest, cursor.at):
                cursor.at += len(rest)

    def _figure_images(self, blocks: list[dict], cursor: _Cursor, within: tuple[Element, ...]) -> None:
        """A figure's image: its caption is the figure's (read once); its attributes (fig-alt) are prose."""
        for block in blocks:
            for inline in _block_inlines(block):
                if inline["t"] == "Image":
                    attr, _description, (target, _title) = inline["c"]
                    element = self._element("image", attr, self.source.place(cursor.at), target=target)
                    self._prose_attributes(element, cursor, within)

    def _table(self, content: list, place: Place, cursor: _Cursor, within: tuple[Element, ...]) -> None:
        attr, caption, _specs, head, bodies, foot = content
        element = self._element("table", attr, place)
        rows = list(head[1])
        for body in bodies:
            rows += body[2] + body[3]
        rows += foot[1]
        for row in rows:
            for cell in row[1]:
                self._blocks(cell[4], "cell", cursor, within, flow=False)
        self._blocks(caption[1], "caption", cursor, within, flow=False)
        self._prose_attributes(element, cursor, within)

    def _code_shortcodes(self, code: str, place: Place) -> None:
        for match in _SHORTCODE.finditer(code):
            self.shortcodes.append(Shortcode(match[1] or match[3], _unquote(match[2] or ""), place, False))

    # Inlines

    def _inlines(self, inlines: list[dict], builder: _Builder) -> None:
        for inline in inlines:
            self._inline(inline, builder)

    def _inline(self, inline: dict, builder: _Builder) -> None:
        tag, content = inline["t"], inline.get("c")
        if tag == "Str":
            builder.word(content)
        elif tag in ("Space", "SoftBreak"):
            builder.write(" ")
        elif tag == "LineBreak":
            builder.write("\n")
        elif tag in ("Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            self._inlines(content, builder)
        elif tag == "Quoted":
            opening, closing = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
            builder.write(opening)
            self._inlines(content[1], builder)
            builder.write(closing)
        elif tag == "Cite":
            self._cite(content[0], builder)
        elif tag in ("Code", "Math", "RawInline"):
            start = builder.length
            builder.verbatim(content[1])
            builder.marks.append(Mark({"Code": "code", "Math": "math", "RawInline": "raw"}[tag], start,
                                      builder.length))
            if tag == "Code":
                self._code_shortcodes(content[1], builder.text_place(start))
        elif tag == "Link":
            attr, inner, _target = content
            start = builder.length
            self._inlines(inner, builder)
            if {"uri", "email"} & set(attr[1]):
                builder.marks.append(Mark("uri", start, builder.length))
        elif tag == "Image":
            attr, inner, (target, _title) = content
            start = builder.length
            self._inlines(inner, builder)
            element = self._element("image", attr, builder.text_place(start), target=target)
            self._prose_attributes(element, builder.cursor, builder.within)
        elif tag == "Span":
            attr, inner = content
            start = builder.length
            self._inlines(inner, builder)
            element = self._element("span", attr, builder.text_place(start), text=stringify(inner))
            builder.marks.append(Mark("span", start, builder.length, element=element))
            self._prose_attributes(element, builder.cursor, builder.within)
        elif tag == "Note":
            self._note(content, builder)

    def _cite(self, citations: list[dict], builder: _Builder) -> None:
        """Each citation as its prefix, ``@id`` (marked) and its suffix (the locator, then words)."""
        for n, citation in enumerate(citations):
            if n:
                builder.write("; ")
            if citation["citationPrefix"]:
                self._inlines(citation["citationPrefix"], builder)
                builder.write(" ")
            identifier = citation["citationId"]
            kind = "crossref" if identifier.split("-")[0] in CROSSREF_KINDS and "-" in identifier else "citation"
            start = builder.length
            builder.word("@" + identifier)
            builder.marks.append(Mark(kind, start, builder.length, identifier))
            if citation["citationMode"]["t"] == "AuthorInText" and citation["citationSuffix"]:
                builder.write(" ")
            self._inlines(citation["citationSuffix"], builder)

    _INLINE_NOTE = re.compile(r"\s*\^\[")
    _NOTE_REFERENCE = re.compile(r"\s*\[\^([^\]\s]+)\]")

    def _note(self, blocks: list[dict], builder: _Builder) -> None:
        """A footnote's texts, looked for where the note is written: inline, or at its definition;
        they come after the text that holds the note."""
        text, at = self.source.text, builder.cursor.at
        inline = self._INLINE_NOTE.match(text, at)
        reference = self._NOTE_REFERENCE.match(text, at)
        if inline:
            cursor = _Cursor(inline.end())
        elif reference:
            definition = re.compile(rf"^ {{0,3}}\[\^{re.escape(reference[1])}\]:", re.M).search(text)
            cursor = _Cursor(definition.end() if definition else reference.end())
        else:
            cursor = _Cursor(at)
        first = len(self.texts)
        self._blocks(blocks, "footnote", cursor, builder.within, flow=False)
        builder.notes.extend(self.texts[first:])
        del self.texts[first:]
        if inline:
            builder.cursor.at = max(builder.cursor.at, cursor.at)
        elif reference:
            builder.cursor.at = reference.end()


_CLOSING_FENCE_LINE = re.compile(r" {0,3}:{3,}[ \t]*(?:\n|$)")
_LINK_DEFINITION = re.compile(r" {0,3}\[(?!\^)[^\]]+\]:[ \t]+\S")
_NOTE_DEFINITION = re.compile(r" {0,3}\[\^[^\]\s]+\]:")


def _image_target(blocks: list[dict]) -> str:
    for block in blocks:
        for inline in _block_inlines(block):
            if inline["t"] == "Image":
                return inline["c"][2][0]
    return ""
