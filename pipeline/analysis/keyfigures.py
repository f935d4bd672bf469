"""The key figures the paper's prose cites, computed from the tidy tables.

Each function takes the tables it needs (``{name: (frame, provenance)}``, as the key-figures
notebook loads them) and returns :class:`~pipeline.analysis.variables.KeyFigure` records, whose keys the
manuscript uses in ``{{< var ... >}}``. The filter text of each record says exactly how it was
computed, for the provenance annex.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.analysis import aggregates, countries
from pipeline.analysis.variables import KeyFigure, count, key_figure, percent
from pipeline.extract import partners
from pipeline.extract.frontex import EASTERN_MED, RABAT_ROUTES
from pipeline.extract.iom import CLAIM_DESCRIPTIONS

Tables = dict[str, tuple[pd.DataFrame, dict[str, Any]]]

FORM_KEYS = {
    "Sexual exploitation": "sexual",
    "Forced labour": "forced_labour",
    "Other forms of exploitation": "other",
}


def _groups(data: Tables) -> tuple[frozenset[str], frozenset[str]]:
    rabat = data["rabat_partners"][0]
    return partners.african_partners(rabat), partners.european_partners(rabat)


def _names(data: Tables) -> dict[str, str]:
    rabat = data["rabat_partners"][0]
    return dict(zip(rabat["iso3"], rabat["country"]))


def glotip_exploitation(data: Tables) -> list[KeyFigure]:
    """Latest year's world shares by form, and the pooled 2010-2012 shares the 2014 report cites."""
    rows, provenance = data["glotip_exploitation"]
    sums = aggregates.aggregate(rows, *_groups(data))
    world = sums[sums["area"] == aggregates.WORLD]
    latest = int(world["year"].max())
    latest_rows = world[world["year"] == latest]
    total = latest_rows["value"].sum()
    countries = rows.loc[rows["year"] == latest, "country"].nunique()
    figures = [
        key_figure("glotip.latest_year", latest, str(latest), provenance, "max(year)"),
        key_figure("glotip.world.victims_latest", total, count(total), provenance,
                   f"sum(value), all countries, year == {latest}, all forms"),
        key_figure("glotip.world.countries_latest", countries, count(countries), provenance,
                   f"countries reporting a form of exploitation, year == {latest}"),
    ]
    pooled = world[world["year"].between(2010, 2012)].groupby("category")["value"].sum()
    for form, short in FORM_KEYS.items():
        share = latest_rows.loc[latest_rows["category"] == form, "value"].sum() / total
        figures.append(key_figure(f"glotip.world.share_{short}_latest", share, percent(share),
                                  provenance, f"value[{form}] / sum(value), World, year == {latest}"))
        share = pooled[form] / pooled.sum()
        figures.append(key_figure(f"glotip.world.share_{short}_2010_2012", share, percent(share),
                                  provenance, f"value[{form}] / sum(value), World, 2010 <= year <= 2012"))
    return figures


def glotip_children(data: Tables) -> list[KeyFigure]:
    """Share of children among detected victims in the latest year, by area."""
    rows, provenance = data["glotip_age"]
    shares = aggregates.children_share(rows, *_groups(data))
    latest = int(shares["year"].max())
    figures = []
    for area, key in ((aggregates.WORLD, "world"), ("Africa", "africa"), ("Europe", "europe"),
                      (aggregates.AFRICAN_PARTNERS, "african_partners"),
                      (aggregates.EUROPEAN_PARTNERS, "european_partners")):
        row = shares[(shares["area"] == area) & (shares["year"] == latest)].iloc[0]
        figures.append(key_figure(f"glotip.children.{key}_latest", row["share_children"],
                                  percent(row["share_children"]), provenance,
                                  f"children / (children + adults), {area}, year == {latest}, "
                                  "countries reporting both age groups"))
    return figures


