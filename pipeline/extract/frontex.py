"""Frontex detections of illegal border-crossings (``frontex.rda``) -> tidy monthly tables.

Why: the paper had no measure of the movements smugglers serve on the Rabat routes. Frontex
counts detections of illegal border-crossing at the EU's external borders, by month, route,
border type and nationality. The copy used is the tidy re-export in IOM's R package gdidata
(``frontex.rda``, data as of 3 June 2025, January 2009 to April 2025; documented by
``frontex.Rd``), not Frontex's workbook itself.

What the file is, and its traps:

* one data set ``frontex`` with columns ``route``, ``type`` (Sea/Land), ``nat``, ``t``, ``n``;
  only months with detections have a row (no zeros);
* ``t`` is an R Date stored as a double: days since 1970-01-01, always the first of the month.
  It becomes ``year`` and ``month`` so that a later "as of" cut can drop the months after a date;
* ``nat`` is ISO3, or one of Frontex's codes for what is not one country (``OOS``, ``OOO``,
  ``STL``; ``XKX`` is Kosovo): kept as given, never guessed;
* ``n`` counts detections, not persons: one person may cross, and be detected, several times
  (``frontex.Rd``).

Two tables are kept (the snapshot stays small): ``frontex_detections``, every nationality on the
three routes of the Rabat Process region (:data:`RABAT_ROUTES`), and ``frontex_route_month``,
monthly totals of every route, so that the paper can say what the other routes (the Eastern
Mediterranean above all) carried without counting them as Rabat routes.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError
from pipeline.extract import rdata
from pipeline.extract.step import Step, single_file

SOURCE_ID = "frontex-ibc-2025"  # its id in sources/registry.yml
DATA_SET = "frontex"
COLUMNS = {"route": "text", "type": "text", "nat": "text", "t": "whole", "n": "whole"}
MODULE = "pipeline/extract/frontex.py"

WESTERN_AFRICAN = "Western African Route"
WESTERN_MED = "Western Mediterranean Route"
CENTRAL_MED = "Central Mediterranean Route"
EASTERN_MED = "Eastern Mediterranean Route"
#: The routes into the EU from the African partner countries of the Rabat Process, as Frontex
#: names them. The Eastern Mediterranean route (Türkiye-Greece) is not one of them.
RABAT_ROUTES = [WESTERN_AFRICAN, WESTERN_MED, CENTRAL_MED]
#: Every route the file has; a new name stops the extraction (its meaning must be checked).
ROUTES = [*RABAT_ROUTES, EASTERN_MED, "Western Balkan Route", "Circular Route from Albania to Greece",
          "Eastern Borders Route", "Black Sea Route", "Other"]
BORDER_TYPES = ["Sea", "Land"]


def route_named(label: str) -> str | None:
    """The route of :data:`ROUTES` that a label names, or None: the same words whatever their
    case, a closing parenthesis aside ("Central Mediterranean route (ITA and MLT)" -> "Central
    Mediterranean Route"). The risk analyses and the 2026 workbook name routes so."""
    words = " ".join(re.sub(r"\([^)]*\)\s*$", "", label).split()).casefold()
    return next((route for route in ROUTES if route.casefold() == words), None)


FIRST_YEAR, LAST_YEAR = 2009, 2030
KEY = ["route", "border_type", "nationality", "year", "month"]

SCHEMA = pa.DataFrameSchema(
    {
        "route": pa.Column(str, pa.Check.isin(ROUTES)),
        "border_type": pa.Column(str, pa.Check.isin(BORDER_TYPES)),
        "nationality": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "year": pa.Column(int, pa.Check.in_range(FIRST_YEAR, LAST_YEAR)),
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "detections": pa.Column(int, pa.Check.gt(0)),
    },
    strict=True, ordered=True, coerce=True, unique=KEY,
)


def read_detections(path: str | Path, source_id: str = SOURCE_ID) -> pd.DataFrame:
    """Every row of the file: ``route, border_type, nationality, year, month, detections``."""
    path = Path(path)
    raw = rdata.read_rdata(path, source_id, DATA_SET, COLUMNS, MODULE)
    dates = pd.Timestamp("1970-01-01") + pd.to_timedelta(raw["t"], unit="D")
    not_first = dates.dt.day != 1
    if not_first.any():
        row = int(not_first.to_numpy().nonzero()[0][0])
        raise SourceFormatError(
            source_id, path, f"t is not the first of a month in {int(not_first.sum())} rows "
            f"(row {row + 1}: {dates.iloc[row].date()})",
            f"The data set is no longer monthly as documented: check frontex.Rd and update {MODULE}",
        )
    table = pd.DataFrame({
        "route": raw["route"], "border_type": raw["type"], "nationality": raw["nat"],
        "year": dates.dt.year, "month": dates.dt.month, "detections": raw["n"],
    })
    return rdata.validated(SCHEMA, table, source_id, path, MODULE)


# ---------------------------------------------------------------------------------------------
# The extraction steps: one per tidy table, for pipeline.extract.step.run

def rabat_route_detections(path: str | Path, source_id: str = SOURCE_ID) -> pd.DataFrame:
    """The rows of the Rabat routes, every nationality, in date order."""
    table = read_detections(path, source_id)
    rows = table[table["route"].isin(RABAT_ROUTES)]
    return rows.sort_values(["year", "month", *KEY[:3]], ignore_index=True)


def route_month_totals(path: str | Path, source_id: str = SOURCE_ID) -> pd.DataFrame:
    """Detections of every route and border type by month, all nationalities together."""
    table = read_detections(path, source_id)
    totals = table.groupby(["route", "border_type", "year", "month"], as_index=False)["detections"].sum()
    return totals.sort_values(["year", "month", "route", "border_type"], ignore_index=True)


ROUTE_MONTH_SCHEMA = pa.DataFrameSchema(
    {column: SCHEMA.columns[column] for column in ("route", "border_type", "year", "month", "detections")},
    strict=True, ordered=True, coerce=True, unique=["route", "border_type", "year", "month"],
)

NOTEBOOK = "notebooks/05-extract-frontex.ipynb"
_DATE = "t (R Date, days since 1970-01-01, first of the month) -> year, month"
DETECTIONS = Step("frontex_detections", NOTEBOOK, single_file(rabat_route_detections), SCHEMA,
                  {"routes": RABAT_ROUTES, "nationality": "all, as given (ISO3 or Frontex's codes)",
                   "date": _DATE}, time={"year": "year", "month": "month"})
ROUTE_MONTH = Step("frontex_route_month", NOTEBOOK, single_file(route_month_totals),
                   ROUTE_MONTH_SCHEMA,
                   {"routes": "all", "nationality": "summed", "date": _DATE}, time={"year": "year", "month": "month"})
