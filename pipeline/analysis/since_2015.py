"""The years since the meeting: what the update says about each series after 2015.

Why: the update is a paper of its own date. Its reader needs each series to its latest period
(the high of 2016 on the Central Mediterranean, the Western Mediterranean's lead in 2018, the
peak of 2023, the Atlantic route's highest year, the months of 2026 against the same months of
2025), and a comparison of the latest *whole* year with 2015 *whole*, in the same table and for
the same partners: setting 2015 as the meeting knew it (to September or November) beside a later
whole year would measure the calendar, not the change.

Every key here is made only by an edition whose data hold the period it names (a whole year
after 2015, a year the key names): the meeting edition makes none, so that its render fails
before it could speak of a year its author could not have seen. The keys are written out, each
where it is made; ``..._latest_whole`` is the latest year the edition holds to December.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from pipeline.analysis import aggregates, frameworks, same_months
from pipeline.analysis.variables import KeyFigure, count, date, key_figure, label, month, percent, year
from pipeline.extract import partners
from pipeline.extract.frontex import CENTRAL_MED, RABAT_ROUTES, WESTERN_AFRICAN, WESTERN_MED
from pipeline.extract.iom import ATLANTIC, SAHARA
from pipeline.extract.iom import CENTRAL_MED as IOM_CENTRAL_MED
from pipeline.extract.italy import OTHER
from pipeline.tables import Table, Tables

#: The year of the meeting: the update compares the latest whole year with it.
MEETING_YEAR = 2015
#: The day of the meeting edition: the national measures it could have counted, as known today.
MEETING_DAY = dt.date(2015, 11, 30)
#: UNODC's Global Report 2024 compares the victims detected in 2022 with 2019, the year before
#: the pandemic; the update sets the country data beside it over the same two years.
GLOTIP_BEFORE, GLOTIP_AFTER = 2019, 2022


def _latest_whole(frame: pd.DataFrame) -> int | None:
    """The latest year a monthly table holds to December, if it is after 2015."""
    whole = aggregates.whole_years(frame)
    return max(whole) if whole and max(whole) > MEETING_YEAR else None


def _peak_of_whole_years(by_year: pd.Series, frame: pd.DataFrame) -> int:
    whole = [y for y in aggregates.whole_years(frame) if y in by_year.index]
    return int(by_year[whole].idxmax())


# --- Frontex: the three routes since 2015 -----------------------------------------------------

def frontex(data: Tables) -> list[KeyFigure]:
    """The latest whole year on each route and on the three together; the highest whole year of
    the Central Mediterranean and of the Western African route; 2018, when the Western
    Mediterranean led; and 2025, as Frontex's preliminary figures of January 2026 give it."""
    table = aggregates.route_months(data)
    rabat = table.frame[table.frame["route"].isin(RABAT_ROUTES)]
    latest = _latest_whole(rabat)
    if latest is None:
        return []
    provenance = table.provenance
    by_route = rabat.groupby(["route", "year"])["detections"].sum()

    def on(route: str, when: int) -> tuple:
        return count(by_route[(route, when)]), provenance, f"sum(detections), route == {route}, year == {when}"

    def peak(route: str) -> int:
        return _peak_of_whole_years(by_route[route], rabat)

    central, african = peak(CENTRAL_MED), peak(WESTERN_AFRICAN)
    whole = "whole years only"
    every = table.frame.groupby("year")["detections"].sum()
    figures = [
        key_figure("frontex.latest_whole_year", year(latest), provenance,
                   "max(year) with December, routes of the region"),
        key_figure("frontex.rabat_routes.detections_latest_whole", count(rabat.loc[rabat["year"] == latest,
                                                                                    "detections"].sum()),
                   provenance, f"sum(detections), routes {', '.join(RABAT_ROUTES)}, year == {latest}"),
        key_figure("frontex.routes.central_mediterranean.detections_latest_whole", *on(CENTRAL_MED, latest)),
        key_figure("frontex.routes.western_mediterranean.detections_latest_whole", *on(WESTERN_MED, latest)),
        key_figure("frontex.routes.western_african.detections_latest_whole", *on(WESTERN_AFRICAN, latest)),
        key_figure("frontex.routes.central_mediterranean.peak_year", year(central), provenance,
                   f"argmax_year sum(detections), route == {CENTRAL_MED}, {whole}"),
        key_figure("frontex.routes.central_mediterranean.peak_detections", *on(CENTRAL_MED, central)),
        key_figure("frontex.routes.western_african.peak_year", year(african), provenance,
                   f"argmax_year sum(detections), route == {WESTERN_AFRICAN}, {whole}"),
        key_figure("frontex.routes.western_african.peak_detections", *on(WESTERN_AFRICAN, african)),
        key_figure("frontex.routes.western_mediterranean.detections_2018", *on(WESTERN_MED, 2018)),
        key_figure("frontex.routes.central_mediterranean.detections_2018", *on(CENTRAL_MED, 2018)),
    ]
    if 2025 in aggregates.whole_years(rabat):
        figures += [
            key_figure("frontex.all_routes.detections_2025", count(every[2025]), provenance,
                       "sum(detections), every route, year == 2025"),
            key_figure("frontex.routes.central_mediterranean.detections_2025", *on(CENTRAL_MED, 2025)),
        ]
    return figures


