"""IOM Missing Migrants Project (MMP) exports -> one table of incidents, counted once.

Why this module: the concept note's death toll ("almost 5.000 ... 3.400 in the Mediterranean")
comes from the MMP, whose downloads changed shape over the years, and the copies we hold overlap:

* the **old 20-column export** (``MissingMigrants-Global-2020-01-08...``): one row per incident,
  2014 to Jan 2020, dated by the *reported* date ("January 05, 2020"), numeric "Web ID", no
  region of origin, "Total Dead and Missing" with thousands separators ("1,022");
* the **new export** (2022, 2024, 2026 downloads): dated by *incident* date
  ("Fri, 01/01/2021 - 12:00"), "Main ID"/"Incident ID" ("2014.MMP1039" and its split parts
  "2014.MMP1039310", one per origin group), region of origin; the 2022 download spells
  "Migrantion route" and has no origin column, the 2026 one has no total column;
* ``iom_europe.csv``, a third party's **derived** subset of a 2026 download (Mediterranean,
  North/West Africa, Europe routes): split parts merged back into one row per Main ID, their
  Incident IDs comma-joined, "NA" for empty cells. Kept at lower priority and flagged ``derived``.

Counts: an empty "dead" or "missing" cell is 0 (the given total always equals dead + missing in
these files). "missing" may be negative: IOM records bodies found of people already counted as
missing as negative missing, so that the total is not counted twice; the schema only asks that
dead + missing is not negative.

Names are harmonised (``ROUTES``, ``OLD_REGIONS``) and the name as given is kept beside it.
The old export has a route for every incident in its "Mediterranean" region, so no route needs to
be guessed from locations; it has no Sahara crossing route at all (those incidents sit in the
"North Africa"/"Sub-Saharan Africa" regions with an empty route), and no attempt is made to
derive one from coordinates: when a derived or newer row duplicates an old row, its route and
origin fill the old row's empty ones (``route_from``/``origin_from`` name the file they came from).

Duplicates (see :func:`harmonise`): originals before derived, newer originals before older.
"""
from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError
from pipeline.extract.step import Step
from pipeline.numbers import NumberFormatError, parse_count, parse_number

#: Registry ids (sources/registry.yml) of the files we hold; other files are reported as "iom-mmp".
SOURCE_IDS = {
    "MissingMigrants-Global-2020-01-08T14-05-32.csv": "iom-mmp-2020-01-08",
    "MissingMigrants-Global-2022-03-24--04_40_16.csv": "iom-mmp-2022-03-24",
    "MissingMigrants-Global-2024-04-10--23_23_37.csv": "iom-mmp-2024-04-10",
    "MissingMigrants-Global-2026-05-06--19_42_11.csv": "iom-mmp-2026-05-06",
    "iom_europe.csv": "iom-mmp-europe-2026",
}
FIRST_YEAR, LAST_YEAR = 2014, 2030

CENTRAL_MED = "Central Mediterranean"
WESTERN_MED = "Western Mediterranean"
ATLANTIC = "Western Africa / Atlantic route to the Canary Islands"
SAHARA = "Sahara Desert crossing"
#: The routes of the Rabat Process region, in IOM's current names. Not the Eastern
#: Mediterranean route (Türkiye-Greece): it runs from Türkiye, not from or through an African
#: partner country.
RABAT_ROUTES = [CENTRAL_MED, WESTERN_MED, ATLANTIC, SAHARA]

#: Older or variant route names -> IOM's current name (names not listed are kept as given).
ROUTES = {
    "Western African": ATLANTIC,  # old export: 26 incidents off Canaries/Mauritania/Dakhla
    "Calais to United Kingdom": "Mainland Europe to the UK",
    "English Channel to the UK": "Mainland Europe to the UK",
    "Turkey-Europe land route": "Türkiye-Europe land route",
    "Syria to Turkey": "Syria to Türkiye",
    "Iran to Turkey": "Iran to Türkiye",
    "Horn Africa to Yemen": "Horn of Africa to Yemen crossing",
    "Darien Gap": "Darien",
}
#: Old-export regions -> the new export's names, only where the two cover the same area.
#: "Horn of Africa" and "Sub-Saharan Africa" have no one-to-one match and are kept.
OLD_REGIONS = {
    "North Africa": "Northern Africa",
    "Middle East": "Western Asia",
    "South Asia": "Southern Asia",
    "Southeast Asia": "South-eastern Asia",
    "East Asia": "Eastern Asia",
    "US-Mexico Border": "North America",
}
#: Regions of origin that make up Sub-Saharan Africa in IOM's (UN M49) naming.
SUB_SAHARAN_AFRICA = frozenset(
    {"Sub-Saharan Africa", "Western Africa", "Eastern Africa", "Middle Africa", "Southern Africa"}
)


