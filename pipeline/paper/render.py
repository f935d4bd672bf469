"""Render a manuscript of the paper (``index.qmd``) to HTML, PDF and DOCX, with Quarto or without.

The paper is a Quarto manuscript, and Quarto renders it where Quarto is installed. Quarto is
not installable everywhere the paper must build (CI, some developer machines), so without it
this module falls back to pandoc (from ``pypandoc-binary``) and Typst (``typst``, in-process),
both of which pip installs. ``paper/filters/quarto-subset.lua`` teaches pandoc the part of
Quarto the paper uses, and nothing more; anything outside it stops the render with an error
that names it rather than leaving ``?@fig-x`` or ``{{< ... >}}`` in the output:

* ``{{< include path >}}`` alone in its paragraph: the file's markdown in its place, before
  anything else, so generated annexes (``_generated/*.md``) get variables, numbers and
  cross-references like the text around them (a missing file fails, naming it);
* ``{{< var key.sub >}}`` from ``_variables.yml`` beside ``index.qmd`` (an unknown key fails);
  whichever renderer runs, a generated ``_variables.yml`` must first print exactly what its
  provenance file records (:func:`pipeline.analysis.variables.check`), or nothing is rendered;
* ``@fig-id``, ``@tbl-id``, ``@sec-id`` cross-references (``[-@fig-id]`` for the number alone);
  an unknown id fails;
* figures ``![Caption](file){#fig-id fig-alt="..."}`` and pipe tables with
  ``: Caption {#tbl-id}``, numbered in document order;
* headings with ``{#sec-id}`` and ``{.unnumbered}`` (an annex carries its letter in its
  unnumbered heading: ``{.appendix}``, which Quarto numbers as a section, is refused);
* the title block: title, subtitle, author (names or {name, affiliation}), date, abstract;
* the five ``::: {.callout-*}`` kinds as a titled box;
* Quarto profiles: ``_quarto-<profile>.yml`` merged over ``_quarto.yml``, and
  ``.content-visible`` / ``.content-hidden`` divs and spans with ``when-profile`` or
  ``unless-profile`` (any other div class, or condition, fails);
* ``date-format`` (``MMMM YYYY``, ``D MMMM YYYY``) and ``lang`` (any language with a locale
  record, ``paper/locales/<lang>.yml``: the labels of figures, tables, sections and appendices,
  the month names and the PDF's quotation marks, which this module passes to the filters).

docs/rendering-fallback.md documents the subset for authors. The fallback's HTML is self-contained
(images, CSS inline; nothing fetched from another host) and its PDF uses only fonts bundled
with Typst, so both come out the same on every machine. They also come out the same at every
time: a PDF embeds its creation date, and Typst derives the document id from it, so the date is
taken from the inputs, never the clock (:func:`source_date_epoch`: ``$SOURCE_DATE_EPOCH`` if set,
else the manuscript's ``date``), which makes two builds of the same inputs identical to the bit
(``make verify`` checks it). Every output is written under a
temporary name and moved into place only when all requested formats have rendered, so a
failed render never leaves a half-written file nor replaces an earlier good one.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml

from pipeline import atomic, paths
from pipeline.analysis import variables
from pipeline.errors import Reported
from pipeline.paper import manuscript as manuscript_reader
from pipeline.paths import display

OUTPUT_STEM = "background-paper"
FORMATS = ("html", "pdf", "docx")
#: Quarto's name of each format (Quarto renders PDF through Typst here, as the fallback does).
QUARTO_FORMATS = {"html": "html", "pdf": "typst", "docx": "docx"}

# The fallback's own files, relative to the paper folder (the project's copy if the paper
# folder being rendered has none, e.g. a test's sample manuscript).
LUA_FILTER = Path("filters/quarto-subset.lua")
HTML_TEMPLATE = Path("fallback-template.html")
TYPST_TEMPLATE = Path("fallback-template.typ")
CSS = Path("fallback.css")

# _quarto.yml keys that Quarto passes on to the document as metadata (the document wins).
PROJECT_METADATA_KEYS = (
    "title", "subtitle", "author", "date", "date-format", "abstract", "lang", "language",
    "bibliography", "csl", "nocite", "link-citations", "toc-title", "toc-depth",
    "reference-section-title",
)

# Pandoc warnings that mean the paper is wrong, not just untidy.
FATAL_WARNINGS = re.compile(r"citation \S+ not found|Could not fetch resource|Could not find image|"
                            r"Could not convert image")


class RenderError(Reported, RuntimeError):
    """The paper could not be rendered; the message says why (and names the culprit)."""


@dataclass(frozen=True)
class RenderResult:
    """What rendered the paper and where each format was written."""

    renderer: str
    outputs: dict[str, Path]


def render(
    paper_dir: Path,
    output_dir: Path,
    formats: Iterable[str] = ("html", "pdf"),
    *,
    engine: str = "auto",
    manuscript: str = "index.qmd",
    stem: str = OUTPUT_STEM,
    profiles: Iterable[str] = (),
    metadata: dict[str, str] | None = None,
) -> RenderResult:
    """Render ``paper_dir/<manuscript>`` into ``output_dir/<stem>.<format>``.

    ``profiles`` are the Quarto profiles to activate (``_quarto-<profile>.yml``), ``metadata``
    values that win over the project's and the document's (an edition's ``date``). ``engine``
    is ``"auto"`` (Quarto when ``quarto`` is on PATH, else the fallback), ``"quarto"`` or
    ``"pandoc"`` (the fallback, even where Quarto exists: to compare them). Raises
    :class:`RenderError` on any failure, leaving earlier outputs untouched.
    """
    paper_dir, output_dir = Path(paper_dir).resolve(), Path(output_dir).resolve()
    formats = tuple(dict.fromkeys(formats))
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise RenderError(f"formats must be among {FORMATS}, got {formats}")
    if engine not in ("auto", "quarto", "pandoc"):
        raise RenderError(f"engine must be auto, quarto or pandoc, got {engine!r}")
    if not (paper_dir / manuscript).is_file():
        raise RenderError(f"no {manuscript} in {paper_dir}")
    profiles, metadata = tuple(profiles), dict(metadata or {})
    for profile in profiles:
        if not (paper_dir / f"_quarto-{profile}.yml").is_file():
            raise RenderError(f"no profile {profile!r}: {paper_dir / f'_quarto-{profile}.yml'} does not exist")
    if (paper_dir / "_variables.yml").is_file():
        try:
            variables.check(paper_dir / "_variables.yml")
        except variables.VariablesEdited as error:
            raise RenderError(str(error)) from None
    output_dir.mkdir(parents=True, exist_ok=True)
    job = Job(paper_dir, manuscript, stem, profiles, metadata)

    quarto = shutil.which("quarto") if engine != "pandoc" else None
    if engine == "quarto" and not quarto:
        raise RenderError("engine='quarto' but quarto is not on PATH")
    if quarto:
        result = _render_with_quarto(quarto, job, output_dir, formats)
    else:
        result = _render_with_pandoc(job, output_dir, formats)
    print(f"rendered {manuscript}{' (profile ' + ', '.join(profiles) + ')' if profiles else ''} with {result.renderer}")
    for fmt, path in result.outputs.items():
        print(f"  {fmt}: {display(path)}")
    return result


@dataclass(frozen=True)
class Job:
    """What to render: the project folder, its manuscript, the outputs' stem, the profiles and the
    metadata that wins over the project's and the document's."""

    paper_dir: Path
    manuscript: str
    stem: str
    profiles: tuple[str, ...]
    metadata: dict[str, str]

    @property
    def source(self) -> Path:
        return self.paper_dir / self.manuscript


# --- Reproducible timestamps ----------------------------------------------------------------

#: When the inputs give no date: a fixed one (as reproducible builds use), never the clock.
DEFAULT_EPOCH = 315532800  # 1980-01-01T00:00:00Z
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def source_date_epoch(paper_dir: Path, manuscript: str = "index.qmd",
                      metadata: dict[str, str] | None = None, profiles: Iterable[str] = ()) -> int:
    """The build's timestamp, from the inputs: ``$SOURCE_DATE_EPOCH`` (the reproducible-builds
    convention) if set, else the ``date`` the render is given (an edition's), else the
    manuscript's (``2015``, ``2015-11``, ``2015-11-12``) from its front matter or the project's
    configuration, at midnight UTC, else :data:`DEFAULT_EPOCH`."""
    configured = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if configured:
        if not configured.isdigit():
            raise RenderError(f"SOURCE_DATE_EPOCH={configured!r} is not a number of seconds")
        return int(configured)
    date = (metadata or {}).get("date")
    if date is None:
        date = _front_matter(paper_dir / manuscript).get("date")
    date = date if date is not None else _project_metadata(paper_dir, profiles).get("date")
    match = _DATE.fullmatch(str(date).strip()) if date is not None else None
    if not match:  # none, or "today": the clock is not an input
        return DEFAULT_EPOCH
    year, month, day = (int(part or 1) for part in match.groups())
    return int(dt.datetime(year, month, day, tzinfo=dt.timezone.utc).timestamp())


# --- Quarto -----------------------------------------------------------------------------


def _render_with_quarto(quarto: str, job: Job, output_dir: Path, formats) -> RenderResult:
    """``quarto render`` the manuscript in each format, then move the outputs into place.

    Quarto writes them itself to the project's ``_output`` folder, named after the manuscript;
    only the copy under their final names is atomic here.
    """
    hidden = [part for part in job.paper_dir.parts if part.startswith(".") and part not in (".", "..")]
    if hidden:
        raise RenderError(f"{job.paper_dir} lies inside the hidden folder {hidden[0]!r}, which Quarto "
                          "does not treat as a project: it would write beside the manuscript, leave "
                          "{{< var >}} unresolved and exit 0. Move the project out of it, or render "
                          "with the fallback (engine 'pandoc')")
    version = _run([quarto, "--version"], cwd=job.paper_dir).stdout.strip()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch(job.paper_dir, job.manuscript,
                                                                      job.metadata, job.profiles))}
    built = job.paper_dir / "_output"
    staged = {}
    for fmt in formats:
        command = [quarto, "render", job.manuscript, "--to", QUARTO_FORMATS[fmt]]
        if job.profiles:
            command += ["--profile", ",".join(job.profiles)]
        metadata = {**_locale(job).filter_metadata(*FILTER_METADATA), **job.metadata}
        for key, value in metadata.items():
            command += ["-M", f"{key}:{value}"]
        _run(command, cwd=job.paper_dir, stream=True, env=env)
        source = built / f"{Path(job.manuscript).stem}.{fmt}"
        if not source.is_file():
            raise RenderError(f"quarto render wrote no {fmt} output (looked for {display(source)})")
        _check_resolved(source, fmt)
        staged[fmt] = source
    outputs = {}
    for fmt, source in staged.items():
        target = output_dir / f"{job.stem}.{fmt}"
        if source.resolve() != target.resolve():
            tmp = atomic.temporary_beside(target)
            shutil.copyfile(source, tmp)
            _commit({target: tmp})
        outputs[fmt] = target
    return RenderResult(f"quarto {version}", outputs)


#: What Quarto prints where it could not resolve a shortcode or a variable, and exits 0.
UNRESOLVED = ("?var:", "{{<")


def _check_resolved(path: Path, fmt: str) -> None:
    """Refuse an output in which Quarto left a variable or a shortcode unresolved (it only warns)."""
    if fmt == "html":
        text = path.read_text(encoding="utf-8", errors="replace")
    elif fmt == "docx":
        with zipfile.ZipFile(path) as archive:
            text = archive.read("word/document.xml").decode("utf-8", errors="replace").replace("&lt;", "<")
    else:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    found = [mark for mark in UNRESOLVED if mark in text]
    if found:
        raise RenderError(f"quarto render left {' and '.join(map(repr, found))} unresolved in "
                          f"{display(path)}: a variable or shortcode Quarto could not resolve; "
                          "nothing was copied to the output folder")


# --- Fallback: pandoc + Typst ------------------------------------------------------------


def _render_with_pandoc(job: Job, output_dir: Path, formats) -> RenderResult:
    import pypandoc
    import typst

    pandoc = pypandoc.get_pandoc_path()
    renderer = (f"pandoc {pypandoc.get_pandoc_version()} + typst {typst.__version__} "
                "(Quarto subset filter)")
    lua_filter, html_template, typst_template, css = (
        _asset(job.paper_dir, part) for part in (LUA_FILTER, HTML_TEMPLATE, TYPST_TEMPLATE, CSS))

    staged: dict[Path, Path] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="render-") as work:
            work = Path(work)
            # Read, filter and cite once (the content pass, as pandoc JSON); then write each format.
            document = work / "document.json"
            _pandoc(_pandoc_common_args(pandoc, job, lua_filter, work)
                    + ["--metadata", "quarto-subset-phase=content", "--to", "json", "--output", str(document)],
                    cwd=job.paper_dir)
            writer = [pandoc, str(document), "--from", "json", "--lua-filter", str(lua_filter),
                      "--metadata", "quarto-subset-phase=format", *WRITER_OPTIONS,
                      "--resource-path", str(job.paper_dir)]
            if "html" in formats:
                target = output_dir / f"{job.stem}.html"
                staged[target] = tmp = atomic.temporary_beside(target)
                _pandoc(writer + [
                    "--to", "html5", "--standalone", "--embed-resources", "--mathml",
                    "--template", str(html_template), "--css", str(css),
                    "--output", str(tmp),
                ] + _format_options(job, "html"), cwd=job.paper_dir)
            if "pdf" in formats:
                target = output_dir / f"{job.stem}.pdf"
                staged[target] = tmp = atomic.temporary_beside(target)
                source = work / f"{job.stem}.typ"
                _pandoc(writer + [
                    "--to", "typst", "--standalone",
                    "--template", str(typst_template),
                    "--output", str(source),
                ] + _format_options(job, "typst"), cwd=job.paper_dir)
                _typst_pdf(typst, source, tmp, source_date_epoch(job.paper_dir, job.manuscript,
                                                                 job.metadata, job.profiles))
            if "docx" in formats:
                target = output_dir / f"{job.stem}.docx"
                staged[target] = tmp = atomic.temporary_beside(target)
                epoch = source_date_epoch(job.paper_dir, job.manuscript, job.metadata, job.profiles)
                _pandoc(writer + ["--to", "docx", "--output", str(tmp)] + _format_options(job, "docx"),
                        cwd=job.paper_dir, epoch=epoch)
                _fix_docx_date(tmp, epoch)
        _commit(staged)
    except BaseException:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        raise
    return RenderResult(renderer, {t.suffix[1:]: t for t in staged})


def _fix_docx_date(path: Path, timestamp: int) -> None:
    """A DOCX is a zip whose entries carry their time: set every entry to ``timestamp`` (the same
    bytes at every build), keeping the order and the compression of pandoc's archive."""
    when = dt.datetime.fromtimestamp(max(timestamp, DEFAULT_EPOCH), dt.timezone.utc).timetuple()[:6]
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
            archive.writestr(fixed, data)


def _asset(paper_dir: Path, part: Path) -> Path:
    found = _asset_path(paper_dir, part)
    if found is None:
        raise RenderError(f"the fallback renderer needs {paper_dir / part}")
    return found


def _asset_path(paper_dir: Path, part: Path) -> Path | None:
    """``part`` in the project folder, else in the project's paper/ (a staged project has no
    filters/ of its own), else None."""
    for folder in (paper_dir, paths.PAPER):
        if (folder / part).is_file():
            return folder / part
    return None


#: What every format's writer is told: numbered sections and no line wrapping (the table of
#: contents is a format's option: :func:`_format_options`).
WRITER_OPTIONS = ("--number-sections", "--wrap", "none")


def _pandoc_common_args(pandoc: str, job: Job, lua_filter: Path, work: Path) -> list[str]:
    """The content pass: reader, filter order and metadata, the same for every format.

    The Lua filter comes before ``--citeproc`` because pandoc parses ``@fig-x`` as a citation:
    the filter turns cross-references into links first, so citeproc sees real citations only.
    The project's metadata (``_quarto.yml``, then each profile's file over it) comes in a
    metadata file, which the document's own front matter overrides, as in Quarto; the render's
    ``metadata`` (an edition's date) comes last and wins, as ``quarto render -M`` does. The
    active profiles are handed to the filter as ``quarto-profile``, and the words of the
    document's language (from its locale record) as ``locale-*``.
    """
    args = [
        pandoc, str(job.source), *manuscript_reader.READER,
        "--lua-filter", str(lua_filter), "--citeproc",
        "--resource-path", str(job.paper_dir),
    ]
    project = {**_project_metadata(job.paper_dir, job.profiles), "quarto-profile": list(job.profiles)}
    metadata = work / "project-metadata.yml"
    metadata.write_text(yaml.safe_dump(project, allow_unicode=True), encoding="utf-8")
    args += ["--metadata-file", str(metadata)]
    document = _front_matter(job.source)
    words = _locale(job)
    overrides = {**words.filter_metadata("quarto"), **job.metadata}
    if "date" in job.metadata:
        form = document.get("date-format") or project.get("date-format")
        overrides["date"] = formatted_date(job.metadata["date"], form, words.code)
    for key, value in overrides.items():
        args += ["--metadata", f"{key}={value}"]
    return args


def _locale(job: Job):
    """The locale record of the document's ``lang`` (its front matter's, else the project's)."""
    from pipeline import language

    lang = _front_matter(job.source).get("lang") or _project_metadata(job.paper_dir, job.profiles).get("lang")
    try:
        return language.locale(language.of(lang))
    except language.LanguageError as error:
        raise RenderError(f"{display(job.source)}: lang {lang!r}: {error}") from None


#: What the post-render filters read of the document's locale record, with either renderer: the
#: quotation marks (filters/typst-quotes.lua) and the typography (filters/typography.lua).
FILTER_METADATA = ("quotes", "typography")

#: The date formats of Quarto (dayjs tokens) that the fallback writes, by language.
DATE_FORMATS = ("MMMM YYYY", "D MMMM YYYY")


def formatted_date(date: str, form: str | None, lang: str) -> str:
    """``2015-11-30`` as ``date-format`` writes it in ``lang`` (a ``lang`` tag or a language code:
    "November 2015", "novembre 2015")."""
    from pipeline import language

    if form is None:
        return date
    if form not in DATE_FORMATS:
        raise RenderError(f"date-format {form!r} is not supported by the fallback renderer "
                          f"(it writes {' and '.join(DATE_FORMATS)}): docs/rendering-fallback.md")
    day, words = dt.date.fromisoformat(str(date)), language.locale(language.of(lang))
    return words.date(day) if form.startswith("D ") else words.month(day.year, day.month)


def _format_options(job: Job, quarto_format: str) -> list[str]:
    """The options of a format in ``_quarto.yml`` that the fallback honours, as pandoc's
    (each after ``--citeproc``, so that a post-render filter sees the citations).

    ``default-image-extension``: the manuscript names its figures without an extension, so that
    each format takes the file it can show (SVG on screen and in print, PNG in a DOCX, which
    pandoc cannot fill from an SVG without librsvg). ``include-in-header``: a file of the
    project (the Typst rules that let figures float).
    """
    config = job.paper_dir / "_quarto.yml"
    project = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}) if config.is_file() else {}
    document = _front_matter(job.source)
    # A format's options: the project's, overlaid by the document's own (``format: typst:`` in
    # its front matter), as Quarto merges them.
    options = {}
    for level in (project, document):
        given = (level.get("format") or {}).get(quarto_format) if isinstance(level.get("format"), dict) else None
        options.update(given if isinstance(given, dict) else {})
    args = []
    # `toc` and `toc-depth` as Quarto reads them: the format's own, else the document's, else the
    # project's (a DOCX for review with tracked changes asks for none).
    toc, depth = ({**project, **document, **options}.get(key) for key in ("toc", "toc-depth"))
    if toc:
        args += ["--toc", "--toc-depth", str(depth or 3)]
    styles = options.get("css") or []
    for style in [styles] if isinstance(styles, str) else styles:
        if quarto_format != "html" or not (job.paper_dir / str(style)).is_file():
            raise RenderError(f"{config}: format {quarto_format}: css {style!r} is not a file of the project")
        args += ["--css", str(job.paper_dir / style)]
    if extension := options.get("default-image-extension"):  # the writer pass adds it (the reader's
        args += ["--metadata", f"quarto-subset-image-extension={extension}"]  # option comes too late)
    # The quotation marks and the typography of the language, for the post-render filters
    # (filters/typst-quotes.lua, filters/typography.lua).
    args += [f"--metadata={key}={value}" for key, value in _locale(job).filter_metadata(*FILTER_METADATA).items()]
    if quarto_format == "typst":  # the body's type size and the page's margins (a dense technical note)
        if fontsize := options.get("fontsize"):
            if not re.fullmatch(r"\d+(\.\d+)?pt", str(fontsize)):
                raise RenderError(f"{job.source}: format typst: fontsize {fontsize!r} is not a size in points (10pt)")
            args += ["--variable", f"fontsize={fontsize}"]
        margin = options.get("margin") or {}
        for side, size in (margin.items() if isinstance(margin, dict) else [("margin", margin)]):
            if side not in ("x", "y") or not re.fullmatch(r"\d+(\.\d+)?(cm|mm|in|pt)", str(size)):
                raise RenderError(f"{job.source}: format typst: margin {margin!r}: the fallback takes "
                                  "`x` and `y`, each a length (2cm)")
            args += ["--variable", f"margin-{side}={size}"]
    headers = options.get("include-in-header") or []
    for header in [headers] if isinstance(headers, str) else headers:
        if not isinstance(header, str) or not (job.paper_dir / header).is_file():
            raise RenderError(f"{config}: format {quarto_format}: include-in-header {header!r} is not a "
                              "file of the project (the fallback includes files only)")
        args += ["--include-in-header", str(job.paper_dir / header)]
    # The project's filters, for every format, then the format's own, once each: as Quarto
    # merges the two lists.
    listed_filters = [*(project.get("filters") or []), *(options.get("filters") or [])]
    for listed in [item for n, item in enumerate(listed_filters) if item not in listed_filters[:n]]:
        path = listed.get("path") if isinstance(listed, dict) else None
        if not path or listed.get("at") != "post-render" or not _asset_path(job.paper_dir, Path(path)):
            raise RenderError(f"{config}: format {quarto_format}: filter {listed!r} is not supported by the "
                              "fallback renderer, which runs Lua filters of the project at post-render "
                              "only (docs/rendering-fallback.md)")
        args += ["--lua-filter", str(_asset_path(job.paper_dir, Path(path)))]
    return args


