"""First answers kept: the first committed answer and its time survive revisions and restarts,
later commits are kept as revisions, and the teacher's summary reads first and final verdicts."""
from __future__ import annotations

from utils.exercises.answers import AnswerStore
from utils.teacher.class_charts import revision

WHY = "The statistics count five hundred people in one year, which the memoir never mentions at all."


def answer(view, verdict: str, why: str = WHY) -> None:
    view.verdict.value = verdict
    view.boxes[0].value = True
    view.justification.value = why
    view._on_commit()


def fresh(course, store):
    lesson = course.lesson()
    lesson.store = store
    view = lesson.exercise("claim")
    _ = view.widget
    return view


def test_first_commit_is_kept_after_a_revision_and_a_restart(course, tmp_path):
    store = AnswerStore(tmp_path / "a")
    view = fresh(course, store)
    view.store = store
    answer(view, "supported")
    first = store.get(view.key)["first"]
    assert first["verdict"] == "supported" and first["at"]
    assert store.get(view.key)["changed_after_reveal"] is False

    view.verdict.value = "contradicted"  # after the reveal: saved at once, first kept
    saved = store.get(view.key)
    assert saved["verdict"] == "contradicted" and saved["first"]["verdict"] == "supported"
    assert saved["changed_after_reveal"] is True
    view._on_commit()  # committed again: kept as a revision
    saved = store.get(view.key)
    assert [r["verdict"] for r in saved["revisions"]] == ["contradicted"]
    assert saved["revisions"][0]["after_reveal"] is True

    again = fresh(course, store)  # a restart: the history comes back and is kept on the next save
    again.store = store
    again.justification.value = WHY + " Revised."
    saved = store.get(again.key)
    assert saved["first"] == first and len(saved["revisions"]) == 1
    assert revision(saved, ("verdict",)) == ("supported", "contradicted", True)


def test_nothing_is_recorded_before_the_first_commit(course, tmp_path):
    store = AnswerStore(tmp_path / "a")
    view = fresh(course, store)
    view.store = store
    view.verdict.value = "supported"
    view.justification.value = "short"
    view._on_commit()  # not complete: not committed, no history
    assert "first" not in (store.get(view.key) or {})


def test_odd_history_is_ignored_not_a_crash(course, tmp_path):
    store = AnswerStore(tmp_path / "a")
    store.put("01-test/claim", {"verdict": "supported", "evidence": ["stats"], "justification": WHY,
                                "committed": True, "first": "nonsense", "revisions": 5})
    view = fresh(course, store)
    assert view.model.committed and view._first["verdict"] == "supported"  # the answer on file