@dataclass(frozen=True)
class Layout:
    """One export layout: field -> accepted header names, and how its cells are written."""

    name: str
    columns: dict[str, tuple[str, ...]]
    date_format: str
    month_format: str | None  # None: the month is a number
    derived: bool = False
    optional: frozenset[str] = frozenset()


OLD = Layout(
    "old 20-column IOM MMP export",
    {
        "incident_id": ("Web ID",), "region": ("Region of Incident",),
        "date": ("Reported Date",), "year": ("Reported Year",), "month": ("Reported Month",),
        "dead": ("Number Dead",), "missing": ("Minimum Estimated Number of Missing",),
        "total": ("Total Dead and Missing",), "coordinates": ("Location Coordinates",),
        "route": ("Migration Route",),
    },
    date_format="%B %d, %Y", month_format="%b",
)
NEW = Layout(
    "new IOM MMP export",
    {
        "main_id": ("Main ID",), "incident_id": ("Incident ID",), "region": ("Region",),
        "date": ("Incident Date",), "year": ("Year",), "month": ("Reported Month",),
        "dead": ("Number Dead",), "missing": ("Minimum Estimated Number of Missing",),
        "total": ("Total Number of Dead and Missing",), "origin": ("Region of Origin",),
        "coordinates": ("Coordinates",), "route": ("Migration route", "Migrantion route"),
    },
    date_format="%a, %m/%d/%Y - %H:%M", month_format="%B",
    optional=frozenset({"total", "origin"}),
)
DERIVED = Layout(
    "derived IOM MMP subset (iom_europe.csv)",
    {
        "main_id": ("Main ID",), "incident_id": ("Incident ID",), "region": ("Region of Incident",),
        "date": ("Incident date",), "year": ("Incident year",), "month": ("Incident month",),
        "dead": ("No. dead",), "missing": ("No. missing",), "total": ("No. dead/missing",),
        "origin": ("Region of Origin",), "latitude": ("Latitude",), "longitude": ("Longitude",),
        "route": ("Route",), "source_dataset": ("source_dataset",),
    },
    date_format="%Y-%m-%d", month_format=None, derived=True,
)
LAYOUTS = [OLD, NEW, DERIVED]

_nullable_str = {"dtype": str, "nullable": True}
SCHEMA = pa.DataFrameSchema(
    {
        "incident_id": pa.Column(str),
        "main_id": pa.Column(**_nullable_str),
        "date": pa.Column("datetime64[us]"),
        "year": pa.Column(int, pa.Check.in_range(FIRST_YEAR, LAST_YEAR)),
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "region": pa.Column(str),
        "route": pa.Column(**_nullable_str),
        "route_as_given": pa.Column(**_nullable_str),
        "dead": pa.Column(int, pa.Check.ge(0)),
        "missing": pa.Column(int),
        "dead_and_missing": pa.Column(int, pa.Check.ge(0)),
        "total_given": pa.Column(bool),
        "region_of_origin": pa.Column(**_nullable_str),
        "latitude": pa.Column(float, pa.Check.in_range(-90, 90), nullable=True),
        "longitude": pa.Column(float, pa.Check.in_range(-180, 180), nullable=True),
        "source_file": pa.Column(str),
        "source_row": pa.Column(int, pa.Check.ge(2)),
        "derived": pa.Column(bool),
        "route_from": pa.Column(**_nullable_str),
        "origin_from": pa.Column(**_nullable_str),
    },
    checks=[
        pa.Check(lambda df: df["dead"] + df["missing"] >= 0, error="dead + missing < 0"),
        pa.Check(lambda df: df["date"].dt.year == df["year"], error="year differs from date"),
        pa.Check(lambda df: df["date"].dt.month == df["month"], error="month differs from date"),
        pa.Check(lambda df: ~df.duplicated(["source_file", "source_row"]), error="duplicate row"),
    ],
    strict=True,
    ordered=True,
)


# ---------------------------------------------------------------------------------------------
# One file