def glotip_citizenship(data: Tables) -> list[KeyFigure]:
    """Victims detected in European partners who are citizens of African partners."""
    rows, provenance = data["glotip_citizenship"]
    flows = aggregates.african_flows(rows, _groups(data))
    names = _names(data)
    by_year = flows.groupby("year")["value"].sum()
    latest, peak = int(by_year.index.max()), int(by_year.idxmax())
    by_country = flows.groupby("citizenship_iso3")["value"].sum().sort_values(ascending=False)
    top = by_country.index[0]
    what = "citizenship attributed to an African partner, detected in European partners"
    return [
        key_figure("glotip.citizenship.latest_year", latest, str(latest), provenance, f"max(year), {what}"),
        key_figure("glotip.citizenship.victims_latest", by_year[latest], count(by_year[latest]),
                   provenance, f"sum(value), {what}, year == {latest}"),
        key_figure("glotip.citizenship.peak_year", peak, str(peak), provenance, f"argmax_year sum(value), {what}"),
        key_figure("glotip.citizenship.victims_peak", by_year[peak], count(by_year[peak]),
                   provenance, f"sum(value), {what}, year == {peak}"),
        key_figure("glotip.citizenship.victims_all_years", by_year.sum(), count(by_year.sum()),
                   provenance, f"sum(value), {what}, all years"),
        key_figure("glotip.citizenship.top_country", 0, names[top], provenance,
                   f"argmax_country sum(value), {what}, all years"),
        key_figure("glotip.citizenship.top_share", by_country[top] / by_country.sum(),
                   percent(by_country[top] / by_country.sum()), provenance,
                   f"{top} / all African partners, {what}, all years"),
    ]


def glotip_convictions(data: Tables) -> list[KeyFigure]:
    """Persons convicted of trafficking in the latest year with data, world and Rabat groups."""
    rows, provenance = data["glotip_convictions"]
    sums = aggregates.aggregate(rows, *_groups(data))
    latest = int(sums["year"].max())
    figures = [key_figure("glotip.convictions.latest_year", latest, str(latest), provenance, "max(year)")]
    for area, key in ((aggregates.WORLD, "world"), (aggregates.AFRICAN_PARTNERS, "african_partners"),
                      (aggregates.EUROPEAN_PARTNERS, "european_partners")):
        row = sums[(sums["area"] == area) & (sums["year"] == latest)].iloc[0]
        figures.append(key_figure(f"glotip.convictions.{key}_latest", row["value"], count(row["value"]),
                                  provenance, f"sum(value), {area}, year == {latest}"))
        figures.append(key_figure(f"glotip.convictions.{key}_countries_latest", row["countries"],
                                  count(row["countries"]), provenance,
                                  f"countries reporting, {area}, year == {latest}"))
    return figures


def glotip_vintages(data: Tables) -> list[KeyFigure]:
    """The last year of the 2023 export, as that export and the 2025 one give it (world, all forms)."""
    figures = []
    year = int(data["glotip_exploitation_2023"][0]["year"].max())
    figures.append(key_figure("glotip.vintage.year", year, str(year),
                              data["glotip_exploitation_2023"][1], "max(year) of the 2023 export"))
    for table, key in (("glotip_exploitation_2023", "export_2023"), ("glotip_exploitation", "export_2025")):
        rows, provenance = data[table]
        total = rows.loc[rows["year"] == year, "value"].sum()
        figures.append(key_figure(f"glotip.vintage.victims_{key}", total, count(total), provenance,
                                  f"sum(value), all countries, all forms, year == {year}"))
    return figures


def iom(data: Tables) -> list[KeyFigure]:
    """The concept note's 2015 death toll as the data now give it, and the routes' totals."""
    claims, provenance = data["iom_claims_2015"]
    figures = []
    for row in claims.itertuples():
        figures.append(key_figure(f"iom.claims.{row.claim}_{row.period}", row.dead_and_missing,
                                  count(row.dead_and_missing), provenance,
                                  f"dead and missing, {row.start} to {row.end}, "
                                  f"{CLAIM_DESCRIPTIONS[row.claim]}"))
    route_year, provenance = data["iom_route_year"]
    by_year = route_year.groupby("year")["dead_and_missing"].sum()
    for year in (2014, 2015, 2016):
        figures.append(key_figure(f"iom.routes.all_{year}", by_year[year], count(by_year[year]),
                                  provenance, f"sum(dead_and_missing), Rabat-region routes, year == {year}"))
    peak = route_year.loc[route_year["dead_and_missing"].idxmax()]
    figures += [
        key_figure("iom.routes.peak_route", 0, peak["route"], provenance, "route of max(dead_and_missing)"),
        key_figure("iom.routes.peak_year", peak["year"], str(peak["year"]), provenance,
                   "year of max(dead_and_missing)"),
        key_figure("iom.routes.peak_value", peak["dead_and_missing"], count(peak["dead_and_missing"]),
                   provenance, "max(dead_and_missing) over routes and years"),
    ]
    return figures


