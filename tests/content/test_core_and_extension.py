"""Core and extension (issue 12): what a lesson's notebook puts under '## Extension' is optional.
A student who finishes the core hands in without being told the extension is unfinished; work
they did in the extension is handed in, marked as extension work."""
from __future__ import annotations

import json

import utils
from utils.content.course import extension_items
from utils.exercises.answers import AnswerStore

LESSON = "01-revolution-from-above"


def test_the_extension_is_read_from_the_notebook():
    ext = extension_items(LESSON)
    assert "manufacturing-claims" in ext["exercises"] and "world-manufacturing" in ext["passages"]
    assert "final-claim" not in ext["exercises"]  # the final claim ends the core
    assert extension_items("no-such-lesson") == {"exercises": set(), "prompts": set(), "passages": set(),
                                                 "documents": set()}


def test_an_extension_ends_at_the_next_section(tmp_path, monkeypatch):
    cells = [{"cell_type": "markdown", "source": ["## Extension\n"]},
             {"cell_type": "code", "source": ['x.exercise("extra")\n', 'x.response("more")']},
             {"cell_type": "markdown", "source": ["## Hand in this lesson"]},
             {"cell_type": "code", "source": ['x.exercise("after")']}]
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_test.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")
    monkeypatch.setenv("PH_COURSE_ROOT", str(tmp_path))
    ext = extension_items("01-test")
    assert ext["exercises"] == {"extra"} and ext["prompts"] == {"more"}


def test_a_core_only_hand_in_lists_no_extension_part_as_unfinished(tmp_path):
    lesson = utils.lesson(LESSON)
    lesson.store = AnswerStore(tmp_path / "answers")
    ext = extension_items(LESSON)
    _, items = lesson.collect()
    keys = [i["key"] for i in items]
    assert not [k for k in keys if k.split("/", 1)[1] in ext["exercises"]]
    assert f"{LESSON}/final-claim" in keys  # the core is still asked for

    prompt = sorted(ext["prompts"])[0]
    lesson.store.put(f"{LESSON}/prompt-{prompt}", {"text": "A first thought on the extension prompt."})
    _, items = lesson.collect()
    done = next(i for i in items if i["key"] == f"{LESSON}/prompt-{prompt}")
    assert done["label"].endswith("(extension)") and done["unfinished"] is None
