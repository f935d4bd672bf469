"""The source registry (``sources/registry.yml``): what each cited document or data file is.

Loaded into frozen dataclasses so that the resolver, the fetcher, the provenance sidecars, the
bibliography and the PDF claim checker all read one description of a source.

The file is edited by hand, so it is checked as a whole and every problem is reported at once,
each with its line (``sources/registry.yml:42: source eurostat-thb-2015: accessed: '2015-13-01'
is not a date (YYYY-MM-DD)``): the YAML is composed into nodes, which keep their position, and
each value is typed from its text here rather than by YAML's implicit rules (which would turn
``2015-13-01`` into a crash and ``page: 38`` into a number).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from pipeline import language, paths
from pipeline.errors import Reported

#: Kinds of source and the file names each may have: a kind is what the resolver checks a file
#: against (pipeline.sources.resolve.check_type). ``rda`` is an R data file (read with pyreadr),
#: ``dta`` a Stata file, ``text`` plain text (Markdown, R documentation, a codebook, a report's
#: text), ``json`` a JSON document.
EXTENSIONS = {"pdf": (".pdf",), "xlsx": (".xlsx",), "csv": (".csv",), "csv.gz": (".csv.gz",),
              "rda": (".rda",), "dta": (".dta",), "text": (".md", ".Rd", ".txt"), "json": (".json",),
              "web": (), "document": ()}
KINDS = tuple(EXTENSIONS)
#: Kinds that are no file: a page of the web, and a ``document``: a primary document (a law, a
#: treaty, a decision, a declaration, a report) cited as itself, with its own date, whether or
#: not a copy of it is in hand. A fact is cited to its document; the pages that confirmed it are
#: recorded beside the fact (``verified_by`` in sources/facts/), never cited in its place.
NOT_FILES = ("web", "document")
#: Data files: an edition dated before their export cites them as the publisher's ``series``.
DATA_KINDS = ("xlsx", "csv", "csv.gz", "rda", "dta", "json")
REQUIRED = ("id", "kind", "producer", "title", "year", "url", "licence")
#: A data file says what date its copy is of (its export); ``accessed`` is never required: it is
#: a day someone consulted the document, printed only where one is known.
REQUIRED_OF_DATA = (*REQUIRED, "copy_date")
#: A document may have no address (a law known by its number and date) and no licence.
REQUIRED_OF_DOCUMENT = ("id", "kind", "producer", "title", "year")
OPTIONAL = ("accessed", "copy_date", "date", "series", "cited_in", "file", "sha256", "bytes",
            "download_url", "retrieved_from", "bib", "claims", "release", "copy_of")
#: BibLaTeX entry types whose rendering by pandoc's citeproc was checked (see pipeline.sources.bib).
BIB_ENTRIES = ("report", "misc", "dataset", "online")
#: What a source may give in another language of the paper, as ``<field>_<code>`` for each
#: language with a locale record but the registry's own (English): ``title_fr`` the official
#: title of that language's text, ``url_fr`` the address of that text (made from ``url`` by a
#: scheme of :data:`URL_SCHEMES`, never guessed), ``bib_fr`` the BibLaTeX fields that replace
#: ``bib``'s in that language's bibliography (the Official Journal or Treaty Series as it cites
#: them, a description in its words). :meth:`Source.in_language` applies them.
TRANSLATED = ("title", "url", "bib")
#: How the address of a document's text in another language is made from its English one, by
#: host: the language in the path (EUR-Lex /EN/ -> /FR/, the Council of Europe /en/web/ ->
#: /fr/web/, UNODC /unodc/en/ -> /unodc/fr/), in an Official Journal reference (EUR-Lex's
#: ``...:EN:PDF`` -> ``...:FR:PDF``) or in a parameter (the UN Treaty Collection's lang=en ->
#: lang=fr). ``{lang}`` / ``{LANG}``: the language's code, lower or upper case.
URL_SCHEMES = {
    "eur-lex.europa.eu": (("/EN/", "/{LANG}/"), (":EN:PDF", ":{LANG}:PDF")),
    "www.coe.int": (("/en/web/", "/{lang}/web/"),),
    "www.unodc.org": (("/unodc/en/", "/unodc/{lang}/"),),
    "unodc.org": (("/unodc/en/", "/unodc/{lang}/"),),
    "treaties.un.org": (("lang=en", "lang={lang}"),),
}

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DOCUMENT_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
_YEAR = re.compile(r"\d{4}")
UNDATED = "n.d."
_PAGE = re.compile(r"[0-9ivxlcdm]+(?:-[0-9ivxlcdm]+)?")  # a printed label, or a range of them
_LOCATOR = re.compile(r"Art\. \d+(?:\([0-9a-z]+\))*")  # an article and its parts: "Art. 6(1)(c)"
#: Who quotes a claim: the concept note (the default), or the paper itself.
#: Who quotes a claim: the concept note, the paper itself, or neither ("data": a publisher's passage
#: the data rest on, a definition, checked so that the note can say the copy holds it).
QUOTED_BY = ("concept note", "paper", "data")
_DATA_KEY = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+")  # a key of paper/_variables.yml
_NULL = "tag:yaml.org,2002:null"
#: libyaml's parser where PyYAML has it (its wheels do): the registry is read by every step.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NO_CLAIMS = yaml.SequenceNode("tag:yaml.org,2002:seq", [])


class RegistryError(Reported, ValueError):
    """The registry is malformed (or lacks an id); ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else problems
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Claim:
    """What the concept note takes from a document, for the claims check (pipeline.analysis.claims)."""

    text: str  # the words or number as the note gives them
    page: str | None = None  # printed page label or "81-86"; None: the note gives no page
    note: str = ""
    figure: str = ""  # a figure the note quotes, in its words: "almost 5.000 dead or missing"
    data_key: tuple[str, ...] = ()  # the key figures (paper/_variables.yml) that check it
    locator: str | None = None  # instead of a page, in a text: "Art. 3", "Art. 6(1)(c)"
    quoted_by: str = "concept note"  # or "paper" (a quotation of its own), or "data" (QUOTED_BY)
    name: str = ""  # a figure the paper cites as the document gives it: its key figure's name


