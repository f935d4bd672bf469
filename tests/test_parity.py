"""The French meeting paper and the English one stay in parity: the same sections, figures,
tables, annexes, conditional content, bound variables, cross-references and sources, and no
English left in the French body (pipeline/paper/parity.py)."""
from __future__ import annotations

import re

import pytest
from test_editions import visible_text

from pipeline import paths
from pipeline.paper import editions, parity

ENGLISH = (paths.PAPER / "index.qmd").read_text(encoding="utf-8")
FRENCH = (paths.PAPER / "index-fr.qmd").read_text(encoding="utf-8")


#: The profiles of the editions that have a French paper: parity is checked as each renders.
FRENCH_PROFILES = [frozenset({edition.profile}) for edition in editions.EDITIONS.values()
                   if ("fr", "paper") in edition.documents]


@pytest.mark.parametrize("profiles", FRENCH_PROFILES, ids=lambda profiles: ",".join(sorted(profiles)))
def test_the_french_manuscript_is_in_parity_with_the_english_in_each_edition_it_has(profiles):
    assert parity.differences(ENGLISH, FRENCH, profiles=profiles) == []
    binds = parity.structure(FRENCH, profiles=profiles)
    assert len(binds.variables) > 80 and len(binds.figures) == 9 and "tbl-distinction" in binds.tables


def test_a_variable_removed_from_one_language_is_named():
    key = "glotip.citizenship.top_country"
    assert FRENCH.count(f"{{{{< var {key} >}}}}") >= 1
    drifted = FRENCH.replace(f"{{{{< var {key} >}}}}", "le Nigéria")
    assert parity.differences(ENGLISH, drifted) == [f"variables: not in the French: {key}"]


def test_a_figure_out_of_order_a_lost_section_or_a_lost_edition_block_is_named():
    first, second = re.findall(r"^!\[.*\{#fig-[^\n]*$", FRENCH, flags=re.M)[:2]
    swapped = FRENCH.replace(first, "\0").replace(second, first).replace("\0", second)
    [found] = parity.differences(ENGLISH, swapped)
    assert found.startswith("figures differ: English ['fig-exploitation") and "French ['fig-children" in found
    without = re.sub(r"^# [^\n]*\{#sec-results\}\n", "", FRENCH, flags=re.M)
    [found] = parity.differences(ENGLISH, without)
    assert found.startswith("sections differ") and "'# #sec-results'" in found
    # A bare ":::" opens no div: pandoc reads it, and the figure after it, as a paragraph.
    unconditional = FRENCH.replace('::: {.content-visible when-profile="update"}', ":::", 1)
    found = parity.differences(ENGLISH, unconditional)
    assert [line.split(":")[0] for line in found] == ["figures differ", "conditions differ"]


def test_no_english_is_left_in_the_french_body(built):
    """In the French paper of the session's build (tests/builds.py)."""
    body = visible_text(built / paths.PAPER_OUTPUT.relative_to(paths.ROOT) / "background-paper-fr.html",
                        body_only=True)
    assert parity.foreign_words(body, "fr") == []


def test_every_link_to_an_annex_names_the_letter_its_heading_carries():
    """Annexes carry their letter in their heading ("Annex A. ..."), as both renderers show them;
    a link to one must say the same letter."""
    for text in (ENGLISH, FRENCH):
        letters = dict((anchor, letter) for letter, anchor in re.findall(
            r"^# Annexe? ([A-Z])\. [^\n]*\{#(sec-[\w-]+)", text, flags=re.M))
        links = re.findall(r"\[[Aa]nnexe? ([A-Z])\]\(#(sec-[\w-]+)\)", text)
        assert letters and links
        assert [(letter, anchor) for letter, anchor in links if letters.get(anchor) != letter] == []
