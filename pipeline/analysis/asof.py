"""What was known on a date: the one cut that every edition's figures, key figures and claims pass.

A paper dated November 2015 must not rest on an observation its author could not have seen.
The extraction keeps every observation with its date; this module removes, downstream and in
one place, what the publishers had not yet released on the edition's "as of" date, by the rule
of each source (``release`` in ``sources/registry.yml``, :class:`pipeline.sources.registry.Release`):

* ``dated`` (IOM incidents, monthly arrivals, monthly detections, ratifications): an observation
  is known ``lag_days`` after the end of its own period;
* ``annual`` (GLOTIP, asylum statistics, TIP reports, the 3P index): year Y is known from a day
  of year Y + ``years_after``;
* ``fixed`` (a research data set coded once): known from the file's date, and only for periods
  that had ended by the as-of date.

A table says how its rows are dated in its sidecar (``time``, from :class:`pipeline.extract.Step`):
rows observed in a ``year`` (and ``month``), or over a period ending on a ``date``, or
``events``: columns of dates (a signature, a ratification) that are blanked, not dropped, when
they come after the date. A table whose
source has a rule but which declares no time, or the reverse, is an error: no number escapes.
With several sources (the harmonised IOM exports), the latest of their dates counts, unless the
table names each row's own source (``"source": column``, the registry id): the tables of two
reports, each known from its own publication, are cut row by row.

The partner list is dated too: the transcription in hand is today's, and where a source of the
time says how the list differed (``sources/facts/partner_list.csv``: the United Kingdom, Libya),
an edition dated before today's list gets the list of its time (:func:`partners_on`).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from pipeline.errors import BuildFailed
from pipeline.sources import facts, registry
from pipeline.tables import Table, Tables

LATEST = "latest"


class AsOfError(BuildFailed):
    """A table the cut cannot date: its sidecar and its sources' release rules disagree."""


def parse(as_of: str | dt.date | None) -> dt.date | None:
    """``"2015-11-30"`` -> that date; ``"latest"`` or None -> None (nothing is cut)."""
    if as_of is None or as_of == LATEST:
        return None
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return dt.date.fromisoformat(str(as_of))
    except ValueError:
        raise AsOfError(f"as_of {as_of!r} is neither a date (YYYY-MM-DD) nor {LATEST!r}") from None


def known_on(data: Tables, as_of: str | dt.date | None,
             sources: dict[str, registry.Source] | None = None) -> Tables:
    """Every table as it stood on ``as_of`` (None or "latest": as it stands), provenance noted."""
    sources = registry.load() if sources is None else sources
    date = parse(as_of)
    known = {name: cut(table, date, sources) for name, table in data.items()}
    if PARTNERS in known:
        listed = sources[PARTNERS_SOURCE].copy_date
        known[PARTNERS] = partners_on(known[PARTNERS], facts.load(facts.PARTNER_LIST.name), date, listed)
    return known


PARTNERS, PARTNERS_SOURCE = "rabat_partners", "rabat-partners"


def partners_on(partners: Table, changes: pd.DataFrame, as_of: dt.date | None, listed: dt.date) -> Table:
    """The partner list on ``as_of``: today's list (made on ``listed``), except that before that
    day each change the sources state (from its ``valid_from``) is applied: a status of
    ``none`` takes the country off the list, any other sets or adds it."""
    provenance = partners.provenance
    if as_of is None or as_of >= listed:
        return Table(partners.frame, {**provenance, "partner_list": f"the list of {listed.isoformat()}"})
    applied = changes[[facts.parse_date(day)[0] <= as_of for day in changes["valid_from"]]]
    rows = partners.frame[~partners.frame["iso3"].isin(applied["iso3"])]
    added = applied[applied["status"] != "none"][["country", "iso3", "side", "status"]]
    table = pd.concat([rows, added], ignore_index=True).sort_values(["side", "country"], ignore_index=True)
    note = (f"the list of {listed.isoformat()}, with the differences of {as_of.isoformat()} that "
            f"sources/facts/partner_list.csv states: {', '.join(applied['id']) or 'none'}")
    cited = sorted({source for cell in applied["source"] for source in facts.source_ids(cell)})
    return Table(table, {**provenance, "partner_list": note, "partner_list_sources": cited})


def cut(data: Table, as_of: dt.date | None, sources: dict[str, registry.Source]) -> Table:
    """One table on ``as_of``: rows not yet released dropped, event dates not yet happened blanked."""
    frame, provenance = data.frame, data.provenance
    table = provenance.get("table", "?")
    rules = _rules(provenance, sources)
    time = provenance.get("time")
    if bool(rules) != bool(time):
        named = ", ".join(source["id"] for source in provenance.get("sources", []))
        raise AsOfError(
            f"table {table} ({named}): " + (
                "its sources have a release rule but the table declares no time: give its Step "
                "a `time` (year/month columns, or event-date columns)" if rules else
                "the table declares a time but its sources have no `release` rule in "
                "sources/registry.yml: add one, with its basis"))
    if not rules:
        return Table(frame, {**provenance, "as_of": _show(as_of)})
    if "events" in time:
        kept, latest = _blank_events(frame, time["events"], rules, as_of)
    else:
        exported = {used["id"]: dt.date.fromisoformat(used["date"][:10])
                    for used in provenance.get("sources", []) if used.get("date")}
        kept, latest = _drop_observations(frame, time, rules, as_of, exported, table)
        if "source" in time:  # rows that name their own source: a source none is left of is no source
            left = set(kept[time["source"]])
            provenance = {**provenance, "sources": [used for used in provenance.get("sources", [])
                                                    if used["id"] in left or used["id"] not in rules]}
    note = {"as_of": _show(as_of), "rows_before_cut": len(frame), "rows": len(kept),
            "latest_observation": latest.isoformat() if latest else None,
            "release": {source_id: rule.basis for source_id, rule in rules.items()}}
    return Table(kept, {**provenance, **note})


