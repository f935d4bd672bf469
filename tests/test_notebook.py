"""Notebooks run as the pipeline runs them: strict parameters, the executed notebook kept."""
from __future__ import annotations

import errno

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from pipeline import notebook
from pipeline.errors import NotebookError, OutputError, ParameterError


def _notebook(tmp_path, body: str):
    parameters = new_code_cell('output = "out.txt"\nfail = False')
    parameters.metadata["tags"] = ["parameters"]
    path = tmp_path / "step.ipynb"
    document = new_notebook(cells=[parameters, new_code_cell(body)])
    document.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(document, path)
    return path


def test_a_parameter_the_notebook_does_not_declare_is_an_error_naming_both(tmp_path):
    path = _notebook(tmp_path, "pass")
    with pytest.raises(ParameterError, match=r"has no parameter outptu; it declares: output, fail"):
        notebook.run(path, tmp_path / "executed.ipynb", {"outptu": "x"})
    assert not (tmp_path / "executed.ipynb").exists()


def test_a_successful_run_writes_the_executed_notebook_and_echoes_source_lines(tmp_path, capsys):
    path = _notebook(tmp_path, 'print("Source demo: raw file here")\nopen(output, "w").write("done")')
    executed = notebook.run(path, tmp_path / "executed.ipynb", {"output": str(tmp_path / "out.txt")})
    assert (tmp_path / "out.txt").read_text() == "done"
    cells = nbformat.read(executed, as_version=4).cells  # the record of the run
    assert any("injected-parameters" in cell.metadata.get("tags", []) for cell in cells)
    assert cells[-1].outputs[0]["text"] == "Source demo: raw file here\n"
    assert "  Source demo: raw file here" in capsys.readouterr().out


def test_a_failed_run_is_kept_as_failed_and_leaves_no_executed_notebook(tmp_path):
    path = _notebook(tmp_path, 'if fail:\n    raise ValueError("broken input")')
    with pytest.raises(papermill.PapermillExecutionError, match="broken input"):
        notebook.run(path, tmp_path / "executed.ipynb", {"fail": True})
    assert (tmp_path / "executed.failed.ipynb").exists()
    assert not (tmp_path / "executed.ipynb").exists()


def test_a_notebook_that_does_not_exist_is_an_error_naming_it(tmp_path):
    with pytest.raises(NotebookError, match=r"nope\.ipynb: no such notebook"):
        notebook.run(tmp_path / "nope.ipynb", tmp_path / "executed.ipynb", {})


@pytest.mark.parametrize("name, value, takes", [
    ("output", 1, "str"), ("fail", "yes", "bool"), ("fail", 1, "bool")])
def test_a_parameter_of_another_type_than_its_default_is_an_error_naming_both(tmp_path, name, value, takes):
    path = _notebook(tmp_path, "pass")
    with pytest.raises(ParameterError, match=rf"parameter {name} takes a {takes} \(its default is "):
        notebook.run(path, tmp_path / "executed.ipynb", {name: value})
    assert not (tmp_path / "executed.ipynb").exists() and not (tmp_path / "executed.failed.ipynb").exists()


def test_a_full_disk_in_the_notebook_is_one_line_and_keeps_no_truncated_record(tmp_path):
    """Issue 25, M7: a full disk gave papermill tracebacks and truncated *.failed.ipynb (the kernel
    writes to /dev/full here, which is what a full disk says)."""
    path = _notebook(tmp_path, 'with open("/dev/full", "w") as full:\n    full.write("table")')
    with pytest.raises(OutputError, match=r"step\.ipynb stopped: the disk is full \(\[Errno 28\] No space left "
                                          r"on device\)\. Free some space and run again"):
        notebook.run(path, tmp_path / "executed.ipynb", {})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["step.ipynb"]


def test_a_full_disk_while_papermill_writes_its_record_keeps_none(tmp_path, monkeypatch):
    def full_disk(notebook_path, output_path, **options):
        with open(output_path, "w") as partial:
            partial.write('{"cells": [')
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(papermill, "execute_notebook", full_disk)
    with pytest.raises(OutputError, match=r"cannot write .*executed\.ipynb: No space left on device \(the disk "
                                          r"is full\)"):
        notebook.run(_notebook(tmp_path, "pass"), tmp_path / "executed.ipynb", {})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["step.ipynb"]
