"""Visual defects of issue 13 (item 4) in the exercise widgets, driven without a browser.

* A number box has its label on its own line above it and is wide however long the label is
  (it was squeezed to about 10 px beside a long label where the course's style did not apply).
* A number box starts empty, not at 0: an empty box is no answer, and text that is not a number
  gets a message naming the box and stays where it was typed. Saved numbers restore as before.
* Whether an answer is saved, committed or not is said on one status line: after a saved answer
  is restored and then edited, exactly one line speaks of its state, and it is true.
"""
from __future__ import annotations

import html
import re
from types import SimpleNamespace

import ipywidgets as w
import pytest

from test_widgets_toolkit import DOCS, LESSON, QC, built, spec_of
from utils.exercises.answers import AnswerStore
from utils.exercises import quick_check
from utils.exercises.quick_check import QuickCheck, QuickCheckModel
from utils.exercises.response import ResponseBox
from utils.handin.answer_items import describe

JUSTIFY = "The statistical note counts five hundred sentences, which the memoir simply leaves out of its story."
LONG_UNIT = dict(QC, questions=[*QC["questions"][:2], {**QC["questions"][2], "unit": "thousand prisoners in the camps"}])
STATE = re.compile(r"\b(committed|commit again|saved|restored)\b", re.IGNORECASE)


def quick(store, spec=None):
    return built(QuickCheck, spec_of("quick-check", **(spec or QC)), store)


def number_box(view, qid: str = "q3"):
    box = getattr(view.inputs[qid], "box", view.inputs[qid])
    assert isinstance(box, w.Text), f"the box of a number question is a {type(box).__name__}, not a text box"
    return box


def em(size: str | None) -> float:
    found = re.fullmatch(r"([0-9.]+)em", size or "")
    return float(found.group(1)) if found else 0.0


# -- 1. the label above a wide box ------------------------------------------------------------------
def test_a_number_box_has_its_label_above_it_and_is_wide(tmp_path):
    view = quick(AnswerStore(tmp_path / "a"), LONG_UNIT)
    box = number_box(view)
    # the label is the box's own (its accessible name: <label for=…>), shown in full
    assert box.description == "Question 3, your answer (thousand prisoners in the camps):"
    assert box.style.description_width == "initial"
    # on its own line: label and box in a column, never side by side, so a long label takes no width
    assert box.layout.flex_flow == "column" and box.layout.align_items == "stretch"
    assert box.layout.height == "auto"  # the widget's own fixed height of one line would cut the box off
    assert em(box.layout.min_width) >= 10, box.layout.min_width  # the box (stretched to it) is never narrower
    assert box.layout.max_width == "100%"  # and never wider than the page at 400% zoom


# -- 2. empty, not 0 --------------------------------------------------------------------------------
def test_a_number_box_starts_empty_and_an_empty_box_is_no_answer(tmp_path):
    store = AnswerStore(tmp_path / "a")
    view = quick(store)
    box = number_box(view)
    assert box.value == "" and box.placeholder == "a number"
    view.inputs["q1"].value = 0  # another question answered: the whole quick check is saved
    assert "q3" not in store.get(view.key)["responses"]  # the old code saved 0.0 for the untouched box
    view.check("q3")
    said = html.unescape(view.feedbacks["q3"].value)
    assert "Question 3, your answer" in said and "empty" in said and "role='alert'" in said
    assert not view.model.attempts.get("q3")  # the old code checked 0 and counted it as an answer
    assert "answer question 3" in view.model.problems()
    handed_in = describe(SimpleNamespace(id=LESSON, documents=DOCS, store=store), "quick-check",
                         view.spec, store.get(view.key))
    assert "3" in (handed_in["unfinished"] or ""), handed_in


def test_text_that_is_not_a_number_is_named_kept_and_not_saved(tmp_path):
    store = AnswerStore(tmp_path / "a")
    view = quick(store)
    box = number_box(view)
    box.value = "5.9"
    assert store.get(view.key)["responses"]["q3"] == 5.9
    box.value = "about six million"
    said = html.unescape(view.feedbacks["q3"].value)
    assert "Question 3, your answer (millions)" in said and "is not a number" in said
    assert box.value == "about six million"  # what was typed stays in the box
    assert store.get(view.key)["responses"]["q3"] == 5.9  # the last number is still the one saved
    view.check("q3")
    assert "is not a number" in view.feedbacks["q3"].value and not view.model.attempts.get("q3")
    box.value = "5,9"  # a comma for a decimal point: said at once only when pressing Check
    view.check("q3")
    assert "is not a number" in html.unescape(view.feedbacks["q3"].value)
    box.value = "5.9"
    assert "not a number" not in view.feedbacks["q3"].value  # the message goes once it is untrue
    view.check("q3")
    assert "\u2713 Correct." in view.feedbacks["q3"].value