def frontex_nationalities(data: Tables) -> list[KeyFigure]:
    """The file of nationalities (``frontex.rda``) ends before the file of routes: the month it
    ends, and, for its latest whole year, the share of African partners' nationals among the
    crossings detected on the three routes and their first nationality."""
    table = data["frontex_detections"]
    detections, provenance = table.frame, table.provenance
    latest = _latest_whole(detections)
    if latest is None:
        return []
    nationals = aggregates.african_partner_detections(detections, partners.african_partners(
        data["rabat_partners"].frame))
    of_partners = nationals.loc[nationals["year"] == latest, "detections"].sum()
    first = aggregates.leading(nationals, latest, "nationality", "detections", top=1).index[0]
    routes = f"routes {', '.join(RABAT_ROUTES)}, year == {latest}"
    return [
        key_figure("frontex.nationalities.through", month(aggregates.last_month(detections)), provenance,
                   "the last month of the file of nationalities"),
        key_figure("frontex.nationalities.latest_whole_year", year(latest), provenance, "max(year) with December"),
        key_figure("frontex.rabat_routes.african_partners_share_latest_whole",
                   percent(of_partners / detections.loc[detections["year"] == latest, "detections"].sum()),
                   provenance, f"sum(detections), nationality in African partners / all nationalities, {routes}"),
        key_figure("frontex.rabat_routes.african_nationality_latest_whole_1", label(f"country.{first}"), provenance,
                   f"rank 1 by detections, nationality in African partners, {routes}"),
    ]


def frontex_partial_year(data: Tables) -> list[KeyFigure]:
    """The months of the latest year, if it is a part of a year after 2015, on each route,
    beside the same months of the year before: like with like."""
    table = aggregates.route_months(data)
    rabat = table.frame[table.frame["route"].isin(RABAT_ROUTES)]
    last_year = int(rabat["year"].max())
    last = same_months.through_month(rabat, last_year)
    if last_year <= MEETING_YEAR or last == 12:
        return []
    provenance = table.provenance

    def months(route: str) -> tuple[KeyFigure, KeyFigure]:
        now, before = same_months.same_months(rabat[rabat["route"] == route], "detections", last, last_year)
        where = f"sum(detections), route == {route}, months 1-{last}"
        return (count(now), provenance, f"{where}, year == {last_year}"), \
               (count(before), provenance, f"{where}, year == {last_year - 1}")

    central, western, african = (months(route) for route in (CENTRAL_MED, WESTERN_MED, WESTERN_AFRICAN))
    return [
        key_figure("frontex.through_latest", month(pd.Timestamp(year=last_year, month=last, day=1)), provenance,
                   f"max(month), year == {last_year}, routes of the region"),
        key_figure("frontex.routes.central_mediterranean.detections_latest_partial", *central[0]),
        key_figure("frontex.routes.central_mediterranean.detections_latest_partial_year_before", *central[1]),
        key_figure("frontex.routes.western_mediterranean.detections_latest_partial", *western[0]),
        key_figure("frontex.routes.western_mediterranean.detections_latest_partial_year_before", *western[1]),
        key_figure("frontex.routes.western_african.detections_latest_partial", *african[0]),
        key_figure("frontex.routes.western_african.detections_latest_partial_year_before", *african[1]),
    ]


# --- UNHCR: arrivals by country, which end before the paper ------------------------------------

