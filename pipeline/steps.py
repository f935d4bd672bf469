"""The extraction steps for the partner list, IOM and UNHCR sources: one per tidy table.

Each step adapts a parser (:mod:`pipeline.partners`, :mod:`pipeline.iom`, :mod:`pipeline.unhcr`)
to :func:`pipeline.extract.run`, and keeps only what the paper uses, so that the committed
snapshots stay small. GLOTIP's steps live in :mod:`pipeline.glotip`.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline import iom, partners, unhcr
from pipeline.extract import Step


def _single(parser):
    """A step function for a one-file source: the parser gets the path and the source id."""
    def function(raws) -> pd.DataFrame:
        (raw,) = raws
        return parser(raw.path, raw.source.id)

    function.__qualname__ = parser.__qualname__
    function.__module__ = parser.__module__
    return function


PARTNERS = Step("rabat_partners", "notebooks/01-extract-partners.ipynb",
                _single(partners.read_partners), partners.SCHEMA,
                {"columns": ["country", "group", "status"], "iso3": "pipeline.partners.ISO3"})

# --- IOM Missing Migrants -----------------------------------------------------------------

IOM_SOURCES = list(iom.SOURCE_IDS.values())


@functools.lru_cache(maxsize=1)
def _incidents(files: tuple[tuple[Path, int], ...]) -> pd.DataFrame:
    incidents, _report = iom.harmonise([path for path, _mtime in files])
    return incidents


def incidents(raws) -> pd.DataFrame:
    """All IOM exports harmonised into one incident table (computed once per set of files)."""
    return _incidents(tuple((raw.path, raw.path.stat().st_mtime_ns) for raw in raws))


def _route_year(raws) -> pd.DataFrame:
    """Dead and missing by route and year, whole years only (the newest export's year is partial)."""
    newest = max(date for raw in raws if (date := iom.export_date(raw.path)) is not None)
    table = iom.dead_missing_by_route_year(incidents(raws))
    return table[table["year"] < newest.year].reset_index(drop=True)


ROUTE_YEAR_SCHEMA = pa.DataFrameSchema(
    {
        "route": pa.Column(str, pa.Check.isin(iom.RABAT_ROUTES)),
        "year": pa.Column(int, pa.Check.in_range(iom.FIRST_YEAR, iom.LAST_YEAR)),
        "records": pa.Column(int, pa.Check.gt(0)),
        "dead": pa.Column(int, pa.Check.ge(0)),
        "missing": pa.Column(int),
        "dead_and_missing": pa.Column(int, pa.Check.ge(0)),
        "from_derived": pa.Column(int, pa.Check.ge(0)),
    },
    strict=True, ordered=True, coerce=True, unique=["route", "year"],
)

IOM_ROUTE_YEAR = Step("iom_route_year", "notebooks/03-extract-iom.ipynb", _route_year,
                      ROUTE_YEAR_SCHEMA, {"routes": iom.RABAT_ROUTES,
                                          "year": "incident year (reported year in the 2020 export); "
                                                  "years before that of the newest export"})

#: The concept note's 2015 claims (footnotes 10-11): from 1 January 2015 to the dates the note
#: accessed the Missing Migrants Project (13 October) and the UNHCR portal (11 November).
CLAIM_PERIODS = {"to_oct13": "2015-10-13", "to_nov11": "2015-11-11", "year": "2015-12-31"}
CLAIM_FILTERS = {
    "world": {},
    "mediterranean": {"region": "Mediterranean"},
    "med_subsaharan": {"region": "Mediterranean", "origin": iom.SUB_SAHARAN_AFRICA, "origin_match": "all"},
    "med_subsaharan_any": {"region": "Mediterranean", "origin": iom.SUB_SAHARAN_AFRICA,
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
            totals = iom.period_totals(table, "2015-01-01", end, **filters)
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

IOM_CLAIMS_2015 = Step("iom_claims_2015", "notebooks/03-extract-iom.ipynb", _claims_2015,
                       CLAIMS_SCHEMA, {"filters": {name: {k: sorted(v) if isinstance(v, frozenset) else v
                                                          for k, v in f.items()}
                                                   for name, f in CLAIM_FILTERS.items()},
                                       "periods": CLAIM_PERIODS})

# --- UNHCR ----------------------------------------------------------------------------------

UNHCR_MONTHLY = Step("unhcr_monthly_arrivals", "notebooks/04-extract-unhcr.ipynb",
                     _single(unhcr.read_monthly_arrivals), unhcr.ARRIVALS_SCHEMA,
                     {"columns": "<country>_<mode> by month-year", "NA": "not reported (dropped)"})
UNHCR_ORIGINS = Step("unhcr_origins", "notebooks/04-extract-unhcr.ipynb",
                     _single(unhcr.read_origin_arrivals), unhcr.ORIGINS_SCHEMA,
                     {"sheets": list(unhcr.ORIGIN_SHEETS)})
UNHCR_YEARLY = Step("unhcr_yearly", "notebooks/04-extract-unhcr.ipynb",
                    _single(unhcr.read_yearly_summary), unhcr.SUMMARY_SCHEMA,
                    {"sheet": unhcr.SUMMARY_SHEET, "block": unhcr.SUMMARY_LABEL})
UNHCR_SEA_YEARLY = Step("unhcr_sea_arrivals_year", "notebooks/04-extract-unhcr.ipynb",
                        _single(unhcr.read_country_year), unhcr.COUNTRY_YEAR_SCHEMA,
                        {"derived": "a third party's sum of UNHCR landing sites"})


def _asylum(raws, african: frozenset[str], european: frozenset[str]) -> pd.DataFrame:
    (raw,) = raws
    applications = unhcr.read_asylum_applications(raw.path, raw.source.id,
                                                  origins=set(african), asylums=set(european))
    counted = applications[applications["dec_level"].isin(unhcr.FIRST_INSTANCE)]
    return (counted.groupby(["year", "coo_iso"], as_index=False)["applied"].sum()
            .rename(columns={"coo_iso": "origin_iso3", "applied": "applications"}))


ASYLUM_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(2000, 2030)),
        "origin_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "applications": pa.Column(int, pa.Check.ge(0)),
    },
    strict=True, ordered=True, coerce=True, unique=["year", "origin_iso3"],
)

UNHCR_ASYLUM = Step("unhcr_asylum_partners", "notebooks/04-extract-unhcr.ipynb", _asylum,
                    ASYLUM_SCHEMA, {"applied": "summed where dec_level in "
                                    f"{sorted(unhcr.FIRST_INSTANCE)} (first instance)",
                                    "origin": "African partners", "asylum": "European partners"})
