"""Eurostat asylum applicants (``eu_asyapp.rda``) -> tidy yearly tables for the Rabat partners.

Why: who reaches Europe by the Rabat routes and asks for protection there is measured, for the
European partner countries, by Eurostat's asylum statistics (dataset ``migr_asyappctza``). The
copy used is the tidy re-export in IOM's R package gdidata (``eu_asyapp.rda``, updated 26 May
2025), documented by ``eu_asyapp.Rd``.

What the file is, and its traps:

* one data set ``eu_asyapp``: ``geo`` (reporting country, ISO3, and ``EU27`` for the EU-27
  aggregate), ``t`` (the year, 2011-2024, stored as a double), ``nat`` (citizenship, ISO3, or a
  code for what is not one country such as ``STL``, ``OOO``), ``sex`` (male, female, unknown),
  ``n``. Only non-zero values have a row; every value in the file is a multiple of 5.
* **all applicants, not first-time ones**, although ``eu_asyapp.Rd`` says "first time":
  Germany's 2015 rows add up to 476,560, the number of all applicants, against 441,800
  first-time applicants in Eurostat's tables. The paper says "asylum applicants".
* ``EU27`` is an aggregate, never to be added to its members; it starts in 2013, so sums over
  countries are made from the country rows (:mod:`pipeline.analysis.aggregates`).
* the reporting countries include non-partners (Iceland, Liechtenstein, Montenegro, the United
  Kingdom to 2019); the tables below keep only the European partners and ``EU27``.

Two tables, only what the paper uses: ``eurostat_asylum_applicants`` (applicants who are citizens
of African partner countries, by reporting country, year and sex) and ``eurostat_asylum_totals``
(all citizenships together, by reporting country and year).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.extract import rdata
from pipeline.extract.step import Step

SOURCE_ID = "eurostat-asylum-applicants-2025"  # its id in sources/registry.yml
DATA_SET = "eu_asyapp"
COLUMNS = {"geo": "text", "t": "whole", "nat": "text", "sex": "text", "n": "whole"}
MODULE = "pipeline/extract/eurostat.py"
EU27 = "EU27"
SEXES = ["female", "male", "unknown"]
FIRST_YEAR, LAST_YEAR = 2008, 2030

_COUNTRY = pa.Column(str, pa.Check.str_matches(rf"^([A-Z]{{3}}|{EU27})$"))
_YEAR = pa.Column(int, pa.Check.in_range(FIRST_YEAR, LAST_YEAR))
_APPLICANTS = pa.Column(int, pa.Check.ge(0))
SCHEMA = pa.DataFrameSchema(
    {
        "reporting_country": _COUNTRY,
        "year": _YEAR,
        "citizenship": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "sex": pa.Column(str, pa.Check.isin(SEXES)),
        "applicants": _APPLICANTS,
    },
    strict=True, ordered=True, coerce=True,
    unique=["reporting_country", "year", "citizenship", "sex"],
)


def read_applicants(path: str | Path, source_id: str = SOURCE_ID) -> pd.DataFrame:
    """Every row of the file: ``reporting_country, year, citizenship, sex, applicants``."""
    path = Path(path)
    raw = rdata.read_rdata(path, source_id, DATA_SET, COLUMNS, MODULE)
    table = pd.DataFrame({"reporting_country": raw["geo"], "year": raw["t"], "citizenship": raw["nat"],
                          "sex": raw["sex"], "applicants": raw["n"]})
    return rdata.validated(SCHEMA, table, source_id, path, MODULE)


# ---------------------------------------------------------------------------------------------
# The extraction steps: one per tidy table, for pipeline.extract.step.run

def _in_europe(raws, european: frozenset[str]) -> pd.DataFrame:
    (raw,) = raws
    table = read_applicants(raw.path, raw.source.id)
    return table[table["reporting_country"].isin({*european, EU27})]


def _african_applicants(raws, african: frozenset[str], european: frozenset[str]) -> pd.DataFrame:
    rows = _in_europe(raws, european)
    rows = rows[rows["citizenship"].isin(african)]
    return rows.sort_values(["year", "reporting_country", "citizenship", "sex"], ignore_index=True)


def _totals(raws, european: frozenset[str]) -> pd.DataFrame:
    rows = _in_europe(raws, european)
    totals = rows.groupby(["reporting_country", "year"], as_index=False)["applicants"].sum()
    return totals.sort_values(["year", "reporting_country"], ignore_index=True)


TOTALS_SCHEMA = pa.DataFrameSchema(
    {"reporting_country": _COUNTRY, "year": _YEAR, "applicants": _APPLICANTS},
    strict=True, ordered=True, coerce=True, unique=["reporting_country", "year"],
)

NOTEBOOK = "notebooks/06-extract-eurostat.ipynb"
_ALL = "all applicants (not first-time only, whatever eu_asyapp.Rd says)"
APPLICANTS = Step("eurostat_asylum_applicants", NOTEBOOK, _african_applicants, SCHEMA,
                  {"reporting_country": f"European partners and {EU27}",
                   "citizenship": "African partners", "applicants": _ALL}, time={"year": "year"})
TOTALS = Step("eurostat_asylum_totals", NOTEBOOK, _totals, TOTALS_SCHEMA,
              {"reporting_country": f"European partners and {EU27}",
               "citizenship": "all, summed", "sex": "all, summed", "applicants": _ALL}, time={"year": "year"})
