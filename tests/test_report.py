"""The build report (`python -m pipeline report`) says what a build used, and never calls a build
good when a step's last run failed."""
from __future__ import annotations

import pytest

from pipeline.errors import BuildFailed
from pipeline.paper import record, report


@pytest.fixture
def build(tmp_path):
    records = tmp_path / "renders"
    for name in ("background-paper", "background-paper-fr"):
        record.record_render("pandoc", [tmp_path / f"{name}.html"], name, records)
    (tmp_path / "data").mkdir()
    (tmp_path / "notebooks").mkdir()
    return {"records": records, "data": tmp_path / "data", "notebooks": tmp_path / "notebooks"}


def test_a_build_whose_steps_all_succeeded_is_summarised_with_every_document_rendered(build):
    (build["notebooks"] / "03-extract-iom.ipynb").write_text("{}")
    text = report.summary(0.0, **build)
    assert "Renderer: pandoc" in text
    assert text.splitlines()[-2:] == [f"  {report.paths.display(build['records'].parent / name)}"
                                      for name in ("background-paper-fr.html", "background-paper.html")]


def test_a_build_with_no_render_recorded_says_to_run_make_paper(build, tmp_path):
    with pytest.raises(BuildFailed, match="no render is recorded .* run `make paper`"):
        report.summary(0.0, tmp_path / "none", build["data"], build["notebooks"])


def test_a_step_whose_last_run_failed_makes_the_report_refuse_to_call_the_build_good(build):
    (build["notebooks"] / "03-extract-iom.failed.ipynb").write_text("{}")
    with pytest.raises(BuildFailed, match=r"03-extract-iom\.failed\.ipynb.*run `make paper` again"):
        report.summary(0.0, **build)


def test_a_failed_dated_edition_never_blocks_make_paper_only_its_own_report(build):
    """Issue 25, M2: make edition AS_OF=... left failed notebooks that made every later make paper
    say "fix it and run again", with nothing to fix in the paper."""
    (build["notebooks"] / "10-key-figures-at-2019-06-30.failed.ipynb").write_text("{}")
    assert "Renderer: pandoc" in report.summary(0.0, **build)
    with pytest.raises(BuildFailed, match=r"10-key-figures-at-2019-06-30\.failed\.ipynb.*"
                                          r"run `make edition AS_OF=2019-06-30` again"):
        report.summary(0.0, **build, edition="at-2019-06-30")
    assert "Renderer: pandoc" in report.summary(0.0, **build, edition="at-2017-01-31")
