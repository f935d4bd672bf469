"""Kelley's Scorecard Diplomacy files -> tidy tables: TIP report tiers by report year, the 3P
anti-trafficking policy index, criminalisation of trafficking; and the Trafficking Protocol
ratification years of Kelley and Simmons (2015).

Why: the paper's country table needs each partner's national record, and these files are the
published, citable codings of it. What is taken from each, and the traps:

* ``criminalization-cho-tiers_jk_2015-08-10.dta`` (country-year 1999-2014, COW codes):
  ``tierupdated`` is the tier of the US State Department's TIP report *of that year* (1, 2,
  2.5 = Tier 2 Watch List, 3). 555 (not rated) and 666 (special case) are codes, not tiers:
  they become a ``placement`` with an empty ``tier``, so that nothing can average them. The
  first report was published in 2001: the file codes 1999 and 2000 as 555 for every country.
  Its ``code`` column is COW's letter code (AUS = Austria), not ISO: it is not used. The 3P
  index of Cho, Dreher and Neumayer (``prosecution``, ``protection``, ``prevention``, 1-5
  each, total ``p`` 3-15) is kept per year as the file gives it (2000-2013; one 2014 value).
* ``criminalization_jk_2015-08-10.dta`` (country-year 1967-2011, some countries to 2014):
  ``crimlevel`` (0 none, 1 partial, 2 full) is the level reached in that calendar year;
  ``adjcrimlevel`` counts a law passed after that year's June report only from the next year,
  the codebook's device "to avoid sequencing errors" in the project's models. Both are kept;
  the country table uses ``crimlevel``, the state of the law. The cho-tiers file's
  ``adjbicrimlevel`` is not used: it carries the adjusted level forward into 2012-2014, years
  the coding did not observe.
* ``tiers_2015.csv``: the July 2015 report's placements, transcribed (``countryname, tier``);
  names have stray spaces, 666 again marks a special case.
* ``kelley_simmons_ajps_2014_replication.dta`` (country-year 1967-2011): ``protocoldate`` and
  ``unctocdate``, the year the Trafficking Protocol and the Convention were ratified, are given
  for 1967-2009 only, and take no value 2010 or 2011: a country not ratified by 2009 has 2012,
  a placeholder (Morocco, Ireland and Greece have 2012 although the file's own yearly indicator
  ``ratproto2000`` turns to 1 in 2011, 2010 and 2011). Both are kept as given, beside the first
  year ``ratproto2000`` is 1 (which agrees with ``protocoldate`` wherever that is before 2012,
  except Cambodia: 2007 against 2009).

Countries are keyed by COW code, each checked against its name (:mod:`pipeline.extract.countries`).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError, require_columns
from pipeline.extract import countries
from pipeline.extract.step import Step, single_file, validated

# Registry ids (sources/registry.yml), used in error messages and the tables' ``source`` column.
TIERS_ID = "scorecard-tiers-3p-2015"
#: The 3P index is in the same file, registered as a source of its own (its own release rule).
THREE_P_ID = "cho-3p-index"
CRIMINALISATION_ID = "scorecard-criminalization-2015"
TIERS_2015_ID = "scorecard-tiers-2015-report"
KELLEY_SIMMONS_ID = "kelley-simmons-2015-data"

NOT_RATED, SPECIAL_CASE = 555.0, 666.0
#: tier code -> placement; the last two are statuses, not tiers.
PLACEMENTS = {1.0: "Tier 1", 2.0: "Tier 2", 2.5: "Tier 2 Watch List", 3.0: "Tier 3",
              NOT_RATED: "not rated", SPECIAL_CASE: "special case"}
TIERS = [1.0, 2.0, 2.5, 3.0]
FIRST_REPORT, FIRST_WATCH_LIST = 2001, 2004
#: Kelley-Simmons' protocoldate/unctocdate for "not ratified by 2009" (see the module docstring).
KS_PLACEHOLDER_YEAR, KS_LAST_YEAR = 2012, 2009

_HINT = "update pipeline/extract/scorecard.py"


def _validate(schema: pa.DataFrameSchema, table: pd.DataFrame, source_id: str, path: Path) -> pd.DataFrame:
    return validated(schema, table, source_id, path, "pipeline/extract/scorecard.py")


def read_stata(path: str | Path, source_id: str, columns: list[str]) -> pd.DataFrame:
    """The ``columns`` of a Stata file, with ``source_row`` (the observation number, from 1)."""
    path = Path(path)
    try:
        frame = pd.read_stata(path, convert_categoricals=False)
    except Exception as error:  # pandas raises ValueError, struct.error, EOFError... on bad files
        raise SourceFormatError(source_id, path, f"cannot be read as a Stata file ({error})",
                                "Check that the download is complete; fetch it again") from error
    require_columns(frame.columns, columns, source_id, path,
                    f"The project may have renamed its variables: {_HINT}")
    frame = frame[columns].copy()
    frame["source_row"] = range(1, len(frame) + 1)
    return frame


def whole(values: pd.Series, column: str, source_id: str, path: Path) -> pd.Series:
    """A numeric column as nullable integers; a fraction is an error, not rounded away."""
    numbers = pd.to_numeric(values, errors="coerce")
    if (numbers.notna() & values.notna() & (numbers % 1 != 0)).any() or (numbers.isna() & values.notna()).any():
        raise SourceFormatError(source_id, path, f"{column} holds values that are not whole numbers",
                                f"Check the file; {_HINT} if the coding changed")
    return numbers.astype("Int64")


def _iso3(frame: pd.DataFrame, code: str, name: str, source_id: str, path: Path) -> pd.Series:
    return pd.Series(countries.iso3_from_cow(frame[code], frame[name], source_id, path),
                     index=frame.index, dtype=str)


# ---------------------------------------------------------------------------------------------
# (a) TIP report tiers by report year

TIERS_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "report_year": pa.Column(int, pa.Check.in_range(1999, 2030)),
        "placement": pa.Column(str, pa.Check.isin(list(PLACEMENTS.values()))),
        "tier": pa.Column(float, pa.Check.isin(TIERS), nullable=True),
        "code": pa.Column(str),
        "source": pa.Column(str, pa.Check.isin([TIERS_ID, TIERS_2015_ID])),
        "source_row": pa.Column(int, pa.Check.ge(1)),
    },
    checks=[
        pa.Check(lambda df: ~df.duplicated(["iso3", "report_year"]), error="two placements in a report year"),
        pa.Check(lambda df: df["tier"].isna() == df["placement"].isin(["not rated", "special case"]),
                 error="a tier for a status, or no tier for a placement"),
        pa.Check(lambda df: (df["placement"] != "Tier 2 Watch List") | (df["report_year"] >= FIRST_WATCH_LIST),
                 error="Watch List before the 2004 report"),
        pa.Check(lambda df: (df["report_year"] >= FIRST_REPORT) | (df["placement"] == "not rated"),
                 error="a placement before the first report (2001)"),
    ],
    strict=True,
    ordered=True,
    coerce=True,
)


def _placements(values: pd.Series, source_id: str, path: Path) -> pd.DataFrame:
    codes = pd.to_numeric(values, errors="coerce")
    bad = sorted({value if isinstance(value, str) else f"{value:g}"
                  for value in values[~codes.isin(list(PLACEMENTS))]})
    if bad:
        raise SourceFormatError(source_id, path, f"tier value(s) {bad} are not {sorted(PLACEMENTS)}",
                                f"Check the file; {_HINT} if the report added a category")
    return pd.DataFrame({"placement": codes.map(PLACEMENTS), "tier": codes.where(codes.isin(TIERS)),
                         "code": codes.map(lambda value: f"{value:g}")}, index=codes.index)


def read_tiers(path: str | Path, source_id: str = TIERS_ID) -> pd.DataFrame:
    """Tiers of the 1999-2014 reports (``tierupdated``); rows without a value are dropped."""
    path = Path(path)
    frame = read_stata(path, source_id, ["name", "ccode", "year", "tierupdated"])
    frame = frame[frame["tierupdated"].notna()]
    table = pd.DataFrame({"iso3": _iso3(frame, "ccode", "name", source_id, path),
                          "report_year": frame["year"].astype(int)})
    table = table.join(_placements(frame["tierupdated"], source_id, path))
    table["source"], table["source_row"] = source_id, frame["source_row"]
    return _validate(TIERS_SCHEMA, table.reset_index(drop=True), source_id, path)


def read_tiers_2015(path: str | Path, source_id: str = TIERS_2015_ID) -> pd.DataFrame:
    """The 2015 report's placements; ``source_row`` is the CSV line (header = line 1)."""
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise SourceFormatError(source_id, path, f"cannot be read as a UTF-8 CSV ({error})",
                                "Check that the download is complete; fetch it again") from error
    require_columns(raw.columns, ("countryname", "tier"), source_id, path,
                    f"The transcription changed its columns: {_HINT}")
    table = pd.DataFrame({"iso3": countries.iso3_series(raw["countryname"], source_id, path),
                          "report_year": 2015})
    table = table.join(_placements(raw["tier"].str.strip(), source_id, path))
    table["source"], table["source_row"] = source_id, raw.index + 2
    return _validate(TIERS_SCHEMA, table, source_id, path)


