"""The concept note's claims, and the paper's own quotations, checked against the documents cited.

Why: the background paper restates the concept note's quotations and figures, and quotes the
Protocols itself, so each must be traced before it is repeated. Every claim of
``sources/registry.yml`` is looked for in its document. In a PDF: on the page the note cites (each
page of a range such as "81-86"), or in the whole document when the note cites none. In a text
(the copy in hand of a cited document, the registry's ``copy_of``; read by
:mod:`pipeline.extract.treaties`): in the article, paragraph or subparagraph cited (``locator``,
"Art. 3", "Art. 6(1)(c)"), where a PDF has a page, or in every article. The text is matched as
:mod:`pipeline.textkey` keys it (case, quotes, dashes, line-end hyphens and number formats
folded), so "14 477" matches "14,477". A claim that is not there verbatim is set against the
passage most like it (:mod:`pipeline.analysis.wording`): if most of its words are there, in
order, it is found with differences, spelled out word by word; otherwise it is not found, and
that passage is shown. A claim whose document is not in hand is listed as not checked, never
dropped: the table says what this build could and could not verify. Each figure the note quotes
is then set beside the key figure our data give for it (the claim's ``data_key``).

The check reads many documents and must show the ones missing, so it does not go through
:func:`pipeline.extract.run`, whose fallback replaces a whole table by its snapshot when one
source is missing; it needs no snapshot either, as it rebuilds its table from the registry and
whatever documents are in hand.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline import paths, tables, textkey
from pipeline.analysis import wording
from pipeline.analysis.variables import KeyFigure
from pipeline.errors import ChecksumMismatch, SourceMissing
from pipeline.extract import treaties
from pipeline.extract.step import Step
from pipeline.extract.treaties import Passage
from pipeline.numbers import Parsed, parse_number
from pipeline.pdf import quote
from pipeline.pdf.document import Document, open_pdf
from pipeline.pdf.errors import PdfPageError
from pipeline.pdf.quote import Match, locate
from pipeline.sources import registry, resolve

FOUND = "found where cited"
FOUND_ELSEWHERE = "found elsewhere"
FOUND_UNCITED = "found (no place cited)"
FOUND_DIFFERENT = "found, with differences"
NOT_FOUND = "not found"
NOT_IN_HAND = "not checked: document not available"
MISMATCH = "not checked: checksum mismatch"
STATUSES = (FOUND, FOUND_ELSEWHERE, FOUND_UNCITED, FOUND_DIFFERENT, NOT_FOUND, NOT_IN_HAND, MISMATCH)
#: The statuses of a claim whose document was in hand.
CHECKED = (FOUND, FOUND_ELSEWHERE, FOUND_UNCITED, FOUND_DIFFERENT, NOT_FOUND)

#: What the provenance sidecar records, instead of a sha256, for a document not checked.
UNCHECKED_SHA256 = {NOT_IN_HAND: "not in hand", MISMATCH: "bad checksum"}

#: ``checked_in``: the document the claim was looked for in (the source itself, or its text
#: copy); ``page_label``, ``page_index`` and ``bbox`` locate it in a PDF, ``found_at`` in a text.
COLUMNS = ["source_id", "quoted_by", "page", "locator", "text", "note", "figure", "data_key", "name",
           "status", "checked_in", "page_label", "page_index", "bbox", "found_at", "matched_text",
           "differences", "elsewhere", "closest", "sha256"]
_BLANK = {**dict.fromkeys(COLUMNS, ""), "page_index": None}  # a row before the check fills it

SCHEMA = pa.DataFrameSchema(
    {**{name: pa.Column(str) for name in COLUMNS},
     "quoted_by": pa.Column(str, pa.Check.isin(registry.QUOTED_BY)),
     "status": pa.Column(str, pa.Check.isin(STATUSES)),
     "page_index": pa.Column("Int64", pa.Check.ge(0), nullable=True)},
    strict=True, ordered=True, coerce=True,
)


def check_claims(registry_path: Path = paths.REGISTRY, *, cache: Path = paths.CACHE,
                 mirror: Path | None | str = "default") -> pd.DataFrame:
    """One row per claim of the registry (see :data:`COLUMNS`), in registry order.

    ``cache`` and ``mirror`` are where :func:`pipeline.sources.resolve.resolve` looks for the
    documents. A document with a text copy is checked in that copy, and only there.
    """
    sources = registry.load(registry_path)
    rows = []
    for source_id, document in registry.checked_in(sources).items():
        source = sources[source_id]
        try:
            raw = resolve.resolve(document.id, registry_path=registry_path, cache=cache, mirror=mirror)
        except (SourceMissing, ChecksumMismatch) as error:
            status = MISMATCH if isinstance(error, ChecksumMismatch) else NOT_IN_HAND
            findings = [{"status": status}] * len(source.claims)
        else:
            findings = [{**finding, "sha256": raw.sha256} for finding in _find(document, raw.path, source.claims)]
        rows += [{**_BLANK, **_claim_fields(source.id, claim), "checked_in": document.id, **finding}
                 for claim, finding in zip(source.claims, findings)]
    return pd.DataFrame(rows, columns=COLUMNS).astype({"page_index": "Int64"})


def _find(document: registry.Source, path: Path, claims: tuple[registry.Claim, ...]) -> list[dict]:
    if document.kind == "text":
        return find_in_text(treaties.read_passages(path, document.id), claims)
    with open_pdf(path) as pdf:
        return find_claims(pdf, claims)


def _claim_fields(source_id: str, claim: registry.Claim) -> dict:
    return {"source_id": source_id, "quoted_by": claim.quoted_by, "page": claim.page or "",
            "locator": claim.locator or "", "text": claim.text, "note": claim.note,
            "figure": claim.figure, "data_key": ", ".join(claim.data_key), "name": claim.name}


# --- Claims in a PDF ---------------------------------------------------------------------------


def find_claims(document: Document, claims: Iterable[registry.Claim]) -> list[dict]:
    """Where each claim is in ``document``: one pass over its pages for all of them."""
    claims = list(claims)
    queries = [textkey.keyed(list(claim.text)) for claim in claims]
    hits: list[dict[int, Match]] = [{} for _ in claims]
    for index, page in document.pages():
        for found, query in zip(hits, queries):
            if match := locate(page, query):
                found[index] = match
    return [_finding(document, claim, found) for claim, found in zip(claims, hits)]


def _finding(document: Document, claim: registry.Claim, hits: dict[int, Match]) -> dict:
    cited = cited_indices(document, claim.page)
    on_cited = [index for index in cited if index in hits]
    if on_cited:
        status, index = FOUND, on_cited[0]
    elif hits:
        status, index = (FOUND_ELSEWHERE if claim.page else FOUND_UNCITED), min(hits)
    else:
        return _closest_on_pages(document, cited or range(document.page_count), claim.text)
    return {"status": status, "page_label": document.label(index), "page_index": index,
            "bbox": _bbox(hits[index]), "matched_text": hits[index].text,
            "elsewhere": ", ".join(document.label(other) for other in sorted(hits) if other != index)}


def _closest_on_pages(document: Document, indices: Iterable[int], text: str) -> dict:
    """A claim not on any page: the passage most like it, and whether it is the claim reworded."""
    index, closest = closest_passage(document, indices, text)
    if index is None:
        return {"status": NOT_FOUND}
    where = {"page_label": document.label(index), "page_index": index}
    comparison = wording.compare(text, closest)
    if comparison is None or not comparison.close:
        return {"status": NOT_FOUND, **where, "closest": closest}
    matched = closest[comparison.start:comparison.end]
    match = locate(document.page(index), textkey.keyed(list(matched)))
    return {"status": FOUND_DIFFERENT, **where, "bbox": _bbox(match) if match else "",
            "matched_text": matched, "differences": comparison.describe()}


def _bbox(match: Match) -> str:
    return ", ".join(f"{value:g}" for value in match.bbox)


def cited_indices(document: Document, page: str | None) -> list[int]:
    """The page indices a claim cites: one label, or every page from "81" to "86".

    A label the document does not print gives no page, so the claim is looked for everywhere
    and, if found, reported as found elsewhere.
    """
    if not page:
        return []
    first, _, last = page.partition("-")
    try:
        return list(range(document.index_of_label(first), document.index_of_label(last or first) + 1))
    except PdfPageError:
        return []


def closest_passage(document: Document, indices: Iterable[int], text: str) -> tuple[int | None, str]:
    """The page and run of words, among ``indices``, most like ``text`` (for a misquotation)."""
    wanted, target = set(indices), _folded(text)
    best: tuple[float, int | None, str] = (-1.0, None, "")
    for index, page in document.pages():
        if index in wanted and (passage := quote.closest_passage(page, text)):
            ratio = difflib.SequenceMatcher(None, _folded(passage), target, autojunk=False).ratio()
            best = max(best, (ratio, index, passage), key=lambda candidate: candidate[0])
    return best[1], best[2]


def _folded(text: str) -> str:
    return "".join(textkey.fold(char) for char in " ".join(text.split()))


# --- Claims in a text --------------------------------------------------------------------------


def find_in_text(passages: list[Passage], claims: Iterable[registry.Claim]) -> list[dict]:
    """Where each claim is among a text's ``passages`` (:func:`pipeline.extract.treaties.read_passages`).

    A claim is looked for in the passages of its ``locator`` read as one text (Art. 6(3) with its
    subparagraphs and their labels), then in each article; it is found at the deepest place that
    holds all of it ("Art. 3(a)" for a quotation of the definition cited as "Art. 3").
    """
    articles = [treaties.within(passages, (str(number),))
                for number in dict.fromkeys(passage.article for passage in passages)]
    return [_text_finding(passages, articles, claim) for claim in claims]


def _text_finding(passages: list[Passage], articles: list[list[Passage]], claim: registry.Claim) -> dict:
    query = textkey.keyed(list(claim.text))
    cited = treaties.within(passages, treaties.parse_locator(claim.locator)) if claim.locator else []
    hits = [hit for group in articles if (hit := _search(group, query))]
    cited_hit = _search(cited, query) if cited else None
    if cited_hit:
        status, found = FOUND, cited_hit
    elif hits:
        status, found = (FOUND_ELSEWHERE if claim.locator else FOUND_UNCITED), hits[0]
    else:
        return _closest_in_text([cited] if cited else articles, claim.text)
    others = [hit["found_at"] for hit in hits if hit["found_at"] != found["found_at"]]
    return {"status": status, **found, "elsewhere": ", ".join(others)}


def _search(group: list[Passage], query: textkey.Keyed) -> dict | None:
    text, spans = treaties.joined(group)
    span = textkey.find(text, query)
    if span is None:
        return None
    return {"found_at": _place(group, spans, *span), "matched_text": text[span[0]:span[1]]}


def _closest_in_text(groups: list[list[Passage]], claim_text: str) -> dict:
    """The passage most like a claim not found verbatim: the claim with differences, or not found."""
    compared = [(comparison, group, text, spans) for group in groups
                for text, spans in [treaties.joined(group)]
                if (comparison := wording.compare(claim_text, text))]
    if not compared:
        return {"status": NOT_FOUND}
    comparison, group, text, spans = max(compared, key=lambda candidate: candidate[0].share)
    found = {"found_at": _place(group, spans, comparison.start, comparison.end)}
    passage = text[comparison.start:comparison.end]
    if not comparison.close:
        return {"status": NOT_FOUND, **found, "closest": passage}
    return {"status": FOUND_DIFFERENT, **found, "matched_text": passage,
            "differences": comparison.describe()}


def _place(group: list[Passage], spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The locator of the deepest place holding the passages that ``text[start:end]`` touches."""
    touched = [passage for passage, (first, last) in zip(group, spans) if first < end and last > start]
    return treaties.locator(treaties.common_levels(touched))


