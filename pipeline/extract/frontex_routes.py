"""Frontex's monthly detections by route to June 2026 (``frontex_routes_2026-08-04.json``) -> a
tidy table.

Why: the update runs each series to the latest data in hand, and ``frontex.rda`` ends in April
2025. This file carries Frontex's workbook "Monthly_detections_of_IBC_2026_08_04.xlsx" (FRAN data
as of 4 August 2026) as JSON: detections of illegal border-crossing by route and month, January
2009 to June 2026, with nationality and border type summed away (so ``frontex.rda`` remains the
source of nationalities).

What the file is, and its traps:

* ``{source, retrieved, data: {monthly: {route: [{m: "YYYY-MM", v}]}, annual: [{route, year,
  value}]}}``; every route lists the same months, and a month without detections is 0, not
  absent (unlike ``frontex.rda``);
* one "route" is not a route: "Source: FRAN data as of 04AUG26", the workbook's source note read
  as a row, all zeros. It is dropped, and only while all its values are zero (with a count it
  would be something else); any other name that is not one of
  :data:`pipeline.extract.frontex.ROUTES` (matched by :func:`~pipeline.extract.frontex.route_named`)
  stops the extraction;
* the annual totals must be the sums of the months: a copy whose two parts disagree is refused.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError
from pipeline.extract import frontex
from pipeline.extract.step import Step, single_file

SOURCE_ID = "frontex-ibc-routes-2026"  # its id in sources/registry.yml
MODULE = "pipeline/extract/frontex_routes.py"
#: The workbook's source note, read as a route by the copy's maker.
SOURCE_NOTE = re.compile(r"Source: FRAN data as of \w+")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_HINT = f"The copy is not laid out as {MODULE} reads it: check the file against its pin, then the parser"

SCHEMA = pa.DataFrameSchema(
    {
        "route": pa.Column(str, pa.Check.isin(frontex.ROUTES)),
        "year": pa.Column(int, pa.Check.in_range(frontex.FIRST_YEAR, frontex.LAST_YEAR)),
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "detections": pa.Column(int, pa.Check.ge(0)),
    },
    strict=True, ordered=True, coerce=True, unique=["route", "year", "month"],
)


def read_route_months(path: str | Path, source_id: str = SOURCE_ID) -> pd.DataFrame:
    """Every route and month of the file: ``route, year, month, detections``."""
    path = Path(path)

    def refuse(problem: str) -> SourceFormatError:
        return SourceFormatError(source_id, path, problem, _HINT)

    try:
        data = json.loads(path.read_bytes())["data"]
        monthly, annual = data["monthly"], data["annual"]
    except (ValueError, KeyError, TypeError) as error:
        raise refuse(f"not the JSON of Frontex's routes by month ({type(error).__name__}: {error}); "
                     "expected {data: {monthly: {route: [{m, v}]}, annual: [...]}}") from None
    rows, months = [], None
    for name, series in monthly.items():
        if SOURCE_NOTE.fullmatch(name):
            if any(point["v"] for point in series):
                raise refuse(f"the row {name!r}, the workbook's source note, holds counts")
            continue
        route = frontex.route_named(name)
        if route is None:
            raise refuse(f"a route named {name!r}, which is none of {frontex.ROUTES}: check what it "
                         f"is, then name it in pipeline/extract/frontex.py's ROUTES")
        if not all(isinstance(point, dict) and isinstance(point.get("m"), str)
                   and type(point.get("v")) is int for point in series):
            raise refuse(f"the route {name!r} has a point that is not {{m: 'YYYY-MM', v: a whole number}}")
        listed = [point["m"] for point in series]
        if months is None:
            months = listed
        if listed != months or not all(_MONTH.fullmatch(month) for month in listed):
            raise refuse(f"the route {name!r} lists other months than the first route, or a month "
                         "not written YYYY-MM")
        rows += [(route, int(point["m"][:4]), int(point["m"][5:]), point["v"]) for point in series]
    table = pd.DataFrame(rows, columns=["route", "year", "month", "detections"])
    table = table.sort_values(["year", "month", "route"], ignore_index=True)
    _check_annual(table, annual, refuse)
    try:
        return SCHEMA.validate(table)
    except (pa.errors.SchemaError, ValueError, TypeError) as error:
        raise refuse(f"the table fails its checks: {error}") from None


def _check_annual(table: pd.DataFrame, annual: list, refuse) -> None:
    """The file's annual totals (source note aside) must be the sums of its months."""
    sums = table.groupby(["route", "year"])["detections"].sum()
    for item in annual:
        if SOURCE_NOTE.fullmatch(item["route"]) and not item["value"]:
            continue
        key = (frontex.route_named(item["route"]), item["year"])
        if sums.get(key) != item["value"]:
            raise refuse(f"its annual total for {item['route']} {item['year']} is {item['value']}, "
                         f"but its months add up to {sums.get(key)}")


NOTEBOOK = "notebooks/05-extract-frontex.ipynb"
STEP = Step("frontex_route_month_2026", NOTEBOOK, single_file(read_route_months), SCHEMA,
            {"routes": "all (the source note 'Source: FRAN data as of 04AUG26' dropped)",
             "nationality": "summed by Frontex", "border type": "summed by Frontex",
             "date": "m (YYYY-MM) -> year, month"}, time={"year": "year", "month": "month"})
