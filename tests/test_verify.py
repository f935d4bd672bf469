"""`make verify` rebuilds in a temporary copy and compares every output (benchmarks/verify.py)."""
from __future__ import annotations

import pytest

from benchmarks import verify


def test_outputs_are_found_in_the_folders_the_pipeline_writes_and_compared_by_checksum(tmp_path):
    for tree, pdf in (("a", b"%PDF-1 one"), ("b", b"%PDF-1 two")):
        for name, data in {"paper/_output/background-paper.pdf": pdf, "figures/meeting/en/x.svg": b"<svg/>",
                           "build/data/t.csv": b"a\n1\n", "build/notebooks/01.ipynb": pdf,
                           "paper/_output/.background-paper.pdf.1.x.tmp": pdf,
                           "paper/index.qmd": pdf}.items():
            (tmp_path / tree / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / tree / name).write_bytes(data)
    (tmp_path / "b/build/paper/meeting-fr/_generated").mkdir(parents=True)
    (tmp_path / "b/build/paper/meeting-fr/_generated/partners.md").write_text("new language")
    current, rebuilt = verify.outputs(tmp_path / "a"), verify.outputs(tmp_path / "b")
    assert list(current) == ["build/data/t.csv", "figures/meeting/en/x.svg", "paper/_output/background-paper.pdf"]
    lines = verify.compare(current, rebuilt)
    assert [line.split(" (")[0] for line in lines] == [
        "only in the rebuild: build/paper/meeting-fr/_generated/partners.md",
        "differs: paper/_output/background-paper.pdf"]
    assert verify.compare(current, current) == []


@pytest.mark.e2e
def test_a_rebuild_from_the_same_inputs_is_identical_to_the_bit(built, rebuild):
    """What `make verify` does after a build: the session's second build, made as verify makes
    it (a fresh copy with this build's raw files), against the first, output by output."""
    assert rebuild.returncode == 0, rebuild.said()
    current = verify.outputs(built)
    assert verify.compare(current, verify.outputs(rebuild.project)) == []
    assert len(current) >= 40  # the paper, figures, tables and annexes, not a few files
