"""Who was party to the Convention and to each Protocol on a date: the UN depositary's status in
hand, completed by the cited facts of what happened after it, each counted only from its date.

Why: the paper says, per partner and instrument, whether the State was bound on the edition's
date, since when and how, and which source says so. The status files
(:mod:`pipeline.extract.untc`) stop at December 2013; a later ratification (the Czech Republic's
of the Trafficking Protocol, 17 December 2014) is a row of ``sources/facts/treaty_events.csv``.
Rules, stated once:

* an event counts from its date; a fact dated only by its month or year counts from the last
  day of that month or year (the day is not known, so the latest it can be);
* the first consent to be bound (ratification, accession, acceptance, approval, succession)
  makes the State a party, with its date and kind; a later denunciation ends it;
* where the scrape and a fact both give a State's consent, they must agree on date and kind
  (the fact then confirms the scrape, which stays the source); a disagreement stops the build,
  naming both, because one of the two is wrong and no rule can say which;
* a State the scrape does not list had neither signed nor consented by mid-2014: "none recorded"
  unless a fact says otherwise.
"""
from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd

from pipeline.analysis.countries import PARTIES
from pipeline.errors import SourceFormatError
from pipeline.extract import untc
from pipeline.sources import facts

INSTRUMENTS = list(untc.INSTRUMENTS.values())
SCRAPES = {instrument: source_id for source_id, instrument in untc.INSTRUMENTS.items()}
CONSENTS = tuple(untc.KINDS.values())
SIGNED_ONLY, NONE_RECORDED, DENOUNCED = "signed only", "none recorded", "denounced"
FACTS_TABLE = "sources/facts/treaty_events.csv"

COLUMNS = ["iso3", "country", "side", "status", "instrument", "party", "since", "how", "signed",
           "source", "fact"]


def counted_from(date: str) -> dt.date:
    """The day from which an event dated ``date`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) counts."""
    first, precision = facts.parse_date(date)
    if precision == "day":
        return first
    if precision == "month":
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return dt.date(first.year, 12, 31)


def _events(status: pd.DataFrame, events: pd.DataFrame, iso3: str, instrument: str) -> list[dict]:
    """Every dated event of one State and instrument, from the scrape and from the facts."""
    found = []
    for row in status[(status["iso3"] == iso3) & (status["instrument"] == instrument)].itertuples():
        origin = {"source": row.source, "fact": "", "line": row.source_line}
        if isinstance(row.signed, str):
            found.append({"event": "signature", "date": row.signed, **origin})
        if isinstance(row.consent, str):
            found.append({"event": row.consent_kind, "date": row.consent, **origin})
    for row in events[(events["country_iso3"] == iso3) & (events["instrument"] == instrument)].itertuples():
        found.append({"event": row.event, "date": row.date, "source": row.source, "fact": row.id, "line": None})
    return found


def _check_agreement(found: list[dict], iso3: str, instrument: str) -> None:
    """A consent given by both the scrape and a fact must be the same (date and kind)."""
    scraped = [e for e in found if e["event"] in CONSENTS and not e["fact"]]
    stated = [e for e in found if e["event"] in CONSENTS and e["fact"]]
    for scrape in scraped:
        for fact in stated:
            if (fact["date"], fact["event"]) != (scrape["date"], scrape["event"]):
                raise SourceFormatError(
                    "facts:treaty_events", FACTS_TABLE,
                    f"fact {fact['fact']} gives {iso3}'s {fact['event']} of {instrument} on {fact['date']}, "
                    f"but {scrape['source']} (line {scrape['line']}) records its {scrape['event']} on "
                    f"{scrape['date']}",
                    "Check both against the UN Treaty Collection and correct the one that is wrong")