# Described like every extraction step (for its sidecar), but run by :func:`run`, not by
# :func:`pipeline.extract.run`: see the module docstring.
STEP = Step(
    "claims", "notebooks/11-check-claims.ipynb", check_claims, SCHEMA,
    {"pages": "in a PDF: the cited page, each page of a cited range, else the whole document",
     "locators": "in a text copy: the cited article or paragraph with what it holds, else every article",
     "matching": "pipeline.textkey keys (case, quotes, dashes, line-end hyphens, numbers)",
     "differences": f"pipeline.analysis.wording: at least {wording.CLOSE:.0%} of the claim's words "
                    "in order in the closest passage",
     "closest": "the run of words most like the claim, in the places searched",
     "statuses": list(STATUSES)},
)


def run(output: Path, registry_path: Path = paths.REGISTRY, *, cache: Path = paths.CACHE,
        mirror: Path | None | str = "default") -> pd.DataFrame:
    """Check every claim and write the table with its sidecar (one "Source" line per document)."""
    frame = SCHEMA.validate(check_claims(registry_path, cache=cache, mirror=mirror))
    sources = registry.load(registry_path)
    documents = []
    for source_id, rows in frame.groupby("source_id", sort=False):
        first = rows.iloc[0]
        document = sources[first["checked_in"]]
        held = first["sha256"] or UNCHECKED_SHA256[first["status"]]
        documents.append({"id": document.id, "file": document.file or "", "sha256": held,
                          "date": document.recorded.isoformat(),
                          **({"claims_of": source_id} if document.id != source_id else {})})
        copy = f"in its text copy {document.id}, " if document.id != source_id else ""
        print(f"Source {source_id}: {len(rows)} claim(s); {copy}"
              + (f"{document.file} (sha256 {held[:12]}…)" if first["sha256"] else first["status"]))
    provenance = {"table": STEP.table, "sources": documents, "step": STEP.notebook,
                  "function": f"{STEP.function.__module__}.{STEP.function.__qualname__}",
                  "selection": STEP.selection,
                  "origin": "raw files in hand", "rows": len(frame)}
    tables.write(frame, paths.project_path(output), provenance)
    return frame


