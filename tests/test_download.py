"""Fetching sources over HTTP: every failure is named, bounded in time and leaves the cache intact.

A real ``http.server`` on 127.0.0.1 (started here, in a thread) plays the publishers: the
registry keeps its https URLs and the downloader's ``base_url`` sends their paths to it, which
also exercises the one exception to https-only (loopback hosts).
"""
from __future__ import annotations

import dataclasses
import hashlib
import http.server
import io
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from needs import require

from pipeline.errors import SourceFormatError
from pipeline.sources import cli as sources_cli
from pipeline.sources import download, registry, resolve

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
NEWER_PDF = PDF.replace(b"1.4", b"1.7")
HTML = b"<!DOCTYPE html><html><body>Page not found</body></html>"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = PDF
    declared: int | None = None  # Content-Length to announce (default: the body's length)
    stall: bool = False  # send the headers and a few bytes, then nothing
    location: str = ""
    drip: float = 0.0  # seconds between bytes: each read succeeds, the whole never ends
    length: bool = True  # send a Content-Length header (else the body ends when the server closes)


class Publisher(http.server.ThreadingHTTPServer):
    """Serves scripted replies per path (the last one repeats) and counts the requests."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: dict[str, list[Reply]] = {}
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        replies = self.server.replies.get(self.path, [Reply(404, b"not found")])
        reply = replies[min(self.server.hits[self.path], len(replies) - 1)]
        self.server.hits[self.path] += 1
        self.send_response(reply.status)
        if reply.length:
            self.send_header("Content-Length", str(reply.declared or len(reply.body)))
        else:
            self.close_connection = True
        if reply.location:
            self.send_header("Location", reply.location)
        self.end_headers()
        if reply.drip:
            for byte in reply.body:
                if self.server.release.wait(reply.drip):
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            return
        if reply.stall:
            self.wfile.write(reply.body[:4])
            self.wfile.flush()
            self.server.release.wait(5)
            return
        self.wfile.write(reply.body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def publisher():
    server = Publisher()
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def _settings(base_url: str) -> download.Settings:
    return download.Settings(connect_timeout=0.5, read_timeout=0.3, attempts=2, backoff=0.01,
                             base_url=base_url)


def _source(**fields) -> dict:
    """A registry entry; a field given as None is left out."""
    entry = {"id": "example-report", "kind": "pdf", "producer": "Example Office",
             "title": "Example report", "year": 2015, "url": "https://example.org/docs/report.pdf",
             "accessed": "2015-10-13", "licence": "CC BY 4.0", "file": "report.pdf", **fields}
    if entry["kind"] in registry.DATA_KINDS:  # a data file records its copy's date, not an access
        entry["copy_date"] = entry.pop("accessed")
    return {name: value for name, value in entry.items() if value is not None}


@pytest.fixture
def places(tmp_path: Path) -> sources_cli.Places:
    (tmp_path / "snapshots").mkdir()
    return sources_cli.Places(registry=tmp_path / "registry.yml", cache=tmp_path / "cache",
                              mirror=tmp_path / "mirror", snapshots=tmp_path / "snapshots")


def _write(places: sources_cli.Places, *sources: dict) -> None:
    places.registry.write_text(yaml.safe_dump({"sources": list(sources)}, sort_keys=False))


def _fetch(places, publisher, update: bool = False, progress=None) -> sources_cli.Row:
    source = next(iter(registry.load(places.registry).values()))
    downloader = download.Downloader(_settings(publisher.base_url), progress or io.StringIO())
    return sources_cli.fetch(source, places, {}, downloader, update)


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob(".*.tmp")) if folder.exists() else []


def test_first_download_is_verified_moved_into_place_and_pinned_in_the_lock(places, publisher):
    _write(places, _source())
    publisher.replies["/docs/report.pdf"] = [Reply()]
    progress = io.StringIO()
    row = _fetch(places, publisher, progress=progress)
    assert row.status == sources_cli.DOWNLOADED and "pinned now" in row.detail
    assert (places.cache / "report.pdf").read_bytes() == PDF
    pin = resolve.read_lock(places.registry)["example-report"]
    assert pin["sha256"] == hashlib.sha256(PDF).hexdigest() and pin["bytes"] == len(PDF)
    assert pin["url"] == "https://example.org/docs/report.pdf"
    assert progress.getvalue().startswith("example-report [####################] 100%")


def test_http_404_is_reported_as_missing_with_the_source_id_and_nothing_written(places, publisher):
    _write(places, _source())
    row = _fetch(places, publisher)
    assert row.status == sources_cli.MISSING and "HTTP 404" in row.detail
    assert not (places.cache / "report.pdf").exists() and _leftovers(places.cache) == []
    with pytest.raises(download.DownloadError) as caught:
        download.Downloader(_settings(publisher.base_url), io.StringIO()).fetch(
            "example-report", "https://example.org/gone.pdf", places.cache / "x.pdf", lambda tmp: "")
    assert str(caught.value).startswith("source example-report: ")


def test_http_500_is_retried_and_the_second_attempt_succeeds(places, publisher):
    _write(places, _source())
    publisher.replies["/docs/report.pdf"] = [Reply(500, b"busy"), Reply()]
    assert _fetch(places, publisher).status == sources_cli.DOWNLOADED
    assert publisher.hits["/docs/report.pdf"] == 2


def test_a_body_cut_short_is_retried_then_refused_and_the_earlier_file_is_kept(places, publisher):
    _write(places, _source())
    places.cache.mkdir()
    (places.cache / "report.pdf").write_bytes(PDF)
    publisher.replies["/docs/report.pdf"] = [Reply(body=NEWER_PDF[:20], declared=len(NEWER_PDF))]
    row = _fetch(places, publisher, update=True)
    assert row.status == sources_cli.MISSING and "cut short: 20 of" in row.detail
    assert "after 2 attempts" in row.detail and publisher.hits["/docs/report.pdf"] == 2
    assert (places.cache / "report.pdf").read_bytes() == PDF and _leftovers(places.cache) == []


class _CtrlC(io.StringIO):
    """A terminal whose user presses Ctrl-C as soon as the progress bar first moves."""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise KeyboardInterrupt


def test_an_interrupted_download_leaves_no_partial_file_and_keeps_the_earlier_one(places, publisher):
    _write(places, _source())
    places.cache.mkdir()
    (places.cache / "report.pdf").write_bytes(PDF)
    publisher.replies["/docs/report.pdf"] = [Reply(body=NEWER_PDF * 4000)]
    with pytest.raises(KeyboardInterrupt):
        _fetch(places, publisher, update=True, progress=_CtrlC())
    assert (places.cache / "report.pdf").read_bytes() == PDF and _leftovers(places.cache) == []


def test_a_download_with_another_checksum_is_refused_showing_both_and_how_to_accept(
        places, publisher, capsys):
    _write(places, _source(sha256=hashlib.sha256(PDF).hexdigest()))
    publisher.replies["/docs/report.pdf"] = [Reply(body=NEWER_PDF)]
    downloader = download.Downloader(_settings(publisher.base_url), io.StringIO())
    assert sources_cli.main(["fetch"], places, downloader) == 1
    error = capsys.readouterr().err
    assert "source example-report" in error and "--update example-report" in error
    assert hashlib.sha256(PDF).hexdigest() in error and hashlib.sha256(NEWER_PDF).hexdigest() in error
    assert not (places.cache / "report.pdf").exists() and _leftovers(places.cache) == []


def test_update_downloads_again_and_pins_the_new_version_over_the_registry_pin(places, publisher):
    _write(places, _source(sha256=hashlib.sha256(PDF).hexdigest()))
    places.cache.mkdir()
    (places.cache / "report.pdf").write_bytes(PDF)
    publisher.replies["/docs/report.pdf"] = [Reply(body=NEWER_PDF)]
    assert _fetch(places, publisher, update=True).status == sources_cli.DOWNLOADED
    assert resolve.read_lock(places.registry)["example-report"]["sha256"] == hashlib.sha256(NEWER_PDF).hexdigest()
    source = registry.get("example-report", places.registry)
    assert sources_cli.status(source, places, {}).status == sources_cli.VERIFIED


def test_an_html_page_served_for_a_pdf_is_refused_as_corrupt(places, publisher):
    _write(places, _source())
    publisher.replies["/docs/report.pdf"] = [Reply(body=HTML)]
    row = _fetch(places, publisher)
    assert row.status == sources_cli.CORRUPT and "HTML page" in row.error
    assert "source example-report" in row.error and not (places.cache / "report.pdf").exists()
    assert resolve.read_lock(places.registry) == {}


def test_a_stalled_server_times_out_within_the_bounds_of_the_settings(places, publisher):
    _write(places, _source())
    publisher.replies["/docs/report.pdf"] = [Reply(stall=True)]
    started = time.monotonic()
    row = _fetch(places, publisher)
    assert time.monotonic() - started < 2.5
    assert row.status == sources_cli.MISSING and "timed out" in row.detail
    assert _leftovers(places.cache) == []


def test_a_redirect_to_plain_http_is_refused(places, publisher):
    _write(places, _source())
    publisher.replies["/docs/report.pdf"] = [Reply(302, b"", location="http://example.org/report.pdf")]
    row = _fetch(places, publisher)
    assert row.status == sources_cli.MISSING and "not https" in row.detail


def test_plain_http_is_refused_except_to_loopback_hosts():
    assert download.allowed("https://www.unodc.org/report.pdf")
    assert download.allowed("http://127.0.0.1:8000/report.pdf")
    assert not download.allowed("http://eur-lex.europa.eu/report.pdf")
    with pytest.raises(download.DownloadError, match="plain http"):
        download.Downloader(download.Settings(), io.StringIO()).fetch(
            "example-report", "http://eur-lex.europa.eu/report.pdf", Path("unused"), lambda tmp: "")


def test_an_unreachable_host_fails_fast_and_is_not_tried_again(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    downloader = download.Downloader(_settings(closed), io.StringIO())
    started = time.monotonic()
    for name in ("a.pdf", "b.pdf"):
        with pytest.raises(download.DownloadError, match="unreachable"):
            downloader.fetch("example-report", f"https://example.org/{name}", tmp_path / name, lambda t: "")
    assert time.monotonic() - started < 1 and list(downloader.unreachable) == ["127.0.0.1"]


def test_fetch_offline_reports_one_status_per_source_and_exits_zero(places, tmp_path, capsys):
    raw = b"year,value\n2015,3400\n"
    places.mirror.mkdir()
    (places.mirror / "data.csv").write_bytes(raw)
    (places.snapshots / "table.provenance.json").write_text('{"table": "table", "sources": [{"id": "snapshot-data"}]}')
    _write(places,
           _source(),
           _source(id="mirrored-data", kind="csv", file="data.csv",
                   download_url="https://example.org/data.csv", sha256=hashlib.sha256(raw).hexdigest()),
           _source(id="snapshot-data", kind="csv", file="gone.csv", download_url="https://example.org/gone.csv"),
           _source(id="a-web-page", kind="web", file=None))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        offline = download.Downloader(_settings(f"http://127.0.0.1:{probe.getsockname()[1]}"), io.StringIO())
    assert sources_cli.main(["fetch"], places, offline) == 0
    table = capsys.readouterr().out
    assert [line.split("  ")[0].strip() for line in table.splitlines()[1:]] == [
        "example-report", "mirrored-data", "snapshot-data", "a-web-page"]
    for status in ("missing", "copied from the mirror folder", "snapshot only", "not a file (web page)"):
        assert status in table
    assert (places.cache / "data.csv").read_bytes() == raw


def test_status_uses_no_network_and_writes_nothing(places, capsys):
    places.cache.mkdir()
    (places.cache / "report.pdf").write_bytes(HTML)
    _write(places, _source())
    assert sources_cli.main([], places) == 1
    captured = capsys.readouterr()
    assert "corrupt file" in captured.out and "source example-report" in captured.err
    assert (places.cache / "report.pdf").read_bytes() == HTML
    assert not resolve.lock_path(places.registry).exists()


def test_an_unknown_source_id_is_an_error_listing_the_known_ones(places, capsys):
    _write(places, _source())
    assert sources_cli.main(["fetch", "no-such-source"], places) == 2
    assert "known ids: example-report" in capsys.readouterr().err


def test_checks_raised_by_the_caller_are_not_retried(places, publisher, tmp_path):
    publisher.replies["/x.pdf"] = [Reply()]
    downloader = download.Downloader(_settings(publisher.base_url), io.StringIO())

    def refuse(tmp: Path) -> str:
        raise SourceFormatError("example-report", tmp, "not wanted", "Nothing to do")

    with pytest.raises(SourceFormatError):
        downloader.fetch("example-report", "https://example.org/x.pdf", tmp_path / "x.pdf", refuse)
    assert publisher.hits["/x.pdf"] == 1 and not (tmp_path / "x.pdf").exists()


# --- Bounds: size, time, scheme; the content checks of --update; what a failure row says ---------

def test_a_body_announced_larger_than_the_cap_is_refused_before_it_is_read(places, publisher):
    _write(places, _source())
    publisher.replies["/docs/report.pdf"] = [Reply(body=PDF, declared=3 * 2**30)]
    started = time.monotonic()
    row = _fetch(places, publisher)
    assert time.monotonic() - started < 1
    assert row.status == sources_cli.MISSING
    assert f"the server announces {3 * 2**30} bytes, more than the {download.Settings().max_bytes}" in row.detail
    assert publisher.hits["/docs/report.pdf"] == 1  # not retried
    assert not (places.cache / "report.pdf").exists() and _leftovers(places.cache) == []


def test_a_body_without_length_is_cut_off_at_the_cap_and_nothing_is_kept(places, publisher):
    _write(places, _source())
    publisher.replies["/docs/report.pdf"] = [Reply(body=PDF * 2000, length=False)]
    source = next(iter(registry.load(places.registry).values()))
    settings = dataclasses.replace(_settings(publisher.base_url), max_bytes=10_000)
    row = sources_cli.fetch(source, places, {}, download.Downloader(settings, io.StringIO()))
    assert row.status == sources_cli.MISSING
    assert "more bytes arrived than the 10000 of the download cap" in row.detail
    assert not (places.cache / "report.pdf").exists() and _leftovers(places.cache) == []


def test_a_pinned_size_caps_the_download(places, publisher):
    _write(places, _source(sha256=hashlib.sha256(PDF).hexdigest(), bytes=len(PDF)))
    publisher.replies["/docs/report.pdf"] = [Reply(body=PDF + b"%" * 5000)]
    row = _fetch(places, publisher)
    assert row.status == sources_cli.MISSING
    assert f"more than the {len(PDF)} of the size of the pinned file" in row.detail
    assert not (places.cache / "report.pdf").exists()


def test_a_server_dripping_bytes_within_the_read_timeout_is_stopped_by_the_deadline(places, publisher):
    _write(places, _source())
    publisher.replies["/docs/report.pdf"] = [Reply(body=PDF * 2, drip=0.05)]
    source = next(iter(registry.load(places.registry).values()))
    settings = dataclasses.replace(_settings(publisher.base_url), deadline=0.6)
    started = time.monotonic()
    row = sources_cli.fetch(source, places, {}, download.Downloader(settings, io.StringIO()))
    assert time.monotonic() - started < 0.6 + 0.3 + 0.5  # deadline + one read timeout + slack
    assert row.status == sources_cli.MISSING and "not done within the deadline of 0.6 s" in row.detail
    assert not (places.cache / "report.pdf").exists() and _leftovers(places.cache) == []


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (made with openssl), and its key."""
    require(shutil.which("openssl") is not None, "needs openssl to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True)
    return folder / "cert.pem", folder / "key.pem"


@pytest.fixture
def tls_publisher(certificate):
    """The publisher over HTTPS on 127.0.0.1, and a client context that trusts it."""
    cert, key = certificate
    server = Publisher()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield server, ssl.create_default_context(cafile=str(cert))
    server.release.set()
    server.shutdown()
    server.server_close()


def test_an_https_download_never_follows_a_redirect_to_plain_http_even_on_loopback(
        places, publisher, tls_publisher):
    server, trusted = tls_publisher
    https_base = f"https://127.0.0.1:{server.server_address[1]}"
    _write(places, _source())
    publisher.replies["/docs/report.pdf"] = [Reply()]  # the plain-http copy it must not take
    server.replies["/docs/report.pdf"] = [Reply(302, b"", location=f"{publisher.base_url}/docs/report.pdf")]
    server.replies["/docs/direct.pdf"] = [Reply()]
    settings = dataclasses.replace(_settings(https_base), context=trusted)
    downloader = download.Downloader(settings, io.StringIO())
    assert downloader.fetch("example-report", "https://example.org/docs/direct.pdf",
                            places.cache / "direct.pdf", lambda tmp: "ok") == ("ok", len(PDF))
    source = next(iter(registry.load(places.registry).values()))
    row = sources_cli.fetch(source, places, {}, downloader)
    assert row.status == sources_cli.MISSING and "which is not https" in row.detail
    assert publisher.hits["/docs/report.pdf"] == 0
    assert not (places.cache / "report.pdf").exists()


def test_update_refuses_a_json_error_body_for_a_csv_and_keeps_the_good_cached_copy(places, publisher):
    good = b"year,value\n2015,3400\n"
    _write(places, _source(kind="csv", file="data.csv", download_url="https://example.org/data.csv",
                           sha256=hashlib.sha256(good).hexdigest()))
    places.cache.mkdir()
    (places.cache / "data.csv").write_bytes(good)
    publisher.replies["/data.csv"] = [Reply(body=b'{"error":"rate limited"}')]
    row = _fetch(places, publisher, update=True)
    assert row.status == sources_cli.CORRUPT and "it is JSON" in row.error
    assert (places.cache / "data.csv").read_bytes() == good and _leftovers(places.cache) == []
    assert resolve.read_lock(places.registry) == {}


def test_a_failure_row_keeps_the_url_and_the_hint(places, publisher):
    _write(places, _source())
    row = _fetch(places, publisher)
    assert row.status == sources_cli.MISSING
    assert "HTTP 404" in row.detail and f"({publisher.base_url}/docs/report.pdf)" in row.detail
    assert "find the file's current URL and update sources/registry.yml" in row.detail


def test_a_merge_conflict_in_the_lock_file_is_one_line_naming_it_not_a_traceback(places, capsys):
    _write(places, _source())
    resolve.lock_path(places.registry).write_text("<<<<<<< HEAD\nexample-report: {}\n=======\n>>>>>>> b\n")
    assert sources_cli.main([], places) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: {resolve.lock_path(places.registry)}:1: merge conflict marker")
    assert error.count("\n") == 1
