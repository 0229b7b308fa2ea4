"""A page built before its student came (app mode's pre-heated kernels, utils/tools/preheat_startup.py)
shows the student's answers once the store is theirs: Lesson.show_saved_answers."""
from __future__ import annotations

import pytest

from utils.exercises.answers import AnswerStore
from utils.exercises.quick_check import SEED_KEY, option_order
from utils.pages.lesson import Lesson, show_saved_answers_everywhere

LESSON_ID = "03-the-murder-of-kirov"
QUICK_CHECK, QUESTION = "check-kirov", "detentions"
PROMPT = "why-the-vote-story"


def descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


def controls(view, kind: str) -> list:
    import ipywidgets as w

    return [x for x in descendants(view.widget) if isinstance(x, getattr(w, kind))]


@pytest.fixture
def built_before_the_student(tmp_path, monkeypatch):
    """Lesson 3 with a quick check, a prompt and the name box built while the store answers
    "nothing saved" and saves nothing (as before a request), then the store handed over."""
    store = AnswerStore(tmp_path)
    with monkeypatch.context() as before:
        for name, nothing in (("all", dict), ("get", lambda: None), ("put", lambda: None),
                              ("set_aside", str)):
            before.setattr(AnswerStore, name, lambda *_a, _n=nothing, **_k: _n())
        page = Lesson(LESSON_ID, store=store)
        views = {"quick": page.exercise(QUICK_CHECK), "prompt": page.response(PROMPT), "name": page.name()}
        for view in views.values():
            assert view.widget is not None
    assert not list(tmp_path.iterdir()), "something was written before the student came"
    return page, store, views


def test_saved_answers_order_and_name_are_shown_after_the_hand_over(built_before_the_student):
    page, store, views = built_before_the_student
    store.put(SEED_KEY, {"seed": "their own seed"})
    store.put(f"{LESSON_ID}/prompt-{PROMPT}", {"text": "Written at home yesterday."})
    store.put(f"{LESSON_ID}/student-name", {"text": "Vera Late"})
    quick = views["quick"]
    q = next(q for q in quick.spec["questions"] if q["id"] == QUESTION)
    order = option_order("their own seed", quick.key, QUESTION, len(q["options"]))
    store.put(quick.key, {"responses": {QUESTION: order[1]}, "tries": {}})

    assert show_saved_answers_everywhere() >= 3

    assert [t.value for t in controls(views["prompt"], "Textarea")] == ["Written at home yesterday."]
    assert "Vera Late" in [t.value for t in controls(views["name"], "Text")]
    radios = next(r for r in controls(quick, "RadioButtons") if r.description == "Question 2:")
    assert [value for _label, value in radios.options] == order
    assert radios.value == order[1], "the saved choice is not shown in the student's order"
    assert quick.status.value and "restored" in quick.status.value
    before = store.all()
    show_saved_answers_everywhere()  # again: nothing changes, nothing is saved twice
    assert store.all() == before


def test_a_new_student_keeps_the_order_shown_and_gets_it_saved(built_before_the_student):
    page, store, views = built_before_the_student
    shown = {q_id: list(order) for q_id, order in views["quick"].order.items()}
    page.show_saved_answers()
    seed = store.get(SEED_KEY)["seed"]
    for q in views["quick"].spec["questions"]:
        if q["type"] != "number":
            assert views["quick"].order[q["id"]] == option_order(seed, views["quick"].key, q["id"],
                                                                  len(q["options"]))
    assert set(shown) == set(views["quick"].order)
    assert not [v.value for v in controls(views["prompt"], "Textarea") if v.value]


def test_a_damaged_answers_file_is_said_in_every_exercise(built_before_the_student, tmp_path):
    page, store, views = built_before_the_student
    store.path.write_text("{ not json", encoding="utf-8")
    page.show_saved_answers()
    for view in views.values():
        assert "ph-error" in view.status.value, f"{view.key}: {view.status.value!r}"
    assert any(p.name != store.path.name for p in tmp_path.iterdir()), "the damaged file was not kept"
