"""Benchmark the build as a reviewer lives it: cold, no-op, after an edit of the text or a notebook.

Run with ``make bench`` (or ``python -m benchmarks.build``). It copies the project into a
temporary folder (sharing this .venv, so the environment counts as built) and times, in one
run on this machine, ``make paper``:

1. cold: nothing built, raw files copied from the mirror folder;
2. no-op: nothing changed (must rebuild nothing);
3. after touching the manuscript only (renders again, extracts nothing);
4. after touching one extraction notebook (re-extracts that source, then what depends on it).

Each step reports wall time and the peak resident memory of the largest process it ran. It
also checks the promise of the Makefile: a raw file already turned into a tidy table is not read
again unless it changed (the no-op and manuscript steps run no extraction notebook).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline import paths

STEPS = [
    ("cold make paper (both editions, both languages)", None),
    ("no-op make paper", None),
    ("after touching paper/index.qmd (the English manuscript of both editions)", "paper/index.qmd"),
    ("after touching notebooks/03-extract-iom.ipynb", "notebooks/03-extract-iom.ipynb"),
]
#: What a copy of the project leaves behind, at any depth: the environment, history, caches.
IGNORED = shutil.ignore_patterns(".venv", ".git", "cache", "_output", ".pytest_cache", "__pycache__",
                                 ".ruff_cache")
#: What the pipeline builds, at the top of the project (pipeline/figures/ is code).
BUILT = {"build", "figures"}


def _ignored(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == paths.ROOT
    return set(IGNORED(folder, names)) | ({name for name in names if name in BUILT} if top else set())


def copy_project(folder: Path) -> Path:
    """A fresh copy of the project's sources in ``folder``, sharing this built .venv."""
    project = Path(folder) / "project"
    shutil.copytree(paths.ROOT, project, ignore=_ignored)
    (project / ".venv").symlink_to(paths.ROOT / ".venv")
    return project


def make_env() -> dict[str, str]:
    """This environment without the variables of an enclosing make (a nested make obeys them)."""
    return {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "PYTHONPATH")}


def _measure(project: Path) -> dict:
    """Run ``make paper`` in a child that reports the peak RSS of everything it ran."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(['make', '--no-print-directory', 'paper'], capture_output=True, text=True)\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(done.returncode, round(seconds, 1), peak // 1024)\n"
        "sys.stderr.write(done.stdout + done.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=project, env=make_env(),
                            capture_output=True, text=True)
    code, seconds, peak_mib = result.stdout.split()
    log = result.stderr
    return {"exit": int(code), "seconds": float(seconds), "peak_mib": int(peak_mib),
            "notebooks_run": log.count("pipeline.notebook"), "rendered": "pipeline render" in log}


def run(keep: bool = False) -> list[dict]:
    folder = Path(tempfile.mkdtemp(prefix="thb-bench-"))
    project = copy_project(folder)
    results = []
    try:
        for name, touched in STEPS:
            if touched:
                time.sleep(1.1)  # make compares modification times at 1 s resolution on some filesystems
                (project / touched).touch()
            results.append({"step": name, **_measure(project)})
    finally:
        if not keep:
            shutil.rmtree(folder)
    return results


def markdown(results: list[dict]) -> str:
    lines = ["| step | exit | wall time (s) | peak RSS (MiB) | notebooks run | rendered |",
             "|---|---:|---:|---:|---:|---|"]
    lines += [f"| {r['step']} | {r['exit']} | {r['seconds']} | {r['peak_mib']} | {r['notebooks_run']} | "
              f"{'yes' if r['rendered'] else 'no'} |" for r in results]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.build", description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, default=paths.BUILD / "bench" / "build.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = parser.parse_args(argv)
    results = run(args.keep)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"make paper on this machine ({os.cpu_count()} cores), environment already built:\n")
    print(markdown(results))
    return 0 if all(r["exit"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