def read_export(path: str | Path, source_id: str | None = None) -> pd.DataFrame:
    """One export as the tidy incident table (no de-duplication), validated by ``SCHEMA``.

    ``source_id`` (for error messages) defaults to the registry id of the file name.

    ``source_row`` is the CSV line a record starts on (the header is line 1), counted by the csv
    module so that quoted line breaks (one in the old export, line 5304) do not shift it.
    """
    path = Path(path)
    source_id = source_id or SOURCE_IDS.get(path.name, "iom-mmp")
    header, lines, records = _read_csv(path, source_id)
    layout, columns = _detect(header, path, source_id)
    raw = pd.DataFrame(records, columns=header, dtype="str")
    cell = {field: raw[name].str.strip() for field, name in columns.items()}
    n = len(raw)
    out = pd.DataFrame(index=raw.index)
    out["incident_id"] = cell["incident_id"]
    out["main_id"] = cell["main_id"] if "main_id" in cell else pd.Series([None] * n, dtype="str")
    out["date"] = _dates(cell["date"], layout.date_format, lines, path, source_id)
    out["year"] = [_int(v, "year", line, path, source_id) for v, line in zip(cell["year"], lines)]
    out["month"] = _months(cell["month"], layout.month_format, lines, path, source_id)
    region = _blank_to_na(cell["region"])
    out["region"] = region.replace(OLD_REGIONS) if layout is OLD else region
    given = _blank_to_na(cell["route"])
    out["route"] = given.replace(ROUTES)
    out["route_as_given"] = given
    out["dead"] = [_count(v, "dead", line, path, source_id) for v, line in zip(cell["dead"], lines)]
    out["missing"] = [
        _count(v, "missing", line, path, source_id, signed=True)
        for v, line in zip(cell["missing"], lines)
    ]
    if "total" in cell:
        out["dead_and_missing"] = [
            _count(v, "total", line, path, source_id) for v, line in zip(cell["total"], lines)
        ]
        out["total_given"] = True
    else:  # the 2026 download has no total column
        out["dead_and_missing"] = out["dead"] + out["missing"]
        out["total_given"] = False
    no_value = pd.Series([None] * n, dtype="str")
    out["region_of_origin"] = _blank_to_na(cell["origin"]) if "origin" in cell else no_value
    if "coordinates" in cell:
        out["latitude"], out["longitude"] = _coordinates(cell["coordinates"], lines, path, source_id)
    else:  # the derived file: two columns, "NA" when unknown
        empty = cell["latitude"].isin(["", "NA"]) & cell["longitude"].isin(["", "NA"])
        text = (cell["latitude"] + ", " + cell["longitude"]).mask(empty, "")
        out["latitude"], out["longitude"] = _coordinates(text, lines, path, source_id)
    out["source_file"] = path.name
    out["source_row"] = lines
    out["derived"] = layout.derived
    out["route_from"] = out["source_file"].where(out["route"].notna())
    out["origin_from"] = out["source_file"].where(out["region_of_origin"].notna())
    for column in ("year", "month", "dead", "missing", "dead_and_missing", "source_row"):
        out[column] = out[column].astype("int64")
    try:
        return SCHEMA.validate(out.reset_index(drop=True))
    except (pa.errors.SchemaError, pa.errors.SchemaErrors) as error:
        raise SourceFormatError(
            source_id, path, f"the extracted incidents fail their checks: {error}",
            "Look at the rows named above in the raw file; if IOM changed a convention, "
            "update pipeline/extract/iom.py and its tests",
        ) from error


