"""Bad PDFs end in a clear PdfError (file, problem, what to do) within bounded time, never a hang.

The bad files are made here, in tmp_path: a truncated copy of a real PDF, hand-written PDFs that
are encrypted, have no pages or declare 100 000 pages, and files that are not PDFs at all.
"""
from __future__ import annotations

import time
from pathlib import Path

import pdf_factory
import pytest

from pipeline.pdf import errors
from pipeline.pdf.cli import main
from pipeline.pdf.document import open_pdf
from pipeline.pdf.quote import find_quote
from pipeline.pdf.table import extract_table

UNODC = "metadata_trafficking_in_persons.pdf"


@pytest.fixture
def truncated(raw_dir: Path, tmp_path: Path) -> Path:
    data = (raw_dir / UNODC).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_truncated_download_is_reported_as_truncated(truncated: Path):
    with pytest.raises(errors.PdfTruncatedError) as raised:
        find_quote(truncated, "1", "Trafficking in Persons")
    message = str(raised.value)
    assert "truncated.pdf" in message and "truncated" in message and "Download it again" in message


def test_an_encrypted_pdf_is_reported_as_encrypted(tmp_path: Path):
    path = _write(tmp_path, "locked.pdf", pdf_factory.encrypted_pdf())
    with pytest.raises(errors.PdfEncryptedError, match=r"locked\.pdf: encrypted with a password"):
        extract_table(path, 1)


@pytest.mark.parametrize(("content", "shown"), [
    (b"<!DOCTYPE html><html><body>Access denied</body></html>", "<!DOCTYPE html>"),
    (b"PK\x03\x04 a spreadsheet, really", "PK"),
    (b"", "empty"),
])
def test_a_file_that_is_not_a_pdf_says_what_it_starts_with(tmp_path: Path, content: bytes, shown: str):
    path = _write(tmp_path, "report.pdf", content)
    with pytest.raises(errors.NotAPdfError, match="report.pdf: not a PDF") as raised:
        find_quote(path, "1", "anything")
    assert shown in str(raised.value)


def test_a_pdf_without_structure_is_reported_as_damaged(tmp_path: Path):
    path = _write(tmp_path, "garbled.pdf", b"%PDF-1.4\nnot objects at all\n%%EOF\n")
    with pytest.raises(errors.PdfDamagedError, match="garbled.pdf: damaged"):
        extract_table(path, 1)


def test_a_pdf_with_zero_pages_is_reported_as_empty(tmp_path: Path):
    path = _write(tmp_path, "blank.pdf", pdf_factory.no_pages_pdf())
    with pytest.raises(errors.PdfEmptyError, match="blank.pdf: the document has no pages"):
        extract_table(path, 1)


def test_a_page_out_of_range_names_the_valid_range(raw_dir: Path):
    with pytest.raises(errors.PdfPageError, match=r"page 9 requested but the document has 3 pages.*1 to 3"):
        extract_table(raw_dir / UNODC, 9)
    with pytest.raises(errors.PdfPageError, match=r"no page is labelled '9'"):
        find_quote(raw_dir / UNODC, "9", "Trafficking in Persons")


def test_a_100000_page_document_is_refused_from_its_page_tree_in_well_under_a_second(tmp_path: Path):
    path = _write(tmp_path, "endless.pdf", pdf_factory.many_pages_pdf())
    assert path.stat().st_size < 2000
    started = time.perf_counter()
    with pytest.raises(errors.PdfTooManyPagesError, match="declares 100000 pages, more than the limit"), \
            open_pdf(path):
        pass
    assert time.perf_counter() - started < 1.0


def test_a_raised_page_limit_still_opens_only_the_page_asked_for(tmp_path: Path):
    path = _write(tmp_path, "endless.pdf", pdf_factory.many_pages_pdf())
    started = time.perf_counter()
    with open_pdf(path, max_pages=200_000) as document:
        assert document.page_count == 100_000
        assert document.label(99_999) == "100000"
        assert document.page(0).width == 612
    assert time.perf_counter() - started < 5.0


def test_a_missing_file_is_reported_as_not_found(tmp_path: Path):
    with pytest.raises(errors.PdfNotFoundError, match="nowhere.pdf: no such file"):
        find_quote(tmp_path / "nowhere.pdf", "1", "text")


def test_the_cli_prints_the_problem_to_stderr_and_exits_2(truncated: Path, capsys):
    assert main(["quote", str(truncated), "--page", "1", "--text", "Trafficking"]) == 2
    assert main(["table", str(truncated), "--page", "1", "--csv", str(truncated.with_suffix(".csv"))]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("truncated.pdf: truncated") == 2
    assert not truncated.with_suffix(".csv").exists()



def test_relative_paths_are_read_and_written_from_the_current_folder(tmp_path: Path, monkeypatch, capsys):
    _write(tmp_path, "here.pdf", pdf_factory.text_pdf([["Trafficking in persons 14 477"]]))
    monkeypatch.chdir(tmp_path)
    assert main(["quote", "here.pdf", "--page", "1", "--text", "Trafficking in persons"]) == 0
    assert main(["table", "here.pdf", "--page", "1", "--csv", "out/here.csv"]) == 0
    assert (tmp_path / "out/here.csv").exists() and (tmp_path / "out/here.csv.settings.json").exists()
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("bbox", ["nan,0,100,100", "0,0,inf,100", "0,-inf,100,100"])
def test_a_bbox_of_non_finite_numbers_is_a_usage_error_and_writes_nothing(tmp_path: Path, bbox, capsys):
    path = _write(tmp_path, "here.pdf", pdf_factory.text_pdf([["Trafficking in persons"]]))
    with pytest.raises(SystemExit) as raised:
        main(["table", str(path), "--page", "1", "--bbox", bbox, "--csv", str(tmp_path / "t.csv")])
    assert raised.value.code == 2
    assert "expected four finite numbers" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here.pdf"]
