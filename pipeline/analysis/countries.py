"""The national policy record of every partner, one row per country: a pure function of the
tidy tables (partners, TIP tiers, 3P index, criminalisation, Trafficking Protocol).

Why here: the country table of the paper and the key figures that sum it up must say the same
thing, so both read :func:`country_table`. Every missing value comes with its reason, because
"no ratification recorded" and "not in the source" are different facts.

Choices, stated once:
* Trafficking Protocol: HTI's date wins where it has one (the UN Treaty Collection's date, to
  the day, status of 2013); otherwise Kelley-Simmons' year of ratification (``protocoldate``
  before its placeholder 2012, else the first year their yearly indicator is 1); otherwise
  HTI's date of signature ("signed only"); otherwise none is recorded.
* TIP tier: the placement in the 2015 report, and its direction since the 2010 report: "up"
  when the tier number fell (2.5, the Watch List, lies between Tier 2 and Tier 3), "down" when
  it rose; no direction when either report gives no tier.
* 3P index and criminalisation: each country's latest year in the table.
"""
from __future__ import annotations

import pandas as pd

from pipeline.extract import hti, scorecard

LATEST_REPORT, BASE_REPORT = 2015, 2010
PARTIES = {"ratification": "ratified", "accession": "acceded", "acceptance": "accepted",
           "approval": "approved", "succession": "succeeded"}

NOT_IN_REPORT = "not in the report"
NOT_IN_INDEX = "not in the 3P index"
NOT_CODED = "not in the criminalisation coding"
NONE_RECORDED = "none recorded"

COLUMNS = ["iso3", "country", "side", "status",
           "protocol", "protocol_date", "protocol_source",
           "tier_2015", "tier_2010", "direction", "direction_missing",
           "three_p_year", "three_p", *scorecard.PARTS,
           "crim_year", "crim_level"]


def _protocol(row: pd.Series) -> tuple[str, str, str]:
    """(what the country did, its date or year, the source) for one row of trafficking_protocol."""
    if isinstance(row.get("hti_consent"), str):
        return PARTIES[row["hti_consent_kind"]], row["hti_consent"], "hti-2013"
    for column in ("ks_protocol_year", "ks_ratified_year"):
        year = row.get(column)
        if not pd.isna(year) and int(year) != scorecard.KS_PLACEHOLDER_YEAR:
            return "ratified", str(int(year)), scorecard.KELLEY_SIMMONS_ID
    if isinstance(row.get("hti_signed"), str):
        return "signed only", row["hti_signed"], "hti-2013"
    in_either = isinstance(row.get("hti_name"), str) or isinstance(row.get("ks_name"), str)
    return (NONE_RECORDED if in_either else "not in the sources"), "", ""


def _placement(tiers: pd.DataFrame, year: int) -> pd.Series:
    rows = tiers[tiers["report_year"] == year].set_index("iso3")
    return rows["placement"]


#: placements that are tiers, in order (the Watch List between Tier 2 and Tier 3)
TIER_ORDER = {"Tier 1": 1, "Tier 2": 2, "Tier 2 Watch List": 2.5, "Tier 3": 3}


def _direction(then: object, now: object) -> tuple[str, str]:
    """("up"/"down"/"same", "") or ("", why there is none)."""
    order = TIER_ORDER
    if then in order and now in order:
        change = order[now] - order[then]
        return ("up" if change < 0 else "down" if change > 0 else "same"), ""
    missing = [f"{year}: {placement if isinstance(placement, str) else NOT_IN_REPORT}"
               for year, placement in ((BASE_REPORT, then), (LATEST_REPORT, now)) if placement not in order]
    return "", "no tier in " + "; ".join(missing)


def _latest(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    rows = frame[frame[value].notna()].sort_values("year")
    return rows.groupby("iso3").tail(1).set_index("iso3")


def country_table(partners: pd.DataFrame, tiers: pd.DataFrame, three_p: pd.DataFrame,
                  criminalisation: pd.DataFrame, protocol: pd.DataFrame) -> pd.DataFrame:
    """One row per partner and observer, in the partner list's order, with :data:`COLUMNS`."""
    table = partners[["iso3", "country", "side", "status"]].copy()
    by_code = protocol.set_index("iso3")
    facts = [_protocol(by_code.loc[code]) if code in by_code.index else ("not in the sources", "", "")
             for code in table["iso3"]]
    table["protocol"], table["protocol_date"], table["protocol_source"] = zip(*facts)
    now, then = _placement(tiers, LATEST_REPORT), _placement(tiers, BASE_REPORT)
    # object first: where no partner has a placement the mapped column is all-NaN float
    table["tier_2015"] = table["iso3"].map(now).astype(object).fillna(NOT_IN_REPORT)
    table["tier_2010"] = table["iso3"].map(then).astype(object).fillna(NOT_IN_REPORT)
    directions = [_direction(then.get(code), now.get(code)) for code in table["iso3"]]
    table["direction"], table["direction_missing"] = zip(*directions)
    scores = _latest(three_p, "total")
    table["three_p_year"] = table["iso3"].map(scores["year"]).astype("Int64")
    table["three_p"] = table["iso3"].map(scores["total"]).astype("Int64")
    for part in scorecard.PARTS:
        table[part] = table["iso3"].map(scores[part]).astype("Int64")
    levels = _latest(criminalisation, "level")
    table["crim_year"] = table["iso3"].map(levels["year"]).astype("Int64")
    table["crim_level"] = table["iso3"].map(levels["level"].map(scorecard.LEVELS))
    return table[COLUMNS].reset_index(drop=True)


def disagreements(protocol: pd.DataFrame, codes: set[str] | frozenset[str] | None = None) -> pd.DataFrame:
    """The rows of trafficking_protocol where HTI's and Kelley-Simmons' years differ."""
    rows = protocol[protocol["comparison"].isin(hti.DISAGREEMENTS)]
    return rows if codes is None else rows[rows["iso3"].isin(codes)]
