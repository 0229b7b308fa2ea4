"""Hand in this lesson: classwork makes the same submission file as homework."""
from __future__ import annotations

from utils.handin import submission
from utils.handin.student_name import NAME_ID
from utils.handin.submit_box import CONFIRM, DONE, NEED_NAME, SubmitModel


def test_a_lesson_is_handed_in_like_homework(course, tmp_path):
    lesson = course.lesson()
    model = SubmitModel(lesson, tmp_path / "out")
    assert model.submit().status == NEED_NAME
    lesson.answers().put(f"{lesson.id}/{NAME_ID}", {"text": "Ada <Example>"})
    lesson.answers().put(f"{lesson.id}/prompt-p1", {"text": "Because the record says so."})
    first = model.submit()
    assert first.status == CONFIRM and any("Claim" in line or "claim" in line for line in first.unfinished)
    done = model.submit(confirmed=first.unfinished)
    assert done.status == DONE and done.path.exists()
    reading = submission.read(done.path.read_bytes())
    assert reading.ok, reading.problem
    payload = reading.payload
    assert payload["student"] == "Ada <Example>"
    assert payload["assignment"]["id"] == lesson.id
    texts = [item.get("value") for item in payload["items"]]
    assert {"text": "Because the record says so."} in texts


def test_submission_files_are_readable_by_a_teacher(course, tmp_path):
    lesson = course.lesson()
    lesson.answers().put(f"{lesson.id}/{NAME_ID}", {"text": "Ada"})
    model = SubmitModel(lesson, tmp_path / "out")
    done = model.submit(confirmed=model.submit().unfinished)
    assert oct(done.path.stat().st_mode & 0o777) == "0o644"


def test_submit_with_an_unreadable_answers_file_says_so(course, monkeypatch):
    from utils.exercises.answers import AnswersError
    from utils.handin.submit_box import SubmitBox

    lesson = course.lesson()
    box = SubmitBox(lesson)
    _ = box.widget

    def broken():
        raise AnswersError("Your answers file cannot be read: test.")

    monkeypatch.setattr(lesson.answers(), "all", broken)
    box._on_submit()
    assert "cannot be read" in box.message.value and "ph-error" in box.message.value
