"""The paper's trend figures, each a function from a tidy table to a saved figure."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib.ticker as mticker
import pandas as pd

from pipeline import glotip, paths, registry, style


def _source_line(provenance: dict[str, Any], note: str) -> str:
    source = registry.get(provenance["source_id"])
    return f"Source: {source.producer}, {source.title} ({provenance['file']}). {note}"


def exploitation_shares(tidy: pd.DataFrame, provenance: dict[str, Any],
                        folder: Path = paths.FIGURES) -> dict[str, Path]:
    """Share of detected victims by form of exploitation, world, per year."""
    shares = glotip.shares(tidy)
    fig, ax = style.figure()
    for form in glotip.FORMS:
        ax.plot(shares.index, shares[form] * 100, marker="o", markersize=3, linewidth=1.8,
                label=form)
    ax.set_title("Detected victims of trafficking by form of exploitation, world")
    ax.set_ylabel("Share of detected victims (%)")
    ax.set_ylim(0, 100)
    ax.xaxis.set_major_locator(mticker.MultipleLocator(2))
    ax.legend(loc="upper right", ncols=3, fontsize=8.5)
    note = ("Sum over the countries reporting each year (their number varies); "
            "counts published as \"<5\" taken as 0.")
    return style.save(fig, "glotip-exploitation-shares", _source_line(provenance, note),
                      {"inputs": [provenance], "filter": "area == 'World'"}, folder)