def unhcr(data: Tables) -> list[KeyFigure]:
    """Sea arrivals in 2015 and asylum applications by African partners' nationals."""
    monthly, provenance = data["unhcr_monthly_arrivals"]
    figures = []
    selected = aggregates.sea_arrivals(monthly)
    for year in (2014, 2015, 2016):
        total = selected.loc[selected["year"] == year, "arrivals"].sum()
        figures.append(key_figure(f"unhcr.arrivals.italy_spain_malta_{year}", total, count(total),
                                  provenance, f"sum(arrivals), {year}, "
                                  + ", ".join(label for _c, _m, label in aggregates.SEA_SERIES)))
    greece = aggregates.EASTERN_MED_ARRIVALS
    for country, mode, _ in [*aggregates.SEA_SERIES, greece]:
        rows = monthly[(monthly["country"] == country) & (monthly["mode"] == mode)
                       & (monthly["year"] == 2015)]
        context = ", Eastern Mediterranean route: context, not a Rabat route" if country == greece[0] else ""
        figures.append(key_figure(f"unhcr.arrivals.{country.lower()}_2015", rows["arrivals"].sum(),
                                  count(rows["arrivals"].sum()), provenance,
                                  f"sum(arrivals), {country} ({mode}), 2015{context}"))
    peak = selected.loc[selected["arrivals"].idxmax()]
    month = pd.Timestamp(year=int(peak["year"]), month=int(peak["month"]), day=1).strftime("%B %Y")
    figures += [
        key_figure("unhcr.arrivals.peak_month", 0, month, provenance, "month of max(arrivals)"),
        key_figure("unhcr.arrivals.peak_country", 0, peak["country"], provenance, "country of max(arrivals)"),
        key_figure("unhcr.arrivals.peak_value", peak["arrivals"], count(peak["arrivals"]), provenance,
                   "max(arrivals) over countries and months"),
    ]
    asylum, provenance = data["unhcr_asylum_partners"]
    by_year = asylum.groupby("year")["applications"].sum()
    peak_year = int(by_year.idxmax())
    in_2015 = asylum[asylum["year"] == 2015].sort_values("applications", ascending=False).iloc[0]
    what = "first-instance applications, African partners' nationals in European partners"
    figures += [
        key_figure("unhcr.asylum.total_2015", by_year[2015], count(by_year[2015]), provenance,
                   f"sum(applications), {what}, 2015"),
        key_figure("unhcr.asylum.total_2014", by_year[2014], count(by_year[2014]), provenance,
                   f"sum(applications), {what}, 2014"),
        key_figure("unhcr.asylum.peak_year", peak_year, str(peak_year), provenance, f"argmax_year, {what}"),
        key_figure("unhcr.asylum.peak_value", by_year[peak_year], count(by_year[peak_year]),
                   provenance, f"sum(applications), {what}, {peak_year}"),
        key_figure("unhcr.asylum.top_origin_2015", 0, _names(data)[in_2015["origin_iso3"]], provenance,
                   f"origin of max(applications), {what}, 2015"),
        key_figure("unhcr.asylum.top_origin_2015_value", in_2015["applications"],
                   count(in_2015["applications"]), provenance, f"applications of that origin, 2015"),
    ]
    return figures


def all_figures(data: Tables) -> list[KeyFigure]:
    return [figure for function in (rabat_partners, glotip_exploitation, glotip_children,
                                    glotip_citizenship, glotip_convictions, glotip_vintages, iom, unhcr,
                                    frontex, eurostat, ratification, policy)
            for figure in function(data)]


def rabat_partners(data: Tables) -> list[KeyFigure]:
    """How many countries the Rabat Process brings together, by side and status."""
    rabat, provenance = data["rabat_partners"]
    figures = []
    for side in ("African", "European"):
        rows = rabat[rabat["side"] == side]
        partners_only = (rows["status"] == "partner").sum()
        figures.append(key_figure(f"rabat.{side.lower()}_partners", partners_only, str(partners_only),
                                  provenance, f"side == {side}, status == partner"))
    observers = rabat.loc[rabat["status"] == "observer", "country"].tolist()
    figures.append(key_figure("rabat.observers", len(observers), " and ".join(observers), provenance,
                              "status == observer"))
    return figures


# --- The national policy record (pipeline.analysis.countries) --------------------------------

def _country_table(data: Tables) -> pd.DataFrame:
    return countries.country_table(data["rabat_partners"][0], data["tip_tiers"][0], data["tip_3p"][0],
                                   data["criminalisation"][0], data["trafficking_protocol"][0])


def _partners_only(table: pd.DataFrame, side: str) -> pd.DataFrame:
    return table[(table["side"] == side) & (table["status"] == "partner")]


