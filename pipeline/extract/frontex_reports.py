"""Frontex's Annual Risk Analyses as they were published: their tables of detections and of
facilitators, read from the reports' text, each value with its page and line.

Why: the meeting paper (30 November 2015) must give the figures Frontex had published by then,
not today's revised series. Frontex's *Annual Risk Analysis 2015* (Warsaw, April 2015; data year
2014, FRAN data as of 9 February 2015) published them; its *Risk Analysis for 2016* (Warsaw,
March 2016; FRAN data as of 22 January 2016) gives 2015 for the update. The copies in hand are
the texts a third party extracted from the PDFs (``frontex-ara-2015``, ``frontex-ara-2016``).

The files and their traps:

* Windows-1252 bytes (0xA0 no-break spaces, read as spaces; 0x92 quotes; 0xB7 middle dots; 0xAD
  soft hyphens, which in the 2016 text stand for every hyphen, read as "-"). Bytes that
  Windows-1252 leaves undefined (0x8F, 0x9D: ligatures the extraction lost, "E\\x8fective") stay
  the Latin-1 control characters they are, and a table row holding one is refused. A file with
  NUL bytes, or one that is valid UTF-8 with non-ASCII characters, is not this copy: refused;
* line ends CR CR LF, CR LF or CR, each one line end; lines are numbered from 1, as ``grep -n``
  numbers them;
* page markers ("16 of 68", alone on a line) carry the report's own page number, but the two
  texts place them differently: the 2015 text puts a page's marker before its text, the 2016 text
  after it. Which one does is decided from each report's own table of contents (:func:`marker_side`): its
  numbered headings are found in the text, and the side that puts at least nine in ten of them on
  the page the contents give, while the other does not, is taken (2015: the marker opens its
  page, for 34 of 36 headings, the other two being titles printed before their page's marker;
  2016: it closes its page, for 30 of 30). So Table 3 of 2015 is on p. 16, Table 1 of 2016 on
  p. 17. The running header ("Frontex · annual risk analysis 2015") sits beside each marker,
  never inside a table. The 2016 text lacks the markers of nine pages of photographs and maps
  (4, 12, 13, 33, 35, 42, 52, 53, 60): a table between two markers that are not of consecutive
  pages could be on either page, and is refused;
* tables flattened into one line per row: the digits are split into numbers by the rule of
  :mod:`pipeline.extract.flattened`, decided by each table's shares, % changes and sums (its
  docstring states the rule and why it is safe). Footnote markers ("Kosovo*") and padding spaces
  are dropped from labels.

The tables read, each found by its caption (the 2016 report renumbered the first):

* ``frontex_ara_routes``: "Detections of illegal border-crossing between BCPs ... by routes and
  top three nationalities" (2015: Table 3, p. 16, 2009-2014; 2016: Table 1, p. 17, 2011-2015):
  each route (named as in :data:`pipeline.extract.frontex.ROUTES`), its border types where shown,
  and their top three nationalities, in 2016 with the rest of them as "Other". A row "Other" after
  a block's nationalities is that remainder unless a nationality follows it: then it is the route
  Frontex calls "Other". The total row is route "all";
* ``frontex_ara_nationalities``: Annex Table 1, detections by border type (all, land, sea) and
  top ten nationalities ("Others" the rest), four years;
* ``frontex_ara_facilitators``: Annex Table 3, facilitators detected by place of detection and by
  top ten nationalities, four years; and the row "Facilitators" of the 2015 report's Table 1,
  "Summary of FRAN indicators" (p. 12, 2009-2014, no share column). The 2016 report shows those
  indicators in a figure, not a table: it adds no such row.

Each tidy row names its report (registry id), table, page and line. A value printed ":" (not
available) or "n.a." (not applicable) has no number and keeps its symbol.

What the reports print that their own counts do not give (found by the checks, listed in
:data:`MISPRINTS`, each cell exempted from the one check it fails, the row's other checks kept):

* 2015, Table 3, Western African route: a % change of -3, where 276 on 283 is -2.5% (this and
  the next are the only shares or changes of the six tables off by more than their rounding);
* 2016, Table 1, Total: "100.0 100.0": the share is right, but the % change of 1,822,337 on
  282,962 is +544%, as Annex Table 1 prints (p. 63).

And one sum that does not add up: in both reports' Annex Table 3 the places of detection of 2012
add up to 7,622 facilitators, the total row to 7,662 (the nationalities add up to 7,662). The
places are therefore checked as parts of the total (no larger than it), not as making it up.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError
from pipeline.extract import flattened, frontex
from pipeline.extract.flattened import Block, Columns, Row
from pipeline.extract.step import Step

SOURCES = ["frontex-ara-2015", "frontex-ara-2016"]  # their ids in sources/registry.yml
MODULE = "pipeline/extract/frontex_reports.py"
ALL = "all"
#: Cells whose printed value their own row's counts do not give: (report, table, row label) ->
#: the check not applied to that cell, and why. Every other check of the row still applies.
MISPRINTS = {
    ("frontex-ara-2015", "Table 3", "Western African route"):
        ("change", "printed -3; 276 on 283 is -2.5%"),
    ("frontex-ara-2016", "Table 1", "Total"):
        ("change", "printed 100.0; 1,822,337 on 282,962 is +544%, as Annex Table 1 prints"),
}
#: The reports whose FRAN indicators are summarised in a table (in 2016 it is a figure).
SUMMARY_TABLES = {"frontex-ara-2015"}
REMAINDERS = ("Other", "Others")

_HINT = (f"The text is not laid out as {MODULE} reads it: check the file against its pin "
         "(`python -m pipeline sources`), then the parser")
_REFETCH = "It is not the copy in hand that the registry pins: fetch it again (`python -m pipeline sources fetch`)"
_MARKER = re.compile(r"\s*(\d+) of (\d+)\s*")
_YEARS = re.compile(r"(?:[A-Za-z][A-Za-z ]*\s)?((?:(?:19|20)\d\d\s+)+(?:19|20)\d\d)\s*")
_CONTROL = re.compile(r"[\x80-\x9f]")


def _windows_1252() -> dict[int, str]:
    """Latin-1 characters -> what Windows-1252 reads their byte as (where it defines one)."""
    table = {0xA0: " ", 0xAD: "-"}
    for code in range(0x80, 0xA0):
        try:
            table[code] = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            pass  # undefined in Windows-1252: kept as the Latin-1 control character
    return table


_WINDOWS_1252 = _windows_1252()


OPENS, CLOSES = "opens", "closes"  # where a page marker stands: before its page's text, or after


@dataclass(frozen=True)
class Report:
    """A report's text: its lines (line n is ``lines[n - 1]``), its page markers, and whether a
    marker opens or closes its page."""

    source_id: str
    path: Path
    lines: tuple[str, ...]
    markers: tuple[tuple[int, int], ...]  # (line, page) of each page marker, in order
    pages: int
    side: str = OPENS

    def error(self, problem: str, hint: str = _HINT) -> SourceFormatError:
        return SourceFormatError(self.source_id, self.path, problem, hint)

    def between(self, line: int) -> tuple[int, int]:
        """The pages of the markers before and after ``line`` (0, and pages + 1, where none)."""
        before = max((page for at, page in self.markers if at < line), default=0)
        after = min((page for at, page in self.markers if at > line), default=self.pages + 1)
        return before, after

    def page(self, line: int, what: str) -> int:
        """The page ``line`` is on, where the markers around it are of consecutive pages."""
        before, after = self.between(line)
        page = before if self.side == OPENS else after
        if after != before + 1 or not 1 <= page <= self.pages:
            where = (f"after the last page marker (page {before} of {self.pages})" if after > self.pages
                     else f"before the first page marker (page {after})" if not before
                     else f"between the page markers of pages {before} and {after}")
            raise self.error(f"{what} (line {line}) lies {where}, and a marker {self.side} its page: "
                             "a marker is missing, so its page cannot be told")
        return page


def read_report(path: str | Path, source_id: str) -> Report:
    """The report's text, decoded and cut into lines, with its page markers checked."""
    path = Path(path)
    data = path.read_bytes()
    if b"\0" in data:
        raise SourceFormatError(source_id, path, "not Latin-1 text: it holds NUL bytes (UTF-16, "
                                "or not text at all)", _REFETCH)
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise SourceFormatError(source_id, path, "not Latin-1 text: it is UTF-8 (the copy "
                                    "re-encoded?)", _REFETCH)
    lines = tuple(re.split(r"\r*\n|\r", data.decode("latin-1").translate(_WINDOWS_1252)))
    found = [(number, int(match[1]), int(match[2])) for number, line in enumerate(lines, 1)
             if (match := _MARKER.fullmatch(line))]
    if not found:
        raise SourceFormatError(source_id, path, "no page markers (lines such as '16 of 68')", _HINT)
    pages = found[0][2]
    previous = 0
    for line, page, total in found:
        if total != pages or page <= previous:
            raise SourceFormatError(source_id, path, f"the page marker '{page} of {total}' on line "
                                    f"{line} does not follow page {previous} of {pages}", _HINT)
        previous = page
    report = Report(source_id, path, lines, tuple((line, page) for line, page, _ in found), pages)
    side, agreed, located = marker_side(report)
    if not side:
        raise report.error(f"its table of contents does not tell whether a page marker opens or "
                           f"closes its page (of {located} headings found, {agreed[OPENS]} are on "
                           f"the page it gives if markers open their page, {agreed[CLOSES]} if they "
                           "close it)")
    return replace(report, side=side)