def released(period_end: dt.date, year: int, rule: registry.Release) -> dt.date:
    """The day an observation whose period ends on ``period_end`` (in ``year``) was known."""
    if rule.rule == "dated":
        return period_end + dt.timedelta(days=rule.lag_days)
    if rule.rule == "annual":
        month, day = (int(part) for part in rule.on.split("-"))
        return dt.date(year + rule.years_after, month, day)
    return max(period_end, rule.date)


def _rules(provenance: dict[str, Any], sources: dict[str, registry.Source]) -> dict[str, registry.Release]:
    rules = {}
    for used in provenance.get("sources", []):
        source = sources.get(used["id"])
        if source is not None and source.release is not None:
            rules[source.id] = source.release
    return rules


def _period_ends(frame: pd.DataFrame, time: dict[str, str]) -> list[dt.date]:
    if "date" in time:
        return [dt.date.fromisoformat(str(day)[:10]) for day in frame[time["date"]]]
    years = frame[time["year"]].astype(int)
    if "month" not in time:
        return [dt.date(year, 12, 31) for year in years]
    months = frame[time["month"]].astype(int)
    return [(pd.Timestamp(year=y, month=m, day=1) + pd.offsets.MonthEnd(0)).date()
            for y, m in zip(years, months)]


def _known(period_end: dt.date, rules: dict[str, registry.Release]) -> dt.date:
    return max(released(period_end, period_end.year, rule) for rule in rules.values())


def _final_in_file(period_end: dt.date, rules: dict[str, registry.Release],
                   exported: dict[str, dt.date]) -> bool:
    """Whether the file holds the published statistic of an annual observation: a year its
    publisher releases only after the file's date (UNHCR's 2025 in a file of December 2025) is a
    provisional, part-year figure, left out of every edition."""
    return all(released(period_end, period_end.year, rule) <= exported[source_id]
               for source_id, rule in rules.items() if rule.rule == "annual" and source_id in exported)


def _row_rules(frame: pd.DataFrame, time: dict[str, str], rules: dict[str, registry.Release],
               table: str) -> list[dict[str, registry.Release]]:
    """The rules that date each row: all the table's, or, with ``time["source"]``, its own source's."""
    if "source" not in time:
        return [rules] * len(frame)
    unknown = sorted(set(frame[time["source"]]) - set(rules))
    if unknown:
        raise AsOfError(f"table {table}: its column {time['source']} names {', '.join(unknown)}, "
                        f"which is not one of its sources with a release rule ({', '.join(rules)})")
    return [{source: rules[source]} for source in frame[time["source"]]]


def _drop_observations(frame, time, rules, as_of, exported, table):
    ends = _period_ends(frame, time)
    keep = [(as_of is None or _known(end, own) <= as_of) and _final_in_file(end, own, exported)
            for end, own in zip(ends, _row_rules(frame, time, rules, table))]
    kept = frame[keep].reset_index(drop=True)
    latest = max((end for end, k in zip(ends, keep) if k), default=None)
    return kept, latest


def _event_day(value) -> dt.date | None:
    """An event's date: a date as written, or the end of a year given alone (known then at last)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    text = str(value).split(".")[0] if isinstance(value, float) else str(value)
    if len(text) == 4 and text.isdigit():
        return dt.date(int(text), 12, 31)
    return dt.date.fromisoformat(text[:10])


def _blank_events(frame, columns, rules, as_of):
    frame = frame.copy()
    latest = None
    for column in columns:
        dates = [_event_day(value) for value in frame[column]]
        happened = [day is not None and (as_of is None or _known(day, rules) <= as_of) for day in dates]
        frame[column] = frame[column].where(happened)
        latest = max([day for day, k in zip(dates, happened) if k] + ([latest] if latest else []),
                     default=None)
    return frame, latest


def _show(as_of: dt.date | None) -> str:
    return as_of.isoformat() if as_of else LATEST


def periods(known: Tables) -> dict[str, tuple[int, int]]:
    """The first and last year each source's observations cover in ``known`` (tables already cut
    to an edition's date): the period a bibliography gives a data series that the edition shows.
    Tables dated by events (ratifications) have no period of observation and are left out."""
    spans: dict[str, tuple[int, int]] = {}
    for table in known.values():
        frame, provenance = table.frame, table.provenance
        time = provenance.get("time") or {}
        if frame.empty or not ({"year", "date"} & set(time)):
            continue
        years = frame[time["year"]].astype(int) if "year" in time else \
            pd.to_datetime(frame[time["date"]]).dt.year
        first, last = int(years.min()), int(years.max())
        for used in provenance.get("sources", []):
            old = spans.get(used["id"], (first, last))
            spans[used["id"]] = (min(old[0], first), max(old[1], last))
    return spans
