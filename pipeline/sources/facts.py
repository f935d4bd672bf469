"""Tables of facts (``sources/facts/*.csv``): instruments and national measures, every fact cited.

Why a folder of its own: the dates of treaties, the outcome of a summit or the number of a
national law are not in any publisher's data file. They are curated by hand from public pages
and official texts, committed with the project (they are inputs, not files of the mirror or
the download cache), and each fact names, row by row, the registry source that states it. The
prose binds to these tables instead of typing the facts, as it binds numbers to key figures.

``load(name)`` reads one table and checks it against a strict pandera schema: the columns in
their order, no blank required cell, kebab-case ids that are unique, dates in ISO form (a
``YYYY-MM`` or ``YYYY`` where only the month or year is certain), choices from fixed lists,
URLs that are https, and, for every fact, a source column naming ids that
``sources/registry.yml`` holds (several ids are separated by ``;``). A fact without a source,
or a source for no fact, is refused. Every problem is reported on one line naming the file, the
line of the CSV, the row's id and the column. Cells are text; blank cells are ``""``.

``python -m pipeline.sources.facts`` checks every table and prints its number of rows.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pandera.pandas as pa

from pipeline import paths
from pipeline.errors import SourceFormatError
from pipeline.sources import registry

FACTS = paths.FACTS

#: Hosts whose official site serves no https: their URLs may be http:// (nothing else may).
HTTP_ONLY_HOSTS = ("processusderabat.net", "www.processusderabat.net")

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
#: Problems not reported one by one past this many (the rest are counted).
_SHOWN = 5


@dataclass(frozen=True)
class Table:
    """What one facts table holds: its columns and the rules its cells follow."""

    name: str  # the file is sources/facts/<name>.csv
    columns: tuple[str, ...]
    required: tuple[str, ...]  # never blank
    dates: tuple[str, ...] = ()  # ISO dates, blank allowed unless required
    urls: tuple[str, ...] = ()
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: fact column -> the column naming the registry ids of the documents that state it
    cited_by: dict[str, str] = field(default_factory=dict)
    #: the column naming the copies that confirmed the row (pages consulted, texts in hand):
    #: recorded in the technical note, never cited in the paper in place of the document. A row
    #: whose sources are all documents (kind ``document``: no copy in hand) must name one.
    verified: str = ""

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def source_columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.cited_by.values()))

    @property
    def id_columns(self) -> tuple[str, ...]:
        """Every column that names registry ids: the sources, and the copies that verified them."""
        return self.source_columns + ((self.verified,) if self.verified else ())


#: Who adopted or runs an instrument, a plan or an operation.
LEVELS = ("UN", "UN Security Council", "ILO", "Council of Europe", "EU", "ECOWAS", "ECCAS",
          "ECOWAS-ECCAS", "West Africa (multilateral)", "West and Central Africa (multilateral)",
          "Bilateral", "African Union", "Africa-EU", "Rabat Process", "Khartoum Process", "ICMPD", "IOM",
          "UNODC", "UNHCR", "OHCHR", "Interpol")

#: What an instrument is: a treaty or legal act binds its parties; a declaration, plan, strategy
#: or programme is a political commitment; a fund that pays for action is a financing instrument,
#: neither (the expert review of issue 20: the EU Emergency Trust Fund for Africa).
INSTRUMENT_TYPES = ("binding", "policy", "financing")

INSTRUMENTS = Table(
    name="instruments",
    columns=("id", "instrument", "name_en", "name_fr", "short_name", "level", "type", "adopted", "adopted_at",
             "entry_into_force", "transposition_deadline", "scope_en", "scope_fr", "reference", "url",
             "adopted_source", "entry_into_force_source", "verified_by", "note"),
    required=("id", "instrument", "name_en", "name_fr", "short_name", "level", "type", "adopted", "adopted_at",
              "scope_en", "scope_fr", "reference", "adopted_source"),
    dates=("adopted", "entry_into_force", "transposition_deadline"),
    urls=("url",),
    choices={
        "level": LEVELS,
        "type": INSTRUMENT_TYPES,
    },
    # adopted_source also covers adopted_at and reference; entry_into_force_source covers the
    # entry into force and, for EU directives, the transposition deadline.
    cited_by={"adopted": "adopted_source", "entry_into_force": "entry_into_force_source",
              "transposition_deadline": "entry_into_force_source"},
    verified="verified_by",
)

#: What a national measure is. A law is classed by what it is about (a trafficking law may
#: also cover smuggling: say so in ``measure``); ``related_law`` is another law the paper needs
#: (child protection, an offence of irregular exit); a plan's period is ``date`` to ``end_date``.
MEASURE_KINDS = ("trafficking_law", "smuggling_law", "related_law", "coordinating_body", "rapporteur",
                 "action_plan", "referral_mechanism", "amendment", "repeal", "other")

#: What a trafficking law covers, where it is not simply trafficking in persons: children only
#: (a child-protection or child-trafficking law), or the smuggling of migrants as well.
LAW_COVERS = ("children only", "also smuggling")

NATIONAL_MEASURES = Table(
    name="national_measures",
    columns=("id", "country_iso3", "country", "kind", "covers", "title", "reference_en", "reference_fr",
             "measure", "measure_fr", "date", "end_date", "url", "source", "verified_by", "note"),
    required=("id", "country_iso3", "country", "kind", "title", "reference_en", "reference_fr",
              "measure", "measure_fr", "date", "source"),
    dates=("date", "end_date"),
    urls=("url",),
    choices={"kind": MEASURE_KINDS, "covers": ("", *LAW_COVERS)},
    cited_by={"date": "source"},
    verified="verified_by",
)

#: What a State did with a treaty, as the depositary records it.
TREATY_EVENT_KINDS = ("signature", "ratification", "accession", "acceptance", "approval", "succession",
                      "denunciation")

#: Signatures, ratifications and accessions that the UN Treaty Collection status in hand (scraped
#: in mid-2014) does not hold: the later ones, and those of treaties it does not cover (the ILO's
#: Forced Labour Protocol, the Council of Europe Convention). ``instrument`` is an id of
#: instruments.csv.
TREATY_EVENTS = Table(
    name="treaty_events",
    columns=("id", "country_iso3", "country", "instrument", "event", "date", "source", "verified_by",
             "note"),
    required=("id", "country_iso3", "country", "instrument", "event", "date", "source"),
    dates=("date",),
    choices={"event": TREATY_EVENT_KINDS},
    cited_by={"date": "source"},
    verified="verified_by",
)

#: Policy events that are no instrument of their own: an operation launched, a resolution, a
#: summit's outcome, a network set up, a change of membership.
EVENT_KINDS = ("operation", "resolution", "summit", "declaration", "plan", "agreement", "network",
               "membership", "programme", "guidelines", "other")

EVENTS = Table(
    name="events",
    columns=("id", "level", "kind", "date", "end_date", "event", "event_fr", "source", "verified_by",
             "note"),
    required=("id", "level", "kind", "date", "event", "event_fr", "source"),
    dates=("date", "end_date"),
    choices={"level": LEVELS, "kind": EVENT_KINDS},
    cited_by={"date": "source"},
    verified="verified_by",
)

#: What the reports of the time found about how smuggling and trafficking work on the routes:
#: each finding in our words (English and French), with the report and page that state it and,
#: where the text is in hand, a short verbatim ``quote`` that the claims check can find there.
FINDING_TOPICS = ("routes", "hubs", "fees", "business-model", "libya", "kidnapping-extortion",
                  "exploitation-pathway", "minors", "gulf", "facilitators", "deaths", "data", "other")

FINDINGS = Table(
    name="findings",
    columns=("id", "topic", "finding", "finding_fr", "source", "locator", "quote", "verified_by",
             "note"),
    required=("id", "topic", "finding", "finding_fr", "source"),
    choices={"topic": FINDING_TOPICS},
    cited_by={"finding": "source"},
    verified="verified_by",
)

#: How the partner list of an earlier date differed from today's, as a source of that time states
#: it: the country had ``status`` from ``valid_from`` until today's list (rabat-partners) was
#: made (pipeline.analysis.asof.partners_on applies it).
PARTNER_LIST = Table(
    name="partner_list",
    columns=("id", "iso3", "country", "side", "status", "valid_from", "source", "note"),
    required=("id", "iso3", "country", "side", "status", "valid_from", "source", "note"),
    dates=("valid_from",),
    choices={"side": ("African", "European"), "status": ("partner", "observer", "none")},
    cited_by={"status": "source"},
)

#: The organisations of the Process (partners, observers) and its Steering Committee, as a
#: source of a given date lists them.
PARTNER_ORGANISATIONS = Table(
    name="partner_organisations",
    columns=("id", "organisation", "role", "valid_from", "source", "note"),
    required=("id", "organisation", "role", "valid_from", "source"),
    dates=("valid_from",),
    choices={"role": ("partner", "observer", "steering")},
    cited_by={"role": "source"},
)

TABLES = {table.name: table for table in (INSTRUMENTS, NATIONAL_MEASURES, TREATY_EVENTS, EVENTS, FINDINGS,
                                          PARTNER_LIST, PARTNER_ORGANISATIONS)}


class FactsError(SourceFormatError):
    """A facts table that breaks its rules (the message names file, line, id and column)."""


def parse_date(text: str) -> tuple[dt.date, str]:
    """``"2001-12"`` -> (1 December 2001, ``"month"``): the first day a fact's date covers, and
    how precise it is (``"day"``, ``"month"`` or ``"year"``). ValueError if it is no ISO date."""
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not an ISO date")
    year, month, day = match.groups()
    first = dt.date(int(year), int(month or 1), int(day or 1))  # ValueError for 2000-13-01
    return first, "day" if day else "month" if month else "year"


def source_ids(cell: str) -> list[str]:
    """The registry ids a source cell names (``"a; b"`` -> ``["a", "b"]``)."""
    return [part.strip() for part in cell.split(";") if part.strip()]


def _is_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _url_ok(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.hostname) and " " not in url and (
        parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in HTTP_ONLY_HOSTS))


def _cell(check, error: str, blank_ok: bool = True) -> pa.Check:
    return pa.Check(lambda value: (blank_ok and value == "") or bool(check(value)),
                    element_wise=True, error=error)


def _cited(fact_columns: list[str], source: str) -> pa.Check:
    """A row-wise rule: the source cell is filled exactly when one of its facts is."""
    def check(frame: pd.DataFrame) -> pd.Series:
        has_fact = (frame[fact_columns] != "").any(axis=1)
        return has_fact == (frame[source] != "")
    return pa.Check(check, name=f"cited:{source}", error=f"cited:{source}")


def _verified(table: Table, documents: set[str]) -> pa.Check:
    """A row-wise rule: a row whose sources are all documents (no copy in hand) names the copy
    that confirmed it."""
    def check(frame: pd.DataFrame) -> pd.Series:
        cited = [[i for cell in row for i in source_ids(cell)]
                 for row in frame[list(table.source_columns)].itertuples(index=False)]
        only_documents = pd.Series([bool(ids) and all(i in documents for i in ids) for ids in cited],
                                   index=frame.index, dtype=bool)
        return ~only_documents | (frame[table.verified] != "")
    return pa.Check(check, name=f"verified:{table.verified}", error=f"verified:{table.verified}")


def schema(table: Table, known_ids: set[str], documents: set[str] = frozenset()) -> pa.DataFrameSchema:
    """The pandera schema of ``table``, checking source cells against ``known_ids``; ``documents``
    are the ids of kind ``document`` (cited, but no copy in hand)."""
    columns = {}
    for name in table.columns:
        checks = []
        if name in table.required:
            checks.append(pa.Check(lambda value: value != "", element_wise=True,
                                   error="is blank (a required cell)"))
        if name == "id":
            checks.append(_cell(_ID.fullmatch, "is not a kebab-case id"))
        if name in table.dates:
            checks.append(_cell(_is_date, "is not a date (YYYY-MM-DD, or YYYY-MM / YYYY "
                                "when only that is certain)"))
        if name in table.urls:
            checks.append(_cell(_url_ok, "is not an https URL (http:// only for "
                                f"{', '.join(HTTP_ONLY_HOSTS)})"))
        if name in table.choices:
            checks.append(_cell(lambda value, allowed=table.choices[name]: value in allowed,
                                f"is not one of {', '.join(table.choices[name])}"))
        if name in table.id_columns:
            checks.append(_cell(lambda value: all(i in known_ids for i in source_ids(value)),
                                "names an id that the registry does not hold"))
        columns[name] = pa.Column(str, checks, unique=name == "id")
    rules = [_cited([fact for fact, source in table.cited_by.items() if source == column], column)
             for column in table.source_columns]
    if table.verified:
        rules.append(_verified(table, set(documents)))
    return pa.DataFrameSchema(columns, checks=rules, strict=True, ordered=True)


def load(name: str, folder: Path = FACTS, registry_path: Path = paths.REGISTRY) -> pd.DataFrame:
    """Read and check ``<folder>/<name>.csv``; one row per fact record, every cell text."""
    table = TABLES[name]
    path = Path(folder) / table.file
    frame = _read(table, path)
    sources = registry.load(registry_path)
    known = set(sources)
    documents = {i for i, source in sources.items() if source.kind == "document"}
    try:
        return schema(table, known, documents).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = _problems(table, frame, errors.failure_cases, known)
    shown = problems[:_SHOWN] + ([f"and {len(problems) - _SHOWN} more"] if len(problems) > _SHOWN else [])
    raise FactsError(f"facts:{name}", path, "; ".join(shown),
                     "Correct the cells named; every fact cites a registry id "
                     "(sources/registry.yml) of a document that states it")


@dataclass(frozen=True)
class Cell:
    """A text cell of a facts table, where it is written."""

    file: Path
    line: int  # of the CSV, where its row starts
    column: str
    text: str
    column_number: int = 1  # where the cell starts on its line (1 if the row wraps before it)


def text_cells(folder: Path | None = None) -> list[Cell]:
    """Every non-blank cell of every facts table that is text: not an id, date, URL or source."""
    cells = []
    for table in TABLES.values():
        path = Path(folder or FACTS) / table.file
        skip = {"id", *table.dates, *table.urls, *table.id_columns}
        lines = path.read_text(encoding="utf-8").splitlines()
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            start = reader.line_num + 1
            for row in reader:
                at = 0
                for name, value in zip(header, row):
                    found = lines[start - 1].find(value, at) if value else -1
                    at = found + len(value) if found != -1 else at
                    if value.strip() and name not in skip:
                        cells.append(Cell(path, start, name, value, found + 1 if found != -1 else 1))
                start = reader.line_num + 1
    return cells


def load_all(folder: Path = FACTS, registry_path: Path = paths.REGISTRY) -> dict[str, pd.DataFrame]:
    return {name: load(name, folder, registry_path) for name in TABLES}


def _read(table: Table, path: Path) -> pd.DataFrame:
    where = f"facts:{table.name}"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise FactsError(where, path, "no such file", "Restore it from git (the facts "
                         "tables are committed)") from None
    except UnicodeDecodeError as error:
        raise FactsError(where, path, f"not UTF-8 ({error.reason} at byte {error.start})",
                         "Save the file as UTF-8") from None
    if tuple(frame.columns) != table.columns:
        raise FactsError(where, path, f"columns are {', '.join(frame.columns)}; expected "
                         f"{', '.join(table.columns)}", "Restore the header row, in that order")
    return frame.apply(lambda column: column.str.strip())


def _where(frame: pd.DataFrame, index: int) -> str:
    """``line 5 (id un-toc)``: the CSV line (header is line 1) and the row's id."""
    row_id = frame.at[index, "id"] or "blank"
    return f"line {index + 2} (id {row_id})"


