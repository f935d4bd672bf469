"""A new language is its locale record, its label catalogue and its manuscript, and nothing else:
a Portuguese document (the meeting is in Porto) goes through the same staging, guard and
fallback render as the paper, and no module outside the locale code compares a language code."""
from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_bib import REGISTRY
from test_editions import visible_text

from pipeline import language, paths, tables
from pipeline.analysis import variables
from pipeline.paper import guard, render, stage
from pipeline.paper.editions import Document, Edition

FIXTURES = Path(__file__).parent / "fixtures" / "portuguese"
PROVENANCE = {"table": "t", "sources": [], "as_of": "2015-11-30"}
FIGURES = [
    variables.key_figure("glotip.world.share_sexual_latest", variables.percent(0.494), PROVENANCE, "f"),
    variables.key_figure("frontex.rabat_routes.detections_2015", variables.count(161824), PROVENANCE, "f"),
    variables.key_figure("frontex.through_2015", variables.month(dt.date(2015, 12, 1)), PROVENANCE, "f"),
    variables.key_figure("frontex.rabat_routes.african_nationalities_2015",
                         variables.labels(["country.NGA", "country.GHA"]), PROVENANCE, "f"),
    variables.key_figure("frontex.as_of", variables.date(dt.date(2015, 11, 30)), PROVENANCE, "f"),
]
PORTO = Edition("porto", "2015-11-30", dt.date(2015, 11, 30), "meeting",
                {("pt", "paper"): Document("index-pt.qmd", "background-paper-pt", ("html",))})


@pytest.fixture
def portuguese(tmp_path, monkeypatch) -> Path:
    """The paper's languages and Portuguese, from fixtures; a paper folder with its manuscript."""
    for folder, fixture in (("locales", "pt.yml"), ("labels", "labels-pt.yml")):
        shutil.copytree(paths.PAPER / folder, tmp_path / folder)
        shutil.copy(FIXTURES / fixture, tmp_path / folder / "pt.yml")
    monkeypatch.setattr(language, "LOCALES", tmp_path / "locales")
    monkeypatch.setattr(language, "LABELS", tmp_path / "labels")
    paper = tmp_path / "paper"
    for name in stage.PROJECT_FILES:
        (paper / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(paths.PAPER / name, paper / name)
    # The edition's profile without the paper's key messages (they bind the paper's key figures).
    (paper / f"_quarto-{PORTO.profile}.yml").write_text('subtitle: "Para a reunião"\n', encoding="utf-8")
    shutil.copy(FIXTURES / "index-pt.qmd", paper)
    tables.write(pd.DataFrame({"year": [2015], "value": [161824]}), tmp_path / "data" / "t.csv", PROVENANCE)
    return tmp_path


def _stage(root: Path) -> Path:
    build = root / "build"
    variables.write(FIGURES, stage.keyfigures_file(PORTO, build))
    (root / "registry.yml").write_text(REGISTRY, encoding="utf-8")
    return stage.stage(PORTO, "pt", "paper", paper=root / "paper", data=root / "data", build=build,
                       figures_root=root / "figures", sources=root / "registry.yml")


def _guard(root: Path, staged: Path) -> int:
    return guard.main([str(root / "paper" / "index-pt.qmd"), "--data", str(root / "data"),
                       "--variables", str(staged.parent / "_variables.provenance.json"),
                       "--generated", str(staged.parent / "_generated"), "--strings"])


def test_a_portuguese_document_is_staged_guarded_and_rendered_the_portuguese_way(portuguese, capsys):
    staged = _stage(portuguese)
    assert "detections_2015: '161.824'" in (staged.parent / "_variables.yml").read_text(encoding="utf-8")
    assert _guard(portuguese, staged) == 0, capsys.readouterr().out  # "3 e 4 de dezembro de 2015", "art. 3"
    result = render.render(staged.parent, portuguese / "out", ("html",), engine="pandoc",
                           manuscript="index-pt.qmd", stem="background-paper-pt", profiles=("meeting",),
                           metadata={"date": "2015-11-30"})
    html = result.outputs["html"].read_text(encoding="utf-8")
    text = " ".join(visible_text(result.outputs["html"]).split())
    assert 'lang="pt-PT"' in html
    for written in ("49% foram exploradas", "Foram detetadas 161.824 passagens até dezembro de 2015",
                    "nacionais de Nigéria e Gana", "os dados são de 30 de novembro de 2015",
                    "novembro de 2015",  # the edition's date, as date-format writes it in Portuguese
                    "Índice",  # the locale record's words for the fallback's table of contents
                    "Viena"):  # the bibliography names the place as the locale record does
        assert written in text, written


def test_a_number_typed_by_hand_in_portuguese_fails_the_guard(portuguese, capsys):
    staged = _stage(portuguese)
    with (portuguese / "paper" / "index-pt.qmd").open("a", encoding="utf-8") as manuscript:
        manuscript.write("\nForam 161.824 passagens.\n")
    assert _guard(portuguese, staged) == 1
    assert '"161.824" is typed by hand' in capsys.readouterr().out


# --- No language code compared outside the locale code -------------------------------------------

CODES = {"en", "fr"}


def _compared_codes(path: Path) -> list[str]:
    """Where ``path`` compares a language code, or looks a value up by one: ``lang == "en"``,
    ``lang in ("en", "fr")``, ``{"en": ..., "fr": ...}``, ``MONTHS["fr"]``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        constants = []
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                constants += operand.elts if isinstance(operand, (ast.Tuple, ast.List, ast.Set)) else [operand]
        elif isinstance(node, ast.Dict):
            constants = [key for key in node.keys if key is not None]
        elif isinstance(node, ast.Subscript):
            constants = [node.slice]
        if any(isinstance(c, ast.Constant) and c.value in CODES for c in constants):
            found.append(f"{paths.display(path)}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_no_module_outside_the_locale_code_compares_a_language_code():
    modules = [path for path in sorted((paths.ROOT / "pipeline").rglob("*.py"))
               if path != paths.ROOT / "pipeline" / "language.py"]
    assert [line for path in modules for line in _compared_codes(path)] == []
    lua = re.compile(r"""(?:==|~=)\s*["'](?:en|fr)["']|\b(?:en|fr)\s*=\s*\{|\.(?:en|fr)\b""")
    filters = [f"{paths.display(path)}:{n}: {line.strip()}" for path in sorted((paths.PAPER / "filters").glob("*.lua"))
               for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if lua.search(line)]
    assert filters == []


def test_the_grep_finds_a_comparison_a_lookup_and_a_table_of_languages(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('if lang == "en":\n    pass\nNAMES = {"fr": 1}\nx = NAMES["fr"]\ny = lang in ("en", "fr")\n')
    assert [line.split(": ")[0].rsplit(":", 1)[1] for line in _compared_codes(sample)] == ["1", "3", "4", "5"]