def unhcr_arrivals(data: Tables) -> list[KeyFigure]:
    """The last month of UNHCR's arrivals by country in hand, where it is after 2015: the paper
    says where this series stops (Italy goes on with the ministry's own series)."""
    table = data["unhcr_monthly_arrivals"]
    selected = aggregates.sea_arrivals(table.frame)
    last = aggregates.last_month(selected)
    if last.year <= MEETING_YEAR:
        return []
    return [key_figure("unhcr.arrivals.through_latest", month(last), table.provenance,
                       "the last month of arrivals in Italy, Spain and Malta")]


# --- IOM: the dead and missing since 2015 -------------------------------------------------------

def iom(data: Tables) -> list[KeyFigure]:
    """The dead and missing of the latest whole year at sea (and on the Central Mediterranean and
    the Atlantic routes), in the Sahara apart, and the highest whole year at sea and on the
    Atlantic route."""
    table = data["iom_route_month"]
    frame, provenance = table.frame, table.provenance
    latest = _latest_whole(frame)
    if latest is None:
        return []
    by_route = frame.groupby(["route", "year"])["dead_and_missing"].sum()
    sea = frame[frame["route"].isin(same_months.IOM_SEA)].groupby("year")["dead_and_missing"].sum()
    sea_peak = _peak_of_whole_years(sea, frame)
    atlantic_peak = _peak_of_whole_years(by_route[ATLANTIC], frame)
    routes = ", ".join(same_months.IOM_SEA)

    def on(route: str, when: int) -> tuple:
        return (count(by_route.get((route, when), 0)), provenance,
                f"sum(dead_and_missing), route == {route}, year == {when}")

    return [
        key_figure("iom.routes.latest_whole_year", year(latest), provenance, "max(year) with December"),
        key_figure("iom.routes.sea_latest_whole", count(sea[latest]), provenance,
                   f"sum(dead_and_missing), routes {routes}, year == {latest}"),
        key_figure("iom.routes.central_mediterranean_latest_whole", *on(IOM_CENTRAL_MED, latest)),
        key_figure("iom.routes.atlantic_latest_whole", *on(ATLANTIC, latest)),
        key_figure("iom.routes.sahara_latest_whole", *on(SAHARA, latest)),
        key_figure("iom.routes.sea_peak_year", year(sea_peak), provenance,
                   f"argmax_year sum(dead_and_missing), routes {routes}, whole years only"),
        key_figure("iom.routes.sea_peak_value", count(sea[sea_peak]), provenance,
                   f"sum(dead_and_missing), routes {routes}, year == {sea_peak}"),
        key_figure("iom.routes.atlantic_peak_year", year(atlantic_peak), provenance,
                   f"argmax_year sum(dead_and_missing), route == {ATLANTIC}, whole years only"),
        key_figure("iom.routes.atlantic_peak_value", *on(ATLANTIC, atlantic_peak)),
    ]


# --- Italy's Ministry of the Interior: sea arrivals 2019-2025 ---------------------------------

def italy(data: Tables) -> list[KeyFigure]:
    """Arrivals in Italy by sea as the ministry's daily reports add up: the highest whole year
    beside the ministry's own total for it (the sum of the days falls short), the latest whole
    year, the latest part-year to its last day and its whole months beside the same months of
    the year before, and the first declared nationality of the peak year and of the latest."""
    months, nationalities = data["italy_arrivals_month"], data["italy_arrivals_nationality"]
    frame, provenance = months.frame, months.provenance
    # The reports begin in September 2019: a whole year has all twelve months, not only December.
    whole = [int(y) for y, n in frame.groupby("year")["month"].nunique().items() if n == 12]
    if not whole:
        return []
    by_year = frame.groupby("year")["arrivals"].sum()
    peak, latest = int(by_year[whole].idxmax()), max(whole)
    reported = nationalities.frame.groupby("year")["arrivals"].sum()
    figures = [
        key_figure("italy.arrivals.first_whole_year", year(min(whole)), provenance, "min(year) with all twelve months"),
        key_figure("italy.arrivals.peak_year", year(peak), provenance, "argmax_year sum(arrivals), whole years only"),
        key_figure("italy.arrivals.peak_value", count(by_year[peak]), provenance,
                   f"sum(arrivals) of the days, year == {peak}"),
        key_figure("italy.arrivals.reported_peak_year", count(reported[peak]), nationalities.provenance,
                   f"sum(arrivals) over every nationality at the year's last report, year == {peak}"),
        key_figure("italy.arrivals.latest_whole_year", year(latest), provenance, "max(year) with every month"),
        key_figure("italy.arrivals.latest_whole", count(by_year[latest]), provenance,
                   f"sum(arrivals) of the days, year == {latest}"),
        *_first_nationality("italy.nationality.first_peak_year", nationalities, peak),
    ]
    last_year = int(frame["year"].max())
    if last_year > latest:
        rows = frame[frame["year"] == last_year].sort_values("month")
        last_day = dt.date.fromisoformat(rows["last_day"].iloc[-1])
        whole_months = int(rows.loc[rows["days_counted"] == rows["last_day"].map(_days_in_month), "month"].max())
        now, before = same_months.same_months(frame, "arrivals", whole_months, last_year)
        where = f"sum(arrivals), months 1-{whole_months}"
        figures += [
            key_figure("italy.arrivals.through", date(last_day), provenance, f"last day counted, year == {last_year}"),
            key_figure("italy.arrivals.latest_partial", count(by_year[last_year]), provenance,
                       f"sum(arrivals) of the days, year == {last_year}, to {last_day.isoformat()}"),
            key_figure("italy.arrivals.through_whole_month", month(pd.Timestamp(year=last_year, month=whole_months,
                                                                                 day=1)),
                       provenance, f"last month counted to its last day, year == {last_year}"),
            key_figure("italy.arrivals.latest_whole_months", count(now), provenance, f"{where}, year == {last_year}"),
            key_figure("italy.arrivals.latest_whole_months_year_before", count(before), provenance,
                       f"{where}, year == {last_year - 1}"),
            *_first_nationality("italy.nationality.first_latest", nationalities, last_year),
        ]
    return figures


