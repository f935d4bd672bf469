"""Shared fixtures.

Tests that need the real sources in ``../shared`` ask for the ``shared`` fixture (or a fixture
built on it). On a newcomer's clone without ``../shared`` they skip and say why; under CI
(``CI=true``), where ``../shared`` is always laid beside the clone, its absence is a failure.

Tests that examine a built paper ask for ``paper_build`` (or ``snapshot_build``, ``rebuild``):
each is built once per session in a temporary copy of the project (tests/builds.py), started in
the background when the tests are collected, while the tests that need no build run first.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

import builds
import pytest
from needs import require

from pipeline import paths
from pipeline.extract import untc

SHARED = paths.ROOT.parent / "shared"


def _require(path: Path) -> Path:
    require(path.exists(), f"needs {path} (the shared sources beside the project)")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ``../shared`` folder (read-only: never write there)."""
    return _require(SHARED)


@pytest.fixture(scope="session")
def raw_dir(shared: Path) -> Path:
    """The folder of real raw source files."""
    return _require(shared / "sources" / "raw")


@pytest.fixture(scope="session")
def pdf_bench(shared: Path) -> Path:
    """The folder of real PDFs with ground truth."""
    return _require(shared / "pdf-bench")



#: The UN depositary's status of the Convention and both Protocols, as stored in ../shared.
UNTC_FILES = {
    "untc-untoc-2014": "untc_18-12_untoc.csv",
    "untc-trafficking-protocol-2014": "untc_18-12-a_trafficking_protocol.csv",
    "untc-smuggling-protocol-2014": "untc_18-12-b_smuggling_protocol.csv",
}


@pytest.fixture(scope="session")
def treaty_status(raw_dir):
    """The depositary's status of the three instruments, as the extraction reads it."""
    return untc.treaty_status([SimpleNamespace(path=raw_dir / file, source=SimpleNamespace(id=source_id))
                               for source_id, file in UNTC_FILES.items()])


# --- The builds of the session ---------------------------------------------------------------

#: fixture -> how its build is made: its mirror of raw files, whether it copies this build's
#: download cache as `make verify` does, and its priority (the tests that examine it run in this
#: order). Without ../shared the paper is built from the snapshots, the same build as
#: snapshot_build.
BUILDS = {
    "paper_build": {"mirror": builds.raw_mirror()},
    "snapshot_build": {"mirror": "", "niceness": 5},
    "rebuild": {"mirror": builds.raw_mirror(), "same_inputs_as_this_build": True, "niceness": 10},
}
_STARTED = pytest.StashKey[dict]()
_FOLDER = pytest.StashKey[Path]()


def _kind(fixture: str) -> str:
    return "snapshot_build" if fixture == "paper_build" and not builds.raw_mirror() else fixture


def _needs_a_build(item: pytest.Item) -> bool:
    return any(name in BUILDS for name in getattr(item, "fixturenames", ()))


def _order(item: pytest.Item) -> int:
    """The tests that need no build first, then those of each build in the order the builds are ready."""
    needed = [list(BUILDS).index(name) for name in item.fixturenames if name in BUILDS]
    return 1 + max(needed) if needed else 0


def _start(config: pytest.Config, kind: str) -> builds.Build:
    started = config.stash.setdefault(_STARTED, {})
    if kind not in started:
        if _FOLDER not in config.stash:
            config.stash[_FOLDER] = Path(tempfile.mkdtemp(prefix="thb-test-builds-"))
        started[kind] = builds.Build(config.stash[_FOLDER] / kind, **BUILDS[kind])
        started[kind].start()
    return started[kind]


def pytest_itemcollected(item: pytest.Item) -> None:
    if _needs_a_build(item):
        item.add_marker(pytest.mark.build)


@pytest.hookimpl(trylast=True)  # after `-m` and `-k` have deselected tests: only for those selected
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the builds the selected tests need, and run the tests that need none first."""
    if config.option.collectonly:
        return
    for kind in BUILDS:  # in order of priority
        if any(_kind(name) == kind for item in items for name in item.fixturenames if name in BUILDS):
            _start(config, kind)
    items.sort(key=_order)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Stop the builds still running; remove them, unless a test failed (then say where they are)."""
    for build in session.config.stash.get(_STARTED, {}).values():
        build.stop()
    folder = session.config.stash.get(_FOLDER, None)
    if folder is None:
        return
    if session.testsfailed:
        print(f"\nThe builds of this session are kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


def _built(request: pytest.FixtureRequest, fixture: str) -> builds.Done:
    return _start(request.config, _kind(fixture)).result()


@pytest.fixture(scope="session")
def paper_build(request: pytest.FixtureRequest) -> builds.Done:
    """``make paper`` in a copy of the project, from the raw files of ../shared (else from the
    snapshots): the build whose paper the tests examine."""
    return _built(request, "paper_build")


@pytest.fixture(scope="session")
def snapshot_build(request: pytest.FixtureRequest) -> builds.Done:
    """``make paper`` in a copy of the project without raw files: from the committed snapshots."""
    return _built(request, "snapshot_build")


@pytest.fixture(scope="session")
def rebuild(request: pytest.FixtureRequest) -> builds.Done:
    """A second ``make paper`` from the same raw files, in another copy, as `make verify` makes."""
    return _built(request, "rebuild")


@pytest.fixture(scope="session")
def built(paper_build: builds.Done) -> Path:
    """The project in which the session's paper was built (its paper/_output, build/, figures/)."""
    assert paper_build.returncode == 0, f"make paper failed in {paper_build.project}:\n{paper_build.said()}"
    return paper_build.project
