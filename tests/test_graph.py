"""The build graph comes from the code's own declarations (pipeline/graph): each step's code is
what it really imports, at any depth, with the files those modules read; the steps are declared
once; the Makefile holds no copy of either."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from benchmarks import build as buildbench
from pipeline import paths
from pipeline.graph import code, makefile, steps
from pipeline.paper import editions
from pipeline.sources import registry


def _project(tmp_path: Path) -> Path:
    """A small project: a package whose modules import each other in every way Python allows."""
    files = {
        "pipeline/__init__.py": "",
        "pipeline/paths.py": "",
        "pipeline/base.py": "from pipeline import paths\nLABELS = paths.LABELS\n",
        "pipeline/stage/__init__.py": "from pipeline.stage.step import run\n",
        "pipeline/stage/step.py": "from . import helper\n\ndef run():\n    from pipeline import late\n",
        "pipeline/stage/helper.py": "import os\nfrom pipeline.base import LABELS\n",
        "pipeline/late.py": "from pipeline.paths import FACTS\n",
        "pipeline/unused.py": "import pipeline.base\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    for name in ("sources/facts/a.csv", "sources/facts/b.csv", "sources/facts/README.md",
                 "paper/labels/en.yml", "paper/locales/en.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    return tmp_path


def _notebook(path: Path, *cells: str) -> Path:
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells]), path)
    return path


def _names(files, root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in files)


def test_a_step_s_code_is_every_module_its_notebook_imports_at_any_depth_and_the_files_they_read(tmp_path):
    root = _project(tmp_path)
    notebook = _notebook(root / "step.ipynb", "%matplotlib inline\nfrom pipeline.stage import helper", "1 + 1")
    assert _names(code.code_files([], notebook, root), root) == [
        "paper/labels/en.yml",  # pipeline.paths.LABELS, named by base.py: the catalogues, not the locales
        "pipeline/__init__.py", "pipeline/base.py", "pipeline/late.py", "pipeline/paths.py",
        "pipeline/stage/__init__.py",  # importing pipeline.stage.helper runs the package's __init__,
        "pipeline/stage/helper.py", "pipeline/stage/step.py",  # which imports step, which imports
        "sources/facts/a.csv", "sources/facts/b.csv",  # late inside a function: FACTS, its tables
    ]


def test_an_import_of_a_module_that_does_not_exist_names_the_file_and_line(tmp_path):
    root = _project(tmp_path)
    notebook = _notebook(root / "step.ipynb", "import pandas", "from pipeline import base\nimport pipeline.gone")
    with pytest.raises(code.GraphError, match=r"step.ipynb \(cell 2\):2: imports pipeline.gone, which is no module"):
        code.code_files([], notebook, root)


def test_every_path_of_pipeline_paths_says_what_a_module_naming_it_reads():
    constants = {name for name in dir(paths) if name.isupper() and isinstance(getattr(paths, name), Path)}
    assert constants == set(code.INPUTS) | set(code.DECLARED)
    assert not set(code.INPUTS) & set(code.DECLARED)


def test_the_wrong_edges_of_the_hand_written_makefile_are_gone():
    """The claims check does not read the key figures, nothing rendered imports the build report,
    and no notebook runs through the dispatcher (pipeline/__main__.py)."""
    build = steps.build()
    claims = next(step for step in build if isinstance(step, steps.Notebook) and step.outputs == (steps.CLAIMS,))
    assert not [path for path in makefile.code_of(claims) | set(claims.reads) if "keyfigures" in path.name]
    renders = [step for step in build if isinstance(step, steps.Command) and step.command == "render"]
    assert renders and all(paths.ROOT / "pipeline/paper/report.py" not in makefile.code_of(step) for step in renders)
    assert all(paths.ROOT / "pipeline/__main__.py" in makefile.code_of(step) for step in renders)
    notebooks = [step for step in build if isinstance(step, steps.Notebook)]
    assert all(paths.ROOT / "pipeline/__main__.py" not in makefile.code_of(step) for step in notebooks)


def test_each_extraction_declares_the_step_and_sources_its_tables_snapshots_record():
    """The committed snapshots' sidecars say which notebook made each table from which sources."""
    sources = registry.load()
    for step in steps.EXTRACTIONS:
        recorded = set()
        for name in step.snapshots:
            sidecar = json.loads((paths.SNAPSHOT / f"{name}.provenance.json").read_text(encoding="utf-8"))
            assert sidecar["step"] == step.notebook, name
            recorded |= {source["id"] for source in sidecar["sources"]}
        assert recorded == set(step.sources), step.record
        assert all(sources[source_id].file for source_id in step.sources), step.record