def _read_csv(path: Path, source_id: str) -> tuple[list[str], list[int], list[list[str]]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise SourceFormatError(source_id, path, "the file is empty", "Download it again") from None
        lines, records, previous = [], [], reader.line_num
        for record in reader:
            if len(record) != len(header):
                raise SourceFormatError(
                    source_id, path,
                    f"line {previous + 1} has {len(record)} fields, the header {len(header)}",
                    "The file is damaged or not a CSV export; download it again",
                )
            lines.append(previous + 1)
            records.append(record)
            previous = reader.line_num
    return header, lines, records


def _detect(header: list[str], path: Path, source_id: str) -> tuple[Layout, dict[str, str]]:
    """The layout whose columns the header matches best, and field -> header name."""
    def found(layout: Layout) -> dict[str, str]:
        return {
            field: next(name for name in names if name in header)
            for field, names in layout.columns.items()
            if any(name in header for name in names)
        }

    layout = max(LAYOUTS, key=lambda candidate: len(found(candidate)))
    columns = found(layout)
    missing = [names[0] for field, names in layout.columns.items()
               if field not in columns and field not in layout.optional]
    if len(columns) < len(layout.columns) / 2:
        raise SourceFormatError(
            source_id, path, f"not an IOM Missing Migrants export (header: {header[:8]}...)",
            "Check the file; the layouts pipeline/extract/iom.py knows are: "
            + "; ".join(candidate.name for candidate in LAYOUTS),
        )
    if missing:
        raise SourceFormatError(
            source_id, path,
            f"looks like the {layout.name} but lacks column(s) {', '.join(map(repr, missing))}",
            "If IOM renamed the column, add the new name to the layout in pipeline/extract/iom.py",
        )
    return layout, columns


def _blank_to_na(values: pd.Series) -> pd.Series:
    return values.mask(values.isin(["", "NA"])).astype("str")


def _int(value: str, what: str, line: int, path: Path, source_id: str) -> int:
    return _count(value, what, line, path, source_id, empty=None)


def _count(value: str, what: str, line: int, path: Path, source_id: str,
           signed: bool = False, empty: int | None = 0) -> int:
    """A count cell; empty (or "NA") is ``empty``, "1,022" is 1022 (pipeline.numbers)."""
    if value in ("", "NA") and empty is not None:
        return empty
    try:
        parsed = parse_number(value) if signed else parse_count(value)
        if parsed.value is None or parsed.value != int(parsed.value):
            raise NumberFormatError(f"not a whole number: {value!r}")
    except NumberFormatError as error:
        raise SourceFormatError(
            source_id, path, f"line {line}: {what} cell {value!r} is not a count ({error})",
            "Correct the cell or report it to the maintainers of pipeline/extract/iom.py",
        ) from error
    return int(parsed.value)


def _dates(values: pd.Series, fmt: str, lines: list[int], path: Path, source_id: str) -> pd.Series:
    dates = pd.to_datetime(values, format=fmt, errors="coerce")
    bad = dates.isna()
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise SourceFormatError(
            source_id, path, f"line {lines[first]}: date {values.iloc[first]!r} is not like {fmt!r}",
            "IOM may have changed its date format: update the layout in pipeline/extract/iom.py",
        )
    return dates.dt.normalize().astype("datetime64[us]")


def _months(values: pd.Series, fmt: str | None, lines: list[int], path: Path,
            source_id: str) -> list[int]:
    if fmt is None:
        return [_int(v, "month", line, path, source_id) for v, line in zip(values, lines)]
    months = pd.to_datetime(values, format=fmt, errors="coerce")
    if months.isna().any():
        first = int(np.flatnonzero(months.isna().to_numpy())[0])
        raise SourceFormatError(
            source_id, path, f"line {lines[first]}: month {values.iloc[first]!r} is not like {fmt!r}",
            "Update the layout in pipeline/extract/iom.py",
        )
    return months.dt.month.tolist()


def _coordinates(values: pd.Series, lines: list[int], path: Path,
                 source_id: str) -> tuple[pd.Series, pd.Series]:
    """ "lat, lon" cells -> two float columns; an empty cell is unknown (NaN)."""
    latitude, longitude = [], []
    for value, line in zip(values, lines):
        if not value:
            latitude.append(np.nan)
            longitude.append(np.nan)
            continue
        try:
            y, x = (float(part) for part in value.split(","))
        except ValueError:
            raise SourceFormatError(
                source_id, path, f"line {line}: coordinates {value!r} are not 'lat, lon'",
                "Correct the cell or update pipeline/extract/iom.py",
            ) from None
        latitude.append(y)
        longitude.append(x)
    return (pd.Series(latitude, index=values.index, dtype=float),
            pd.Series(longitude, index=values.index, dtype=float))


# ---------------------------------------------------------------------------------------------
# Several files -> one table


def export_date(path: str | Path) -> pd.Timestamp | None:
    """The download date in an IOM file name ("...-Global-2024-04-10--23_23_37.csv")."""
    match = re.search(r"(\d{4}-\d{2}-\d{2})", Path(path).name)
    return pd.Timestamp(match[1]) if match else None


def harmonise(paths: Iterable[str | Path]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All exports as one incident table, each incident once, and a per-file report.

    Files are taken in priority order: original IOM exports before derived ones, newer downloads
    before older (the latest revision of an incident wins). Rows of a later file are dropped:

    0. **superseded**: an original dated in a year that a newer original holds whole (rows in
       all 12 months: the 2024 download for 2014, the 2022 one for 2021). Why: the newer
       download revised dates (reported -> incident date), places and counts, so most of the
       old export's 2014 rows match nothing (only 15 of its 247 rows for 2014 match the 2024
       download on date, coordinates and counts) and would be counted twice. Derived rows are
       never dropped by this rule (IOM added incidents after a download, e.g. 39 Sahara
       crossings of 2021 that only iom_europe.csv has), only by the next ones.

    Then incident by incident (new-layout rows grouped by Main ID: split parts belong together):

    1. **same id**: one of its Incident IDs, or its Main ID, is already kept (new layouts share
       IOM's "2021.MMP00004" ids; the old export's numeric Web IDs match nothing else);
    2. **same content**: same date, coordinates (rounded to 3 decimals, ~100 m) and dead and
       missing counts (summed over split parts) as a kept incident of an earlier file;
    3. **same date and place**, counts revised: what is left after 1-2 and has the same date and
       coordinates as a kept incident still unmatched. Why: the 2026 vintage behind
       iom_europe.csv revised counts of incidents the 2020 export holds (2015-08-06 off Libya,
       34.289/12.766: 22 dead in 2020, 27 in 2026), and split parts were merged with negative
       "missing"; without this rule both versions would be counted.

    Rules 2 and 3 match one-to-one (two identical incidents in one file match two in another,
    not one), and dates must be equal: distinct incidents at one place a few days apart are
    common (one body found at Calais, at Sabha), so no date tolerance is used. Nothing is
    dropped within one file. A dropped duplicate's route and region of origin fill the kept
    incident's empty ones (``route_from``/``origin_from`` name the file they came from).

    The report has, per file: rows read, kept, dropped by each rule, kept rows whose total
    differs from dead + missing, and ``near_duplicates_kept``: kept rows within 7 days and 0.05
    degrees of an earlier file's kept row (perhaps one incident revised between downloads,
    perhaps two; left in, to be looked at).
    """
    loaded = sorted(((Path(path).name, read_export(path)) for path in paths), key=_priority)
    names, frames = [name for name, _ in loaded], [frame for _, frame in loaded]
    labels = [{column: np.array([None if pd.isna(v) else v for v in frame[column]], dtype=object)
               for column in _FILLED} for frame in frames]
    covered: set[int] = set()
    index = _Kept()
    keeps, report = [], []
    for position, (file, frame) in enumerate(zip(names, frames)):
        derived = bool(frame["derived"].any())
        keep = np.ones(len(frame), dtype=bool)
        if not derived:
            keep &= ~frame["year"].isin(list(covered)).to_numpy()
            months = frame.groupby("year")["month"].nunique()
            covered |= {int(year) for year in months[months == 12].index}
        dropped = {"superseded_by_newer_download": int((~keep).sum()), "dropped_same_id": 0,
                   "dropped_same_content": 0, "dropped_same_date_place": 0}
        pending, new = [], []
        for group, rows in _groups(frame, keep):
            match, rule = index.same_id(group), "dropped_same_id"
            if match is None:
                match, rule = index.take("content", group.content), "dropped_same_content"
            if match is None:
                pending.append((group, rows))
                continue
            keep[rows] = False
            dropped[rule] += len(rows)
            _backfill(labels, index.kept[match], position, rows, file)
        for group, rows in pending:  # after all exact matches, so none is taken by rule 3
            match = index.take("place", group.content[:3]) if group.content[1] is not None else None
            if match is None:
                new.append((group, rows))
                continue
            keep[rows] = False
            dropped["dropped_same_date_place"] += len(rows)
            _backfill(labels, index.kept[match], position, rows, file)
        for group, rows in new:  # registered after the file: a file never matches itself
            index.add(group, position, rows)
        report.append({
            "source_file": file, "derived": derived, "rows_read": len(frame),
            "rows_kept": int(keep.sum()), **dropped,
            "total_differs": int(((frame["dead_and_missing"] != frame["dead"] + frame["missing"])
                                  & keep).sum()),
            "near_duplicates_kept": _near(frame[keep], [f[k] for f, k in zip(frames, keeps)]),
        })
        keeps.append(keep)
    for frame, filled in zip(frames, labels):
        for column, values in filled.items():
            frame[column] = pd.Series(values, index=frame.index, dtype="str")
    incidents = pd.concat([f[k] for f, k in zip(frames, keeps)], ignore_index=True)
    incidents = incidents.sort_values(["date", "source_file", "source_row"], ignore_index=True)
    return SCHEMA.validate(incidents), pd.DataFrame(report)


class _Kept:
    """The incidents kept so far, looked up by id, Main ID, content and date+place."""

    def __init__(self) -> None:
        self.kept: list[tuple[int, np.ndarray]] = []  # (file position, row positions)
        self.ids: dict[str, int] = {}
        self.mains: dict[str, int] = {}
        self.tables: dict[str, dict[tuple, deque[int]]] = {
            "content": defaultdict(deque), "place": defaultdict(deque)}
        self.used: set[int] = set()

    def add(self, group: _Group, position: int, rows: np.ndarray) -> None:
        number = len(self.kept)
        self.kept.append((position, rows))
        for x in group.ids:
            self.ids.setdefault(x, number)
        if group.main:
            self.mains.setdefault(group.main, number)
        self.tables["content"][group.content].append(number)
        self.tables["place"][group.content[:3]].append(number)

    def same_id(self, group: _Group) -> int | None:
        number = next((self.ids[x] for x in sorted(group.ids) if x in self.ids), None)
        if number is None:
            number = self.mains.get(group.main)
        if number is not None:
            self.used.add(number)
        return number

    def take(self, table: str, key: tuple) -> int | None:
        """The first kept incident under ``key`` not matched yet (one-to-one)."""
        queue = self.tables[table].get(key)
        while queue:
            number = queue.popleft()
            if number not in self.used:
                self.used.add(number)
                return number
        return None


_FILLED = ["route", "route_from", "region_of_origin", "origin_from"]


def _priority(loaded: tuple[str, pd.DataFrame]) -> tuple:
    name, frame = loaded
    return (bool(frame["derived"].any()), -(export_date(name) or pd.Timestamp(0)).value)


@dataclass(frozen=True)
class _Group:
    ids: frozenset[str]
    main: str | None
    content: tuple


def _groups(frame: pd.DataFrame, keep: np.ndarray) -> list[tuple[_Group, np.ndarray]]:
    """(incident, row positions) pairs for the rows still kept; ids are namespaced so that the
    old export's Web IDs never equal new-layout ids."""
    rows = frame[keep]
    old = rows["main_id"].isna()
    own_row = "web:" + rows["incident_id"] + "@" + rows["source_row"].astype(str)
    key = ("mmp:" + rows["main_id"]).where(~old, own_row)
    positions = pd.Series(np.flatnonzero(keep), index=rows.index)
    summary = rows.groupby(key, sort=False).agg(
        date=("date", "min"), lat=("latitude", "first"), lon=("longitude", "first"),
        dead=("dead", "sum"), missing=("missing", "sum"),
    )
    prefix = np.where(old, "web:", "mmp:")
    own = pd.Series(
        [frozenset(p + part.strip() for part in ids.split(","))
         for p, ids in zip(prefix, rows["incident_id"])],
        index=rows.index,
    )
    ids = own.groupby(key).agg(lambda sets: frozenset().union(*sets))
    members = positions.groupby(key).agg(lambda p: p.to_numpy())
    return [
        (_Group(ids[name], None if name.startswith("web:") else name,
                (date, _round(lat), _round(lon), int(dead), int(missing))), members[name])
        for name, date, lat, lon, dead, missing in summary.itertuples()
    ]


