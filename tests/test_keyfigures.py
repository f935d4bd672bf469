"""Key figures that are used: each is bound by a manuscript, compared by a registry claim or
shown by an annex, is written out where it is made, and the index says where it comes from and
where it is used (pipeline/analysis/keyfigures.py, pipeline/paper/keys.py)."""
from __future__ import annotations

import re

import pytest

from pipeline import paths
from pipeline.paper import editions, keys


@pytest.fixture(scope="module")
def made(built):
    """The key figures of every edition, from the session's build of the paper (tests/builds.py)."""
    figures = keys.built(built / paths.BUILD.relative_to(paths.ROOT))
    assert set(figures) == set(editions.EDITIONS)
    return figures


@pytest.fixture(scope="module")
def used():
    return keys.uses()


@pytest.mark.parametrize("edition", list(editions.EDITIONS))
def test_every_key_figure_of_an_edition_is_used(made, used, edition):
    """Bound by a manuscript (either language, either edition), named by a registry claim's
    data_key, shown by the update's changes annex, or listed as a technical note's key."""
    assert keys.unused(set(made[edition]), used) == []


def test_an_unused_key_is_named(used):
    assert keys.unused({"glotip.latest_year", "glotip.world.share_other_latest"}, used) == [
        "glotip.world.share_other_latest"]


def test_every_bound_key_is_made_by_every_edition_that_renders_it(made, used):
    """The other way round: a key a manuscript binds exists (the render fails without it), except
    the keys of a year only one edition has, bound in that edition's conditional content."""
    every = set().union(*(set(figures) for figures in made.values()))
    assert sorted(set(used) - every) == []


def test_each_key_is_written_out_where_it_is_made(made):
    """A grep for a key the manuscript binds finds the line of pipeline/analysis that makes it
    (the figures the paper quotes from a document are named in the registry, where the grep finds
    them)."""
    code = "".join(path.read_text(encoding="utf-8") for path in (paths.ROOT / "pipeline" / "analysis").glob("*.py"))
    registry = paths.REGISTRY.read_text(encoding="utf-8")
    for key in sorted(set().union(*made.values())):
        prefix, _, name = key.partition(".")
        if prefix in ("concept_note", "cited"):
            assert re.search(rf"name: {re.escape(name)}\b", registry), key
        else:
            assert f'"{key}"' in code, key


def test_the_index_says_where_each_key_comes_from_and_where_it_is_used(made, used):
    text = keys.index(made, used)
    [row] = [line for line in text.splitlines() if line.startswith("| `glotip.latest_year` |")]
    assert "pipeline.analysis.keyfigures.glotip_exploitation | glotip_exploitation | meeting, update |" in row
    assert re.search(r"paper/index\.qmd:\d+:\d+", row) and re.search(r"paper/index-fr\.qmd:\d+:\d+", row)
    assert "CHANGES" in row  # the update's changes annex sets the two editions side by side
    [claim] = [line for line in text.splitlines() if line.startswith("| `iom.claims.med_mixed_to_oct13` |")]
    assert "sources/registry.yml (a claim of" in claim