def _front_matter(path: Path) -> dict:
    """The document's front matter, read by pandoc as Quarto reads it (a ManuscriptError, naming
    the file, if pandoc cannot)."""
    try:
        return manuscript_reader.front_matter(path)
    except manuscript_reader.ManuscriptError as error:
        raise RenderError(str(error)) from None


def _project_metadata(paper_dir: Path, profiles: Iterable[str] = ()) -> dict:
    """The document metadata that Quarto would take from ``_quarto.yml`` and its profiles."""
    merged: dict = {}
    for config in [paper_dir / "_quarto.yml", *(paper_dir / f"_quarto-{p}.yml" for p in profiles)]:
        if not config.is_file():
            continue
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
        merged.update({k: data[k] for k in PROJECT_METADATA_KEYS if k in data})
    return merged


def _pandoc(args: list[str], cwd: Path, epoch: int | None = None) -> None:
    """Run pandoc; filter errors and fatal warnings become a RenderError naming the cause.
    ``epoch``: the time pandoc writes into the document (a DOCX's creation date), as
    ``SOURCE_DATE_EPOCH``, so that it is the inputs' and not the clock's."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)} if epoch is not None else None
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    lines = proc.stderr.splitlines()
    ours = [line.strip() for line in lines if line.strip().startswith("quarto-subset:")]
    fatal = [line.strip() for line in lines if FATAL_WARNINGS.search(line)]
    if proc.returncode != 0 or fatal:
        detail = "\n".join(ours or fatal or lines[-15:]) or f"exit status {proc.returncode}"
        raise RenderError(f"pandoc failed rendering {display(Path(args[1]))}:\n{detail}")
    for line in lines:
        if line.strip():
            print(f"pandoc: {line}", file=sys.stderr)


def _typst_pdf(typst, source: Path, output: Path, timestamp: int) -> None:
    """Compile Typst to PDF in-process with the bundled fonts only (same PDF on every machine),
    dated ``timestamp`` (the same PDF at every time: Typst derives the document id from it too).

    Root is the filesystem root because the filter hands Typst absolute image paths (figures
    may live outside the paper folder, e.g. ``../figures``).
    """
    try:
        pdf = typst.compile(
            str(source), format="pdf", root=source.anchor, ignore_system_fonts=True,
            timestamp=timestamp,
        )
    except typst.TypstError as error:
        raise RenderError(f"typst failed compiling the paper: {error.message}\n"
                          f"{error.diagnostic}") from error
    output.write_bytes(pdf)


# --- Atomic outputs ------------------------------------------------------------------------

def _commit(staged: dict[Path, Path]) -> None:
    """Move every finished temporary file onto its target (readable like any new file)."""
    for target, tmp in staged.items():
        atomic.commit(tmp, target)


def _run(args: list[str], cwd: Path, stream: bool = False,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, cwd=cwd, text=True, env=env,
                          stdout=None if stream else subprocess.PIPE,
                          stderr=None if stream else subprocess.PIPE)
    if proc.returncode != 0:
        raise RenderError(f"{' '.join(args)} failed with exit status {proc.returncode}"
                          + (f":\n{proc.stderr.strip()}" if proc.stderr else ""))
    return proc