def _round(value: float) -> float | None:
    return None if pd.isna(value) else round(float(value), 3)


def _backfill(labels: list[dict[str, np.ndarray]], kept: tuple[int, np.ndarray], position: int,
              rows: np.ndarray, file: str) -> None:
    """Fill the kept incident's empty route/origin from the dropped duplicate (in place)."""
    where, kept_rows = kept
    target, source = labels[where], labels[position]
    routes = {route for route in source["route"][rows] if route is not None}
    if len(routes) == 1:
        (route,) = routes
        for row in kept_rows:
            if target["route"][row] is None:
                target["route"][row], target["route_from"][row] = route, file
    origins = sorted({part.strip() for value in source["region_of_origin"][rows] if value is not None
                      for part in value.split(",")})
    if origins:
        for row in kept_rows:
            if target["region_of_origin"][row] is None:
                target["region_of_origin"][row], target["origin_from"][row] = ",".join(origins), file


def _near(kept: pd.DataFrame, earlier: list[pd.DataFrame], days: int = 7, degrees: float = 0.05) -> int:
    if not earlier or kept.empty:
        return 0
    before = pd.concat(earlier).sort_values("date")
    dates = before["date"].to_numpy()
    lat, lon = before["latitude"].to_numpy(), before["longitude"].to_numpy()
    window = np.timedelta64(days, "D")
    count = 0
    for date, y, x in zip(kept["date"].to_numpy(), kept["latitude"], kept["longitude"]):
        lo, hi = np.searchsorted(dates, [date - window, date + window], side="left")
        near = (np.abs(lat[lo:hi] - y) <= degrees) & (np.abs(lon[lo:hi] - x) <= degrees)
        count += bool(near.any())
    return count

