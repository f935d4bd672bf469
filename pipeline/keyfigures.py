"""The key figures the paper's prose cites, computed from the tidy tables."""
from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline import glotip
from pipeline.variables import KeyFigure, count, key_figure, percent

FORM_KEYS = {
    "Sexual exploitation": "sexual",
    "Forced labour": "forced_labour",
    "Other forms of exploitation": "other",
}


def glotip_exploitation(tidy: pd.DataFrame, provenance: dict[str, Any]) -> list[KeyFigure]:
    """Latest year's world shares by form, and the pooled 2010-2012 shares the 2014 report cites."""
    world = tidy[tidy["area"] == glotip.WORLD]
    latest = int(world["year"].max())
    figures = [key_figure("glotip.latest_year", latest, str(latest), provenance, "max(year), World")]
    latest_rows = world[world["year"] == latest]
    total = latest_rows["value"].sum()
    figures.append(key_figure("glotip.world.victims_latest", total, count(total), provenance,
                              f"sum(value), World, year == {latest}, all forms"))
    pooled = world[world["year"].between(2010, 2012)].groupby("form")["value"].sum()
    for form, short in FORM_KEYS.items():
        share = latest_rows.loc[latest_rows["form"] == form, "value"].sum() / total
        figures.append(key_figure(f"glotip.world.share_{short}_latest", share, percent(share),
                                  provenance, f"value[{form}] / sum(value), World, year == {latest}"))
        share = pooled[form] / pooled.sum()
        figures.append(key_figure(f"glotip.world.share_{short}_2010_2012", share, percent(share),
                                  provenance, f"value[{form}] / sum(value), World, 2010 <= year <= 2012"))
    return figures