_ENTRY = re.compile(r"(\d+(?:\.\d+)*\.)\s+(\S+).*?\s#?(\d{1,3})")  # "3.3. Detections of ... #17"


def marker_side(report: Report) -> tuple[str, dict[str, int], int]:
    """Whether a page marker opens or closes its page, by the report's table of contents: the
    side that puts at least nine in ten of its numbered headings found in the text on the page it
    gives, while the other puts fewer than half there; "" if neither does. Also returns the count
    of headings each side puts right, and of headings found."""
    lines = report.lines
    start = next((number for number, line in enumerate(lines, 1)
                  if line.strip().casefold() == "table of contents"), None)
    if start is None:
        raise report.error("no table of contents (a line 'Table of contents')")
    end = next((at for at, _ in report.markers if at > start), len(lines))
    agreed, located = {OPENS: 0, CLOSES: 0}, 0
    for text in lines[start:end - 1]:
        if not (entry := _ENTRY.fullmatch(text.strip())):
            continue
        heading = re.compile(re.escape(entry[1]) + r"\s+" + re.escape(entry[2]))
        found = next((number for number in range(end + 1, len(lines) + 1)
                      if heading.match(lines[number - 1].strip())), None)
        if found is None:
            continue
        located += 1
        before, after = report.between(found)
        page = int(entry[3])
        agreed[OPENS] += before <= page < after
        agreed[CLOSES] += before < page <= after
    for side, other in ((OPENS, CLOSES), (CLOSES, OPENS)):
        if located and agreed[side] >= 0.9 * located and agreed[other] < 0.5 * located:
            return side, agreed, located
    return "", agreed, located


