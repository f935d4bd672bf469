"""What a sentence of the paper asserts about the data, and the predicates that check it.

Why: every number of the paper is bound to the data, but the words around the numbers were not.
The update showed the same captions as 2015 ("sexual exploitation is the form most often
detected", "the Central Mediterranean route has the most detections in every year since 2014")
beside charts that contradict them. A sentence that characterises the data (a rank, a majority, a
peak, a rise or a fall) is therefore bound, in the manuscript, to an entry of
``paper/statements.yml`` that states its condition::

    sexual-exploitation-first-every-year:
      says: Among detected victims worldwide, sexual exploitation is the largest form in every year
        the figure shows.
      check: first-in-every-period
      params: {series: glotip.exploitation_shares, first: Sexual exploitation}

``check`` names a predicate of :data:`PREDICATES`, ``params`` its arguments. A predicate reads a
**series** of :data:`SERIES` (a table of periods by category, made by the same function of
:mod:`pipeline.analysis.aggregates` as the figure it describes, from the edition's tables cut to
its date) or the edition's **key figures**, and returns an :class:`Outcome`: whether the
condition holds, and the values that show it (each period's when it holds, the contradicting
ones when it does not). The paper's check (:mod:`pipeline.paper.statement_guard`) evaluates every
statement an edition renders, in each language, before the render.

Periods: ``since`` and ``until`` (years, inclusive) or ``years`` (a list) choose them; without
them, every year the series holds, which is what its figure shows. A last year that a monthly
table holds only in part counts as shown (the figure hatches it), and is named with its last
month; a peak, and a rise or fall between two years, are read on whole years only. A value in
``params`` may name a key figure, ``{key: glotip.citizenship.top_country}``: a country that a key
figure names stands for its code (NGA), a number for its value.
"""
from __future__ import annotations

import inspect
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pipeline import language
from pipeline.analysis import aggregates, published
from pipeline.analysis.claims import parse_figure
from pipeline.analysis.variables import KeyFigure
from pipeline.extract import partners
from pipeline.extract.frontex import CENTRAL_MED
from pipeline.extract.italy import OTHER
from pipeline.sources import registry
from pipeline.tables import Tables


class StatementError(ValueError):
    """A statement whose parameters the predicate cannot use (an unknown series, column, key or
    year): the message says which, and what there is."""


# --- Series: what the figures show ---------------------------------------------------------------

@dataclass(frozen=True)
class Series:
    """A table of periods (rows: years) by category (columns), as a figure of the paper shows it."""

    name: str
    describes: str  # in words, for the technical note
    make: Callable[[Tables, tuple[frozenset[str], frozenset[str]]], pd.DataFrame]
    share: bool = False  # values are shares (0-1), shown as percentages
    figure: str = ""  # the figure that draws it (its id in figures/<edition>/<lang>/)
    tables: tuple[str, ...] = ()  # the tidy tables it reads (besides the partner list)
    monthly: str = ""  # the monthly table behind a yearly series, whose last year may be partial
    by_month: bool = False  # rows are months (their first day), not years
    #: Where the series reads one of ``tables`` by the edition's data (Frontex's two files of
    #: routes: the one that runs furthest), the name of the one it reads; it is then also the
    #: monthly table.
    chooses: Callable[[Tables], str] | None = None

    def reads(self, data: Tables) -> tuple[str, ...]:
        """The tables the series reads on an edition's ``data``."""
        return (self.chooses(data),) if self.chooses else self.tables

    def monthly_table(self, data: Tables) -> str:
        return self.chooses(data) if self.chooses else self.monthly


def _shares(data: Tables, groups) -> pd.DataFrame:
    return aggregates.shares(data["glotip_exploitation"].frame, *groups)


def _routes(data: Tables, groups) -> pd.DataFrame:
    return aggregates.detections_route_table(aggregates.rabat_route_months(data).frame)


def _route_table(data: Tables) -> str:
    return aggregates.route_months(data).provenance["table"]


def _dead_missing(data: Tables, groups) -> pd.DataFrame:
    return aggregates.by_year(data["iom_route_month"].frame, "route", "dead_and_missing")


def _african_nationals(data: Tables, groups) -> pd.DataFrame:
    rows = aggregates.african_partner_detections(data["frontex_detections"].frame, groups[0])
    return aggregates.by_year(rows, "nationality", "detections")


def _central_mediterranean_nationals(data: Tables, groups) -> pd.DataFrame:
    rows = aggregates.route_nationals(data["frontex_detections"].frame, CENTRAL_MED)
    return aggregates.by_year(rows, "nationality", "detections")


