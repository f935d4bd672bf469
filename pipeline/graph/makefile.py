"""The make rules of the build, written from the declared steps and the code they run
(``python -m pipeline rules build/rules.mk``), which the Makefile includes and remakes.

Each step becomes one rule: its outputs are the targets (grouped, ``&:``, when a step writes
several, so that ``make -j2`` runs it once), and its prerequisites are what it reads:

* its code: the notebook, and every project module the notebook's cells or the command import,
  at any depth, with the committed files those modules read (:mod:`pipeline.graph.code`);
* what earlier steps made that it reads (tables, key figures, figures, bibliographies);
* its raw files, each only when it is in the download cache or the mirror folder (otherwise the
  extraction falls back to the committed snapshot, and says so), and its tables' snapshots;
* its command: ``build/steps/<step>.cmd`` holds the recipe and the prerequisites, rewritten only
  when they change, so that a step whose parameters or inputs were edited runs again;
* for a render, the files its manuscript includes, which the render lists in a depfile.

The rules file's own prerequisites are every file it was written from, so that make remakes it,
and restarts with it, when the code or the declarations change.
"""
from __future__ import annotations

import argparse
import json
import shlex
from pathlib import Path

from pipeline import atomic, paths
from pipeline.graph import code, steps
from pipeline.paper import editions
from pipeline.sources import registry

STAMPS = paths.BUILD / "steps"
#: The entry module of each way a step runs.
NOTEBOOK_RUNNER = "pipeline.notebook"
DISPATCHER = "pipeline.__main__"

PREAMBLE = """\
# A raw file is a prerequisite only when it is in the download cache or the mirror folder
# ($(MIRROR)); otherwise the extraction falls back to the committed snapshot (and says so).
raw = $(if $(or $(wildcard {cache}/$(1)),$(and $(MIRROR),$(wildcard $(MIRROR)/$(1)))),{cache}/$(1))
raws = $(foreach file,$(1),$(call raw,$(file)))
# A table's committed snapshot is a prerequisite only when it exists: without it and without
# the raw file, the extraction itself stops with an error that says what to do.
snapshots = $(wildcard $(foreach table,$(1),{snapshot}/$(table).csv))

{cache}/%: | $(ENV_STAMP)
\t$(PY) -m pipeline sources fetch $*

# A step's command record is written with the rules; one deleted makes its step run again.
{stamps}/%.cmd: ;
"""


def _word(path: Path | str) -> str:
    """A path as one word of a make rule, relative to the project."""
    text = paths.display(Path(path)) if isinstance(path, Path) else path
    return text.replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#")


def _argument(value) -> str:
    """A notebook parameter's value as the runner reads it (YAML; JSON is YAML), quoted for the
    shell and for make."""
    return shlex.quote(json.dumps(value, ensure_ascii=False)).replace("$", "$$")


def _commands() -> dict[str, str]:
    """The dispatcher's commands and the module of each."""
    return {name: module for name, (module, _help) in code.literal(DISPATCHER, "COMMANDS").items()}


def step_id(step: steps.Step) -> str:
    """A name for the step's command record: its executed notebook's, or its first output's."""
    return step.record if isinstance(step, steps.Notebook) else step.outputs[0].stem


def code_of(step: steps.Step) -> set[Path]:
    """The files that are the step's code (modules, the notebook) or that its code reads."""
    if isinstance(step, steps.Notebook):
        notebook = paths.ROOT / step.notebook
        return code.code_files([NOTEBOOK_RUNNER], notebook) | {notebook}
    return code.code_files([DISPATCHER, _commands()[step.command]])


def recipe(step: steps.Step) -> str:
    """The command that runs the step, as the rule's recipe."""
    if isinstance(step, steps.Notebook):
        record = paths.BUILD / "notebooks" / f"{step.record}.ipynb"
        words = ["$(RUN_NOTEBOOK)", step.notebook, _word(record)]
        for name, value in step.parameters.items():
            words += ["-p", name, _argument(value)]
        return " ".join(words)
    return " ".join(["$(PY) -m pipeline", step.command, *(_word(arg) for arg in step.arguments)])


