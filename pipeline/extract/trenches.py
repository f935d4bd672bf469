"""The TIP tiers (1999-2015) and the 3P index (1999-2014) as Heiss and Kelley's *From the
Trenches* project cleaned them, checked cell by cell against the tables the paper uses.

Why: the paper's ``tip_tiers`` and ``tip_3p`` come from the Scorecard Diplomacy Stata file of
10 August 2015 (with the July 2015 report transcribed). The same series, from another cleaning,
are in two CSV files of 3 December 2015: ``tip_tiers_1999-2015.csv`` (``countryname, iso, year,
ccode, tier``) and ``policy_index_3p_1999-2014.csv`` (``countryname, year, cow, tier, p,
prosecution, prevention, protection, ...``). A second cleaning that agrees everywhere confirms
the first; one that disagrees says where to look. What was found, and why the Scorecard stays the
source:

* the year is the report's in both: the CSV's 2015 placements are those of the transcribed July
  2015 report, country by country;
* the tiers agree on every country and report year; the CSV writes ``NA`` where the Scorecard
  codes 555 (not rated) or 666 (special case), or has no row (Brunei 2000-2008, Kosovo before
  2009...), all "no tier" here;
* the 3P CSV holds exactly the Scorecard's scores, including its one 2014 value (Timor-Leste):
  it is not a year longer, so ``tip_3p`` has nothing to gain from it;
* the Scorecard file is kept: it existed on the meeting edition's date (the CSVs are of
  3 December 2015) and it tells "not rated" from "special case", which ``NA`` merges.

Traps: the tier labels carry trailing spaces ("Tier 2    ") and the Watch List is "Watchlist";
``NA`` is a missing value; the tier file's ``iso`` gives Kosovo as ``KOS`` (no ISO code; the
project uses ``XKX``), its names are ISO's ("Moldova, Republic of") and its ``ccode`` is not
used (``NA`` for six territories in 2015; Kosovo 1001, then 347 in 2015); the 3P file keys
countries by COW code (Kosovo 347) and COW's shorthand names, with a curly apostrophe in
"Cote D’Ivoire" and ``NA`` for some ``iso``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError, require_columns
from pipeline.extract import countries, scorecard
from pipeline.extract.step import Step, validated

TIERS_ID, THREE_P_ID = "tip-tiers-1999-2015", "cho-3p-index-2014"
TIER_LABELS = {"Tier 1": "Tier 1", "Tier 2": "Tier 2", "Watchlist": "Tier 2 Watch List", "Tier 3": "Tier 3",
               "NA": None}
#: the tier file's codes that are not ISO 3166-1 -> the project's code
CODES = {"KOS": "XKX"}
MISSING = "NA"
_MODULE = "pipeline/extract/trenches.py"
_HINT = f"update {_MODULE}"


def _read(path: Path, source_id: str, columns: tuple[str, ...]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise SourceFormatError(source_id, path, f"cannot be read as a UTF-8 CSV ({error})",
                                "Check that the download is complete; fetch it again") from error
    require_columns(frame.columns, columns, source_id, path, f"The files changed their columns: {_HINT}")
    frame["source_row"] = frame.index + 2
    return frame


def read_tiers(path: str | Path, source_id: str = TIERS_ID) -> pd.DataFrame:
    """``iso3, report_year, placement`` (None: no tier), ``source_row``, for every row of the file."""
    path = Path(path)
    frame = _read(path, source_id, ("countryname", "iso", "year", "tier"))
    named = countries.iso3_series(frame["countryname"], source_id, path)
    coded = frame["iso"].replace(CODES)
    if (clash := frame[named != coded]).size:
        first = clash.iloc[0]
        raise SourceFormatError(source_id, path, f"line {first['source_row']}: the code {first['iso']!r} and "
                                f"the name {first['countryname']!r} disagree", f"Check the file; {_HINT}")
    labels = frame["tier"].str.strip()
    if unknown := sorted(set(labels) - set(TIER_LABELS)):
        raise SourceFormatError(source_id, path, f"tier label(s) {unknown} are not {sorted(TIER_LABELS)}",
                                f"Check the file; {_HINT} if a category was added")
    return pd.DataFrame({"iso3": named, "report_year": frame["year"].astype(int),
                         "placement": labels.map(TIER_LABELS), "source_row": frame["source_row"]})


def read_three_p(path: str | Path, source_id: str = THREE_P_ID) -> pd.DataFrame:
    """The scores by country and year, as :func:`pipeline.extract.scorecard.read_three_p` gives
    the Scorecard's, for the rows that have any of them."""
    path = Path(path)
    frame = _read(path, source_id, ("countryname", "year", "cow", "p", *scorecard.PARTS))
    frame = frame[(frame[["p", *scorecard.PARTS]] != MISSING).any(axis=1)]
    table = pd.DataFrame({"iso3": countries.iso3_from_cow(frame["cow"], frame["countryname"], source_id, path),
                          "year": frame["year"].astype(int)}, index=frame.index)
    for part, column in [*zip(scorecard.PARTS, scorecard.PARTS), ("total", "p")]:
        table[part] = scorecard.whole(frame[column].replace(MISSING, None), column, source_id, path)
    table["source_row"] = frame["source_row"]
    table = table.sort_values(["iso3", "year"], ignore_index=True)
    return validated(scorecard.THREE_P_SCHEMA, table, source_id, path, _MODULE)