def ratification(data: Tables) -> list[KeyFigure]:
    """How many partners are party to the Trafficking Protocol in the sources, and who is not."""
    table, provenance = _country_table(data), data["trafficking_protocol"][1]
    latest = pd.Timestamp(data["trafficking_protocol"][0]["hti_consent"].dropna().max())
    parties = set(countries.PARTIES.values())
    figures = [key_figure("ratification.hti_latest_date", latest.year, f"{latest.day} {latest:%B %Y}",
                          provenance, "max(hti_consent): the latest consent HTI records")]
    for side in ("African", "European"):
        rows = _partners_only(table, side)
        party = rows["protocol"].isin(parties)
        what = f"{side} partners (observers left out) whose protocol is one of {sorted(parties)}"
        figures.append(key_figure(f"ratification.{side.lower()}_partners_parties", party.sum(),
                                  count(party.sum()), provenance, what + " (HTI, else Kelley-Simmons)"))
        others = rows.loc[~party, "country"].tolist()
        figures.append(key_figure(f"ratification.{side.lower()}_partners_not_parties", len(others),
                                  _and(others) or "none", provenance, f"{side} partners not among them"))
    return figures


def policy(data: Tables) -> list[KeyFigure]:
    """The 2015 TIP tiers of the African partners, their direction since 2010, and the mean 3P
    score of the latest year on each side."""
    table = _country_table(data)
    tiers, scores = data["tip_tiers"][1], data["tip_3p"][1]
    african = _partners_only(table, "African")
    figures = []
    for placement, key in (("Tier 1", "tier_1"), ("Tier 2", "tier_2"), ("Tier 2 Watch List", "watch_list"),
                           ("Tier 3", "tier_3")):
        number = (african["tier_2015"] == placement).sum()
        figures.append(key_figure(f"policy.tiers_2015.african_{key}", number, count(number), tiers,
                                  f"African partners, report_year == 2015, placement == {placement}"))
    untiered = african.loc[~african["tier_2015"].isin(countries.TIER_ORDER), "country"].tolist()
    figures.append(key_figure("policy.tiers_2015.african_untiered", len(untiered), _and(untiered) or "none",
                              tiers, "African partners without a tier in the 2015 report"))
    for direction in ("up", "down", "same"):
        number = (african["direction"] == direction).sum()
        figures.append(key_figure(f"policy.tiers_since_2010.african_{direction}", number, count(number), tiers,
                                  f"African partners whose tier went {direction} from the 2010 to the 2015 report"))
    year = int(table["three_p_year"].max())
    figures.append(key_figure("policy.three_p.latest_year", year, str(year), scores, "max(year) with a 3P total"))
    for side in ("African", "European"):
        rows = _partners_only(table, side)
        rows = rows[rows["three_p_year"] == year]
        mean = rows["three_p"].astype(float).mean()
        figures.append(key_figure(f"policy.three_p.{side.lower()}_mean_latest", mean, f"{mean:.1f}", scores,
                                  f"mean(total), {side} partners, year == {year} ({len(rows)} countries)"))
        figures.append(key_figure(f"policy.three_p.{side.lower()}_countries_latest", len(rows), count(len(rows)),
                                  scores, f"{side} partners with a 3P total, year == {year}"))
    return figures