@pytest.mark.parametrize("typed,number", [("42", 42), ("5.5", 5.5), ("681,692", 681692), ("681 692", 681692),
                                          ("\u22123", -3), (" 7 ", 7), ("42%", 42), (".5", 0.5), ("0", 0),
                                          ("", None), ("   ", None)])
def test_what_a_number_box_reads(typed, number):
    read = quick_check.read_number(typed)
    assert read == number and type(read) is type(number)


@pytest.mark.parametrize("typed", ["abc", "1,5", "12 thousand", "inf", "nan", "1e3", "-", ".", "1,2345", "5..5"])
def test_what_a_number_box_does_not_read(typed):
    with pytest.raises(quick_check.NotANumber, match="is not a number"):
        quick_check.read_number(typed)


@pytest.mark.parametrize("saved,shown", [(5.9, "5.9"), (6, "6"), (681692.0, "681692"), ("5.9", "5.9"), (0, "0")])
def test_saved_numbers_restore_into_the_box(tmp_path, saved, shown):
    store = AnswerStore(tmp_path / "a")
    view = quick(store)
    store.put(view.key, {"responses": {"q3": saved}, "attempts": {}, "solved": 0})
    again = quick(store)
    assert number_box(again).value == shown
    assert "q3" not in again.model.attempts  # restored, not answered


def test_an_untouched_box_saved_by_the_old_version_restores_empty(tmp_path):
    """The old box started at 0 and saved 0.0 with every other answer: that was never typed."""
    store = AnswerStore(tmp_path / "a")
    view = quick(store)
    store.put(view.key, {"responses": {"q1": 0, "q3": 0.0}, "attempts": {"q1": [{"response": 0, "correct": True}]},
                         "solved": 1})
    again = quick(store)
    assert number_box(again).value == "" and again.inputs["q1"].value == 0
    checked = {"responses": {"q3": 0.0}, "attempts": {"q3": [{"response": 0.0, "correct": False}]}, "solved": 0}
    m = QuickCheckModel(QC["questions"])
    m.load(checked)  # 0 that was checked is an answer: kept
    assert m.responses == {"q3": 0.0}


# -- 3. one status line -----------------------------------------------------------------------------
def state_lines(view) -> list[str]:
    """The texts in the view that speak of the answer's state (saved, restored, committed)."""
    out, todo = [], [view.widget]
    while todo:
        widget = todo.pop()
        todo += list(getattr(widget, "children", ()))
        if isinstance(widget, w.HTML) and STATE.search(re.sub(r"<[^>]+>", " ", widget.value)):
            out.append(html.unescape(re.sub(r"<[^>]+>", " ", widget.value)).strip())
    return out


def one_line(view) -> str:
    lines = state_lines(view)
    assert len(lines) == 1, f"{len(lines)} lines about the answer's state: {lines}"
    return lines[0]


def claim_view(page, store):
    page.store = store
    view = page.exercise("claim")
    view.store = store
    _ = view.widget
    return view


def answer_claim(view) -> None:
    view.verdict.value = "contradicted"
    view.boxes[0].value = True
    view.justification.value = JUSTIFY
    view._on_commit()
    assert view.model.committed


@pytest.fixture(params=["lesson", "homework"])
def page(request, hw_course, monkeypatch, tmp_path):
    """A page with a claim check: a lesson (the historians' view at once) or a homework (held)."""
    from utils import homework

    monkeypatch.setenv("PH_SUBMISSIONS_DIR", str(tmp_path / "subs"))
    return (lambda: hw_course.lesson()) if request.param == "lesson" else (lambda: homework("h1-test"))


def test_a_restored_committed_answer_edited_has_one_true_status_line(page, tmp_path):
    store = AnswerStore(tmp_path / "a")
    first = claim_view(page(), store)
    answer_claim(first)
    assert "Committed and saved" in one_line(first)

    view = claim_view(page(), store)  # a restart: the committed answer is restored
    line = one_line(view)
    assert "restored" in line and "is committed" in line
    view.justification.value = JUSTIFY + " More."  # edited, still complete: still committed
    line = one_line(view)
    assert "Committed" in line and "not committed" not in line and "restored" not in line
    assert store.get(view.key)["committed"] is True
    view.justification.value = "Too short now."  # edited, no longer complete
    line = one_line(view)
    assert "not committed" in line and "Still to do" in line and "commit again" in line
    assert view.reveal.value == "" and store.get(view.key)["committed"] is False
    view.justification.value = JUSTIFY  # complete again, but not committed until pressed
    line = one_line(view)
    assert "not committed yet" in line and "Commit my answer" in line
    view._on_commit()
    assert "Committed and saved" in one_line(view)