# --- The note's figures against our data -------------------------------------------------------

#: How far our figure, rounded as the note rounds, may be from the note's and still agree, by
#: the word the note puts before it: (lowest, highest) as multiples of the note's figure.
TOLERANCE = {"": (1.0, 1.0), "about": (0.95, 1.05), "almost": (0.9, 1.0), "nearly": (0.9, 1.0),
             "over": (1.0, 1.1), "more than": (1.0, 1.1)}

_FIGURE = re.compile(rf"^(?:(?P<qualifier>{'|'.join(q for q in TOLERANCE if q)})\s+)?"
                     r"(?P<number>\d{1,3}(?:[ .,]\d{3})+(?!\d)|\d+)(?P<percent>%|\s+per cent)?")

#: Why our data may differ from a figure the note read in 2015, by the table the key comes
#: from; {years}: the years of the files behind the key figure.
WHY = {
    "iom_claims_2015": "IOM has added and revised 2015 records since 13 Oct 2015; some origins "
                       "are now \"Mixed\"",
    "glotip_exploitation": "ours sums the countries reporting in UNODC's {years} export; the 2014 "
                           "report (not in hand) has its own",
}


@dataclass(frozen=True)
class Quoted:
    """A figure as the note quotes it: the qualifier ("about", "" if none) and the number."""

    qualifier: str
    number: Parsed


