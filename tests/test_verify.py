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


def test_the_outputs_of_a_dated_edition_are_set_apart_not_reported_as_differences():
    """Issue 25, M6: after make edition, make verify said "35 of 214 outputs are not identical"
    (only the dated edition's own files, which the rebuild by make paper does not make)."""
    found = {"paper/_output/background-paper.html": "a", "paper/_output/background-paper-at-2019-06-30.html": "b",
             "build/editions/at-2019-06-30/keyfigures.json": "c", "figures/at-2019-06-30/en/x.svg": "d",
             "build/paper/at-2019-06-30-en/_generated/partners.md": "e", "build/data/t.csv": "f"}
    compared, dated = verify.made_by_make_paper(found)
    assert sorted(compared) == ["build/data/t.csv", "paper/_output/background-paper.html"]
    assert len(dated) == 4
    assert verify.compare(compared, {"paper/_output/background-paper.html": "a", "build/data/t.csv": "f"}) == []


@pytest.mark.e2e
def test_a_rebuild_from_the_same_inputs_is_identical_to_the_bit(built, rebuild):
    """What `make verify` does after a build: the session's second build, made as verify makes
    it (a fresh copy with this build's raw files), against the first, output by output."""
    assert rebuild.returncode == 0, rebuild.said()
    current = verify.outputs(built)
    assert verify.compare(current, verify.outputs(rebuild.project)) == []
    assert len(current) >= 40  # the paper, figures, tables and annexes, not a few files
