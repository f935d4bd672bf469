"""The ICDAR 2013 cell-adjacency metric, on grids small enough to count by hand."""
from __future__ import annotations

import pytest

from benchmarks.adjacency import Cell, Score, grid_cells, relations, score

TRUTH = [["Age", "Men", "Women"],
         ["0-14", "10", "12"],
         ["15+", "30", "31"]]


def test_a_perfect_extraction_scores_one():
    result = score(grid_cells(TRUTH), grid_cells(TRUTH))
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    # 3 rows x 2 right-neighbours + 3 columns x 2 below-neighbours
    assert result.expected == 12


def test_relations_skip_empty_cells_to_the_next_non_empty_one():
    assert relations(grid_cells([["a", "", "b"], ["", "", ""], ["c", None, "d"]])) == {
        ("right", "a", "b"): 1, ("right", "c", "d"): 1, ("below", "a", "c"): 1, ("below", "b", "d"): 1}


def test_a_spanning_cell_relates_to_every_cell_it_covers_once():
    cells = [Cell(0, 0, "Total", col_span=2), Cell(1, 0, "m"), Cell(1, 1, "f"), Cell(0, 2, "n", row_span=2)]
    assert relations(cells) == {("below", "total", "m"): 1, ("below", "total", "f"): 1,
                                ("right", "total", "n"): 1, ("right", "m", "f"): 1, ("right", "f", "n"): 1}


def test_content_is_compared_without_case_or_white_space_but_with_every_other_character():
    shouted_and_wrapped = [[text.upper() for text in row] for row in TRUTH]
    shouted_and_wrapped[0][2] = "WO\nMEN "
    dashed = [[text.replace("-", "\u2013") for text in row] for row in TRUTH]
    assert score(grid_cells(shouted_and_wrapped), grid_cells(TRUTH)).f1 == 1.0
    assert score(grid_cells(dashed), grid_cells(TRUTH)).correct == 12 - 3  # the 3 relations of "0-14"


def test_merged_columns_lose_recall_and_precision():
    merged = [["Age", "Men Women"], ["0-14", "10 12"], ["15+", "30 31"]]
    result = score(grid_cells(merged), grid_cells(TRUTH))
    # surviving relations: below(Age,0-14), below(0-14,15+); found: 3 right + 2 x 2 below
    assert (result.correct, result.found, result.expected) == (2, 7, 12)
    assert result.precision == pytest.approx(2 / 7) and result.recall == pytest.approx(2 / 12)


def test_repeated_relations_count_as_often_as_they_occur():
    truth = grid_cells([["0", "0"], ["0", "0"]])
    assert score(grid_cells([["0", "0"]]), truth) == Score(correct=1, found=1, expected=4)


def test_nothing_extracted_scores_zero_without_dividing_by_zero():
    result = score([], grid_cells(TRUTH))
    assert (result.precision, result.recall, result.f1) == (0.0, 0.0, 0.0)


def test_scores_add_up_to_a_micro_average():
    total = Score(3, 4, 6) + Score(1, 4, 2)
    assert total == Score(4, 8, 8)
    assert total.f1 == pytest.approx(0.5)
