"""Download one source file into the cache: HTTPS, bounded in time, never half-written.

Built on urllib rather than a client library because the project pins its direct dependencies
and the job is small, but each part matters for a build that runs unattended:

- separate timeouts: a short one to connect (an offline machine fails at once instead of
  hanging) and one per read (a server that stalls mid-file cannot hold the build forever), and
  an overall deadline per download, attempts included (a server that drips one byte at a time,
  each within the read timeout, cannot either); the deadline is checked after every read, so a
  download ends at most one read timeout after it;
- a size cap: the size the pin records (``bytes`` in the lock or the registry) where it is
  known, else ``Settings.max_bytes``; a larger announced or received body is refused at once,
  before it fills the disk;
- a bounded number of attempts with exponential backoff, for failures that may pass (HTTP 5xx,
  408, 429, timeouts, a connection reset, a body shorter than its Content-Length); a host that
  cannot be reached at all (no DNS, refused, connect timeout) is not retried nor tried again
  for the next source;
- HTTPS only, redirects included: an https download never follows a redirect to plain http,
  whatever the host. Plain http is allowed to loopback hosts alone, so that the tests can serve
  files from ``http.server`` on 127.0.0.1;
- the bytes go to a temporary name beside the destination and are renamed into place only
  after the caller's check (file type, sha256 pin) accepts them, so an interrupted or refused
  download leaves the cache as it was;
- a progress bar per file on stderr (redrawn in place on a terminal; one line in a log).

``Settings`` makes it injectable: tests shorten the timeouts, deadline and backoff, set
``base_url`` to their local server, which then serves each registry URL's path, and give the
TLS context that trusts their certificate.
"""
from __future__ import annotations

import errno
import functools
import http.client
import socket
import ssl
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from pipeline import atomic
from pipeline.errors import SourceMissing

USER_AGENT = "thb-background-paper/0.1 (make sources; Python urllib)"
LOOPBACK = ("127.0.0.1", "::1", "localhost")
_OFFLINE_HINT = ("Run `make sources` on a connected machine, or put the file in the mirror folder "
                 "($THB_SOURCES_MIRROR); until then the committed snapshot stands in")


@dataclass(frozen=True)
class Settings:
    connect_timeout: float = 5.0  # seconds to open the connection
    read_timeout: float = 30.0  # seconds any single read may wait
    deadline: float = 900.0  # seconds one download may take, all its attempts together
    max_bytes: int = 256 * 2**20  # the cap when the expected size is not known
    attempts: int = 3
    backoff: float = 1.0  # seconds before the second attempt, doubled for each further one
    base_url: str = ""  # if set, every URL's path and query are fetched from here instead
    context: ssl.SSLContext | None = None  # TLS settings (default: the system's trusted CAs)


class DownloadError(SourceMissing):
    """The download failed (network, HTTP status, body cut short): nothing was written."""


class _Transient(Exception):
    """A failure that another attempt may not meet."""


class _Unreachable(Exception):
    """The host cannot be reached at all: do not retry, do not try it again this run."""


class _ConnectTimeout(OSError):
    """Connecting took longer than the connect timeout (urllib wraps it in a URLError)."""


def allowed(url: str) -> bool:
    """https anywhere; plain http only to a loopback host (the tests' local server)."""
    parts = urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK)