def _and(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
#: Frontex's route names -> the part of the key figures' keys that names them.
ROUTE_KEYS = {route: route.removesuffix(" Route").lower().replace(" ", "_")
              for route in [*RABAT_ROUTES, EASTERN_MED]}
#: The years the prose speaks of: the two before the meeting.
SMUGGLING_YEARS = (2014, 2015)


def _leading(figures: list[KeyFigure], prefix: str, ranked: pd.Series, names: dict[str, str],
             unit: str, provenance: dict[str, Any], what: str) -> None:
    """Keys ``<prefix>_<rank>`` (the country's name) and ``<prefix>_<rank>_<unit>`` (its count)."""
    for rank, (code, value) in enumerate(ranked.items(), start=1):
        figures.append(key_figure(f"{prefix}_{rank}", 0, names[code], provenance,
                                  f"rank {rank} by {unit}, {what}"))
        figures.append(key_figure(f"{prefix}_{rank}_{unit}", value, count(value), provenance,
                                  f"{unit} of {code}, {what}"))


def frontex(data: Tables) -> list[KeyFigure]:
    """Detections on the Rabat routes in 2014 and 2015: by route, the share and the leading
    nationalities of African partners' nationals; the Eastern Mediterranean route for context."""
    detections, provenance = data["frontex_detections"]
    african, _european = _groups(data)
    by_route = aggregates.detections_by_route_year(detections)
    by_year = by_route.groupby("year")["detections"].sum()
    nationals = aggregates.african_partner_detections(detections, african)
    routes = "routes " + ", ".join(RABAT_ROUTES)
    end = aggregates.last_month(detections)
    peak = int(by_year.idxmax())
    figures = [
        key_figure("frontex.last_month", 0, end.strftime("%B %Y"), provenance,
                   "last month with a detection"),
        key_figure("frontex.rabat_routes.peak_year", peak, str(peak), provenance,
                   f"argmax_year sum(detections), {routes}"),
        key_figure("frontex.rabat_routes.peak_detections", by_year[peak], count(by_year[peak]),
                   provenance, f"sum(detections), {routes}, year == {peak}"),
    ]
    for year in SMUGGLING_YEARS:
        total = by_year[year]
        figures.append(key_figure(f"frontex.rabat_routes.detections_{year}", total, count(total),
                                  provenance, f"sum(detections), {routes}, year == {year}"))
        for row in by_route[by_route["year"] == year].itertuples():
            figures.append(key_figure(f"frontex.routes.{ROUTE_KEYS[row.route]}.detections_{year}",
                                      row.detections, count(row.detections), provenance,
                                      f"sum(detections), route == {row.route}, year == {year}"))
        of_partners = nationals.loc[nationals["year"] == year, "detections"].sum()
        what = f"nationality in African partners, {routes}, year == {year}"
        figures += [
            key_figure(f"frontex.rabat_routes.african_partners_{year}", of_partners,
                       count(of_partners), provenance, f"sum(detections), {what}"),
            key_figure(f"frontex.rabat_routes.african_partners_share_{year}", of_partners / total,
                       percent(of_partners / total), provenance,
                       f"sum(detections), {what} / all nationalities"),
        ]
        _leading(figures, f"frontex.rabat_routes.african_nationality_{year}",
                 aggregates.leading(nationals, year, "nationality", "detections"), _names(data),
                 "detections", provenance, what)
    route_month, provenance = data["frontex_route_month"]
    for year in SMUGGLING_YEARS:
        rows = route_month[route_month["year"] == year]
        eastern = rows.loc[rows["route"] == EASTERN_MED, "detections"].sum()
        figures += [
            key_figure(f"frontex.routes.{ROUTE_KEYS[EASTERN_MED]}.detections_{year}", eastern,
                       count(eastern), provenance, f"sum(detections), route == {EASTERN_MED} "
                       f"(not a Rabat route: context), year == {year}"),
            key_figure(f"frontex.all_routes.detections_{year}", rows["detections"].sum(),
                       count(rows["detections"].sum()), provenance,
                       f"sum(detections), all routes, year == {year}"),
        ]
    return figures


def eurostat(data: Tables) -> list[KeyFigure]:
    """Asylum applicants who are citizens of African partners, in the European partners (the
    sum of their own rows), in 2014 and 2015: how many, their share, the leading citizenships."""
    applicants, provenance = data["eurostat_asylum_applicants"]
    totals, totals_provenance = data["eurostat_asylum_totals"]
    african, european = _groups(data)
    nationals = applicants[applicants["citizenship"].isin(african)]
    by_year = aggregates.applicants_in_partners(nationals, european)
    everyone = aggregates.applicants_in_partners(totals, european)
    in_partners = nationals[nationals["reporting_country"].isin(european)]
    what = "all asylum applicants, citizens of African partners, in European partners"
    peak = int(by_year.idxmax())
    figures = [
        key_figure("eurostat.african_partners.peak_year", peak, str(peak), provenance,
                   f"argmax_year sum(applicants), {what}"),
        key_figure("eurostat.african_partners.peak_applicants", by_year[peak], count(by_year[peak]),
                   provenance, f"sum(applicants), {what}, year == {peak}"),
    ]
    for year in SMUGGLING_YEARS:
        share = by_year[year] / everyone[year]
        figures += [
            key_figure(f"eurostat.african_partners.applicants_{year}", by_year[year],
                       count(by_year[year]), provenance, f"sum(applicants), {what}, year == {year}"),
            key_figure(f"eurostat.african_partners.share_{year}", share, percent(share), provenance,
                       f"sum(applicants), {what} / all citizenships (eurostat_asylum_totals), "
                       f"year == {year}"),
            key_figure(f"eurostat.all_citizenships.applicants_{year}", everyone[year],
                       count(everyone[year]), totals_provenance,
                       f"sum(applicants), all citizenships, in European partners, year == {year}"),
        ]
        _leading(figures, f"eurostat.african_partners.citizenship_{year}",
                 aggregates.leading(in_partners, year, "citizenship", "applicants"), _names(data),
                 "applicants", provenance, f"{what}, year == {year}")
    return figures