def _days_in_month(day: str) -> int:
    first = pd.Timestamp(day[:7] + "-01")
    return int((first + pd.offsets.MonthEnd(0)).day)


def _first_nationality(key: str, nationalities: Table, when: int) -> list[KeyFigure]:
    rows = nationalities.frame[(nationalities.frame["year"] == when) & (nationalities.frame["nationality"] != OTHER)]
    if rows.empty:
        return []
    first = rows.sort_values("arrivals", ascending=False, kind="stable").iloc[0]
    return [key_figure(key, label(f"country.{first['nationality']}"), nationalities.provenance,
                       f"argmax_nationality arrivals at the year's last report ({first['report']}), year == {when}")]


# --- UNODC: the victims detected in 2022 against 2019, and 2015 -----------------------------

def glotip(data: Tables) -> list[KeyFigure]:
    """The world's detected victims by form of exploitation, summed over the reporting
    countries, in 2019 and 2022 (the years UNODC's Global Report 2024 compares), the rise, the
    country that adds most to it and the rise without that country; the rise of forced labour
    and the share of women and girls in 2022; and the shares by form in 2015."""
    table = data["glotip_exploitation"]
    rows, provenance = table.frame, table.provenance
    years = set(rows["year"])
    figures = []
    if MEETING_YEAR in years and max(years) > MEETING_YEAR:
        of_2015 = rows[rows["year"] == MEETING_YEAR].groupby("category")["value"].sum()
        where = f"value[{{}}] / sum(value), all countries, year == {MEETING_YEAR}"
        figures += [
            key_figure("glotip.world.share_sexual_2015", percent(of_2015["Sexual exploitation"] / of_2015.sum()),
                       provenance, where.format("Sexual exploitation")),
            key_figure("glotip.world.share_forced_labour_2015", percent(of_2015["Forced labour"] / of_2015.sum()),
                       provenance, where.format("Forced labour")),
        ]
    if not {GLOTIP_BEFORE, GLOTIP_AFTER} <= years:
        return figures
    by_country = rows.pivot_table(index="iso3", columns="year", values="value", aggfunc="sum")
    before, after = by_country[GLOTIP_BEFORE].fillna(0), by_country[GLOTIP_AFTER].fillna(0)
    top = (after - before).sort_values(ascending=False, kind="stable").index[0]
    forced = rows[rows["category"] == "Forced labour"].groupby("year")["value"].sum()
    rabat = data["rabat_partners"].frame
    female = aggregates.pair_shares(data["glotip_sex"].frame, "Female", "Male", partners.african_partners(rabat),
                                    partners.european_partners(rabat)).set_index(["area", "year"])["share"]
    span = f"all countries, all forms, {GLOTIP_BEFORE} and {GLOTIP_AFTER}"
    return figures + [
        key_figure("glotip.world.victims_2019", count(before.sum()), provenance,
                   f"sum(value), all countries, all forms, year == {GLOTIP_BEFORE}"),
        key_figure("glotip.world.victims_2022", count(after.sum()), provenance,
                   f"sum(value), all countries, all forms, year == {GLOTIP_AFTER}"),
        key_figure("glotip.world.rise_2019_2022", percent(after.sum() / before.sum() - 1), provenance,
                   f"sum(value) {GLOTIP_AFTER} / sum(value) {GLOTIP_BEFORE} - 1, {span}"),
        key_figure("glotip.world.rise_2019_2022_top_country", label(f"country.{top}"), provenance,
                   f"argmax_country value {GLOTIP_AFTER} - value {GLOTIP_BEFORE}, {span}"),
        key_figure("glotip.world.rise_2019_2022_top_country_2022", count(after[top]), provenance,
                   f"sum(value), country == {top}, year == {GLOTIP_AFTER}"),
        key_figure("glotip.world.rise_2019_2022_top_country_2019", count(before[top]), provenance,
                   f"sum(value), country == {top}, year == {GLOTIP_BEFORE}"),
        key_figure("glotip.world.rise_2019_2022_without_top_country",
                   percent((after.sum() - after[top]) / (before.sum() - before[top]) - 1), provenance,
                   f"as rise_2019_2022, country != {top}"),
        key_figure("glotip.world.forced_labour_rise_2019_2022",
                   percent(forced[GLOTIP_AFTER] / forced[GLOTIP_BEFORE] - 1), provenance,
                   f"sum(value), Forced labour, year {GLOTIP_AFTER} / year {GLOTIP_BEFORE} - 1, all countries"),
        key_figure("glotip.female.world_share_2022", percent(female[(aggregates.WORLD, GLOTIP_AFTER)]),
                   data["glotip_sex"].provenance,
                   f"Female / (Female + Male), {aggregates.WORLD}, countries reporting both, year == {GLOTIP_AFTER}"),
    ]


