"""Outputs are written atomically, and no temporary survives its step: removed on error, Ctrl-C
and SIGTERM, swept by the next write when a killed process left one, and by `make clean`."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from needs import require

from benchmarks import build as buildbench
from pipeline import atomic, paths


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_write_sweeps_the_temporaries_of_dead_processes_and_keeps_live_ones(tmp_path):
    dead = tmp_path / f".table.csv.{_dead_pid()}.k3j2l1x0.tmp"
    older_scheme = tmp_path / ".background-paper.html.a1b2c3d4.tmp"
    live = tmp_path / f".figure.svg.{os.getpid()}.q9w8e7r6.tmp"
    for tmp in (dead, older_scheme, live):
        tmp.write_text("half-written")
    atomic.write_text(tmp_path / "other.txt", "whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "other.txt"])


CHILD = """
import sys, time
from pathlib import Path
from pipeline import atomic, command
command.stop_on_sigterm()
with atomic.atomic_path(Path(sys.argv[1])) as tmp:
    tmp.write_text("half-written")
    print("writing", flush=True)
    time.sleep(30)
"""


def test_sigterm_during_a_write_leaves_neither_the_output_nor_its_temporary(tmp_path):
    destination = tmp_path / "out" / "background-paper.html"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(destination)], cwd=paths.ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "writing\n"
    assert len(list(destination.parent.glob(".*.tmp"))) == 1
    child.send_signal(signal.SIGTERM)
    child.wait(timeout=10)
    assert child.returncode != 0
    assert list(destination.parent.iterdir()) == []


def test_make_clean_removes_the_temporaries_of_a_killed_build_in_the_folders_it_keeps(tmp_path):
    project = buildbench.copy_project(tmp_path)
    stale = [project / "sources/cache/.data_glotip__2025-04-14.xlsx.4242.abcdefgh.tmp",
             project / "sources/.registry.lock.4242.abcdefgh.tmp",
             project / "paper/.index.qmd.4242.abcdefgh.tmp"]
    for tmp in stale:
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text("half-written")
    done = subprocess.run(["make", "--no-print-directory", "clean"], cwd=project,
                          env=buildbench.make_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert [tmp for tmp in stale if tmp.exists()] == []


@pytest.fixture
def read_only_folder(tmp_path) -> Path:
    """A folder this process may not write in: chmod 555, or for root (whom chmod does not
    stop) a folder on a read-only filesystem such as /sys."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir(mode=0o555)
        return folder
    folder = Path("/sys/thb-read-only-test")
    require(not _can_write(folder), "needs a read-only folder: running as root, and /sys is writable")
    return folder


def _can_write(folder: Path) -> bool:
    try:
        folder.mkdir()
    except OSError:
        return False
    folder.rmdir()
    return True


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=paths.ROOT,
                          capture_output=True, text=True, timeout=120)


def test_an_output_in_a_read_only_folder_is_one_line_naming_it(read_only_folder):
    target = read_only_folder / "references.bib"
    for done in (_cli("bib", str(target)),
                 _cli("notebook", "notebooks/10-key-figures.ipynb", str(read_only_folder / "x.ipynb"))):
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(f"error: cannot write {read_only_folder}/")
        assert "read-only folder?" in done.stderr and done.stderr.count("\n") == 1


def test_an_output_folder_that_is_a_file_is_one_line_naming_the_file(tmp_path):
    in_the_way = tmp_path / "build"
    in_the_way.write_text("not a folder")
    for done in (_cli("bib", str(in_the_way / "references.bib")),
                 _cli("notebook", "notebooks/10-key-figures.ipynb", str(in_the_way / "notebooks/x.ipynb"))):
        assert done.returncode == 2, done.stderr
        assert f"{in_the_way} is a file, not a folder" in done.stderr and done.stderr.count("\n") == 1


def test_fetching_into_a_read_only_cache_is_an_output_error_naming_it(read_only_folder, tmp_path):
    from pipeline.errors import OutputError
    from pipeline.sources import cli as sources_cli

    (tmp_path / "mirror").mkdir()
    (tmp_path / "mirror/data.csv").write_text("year,value\n2015,1\n")
    (tmp_path / "registry.yml").write_text(
        "sources:\n  - {id: example-data, kind: csv, producer: P, title: T, year: 2015, "
        "url: 'https://example.org', copy_date: 2015-01-01, licence: L, file: data.csv}\n")
    places = sources_cli.Places(registry=tmp_path / "registry.yml", cache=read_only_folder,
                                mirror=tmp_path / "mirror", snapshots=tmp_path)
    with pytest.raises(OutputError, match=rf"cannot write {read_only_folder}/data.csv: .*read-only folder"):
        sources_cli.main(["fetch"], places)