@dataclass(frozen=True)
class Release:
    """When the publisher had released an observation: the rule an "as of" cut applies.

    ``dated``: an observation is known ``lag_days`` after the end of its own period (the day,
    month or year it is dated by). ``annual``: the observations of year Y are known from the
    date ``on`` (MM-DD) of year Y + ``years_after``. ``fixed``: everything the file holds is
    known from ``date`` (a file coded once, such as a research data set), and nothing dated
    after the as-of date. ``basis`` says why, and whether the lag is a conservative choice.
    """

    rule: str
    basis: str
    lag_days: int = 0
    years_after: int = 0
    on: str = "12-31"
    date: dt.date | None = None


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    producer: str
    title: str
    year: int | None  # None: the page bears no date (``n.d.`` in the registry)
    url: str
    accessed: dt.date | None  # None: nobody is known to have consulted it on a given day
    licence: str
    file: str | None = None
    sha256: str = ""
    bytes: int | None = None  # the size of the pinned copy: caps its download
    bib: dict[str, Any] = field(default_factory=dict)
    download_url: str = ""
    retrieved_from: str = ""
    cited_in: str = ""
    claims: tuple[Claim, ...] = ()
    release: Release | None = None
    copy_of: str = ""  # a text: the id of the cited document it is the copy in hand of
    date: str = ""  # the document's own date, YYYY-MM-DD or YYYY-MM (finer than ``year``)
    copy_date: dt.date | None = None  # the date of the copy in hand (a data file's export)
    series: str = ""  # a data file: the publisher's series, as an edition before the export cites it
    #: In another language (:data:`TRANSLATED`): code -> {"title": ..., "url": ..., "bib": {...}}.
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)

    def in_language(self, lang: str) -> Source:
        """This source as the bibliography of ``lang`` cites it: its title, address and BibLaTeX
        fields in that language where the registry gives them, else the registry's own."""
        given = self.translations.get(lang, {})
        return replace(self, title=given.get("title", self.title), url=given.get("url", self.url),
                       bib={**self.bib, **given.get("bib", {})})

    @property
    def recorded(self) -> dt.date | None:
        """The date the provenance of a table records for this source: its copy's date, else the
        day it was consulted, else its own date."""
        return self.copy_date or self.accessed or self.issued

    @property
    def issued(self) -> dt.date | None:
        """The first day the document may have existed: its ``date``, else 1 January of its year."""
        if self.date:
            return dt.date.fromisoformat(self.date if len(self.date) == 10 else self.date + "-01")
        return dt.date(self.year, 1, 1) if self.year is not None else None

    @property
    def fetch_url(self) -> str:
        """Where the file is downloaded from: ``download_url``, else a PDF's own ``url``, else ""."""
        return _fetch_url(self.kind, self.url, self.download_url)