# ---------------------------------------------------------------------------------------------
# A table: its caption, its header of years, its rows and section headings


@dataclass(frozen=True)
class Body:
    """A table as printed: its name ("Table 3"), page, years, and rows or headings in order."""

    name: str
    page: int
    columns: Columns
    items: tuple[Row | str, ...]  # a Row, or the text of a heading line (no values)

    @property
    def rows(self) -> list[Row]:
        return [item for item in self.items if isinstance(item, Row)]


def _body(report: Report, caption: str, what: str, last: Callable[[str], bool],
          share: bool = True, subtitle: str = "") -> Body:
    """The lines of the table whose caption line matches ``caption`` (and whose next line opens
    with ``subtitle``), up to the row ``last``."""
    pattern = re.compile(caption)
    hits = [number for number, line in enumerate(report.lines[:-1], 1) if pattern.fullmatch(line.strip())
            and report.lines[number].strip().startswith(subtitle)]
    if len(hits) != 1:
        found = f"found on lines {', '.join(map(str, hits))}" if hits else "not found"
        followed = f", followed by a line opening {subtitle!r}" if subtitle else ""
        raise report.error(f"{what}: its caption (a line matching {caption!r}{followed}) is {found}")
    start = hits[0]
    name = pattern.fullmatch(report.lines[start - 1].strip())[1]
    page = report.page(start, what)
    years: tuple[int, ...] = ()
    items: list[Row | str] = []
    for number in range(start + 1, len(report.lines) + 1):
        text = report.lines[number - 1]
        if _MARKER.fullmatch(text):
            break
        if not years:
            if match := _YEARS.fullmatch(text.strip()):
                years = tuple(int(year) for year in match[1].split())
            continue
        label, tokens = flattened.split_label(text)
        if not tokens:
            items.append(" ".join(text.split()))
            continue
        label = label.rstrip("*").strip()
        if not label or _CONTROL.search(label):
            raise report.error(f"{what}, page {page}, line {number} ({text.strip()!r}): " + (
                "a row with no label" if not label else "a character lost by the extraction in its label"))
        check, _ = MISPRINTS.get((report.source_id, name, label), (None, ""))
        items.append(Row(label, tokens, number, text.strip(), frozenset([check] if check else [])))
        if last(label):
            if years != tuple(range(years[0], years[0] + len(years))):
                raise report.error(f"{what}, page {page}: its header's years {years} are not consecutive")
            return Body(name, page, Columns(years, share=share), tuple(items))
    raise report.error(f"{what}, page {page}: its last row was not found before the end of its page"
                       + ("" if years else " (nor its header of years)"))