# ---------------------------------------------------------------------------------------------
# Figures


def dead_missing_by_route_month(incidents: pd.DataFrame, routes: list[str] = RABAT_ROUTES
                                ) -> pd.DataFrame:
    """Dead and missing per route, year and month, for the Rabat-region routes (tidy, long).

    ``from_derived`` is the part of ``dead_and_missing`` that rests on rows of the derived file
    only (where no original export we hold has the incident). The month is the incident month in
    new-layout rows and the reported month in old-export rows (2015-2019). Months, not years, so
    that an edition dated within a year (November 2015) can count that year to its date.
    """
    rows = incidents[incidents["route"].isin(routes)]
    table = (
        rows.assign(derived_total=rows["dead_and_missing"].where(rows["derived"], 0))
        .groupby(["route", "year", "month"], as_index=False)
        .agg(records=("incident_id", "size"), dead=("dead", "sum"), missing=("missing", "sum"),
             dead_and_missing=("dead_and_missing", "sum"), from_derived=("derived_total", "sum"))
    )
    table["route"] = pd.Categorical(table["route"], categories=routes, ordered=True)
    return table.sort_values(["route", "year", "month"], ignore_index=True).astype({"route": "str"})


def period_totals(incidents: pd.DataFrame, start: str, end: str,
                  region: str | Iterable[str] | None = None,
                  origin: str | Iterable[str] | None = None, origin_match: str = "all") -> pd.Series:
    """Dead and missing from ``start`` to ``end`` (both included), optionally in a region of
    incident and for a region of origin.

    ``origin`` is one name or a set (e.g. :data:`SUB_SAHARAN_AFRICA`); IOM's " (P)" suffix (a
    presumed origin) is ignored. Rows merged from split parts list several origins
    ("Sub-Saharan Africa,Unknown") without the count for each, so ``origin_match="all"`` counts
    a row only when every origin it lists is in the set (a lower bound) and ``"any"`` when one
    is (an upper bound). ``without_origin`` is the dead and missing of the period's rows that
    have no origin at all (the old export has none; most were filled from a duplicate).
    """
    dates = incidents["date"]
    rows = incidents[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))]
    if region is not None:
        rows = rows[rows["region"].isin([region] if isinstance(region, str) else list(region))]
    without_origin = int(rows.loc[rows["region_of_origin"].isna(), "dead_and_missing"].sum())
    if origin is not None:
        if origin_match not in ("all", "any"):
            raise ValueError(f"origin_match must be 'all' or 'any', not {origin_match!r}")
        wanted = {origin} if isinstance(origin, str) else set(origin)
        if origin_match == "all":
            test = lambda listed: listed <= wanted  # noqa: E731
        else:
            test = lambda listed: bool(listed & wanted)  # noqa: E731
        listed = rows["region_of_origin"].fillna("").str.replace(" (P)", "", regex=False)
        keep = [bool(value) and test({part.strip() for part in value.split(",")}) for value in listed]
        rows = rows[keep]
    return pd.Series({
        "records": len(rows),
        "dead": int(rows["dead"].sum()),
        "missing": int(rows["missing"].sum()),
        "dead_and_missing": int(rows["dead_and_missing"].sum()),
        "from_derived": int(rows.loc[rows["derived"], "dead_and_missing"].sum()),
        "without_origin": without_origin,
    })