def _ara_2015_nationalities(data: Tables, groups) -> pd.DataFrame:
    table = data["frontex_ara_nationalities"]
    if published.ARA_2015 not in set(table.frame["report"]):
        return pd.DataFrame()
    year = published.latest_data_year(table.frame, published.ARA_2015)
    return aggregates.by_year(published.ranked_nationalities(table, year), "iso3", "detections")


def _arrivals(data: Tables, groups) -> pd.DataFrame:
    return aggregates.sea_arrivals_table(data["unhcr_monthly_arrivals"].frame)


def _italy_nationalities(data: Tables, groups) -> pd.DataFrame:
    rows = data["italy_arrivals_nationality"].frame
    return aggregates.by_year(rows[rows["nationality"] != OTHER], "nationality", "arrivals")


def _asylum_origins(data: Tables, groups) -> pd.DataFrame:
    rows = aggregates.asylum_in_partners(data["unhcr_asylum_partners"].frame, *groups)
    return aggregates.by_year(rows, "origin_iso3", "applications")


SERIES = {series.name: series for series in (
    Series("glotip.exploitation_shares", "detected victims worldwide by form of exploitation, as shares of "
           "those whose form was recorded (UNODC's country data summed)", _shares, share=True,
           figure="glotip-exploitation-shares", tables=("glotip_exploitation",)),
    Series("frontex.detections_by_route", "detections of illegal border-crossing by year on the three routes "
           "of the region (Frontex's monthly series: the file of routes that runs furthest on the edition's date)",
           _routes, figure="frontex-detections-routes", tables=aggregates.ROUTE_TABLES, chooses=_route_table),
    Series("iom.dead_missing_by_route", "dead and missing migrants by year on the sea routes of the region "
           "and in the Sahara (IOM)", _dead_missing, figure="iom-dead-missing-routes",
           tables=("iom_route_month",), monthly="iom_route_month"),
    Series("frontex.african_nationals", "detections of nationals of African partner countries on the three "
           "routes, by nationality (Frontex's monthly series)", _african_nationals,
           figure="frontex-african-nationalities", tables=("frontex_detections",), monthly="frontex_detections"),
    Series("frontex.central_mediterranean_nationals", "detections on the Central Mediterranean route by "
           "nationality, every nationality that is a country (Frontex's monthly series)",
           _central_mediterranean_nationals, tables=("frontex_detections",), monthly="frontex_detections"),
    Series("frontex.ara_2015_nationalities", "the nationalities most often detected at all the external "
           "borders in 2014, as the Annual Risk Analysis of April 2015 printed them (Annex Table 1)",
           _ara_2015_nationalities, tables=("frontex_ara_nationalities",)),
    Series("unhcr.arrivals_by_month", "arrivals by month in Italy, Spain and Malta (UNHCR)", _arrivals,
           figure="unhcr-arrivals-monthly", tables=("unhcr_monthly_arrivals",), by_month=True),
    Series("italy.arrivals_by_nationality", "sea arrivals in Italy by declared nationality, at each year's last "
           "report of the Interior Ministry (its 'other nationalities' aside)", _italy_nationalities,
           tables=("italy_arrivals_nationality",)),
    Series("unhcr.asylum_by_origin", "first-instance asylum applications by nationals of African partners in "
           "European partners, by nationality (UNHCR)", _asylum_origins, figure="unhcr-asylum-applications",
           tables=("unhcr_asylum_partners",)),
)}
#: Every table a series or a key figure of a statement may read, cut to the edition's date.
TABLES = sorted({"rabat_partners", *(name for series in SERIES.values() for name in series.tables)})


# --- What a predicate is evaluated on -------------------------------------------------------------

