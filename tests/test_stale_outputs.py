"""No stale outputs (issue 25, H4): what a step no longer writes is removed when it runs, so an
incremental build equals a clean one. A renamed figure left the French paper rendering the old,
uncorrected file and the technical note listing both."""
from __future__ import annotations

from collections import defaultdict

import pandas as pd
from test_third_language import PORTO, _stage, portuguese  # noqa: F401 (a fixture)

from pipeline import atomic
from pipeline.figures import charts, style
from pipeline.paper import companion
from pipeline.tables import Table

CHARTS = ("exploitation_shares", "children_share", "african_citizens_in_europe", "frontex_detections_by_route",
          "frontex_african_nationalities", "dead_missing_by_route", "sea_arrivals_by_month", "asylum_applications",
          "vintages")


def _draw_with(monkeypatch, folder, detections: str) -> list[str]:
    """charts.draw_all, each chart drawn as a small figure of its own name; the detections chart
    named ``detections``."""
    def chart(name):
        def draw(*args):
            fig, ax = style.figure()
            ax.plot([0, 1], [0, 1])
            return style.save(fig, name, f"Source: {name}.", {"filter": name}, args[-1])
        return draw

    for function in CHARTS:
        monkeypatch.setattr(charts, function, chart(detections if function == "frontex_detections_by_route"
                                                    else function.replace("_", "-")))
    monkeypatch.setattr(charts.aggregates, "rabat_route_months", lambda data: None)
    no_italy = Table(pd.DataFrame(), {})  # an edition without Italy's ministry series
    saved = charts.draw_all(defaultdict(lambda: no_italy), ((), ()), "pt", folder, with_vintages=True)
    return sorted(outputs["svg"].name for outputs in saved)


def test_a_renamed_figure_is_gone_from_its_folder_the_staged_project_and_the_technical_note(
        portuguese, monkeypatch):  # noqa: F811
    drawn = PORTO.figures("pt", portuguese / "figures")
    assert "frontex-routes.svg" in _draw_with(monkeypatch, drawn, "frontex-routes")
    staged = _stage(portuguese).parent
    assert (staged / "figures" / "frontex-routes.svg").is_file()

    assert "frontex-detections-routes.svg" in _draw_with(monkeypatch, drawn, "frontex-detections-routes")
    staged = _stage(portuguese).parent
    for folder in (drawn, staged / "figures"):
        assert not list(folder.glob("frontex-routes.*")), folder
        assert (folder / "frontex-detections-routes.svg").is_file()
    rows = [line for line in companion.figures_annex(drawn).splitlines() if line.startswith("| ")][1:]
    assert len(rows) == len(CHARTS)  # the note lists each figure once, the renamed one under its new name


def test_a_staged_project_keeps_only_what_its_staging_wrote(portuguese):  # noqa: F811
    staged = _stage(portuguese).parent
    (staged / "_generated").mkdir(exist_ok=True)
    (staged / "_generated" / "sources.md").write_text("an annex no longer made\n", encoding="utf-8")
    (staged / "_part-dropped.md").write_text("an include the manuscript no longer has\n", encoding="utf-8")
    (staged / ".quarto").mkdir()
    (staged / ".quarto" / "cache").write_text("Quarto's own\n", encoding="utf-8")
    _stage(portuguese)
    assert not (staged / "_generated").exists() and not (staged / "_part-dropped.md").exists()
    assert (staged / ".quarto" / "cache").is_file() and (staged / "index-pt.qmd").is_file()


def test_remove_stale_keeps_what_was_written_and_hidden_temporaries(tmp_path):
    for name in ("a.svg", "b.svg", "sub/c.svg", ".a.svg.123.x.tmp"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    removed = atomic.remove_stale(tmp_path, [tmp_path / "a.svg"])
    assert sorted(path.name for path in removed) == ["b.svg", "c.svg"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [".a.svg.123.x.tmp", "a.svg"]