def tip_tiers(raws) -> pd.DataFrame:
    """One table of placements by report year: the Scorecard file, then the 2015 report."""
    scorecard, report_2015 = raws
    earlier = read_tiers(scorecard.path, scorecard.source.id)
    latest = read_tiers_2015(report_2015.path, report_2015.source.id)
    if earlier["report_year"].max() >= 2015:
        raise SourceFormatError(scorecard.source.id, scorecard.path,
                                "the file now holds the 2015 report too",
                                f"Drop tiers_2015.csv from the step or {_HINT}")
    table = pd.concat([earlier, latest], ignore_index=True)
    return table.sort_values(["iso3", "report_year"], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# (b) the 3P anti-trafficking policy index

PARTS = ["prosecution", "protection", "prevention"]

THREE_P_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "year": pa.Column(int, pa.Check.in_range(2000, 2030)),
        **{part: pa.Column("Int64", pa.Check.in_range(1, 5), nullable=True) for part in PARTS},
        "total": pa.Column("Int64", pa.Check.in_range(3, 15), nullable=True),
        "source_row": pa.Column(int, pa.Check.ge(1)),
    },
    checks=[
        pa.Check(lambda df: ~df.duplicated(["iso3", "year"]), error="two scores in a year"),
        pa.Check(lambda df: df["total"].isna() | df[PARTS].isna().any(axis=1)
                 | (df["total"] == df[PARTS].sum(axis=1)), error="total is not the sum of its parts"),
    ],
    strict=True,
    ordered=True,
    coerce=True,
)