def _read(report: Report, body: Body, table: flattened.Table) -> dict[Row, flattened.Reading]:
    try:
        return flattened.read(table)
    except flattened.Unreadable as unreadable:
        raise report.error(f"{body.name}, page {body.page}, line {unreadable.row.line} "
                           f"({unreadable.row.text!r}): {unreadable}",
                           "The digits of a flattened row are split only where the table's own "
                           f"shares, changes and sums allow one reading ({flattened.__name__}): "
                           "check the row against the report, and list a proven misprint in "
                           f"{MODULE}'s MISPRINTS") from None


def _tidy(report: Report, body: Body, readings, keys: dict[Row, dict[str, str]], value: str) -> pd.DataFrame:
    """One row per table row and year, with the row's keys, its value or symbol, page and line."""
    records = []
    for row, columns in keys.items():
        for year, printed in zip(body.columns.years, readings[row].years):
            records.append({"report": report.source_id, **columns, "year": year,
                            value: None if printed.value is None else int(printed.value),
                            "symbol": printed.text if printed.value is None else None,
                            "table": body.name, "page": body.page, "line": row.line})
    return pd.DataFrame.from_records(records)


# ---------------------------------------------------------------------------------------------
# The three tables


def routes(report: Report) -> pd.DataFrame:
    """Detections by route, border type and top three nationalities, as the report printed them."""
    what = "the table of detections by routes and top three nationalities"
    body = _body(report, r"(Table \d+)\.\s+Detections of illegal border-crossing between BCPs", what,
                 lambda label: label == "Total",
                 subtitle="Detections reported by routes and top three nationalities")
    rows = body.rows
    table = flattened.Table(body.columns, rows=rows)
    keys: dict[Row, dict[str, str]] = {}
    total = rows[-1]
    route_rows: list[Row] = []
    route = border = None
    borders: list[Row] = []
    block: list[Row] = []

    def close(rows_: list[Row], parent: Row | None, complete: bool) -> None:
        if rows_:
            table.blocks.append(Block(parent, tuple(rows_), complete))
            rows_.clear()

    for index, row in enumerate(rows):
        kind = _route_table_kind(rows, index)
        if kind in ("route", "border", "total"):
            close(block, border or route, complete=False)
        if kind in ("route", "total"):
            close(borders, route, complete=True)
        if kind == "route":
            route, border = row, None
            route_rows.append(row)
            table.parents[row] = total
            keys[row] = {"route": frontex.route_named(row.label), "border_type": ALL, "nationality": ALL}
        elif kind == "total":
            table.parents[row] = row
            table.blocks.append(Block(row, tuple(route_rows), complete=True))
            keys[row] = {"route": ALL, "border_type": ALL, "nationality": ALL}
        elif route is None:
            raise report.error(f"{body.name}, page {body.page}, line {row.line}: {row.label!r} "
                               "comes before the first route")
        elif kind == "border":
            border = row
            borders.append(row)
            table.parents[row] = route
            keys[row] = {**keys[route], "border_type": row.label}
        else:
            block.append(row)
            table.parents[row] = border or route
            keys[row] = {**keys[border or route], "nationality": row.label}
            if kind == "remainder":
                close(block, border or route, complete=True)
    return _tidy(report, body, _read(report, body, table), keys, "detections")


