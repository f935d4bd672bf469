"""The paper end to end, in temporary copies of the project: it builds from the raw files and from
the committed snapshots alone (the session's builds, tests/builds.py), a second run rebuilds
nothing, and each bad input stops the smallest target that meets it, clearly: a corrupt raw file
or a cut snapshot one extraction, a failing notebook its own step, an edited include one render.

Marked ``e2e``: they run make, and wait for the session's builds.
"""
from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import nbformat
import pdfplumber
import pytest
from builds import Done, clone, make

from benchmarks import build as buildbench

pytestmark = pytest.mark.e2e

#: What `make paper` writes: both editions, the French meeting paper, the technical notes.
DOCUMENTS = ["background-paper.html", "background-paper.pdf", "background-paper.docx",
             "background-paper-fr.html", "background-paper-fr.pdf", "background-paper-update.html",
             "background-paper-update.pdf", "technical-note.html", "technical-note.pdf",
             "technical-note-update.html", "technical-note-update.pdf"]


def _check_paper(result: Done, read=("background-paper", "technical-note")) -> str:
    """Every document is written, self-contained and fully resolved; returns the text (HTML and
    PDF) of the documents ``read`` (the meeting paper and its technical note)."""
    assert result.returncode == 0, result.said()
    output = result.project / "paper/_output"
    assert sorted(p.name for p in output.iterdir() if p.suffix != ".json") == sorted(DOCUMENTS)
    assert "Renderer:" in result.stdout
    tail = result.stdout[result.stdout.index("Renderer:"):]
    assert all(f"paper/_output/{name}" in tail for name in DOCUMENTS)
    texts = []
    for stem in ("background-paper", "background-paper-fr", "background-paper-update",
                 "technical-note", "technical-note-update"):
        html = (output / f"{stem}.html").read_text(encoding="utf-8")
        for unresolved in ("??", "{{<", "?@fig", "?@tbl", "?@sec", "?var:"):
            assert unresolved not in html, (stem, unresolved)
        assert not re.search(r'<(img|script|link)[^>]+(src|href)="https?://', html), stem
        with pdfplumber.open(output / f"{stem}.pdf") as pdf:
            assert len(pdf.pages) >= 2, stem
            if stem in read:  # reading a PDF's text takes seconds a page
                texts += [html, "\n".join(page.extract_text() or "" for page in pdf.pages)]
        if stem == "background-paper":
            assert re.search(r'<img[^>]+src="data:image/(svg\+xml|png)', html), "figure not embedded"
    return "\n".join(texts)


def _bound_share(project: Path) -> str:
    """The world share of sexual exploitation over 2010-2012, recomputed from the built table:
    the share the meeting paper sets beside the 2014 Global Report's."""
    import pandas as pd

    rows = pd.read_csv(project / "build/data/glotip_exploitation.csv")
    rows = rows[rows["year"].between(2010, 2012)]
    share = rows.loc[rows["category"] == "Sexual exploitation", "value"].sum() / rows["value"].sum()
    return f"{round(share * 100)}%"


def _times(project: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file() and ".venv" not in p.parts}


def test_paper_builds_from_the_raw_files_and_a_second_run_rebuilds_nothing(paper_build, raw_dir):
    project = paper_build.project
    rendered = _check_paper(paper_build)
    assert "tables from their raw files" in paper_build.stdout
    assert ("Source unodc-glotip-data-2025: raw file sources/cache/data_glotip__2025-04-14.xlsx"
            in paper_build.stdout)
    assert f"give {_bound_share(project)} for sexual exploitation" in rendered.replace("\n", " ")
    # The claims annex: the Protocols' definitions checked in their texts, the difference spelled out.
    assert ("the concept note writes “not national” for “not a national or a permanent resident” "
            "(missing “a”; missing “or a permanent resident”)") in rendered
    before = _times(project)
    again = make(project, "paper", mirror=str(raw_dir))
    assert again.returncode == 0, again.said()
    assert "Nothing to rebuild" in again.stdout
    assert "pipeline" not in again.stdout.split("Nothing to rebuild")[0]  # no step ran, no rules written
    assert _times(project) == before


def test_paper_builds_from_the_committed_snapshot_without_raw_files(snapshot_build):
    _check_paper(snapshot_build, read=())
    assert ("Source unodc-glotip-data-2025: raw file not in hand, so the committed snapshot "
            "sources/snapshot/glotip_exploitation.csv is used") in snapshot_build.stdout
    assert ("glotip_exploitation: committed snapshot (extracted from data_glotip__2025-04-14.xlsx "
            "of 2025-04-14)") in snapshot_build.stdout
    assert "treaty_provisions: committed snapshot (extracted from UNTOC_BWBV0001668.md" in snapshot_build.stdout


