"""An extraction step uses the raw file when in hand, the snapshot otherwise, and says which."""
from __future__ import annotations

import datetime
import json

import pandas as pd
import pandera.pandas as pa
import pytest

from pipeline import paths, tables
from pipeline.errors import SnapshotDamaged, SourceMissing
from pipeline.extract import step as extract
from pipeline.sources import registry, resolve, snapshot

SCHEMA = pa.DataFrameSchema({"year": pa.Column(int), "value": pa.Column(int)}, strict=True)
PROVENANCE = {"table": "example", "sources": [{"id": "example-data", "file": "data.csv",
              "sha256": "ab" * 32, "date": "2015-11-11"}], "step": "notebooks/x.ipynb",
              "origin": "raw file"}


def _step(function=lambda raws: pd.DataFrame({"year": [2015], "value": [1]})):
    return extract.Step("example", "notebooks/x.ipynb", function, SCHEMA, {"sheet": 0})


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No raw file anywhere; snapshots live in tmp_path/snapshot."""
    def missing(source_id):
        raise SourceMissing(source_id, "data.csv", "raw file not found", "Run `make sources`")
    monkeypatch.setattr(resolve, "resolve", missing)
    return tmp_path / "snapshot"


def test_without_the_raw_file_the_snapshot_is_used_and_announced(offline, tmp_path, capsys):
    tables.write(pd.DataFrame({"year": [2014], "value": [7]}), offline / "example.csv", PROVENANCE)
    frame, provenance = extract.run("example-data", _step(), tmp_path / "out.csv", offline)
    assert frame["value"].tolist() == [7]
    assert provenance["origin"] == "snapshot"
    said = capsys.readouterr().out
    assert "snapshot" in said and "data.csv" in said and "2015-11-11" in said
    assert json.loads((tmp_path / "out.provenance.json").read_text())["origin"] == "snapshot"


def test_without_raw_file_or_snapshot_the_error_names_source_file_and_remedy(offline, tmp_path):
    with pytest.raises(SourceMissing) as caught:
        extract.run("example-data", _step(), tmp_path / "out.csv", offline)
    message = str(caught.value)
    assert "example-data" in message and "data.csv" in message and "make snapshot" in message
    assert not (tmp_path / "out.csv").exists()


def test_a_failing_step_leaves_the_earlier_output_untouched(monkeypatch, tmp_path):
    source = registry.Source("example-data", "csv", "Example Office", "Example data", 2015,
                             "https://example.org", datetime.date(2015, 1, 1), "CC BY", "data.csv")
    monkeypatch.setattr(resolve, "resolve", lambda source_id: resolve.Resolved(
        source, tmp_path / "data.csv", "ab" * 32, "cache"))
    output = tmp_path / "out.csv"
    output.write_text("year,value\n2013,5\n")

    def broken(raws):
        return pd.DataFrame({"year": [2015], "value": ["not a number"]})

    with pytest.raises(pa.errors.SchemaError):
        extract.run("example-data", _step(broken), output)
    assert output.read_text() == "year,value\n2013,5\n"


def test_raw_files_reach_the_step_with_the_notebooks_inputs_and_are_recorded(monkeypatch, tmp_path):
    source = registry.Source("example-data", "csv", "Example Office", "Example data", 2015,
                             "https://example.org", datetime.date(2015, 11, 11), "CC BY", "data.csv")
    monkeypatch.setattr(resolve, "resolve", lambda source_id: resolve.Resolved(
        source, tmp_path / "data.csv", "cd" * 32, "mirror"))
    seen = {}

    def function(raws, partners):
        seen.update(paths=[raw.path for raw in raws], partners=partners)
        return pd.DataFrame({"year": [2015], "value": [3]})

    _, provenance = extract.run("example-data", _step(function), tmp_path / "out.csv",
                                partners=frozenset({"NGA", "MAR"}))
    assert seen == {"paths": [tmp_path / "data.csv"], "partners": {"NGA", "MAR"}}
    assert provenance["sources"] == [{"id": "example-data", "file": "data.csv", "sha256": "cd" * 32,
                                      "date": "2015-11-11"}]
    assert provenance["inputs"] == {"partners": ["MAR", "NGA"]} and provenance["origin"] == "raw file"


def test_snapshot_refresh_refuses_a_table_built_from_the_snapshot(tmp_path):
    built = tmp_path / "example.csv"
    tables.write(pd.DataFrame({"year": [2014], "value": [7]}), built, {**PROVENANCE, "origin": "snapshot"})
    with pytest.raises(ValueError, match="not from the raw file"):
        snapshot.refresh(built, tmp_path / "snapshot")


def test_a_snapshot_cut_short_is_refused_naming_table_file_and_remedy(offline, tmp_path):
    tables.write(pd.DataFrame({"year": [2013, 2014, 2015], "value": [5, 7, 9]}),
                 offline / "example.csv", PROVENANCE)
    snapshot_csv = offline / "example.csv"
    snapshot_csv.write_text("".join(snapshot_csv.read_text().splitlines(keepends=True)[:3]))
    with pytest.raises(SnapshotDamaged) as caught:
        extract.run("example-data", _step(), tmp_path / "out.csv", offline)
    message = str(caught.value)
    assert "table example" in message and f"{snapshot_csv}" in message
    assert "it has 2 rows but its sidecar says 3" in message
    assert f"`git checkout -- {snapshot_csv}`" in message and "`make snapshot`" in message
    assert not (tmp_path / "out.csv").exists()


def test_a_snapshot_edited_in_place_is_refused_by_its_checksum(offline, tmp_path):
    tables.write(pd.DataFrame({"year": [2014], "value": [7]}), offline / "example.csv", PROVENANCE)
    (offline / "example.csv").write_text("year,value\n2014,8\n")
    with pytest.raises(SnapshotDamaged, match="its sha256 is [0-9a-f]{64} but its sidecar pins"):
        extract.run("example-data", _step(), tmp_path / "out.csv", offline)


def test_every_committed_snapshot_matches_the_sha256_and_rows_its_sidecar_pins():
    for csv in sorted(paths.SNAPSHOT.glob("*.csv")):
        table = tables.read(csv)
        assert tables.damage(csv, table.frame, table.provenance) == "", paths.display(csv)
