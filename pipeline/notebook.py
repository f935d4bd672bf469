"""Run a notebook as the pipeline does: papermill, strict parameters, atomic output.

papermill only warns about a parameter the notebook does not declare; a typo in a Makefile
parameter would then silently run the default. Here it is an error, and so is a value whose
type is not that of the parameter's default (``-p source_id 1`` reads as the number 1, and would
fail deep inside the notebook), or a notebook that does not exist. The executed notebook is the
record of the run: written atomically on success, kept as ``*.failed.ipynb`` on failure.

The Makefile runs it as ``python -m pipeline.notebook NOTEBOOK OUTPUT -p NAME VALUE`` (also
``python -m pipeline notebook ...``): a module of its own, so that a notebook's step depends on
this runner and not on the dispatcher of the other commands (``pipeline/__main__.py``).
"""
from __future__ import annotations

import argparse
import ast
import os
import sys
from pathlib import Path
from typing import Any

import nbformat
import papermill
import yaml

from pipeline import atomic, command, paths
from pipeline.errors import NotebookError, ParameterError


def declared_parameters(notebook: Path) -> dict[str, Any]:
    return papermill.inspect_notebook(str(notebook))


def run(notebook: Path, output: Path, parameters: dict[str, Any]) -> Path:
    notebook, output = Path(notebook), Path(output)
    if not notebook.is_file():
        raise NotebookError(f"{paths.display(notebook)}: no such notebook (the notebooks are "
                            "notebooks/NN-name.ipynb)")
    declared = declared_parameters(notebook)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise ParameterError(
            f"{paths.display(notebook)} has no parameter {', '.join(unknown)}; "
            f"it declares: {', '.join(declared)}"
        )
    for name, value in parameters.items():
        _check_type(notebook, name, value, declared[name]["default"])
    atomic.check_writable(output)
    # The kernel must import this project's pipeline, not another checkout's editable install.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(paths.ROOT), os.environ.get("PYTHONPATH")])
    )
    partial = output.with_name(f".{output.name}.running.ipynb")
    failed = output.with_name(output.stem + ".failed.ipynb")
    try:
        papermill.execute_notebook(
            str(notebook), str(partial), parameters=parameters, cwd=str(notebook.parent),
            progress_bar=False, kernel_name="python3",
        )
    except BaseException:
        if partial.exists():
            os.replace(partial, failed)
        raise
    os.replace(partial, output)
    failed.unlink(missing_ok=True)
    _echo_source_lines(output)
    return output


def _check_type(notebook: Path, name: str, value: Any, default_source: str) -> None:
    """Refuse a value whose type is not that of the parameter's default (a number may be given
    for a float); a default that is None, or not a literal, takes anything."""
    try:
        default = ast.literal_eval(default_source)
    except (ValueError, SyntaxError):
        return
    if default is None:
        return
    expected = float if isinstance(default, float) else type(default)
    number_for_float = expected is float and type(value) is int
    if type(value) is expected or number_for_float:
        return
    raise ParameterError(
        f"{paths.display(notebook)}: parameter {name} takes a {expected.__name__} (its default is "
        f"{default_source}), not {value!r} ({type(value).__name__}); quote it if it is text: "
        f"-p {name} '\"{value}\"'")


def _echo_source_lines(executed: Path) -> None:
    """Repeat the notebook's "Source ...:" lines, so the build log says where data came from."""
    for cell in nbformat.read(executed, as_version=4).cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                for line in output["text"].splitlines():
                    if line.startswith("Source "):
                        print(f"  {line}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.notebook",
                                     description="Run a notebook with papermill (strict parameters).")
    parser.add_argument("notebook", type=Path)
    parser.add_argument("output", type=Path, help="where the executed notebook goes")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"))
    args = parser.parse_args(argv)
    # Values are YAML, as with papermill's -y: "[exploitation]" is a list, "_2023" a string.
    parameters = {name: yaml.safe_load(value) for name, value in args.parameter or []}
    try:
        run(args.notebook, args.output, parameters)
    except papermill.PapermillExecutionError as error:
        failed = Path(args.output).with_name(Path(args.output).stem + ".failed.ipynb")
        print(f"error: {paths.display(args.notebook)} stopped: {error.evalue}\n"
              f"(the executed notebook is kept at {paths.display(failed)})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    command.run(main)
