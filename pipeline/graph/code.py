"""What a step's code is: the project modules it imports, at any depth, and the files they read.

Found statically, with :mod:`ast`: nothing is imported, so no side effect runs and a module that
fails to import still has its dependencies listed. Every import counts, at the top of a module or
inside a function (a function that runs only sometimes may run in this step), and importing
``pipeline.a.b`` also runs ``pipeline/__init__.py`` and ``pipeline/a/__init__.py``.

A module reads a committed input only through a constant of :mod:`pipeline.paths` (the registry,
the facts folder, the label catalogues ...): :data:`INPUTS` says which files each constant stands
for, so that a module naming ``paths.FACTS`` makes every facts table a prerequisite of the steps
that import it. The other constants (:data:`DECLARED`) name what the steps make and the places of
the raw files: those are inputs a step declares (:mod:`pipeline.graph.steps`), not its code's.
"""
from __future__ import annotations

import ast
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline import paths
from pipeline.errors import BuildFailed

PACKAGE = "pipeline"

#: For each constant of pipeline.paths that names committed inputs, the files a module naming it
#: reads: the file itself (no pattern), or the folder's files matching the patterns.
INPUTS = {
    "REGISTRY": (),
    "REGISTRY_LOCK": (),
    "FACTS": ("*.csv",),
    "LABELS": ("*.yml",),
    "LOCALES": ("*.yml",),
    "STATEMENTS": (),
    # The Quarto project's files and the fallback renderer's own (the manuscripts are each
    # document's declared input, and the files they include its depfile's); the conditions of
    # the statements the papers make, which each render checks; the page's
    # Content-Security-Policy, which both renderers include in the HTML's header.
    "PAPER": ("_quarto*.yml", "statements.yml", "*.csl", "*.typ", "*.css", "fallback*", "filters/*.lua",
              "content-security-policy.html"),
}
#: Constants whose files are no module's own input: the project's root and the sources folder
#: (parents of the others), what the steps make, and the raw files and snapshots (each step
#: declares the sources and tables it reads).
DECLARED = ("ROOT", "SOURCES", "CACHE", "SNAPSHOT", "BUILD", "DATA", "FIGURES", "PAPER_OUTPUT",
            "EDITIONS", "DEFAULT_MIRROR")


class GraphError(BuildFailed):
    """Code the graph cannot place: an import of a project module that does not exist, a
    constant of pipeline.paths that neither INPUTS nor DECLARED classifies."""


@dataclass(frozen=True)
class Module:
    """One project module, as its source says: what it imports and which paths it names."""

    name: str  # pipeline.extract.glotip
    path: Path
    imports: frozenset[str]  # the project modules it imports (with their packages)
    constants: frozenset[str]  # the constants of pipeline.paths it names


def module_path(name: str, root: Path = paths.ROOT) -> Path | None:
    """``pipeline.extract.glotip`` -> pipeline/extract/glotip.py (a package: its __init__.py)."""
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _packages(name: str) -> list[str]:
    """The module and the packages whose __init__ importing it runs, outermost first."""
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts) + 1)]


def imports(tree: ast.AST, where: str, package: str = "", root: Path = paths.ROOT) -> set[str]:
    """The project modules ``tree`` imports, anywhere in it (``where`` names it in errors;
    ``package``: the package a relative import is relative to)."""
    found: set[str] = set()

    def add(name: str, line: int) -> None:
        if module_path(name, root) is None:
            raise GraphError(f"{where}:{line}: imports {name}, which is no module of the project")
        found.update(_packages(name))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            if base.split(".")[0] != PACKAGE:
                continue
            add(base, node.lineno)
            for alias in node.names:  # `from pipeline import paths`: a module; `import Step`: a name
                if module_path(f"{base}.{alias.name}", root) is not None:
                    add(f"{base}.{alias.name}", node.lineno)
    return found