def read_three_p(path: str | Path, source_id: str = THREE_P_ID) -> pd.DataFrame:
    """The 3P scores by country and year, for the rows that have any of them."""
    path = Path(path)
    frame = read_stata(path, source_id, ["name", "ccode", "year", *PARTS, "p"])
    frame = frame[frame[[*PARTS, "p"]].notna().any(axis=1)]
    table = pd.DataFrame({"iso3": _iso3(frame, "ccode", "name", source_id, path),
                          "year": frame["year"].astype(int)})
    for part in PARTS:
        table[part] = whole(frame[part], part, source_id, path)
    table["total"] = whole(frame["p"], "p", source_id, path)
    table["source_row"] = frame["source_row"]
    table = table.sort_values(["iso3", "year"], ignore_index=True)
    return _validate(THREE_P_SCHEMA, table, source_id, path)


# ---------------------------------------------------------------------------------------------
# (c) criminalisation

LEVELS = {0: "none", 1: "partial", 2: "full"}

CRIMINALISATION_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "year": pa.Column(int, pa.Check.in_range(1900, 2030)),
        "level": pa.Column("Int64", pa.Check.isin(list(LEVELS))),
        "level_at_report": pa.Column("Int64", pa.Check.isin(list(LEVELS))),
        "law_month": pa.Column("Int64", pa.Check.in_range(1, 12), nullable=True),
        "source_row": pa.Column(int, pa.Check.ge(1)),
    },
    checks=[pa.Check(lambda df: ~df.duplicated(["iso3", "year"]), error="two levels in a year"),
            pa.Check(lambda df: df["level_at_report"] <= df["level"],
                     error="the level at the report is above the year's level")],
    strict=True,
    ordered=True,
    coerce=True,
)