@dataclass
class Context:
    """One edition's data: its tables cut to its date, and its key figures."""

    data: Tables
    figures: dict[str, KeyFigure]
    sources: dict[str, registry.Source] | None = None  # for the claims a predicate compares with
    _made: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def groups(self) -> tuple[frozenset[str], frozenset[str]]:
        rabat = self.data["rabat_partners"].frame
        return partners.african_partners(rabat), partners.european_partners(rabat)

    def series(self, name: str, by_month: bool = False) -> tuple[Series, pd.DataFrame]:
        """The series ``name``, by year (or, ``by_month``, by month), on this edition's data."""
        if name not in SERIES:
            raise StatementError(f"series {name!r} is not one of {', '.join(SERIES)} "
                                 "(pipeline/analysis/statements.py, SERIES)")
        if SERIES[name].by_month != by_month:
            raise StatementError(f"series {name} is by {'month' if SERIES[name].by_month else 'year'}; this "
                                 f"predicate reads a series by {'month' if by_month else 'year'}")
        if name not in self._made:
            self._made[name] = SERIES[name].make(self.data, self.groups)
        return SERIES[name], self._made[name]

    def partial(self, series: Series) -> dict[int, int]:
        """The years the series holds only in part: year -> its last month."""
        monthly = series.monthly_table(self.data)
        if not monthly:
            return {}
        end = aggregates.last_month(self.data[monthly].frame)
        return {} if end.month == 12 else {end.year: end.month}

    def figure(self, key: str) -> KeyFigure:
        if key not in self.figures:
            raise StatementError(f"key figure {key!r} is not one of this edition's (its keyfigures.json)")
        return self.figures[key]

    def value(self, written: Any) -> Any:
        """A parameter as written, or the key figure it names: a country's code, else its value."""
        if isinstance(written, dict) and set(written) == {"key"}:
            figure = self.figure(written["key"])
            return figure.code.removeprefix("country.") if figure.code.startswith("country.") else figure.value
        return written


@dataclass(frozen=True)
class Outcome:
    """Whether a statement holds, and the values that show it (or that contradict it)."""

    holds: bool
    values: tuple[str, ...]

    def __str__(self) -> str:
        return "; ".join(self.values)


# --- Helpers -------------------------------------------------------------------------------------

def _show(value: float, share: bool) -> str:
    if share:
        return f"{value * 100:.1f}%"
    return language.group(round(value), language.DEFAULT)


def _period(series: Series, year: int, context: Context) -> str:
    """"2015", or "2015 (to September)" for a year the edition holds in part."""
    month = context.partial(series).get(year)
    if not month:
        return str(year)
    return f"{year} (to {language.locale(language.DEFAULT).months[month - 1]})"


def _years(frame: pd.DataFrame, since: int | None, until: int | None, years: list[int] | None,
           name: str) -> list[int]:
    held = [int(year) for year in frame.index]
    if years is not None:
        missing = sorted(set(years) - set(held))
        if missing:
            raise StatementError(f"series {name} holds no {', '.join(map(str, missing))} in this edition "
                                 f"(it holds {_span(held)})")
        return sorted(years)
    chosen = [year for year in held if (since is None or year >= since) and (until is None or year <= until)]
    if not chosen:
        raise StatementError(f"series {name} holds no year from {since or 'its first'} to {until or 'its last'} "
                             f"in this edition (it holds {_span(held)})")
    return chosen


def _span(years: list[int]) -> str:
    return f"{min(years)}-{max(years)}" if years else "no year"


def _columns(frame: pd.DataFrame, wanted: Any, name: str) -> list[str]:
    listed = wanted if isinstance(wanted, list) else [wanted]
    unknown = [column for column in listed if column not in frame.columns]
    if unknown:
        raise StatementError(f"series {name} has no column {', '.join(map(repr, unknown))} (it has: "
                             f"{', '.join(map(str, frame.columns))})")
    return listed


def _whole(series: Series, frame: pd.DataFrame, context: Context) -> pd.DataFrame:
    return frame.drop(index=[year for year in context.partial(series) if year in frame.index])


def _total(frame: pd.DataFrame, column: str | None, name: str) -> pd.Series:
    return frame[_columns(frame, column, name)[0]] if column else frame.sum(axis=1)


# --- Predicates ----------------------------------------------------------------------------------

def first_in_every_period(context: Context, series: str, first: Any, among: list[str] | None = None,
                          since: int | None = None, until: int | None = None, years: list[int] | None = None,
                          but: list[int] | None = None) -> Outcome:
    """``first`` is above every other column (or every one of ``among``) in each chosen year, the
    years ``but`` aside (each of which the series must hold)."""
    described, frame = context.series(series)
    first = _columns(frame, context.value(first), series)[0]
    others = [column for column in (_columns(frame, among, series) if among else frame.columns) if column != first]
    chosen = _years(frame, since, until, years, series)
    aside = _years(frame, None, None, but, series) if but else []
    shown, contradicting, margins = [], [], []
    for year in [year for year in chosen if year not in aside]:
        row = frame.loc[year]
        runner = max(others, key=lambda column: row[column])
        text = (f"{_period(described, year, context)}: {first} {_show(row[first], described.share)}, "
                f"{runner} {_show(row[runner], described.share)}")
        (shown if row[first] > row[runner] else contradicting).append(text)
        margins.append(row[first] - row[runner])
    if not contradicting and len(shown) > 3:  # a long run: its span and its closest year
        closest = shown[margins.index(min(margins))]
        span = f"{shown[0].split(':')[0]} to {shown[-1].split(':')[0]}"
        shown = [f"each of the {len(shown)} years from {span}; the closest, {closest}"]
    return Outcome(not contradicting, tuple(contradicting or shown))