# ---------------------------------------------------------------------------------------------
# The cross-check: one row per year, the countries compared and every difference named

SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(1999, 2030)),
        "countries": pa.Column(int, pa.Check.ge(0)),
        "agree": pa.Column(int, pa.Check.ge(0)),
        "differ": pa.Column(int, pa.Check.ge(0)),
        "differences": pa.Column(str, nullable=True),
    },
    checks=[pa.Check(lambda df: df["agree"] + df["differ"] == df["countries"], error="counts do not add up")],
    strict=True,
    ordered=True,
    coerce=True,
)


def compare(scorecard_values: pd.DataFrame, csv_values: pd.DataFrame, year: str,
            columns: list[str]) -> pd.DataFrame:
    """Per year: the countries either table gives, how many agree on every one of ``columns``
    (a row missing from one side counts as all missing), and the differences, as
    ``ISO3 column: Scorecard value / CSV value``."""
    both = scorecard_values[["iso3", year, *columns]].merge(
        csv_values[["iso3", year, *columns]], on=["iso3", year], how="outer", suffixes=("_scorecard", "_csv"))
    both = both.rename(columns={year: "year"}).sort_values(["year", "iso3"])
    notes = []
    for row in both.to_dict("records"):
        notes.append("; ".join(f"{row['iso3']} {column}: {_show(row[column + '_scorecard'])} / "
                               f"{_show(row[column + '_csv'])}" for column in columns
                               if _show(row[column + "_scorecard"]) != _show(row[column + "_csv"])))
    both["note"] = notes
    table = both.groupby("year").agg(countries=("iso3", "size"), differ=("note", lambda n: int((n != "").sum())),
                                     differences=("note", lambda n: "; ".join(x for x in n if x) or None))
    table["agree"] = table["countries"] - table["differ"]
    return SCHEMA.validate(table.reset_index()[list(SCHEMA.columns)])


def _show(value: object) -> str:
    """A cell as the differences print it: missing as "none", whole numbers without ".0"."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "none"
    return f"{value:g}" if isinstance(value, float) else str(value)


def tiers_cross_check(raws) -> pd.DataFrame:
    """The CSV's placements against ``tip_tiers`` (Scorecard file and July 2015 report)."""
    csv, scorecard_file, report_2015 = raws
    tiers = scorecard.tip_tiers([scorecard_file, report_2015])
    tiers = tiers.assign(placement=tiers["placement"].where(tiers["tier"].notna()))  # 555/666: no tier
    return compare(tiers, read_tiers(csv.path, csv.source.id), "report_year", ["placement"])


def three_p_cross_check(raws) -> pd.DataFrame:
    """The CSV's 3P scores against ``tip_3p`` (the Scorecard file)."""
    csv, scorecard_file = raws
    columns = [*scorecard.PARTS, "total"]
    return compare(scorecard.read_three_p(scorecard_file.path, scorecard_file.source.id),
                   read_three_p(csv.path, csv.source.id), "year", columns)


TIERS_SOURCES = [TIERS_ID, scorecard.TIERS_ID, scorecard.TIERS_2015_ID]
THREE_P_SOURCES = [THREE_P_ID, scorecard.THREE_P_ID]
TIERS_STEP = Step("tip_tiers_cross_check", scorecard.NOTEBOOK, tiers_cross_check, SCHEMA,
                  {"variables": {TIERS_ID: ["countryname", "iso", "year", "tier"]}, "labels": TIER_LABELS,
                   "codes": CODES, "compared with": "tip_tiers (555 and 666 as no tier)"},
                  time={"year": "year"})
THREE_P_STEP = Step("tip_3p_cross_check", scorecard.NOTEBOOK, three_p_cross_check, SCHEMA,
                    {"variables": {THREE_P_ID: ["countryname", "year", "cow", "p", *scorecard.PARTS]},
                     "compared with": "tip_3p"},
                    time={"year": "year"})
