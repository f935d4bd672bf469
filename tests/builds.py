"""Builds of the paper in temporary copies of the project, each made once per test session.

A full build takes minutes, so the tests share three: the paper (from the raw files where
``../shared`` holds them, else from the committed snapshots), the paper from the snapshots alone,
and a second build from the same raw files, which ``make verify`` compares to the first. Each
starts in the background as soon as pytest has collected a test that needs it, and the tests
that build nothing run first (tests/conftest.py), so that the builds and those tests share the
machine's cores. The later builds run at a lower priority (``nice``): the paper is ready first,
and the tests that examine it run while the others finish. The project's own build/ is never
written.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from benchmarks import build as buildbench
from benchmarks import verify
from pipeline import paths

SHARED = paths.ROOT.parent / "shared"
RAW = SHARED / "sources" / "raw"
#: The longest a build may take before the tests that wait for it fail.
TIMEOUT = 2400


@dataclass(frozen=True)
class Done:
    """A make run that has finished: where, its exit status and what it said."""

    project: Path
    returncode: int
    stdout: str
    stderr: str

    def said(self, lines: int = 30) -> str:
        """The end of what it said, for a failure message."""
        return "\n".join((self.stdout + self.stderr).splitlines()[-lines:])


def make(project: Path, *targets: str, mirror: str | None = None, timeout: int = 900) -> Done:
    """``make TARGETS`` in ``project``, in the foreground; ``mirror``: $THB_SOURCES_MIRROR."""
    done = subprocess.run(["make", "--no-print-directory", *targets], cwd=project, env=environment(mirror),
                          capture_output=True, text=True, timeout=timeout)
    return Done(project, done.returncode, done.stdout, done.stderr)


def environment(mirror: str | None) -> dict[str, str]:
    env = buildbench.make_env()
    if mirror is not None:
        env[paths.MIRROR_ENV] = mirror
    return env


def raw_mirror() -> str:
    """The mirror of raw files the session's paper is built from: ../shared's, else none."""
    return str(RAW) if RAW.is_dir() else ""


def clone(project: Path, folder: Path) -> Path:
    """A copy of a built project, its files' times kept (make sees what the build saw), sharing
    its .venv; ``../shared`` is linked beside it, as beside the project."""
    copy = Path(folder) / "project"
    shutil.copytree(project, copy, symlinks=True)
    if SHARED.is_dir() and not (copy.parent / "shared").exists():
        (copy.parent / "shared").symlink_to(SHARED)
    return copy


class Build:
    """``make paper`` in a fresh copy of the project, in the background from :meth:`start`."""

    def __init__(self, folder: Path, mirror: str, *, same_inputs_as_this_build: bool = False,
                 niceness: int = 0) -> None:
        self.folder, self.mirror, self.same_inputs = Path(folder), mirror, same_inputs_as_this_build
        self.niceness = niceness
        self.process: subprocess.Popen | None = None
        self.project: Path | None = None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.same_inputs:  # as `make verify` rebuilds: this build's cache and mirror
            self.project, env = verify.prepare(self.folder)
        else:
            self.project, env = buildbench.copy_project(self.folder), environment(self.mirror)
        with open(self.folder / "stdout", "w") as out, open(self.folder / "stderr", "w") as err:
            self.process = subprocess.Popen(["nice", "-n", str(self.niceness), "make", "--no-print-directory", "paper"],
                                            cwd=self.project, env=env, stdout=out, stderr=err, start_new_session=True)

    def result(self) -> Done:
        if self.process is None:
            self.start()
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
        return Done(self.project, self.process.returncode, self._read("stdout"), self._read("stderr"))

    def _read(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Stop the build (make and everything it started), if it is still running."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)
