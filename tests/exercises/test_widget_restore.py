"""Every exercise kind restores a saved answer of the wrong shape as a message, never a traceback.

The odd answer is set aside (kept unchanged in a side file, named in the message), the exercise
starts empty, and a new answer saves normally.
"""
from __future__ import annotations

import html
import json

import pytest

from test_widgets_toolkit import (CARD, EST, GRID, QC, REL, SBS, course, spec_of,  # noqa: F401 (fixture)
                                  built)
from utils.exercises.answers import AnswerStore
from utils.exercises.corroboration_grid import CorroborationGrid
from utils.exercises.estimates import Estimates
from utils.exercises.quick_check import QuickCheck
from utils.exercises.reliability import ReliabilityRating
from utils.exercises.side_by_side import SideBySide
from utils.exercises.source_card import SourceCard

VIEWS = {"source-card": (SourceCard, CARD), "side-by-side": (SideBySide, SBS),
         "corroboration-grid": (CorroborationGrid, GRID), "estimates": (Estimates, EST),
         "reliability-rating": (ReliabilityRating, REL), "quick-check": (QuickCheck, QC)}
FIELDS = {"source-card": ["note", "words"], "side-by-side": ["marks", "reliable", "why", "committed"],
          "corroboration-grid": ["cells", "committed"], "estimates": ["groups", "answer", "committed"],
          "reliability-rating": ["ratings", "justification", "committed"],
          "quick-check": ["responses", "attempts", "solved"]}
CASES = [(kind, field) for kind in VIEWS for field in FIELDS[kind]] + [(kind, None) for kind in VIEWS]


@pytest.mark.parametrize("kind", VIEWS)
def test_every_field_saved_is_checked(course, tmp_path, kind):
    from utils.exercises.base import SHAPES

    cls, fields = VIEWS[kind]
    view = built(cls, spec_of(kind, **fields), AnswerStore(tmp_path / "answers"))
    assert sorted(view.model.to_dict()) == sorted(FIELDS[kind]) == sorted(SHAPES[kind])


@pytest.mark.parametrize("kind,field", CASES)
def test_wrong_shape_is_set_aside_with_a_message(course, tmp_path, kind, field):
    cls, fields = VIEWS[kind]
    spec = spec_of(kind, **fields)
    store = AnswerStore(tmp_path / "answers")
    key = f"01-test/{spec['id']}"
    odd = 12345.5 if field is None else {field: 12345.5}  # a number where no exercise saves one
    store.put(key, odd)
    view = built(cls, spec, store)
    status = html.unescape(view.status.value)
    assert "could not be used" in status and key in status, status
    if field:
        assert f"'{field}'" in status  # the message names what is wrong
    (side,) = (tmp_path / "answers").glob("answers.set-aside-*.json")
    assert side.name in status
    assert json.loads(side.read_text())["answers"][key]["value"] == odd  # kept, unchanged
    assert store.get(key) is None  # out of the way: the next save cannot overwrite it
    assert view.save() and store.get(key) == view.state()  # and the exercise saves again


def test_a_restore_that_fails_half_way_starts_empty_with_a_message(course, tmp_path, monkeypatch):
    spec = spec_of("source-card", **CARD)
    store = AnswerStore(tmp_path / "answers")
    key = f"01-test/{spec['id']}"
    store.put(key, {"note": "my careful note"})
    real = SourceCard.restore

    def half_way(self, value):
        real(self, value)
        if value:
            raise RuntimeError("a value no check foresaw")

    monkeypatch.setattr(SourceCard, "restore", half_way)
    view = built(SourceCard, spec, store)  # the old code: RuntimeError
    status = html.unescape(view.status.value)
    assert "could not be shown" in status and key in status
    assert view.note.value == ""  # nothing half-restored stays on screen
    (side,) = (tmp_path / "answers").glob("answers.set-aside-*.json")
    assert json.loads(side.read_text())["answers"][key]["value"] == {"note": "my careful note"}
