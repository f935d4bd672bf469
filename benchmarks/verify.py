"""Rebuild everything in a temporary copy of the project and compare every output, to the bit.

Run with ``make verify`` (or ``python -m benchmarks.verify``) after a build. Same inputs must
give the same bytes (figures, tables, key figures, annexes, the HTML and the PDF): otherwise a
reader cannot tell a changed number from a changed build, and a reviewer cannot check a paper
by building it again. The copy (:func:`benchmarks.build.copy_project`, sharing this .venv) starts
from ``make clean``, gets the raw files this build had (the download cache, hard-linked, and the
same mirror folder), runs ``make paper`` and then every output file of both trees is compared by
sha256. It prints each output that differs, or exists in one tree only, and exits 1 if any does.

The outputs are found, not listed: every file matching :data:`OUTPUTS` (the folders and files the
pipeline writes) in either tree, so that outputs added later (editions, languages) are compared
without a change here. Executed notebooks (``build/notebooks``) are records of a run, with its
times, and are left out; hidden files (temporaries) too.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.build import copy_project, make_env
from pipeline import paths
from pipeline.checksum import sha256_of

#: What the pipeline writes, as globs relative to the project root.
OUTPUTS = ("paper/_output/*", "build/paper/*/_generated/*", "build/paper/*/_variables*",
           "build/editions/*/*.json", "figures/*/*/*", "build/references-*.bib", "build/data/*")


def outputs(root: Path) -> dict[str, str]:
    """Every output file under ``root``: relative path -> sha256."""
    found = {}
    for pattern in OUTPUTS:
        for path in Path(root).glob(pattern):
            if path.is_file() and not path.name.startswith("."):
                found[path.relative_to(root).as_posix()] = sha256_of(path)
    return dict(sorted(found.items()))


def compare(current: dict[str, str], rebuilt: dict[str, str]) -> list[str]:
    """One line per output that is not identical in both builds, in path order."""
    lines = []
    for name in sorted(current.keys() | rebuilt.keys()):
        if name not in rebuilt:
            lines.append(f"only in this build: {name}")
        elif name not in current:
            lines.append(f"only in the rebuild: {name}")
        elif current[name] != rebuilt[name]:
            lines.append(f"differs: {name} (sha256 {current[name][:12]}… here, "
                         f"{rebuilt[name][:12]}… rebuilt)")
    return lines


def prepare(folder: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the project in ``folder`` with this build's raw files (its download cache,
    hard-linked, and the same mirror folder), and the environment to build it in."""
    project = copy_project(folder)
    env = make_env()
    mirror = paths.mirror_dir()
    env[paths.MIRROR_ENV] = str(mirror) if mirror else ""
    if paths.CACHE.is_dir():
        shutil.copytree(paths.CACHE, project / "sources/cache", copy_function=_link,
                        ignore=shutil.ignore_patterns(".*"))
    return project, env


def rebuild(folder: Path) -> Path:
    """A clean copy of the project in ``folder``, built with this build's raw files."""
    project, env = prepare(folder)
    for targets in (["clean"], ["paper"]):
        done = subprocess.run(["make", "--no-print-directory", *targets], cwd=project, env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"make {' '.join(targets)} failed in the copy {project}:\n"
                               + "\n".join((done.stdout + done.stderr).splitlines()[-20:]))
    return project


def _link(source: str, destination: str) -> None:
    """Hard-link a cached raw file (the cache replaces files, never edits them), else copy it."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.verify",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    args = parser.parse_args(argv)
    current = outputs(paths.ROOT)
    if not current:
        print("verify: nothing built yet; run `make paper` first", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="thb-verify-"))
    try:
        project = rebuild(folder)
        differences = compare(current, outputs(project))
    except RuntimeError as error:
        print(f"verify: {error}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"verify: the rebuild is kept in {folder / 'project'}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    for line in differences:
        print(line)
    if differences:
        print(f"verify: {len(differences)} of {len(current)} outputs are not identical in a rebuild "
              "from the same inputs")
        return 1
    print(f"verify: all {len(current)} outputs are identical, to the bit, in a rebuild from the "
          "same inputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
