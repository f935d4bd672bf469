"""The concept note's claims, checked against the documents it cites and against our data.

Why: the background paper restates the concept note's quotations and figures, so each must be
traced before it is repeated. Every claim of ``sources/registry.yml`` is looked for in its
document: on the page the note cites (each page of a range such as "81-86"), or in the whole
document when the note cites none. The text is matched as :mod:`pipeline.textkey` keys it
(case, quotes, dashes, line-end hyphens and number formats folded), so "14 477" matches "14,477".
A claim whose document is not in hand is listed as not checked, never dropped: the table says
what this build could and could not verify. Each figure the note quotes is then set beside the
key figure our data give for it (the claim's ``data_key``) and the two are compared.

The check reads many documents and must show the ones missing, so it does not go through
:func:`pipeline.extract.run`, whose fallback replaces a whole table by its snapshot when one
source is missing; it needs no snapshot either, as it rebuilds its table from the registry and
whatever PDFs are in hand.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline import paths, tables
from pipeline.analysis.variables import KeyFigure
from pipeline.errors import ChecksumMismatch, SourceMissing
from pipeline.extract.step import Step
from pipeline.numbers import Parsed, parse_number
from pipeline.pdf import quote
from pipeline.pdf.document import Document, open_pdf
from pipeline.pdf.errors import PdfPageError
from pipeline.pdf.quote import Match, locate
from pipeline.textkey import fold, keyed
from pipeline.sources import registry, resolve

FOUND = "found on the cited page"
FOUND_ELSEWHERE = "found on another page"
FOUND_UNCITED = "found (no page cited)"
NOT_FOUND = "not found"
NOT_IN_HAND = "not checked: document not available"
MISMATCH = "not checked: checksum mismatch"
STATUSES = (FOUND, FOUND_ELSEWHERE, FOUND_UNCITED, NOT_FOUND, NOT_IN_HAND, MISMATCH)

#: What the provenance sidecar records, instead of a sha256, for a document not checked.
UNCHECKED_SHA256 = {NOT_IN_HAND: "not in hand", MISMATCH: "bad checksum"}

COLUMNS = ["source_id", "page", "text", "note", "figure", "data_key", "status", "page_label",
           "page_index", "bbox", "matched_text", "elsewhere", "closest", "sha256"]
_BLANK = {**dict.fromkeys(COLUMNS, ""), "page_index": None}  # a row before the check fills it

SCHEMA = pa.DataFrameSchema(
    {**{name: pa.Column(str) for name in COLUMNS},
     "status": pa.Column(str, pa.Check.isin(STATUSES)),
     "page_index": pa.Column("Int64", pa.Check.ge(0), nullable=True)},
    strict=True, ordered=True, coerce=True,
)


# --- Claims in the documents -------------------------------------------------------------------


def check_claims(registry_path: Path = paths.REGISTRY, *, cache: Path = paths.CACHE,
                 mirror: Path | None | str = "default") -> pd.DataFrame:
    """One row per claim of the registry (see :data:`COLUMNS`), in registry order.

    ``cache`` and ``mirror`` are where :func:`pipeline.sources.resolve.resolve` looks for the PDFs.
    """
    rows = []
    for source in registry.load(registry_path).values():
        if not source.claims:
            continue
        try:
            raw = resolve.resolve(source.id, registry_path=registry_path, cache=cache, mirror=mirror)
        except (SourceMissing, ChecksumMismatch) as error:
            status = MISMATCH if isinstance(error, ChecksumMismatch) else NOT_IN_HAND
            findings = [{"status": status}] * len(source.claims)
        else:
            with open_pdf(raw.path) as document:
                findings = [{**finding, "sha256": raw.sha256}
                            for finding in find_claims(document, source.claims)]
        rows += [{**_BLANK, **_claim_fields(source.id, claim), **finding}
                 for claim, finding in zip(source.claims, findings)]
    return pd.DataFrame(rows, columns=COLUMNS).astype({"page_index": "Int64"})


def _claim_fields(source_id: str, claim: registry.Claim) -> dict:
    return {"source_id": source_id, "page": claim.page or "", "text": claim.text, "note": claim.note,
            "figure": claim.figure, "data_key": ", ".join(claim.data_key)}


def find_claims(document: Document, claims: Iterable[registry.Claim]) -> list[dict]:
    """Where each claim is in ``document``: one pass over its pages for all of them."""
    claims = list(claims)
    queries = [keyed(list(claim.text)) for claim in claims]
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
        index, closest = closest_passage(document, cited or range(document.page_count), claim.text)
        return {"status": NOT_FOUND, "page_label": document.label(index) if index is not None else "",
                "page_index": index, "closest": closest}
    return {"status": status, "page_label": document.label(index), "page_index": index,
            "bbox": ", ".join(f"{value:g}" for value in hits[index].bbox),
            "matched_text": hits[index].text,
            "elsewhere": ", ".join(document.label(other) for other in sorted(hits) if other != index)}


def cited_indices(document: Document, page: str | None) -> list[int]:
    """The page indices a claim cites: one label, or every page from "81" to "86".

    A label the document does not print gives no page, so the claim is looked for everywhere
    and, if found, reported as found on another page.
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
    return "".join(fold(char) for char in " ".join(text.split()))


# Described like every extraction step (for its sidecar), but run by :func:`run`, not by
# :func:`pipeline.extract.run`: see the module docstring.
STEP = Step(
    "claims_pdf", "notebooks/11-check-claims.ipynb", check_claims, SCHEMA,
    {"pages": "the cited page, each page of a cited range, else the whole document",
     "matching": "pipeline.textkey keys (case, quotes, dashes, line-end hyphens, numbers)",
     "closest": "the run of words most like the claim (difflib ratio), on the pages searched",
     "statuses": list(STATUSES)},
)


def run(output: Path, registry_path: Path = paths.REGISTRY, *, cache: Path = paths.CACHE,
        mirror: Path | None | str = "default") -> pd.DataFrame:
    """Check every claim and write the table with its sidecar (one "Source" line per document)."""
    frame = SCHEMA.validate(check_claims(registry_path, cache=cache, mirror=mirror))
    sources = registry.load(registry_path)
    documents = []
    for source_id, rows in frame.groupby("source_id", sort=False):
        source, first = sources[source_id], rows.iloc[0]
        held = first["sha256"] or UNCHECKED_SHA256[first["status"]]
        documents.append({"id": source_id, "file": source.file or "", "sha256": held,
                          "date": source.accessed.isoformat()})
        print(f"Source {source_id}: {len(rows)} claim(s); "
              + (f"{source.file} (sha256 {held[:12]}…)" if first["sha256"] else first["status"]))
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
    """Each figure the note quotes (claims with a ``figure``), beside our data or the PDF check.

    ``checked`` is the table of :func:`check_claims`; ``variables`` the key figures
    (:func:`pipeline.analysis.variables.read`). A ``data_key`` missing from them is an error.
    """
    rows = []
    for claim in checked[checked["figure"] != ""].itertuples():
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
            "pdf_check": claim.status,
        })
    return pd.DataFrame(rows, columns=["source_id", "page", "figure", "value", "data_key", "data",
                                       "comparison", "why", "pdf_check"])


def _why(ours: KeyFigure) -> str:
    years = sorted({source["date"][:4] for source in ours.sources})
    return WHY.get(ours.table, "").format(years="–".join(dict.fromkeys([years[0], years[-1]])) if years else "")