def constants(tree: ast.AST) -> set[str]:
    """The constants of pipeline.paths that ``tree`` names: ``paths.FACTS``, or imported by name."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "paths":
            found.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and node.module == f"{PACKAGE}.paths":
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.isupper()}


@functools.cache
def module(name: str, root: Path = paths.ROOT) -> Module:
    path = module_path(name, root)
    if path is None:
        raise GraphError(f"{name} is no module of the project")
    where = path.relative_to(root).as_posix()
    tree = _parse(path.read_text(encoding="utf-8"), where)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    named = set() if name == f"{PACKAGE}.paths" else constants(tree)  # its own definitions
    return Module(name, path, frozenset(imports(tree, where, package, root)), frozenset(named))


def literal(name: str, variable: str, root: Path = paths.ROOT):
    """The value of ``variable`` in module ``name``, a literal assigned at its top level (read
    from its source: the graph imports nothing)."""
    path = module_path(name, root)
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == variable for target in node.targets):
            try:
                return ast.literal_eval(node.value)
            except ValueError:
                break
    raise GraphError(f"{path.relative_to(root).as_posix()}: the build graph reads {variable} from it, and it "
                     "assigns none that is a literal (a list, a dict of names)")


def _parse(source: str, where: str) -> ast.AST:
    try:
        return ast.parse(source)
    except SyntaxError as error:
        raise GraphError(f"{where}:{error.lineno}: {error.msg}") from None


def notebook_imports(notebook: Path, root: Path = paths.ROOT) -> tuple[set[str], set[str]]:
    """The project modules a notebook's code cells import, and the paths constants they name."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    found, named = set(), set()
    for number, cell in enumerate(cells, start=1):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        # IPython's magics and shell escapes are no Python: they import nothing of the project.
        source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
        where = f"{Path(notebook).relative_to(root).as_posix()} (cell {number})"
        tree = _parse(source, where)
        found |= imports(tree, where, root=root)
        named |= constants(tree)
    return found, named


def closure(roots: Iterable[str], root: Path = paths.ROOT) -> set[str]:
    """Every project module that importing ``roots`` runs, at any depth."""
    seen: set[str] = set()
    pending = [package for name in roots for package in _packages(name)]
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(module(name, root).imports)
    return seen


def input_files(names: Iterable[str], root: Path = paths.ROOT) -> set[Path]:
    """The committed files that the constants ``names`` of pipeline.paths stand for."""
    files: set[Path] = set()
    for name in names:
        if name in DECLARED or not isinstance(getattr(paths, name, None), Path):  # MIRROR_ENV: a name
            continue
        if name not in INPUTS:
            raise GraphError(f"pipeline.paths.{name} is named by the code but pipeline/graph/code.py "
                             "does not say which files it stands for: add it to INPUTS or DECLARED")
        place = root / getattr(paths, name).relative_to(paths.ROOT)
        patterns = INPUTS[name]
        files |= {path for pattern in patterns for path in place.glob(pattern) if path.is_file()} \
            if patterns else {place}
    return files


def watched_folders(root: Path = paths.ROOT) -> set[Path]:
    """The folders whose files the code reads by pattern: a file added to one or removed from it
    changes the rules. Not paper/ itself, which also holds what the build writes (_output/)."""
    found = set()
    for name, patterns in INPUTS.items():
        place = root / getattr(paths, name).relative_to(paths.ROOT)
        found |= {(place / pattern).parent for pattern in patterns}
    return found - {root / paths.PAPER.relative_to(paths.ROOT)}


def code_files(roots: Iterable[str], notebook: Path | None = None, root: Path = paths.ROOT) -> set[Path]:
    """The files a step's code consists of and reads: the modules that running ``roots`` (and the
    code cells of ``notebook``) imports, and the inputs they name."""
    modules, named = set(roots), set()
    if notebook is not None:
        imported, named = notebook_imports(notebook, root)
        modules |= imported
    every = closure(modules, root)
    for name in every:
        named |= module(name, root).constants
    return {module(name, root).path for name in every} | input_files(named, root)
