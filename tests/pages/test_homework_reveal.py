"""Homework is assessed honestly: the historians' view appears only after the student hands in."""
from __future__ import annotations

from utils import homework
from utils.exercises.answers import AnswerStore
from utils.handin.submit_box import SubmitBox
from utils.handin.student_name import NAME_ID

H1 = "h1-kirov-sources"


def committed_claim(hw):
    spec = next(ex for ex in hw.data["exercises"] if ex["kind"] == "claim-check")
    view = hw.exercise(spec["id"])
    _ = view.widget
    view.verdict.value = "cannot tell"
    view.boxes[0].value = True
    view.justification.value = ("The evidence I have read does not show who ordered the murder, "
                                "and the historians I read disagree about the secret police.")
    view._on_commit()
    assert view.model.committed, view.feedback.value
    return view, spec


def test_the_view_appears_only_after_hand_in(tmp_path, monkeypatch):
    monkeypatch.setenv("PH_SUBMISSIONS_DIR", str(tmp_path / "subs"))
    hw = homework(H1, store=AnswerStore(tmp_path / "a"))
    view, spec = committed_claim(hw)
    historians = " ".join(spec["historians"].split()[:5])
    assert "after you hand in" in view.reveal.value and historians[:20] not in view.reveal.value

    hw.answers().put(f"{H1}/{NAME_ID}", {"text": "Ada Example"})
    box = SubmitBox(hw, tmp_path / "subs")
    _ = box.widget
    box._on_submit()
    if box.pending:  # unfinished parts: confirm, as a student does
        box.confirm.value = True
        box._on_submit()
    assert box.last.status == "done", box.message.value
    assert "after you hand in" not in view.reveal.value and "What historians conclude" in view.reveal.value

    again = homework(H1, store=AnswerStore(tmp_path / "a"))  # after a restart: still shown
    view2 = again.exercise(spec["id"])
    _ = view2.widget
    assert "What historians conclude" in view2.reveal.value


def test_a_lesson_reveals_at_once(course):
    lesson = course.lesson()
    view = lesson.exercise("claim")
    assert view.reveal_held is None