def test_the_build_renders_exactly_the_documents_the_editions_define():
    defined = {paths.PAPER_OUTPUT / f"{document.stem}.{fmt}" for edition in editions.EDITIONS.values()
               for document in edition.documents.values() for fmt in document.formats}
    rendered = [output for step in steps.build() if isinstance(step, steps.Command) and step.command == "render"
                for output in step.outputs]
    assert sorted(rendered) == sorted(defined)


def test_a_dated_edition_renders_its_paper_and_its_technical_note():
    dated = steps.edition_steps(editions.edition("at-2019-06-30"))
    assert sorted(output.name for step in dated if isinstance(step, steps.Command) for output in step.outputs) == [
        "background-paper-at-2019-06-30.html", "background-paper-at-2019-06-30.pdf",
        "technical-note-at-2019-06-30.html", "technical-note-at-2019-06-30.pdf"]


def test_a_paper_and_its_technical_note_depend_on_the_statements_and_the_note_on_the_papers():
    """A paper's render checks its statements (paper/statements.yml, the predicates) before it
    renders; the technical note lists those of its edition's papers, in every language."""
    renders = {step.outputs[0].name: step for step in steps.documents(editions.MEETING)}
    for name in ("background-paper.html", "technical-note.html"):
        code_read = makefile.code_of(renders[name])
        assert {paths.STATEMENTS, paths.ROOT / "pipeline/analysis/statements.py"} <= code_read, name
    assert {paths.PAPER / "index.qmd", paths.PAPER / "index-fr.qmd"} <= set(renders["technical-note.html"].reads)
    assert paths.PAPER / "technical-note.qmd" not in renders["background-paper.html"].reads


def test_the_makefile_holds_no_list_of_modules_and_no_copy_of_the_editions():
    lines = [line for line in (paths.ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
             if not line.lstrip().startswith("#")]
    text = "\n".join(lines)
    assert re.findall(r"[\w/.-]+\.(?:py|ipynb)\b", text) == []  # a glob (notebooks/*.ipynb) lists nothing
    copies = r"\b(?:EDITIONS|LANGUAGES_\w+|AS_OF_\w+|AGGREGATES|ALL_TABLES|\w+_RAW|\w+_CODE)\s*[:+]?="
    assert re.findall(copies, text) == []
    assert re.findall(r"build/(?:data|editions)/|_output/[\w-]+\.", text) == []


def test_a_notebook_parameter_reaches_the_runner_as_the_value_declared():
    glotip_2023 = next(step for step in steps.EXTRACTIONS if step.record == "02-extract-glotip-2023")
    assert makefile.recipe(glotip_2023).endswith(
        """-p source_id '"unodc-glotip-data-2023"' -p tables '["exploitation"]' -p suffix '"_2023"'""")


def test_make_and_make_help_list_the_targets_without_an_environment_or_a_build_graph(tmp_path):
    """On a fresh clone, before `make setup`: help needs no .venv, and writes nothing."""
    project = buildbench.copy_project(tmp_path)
    (project / ".venv").unlink()
    for goal in (["help"], []):  # help is the default goal
        done = subprocess.run(["make", "--no-print-directory", *goal], cwd=project, env=buildbench.make_env(),
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("  make help       List the targets\n")
        assert "  make paper      Build both editions" in done.stdout
    assert not (project / "build").exists() and not (project / ".venv").exists()


def test_a_cell_that_is_not_python_names_the_notebook_cell_and_line(tmp_path):
    root = _project(tmp_path)
    notebook = _notebook(root / "step.ipynb", "import pipeline.base", "x = 1\ny = (")
    with pytest.raises(code.GraphError, match=r"step.ipynb \(cell 2\):2: "):
        code.code_files([], notebook, root)
