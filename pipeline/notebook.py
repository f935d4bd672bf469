"""Run a notebook as the pipeline does: papermill, strict parameters, atomic output.

papermill only warns about a parameter the notebook does not declare; a typo in a Makefile
parameter would then silently run the default. Here it is an error. The executed notebook is
the record of the run: written atomically on success, kept as ``*.failed.ipynb`` on failure.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import nbformat
import papermill

from pipeline import paths
from pipeline.errors import ParameterError


def declared_parameters(notebook: Path) -> dict[str, Any]:
    return papermill.inspect_notebook(str(notebook))


def run(notebook: Path, output: Path, parameters: dict[str, Any]) -> Path:
    notebook, output = Path(notebook), Path(output)
    unknown = sorted(set(parameters) - set(declared_parameters(notebook)))
    if unknown:
        raise ParameterError(
            f"{paths.display(notebook)} has no parameter {', '.join(unknown)}; "
            f"it declares: {', '.join(declared_parameters(notebook))}"
        )
    output.parent.mkdir(parents=True, exist_ok=True)
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


def _echo_source_lines(executed: Path) -> None:
    """Repeat the notebook's "Source ...:" lines, so the build log says where data came from."""
    for cell in nbformat.read(executed, as_version=4).cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                for line in output["text"].splitlines():
                    if line.startswith("Source "):
                        print(f"  {line}")