def share_above(context: Context, series: str, part: Any, above: float, of: list[str] | None = None,
                since: int | None = None, until: int | None = None, years: list[int] | None = None) -> Outcome:
    """The columns ``part`` make more than ``above`` (a share, 0-1) of the columns ``of`` (all,
    without it) in each chosen year."""
    described, frame = context.series(series)
    parts = _columns(frame, part, series)
    whole = _columns(frame, of, series) if of else list(frame.columns)
    shown, contradicting = [], []
    for year in _years(frame, since, until, years, series):
        row = frame.loc[year]
        share = row[parts].sum() / row[whole].sum()
        text = (f"{_period(described, year, context)}: {_show(row[parts].sum(), described.share)} of "
                f"{_show(row[whole].sum(), described.share)}, {share * 100:.1f}%")
        (shown if share > above else contradicting).append(text)
    return Outcome(not contradicting, tuple(contradicting or shown))


def leads(context: Context, series: str, year: Any, first: list[Any], within: int | None = None) -> Outcome:
    """In ``year`` (a year, or ``latest``: the series' last), the columns ``first`` are the first
    ones, in that order; with ``within``, they are all among the first ``within``."""
    described, frame = context.series(series)
    if frame.empty:
        raise StatementError(f"series {series} holds nothing in this edition")
    year = int(frame.index.max()) if year == "latest" else int(context.value(year))
    _years(frame, None, None, [year], series)
    named = [context.value(column) for column in first]
    _columns(frame, named, series)
    ranked = frame.loc[year].sort_index().sort_values(ascending=False, kind="stable")
    order = list(ranked.index)
    if within:
        holds = all(order.index(column) < within for column in named)
        shown = [f"{column} rank {order.index(column) + 1} of {len(order)}" for column in named]
    else:
        holds = order[:len(named)] == named
        shown = [f"{column} {_show(ranked[column], described.share)}" for column in order[:len(named) + 1]]
    return Outcome(holds, (f"{_period(described, year, context)}: " + ", ".join(shown),))


def peak_in_months(context: Context, series: str, column: str, months: list[int], since: int | None = None,
                   until: int | None = None, years: list[int] | None = None) -> Outcome:
    """A monthly series (rows: the first day of each month): in each chosen year that holds every
    month of ``months``, the month of ``column``'s highest value is one of them."""
    described, frame = context.series(series, by_month=True)
    values = frame[_columns(frame, column, series)[0]]
    by_year = pd.DataFrame({"year": values.index.year, "month": values.index.month, "value": values.to_numpy()})
    held = sorted(int(year) for year, group in by_year.groupby("year") if set(months) <= set(group["month"]))
    chosen = _years(pd.DataFrame(index=held), since, until, years, series)
    shown, contradicting = [], []
    for year in chosen:
        rows = by_year[by_year["year"] == year]
        peak = rows.loc[rows["value"].idxmax()]
        text = (f"{year}: {language.locale(language.DEFAULT).months[int(peak['month']) - 1]} "
                f"{_show(peak['value'], described.share)}")
        (shown if int(peak["month"]) in months else contradicting).append(text)
    return Outcome(not contradicting, tuple(contradicting or shown))


def peak_year(context: Context, series: str, year: Any, column: Any = None, since: int | None = None,
              until: int | None = None) -> Outcome:
    """Among the whole years (from ``since`` to ``until``), ``column`` (a column, a list of columns
    summed, or without it the sum of them all) is highest in ``year`` (a year or a key figure)."""
    described, frame = context.series(series)
    whole = _whole(described, frame, context)
    chosen = _years(whole, since, until, None, series)
    values = (whole[_columns(whole, column, series)].sum(axis=1) if column is not None
              else whole.sum(axis=1)).loc[chosen]
    year, top = int(context.value(year)), int(values.idxmax())
    shown = f"highest {top}: {_show(values[top], described.share)}"
    if top != year:
        shown += f"; {year}: {_show(values[year], described.share)}" if year in values.index else f"; {year} not held"
    return Outcome(top == year, (shown,))


