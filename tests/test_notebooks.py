"""Each notebook, run top to bottom with its default parameters, gives the outputs committed with
it (nbval), as in JupyterLab.

The notebooks' defaults read and write the project's build/, so nbval runs in a copy of the
session's build (tests/builds.py), never in the project: a test run leaves the project's build
as it was. `make notebook-outputs` refreshes the committed outputs.
"""
from __future__ import annotations

import subprocess

from builds import clone, environment, raw_mirror


def test_the_notebooks_give_the_outputs_committed_with_them(built, tmp_path):
    project = clone(built, tmp_path)
    env = {**environment(raw_mirror()), "PYTHONPATH": str(project)}  # the copy's pipeline, not the project's
    done = subprocess.run([str(project / ".venv/bin/python"), "-m", "pytest", "-p", "no:cacheprovider", "-q",
                           "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
                           "notebooks"], cwd=project, env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
