"""The build report (`python -m pipeline report`) says what a build used, and never calls a build
good when a step's last run failed."""
from __future__ import annotations

import json

import pytest

from pipeline.errors import BuildFailed
from pipeline.paper import report


@pytest.fixture
def build(tmp_path):
    record = tmp_path / "render.json"
    record.write_text(json.dumps({"renderer": "pandoc", "outputs": ["paper/_output/p.html"]}))
    (tmp_path / "data").mkdir()
    (tmp_path / "notebooks").mkdir()
    return {"record": record, "data": tmp_path / "data", "notebooks": tmp_path / "notebooks"}


def test_a_build_whose_steps_all_succeeded_is_summarised(build):
    (build["notebooks"] / "03-extract-iom.ipynb").write_text("{}")
    text = report.summary(0.0, **build)
    assert "Renderer: pandoc" in text and text.endswith("paper/_output/p.html")


def test_a_step_whose_last_run_failed_makes_the_report_refuse_to_call_the_build_good(build):
    (build["notebooks"] / "03-extract-iom.failed.ipynb").write_text("{}")
    with pytest.raises(BuildFailed, match=r"03-extract-iom\.failed\.ipynb.*run `make paper` again"):
        report.summary(0.0, **build)
