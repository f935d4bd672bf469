"""The paper, paragraph by paragraph: what each paragraph states and where it comes from.

Why: a reviewer checks a paper a paragraph at a time. The technical note therefore maps each
paragraph of the edition (as its profile renders it: :func:`pipeline.paper.manuscript.parse`)
to the numbers it prints and the documents it cites, each number described once in a numbered
list (N1, N2...) and each document once, with how it was verified: the copy in hand (and the
passages checked against it), or the later copies that confirmed what the paper takes from it,
or nothing. The reader-facing note names no internal key: the keys and their lines are in the
machine index ``build/keys.md`` (:mod:`pipeline.paper.keys`). What the paper, the registry and
the key figures say is printed as text; only this module's own emphasis is Markdown
(:mod:`pipeline.markup`).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from pipeline import language, markup
from pipeline.analysis import claims, variables
from pipeline.markup import Markdown
from pipeline.paper import manuscript
from pipeline.paper.markdown import pipe_table
from pipeline.sources import bib, facts, registry

#: The kinds of text a reader reads as a paragraph (footnotes go with the paragraph they are in).
READ = ("abstract", "body", "caption", "cell")


@dataclass(frozen=True)
class Paragraph:
    section: str  # "3.2", "Key messages", "Annex A"
    index: int  # its rank in the section
    kind: str  # "abstract", "body", "caption" or "table" (a table's cells, together)
    begins: str  # its first words
    line: int
    keys: tuple[str, ...]  # the key figures it prints, in order
    citations: tuple[str, ...]  # the registry ids it cites, in order (its footnotes' included)

    @property
    def label(self) -> str:
        return f"{self.section} ¶{self.index}"


def paragraphs(document: manuscript.Document, abstract_title: str = "Key messages") -> list[Paragraph]:
    """Every paragraph of ``document`` in reading order, numbered within its section as the
    renderer numbers sections (level-1 and level-2 headings; ``.unnumbered`` keeps its text)."""
    headings = {element.place.line: element for element in document.elements if element.kind == "heading"}
    numbers = [0, 0]
    section = abstract_title
    found: list[dict] = []
    for text in document.texts:
        if text.kind == "heading":
            heading = headings.get(text.place().line)
            section = _section_name(heading, text.text, numbers) if heading else text.text
            continue
        if text.kind == "footnote" and found:
            found[-1]["texts"].append(text)
            continue
        if text.kind not in READ:
            continue
        kind = "table" if text.kind == "cell" else text.kind
        if kind == "table" and found and found[-1]["kind"] == "table" and found[-1]["section"] == section:
            found[-1]["texts"].append(text)
            continue
        found.append({"section": section, "kind": kind, "texts": [text]})
    counts: dict[str, int] = {}
    result = []
    for item in found:
        if not _begins(item["texts"][0]):
            continue  # an include: the included text is the generated annex's own
        counts[item["section"]] = counts.get(item["section"], 0) + 1
        marks = [mark for text in item["texts"] for mark in text.marks]
        result.append(Paragraph(
            section=item["section"], index=counts[item["section"]], kind=item["kind"],
            begins=_begins(item["texts"][0]), line=item["texts"][0].place().line,
            keys=tuple(dict.fromkeys(m.argument for m in marks if m.kind == "shortcode" and m.name == "var")),
            citations=tuple(dict.fromkeys(m.name for m in marks if m.kind == "citation"))))
    return result


def rendered(paper: Path, profile: str) -> list[Paragraph]:
    """The paragraphs of ``paper`` as the edition of ``profile`` renders it: the key messages its
    profile gives it, its own, and those of the files it includes, each under the section that
    includes it (a generated annex is the note's own, not the paper's)."""
    read = manuscript.read(paper, project=False, profiles=frozenset({profile}))
    main, *included = read.documents
    given = manuscript.profile_metadata(main, Path(paper).parent, profile)
    found = paragraphs(main)
    where = {item.path.resolve(): item.place.line for item in read.includes if item.place}
    for document in included:
        line = where.get(Path(document.file).resolve(), 0)
        section = next((item.section for item in reversed(found) if item.line < line), "Key messages")
        before = sum(1 for item in found if item.section == section)  # numbered after the section's own
        found += [dataclasses.replace(item, index=item.index + before)
                  for item in paragraphs(document, abstract_title=section)]
    return (paragraphs(given) if given else []) + found


def _section_name(heading: manuscript.Element, text: str, numbers: list[int]) -> str:
    if "unnumbered" in heading.classes or heading.level > 2:
        return text.split(".")[0] if text.startswith(("Annex", "Annexe")) else text
    if heading.level == 1:
        numbers[0], numbers[1] = numbers[0] + 1, 0
        return str(numbers[0])
    numbers[1] += 1
    return f"{numbers[0]}.{numbers[1]}"


def _begins(text: manuscript.Text, words: int = 8) -> str:
    """The first words as the reader reads them: a number printed from the data shown as "#";
    citations, cross-references and other shortcodes left out (they are no words, and the note
    must not resolve them)."""
    plain, at = [], 0
    for mark in sorted(text.marks, key=lambda m: m.start):
        if mark.kind in ("shortcode", "citation", "crossref", "raw") and mark.start >= at:
            plain.append(text.text[at:mark.start])
            plain.append("#" if mark.kind == "shortcode" and mark.name == "var" else "")
            at = mark.end
    plain.append(text.text[at:])
    found = re.sub(r"\s+", " ", "".join(plain)).replace("[]", "").split()
    return " ".join(found[:words]) + (" …" if len(found) > words else "")


# --- What the note prints ----------------------------------------------------------------------

def short_cite(source: registry.Source) -> str:
    """The author-date form a reader finds in the paper's references: "UNODC 2014"."""
    return f"{bib.short_name(source.producer, source.bib.get('shortauthor'))} {source.year or 'n.d.'}"


