"""YAML files of the project read with one clear line when they are malformed.

Why: PyYAML's error is a multi-line traceback about "a flow sequence" with no file name, and
pandoc's (which reads front matter and, as Quarto does, the project's ``_quarto*.yml``) counts
lines from the start of the YAML block it made, not the file. Every YAML the paper reads by
hand (``_quarto.yml``, a profile's file, a locale record, a label catalogue, a manuscript's front
matter) goes through :func:`load` or :func:`front_matter_problem`, so that a typo is reported as
``file:line:column: not valid YAML: <problem>``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from pipeline import paths
from pipeline.errors import BuildFailed

#: A YAML block that opens a manuscript: "---" on the first line, closed by "---" or "...".
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.S | re.M)


class YamlError(BuildFailed):
    """A YAML file (or a manuscript's front matter) that cannot be read."""


def problem(text: str, where: str, first_line: int = 1) -> str | None:
    """``where:line:column: not valid YAML: ...`` if ``text`` (whose first line is ``first_line``
    of its file) is not YAML, else None."""
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        place = f":{mark.line + first_line}:{mark.column + 1}" if mark else ""
        said = getattr(error, "problem", None) or str(error).splitlines()[0]
        context, opened = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and opened and opened is not mark:
            context += f" opened at line {opened.line + first_line}"
        return (f"{where}{place}: not valid YAML: {said}" + (f" ({context})" if context else "")
                + "; fix the file (a missing quote, bracket or colon?)")
    return None


def load(path: Path) -> Any:
    """The YAML of ``path`` (None if empty), or a :class:`YamlError` in one line naming the file."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    found = problem(text, paths.display(path))
    if found:
        raise YamlError(found)
    return yaml.safe_load(text)


def front_matter_problem(source: str, where: str) -> str | None:
    """What is wrong with the YAML front matter of a manuscript, placed in the manuscript."""
    block = _FRONT_MATTER.match(source)
    return problem(block[1], where, first_line=2) if block else None
