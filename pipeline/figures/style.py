"""The house style of every figure, and the one way figures are saved.

One look for all figures (colour-blind-safe Okabe-Ito palette, a source line under each plot)
and byte-for-byte reproducible files: SVG ids are salted with a constant and no dates or
software versions are written into SVG or PNG metadata.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

from pipeline import atomic, paths  # noqa: E402

#: Okabe & Ito (2008), safe for the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

RC = {
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False,
    "svg.hashsalt": "thb-background-paper",
    "svg.fonttype": "path",
}
matplotlib.rcParams.update(RC)


def figure(**kwargs: Any) -> tuple[plt.Figure, plt.Axes]:
    """A new figure and axes in the house style (applied to matplotlib when this module loads)."""
    return plt.subplots(layout="constrained", **kwargs)


def save(fig: plt.Figure, figure_id: str, source_line: str, provenance: dict[str, Any],
         folder: Path = paths.FIGURES) -> dict[str, Path]:
    """Write ``<id>.svg``, ``<id>.png`` and ``<id>.json`` (provenance) atomically."""
    width_chars = int(fig.get_figwidth() * 17)  # about 17 characters an inch at 7.5 pt
    fig.text(0.0, -0.01, textwrap.fill(source_line, width_chars), ha="left", va="top",
             fontsize=7.5, color="#555555", transform=fig.transFigure)
    outputs = {}
    for fmt, metadata in (("svg", {"Date": None, "Creator": None}), ("png", {"Software": None})):
        destination = folder / f"{figure_id}.{fmt}"
        with atomic.atomic_path(destination) as tmp:
            fig.savefig(tmp, format=fmt, metadata=metadata, bbox_inches="tight", pad_inches=0.15)
        outputs[fmt] = destination
    plt.close(fig)
    record = {"figure": figure_id, "source_line": source_line, **provenance}
    outputs["json"] = folder / f"{figure_id}.json"
    atomic.write_text(outputs["json"], json.dumps(record, indent=2, sort_keys=True) + "\n")
    return outputs
