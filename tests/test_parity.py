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
    assert parity.differences(ENGLISH, FRENCH, profiles=profiles, project=paths.PAPER) == []
    binds = parity.structure(FRENCH, profiles=profiles, project=paths.PAPER)
    assert len(binds.variables) > 80 and len(binds.figures) == 8 and "tbl-distinction" in binds.tables


#: The meeting edition: the one edition the French paper has.
MEETING = frozenset({editions.MEETING.profile})


def test_a_variable_removed_from_one_language_is_named():
    key = "glotip.convictions.world_latest"
    assert FRENCH.count(f"{{{{< var {key} >}}}}") >= 1
    drifted = FRENCH.replace(f"{{{{< var {key} >}}}}", "4 673")
    found = parity.differences(ENGLISH, drifted, profiles=MEETING, project=paths.PAPER)
    assert found == [f"variables: not in the French: {key}"]


def test_a_country_s_people_binds_the_key_figure_that_names_the_country():
    """French writes "les Nigérians" (``..._people``) where English writes "citizens of Nigeria":
    the same key figure, in another form."""
    key = "glotip.citizenship.top_country"
    assert f"{{{{< var {key}_people >}}}}" in FRENCH and f"{{{{< var {key} >}}}}" in ENGLISH
    assert key in parity.structure(FRENCH, profiles=MEETING, project=paths.PAPER).variables
    dropped = FRENCH.replace(f"{{{{< var {key}_people >}}}}", "Nigérians")
    found = parity.differences(ENGLISH, dropped, profiles=MEETING, project=paths.PAPER)
    assert found == [f"variables: not in the French: {key}"]


def test_a_statement_bound_in_one_language_only_is_named():
    """A sentence checked on the data in English and left unbound in French would be checked in
    one edition's language and not the other's."""
    bound = '{.statement\ncheck="facilitators-mostly-inland"}'
    assert FRENCH.count(bound) == 1
    unbound = FRENCH.replace(bound, "")
    [found] = parity.differences(ENGLISH, unbound, profiles=MEETING, project=paths.PAPER)
    assert found.startswith("statements differ") and "'facilitators-mostly-inland'" in found


def test_a_figure_out_of_order_a_lost_section_or_a_lost_edition_block_is_named():
    first, second = re.findall(r"^!\[.*\{#fig-[^\n]*$", FRENCH, flags=re.M)[:2]
    swapped = FRENCH.replace(first, "\0").replace(second, first).replace("\0", second)
    [found] = parity.differences(ENGLISH, swapped, profiles=MEETING, project=paths.PAPER)
    assert found.startswith("figures differ: English ['fig-exploitation") and "French ['fig-children" in found
    without = re.sub(r"^# [^\n]*\{#sec-results\}\n", "", FRENCH, flags=re.M)
    [found] = parity.differences(ENGLISH, without, profiles=MEETING, project=paths.PAPER)
    assert found.startswith("sections differ") and "'# #sec-results'" in found
    # The update's section, written in the French without its condition, shows in the meeting
    # edition: named; inside its condition, it is the update's alone.
    update = "\n# Ce qui a changé depuis 2015 {#sec-changes}\n\nTexte.\n\n"
    results = "# Propositions pour les conclusions de la réunion {#sec-results}"
    [found] = parity.differences(ENGLISH, FRENCH.replace(results, update + results), profiles=MEETING,
                                 project=paths.PAPER)
    assert found.startswith("sections differ") and "'# #sec-changes'" in found
    conditional = f'::: {{.content-visible when-profile="update"}}{update}:::\n\n'
    assert parity.differences(ENGLISH, FRENCH.replace(results, conditional + results), profiles=MEETING,
                              project=paths.PAPER) == []


def test_the_update_s_text_need_not_be_translated_but_is_named_in_the_full_comparison():
    """As each edition renders, the French has nothing to translate of the update; compared
    whole, the update's section, figure and annex are what it lacks."""
    assert parity.differences(ENGLISH, FRENCH, profiles=MEETING, project=paths.PAPER) == []
    found = parity.differences(ENGLISH, FRENCH)
    assert any(line.startswith("sections differ") and "'# #sec-changes'" in line for line in found)
    assert any(line.startswith("crossrefs: not in the French: fig-vintages, sec-changes") for line in found)


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
