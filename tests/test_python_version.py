"""make setup refuses a Python the project does not install with, before installing anything
(issue 25): with the wrong one, a seven-minute install failed at its end."""
from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline import paths, python_version


@pytest.mark.parametrize(("version", "allowed"), [
    ((3, 11, 0), True), ((3, 11, 9), True), ((3, 10, 14), False), ((3, 12, 0), False), ((2, 7, 18), False)])
def test_the_versions_allowed_are_those_of_requires_python(version, allowed):
    specifier = python_version.requires_python(paths.ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))
    assert specifier == ">=3.11,<3.12"
    assert python_version.allows(specifier, version) is allowed


def test_a_wrong_python_is_one_line_naming_it_and_what_to_do(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.99"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pipeline.python_version", str(tmp_path / "pyproject.toml")],
                          cwd=paths.ROOT, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "but the project needs Python >=3.99" in done.stderr
    assert "make setup PYTHON=python3.11 (nothing was installed)" in done.stderr


def test_make_setup_checks_the_python_before_it_creates_the_environment():
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("$(ENV_STAMP): requirements.lock"):]
    assert recipe.index("$(PYTHON) -m pipeline.python_version pyproject.toml") < recipe.index("$(PYTHON) -m venv")