# ---------------------------------------------------------------------------------------------
# The extraction steps: one per tidy table, for pipeline.extract.step.run

SOURCES = list(SOURCE_IDS.values())


@functools.lru_cache(maxsize=1)
def _incidents(files: tuple[tuple[Path, int], ...]) -> pd.DataFrame:
    harmonised, _report = harmonise([path for path, _mtime in files])
    return harmonised


def incidents(raws) -> pd.DataFrame:
    """All IOM exports harmonised into one incident table (computed once per set of files)."""
    return _incidents(tuple((raw.path, raw.path.stat().st_mtime_ns) for raw in raws))


def _route_month(raws) -> pd.DataFrame:
    """Dead and missing by route and month, to the month before the newest export's (partial)."""
    newest = max(date for raw in raws if (date := export_date(raw.path)) is not None)
    table = dead_missing_by_route_month(incidents(raws))
    complete = table["year"] * 12 + table["month"] < newest.year * 12 + newest.month
    return table[complete].reset_index(drop=True)


ROUTE_MONTH_SCHEMA = pa.DataFrameSchema(
    {
        "route": pa.Column(str, pa.Check.isin(RABAT_ROUTES)),
        "year": pa.Column(int, pa.Check.in_range(FIRST_YEAR, LAST_YEAR)),
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "records": pa.Column(int, pa.Check.gt(0)),
        "dead": pa.Column(int, pa.Check.ge(0)),
        "missing": pa.Column(int),
        "dead_and_missing": pa.Column(int, pa.Check.ge(0)),
        "from_derived": pa.Column(int, pa.Check.ge(0)),
    },
    strict=True, ordered=True, coerce=True, unique=["route", "year", "month"],
)

