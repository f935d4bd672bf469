"""The technical note's map of the paper: each paragraph, the numbers it prints and the documents
it cites, each number and document described once (pipeline/paper/trace.py)."""
from __future__ import annotations

import pandas as pd
from test_markup import unescaped

from pipeline.analysis.variables import count, key_figure
from pipeline.paper import manuscript, trace
from pipeline.sources import registry

SOURCE = """---
abstract: |
  1. A key message of {{< var a.n >}} words.^[@doc-a.]
---

# Introduction {#sec-intro}

Before the trends, a paragraph that cites nothing.

## Detail

The first number, {{< var a.n >}}, and a citation.^[@doc-a; @doc-b.] See @sec-intro.

[Only in the update, {{< var b.n >}}.]{.content-visible when-profile="update"}

| Country | Law |
|---|---|
| Mali | a law^[@doc-b.] |

: A table {#tbl-x}

# Annex A. Partners {#sec-annex .unnumbered}

{{< include _generated/partners.md >}}
"""


def _source(source_id: str, producer: str, year: int, **fields) -> registry.Source:
    return registry.Source(id=source_id, kind="document", producer=producer, title=f"Title of {source_id}",
                           year=year, url="", accessed=None, licence="", **fields)


def test_each_paragraph_of_an_edition_is_numbered_in_its_section_with_its_numbers_and_citations(tmp_path):
    document = manuscript.parse(SOURCE, tmp_path / "x.qmd", frozenset({"meeting"}))
    found = trace.paragraphs(document)
    assert [(p.label, p.kind, p.keys, p.citations) for p in found] == [
        ("Key messages ¶1", "abstract", ("a.n",), ("doc-a",)),
        ("1 ¶1", "body", (), ()),
        ("1.1 ¶1", "body", ("a.n",), ("doc-a", "doc-b")),  # the footnote goes with its paragraph
        ("1.1 ¶2", "table", (), ("doc-b",)),  # the cells of a table, one paragraph
        ("1.1 ¶3", "caption", (), ()),
    ]  # the update's sentence is not in the meeting edition; the include is no paragraph
    assert found[2].begins == "The first number, #, and a citation. See …"
    update = trace.paragraphs(manuscript.parse(SOURCE, tmp_path / "x.qmd", frozenset({"update"})))
    assert update[3].keys == ("b.n",)


def test_every_number_is_described_once_and_numbered_in_the_order_the_paper_prints_it(tmp_path):
    found = trace.paragraphs(manuscript.parse(SOURCE, tmp_path / "x.qmd", frozenset({"meeting"})))
    provenance = {"table": "t", "sources": [{"id": "doc-a"}]}
    figures = {"a.n": key_figure("a.n", count(1234), provenance, "sum(x), year == 2014")}
    sources = {"doc-a": _source("doc-a", "United Nations Office on Drugs and Crime (UNODC)", 2014),
               "doc-b": _source("doc-b", "Eurostat", 2015)}
    assert trace.numbering(found) == {"a.n": "N1"}
    numbers = unescaped(trace.numbers_annex(found, figures, sources))
    assert numbers.count("**N1**") == 1 and "1,234: sum(x), year == 2014. *From* UNODC 2014, table t." in numbers
    table = unescaped(trace.map_annex(found, figures, sources))
    assert "| 1.1 ¶1 | The first number, #, and a citation. See … | 1,234 (N1) | UNODC 2014; Eurostat 2015 |" in table
    assert "| 1 ¶1 |" not in table  # a paragraph without number or source is left out
    assert "a.n" not in table and "a.n" not in numbers  # no internal key in the reader's note


def test_each_cited_document_says_how_it_was_verified(tmp_path, monkeypatch):
    found = trace.paragraphs(manuscript.parse(SOURCE, tmp_path / "x.qmd", frozenset({"meeting"})))
    sources = {"doc-a": _source("doc-a", "UNODC", 2014, file="a.pdf", sha256="ab" * 32),
               "doc-b": _source("doc-b", "Eurostat", 2015),
               "copy-b": registry.Source(id="copy-b", kind="web", producer="Someone", title="A copy", year=2026,
                                         url="https://www.example.org/b", accessed=pd.Timestamp("2026-12-07").date(),
                                         licence=""),
               "doc-c": _source("doc-c", "Nobody", 2010)}
    monkeypatch.setattr(trace, "verifications", lambda _sources: {"doc-b": ["copy-b"]})
    checked = pd.DataFrame({"source_id": ["doc-a", "doc-a"], "status": ["found where cited", "not found"]})
    text = unescaped(trace.documents_annex(found, ["doc-c"], sources, checked))
    assert "**In hand** (1): UNODC 2014, *Title of doc-a* (a.pdf, sha256 abababababab; 1 of 2 passages found)." in text
    assert "consulted on 7 December 2026" in text and "Eurostat 2015, *Title of doc-b* (example.org)" in text
    assert "**Not verified here** (1): Nobody 2010, *Title of doc-c*." in text  # cited by an annex only