def _route_table_kind(rows: list[Row], index: int) -> str:
    """What a row of the routes table is: total, route, border, nationality or remainder."""
    label = rows[index].label
    if label == "Total":
        return "total"
    if label in frontex.BORDER_TYPES:
        return "border"
    if label == "Other":  # the rest of a block's nationalities, or the route "Other"
        following = rows[index + 1].label if index + 1 < len(rows) else "Total"
        is_nationality = following not in ("Total", "Other", *frontex.BORDER_TYPES) \
            and frontex.route_named(following) is None
        return "route" if is_nationality else "remainder"
    return "route" if frontex.route_named(label) else "nationality"


def _sections(report: Report, body: Body, sections: dict[str, str]) -> list[tuple[str, list[Row]]]:
    """The table's rows under each of its section headings (``sections``: heading -> key)."""
    found: list[tuple[str, list[Row]]] = []
    for item in body.items:
        if isinstance(item, Row):
            if not found:
                raise report.error(f"{body.name}, page {body.page}, line {item.line}: a row before "
                                   f"the first section heading ({', '.join(sections)})")
            found[-1][1].append(item)
        elif item.casefold() in sections:
            found.append((sections[item.casefold()], []))
        elif found:
            raise report.error(f"{body.name}, page {body.page}: an unexpected line {item!r} among its rows")
    return found


def nationalities(report: Report) -> pd.DataFrame:
    """Annex Table 1: detections by border type and top ten nationalities, four years."""
    what = "Annex Table 1 (illegal border-crossing between BCPs)"
    body = _body(report, r"(Annex Table 1)\.\s+Illegal border-crossing between BCPs", what,
                 lambda label: label.casefold() == "total sea borders")
    sections = _sections(report, body, {"all borders": ALL, "land border": "Land", "sea border": "Sea"})
    if [border for border, _ in sections] != [ALL, "Land", "Sea"]:
        raise report.error(f"{what}, page {body.page}: its sections are not All, Land, Sea borders")
    table = flattened.Table(body.columns, rows=body.rows)
    keys = {}
    for border, rows in sections:
        *parts, total = rows
        if not total.label.startswith("Total"):
            raise report.error(f"{what}, page {body.page}, line {total.line}: a section that does "
                               "not end with its total row")
        table.blocks.append(Block(total, tuple(parts), any(p.label in REMAINDERS for p in parts)))
        for row in rows:
            table.parents[row] = total
            keys[row] = {"border_type": border, "nationality": ALL if row is total else row.label}
    return _tidy(report, body, _read(report, body, table), keys, "detections")


