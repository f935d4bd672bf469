"""Touching a file makes make rebuild exactly what depends on it, and nothing else (issue 18).

`make -n` reads only the files' times, so the project need not be built: a copy whose outputs
all exist and are newer than every input is a built project to make. Each case touches one file
and lists, with `make -n --trace`, the targets make would remake; the expected ones are stated
below. Targets written together (a render's HTML, PDF and DOCX) count as one group.
"""
from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from builds import environment

from benchmarks import build as buildbench
from pipeline import paths
from pipeline.graph import steps
from pipeline.paper import editions

pytestmark = pytest.mark.e2e

RENDERS = {f"paper/_output/{name}" for name in (
    "background-paper.html", "background-paper.pdf", "background-paper.docx",
    "background-paper-fr.html", "background-paper-fr.pdf",
    "background-paper-update.html", "background-paper-update.pdf",
    "technical-note.html", "technical-note.pdf", "technical-note-update.html", "technical-note-update.pdf")}
KEY_FIGURES = {"build/editions/meeting/keyfigures.json", "build/editions/update/keyfigures.json"}

CASES = {
    # Every document (each writes its bibliography as it is staged) and the key figures, which
    # count only the national measures an edition may cite (pipeline/analysis/frameworks.py);
    # no extraction.
    "pipeline/sources/bib.py": KEY_FIGURES | RENDERS,
    # The build report is read at the end of `make paper`, by no step.
    "pipeline/paper/report.py": set(),
    # The dispatcher runs the renders; the notebooks run without it.
    "pipeline/__main__.py": RENDERS,
    # Each edition's key figures, and every document that prints them; not the claims check.
    "pipeline/analysis/keyfigures.py": KEY_FIGURES | RENDERS,
}


#: An edition of a date of its own (`make edition AS_OF=2019-06-30`).
DATED = editions.edition("at-2019-06-30")


def _groups() -> dict[str, frozenset[str]]:
    """Each output of the build (and of the dated edition) -> the outputs written with it."""
    found = {}
    for step in steps.build() + steps.edition_steps(DATED):
        group = frozenset(paths.display(output) for output in step.outputs)
        found.update(dict.fromkeys(group, group))
    return found


@pytest.fixture(scope="module")
def up_to_date(tmp_path_factory) -> tuple[Path, float]:
    """A copy of the project whose every output is newer than every input; and the inputs' time."""
    project = buildbench.copy_project(tmp_path_factory.mktemp("rebuild"))
    done = subprocess.run([str(project / ".venv/bin/python"), "-m", "pipeline", "rules", "build/rules.mk"],
                          cwd=project, env=environment(""), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    # Older than the environment, so that make does not set out to install it again.
    inputs = min((paths.ROOT / ".venv/.installed").stat().st_mtime, time.time()) - 86400
    for folder, names, files in os.walk(project):
        names[:] = [name for name in names if name != ".venv"]  # the project's own environment
        for name in files:
            os.utime(Path(folder) / name, (inputs, inputs))
    os.utime(project / "build/rules.mk", (inputs + 60, inputs + 60))
    for output in _groups():
        if DATED.name in output:
            continue  # not made yet
        (project / output).parent.mkdir(parents=True, exist_ok=True)
        (project / output).touch()
        os.utime(project / output, (inputs + 120, inputs + 120))
    return project, inputs


def _remade(project: Path, *goals: str) -> set[str]:
    """The outputs `make -n` would remake (with the targets written together with each)."""
    done = subprocess.run(["make", "--no-print-directory", "-n", "--trace", *goals], cwd=project,
                          env=environment(""), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    groups = _groups()
    traced = re.findall(r"update target '([^']+)' due to", done.stdout)
    return {output for target in traced if target in groups for output in groups[target]}


def test_nothing_changed_lists_nothing(up_to_date):
    project, _inputs = up_to_date
    assert _remade(project, "paper") == set()


@pytest.mark.parametrize("touched", CASES)
def test_touching_a_module_lists_exactly_what_depends_on_it(up_to_date, touched):
    project, inputs = up_to_date
    os.utime(project / touched)  # now
    try:
        assert _remade(project, "paper") == CASES[touched]
    finally:
        os.utime(project / touched, (inputs, inputs))


def test_a_dated_edition_makes_its_own_key_figures_figures_paper_and_technical_note(up_to_date):
    project, _inputs = up_to_date
    assert _remade(project, "edition", "AS_OF=2019-06-30") == {
        "build/editions/at-2019-06-30/keyfigures.json", "build/editions/at-2019-06-30/figures.json",
        "paper/_output/background-paper-at-2019-06-30.html", "paper/_output/background-paper-at-2019-06-30.pdf",
        "paper/_output/technical-note-at-2019-06-30.html", "paper/_output/technical-note-at-2019-06-30.pdf"}


def test_a_step_whose_declaration_changed_runs_again_with_what_reads_it(up_to_date):
    """Its command record (build/steps/<step>.cmd) changes, which make alone would not notice."""
    project, inputs = up_to_date
    declarations = project / "pipeline/graph/steps.py"
    original = declarations.read_text(encoding="utf-8")
    edited = original.replace('"suffix": "_2023"}', '"suffix": "_2023", "output_dir": "build/data"}')
    assert edited != original
    declarations.write_text(edited, encoding="utf-8")
    try:
        assert _remade(project, "paper") == {
            "build/data/glotip_exploitation_2023.csv", *KEY_FIGURES,
            "build/editions/meeting/figures.json", "build/editions/update/figures.json", *RENDERS}
    finally:
        declarations.write_text(original, encoding="utf-8")
        os.utime(declarations, (inputs, inputs))
        _remade(project, "paper")  # the rules and the step's record as they were, and as old
        for record in (project / "build/steps").glob("*.cmd"):
            os.utime(record, (inputs, inputs))
        assert _remade(project, "paper") == set()