def _timed(base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
    """A connection class that connects within ``timeout`` and then reads with ``read_timeout``."""

    class Timed(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args, read_timeout: float, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.read_timeout = read_timeout

        def connect(self) -> None:
            try:
                super().connect()
            except TimeoutError as error:
                raise _ConnectTimeout(f"no connection within {self.timeout} s") from error
            self.sock.settimeout(self.read_timeout)

    return Timed


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, read_timeout: float, context: ssl.SSLContext | None) -> None:
        super().__init__(context=context)
        self.connection = functools.partial(_timed(http.client.HTTPSConnection),
                                            read_timeout=read_timeout)

    def https_open(self, req):
        return self.do_open(self.connection, req, context=self._context)


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__()
        self.connection = functools.partial(_timed(http.client.HTTPConnection),
                                            read_timeout=read_timeout)

    def http_open(self, req):
        return self.do_open(self.connection, req)


class _HTTPSRedirectsOnly(urllib.request.HTTPRedirectHandler):
    """Never from https to anything else (even a loopback http), nor to a disallowed URL."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        downgrade = urlsplit(req.full_url).scheme == "https" and urlsplit(newurl).scheme != "https"
        if downgrade or not allowed(newurl):
            raise urllib.error.URLError(f"redirected to {newurl}, which is not https")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Downloader:
    """Fetches files one after the other, remembering hosts that could not be reached."""

    def __init__(self, settings: Settings = Settings(), progress: TextIO = sys.stderr) -> None:
        self.settings = settings
        self.progress = progress
        self.unreachable: dict[str, str] = {}  # host -> why

    def fetch(self, source_id: str, url: str, destination: Path,
              check: Callable[[Path], str], expected_bytes: int | None = None) -> tuple[str, int]:
        """Download ``url`` to ``destination``: (what ``check`` returns, bytes).

        ``check(temporary_path)`` accepts the complete download (returning its sha256) or
        raises; only then is the file moved into place. Its errors are not retried.
        ``expected_bytes`` (the pinned file's size, if known) caps the body instead of
        ``Settings.max_bytes``.
        """
        if self.settings.base_url:
            parts = urlsplit(url)
            url = self.settings.base_url.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")
        host = urlsplit(url).hostname or ""
        if not allowed(url):
            raise DownloadError(source_id, url, "not downloaded: plain http:// (only https is)",
                                "Give the source an https download_url in sources/registry.yml")
        if host in self.unreachable:
            raise DownloadError(source_id, url, f"{host} unreachable ({self.unreachable[host]})",
                                _OFFLINE_HINT)
        limit = _Limit(source_id, url, expected_bytes or self.settings.max_bytes,
                       "the size of the pinned file" if expected_bytes else "the download cap",
                       time.monotonic() + self.settings.deadline, self.settings.deadline)
        failure = ""
        for attempt in range(self.settings.attempts):
            if attempt:
                time.sleep(min(self.settings.backoff * 2 ** (attempt - 1), limit.remaining()))
                limit.check_time(0)
            try:
                with atomic.atomic_path(destination) as tmp:
                    size = self._get(source_id, url, tmp, limit)
                    digest = check(tmp)
                return digest, size
            except _Transient as error:
                failure = str(error)
            except _Unreachable as error:
                self.unreachable[host] = str(error)
                raise DownloadError(source_id, url, f"{host} unreachable ({error})", _OFFLINE_HINT) from None
        raise DownloadError(source_id, url, f"{failure} (gave up after {self.settings.attempts} "
                            "attempts)", "Try again later; until then the mirror folder or the "
                            "committed snapshot stands in")

    def _get(self, source_id: str, url: str, tmp: Path, limit: _Limit) -> int:
        """Write the body of ``url`` to ``tmp``; its size. Raises _Transient or _Unreachable."""
        host = urlsplit(url).hostname
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({} if host in LOOPBACK else None),
            _HTTPS(self.settings.read_timeout, self.settings.context),
            _HTTP(self.settings.read_timeout), _HTTPSRedirectsOnly())
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            response = opener.open(request, timeout=self.settings.connect_timeout)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code >= 500 or error.code in (408, 429):
                raise _Transient(f"HTTP {error.code} {error.reason}") from None
            raise DownloadError(source_id, url, f"HTTP {error.code} {error.reason}",
                                "The address may have moved: find the file's current URL and "
                                "update sources/registry.yml") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, (socket.gaierror, ConnectionRefusedError, _ConnectTimeout)) or (
                    isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)):
                raise _Unreachable(str(reason)) from None
            if isinstance(reason, (TimeoutError, ConnectionError)):
                raise _Transient(str(reason)) from None
            raise DownloadError(source_id, url, str(reason), "Check the URL in sources/registry.yml") from None
        except (TimeoutError, ConnectionError, http.client.HTTPException) as error:
            raise _Transient(f"{type(error).__name__}: {error}") from None
        with response:
            bar = _Progress(source_id, response.headers.get("Content-Length"), self.progress)
            limit.check_size(bar.total or 0, announced=True)
            return _save(response, tmp, bar, limit)


@dataclass(frozen=True)
class _Limit:
    """How much one download may receive, and until when: exceeding either ends it, unretried."""

    source_id: str
    url: str
    max_bytes: int
    why: str  # what the cap is: "the size of the pinned file" or "the download cap"
    deadline: float  # time.monotonic() by which it must be done
    seconds: float

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def check_size(self, size: int, announced: bool = False) -> None:
        if size > self.max_bytes:
            what = (f"the server announces {size} bytes, more than" if announced
                    else "more bytes arrived than")
            raise DownloadError(self.source_id, self.url,
                                f"refused: {what} the {self.max_bytes} of {self.why}",
                                "Nothing was kept. Check the URL in sources/registry.yml; if the "
                                "file really grew, accept it with `python -m pipeline sources fetch "
                                f"--update {self.source_id}`")

    def check_time(self, received: int) -> None:
        if time.monotonic() > self.deadline:
            raise DownloadError(self.source_id, self.url,
                                f"not done within the deadline of {self.seconds:g} s "
                                f"({received} bytes received)",
                                "The server is too slow: try again later; until then the mirror "
                                "folder or the committed snapshot stands in")


def _save(response, tmp: Path, bar: _Progress, limit: _Limit) -> int:
    received = 0
    try:
        with open(tmp, "wb") as out:
            # read1: at most one receive per call, so that the deadline is checked between them.
            while block := response.read1(1 << 16):
                out.write(block)
                received += len(block)
                limit.check_size(received)
                limit.check_time(received)
                bar.update(received)
    except (TimeoutError, ConnectionError, http.client.HTTPException) as error:
        raise _Transient(f"{type(error).__name__} after {received} bytes: {error}") from None
    finally:
        bar.done(received)
    if bar.total is not None and received < bar.total:
        raise _Transient(f"body cut short: {received} of {bar.total} bytes")
    return received


class _Progress:
    """``source-id [#####.....]  48%  1.2 of 2.5 MB``: redrawn in place on a terminal, else once."""

    def __init__(self, label: str, total: str | None, stream: TextIO) -> None:
        self.label, self.stream = label, stream
        self.total = int(total) if total and total.isdigit() else None
        self.live = stream.isatty()
        self.drawn = 0.0

    def update(self, received: int) -> None:
        if self.live and time.monotonic() - self.drawn >= 0.1:
            self.drawn = time.monotonic()
            self.stream.write("\r" + self.line(received))
            self.stream.flush()

    def done(self, received: int) -> None:
        self.stream.write(("\r" if self.live else "") + self.line(received) + "\n")
        self.stream.flush()

    def line(self, received: int) -> str:
        size = f"{received / 1e6:.1f}" + (f" of {self.total / 1e6:.1f} MB" if self.total else " MB")
        if not self.total:
            return f"{self.label}  {size}"
        filled = min(20, 20 * received // self.total)
        return f"{self.label} [{'#' * filled}{'.' * (20 - filled)}] {100 * received // self.total:3d}%  {size}"
