"""The house style of every figure, and the one way figures are saved.

One look for all figures (colour-blind-safe Okabe-Ito palette, a source line under each plot)
and byte-for-byte reproducible files: SVG ids are salted with a constant and no dates or
software versions are written into SVG or PNG metadata.
"""
from __future__ import annotations

import io
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
    # Drawn at the size they are printed (within the A4 text block, 6.3 in wide) and legible at
    # a phone's width (390 px), where a 4.8-inch figure is shown at three quarters of its size:
    # its 10.5 pt text is then about 10 px high, its 9 pt source line 9 px.
    "figure.figsize": (4.8, 3.3),
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "font.family": "DejaVu Sans",
    "font.size": 10.5,
    "axes.titlesize": 11.5,
    "legend.fontsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False,
    "svg.hashsalt": "thb-background-paper",
    "svg.fonttype": "path",
    # Titles, labels and source lines come from the catalogues and the data: text, never
    # matplotlib's mathtext ("$x^2$" is printed as written, as in the paper's tables).
    "text.parse_math": False,
}
matplotlib.rcParams.update(RC)


def figure(**kwargs: Any) -> tuple[plt.Figure, plt.Axes]:
    """A new figure and axes in the house style (applied to matplotlib when this module loads)."""
    return plt.subplots(layout="constrained", **kwargs)


def preview(png: Path, width: int = 800) -> bytes:
    """A small copy of a figure's PNG (48 colours) for a notebook to show inline: the drawn
    files stay as they are, and a notebook that shows eight figures stays light in git."""
    from PIL import Image as PILImage

    with PILImage.open(png) as image:
        height = round(image.height * width / image.width)
        small = image.convert("RGB").resize((width, height), PILImage.LANCZOS).quantize(colors=48)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def header(ax: plt.Axes, title: str) -> None:
    """The title, then the legend in rows between it and the plot (as OWID's charts have it):
    the legend never hides a line or a bar, and the source line keeps the foot to itself."""
    fig = ax.figure
    fig.suptitle(title, x=0.01, ha="left", fontsize=RC["axes.titlesize"], fontweight="bold")
    labels = ax.get_legend_handles_labels()[1]
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncols=_columns(labels, fig.get_figwidth()),
              borderaxespad=0)


def _columns(labels: list[str], width: float) -> int:
    """The most columns (up to three) whose labels fit in the figure's width, split as matplotlib
    splits them (the first columns take one more), so that a long legend never narrows the plot."""
    char, handle = 0.08, 0.6  # inches: a character of the legend's type, a key and its gaps
    for ncols in (3, 2):
        sizes = [len(labels) // ncols + (column < len(labels) % ncols) for column in range(ncols)]
        starts = [sum(sizes[:column]) for column in range(ncols)]
        columns = [labels[start:start + size] for start, size in zip(starts, sizes) if size]
        if sum(max(map(len, column)) * char + handle for column in columns) <= 0.95 * width:
            return ncols
    return 1


def save(fig: plt.Figure, figure_id: str, source_line: str, provenance: dict[str, Any],
         folder: Path = paths.FIGURES) -> dict[str, Path]:
    """Write ``<id>.svg``, ``<id>.png`` and ``<id>.json`` (provenance) atomically."""
    width_chars = int(fig.get_figwidth() * 14)  # about 14 characters an inch at 9 pt
    fig.text(0.0, -0.01, textwrap.fill(source_line, width_chars), ha="left", va="top",
             fontsize=9, color="#555555", transform=fig.transFigure)
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