@pytest.fixture
def built_from_snapshots(snapshot_build, tmp_path) -> Path:
    """A copy of the session's build from the snapshots, to break."""
    assert snapshot_build.returncode == 0, snapshot_build.said()
    return clone(snapshot_build.project, tmp_path)


def test_corrupt_raw_file_stops_its_extraction_naming_source_path_and_remedy(built_from_snapshots):
    project = built_from_snapshots
    built = project / "build/data/glotip_exploitation.csv"
    good = built.read_bytes()
    (project / "sources/cache").mkdir(parents=True, exist_ok=True)
    (project / "sources/cache/data_glotip__2025-04-14.xlsx").write_bytes(b"PK\x03\x04 truncated")
    result = make(project, "build/data/glotip_exploitation.csv", mirror="")
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "unodc-glotip-data-2025" in said and "sources/cache/data_glotip__2025-04-14.xlsx" in said
    assert "delete it and fetch again (`python -m pipeline sources fetch unodc-glotip-data-2025`)" in said
    assert built.read_bytes() == good
    assert not list(built.parent.glob(".*.tmp"))


def test_missing_raw_file_without_snapshot_stops_its_extraction_clearly(tmp_path):
    project = buildbench.copy_project(tmp_path)
    (project / "sources/snapshot/glotip_exploitation.csv").unlink()
    result = make(project, "build/data/glotip_exploitation.csv", mirror="")
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "unodc-glotip-data-2025" in said and "data_glotip__2025-04-14.xlsx" in said
    assert "no committed snapshot" in said and "make snapshot" in said


def test_a_notebook_that_fails_after_writing_its_tables_is_rerun_and_never_called_good(built_from_snapshots):
    project = built_from_snapshots
    notebook = project / "notebooks/03-extract-iom.ipynb"
    document = nbformat.read(notebook, as_version=4)
    document.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("broken after writing")'))
    nbformat.write(document, notebook)
    for attempt in ("first", "second"):
        result = make(project, "build/data/iom_route_month.csv", mirror="")
        assert result.returncode != 0, f"{attempt} run after the failure: {result.stdout}"
        assert "broken after writing" in result.stderr, attempt
        assert not (project / "build/data/iom_route_month.csv").exists(), attempt
    report = subprocess.run([str(project / ".venv/bin/python"), "-m", "pipeline", "report"],
                            cwd=project, env=buildbench.make_env(), capture_output=True, text=True)
    assert report.returncode != 0
    assert "build/notebooks/03-extract-iom.failed.ipynb" in report.stderr


def test_an_edited_included_file_is_rendered_again_and_guarded(built_from_snapshots):
    project = built_from_snapshots
    paper = "paper/_output/background-paper.html"
    notes = project / "paper/_notes.md"
    notes.write_text("A first note.\n")
    index = project / "paper/index.qmd"
    index.write_text(index.read_text(encoding="utf-8") + "\n{{< include _notes.md >}}\n", encoding="utf-8")
    assert make(project, paper, mirror="").returncode == 0
    html = project / paper
    assert "A first note." in html.read_text(encoding="utf-8")
    time.sleep(1.1)  # make compares modification times at 1 s resolution on some filesystems
    notes.write_text("A second note.\n")
    result = make(project, paper, mirror="")
    assert result.returncode == 0, result.said()
    assert "A second note." in html.read_text(encoding="utf-8")
    assert result.stdout.count("pipeline render") == 1 and "pipeline.notebook" not in result.stdout
    records = json.loads((project / "build/editions/meeting/keyfigures.json").read_text())
    share = next(record for record in records if record["text"].endswith("%"))
    notes.write_text(f"A third note: {share['text']}.\n")
    result = make(project, paper, mirror="")
    assert result.returncode != 0
    assert f'paper/_notes.md:1:15: "{share["text"]}" is typed by hand' in result.stdout


def test_a_snapshot_cut_at_a_line_boundary_stops_the_build_saying_what_to_do(tmp_path):
    project = buildbench.copy_project(tmp_path)
    snapshot = project / "sources/snapshot/iom_route_month.csv"
    pinned = json.loads(snapshot.with_suffix(".provenance.json").read_text())["rows"]
    snapshot.write_text("".join(snapshot.read_text().splitlines(keepends=True)[:30]))
    result = make(project, "build/data/iom_route_month.csv", mirror="")
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "the committed snapshot of table iom_route_month is not the one its sidecar" in said
    assert f"it has 29 rows but its sidecar says {pinned}" in said
    assert "`git checkout -- sources/snapshot/iom_route_month.csv`" in said and "make snapshot" in said
    assert not (project / "build/data/iom_route_month.csv").exists()