def rule(step: steps.Step, sources: dict[str, registry.Source], stamps: Path = STAMPS) -> tuple[str, str]:
    """The make rule of ``step`` and the text of its command record."""
    targets = " ".join(map(_word, step.outputs))
    prerequisites = sorted(map(_word, code_of(step) | set(step.reads)))
    if isinstance(step, steps.Notebook):
        if step.snapshots:
            prerequisites.append(f"$(call snapshots,{' '.join(step.snapshots)})")
        files = [sources[source_id].file for source_id in step.sources if sources[source_id].file]
        if files:
            prerequisites.append(f"$(call raws,{' '.join(map(_word, files))})")
    command = recipe(step)
    record = "\n".join([command, *prerequisites]) + "\n"
    stamp = _word(stamps / f"{step_id(step)}.cmd")
    separator = " &:" if len(step.outputs) > 1 else ":"
    text = _wrapped(targets + separator, [*prerequisites, stamp, "|", "$(ENV_STAMP)"]) + f"\t{command}\n"
    if isinstance(step, steps.Command) and step.depfile:
        text += f"-include {_word(step.depfile)}\n"
    return text, record


def _wrapped(head: str, words: list[str], width: int = 100) -> str:
    """``head`` and ``words`` on lines of at most ``width`` characters, continued with ``\\``."""
    lines, line = [], head
    for word in words:
        if len(line) + 1 + len(word) > width and line.strip():
            lines.append(line)
            line = "\t"
        line += (" " if line.strip() else "") + word
    return " \\\n".join([*lines, line]) + "\n"


def _variable(name: str, files) -> str:
    return _wrapped(f"{name} :=", list(map(_word, files)))


def write(destination: Path, dated: str | None = None, stamps: Path = STAMPS) -> Path:
    """Write the rules of ``make paper`` to ``destination`` or, with ``dated`` (an edition
    ``at-YYYY-MM-DD``), the rules of that edition alone, whose documents ``make edition`` makes."""
    sources = registry.load()
    if dated:
        chosen = steps.edition_steps(editions.edition(dated))
        documents = [output for step in chosen if isinstance(step, steps.Command) for output in step.outputs]
        head = _variable("EDITION_DOCUMENTS", documents) + "edition: $(EDITION_DOCUMENTS)\n"
    else:
        chosen = steps.build()
        documents = [output for step in chosen if isinstance(step, steps.Command) and step.command == "render"
                     for output in step.outputs]
        head = (PREAMBLE.format(cache=_word(paths.CACHE), snapshot=_word(paths.SNAPSHOT), stamps=_word(stamps))
                + "\n" + _variable("TABLES", steps.TABLES)
                + _variable("FIGURE_SETS", [edition.figure_manifest for edition in editions.EDITIONS.values()])
                + _variable("DOCUMENTS", documents))
    texts, read = [], code.code_files([__name__]) | code.watched_folders()
    for step in chosen:
        text, record = rule(step, sources, stamps)
        texts.append(text)
        read |= code_of(step)
        stamp = stamps / f"{step_id(step)}.cmd"
        if not stamp.is_file() or stamp.read_text(encoding="utf-8") != record:
            atomic.write_text(stamp, record)
    origin = "the edition " + dated if dated else "pipeline/graph/steps.py and pipeline/paper/editions.py"
    lines = [f"# The build's make rules, written by `python -m pipeline rules` from {origin} and the\n"
             "# code of each step: do not edit. The Makefile writes them again when any file below changes.\n",
             _wrapped(f"{_word(destination)}:", sorted(map(_word, read))), "\n", head, "\n", "\n".join(texts)]
    atomic.write_text(destination, "".join(lines))
    return destination


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline rules", description="Write the build's make "
                                     "rules from the declared steps and the code they run.")
    parser.add_argument("output", type=Path, help="the rules file, e.g. build/rules.mk")
    parser.add_argument("--edition", help="only the rules of this edition (at-YYYY-MM-DD)")
    args = parser.parse_args(argv)
    write(paths.project_path(args.output), args.edition)
