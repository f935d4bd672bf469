"""Included files ({{< include >}}) are found as the renderers find them, checked by the guard and
listed as make prerequisites of the guard and the render (pipeline/paper/includes.py)."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from test_guard import FIGURES

from pipeline.paper import guard, includes


def _paper(tmp_path: Path) -> Path:
    """A manuscript including a file that includes another, a generated annex, and decoys."""
    (tmp_path / "_notes").mkdir()
    (tmp_path / "_notes/_first.md").write_text("First.\n\n{{< include _second.md >}}\n")
    (tmp_path / "_notes/_second.md").write_text("Second.\n\n{{< include /_notes/_first.md >}}\n")
    qmd = tmp_path / "index.qmd"
    qmd.write_text("Text.\n\n{{< include _notes/_first.md >}}\n\n{{< include _generated/claims.md >}}\n\n"
                   "```\n{{< include _in_code.md >}}\n```\n\n<!-- {{< include _in_comment.md >}} -->\n")
    return qmd


def test_includes_are_found_at_any_depth_once_each_relative_to_the_including_file(tmp_path):
    found = includes.includes(_paper(tmp_path))
    assert [(item.path.relative_to(tmp_path).as_posix(), item.generated) for item in found] == [
        ("_notes/_first.md", False), ("_notes/_second.md", False), ("_generated/claims.md", True)]
    assert not any(item.missing for item in found)


def test_the_depfile_makes_the_targets_depend_on_every_hand_written_include(tmp_path):
    depfile = tmp_path / "paper.d"
    includes.write_depfile([_paper(tmp_path)], depfile, ["build/guard.ok", "out.html"])
    rules = depfile.read_text().splitlines()[1:]
    first, second = (str(tmp_path / "_notes" / name) for name in ("_first.md", "_second.md"))
    assert rules == [f"build/guard.ok out.html: {first} {second}", f"{first}:", f"{second}:"]


def test_the_depfile_of_several_manuscripts_lists_the_files_each_includes(tmp_path):
    """A technical note reads its edition's papers too: their includes are its prerequisites."""
    paper = _paper(tmp_path)
    note = tmp_path / "note.qmd"
    note.write_text("{{< include _notes/_third.md >}}\n")
    (tmp_path / "_notes/_third.md").write_text("Third.\n")
    depfile = tmp_path / "note.d"
    includes.write_depfile([note, paper], depfile, ["note.html"])
    first, second, third = (str(tmp_path / "_notes" / name) for name in ("_first.md", "_second.md", "_third.md"))
    assert depfile.read_text().splitlines()[1] == f"note.html: {third} {first} {second}"


def _guard(tmp_path: Path, included: str) -> list[str]:
    qmd = _paper(tmp_path)
    (tmp_path / "_notes/_second.md").write_text(included)
    variables = tmp_path / "provenance.json"
    variables.write_text(json.dumps([asdict(f) for f in FIGURES.values()]), encoding="utf-8")
    (tmp_path / "data").mkdir()
    return [str(qmd), "--variables", str(variables), "--data", str(tmp_path / "data")]


def test_the_guard_checks_a_hand_written_included_file_naming_it(tmp_path, capsys):
    assert guard.main(_guard(tmp_path, "Of them, 53% were exploited.\n")) == 1
    out = capsys.readouterr().out
    assert f'{tmp_path / "_notes/_second.md"}:1:10: "53%" is typed by hand' in out
    assert "and the 2 file(s) it includes are typed by hand" in out


def test_the_guard_stops_on_an_included_file_that_does_not_exist(tmp_path, capsys):
    args = _guard(tmp_path, "{{< include _gone.md >}}\n")
    assert guard.main(args) == 2
    assert "_second.md includes _gone.md, but" in capsys.readouterr().err