NOTEBOOK = "notebooks/03-extract-iom.ipynb"
ROUTE_MONTH = Step("iom_route_month", NOTEBOOK, _route_month, ROUTE_MONTH_SCHEMA,
                   {"routes": RABAT_ROUTES,
                    "month": "incident month (reported month in the 2020 export); "
                             "months before that of the newest export"},
                   time={"year": "year", "month": "month"})

#: The concept note's 2015 claims (footnotes 10-11): from 1 January 2015 to the dates the note
#: accessed the Missing Migrants Project (13 October) and the UNHCR portal (11 November).
CLAIM_PERIODS = {"to_oct13": "2015-10-13", "to_nov11": "2015-11-11", "year": "2015-12-31"}
CLAIM_FILTERS = {
    "world": {},
    "mediterranean": {"region": "Mediterranean"},
    "med_subsaharan": {"region": "Mediterranean", "origin": SUB_SAHARAN_AFRICA, "origin_match": "all"},
    "med_subsaharan_any": {"region": "Mediterranean", "origin": SUB_SAHARAN_AFRICA,
                           "origin_match": "any"},
    "med_unknown": {"region": "Mediterranean", "origin": "Unknown", "origin_match": "all"},
    "med_mixed": {"region": "Mediterranean", "origin": "Mixed", "origin_match": "all"},
}


#: How the annex of the paper describes each filter.
CLAIM_DESCRIPTIONS = {
    "world": "worldwide",
    "mediterranean": "region of incident Mediterranean",
    "med_subsaharan": "Mediterranean, every origin listed Sub-Saharan African (lower bound)",
    "med_subsaharan_any": "Mediterranean, an origin listed Sub-Saharan African (upper bound)",
    "med_unknown": "Mediterranean, origin Unknown",
    "med_mixed": "Mediterranean, origin Mixed",
}


def _claims_2015(raws) -> pd.DataFrame:
    table = incidents(raws)
    rows = []
    for period, end in CLAIM_PERIODS.items():
        for name, filters in CLAIM_FILTERS.items():
            totals = period_totals(table, "2015-01-01", end, **filters)
            rows.append({"claim": name, "period": period, "start": "2015-01-01", "end": end,
                         **totals.to_dict()})
    return pd.DataFrame(rows)


CLAIMS_SCHEMA = pa.DataFrameSchema(
    {
        "claim": pa.Column(str, pa.Check.isin(list(CLAIM_FILTERS))),
        "period": pa.Column(str, pa.Check.isin(list(CLAIM_PERIODS))),
        "start": pa.Column(str),
        "end": pa.Column(str),
        **{name: pa.Column(int) for name in
           ("records", "dead", "missing", "dead_and_missing", "from_derived", "without_origin")},
    },
    strict=True, ordered=True, coerce=True, unique=["claim", "period"],
)

CLAIMS_2015 = Step("iom_claims_2015", NOTEBOOK, _claims_2015, CLAIMS_SCHEMA,
                   {"filters": {name: {k: sorted(v) if isinstance(v, frozenset) else v
                                       for k, v in f.items()}
                                for name, f in CLAIM_FILTERS.items()},
                    "periods": CLAIM_PERIODS},
                   time={"date": "end"})