def read_criminalisation(path: str | Path, source_id: str = CRIMINALISATION_ID) -> pd.DataFrame:
    """Criminalisation by country and year: ``level`` (crimlevel, used), ``level_at_report``
    (adjcrimlevel) and ``law_month`` (month of the law, in the year of a change).

    Country-years without a level (before independence, or not coded) are dropped.
    """
    path = Path(path)
    frame = read_stata(path, source_id, ["country", "ccode", "year", "crimlevel", "adjcrimlevel", "month"])
    if not frame["crimlevel"].isna().equals(frame["adjcrimlevel"].isna()):
        raise SourceFormatError(source_id, path, "crimlevel and adjcrimlevel are not missing together",
                                f"Check the file; {_HINT}")
    frame = frame[frame["crimlevel"].notna()]
    table = pd.DataFrame({
        "iso3": _iso3(frame, "ccode", "country", source_id, path),
        "year": frame["year"].astype(int),
        "level": whole(frame["crimlevel"], "crimlevel", source_id, path),
        "level_at_report": whole(frame["adjcrimlevel"], "adjcrimlevel", source_id, path),
        "law_month": whole(frame["month"], "month", source_id, path),
        "source_row": frame["source_row"],
    })
    table = table.sort_values(["iso3", "year"], ignore_index=True)
    return _validate(CRIMINALISATION_SCHEMA, table, source_id, path)


# ---------------------------------------------------------------------------------------------
# (d) Kelley-Simmons: years of ratification

def read_kelley_simmons_years(path: str | Path, source_id: str = KELLEY_SIMMONS_ID) -> pd.DataFrame:
    """One row per country: ``ks_name``, ``ks_protocol_year`` (protocoldate, as given),
    ``ks_ratified_year`` (first year ``ratproto2000`` is 1, up to 2011) and ``ks_unctoc_year``.
    """
    path = Path(path)
    frame = read_stata(path, source_id, ["name", "cowcode", "year", "protocoldate", "unctocdate", "ratproto2000"])
    year = frame["year"]
    frame["year"] = year.dt.year if pd.api.types.is_datetime64_any_dtype(year) else pd.to_numeric(year)
    frame["iso3"] = _iso3(frame, "cowcode", "name", source_id, path)
    rows = []
    for code, country in frame.groupby("iso3", sort=True):
        dates = {column: country[column].dropna().unique() for column in ("protocoldate", "unctocdate")}
        changing = [column for column, values in dates.items() if len(values) > 1]
        if changing:
            raise SourceFormatError(source_id, path, f"{changing[0]} changes over the years of {code}",
                                    f"Check the file; {_HINT}")
        ratified = country.loc[country["ratproto2000"] == 1, "year"]
        rows.append({"iso3": code, "ks_name": countries.clean(country["name"].iloc[-1]),
                     **{f"ks_{column}": values[0] if len(values) else pd.NA for column, values in
                        (("protocol_year", dates["protocoldate"]), ("unctoc_year", dates["unctocdate"]))},
                     "ks_ratified_year": ratified.min() if len(ratified) else pd.NA})
    table = pd.DataFrame(rows)
    for column in ("ks_protocol_year", "ks_ratified_year", "ks_unctoc_year"):
        table[column] = whole(table[column], column, source_id, path)
    return table[["iso3", "ks_name", "ks_protocol_year", "ks_ratified_year", "ks_unctoc_year"]]


# ---------------------------------------------------------------------------------------------
# The extraction steps: one per tidy table, for pipeline.extract.step.run

NOTEBOOK = "notebooks/07-extract-policy.ipynb"


TIERS_STEP = Step("tip_tiers", NOTEBOOK, tip_tiers, TIERS_SCHEMA,
                  {"variables": {TIERS_ID: ["name", "ccode", "year", "tierupdated"],
                                 TIERS_2015_ID: ["countryname", "tier"]},
                   "codes": {"555": "not rated", "666": "special case"},
                   "dropped": "rows whose tierupdated is empty"}, time={"year": "report_year"})
THREE_P_STEP = Step("tip_3p", NOTEBOOK, single_file(read_three_p), THREE_P_SCHEMA,
                    {"variables": ["name", "ccode", "year", *PARTS, "p"],
                     "rows": "those with any of the four scores"}, time={"year": "year"})
CRIMINALISATION_STEP = Step("criminalisation", NOTEBOOK, single_file(read_criminalisation),
                            CRIMINALISATION_SCHEMA,
                            {"variables": ["country", "ccode", "year", "crimlevel", "adjcrimlevel", "month"],
                             "level": "crimlevel", "level_at_report": "adjcrimlevel",
                             "dropped": "country-years without a level"}, time={"year": "year"})
