"""Tables come out of real PDFs with the right cells, numbers and provenance.

Values are those listed in ../shared/pdf-bench/README.md for the Border Patrol sector profile
(ruled look, aligned text), the FBI NICS table (dense, banded) and the California WARN report
(ruled, running across 16 pages).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.adjacency import Cell, score
from benchmarks.icdar import load
from pipeline.pdf.cli import main
from pipeline.pdf.errors import TableRegionError
from pipeline.pdf.export import grid_rows
from pipeline.pdf.table import COLUMNS, extract_table


@pytest.fixture(scope="module")
def real(pdf_bench: Path) -> Path:
    return pdf_bench / "real"


@pytest.fixture(scope="module")
def border_patrol(real: Path) -> dict[int, pd.DataFrame]:
    path = real / "cbp_usbp_stats_fy2017_sector_profile.pdf"
    return {page: extract_table(path, page) for page in (1, 2, 3)}


@pytest.fixture(scope="module")
def nics(real: Path) -> pd.DataFrame:
    return extract_table(real / "nics-background-checks-2015-11.pdf", 1, anchor="November - 2015")


def _row(frame: pd.DataFrame, first_cell: str) -> list[str]:
    return next(row for row in grid_rows(frame) if row[0].startswith(first_cell))


def _numbers(row: list[str]) -> list[str]:
    return [text for text in row[1:] if text]


def test_border_patrol_nationwide_apprehensions_rescues_and_deaths(border_patrol):
    frame = border_patrol[1]
    heading, total = grid_rows(frame)[0], _row(frame, "Nationwide Total")
    assert total[total.index("310,531")] == "310,531"
    assert heading[total.index("3,221")] == "Rescues" and heading[total.index("294")] == "Deaths"
    assert total.index("310,531") < total.index("3,221") < total.index("294")


def test_border_patrol_juveniles_adults_and_gender_totals(border_patrol):
    assert _numbers(_row(border_patrol[2], "Nationwide Total")) == [
        "41,223", "41,546", "82,769", "227,762", "310,531"]
    by_gender = _row(border_patrol[3], "Nationwide Total")
    assert _numbers(by_gender) == ["81,686", "228,845", "310,531"]
    heading = " ".join(" ".join(row) for row in grid_rows(border_patrol[3])[:2])
    assert heading.index("Female") < heading.index("Male")


def test_nics_rows_run_from_alabama_to_wyoming_with_totals_last(nics: pd.DataFrame):
    rows = grid_rows(nics)
    states = [row for row in rows if row[-1] and row[0] and row[0] != "State / Territory"]
    assert states[0][0] == "Alabama" and states[-2][0] == "Wyoming" and states[-1][0] == "Totals"
    filled = [text for text in states[0] if text]  # the Rentals columns are empty for Alabama
    assert filled[22] == "71,137" == states[0][-1]  # its 23rd cell is its total, the last column
    assert _numbers(states[-2])[-1] == "5,017"


def test_nics_every_column_sums_to_twice_its_totals_row(nics: pd.DataFrame):
    first = nics.loc[nics["text"] == "Alabama", "row"].item()
    body = nics[(nics["row"] >= first) & (nics["col"] > 0)]
    assert body["value"].notna().all(), body.loc[body["value"].isna(), "text"].tolist()
    sums = body.groupby("col")["value"].sum()
    totals = body[body["row"] == body["row"].max()].set_index("col")["value"]
    assert len(sums) == 24
    assert (sums == 2 * totals).all()


def test_warn_report_row_and_its_continuation_on_the_next_page(real: Path):
    path = real / "WARN-Report-for-7-1-2015-to-03-25-2016.pdf"
    first, second = extract_table(path, 1), extract_table(path, 2)
    maxim = _row(first, "06/22/2015")
    assert maxim[3:] == ["Maxim Integrated Product", "San Jose", "150", "Closure Permanent"]
    continued = grid_rows(second)
    assert len(continued[0]) == len(maxim) == 7
    assert continued[0][0].count("/") == 2  # the continuation starts with data, not a heading


def test_every_cell_carries_its_page_box_and_parsed_value(border_patrol):
    frame = border_patrol[2]
    assert list(frame.columns) == COLUMNS
    assert (frame["page_index"] == 1).all() and (frame["page_label"] == "2").all()
    assert ((frame["x0"] < frame["x1"]) & (frame["top"] < frame["bottom"])).all()
    cell = frame[frame["text"] == "227,762"].iloc[0]
    assert cell["value"] == 227762
    assert pd.isna(frame.loc[frame["text"] == "Miami", "value"]).all()
    settings = frame.attrs["settings"]
    assert settings["page_label"] == "2" and settings["strategy_used"] in ("ruled", "aligned")
    assert json.loads(json.dumps(settings)) == settings


def test_an_unruled_icdar_table_is_reproduced_exactly(pdf_bench: Path):
    truth = next(t for t in load(pdf_bench / "icdar2013-us") if t.document == "us-003")
    x1, y1, x2, y2 = truth.region
    frame = extract_table(truth.pdf, truth.page, bbox=(x1 - 2, 792 - y2 - 2, x2 + 2, 792 - y1 + 2))
    cells = [Cell(r.row, r.col, r.text, r.row_span, r.col_span) for r in frame.itertuples()]
    assert score(cells, truth.cells).f1 == 1.0


def test_the_cli_writes_the_grid_and_its_settings_beside_it(real: Path, tmp_path: Path, capsys):
    out = tmp_path / "tables" / "gender.csv"
    path = real / "cbp_usbp_stats_fy2017_sector_profile.pdf"
    assert main(["table", str(path), "--page", "3", "--bbox", "0,0,780,600", "--csv", str(out)]) == 0
    with out.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert _numbers(next(r for r in rows if r[0] == "Nationwide Total")) == ["81,686", "228,845", "310,531"]
    sidecar = json.loads((tmp_path / "tables" / "gender.csv.settings.json").read_text())
    assert sidecar["bbox"] == [0, 0, 780, 600] and len(sidecar["sha256"]) == 64
    assert sorted(p.name for p in out.parent.iterdir()) == ["gender.csv", "gender.csv.settings.json"]
    assert "gender.csv" in capsys.readouterr().out


def test_a_region_off_the_page_or_an_absent_anchor_is_a_clear_error(real: Path):
    path = real / "cbp_usbp_stats_fy2017_sector_profile.pdf"
    with pytest.raises(TableRegionError, match="is not inside page 1"):
        extract_table(path, 1, bbox=(900, 700, 950, 750))
    with pytest.raises(TableRegionError, match="anchor text 'Table 99' is not on page 1"):
        extract_table(path, 1, anchor="Table 99")


def test_settings_are_checked_not_silently_ignored(real: Path):
    path = real / "cbp_usbp_stats_fy2017_sector_profile.pdf"
    with pytest.raises(ValueError, match="unknown table settings"):
        extract_table(path, 1, settings={"gutter_width": 3})
    with pytest.raises(ValueError, match="bbox or anchor"):
        extract_table(path, 1, bbox=(0, 0, 10, 10), anchor="SECTOR")
