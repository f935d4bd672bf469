"""A quotation against the passage it quotes: the words it misses, adds or changes, and where."""
from __future__ import annotations

import pytest

from pipeline.analysis import wording

DEFINITION = ('For the purposes of this Protocol: a) "Smuggling of migrants" shall mean the procurement, in '
              "order to obtain, directly or indirectly, a financial or other material benefit, of the illegal "
              "entry of a person into a State Party of which the person is not a national or a permanent "
              'resident; b) "Illegal entry" shall mean crossing borders without complying with the '
              "necessary requirements for legal entry into the receiving State;")
NOTE = ("the procurement, in order to obtain, directly or indirectly, a financial or other material benefit, "
        "of the illegal entry of a person into a State Party of which the person is not national")


def test_the_concept_note_s_smuggling_definition_drops_or_a_permanent_resident():
    compared = wording.compare(NOTE, DEFINITION)
    assert compared.close and compared.share == 1.0  # every word of the note is in the Protocol
    assert DEFINITION[compared.start:compared.end] == (
        "the procurement, in order to obtain, directly or indirectly, a financial or other material "
        "benefit, of the illegal entry of a person into a State Party of which the person is not a "
        "national or a permanent resident;")
    assert compared.changes == (wording.Change("missing", "", "a"),
                                wording.Change("missing", "", "or a permanent resident"))
    assert (compared.quoted_stretch, compared.source_stretch) == (
        "not national", "not a national or a permanent resident")
    assert compared.describe() == ("“not national” for “not a national or a permanent resident” "
                                   "(missing “a”; missing “or a permanent resident”)")


@pytest.mark.parametrize("quotation, passage, changes, described", [
    ("persons convicted of related offences in a given year", "persons convicted of related offenses in a given year.",
     [("changed", "offences", "offenses")], "“offences” for “offenses”"),
    ("victims were mostly adult women and girls in 2012", "victims were mostly women and girls in 2012;",
     [("added", "adult", "")], "“mostly adult” for “mostly” (added “adult”)"),
    ("the Missing Migrants Project counted almost five thousand dead",
     "the Missing Migrants Project counted almost 5,000 dead",
     [("changed", "five thousand", "5,000")], "“five thousand” for “5,000”"),
])
def test_each_change_is_named_with_the_words_of_both_texts(quotation, passage, changes, described):
    compared = wording.compare(quotation, passage)
    assert [(c.kind, c.quoted, c.source) for c in compared.changes] == changes
    assert compared.describe() == described


def test_case_quotation_marks_and_punctuation_around_words_are_no_difference():
    compared = wording.compare("“Smuggling of Migrants” shall mean", '"smuggling of migrants" shall mean.')
    assert compared.changes == () and compared.describe() == "the same words, with other punctuation or spacing"


def test_a_changed_word_faces_the_passage_s_words_in_its_place_and_the_clause_is_read_to_its_end():
    compared = wording.compare("victims from Eastern Africa are mainly trafficked",
                               "In 2012, victims from Western and Central Africa are mainly trafficked within the "
                               "region.")
    assert compared.share == pytest.approx(6 / 7) and compared.close
    assert compared.describe() == ("“Eastern Africa are mainly trafficked” for “Western and Central Africa are mainly "
                                   "trafficked within the region” (“Eastern” for “Western and Central”; missing "
                                   "“within the region”)")


def test_a_paraphrase_is_not_close_and_unrelated_text_shares_nothing():
    paraphrase = wording.compare("most victims from West Africa stay in their own region",
                                 "victims from Western and Central Africa are mainly trafficked within the region")
    assert paraphrase is not None and not paraphrase.close
    assert wording.compare("entirely different words", "nothing in common here") is None


def test_a_word_shared_far_from_the_quoted_part_does_not_stretch_it():
    passage = ("The State shall act. " + "Other words fill this passage. " * 10
               + "the procurement of the entry of persons;")
    compared = wording.compare("the procurement of the entry of a person", passage)
    assert passage[compared.start:compared.end] == "the procurement of the entry of persons;"