def numbering(found: list[Paragraph]) -> dict[str, str]:
    """Each key figure's number in the note (N1, N2...), in the order the paper first prints it."""
    keys = dict.fromkeys(key for paragraph in found for key in paragraph.keys)
    return {key: f"N{rank}" for rank, key in enumerate(keys, start=1)}


def map_annex(found: list[Paragraph], figures: dict[str, variables.KeyFigure],
              sources: dict[str, registry.Source]) -> Markdown:
    """One table for the paper: each paragraph that prints a number or cites a document, with the
    numbers (and their N) and the documents. A paragraph with neither is left out."""
    numbered = numbering(found)
    rows = [{"Paragraph": paragraph.label, "Begins": paragraph.begins,
             "Numbers": "; ".join(f"{figures[key].text} ({numbered[key]})" for key in paragraph.keys
                                  if key in figures) or "—",
             "Sources": "; ".join(dict.fromkeys(short_cite(sources[i]) for i in paragraph.citations
                                                if i in sources)) or "—"}
            for paragraph in found if paragraph.keys or paragraph.citations]
    return pipe_table(pd.DataFrame(rows), Markdown("The paper, paragraph by paragraph: the numbers each "
                                                   "paragraph prints (N: @sec-numbers) and the documents it "
                                                   "cites (@sec-documents)"), "tbl-map", [12, 30, 24, 34])


def numbers_annex(found: list[Paragraph], figures: dict[str, variables.KeyFigure],
                  sources: dict[str, registry.Source]) -> Markdown:
    """Every number of the paper once, one short paragraph each: as printed, what it counts (the
    selection, or the page of the document it is quoted from) and where it comes from."""
    lines = []
    for key, number in numbering(found).items():
        figure = figures[key]
        origin = "; ".join(dict.fromkeys(short_cite(sources[s["id"]]) if s["id"] in sources else s["id"]
                                         for s in figure.sources))
        table = "" if figure.table.startswith(("document ", "facts ")) else f", table {figure.table}"
        latest = f", latest observation {figure.latest_observation}" if figure.latest_observation else ""
        lines.append(markup.join([markup.strong(number), f"{figure.text}: {figure.filter}.", markup.emphasis("From"),
                                  f"{origin or 'the facts tables'}{table}{latest}."], " "))
    return markup.blocks(lines)


