"""The package tree is the data flow: imports point down the flow only (pipeline/__init__.py).

A later stage may import an earlier one (analysis may use extract), never the reverse, so that a
newcomer can read the stages in order and a change to the paper cannot reach back into how the
data were read. The basics (paths, errors, atomic writes, number parsing, the text matching key,
tidy tables, the notebook runner, the command line's plumbing) are below every stage; the build
graph (``graph``), which reads the editions, is above the stages, and the command line's dispatcher
(``__main__``) above all of them.
"""
from __future__ import annotations

import ast
from pathlib import Path

from pipeline import paths

#: The order of the flow: a module may import its own layer and the layers before it.
LAYERS = ["basics", "pdf", "sources", "extract", "analysis", "figures", "paper", "graph", "cli"]
BASICS = {"paths", "errors", "atomic", "checksum", "numbers", "textkey", "tables", "notebook",
          "language", "command"}


def layer(module: str) -> str:
    """The layer of a dotted module name inside the package (``pipeline.extract.iom`` -> extract)."""
    parts = module.split(".")[1:]
    if not parts:
        return "basics"  # `import pipeline` alone
    if parts[0] == "__main__":
        return "cli"
    if parts[0] in BASICS:
        return "basics"
    return parts[0]


def _imported(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, dotted name) of every `pipeline...` module an AST imports, wherever it does."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "pipeline":  # from pipeline import paths, extract
                found += [(node.lineno, f"pipeline.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.split(".")[0] in ("pipeline", "benchmarks")]


def upward_imports(package: Path) -> list[str]:
    """Every import in ``package`` that points up the flow (or into the benchmarks), as text."""
    problems = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent).with_suffix("")
        module = ".".join(part for part in relative.parts if part != "__init__")
        here = layer(module)
        for line, name in _imported(ast.parse(path.read_text(encoding="utf-8"))):
            if name.split(".")[0] == "benchmarks":
                problems.append(f"{path.relative_to(package.parent)}:{line}: {module} ({here}) imports "
                                f"{name}, a developer tool outside the data flow")
                continue
            there = layer(name)
            if there not in LAYERS:
                problems.append(f"{path.relative_to(package.parent)}:{line}: {name} is in no layer; "
                                f"add it to LAYERS or BASICS in tests/test_layout.py")
            elif LAYERS.index(there) > LAYERS.index(here):
                problems.append(f"{path.relative_to(package.parent)}:{line}: {module} ({here}) imports "
                                f"{name} ({there}), a later stage")
    return problems


def test_imports_point_down_the_flow_only():
    assert upward_imports(paths.ROOT / "pipeline") == []


def test_an_upward_import_is_reported_with_its_file_and_line(tmp_path):
    package = tmp_path / "pipeline"
    for folder in ("extract", "paper"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "paper" / "guard.py").write_text("from pipeline.extract import glotip\n")
    (package / "extract" / "glotip.py").write_text('"""x"""\nfrom pipeline.paper import guard\n')
    assert upward_imports(package) == [
        "pipeline/extract/glotip.py:2: pipeline.extract.glotip (extract) imports "
        "pipeline.paper (paper), a later stage"]


def test_the_pipeline_never_imports_the_benchmarks(tmp_path):
    package = tmp_path / "pipeline"
    package.mkdir()
    (package / "__init__.py").write_text("import benchmarks.build\n")
    assert upward_imports(package) == [
        "pipeline/__init__.py:1: pipeline (basics) imports benchmarks.build, a developer tool "
        "outside the data flow"]


def test_the_top_level_holds_only_the_stages_and_a_few_basics():
    top = paths.ROOT / "pipeline"
    modules = {path.stem for path in top.glob("*.py")} - {"__init__", "__main__"}
    packages = {path.name for path in top.iterdir() if (path / "__init__.py").is_file()}
    assert modules == BASICS
    assert packages == set(LAYERS) - {"basics", "cli"}