def facilitators(report: Report) -> pd.DataFrame:
    """Annex Table 3 (facilitators by place of detection and top ten nationalities), and the
    facilitators' row of the summary of FRAN indicators where the report has that table."""
    what = "Annex Table 3 (facilitators)"
    body = _body(report, r"(Annex Table 3)\.\s+Facilitators", what, lambda label: label == "Total")
    sections = _sections(report, body, {"place of detection": "place of detection",
                                        "top ten nationalities": "nationality"})
    if [breakdown for breakdown, _ in sections] != ["place of detection", "nationality"]:
        raise report.error(f"{what}, page {body.page}: its sections are not the place of detection "
                           "and the top ten nationalities")
    total = sections[-1][1].pop()  # the row "Total" ends the table
    table = flattened.Table(body.columns, rows=body.rows, parents={row: total for row in body.rows})
    keys = {total: {"breakdown": ALL, "category": ALL}}
    for breakdown, rows in sections:  # the places of detection of 2012 do not add up (docstring)
        complete = breakdown == "nationality" and any(row.label in REMAINDERS for row in rows)
        table.blocks.append(Block(total, tuple(rows), complete))
        keys.update({row: {"breakdown": breakdown, "category": row.label} for row in rows})
    annex = _tidy(report, body, _read(report, body, table), dict(sorted(keys.items(), key=lambda k: k[0].line)),
                  "facilitators")
    if report.source_id not in SUMMARY_TABLES:
        return annex
    what = "the summary of FRAN indicators"
    summary = _body(report, r"(Table \d+)\.\s+Summary of FRAN indicators", what,
                    lambda label: label == "Facilitators", share=False)
    row = summary.rows[-1]
    readings = _read(report, summary, flattened.Table(summary.columns, rows=[row]))
    return pd.concat([_tidy(report, summary, readings, {row: {"breakdown": ALL, "category": ALL}},
                            "facilitators"), annex], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# The extraction steps: one per tidy table, over both reports

_COMMON = {
    "report": pa.Column(str, pa.Check.isin(SOURCES)),
    "year": pa.Column(int, pa.Check.in_range(2009, 2015)),
    "symbol": pa.Column(str, pa.Check.isin([":", "n.a."]), nullable=True),
    "table": pa.Column(str, pa.Check.str_matches(r"^(Annex )?Table \d+$")),
    "page": pa.Column(int, pa.Check.gt(0)),
    "line": pa.Column(int, pa.Check.gt(0)),
}
_COUNT = pa.Column("Int64", pa.Check.ge(0), nullable=True)


def _schema(keys: dict[str, pa.Column], value: str) -> pa.DataFrameSchema:
    columns = {"report": _COMMON["report"], **keys, "year": _COMMON["year"], value: _COUNT,
               **{name: _COMMON[name] for name in ("symbol", "table", "page", "line")}}
    unique = ["report", *keys, "year"]
    return pa.DataFrameSchema(columns, strict=True, ordered=True, coerce=True, unique=unique)


ROUTES_SCHEMA = _schema({"route": pa.Column(str, pa.Check.isin([ALL, *frontex.ROUTES])),
                         "border_type": pa.Column(str, pa.Check.isin([ALL, *frontex.BORDER_TYPES])),
                         "nationality": pa.Column(str)}, "detections")
NATIONALITIES_SCHEMA = _schema({"border_type": pa.Column(str, pa.Check.isin([ALL, *frontex.BORDER_TYPES])),
                                "nationality": pa.Column(str)}, "detections")
FACILITATORS_SCHEMA = _schema({"table": _COMMON["table"],
                               "breakdown": pa.Column(str, pa.Check.isin([ALL, "place of detection", "nationality"])),
                               "category": pa.Column(str)}, "facilitators")


def _each_report(read_table: Callable[[Report], pd.DataFrame], schema: pa.DataFrameSchema):
    """A step function: the table read from every report given, in the schema's column order."""
    def function(raws) -> pd.DataFrame:
        frames = [read_table(read_report(raw.path, raw.source.id)) for raw in raws]
        return pd.concat(frames, ignore_index=True)[list(schema.columns)]

    function.__qualname__ = read_table.__qualname__
    function.__module__ = read_table.__module__
    return function


NOTEBOOK = "notebooks/05-extract-frontex.ipynb"
_TIME = {"year": "year", "source": "report"}  # known when its report was published
_SELECTION = {"reports": SOURCES, "pages": "the report's own page numbers, from its page markers, which open "
              "or close their page as its table of contents tells (2015: open; 2016: close)",
              "digits": "split by the table's shares, % changes and sums (pipeline.extract.flattened)",
              "misprints": {" / ".join(cell): f"{check} not checked: {why}"
                            for cell, (check, why) in MISPRINTS.items()}}
ROUTES_STEP = Step("frontex_ara_routes", NOTEBOOK, _each_report(routes, ROUTES_SCHEMA), ROUTES_SCHEMA,
                   {"table": "detections by routes and top three nationalities", **_SELECTION}, time=_TIME)
NATIONALITIES_STEP = Step("frontex_ara_nationalities", NOTEBOOK, _each_report(nationalities, NATIONALITIES_SCHEMA),
                          NATIONALITIES_SCHEMA, {"table": "Annex Table 1", **_SELECTION}, time=_TIME)
FACILITATORS_STEP = Step("frontex_ara_facilitators", NOTEBOOK, _each_report(facilitators, FACILITATORS_SCHEMA),
                         FACILITATORS_SCHEMA, {"table": "Annex Table 3; the 2015 report's summary of FRAN "
                                               "indicators, row Facilitators", **_SELECTION}, time=_TIME)