def _problems(table: Table, frame: pd.DataFrame, cases: pd.DataFrame, known: set[str]) -> list[str]:
    found: dict[tuple[int, int, str], str] = {}  # (line, column order, check) -> message
    for case in cases.itertuples(index=False):
        index = int(case.index)
        column, check = str(case.column), str(case.check)
        if check.startswith("verified:"):
            column = table.verified
            message = (f"column {column}: blank, but the row's sources are documents with no copy "
                       "in hand: name the registry id of the page or text that confirmed it")
        elif check.startswith("cited:"):
            column = check.removeprefix("cited:")
            facts = [fact for fact, source in table.cited_by.items() if source == column]
            message = (f"column {column}: blank, but {' or '.join(facts)} holds a fact: name the "
                       "registry id of the document that states it"
                       if frame.at[index, column] == "" else
                       f"column {column}: names a source, but {' and '.join(facts)} is blank")
        else:
            value = frame.at[index, column]
            if check == "field_uniqueness":
                first = frame.index[frame[column] == value][0]
                message = f"column {column}: {value!r} is also the id of line {first + 2}"
                if first == index:
                    continue  # report the repetition, not the first occurrence
            elif column in table.id_columns and check.startswith("names an id"):
                unknown = [i for i in source_ids(value) if i not in known]
                message = f"column {column}: {', '.join(map(repr, unknown))} {check}"
            else:
                message = f"column {column}: {value!r} {check}"
        found.setdefault((index, table.columns.index(column), check), message)
    return [f"{_where(frame, index)}, {message}" for (index, _, _), message in sorted(found.items())]


def main() -> int:
    """Check every facts table; print one line per table, or the problem (exit status 2)."""
    try:
        for name, frame in load_all().items():
            print(f"{paths.display(FACTS / TABLES[name].file)}: {len(frame)} rows, all cited")
    except (FactsError, registry.RegistryError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