def translated_urls(url: str, lang: str) -> set[str]:
    """The addresses of ``url``'s text in ``lang`` that :data:`URL_SCHEMES` make (none: no scheme
    for its host, or nothing to change)."""
    schemes = URL_SCHEMES.get(urlsplit(url).hostname or "", ())
    made = {url.replace(english, other.format(lang=lang, LANG=lang.upper())) for english, other in schemes
            if english in url}
    return made - {url}


def _translated(name: str) -> tuple[str, str] | None:
    """``("title", "fr")`` for ``title_fr``, if ``fr`` is a language of the paper other than the
    registry's own; else None."""
    field_name, _, code = name.rpartition("_")
    if field_name in TRANSLATED and code in language.languages() and code != language.DEFAULT:
        return field_name, code
    return None


def _fetch_url(kind: str, url: str, download_url: str) -> str:
    # The concept note links its PDFs directly; a data file's `url` is the publisher's page.
    return download_url or (url if kind == "pdf" else "")


class _Bad(ValueError):
    """A value that is not what its field takes (the message says what it should be)."""


def _text(node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _Bad("must be a single value, not a list or a mapping")
    return "" if node.tag == _NULL else node.value


def _matching(pattern: re.Pattern[str], what: str):
    def parse(node: yaml.Node) -> str:
        value = _text(node)
        if not pattern.fullmatch(value):
            raise _Bad(f"{value!r} is not {what}")
        return value
    return parse


def _one_of(choices: tuple[str, ...]):
    def parse(node: yaml.Node) -> str:
        value = _text(node)
        if value not in choices:
            raise _Bad(f"{value!r} is not one of {', '.join(choices)}")
        return value
    return parse


def _year(node: yaml.Node) -> int | None:
    """A year, or ``n.d.`` for a page that bears no date: the bibliography then prints "no
    date" instead of passing off the year it was consulted as the year it was published."""
    if _text(node) == UNDATED:
        return None
    return int(_matching(_YEAR, f"a year (YYYY), or {UNDATED} for an undated page")(node))


def _date(node: yaml.Node) -> dt.date:
    value = _text(node)
    if _DATE.fullmatch(value):
        with contextlib.suppress(ValueError):  # a month 13 or a 30 February
            return dt.date.fromisoformat(value)
    raise _Bad(f"{value!r} is not a date (YYYY-MM-DD)")


def _document_date(node: yaml.Node) -> str:
    value = _text(node)
    if _DOCUMENT_DATE.fullmatch(value):
        with contextlib.suppress(ValueError):
            dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
            return value
    raise _Bad(f"{value!r} is not a date (YYYY-MM-DD, or YYYY-MM when only the month is certain)")


def _url(node: yaml.Node) -> str:
    value = _text(node)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise _Bad(f"{value!r} is not an https URL")
    return value


def _file(node: yaml.Node) -> str:
    value = _text(node)
    if not value or "/" in value or "\\" in value:
        raise _Bad(f"{value!r} is not a plain file name")
    return value


def _sha256(node: yaml.Node) -> str:
    value = _text(node)
    if value and not _SHA256.fullmatch(value):
        raise _Bad(f"{value!r} is not a sha256 (64 lower-case hex digits, or \"\" if not pinned)")
    return value


def _bytes(node: yaml.Node) -> int:
    value = _text(node)
    if not value.isdigit() or int(value) == 0:
        raise _Bad(f"{value!r} is not a size in bytes (a whole number above 0)")
    return int(value)


def _bib_fields(node: yaml.Node) -> dict[str, Any]:
    if not isinstance(node, yaml.MappingNode):
        raise _Bad("must be a mapping of BibLaTeX fields")
    return {_text(key): _text(value) for key, value in node.value}


def _bib(node: yaml.Node) -> dict[str, Any]:
    fields = _bib_fields(node)
    if fields.setdefault("entry", "misc") not in BIB_ENTRIES:
        raise _Bad(f"entry {fields['entry']!r} is not one of {', '.join(BIB_ENTRIES)}")
    return fields


def _translated_bib(node: yaml.Node) -> dict[str, Any]:
    """BibLaTeX fields in another language: they replace ``bib``'s, but never its entry type."""
    fields = _bib_fields(node)
    if "entry" in fields:
        raise _Bad("entry is the source's, in every language: give it in bib")
    return fields


def _claims(node: yaml.Node) -> tuple[Claim, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise _Bad("must be a list of {page, text, note}")
    return tuple(_claim(item) for item in node.value)


def _claim(node: yaml.Node) -> Claim:
    line = f"claim at line {node.start_mark.line + 1}"
    if not isinstance(node, yaml.MappingNode):
        raise _Bad(f"{line} must be a mapping of page, text, note")
    fields = {_text(key): value for key, value in node.value}
    unknown = set(fields) - set(CLAIM_FIELDS)
    if unknown:
        raise _Bad(f"{line} has unknown field(s) {', '.join(sorted(unknown))} "
                   f"({', '.join(CLAIM_FIELDS)})")
    text, page, locator, note, figure, quoted_by, name = (
        _text(fields[field]) if field in fields else ""
        for field in ("text", "page", "locator", "note", "figure", "quoted_by", "name"))
    if not text:
        raise _Bad(f"{line} has no text")
    if page and not _PAGE.fullmatch(page):
        raise _Bad(f"{line}: page {page!r} is not a printed page label or range (\"38\", \"81-86\")")
    if locator and not _LOCATOR.fullmatch(locator):
        raise _Bad(f"{line}: locator {locator!r} is not an article and its parts "
                   "(\"Art. 3\", \"Art. 3(a)\", \"Art. 6(1)(c)\")")
    if page and locator:
        raise _Bad(f"{line} has both a page and a locator: a PDF's claims cite pages, a text's articles")
    if not page and not locator and not note:
        raise _Bad(f"{line} has no page or locator, so its note must say that the quotation gives none")
    if quoted_by and quoted_by not in QUOTED_BY:
        raise _Bad(f"{line}: quoted_by {quoted_by!r} is not one of {', '.join(QUOTED_BY)}")
    keys = _data_keys(fields["data_key"], line) if "data_key" in fields else ()
    if keys and not figure:
        raise _Bad(f"{line} has a data_key but no figure for the data to check")
    if name and not (figure and _NAME.fullmatch(name)):
        raise _Bad(f"{line}: name {name!r} needs a figure and must be snake_case (glotip_2014_sexual)")
    return Claim(text=text, page=page or None, note=note, figure=figure, data_key=keys,
                 locator=locator or None, quoted_by=quoted_by or QUOTED_BY[0], name=name)


CLAIM_FIELDS = ("text", "page", "locator", "note", "figure", "data_key", "quoted_by", "name")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def _data_keys(node: yaml.Node, line: str) -> tuple[str, ...]:
    """One key or a list of them: the first is compared, the others are shown beside it."""
    keys = tuple(_text(item) for item in node.value) if isinstance(node, yaml.SequenceNode) \
        else (_text(node),)
    bad = [key for key in keys if not _DATA_KEY.fullmatch(key)]
    if bad or not keys:
        raise _Bad(f"{line}: data_key {', '.join(map(repr, bad)) or '[]'} is not a dotted key "
                   "of paper/_variables.yml (iom.claims.world_to_oct13)")
    return keys


RELEASE_RULES = {"dated": ("lag_days",), "annual": ("years_after", "on"), "fixed": ("date",)}
_MONTH_DAY = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def _release(node: yaml.Node) -> Release:
    if not isinstance(node, yaml.MappingNode):
        raise _Bad("must be a mapping of rule, basis and the rule's parameters")
    fields = {_text(key): value for key, value in node.value}
    rule = _text(fields["rule"]) if "rule" in fields else ""
    if rule not in RELEASE_RULES:
        raise _Bad(f"rule {rule!r} is not one of {', '.join(RELEASE_RULES)}")
    allowed = {"rule", "basis", *RELEASE_RULES[rule]}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise _Bad(f"a {rule} rule takes {', '.join(sorted(allowed))}, not {', '.join(unknown)}")
    basis = _text(fields["basis"]) if "basis" in fields else ""
    if not basis:
        raise _Bad("basis: say why the publisher had released an observation by then")
    values: dict[str, Any] = {}
    for name in ("lag_days", "years_after"):
        if name in fields:
            text = _text(fields[name])
            if not text.isdigit():
                raise _Bad(f"{name}: {text!r} is not a whole number of {name.split('_')[0]}")
            values[name] = int(text)
    if "on" in fields:
        values["on"] = _text(fields["on"])
        if not _MONTH_DAY.fullmatch(values["on"]):
            raise _Bad(f"on: {values['on']!r} is not a month and day (MM-DD)")
    if rule == "annual" and "years_after" not in values:
        raise _Bad("an annual rule needs years_after (the year after the data year it is released)")
    if rule == "fixed":
        if "date" not in fields:
            raise _Bad("a fixed rule needs date (when the file's content was released)")
        values["date"] = _date(fields["date"])
    return Release(rule=rule, basis=basis, **values)


_PARSERS = {
    "id": _matching(_ID, "a kebab-case id (lower-case letters, digits, single hyphens)"),
    "kind": _one_of(KINDS),
    "producer": _text, "title": _text, "licence": _text, "cited_in": _text,
    "retrieved_from": _text,
    "year": _year,
    "accessed": _date,
    "copy_date": _date,
    "series": _text,
    "url": _url, "download_url": _url,
    "file": _file,
    "sha256": _sha256,
    "bytes": _bytes,
    "bib": _bib,
    "claims": _claims,
    "release": _release,
    "copy_of": _matching(_ID, "the id of the cited document this text is a copy of"),
    "date": _document_date,
}


#: How each :data:`TRANSLATED` field is read.
_TRANSLATED_PARSERS = {"title": _text, "url": _url, "bib": _translated_bib}


class _Checker:
    """Reads the composed YAML into sources, collecting every problem with its line."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[tuple[int, str]] = []
        self.id_lines: dict[str, int] = {}
        self.file_urls: dict[str, tuple[str, str, int]] = {}  # file -> (fetch URL, id, line)
        self.nodes: dict[str, dict[str, yaml.Node]] = {}  # source id -> its field nodes

    def report(self, node: yaml.Node, source_id: str, message: str) -> None:
        line = node.start_mark.line + 1
        self.problems.append((line, f"{self.where}:{line}: source {source_id}: {message}"))

    def sources(self, root: yaml.Node | None) -> dict[str, Source]:
        top = {_text(key): value for key, value in root.value} \
            if isinstance(root, yaml.MappingNode) else {}
        listed = top.get("sources")
        if not isinstance(listed, yaml.SequenceNode):
            line = root.start_mark.line + 1 if root is not None else 1
            self.problems.append((line, f"{self.where}:{line}: the registry needs a `sources:` list"))
            return {}
        sources = [self.source(node) for node in listed.value]
        sources = {source.id: source for source in sources if source is not None}
        self.copies(sources)
        return sources

    def source(self, node: yaml.Node) -> Source | None:
        if not isinstance(node, yaml.MappingNode):
            self.report(node, "?", "each source must be a mapping of field: value")
            return None
        before = len(self.problems)
        id_node = next((value for key, value in node.value if key.value == "id"), None)
        source_id = id_node.value if isinstance(id_node, yaml.ScalarNode) and id_node.value else "?"
        nodes = self.fields(node, source_id)
        values: dict[str, Any] = {}
        translations: dict[str, dict[str, Any]] = {}
        for name, value in nodes.items():
            try:
                if _translated(name):
                    field_name, code = _translated(name)
                    translations.setdefault(code, {})[field_name] = _TRANSLATED_PARSERS[field_name](value)
                else:
                    values[name] = _PARSERS[name](value)
            except _Bad as bad:
                self.report(value, source_id, f"{name}: {bad}")
        self.translations(source_id, values, translations, nodes)
        values["translations"] = translations
        required = {"document": REQUIRED_OF_DOCUMENT, **dict.fromkeys(DATA_KINDS, REQUIRED_OF_DATA)}.get(
            values.get("kind"), REQUIRED)
        for name in required:
            if name not in nodes or values.get(name) == "":
                self.report(node, source_id, f"missing field {name}")
        self.consistent(source_id, values, nodes)
        self.nodes[source_id] = nodes
        values.setdefault("url", "")
        values.setdefault("accessed", None)
        values.setdefault("copy_date", None)
        values.setdefault("licence", "")
        return Source(**values) if len(self.problems) == before else None

    def fields(self, node: yaml.MappingNode, source_id: str) -> dict[str, yaml.Node]:
        """Field name -> value node; reports unknown and repeated field names."""
        seen: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = key.value
            if name not in _PARSERS and not _translated(name):
                self.report(key, source_id, f"unknown field {name!r} (fields: "
                            f"{', '.join(REQUIRED + OPTIONAL)}, and {', '.join(f'{t}_<lang>' for t in TRANSLATED)} "
                            f"for {', '.join(code for code in language.languages() if code != language.DEFAULT)})")
            elif name in seen:
                self.report(key, source_id, f"field {name} given twice "
                            f"(first at line {seen[name].start_mark.line + 1})")
            else:
                seen[name] = value
        return seen

    def consistent(self, source_id: str, values: dict[str, Any], nodes: dict[str, yaml.Node]) -> None:
        """Rules across fields, and across sources (unique ids, one fetch URL per cached file).

        Each rule runs when the fields it needs were read, so one slip does not hide another.
        """
        if "id" in values:
            line = nodes["id"].start_mark.line + 1
            first = self.id_lines.setdefault(values["id"], line)
            if first != line:
                self.report(nodes["id"], source_id, f"duplicate id (first at line {first})")
        for name in ("url", "download_url"):
            if urlsplit(values.get(name, "")).scheme == "http" and (
                    name == "download_url" or not values.get("cited_in")):
                self.report(nodes[name], source_id, f"{name}: {values[name]!r} is not https "
                            "(http:// is kept only as the `url` of a document the concept note "
                            "cites so, marked by `cited_in`)")
        kind, file = values.get("kind"), values.get("file")
        if values.get("series") and kind not in DATA_KINDS:
            self.report(nodes["series"], source_id, "series: only data files are cited as a series")
        if values.get("release") and kind in ("pdf", *NOT_FILES):
            self.report(nodes["release"], source_id, "release: only data files have a release rule")
        if values.get("date") and values.get("year") is not None \
                and not values["date"].startswith(str(values["year"])):
            self.report(nodes["date"], source_id, f"date: {values['date']} is not in the year "
                        f"{values['year']} the entry gives")
        if kind in NOT_FILES:
            what = "a web page" if kind == "web" else "a document (no file: a copy in hand is a source of its own)"
            for name in ("file", "sha256", "bytes", "download_url"):
                if values.get(name):
                    self.report(nodes[name], source_id, f"{name}: {what} has no {name}")
        elif kind and "file" not in nodes:
            self.report(nodes["kind"], source_id, f"a {kind} source needs `file:`")
        elif kind and file:
            if not file.endswith(EXTENSIONS[kind]):
                self.report(nodes["file"], source_id,
                            f"file: {file!r} does not end in {' or '.join(EXTENSIONS[kind])}")
            if values.get("claims") and kind != "pdf":
                self.report(nodes["claims"], source_id, "claims: only PDF sources and web pages "
                            "have claims (a text's claims belong to the document it is a copy of)")
            if values.get("copy_of") and kind != "text":
                self.report(nodes["copy_of"], source_id, f"copy_of: a {kind} source is no text copy "
                            "(only kind text names the cited document it is a copy of)")
            self.one_url_per_file(source_id, values, nodes["file"])

    def translations(self, source_id: str, values: dict[str, Any], translations: dict[str, dict[str, Any]],
                     nodes: dict[str, yaml.Node]) -> None:
        """A translated address is the source's own, made by a scheme of :data:`URL_SCHEMES`."""
        for code, given in translations.items():
            if "url" in given and given["url"] not in translated_urls(values.get("url", ""), code):
                self.report(nodes[f"url_{code}"], source_id, f"url_{code}: {given['url']!r} is not the "
                            f"address of the {code} text that a scheme of URL_SCHEMES makes from url "
                            f"{values.get('url', '')!r} (pipeline/sources/registry.py): never guess an address")

    def copies(self, sources: dict[str, Source]) -> None:
        """A text copy names a cited PDF, one copy each; that document's claims cite articles.

        The claims check looks for a document's claims in its text copy, where a place is an
        article and its paragraphs (``locator``), not a printed page; a locator needs that copy.
        """
        copied: dict[str, str] = {}
        for text in sources.values():
            if not text.copy_of:
                continue
            node = self.nodes[text.id]["copy_of"]
            document = sources.get(text.copy_of)
            if document is None or document.kind != "pdf":
                what = "no source" if document is None else f"a {document.kind} source"
                self.report(node, text.id, f"copy_of: {text.copy_of!r} is {what}, not a cited PDF")
            elif text.copy_of in copied:
                self.report(node, text.id, f"copy_of: {text.copy_of} already has the text copy "
                            f"{copied[text.copy_of]}")
            else:
                copied[text.copy_of] = text.id
        for source in sources.values():
            for claim, node in zip(source.claims, self.nodes[source.id].get("claims", _NO_CLAIMS).value):
                line = f"claims: claim at line {node.start_mark.line + 1}"
                if claim.locator and source.id not in copied:
                    self.report(node, source.id, f"{line} has a locator, but no text source is a "
                                "copy_of this document (a PDF's claims cite pages)")
                if claim.page and source.id in copied:
                    self.report(node, source.id, f"{line} cites a page, but the document is checked "
                                f"in its text copy {copied[source.id]}: cite an article (locator)")

    def one_url_per_file(self, source_id: str, values: dict[str, Any], node: yaml.Node) -> None:
        """Sources may share a cached file (the Convention and its Protocols) only with its URL."""
        url = _fetch_url(values["kind"], values.get("url", ""), values.get("download_url", ""))
        other_url, other, line = self.file_urls.setdefault(
            values["file"], (url, source_id, node.start_mark.line + 1))
        if other_url != url:
            self.report(node, source_id, f"file: {values['file']!r} is also the file of {other} "
                        f"(line {line}), which is fetched from another URL")


def load(path: Path = paths.REGISTRY) -> dict[str, Source]:
    """Read and check the registry; sources keyed by id, in file order."""
    where = paths.display(Path(path))
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError(f"{where}: no such file (the registry of every source: restore it "
                            "with `git checkout -- sources/registry.yml`)") from None
    except UnicodeDecodeError as error:
        line = error.object[:error.start].count(b"\n") + 1
        raise RegistryError(f"{where}:{line}: not UTF-8 text ({error.reason} at byte "
                            f"{error.start}): save the file as UTF-8") from None
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise RegistryError([f"{where}:{mark.line + 1}: not valid YAML: {error.problem}"]) from None
    checker = _Checker(where)
    sources = checker.sources(root)
    if checker.problems:
        raise RegistryError([message for _, message in sorted(checker.problems)])
    if not sources:
        raise RegistryError(f"{where}: the registry lists no sources (`sources: []`): add them, or "
                            "restore it with `git checkout -- sources/registry.yml`")
    return sources


def get(source_id: str, path: Path = paths.REGISTRY) -> Source:
    sources = load(path)
    try:
        return sources[source_id]
    except KeyError:
        raise RegistryError(
            f"{paths.display(Path(path))}: no source with id {source_id!r}; "
            f"known ids: {', '.join(sources)}"
        ) from None


def text_copies(sources: dict[str, Source]) -> dict[str, Source]:
    """Cited document id -> the text source that is its copy in hand (the text's ``copy_of``)."""
    return {source.copy_of: source for source in sources.values() if source.copy_of}


def checked_in(sources: dict[str, Source]) -> dict[str, Source]:
    """Each source with claims -> the document its claims are checked in: its text copy in hand
    if it has one, else itself (what the claims check reads, and so a prerequisite of it)."""
    copies = text_copies(sources)
    return {source.id: copies.get(source.id, source) for source in sources.values() if source.claims}