def _change(context: Context, series: str, since: int, until: int, column: str | None, compare) -> Outcome:
    described, frame = context.series(series)
    whole = _whole(described, frame, context)
    partial = [year for year in (since, until) if year in context.partial(described)]
    if partial:
        raise StatementError(f"series {series}: {', '.join(map(str, partial))} is a part of a year in this "
                             "edition; compare whole years")
    _years(whole, None, None, [since, until], series)
    values = _total(whole, column, series)
    text = f"{since}: {_show(values[since], described.share)}, {until}: {_show(values[until], described.share)}"
    return Outcome(bool(compare(values[until], values[since])), (text,))


def rises(context: Context, series: str, since: int, until: int, column: str | None = None) -> Outcome:
    """``column`` (without it, the sum of the columns) is higher in ``until`` than in ``since``."""
    return _change(context, series, since, until, column, operator.gt)


def falls(context: Context, series: str, since: int, until: int, column: str | None = None) -> Outcome:
    """``column`` (without it, the sum of the columns) is lower in ``until`` than in ``since``."""
    return _change(context, series, since, until, column, operator.lt)


_OPERATORS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "==": operator.eq,
              "!=": operator.ne}


def keys_compare(context: Context, conditions: list[list[Any]]) -> Outcome:
    """Each ``[left, operator, right]`` holds, ``left`` and ``right`` being key figures or numbers
    (a share as a share: 0.5)."""
    shown, contradicting = [], []
    for condition in conditions:
        if len(condition) != 3 or condition[1] not in _OPERATORS:
            raise StatementError(f"condition {condition!r} is not [left, operator, right] with an operator of "
                                 f"{', '.join(_OPERATORS)}")
        left, how, right = condition
        values = [context.figure(side).value if isinstance(side, str) else side for side in (left, right)]
        text = " ".join([_named(context, left), how, _named(context, right)])
        (shown if _OPERATORS[how](*values) else contradicting).append(text)
    return Outcome(not contradicting, tuple(contradicting or shown))


def _named(context: Context, side: Any) -> str:
    return f"{side} ({context.figure(side).text})" if isinstance(side, str) else str(side)


def above_quoted(context: Context, keys: list[str]) -> Outcome:
    """Each key figure is above the figure that a document quoted for it (the claim of
    ``sources/registry.yml`` whose first ``data_key`` it is), its qualifier aside: 5,246 is above
    "almost 5.000"."""
    sources = context.sources if context.sources is not None else registry.load()
    quoted = {claim.data_key[0]: (source.id, claim.figure) for source in sources.values()
              for claim in source.claims if claim.figure and claim.data_key}
    shown, contradicting = [], []
    for key in keys:
        if key not in quoted:
            raise StatementError(f"no claim of sources/registry.yml quotes a figure for {key} (data_key)")
        source_id, figure = quoted[key]
        ours = context.figure(key)
        text = f"{key} {ours.text}, {source_id} quoted \"{figure}\""
        (shown if ours.value > parse_figure(figure).number.value else contradicting).append(text)
    return Outcome(not contradicting, tuple(contradicting or shown))


#: The predicates a statement may name (``check``), by the name it uses.
PREDICATES: dict[str, Callable[..., Outcome]] = {
    "first-in-every-period": first_in_every_period, "share-above": share_above, "leads": leads,
    "peak-in-months": peak_in_months, "peak-year": peak_year, "rises": rises, "falls": falls,
    "keys-compare": keys_compare, "above-quoted": above_quoted,
}


def parameters(check: str) -> tuple[list[str], list[str]]:
    """The parameters a predicate requires, and those it allows besides."""
    signature = list(inspect.signature(PREDICATES[check]).parameters.values())[1:]
    return ([p.name for p in signature if p.default is inspect.Parameter.empty],
            [p.name for p in signature if p.default is not inspect.Parameter.empty])


def evaluate(check: str, params: dict[str, Any], context: Context) -> Outcome:
    """The predicate ``check`` with ``params`` on the edition's ``context``."""
    required, optional = parameters(check)
    missing = [name for name in required if name not in params]
    unknown = [name for name in params if name not in required + optional]
    if missing or unknown:
        wrong = ([f"needs {', '.join(missing)}"] if missing else []) + \
            ([f"takes no {', '.join(unknown)}"] if unknown else [])
        raise StatementError(f"{check} {'; '.join(wrong)} (it takes "
                             f"{', '.join(required + [f'[{name}]' for name in optional])})")
    return PREDICATES[check](context, **params)