# --- Asylum: 2015 whole, for the partners of the update ---------------------------------------

def asylum(data: Tables) -> list[KeyFigure]:
    """First-instance asylum applications by nationals of African partners in European partners
    in 2015 (UNHCR) and asylum applicants from them there (Eurostat), for the partners of the
    edition's date: the same set as the latest year it is compared with."""
    rabat = data["rabat_partners"].frame
    african, european = partners.african_partners(rabat), partners.european_partners(rabat)
    unhcr, eurostat = data["unhcr_asylum_partners"], data["eurostat_asylum_applicants"]
    figures = []
    rows = unhcr.frame[unhcr.frame["origin_iso3"].isin(african) & unhcr.frame["asylum_iso3"].isin(european)]
    if MEETING_YEAR in set(rows["year"]) and rows["year"].max() > MEETING_YEAR:
        figures.append(key_figure("unhcr.asylum.total_2015", count(rows.loc[rows["year"] == MEETING_YEAR,
                                                                             "applications"].sum()),
                                  unhcr.provenance, "sum(applications), first-instance, African partners' "
                                                    "nationals in European partners, year == 2015"))
    applicants = aggregates.applicants_in_partners(
        eurostat.frame[eurostat.frame["citizenship"].isin(african)], european)
    if MEETING_YEAR in applicants.index and applicants.index.max() > MEETING_YEAR:
        figures.append(key_figure("eurostat.african_partners.applicants_2015", count(applicants[MEETING_YEAR]),
                                  eurostat.provenance, "sum(applicants), citizens of African partners, "
                                                       "in European partners, year == 2015"))
    return figures


# --- The national frameworks: the meeting's date and today, as the documents now record them ---

def national_frameworks(data: Tables) -> list[KeyFigure]:
    """How many African partners had a law against trafficking in persons, a law against the
    smuggling of migrants and a coordinating body on 30 November 2015, counted from the same
    documents as the update's own figures (those an update of its date may cite, some of them
    published after the meeting). An edition of the meeting's day or before has none."""
    as_of = data["rabat_partners"].provenance.get("as_of")
    day = None if as_of in (None, "latest") else dt.date.fromisoformat(as_of)
    if day is not None and day <= MEETING_DAY:
        return []
    african = sorted(partners.african_partners(data["rabat_partners"].frame))
    return frameworks.key_figures(day, african, dated_by=MEETING_DAY, keys={
        "trafficking_law": "frameworks.african.trafficking_law_2015",
        "smuggling_law": "frameworks.african.smuggling_law_2015",
        "coordinating_body": "frameworks.african.coordinating_body_2015"})