def test_keystrokes_that_arrive_just_after_commit_belong_to_it(hw_course, tmp_path, monkeypatch):
    """The browser may send a text box's last keystrokes after the Commit press they came before
    (seen by keyboard in Chromium): within a moment they join that commit, and the line still says
    committed; a change made later is a change after commit."""
    import time

    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])  # common.py asks time.monotonic()
    store = AnswerStore(tmp_path / "a")
    view = claim_view(hw_course.lesson(), store)
    answer_claim(view)
    clock[0] += 0.5
    view.justification.value = JUSTIFY + " And the last words."
    assert "Committed and saved" in one_line(view)
    saved = store.get(view.key)
    assert saved["first"]["justification"].endswith("the last words.")
    assert saved["revisions"] == [] and saved["changed_after_reveal"] is False
    clock[0] += 5
    view.justification.value = JUSTIFY + " A change after reading the historians."
    assert "press Commit again" in one_line(view)
    assert store.get(view.key)["changed_after_reveal"] is True


def test_a_held_view_does_not_say_the_answer_is_committed(hw_course, tmp_path, monkeypatch):
    """The note held in place of the historians' view only says why it is not there yet."""
    from utils import homework

    monkeypatch.setenv("PH_SUBMISSIONS_DIR", str(tmp_path / "subs"))
    view = claim_view(homework("h1-test"), AnswerStore(tmp_path / "a"))
    answer_claim(view)
    assert "after you hand in" in view.reveal.value and not STATE.search(view.reveal.value)


def test_a_commit_that_is_not_saved_does_not_say_saved(hw_course, tmp_path):
    view = claim_view(hw_course.lesson(), AnswerStore(tmp_path / "a"))

    def broken(*_a):
        raise OSError("read-only file system")

    view.store.put = broken
    view.verdict.value, view.boxes[0].value, view.justification.value = "contradicted", True, JUSTIFY
    view._on_commit()
    line = one_line(view)
    assert "Not saved" in line and "Committed and saved" not in line


def test_restore_my_answers_shows_an_uncommitted_answer_as_uncommitted(hw_course, tmp_path):
    """Restoring answers into widgets on screen: a committed view goes back to uncommitted."""
    store = AnswerStore(tmp_path / "a")
    lesson = hw_course.lesson()
    view = claim_view(lesson, store)
    answer_claim(view)
    assert view.reveal.value
    store.put(view.key, {"verdict": "supported", "evidence": [], "justification": "short", "committed": False})
    assert lesson.refresh_from_store() == 1
    assert view.reveal.value == "" and view.commit_button.description == "Commit my answer"
    line = one_line(view)
    assert "restored" in line and "not committed" in line


def test_a_restored_prompt_answer_edited_has_one_status_line(tmp_path):
    store = AnswerStore(tmp_path / "a")
    prompt = {"id": "p1", "text": "Why did it happen?"}
    first = ResponseBox(LESSON, prompt, 1, store=store)
    _ = first.widget
    first.text.value = "Because the leaders wanted it."
    again = ResponseBox(LESSON, prompt, 1, store=store)  # a restart
    _ = again.widget
    assert "restored" in one_line(again) and again.text.value == "Because the leaders wanted it."
    again.text.value += " And the regions asked for more."
    assert one_line(again) == "11 words. Saved automatically."


def test_a_prompt_answer_that_is_not_saved_does_not_say_saved(tmp_path):
    view = ResponseBox(LESSON, {"id": "p1", "text": "Why?"}, 1, store=AnswerStore(tmp_path / "a"))
    _ = view.widget

    def broken(*_a):
        raise OSError("read-only file system")

    view.store.put = broken
    view.text.value = "my precious words"
    line = one_line(view)
    assert "Not saved" in line and "Saved automatically" not in " ".join(html_texts(view))
    assert view.text.value == "my precious words"


def html_texts(view) -> list[str]:
    out, todo = [], [view.widget]
    while todo:
        widget = todo.pop()
        todo += list(getattr(widget, "children", ()))
        if isinstance(widget, w.HTML):
            out.append(widget.value)
    return out