def _state(found: list[dict], instrument: str, as_of: dt.date | None) -> dict:
    """Party or not on ``as_of``, since when, how, the signature, and the source that says so
    (for "none recorded", the status file that does not list the State)."""
    known = sorted((e for e in found if as_of is None or counted_from(e["date"]) <= as_of),
                   key=lambda e: (counted_from(e["date"]), bool(e["fact"])))
    state = {"party": False, "since": "", "how": NONE_RECORDED, "signed": "", "source": SCRAPES[instrument],
             "fact": ""}
    for event in known:
        cited = {"source": event["source"], "fact": event["fact"]}
        if event["event"] == "signature":
            if not state["signed"]:
                state["signed"] = event["date"]
                if not state["party"]:
                    state.update(how=SIGNED_ONLY, **cited)
        elif event["event"] in CONSENTS and not state["party"]:
            state.update(party=True, since=event["date"], how=PARTIES[event["event"]], **cited)
        elif event["event"] == "denunciation" and state["party"]:
            state.update(party=False, since=event["date"], how=DENOUNCED, **cited)
    return state


def status_on(status: pd.DataFrame, events: pd.DataFrame, partners: pd.DataFrame,
              as_of: dt.date | None) -> pd.DataFrame:
    """One row per partner (in the list's order) and instrument, with :data:`COLUMNS`.

    ``status`` is the ``treaty_status`` table, ``events`` the facts table ``treaty_events``
    (rows of other instruments are ignored), ``partners`` the partner list of the date; ``as_of``
    None counts every event.
    """
    events = events[events["instrument"].isin(INSTRUMENTS)]
    rows = []
    for partner in partners[["iso3", "country", "side", "status"]].itertuples(index=False):
        for instrument in INSTRUMENTS:
            found = _events(status, events, partner.iso3, instrument)
            _check_agreement(found, partner.iso3, instrument)
            rows.append({**partner._asdict(), "instrument": instrument, **_state(found, instrument, as_of)})
    return pd.DataFrame(rows, columns=COLUMNS)


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per instrument, side and status (partner, observer): how many are parties, and who is not."""
    def group(rows: pd.DataFrame) -> pd.Series:
        return pd.Series({"countries": len(rows), "parties": int(rows["party"].sum()),
                          "not_parties": ", ".join(rows.loc[~rows["party"], "country"])})
    return (table.groupby(["instrument", "side", "status"], sort=False)[["country", "party"]]
            .apply(group).reset_index())


def hti_disagreements(status: pd.DataFrame, protocol: pd.DataFrame,
                      codes: set[str] | frozenset[str] | None = None) -> pd.DataFrame:
    """Where the scrape and HTI (``trafficking_protocol``) differ on the Trafficking Protocol.

    One row per State (of ``codes``, if given) whose signature, consent or kind differs, or that
    only one of the two lists, with both values and ``difference`` saying what differs.
    Kelley-Simmons' year is shown beside them where HTI has no row.
    """
    scrape = status[status["instrument"] == "un-protocol-trafficking"]
    scrape = scrape[["iso3", "participant", "signed", "consent", "consent_kind", "source_line"]]
    hti = protocol[["iso3", "hti_name", "hti_signed", "hti_consent", "hti_consent_kind", "ks_protocol_year"]]
    table = scrape.merge(hti, on="iso3", how="outer").sort_values("iso3", ignore_index=True)
    if codes is not None:
        table = table[table["iso3"].isin(codes)]
    table["difference"] = [_difference(row) for row in table.itertuples()]
    return table[table["difference"] != ""].reset_index(drop=True)


def _difference(row) -> str:
    in_scrape = isinstance(row.participant, str)
    in_hti = isinstance(row.hti_signed, str) or isinstance(row.hti_consent, str)  # HTI lists every country
    if in_scrape != in_hti:
        return "only in the UN status" if in_scrape else "only in HTI"
    if not in_scrape:
        return ""
    differing = [name for name, ours, theirs in (
        ("signature", row.signed, row.hti_signed), ("consent", row.consent, row.hti_consent),
        ("kind", row.consent_kind, row.hti_consent_kind)) if _text(ours) != _text(theirs)]
    return ", ".join(differing)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