def verifications(sources: dict[str, registry.Source]) -> dict[str, list[str]]:
    """Each cited document's later copies that confirmed a fact the facts tables take from it."""
    found: dict[str, list[str]] = {}
    for table in facts.TABLES.values():
        if not table.verified:
            continue
        frame = facts.load(table.name)
        for _, row in frame.iterrows():
            copies = facts.source_ids(row[table.verified])
            for column in table.source_columns:
                for cited in facts.source_ids(row[column]):
                    found.setdefault(cited, [])
                    found[cited] += [copy for copy in copies if copy not in found[cited] and copy in sources]
    return found


def documents_annex(found: list[Paragraph], cited_elsewhere: list[str], sources: dict[str, registry.Source],
                    checked: pd.DataFrame, lang: str = "en") -> Markdown:
    """Each document the edition cites, once, by how it was verified: in hand (its file and
    checksum, and the passages found in it), confirmed by later copies (named by their site; the
    registry gives each copy's title, address and the day it was consulted), or not verified."""
    confirmed = verifications(sources)
    cited = dict.fromkeys([i for paragraph in found for i in paragraph.citations] + cited_elsewhere)
    copies_in_hand = {source.copy_of: source for source in sources.values() if source.copy_of}
    shown = sorted((i for i in cited if i in sources), key=lambda i: short_cite(sources[i]).lower())
    days = sorted({sources[c].accessed for i in shown for c in confirmed.get(i, []) if sources[c].accessed})
    in_hand, later, neither = [], [], []
    for i in shown:
        source, copy = sources[i], copies_in_hand.get(i)
        name = markup.join([f"{short_cite(source)},", markup.emphasis(_shortened(source.title))], " ")
        if source.sha256 or copy is not None:
            in_hand.append(markup.join([name, f"({_in_hand(source, copy or source, checked)})"], " "))
        elif confirmed.get(i):
            sites = dict.fromkeys(_site(sources[j]) for j in confirmed[i])
            later.append(markup.join([name, f"({'; '.join(sites)})"], " "))
        else:
            neither.append(name)
    when = (" consulted on " + " or ".join(language.date(day, lang) for day in days)) if days else ""
    parts = [_listed("In hand", f"({len(in_hand)}):", in_hand) if in_hand else "",
             _listed("Confirmed by later copies",
                     markup.join([f"({len(later)}), named by their site,{when}; the repository's registry (",
                                  markup.code("sources/registry.yml"), ") gives each copy's title and address:"], ""),
                     later) if later else "",
             _listed("Not verified here", f"({len(neither)}):", neither) if neither else ""]
    return markup.blocks(part for part in parts if part)


def _listed(title: str, count: object, items: list[Markdown]) -> Markdown:
    """"**In hand** (3): a; b; c.": a list of documents in one paragraph, its title strong."""
    return markup.join([markup.strong(title), count, markup.join(items, "; ") + markup.text(".")], " ")


def _in_hand(source: registry.Source, copy: registry.Source, checked: pd.DataFrame) -> str:
    passages = checked[checked["source_id"] == source.id]
    found = int(passages["status"].isin(claims.CHECKED[:-1]).sum())
    return (f"{copy.file}, sha256 {copy.sha256[:12]}"
            + (f"; {found} of {len(passages)} passages found" if len(passages) else ""))


def _shortened(title: str, width: int = 70) -> str:
    return title if len(title) <= width else title[:width].rsplit(" ", 1)[0] + " …"


def _site(source: registry.Source) -> str:
    host = urlsplit(source.url).hostname or ""
    return host.removeprefix("www.") or source.producer