def parse_figure(figure: str) -> Quoted:
    """"almost 5.000 dead ..." -> ("almost", 5000); "about 70 per cent ..." -> ("about", 70%)."""
    match = _FIGURE.match(figure)
    if not match:
        raise ValueError(f"figure {figure!r} does not start with a number (after one of: "
                         f"{', '.join(q for q in TOLERANCE if q)})")
    percent = "%" if match["percent"] else ""
    return Quoted(match["qualifier"] or "", parse_number(match["number"] + percent))


def compare(quoted: Quoted, ours: KeyFigure) -> str:
    """"agrees", "higher" or "lower": our figure against the note's, within its qualifier."""
    value = round(ours.value * 100 if quoted.number.percent else ours.value)
    low, high = (quoted.number.value * bound for bound in TOLERANCE[quoted.qualifier])
    return "lower" if value < low else "higher" if value > high else "agrees"


def concept_note_figures(variables: dict[str, KeyFigure], checked: pd.DataFrame) -> pd.DataFrame:
    """Each figure the concept note quotes (its claims with a ``figure``), beside our data or the
    document check (the figures the paper itself quotes are its own, in the paper's quotations).

    ``checked`` is the table of :func:`check_claims`; ``variables`` the key figures
    (:func:`pipeline.analysis.variables.read`). A ``data_key`` missing from them is an error.
    """
    rows = []
    for claim in checked[(checked["figure"] != "") & (checked["quoted_by"] == "concept note")].itertuples():
        keys = claim.data_key.split(", ") if claim.data_key else []
        unknown = [key for key in keys if key not in variables]
        if unknown:
            raise KeyError(f"source {claim.source_id}: claim {claim.figure!r} names data_key "
                           f"{', '.join(unknown)}, which paper/_variables.yml does not define")
        quoted = parse_figure(claim.figure)
        verdict = compare(quoted, variables[keys[0]]) if keys else ""
        rows.append({
            "source_id": claim.source_id, "page": claim.page, "figure": claim.figure,
            "value": quoted.number.value, "data_key": claim.data_key,
            "data": "; ".join(variables[key].text for key in keys), "comparison": verdict,
            "why": _why(variables[keys[0]]) if verdict not in ("", "agrees") else "",
            "document_check": claim.status,
        })
    return pd.DataFrame(rows, columns=["source_id", "page", "figure", "value", "data_key", "data",
                                       "comparison", "why", "document_check"])


def _why(ours: KeyFigure) -> str:
    years = sorted({source["date"][:4] for source in ours.sources})
    return WHY.get(ours.table, "").format(years="–".join(dict.fromkeys([years[0], years[-1]])) if years else "")
