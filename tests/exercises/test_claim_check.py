"""The claim-against-the-record widget, driven headless by setting values and clicking."""
from utils.exercises.answers import AnswerStore
from utils.exercises.claim_check import ClaimCheckModel

JUSTIFY = "The statistical note counts five hundred sentences, which the memoir simply leaves out of its story."


def view(course, tmp_path):
    lesson = course.lesson()
    lesson.store = AnswerStore(tmp_path / "store")
    return lesson.exercise("claim")


def test_model_needs_verdict_evidence_and_reasons():
    m = ClaimCheckModel(["a", "b"])
    assert len(m.commit()) == 3 and not m.committed
    m.verdict, m.evidence, m.justification = "contradicted", {"a"}, "too short"
    assert m.commit() == ["write a justification in at least 10 words (you have 2)"]
    m.justification = JUSTIFY
    assert m.commit() == [] and m.committed


def test_model_load_ignores_unknown_values():
    m = ClaimCheckModel(["a"])
    m.load({"verdict": "maybe", "evidence": ["a", "zzz"], "justification": 5, "committed": True})
    assert m.verdict is None and m.evidence == {"a"} and m.justification == "5" and not m.committed


def test_reveal_only_after_commit(course, tmp_path):
    ex = view(course, tmp_path)
    w = ex.widget
    assert ex.reveal.value == ""
    ex.commit_button.click()
    assert ex.reveal.value == "" and "Not yet" in ex.feedback.value
    ex.verdict.value = "contradicted"
    ex.boxes[0].value = True
    ex.justification.value = JUSTIFY
    assert ex.reveal.value == ""
    ex.commit_button.click()
    assert "What historians conclude: contradicted" in ex.reveal.value
    assert "same as theirs" in ex.reveal.value
    assert w is ex.widget


def test_answers_saved_as_typed_and_restored(course, tmp_path):
    ex = view(course, tmp_path)
    ex.widget
    ex.verdict.value = "supported"
    ex.boxes[1].value = True
    ex.justification.value = "half way through typing"
    again = view(course, tmp_path)
    again.widget
    assert again.verdict.value == "supported"
    assert [b.value for b in again.boxes] == [False, True]
    assert again.justification.value == "half way through typing"
    assert again.reveal.value == ""
    assert "restored" in again.status.value


def test_committed_answer_restores_with_reveal(course, tmp_path):
    ex = view(course, tmp_path)
    ex.widget
    ex.verdict.value, ex.justification.value = "partly supported", JUSTIFY
    ex.boxes[0].value = True
    ex.commit_button.click()
    again = view(course, tmp_path)
    again.widget
    assert "What historians conclude" in again.reveal.value
    assert "Your verdict was <strong>partly supported</strong>" in again.reveal.value


def test_incomplete_after_commit_hides_reveal(course, tmp_path):
    ex = view(course, tmp_path)
    ex.widget
    ex.verdict.value, ex.justification.value = "contradicted", JUSTIFY
    ex.boxes[0].value = True
    ex.commit_button.click()
    ex.boxes[0].value = False
    assert ex.reveal.value == "" and "commit again" in ex.feedback.value


def test_student_script_is_escaped(course, tmp_path):
    ex = view(course, tmp_path)
    ex.widget
    ex.verdict.value = "contradicted"
    ex.boxes[0].value = True
    ex.justification.value = "<script>alert('x')</script> " + JUSTIFY
    ex.commit_button.click()
    html = ex.reveal.value + ex.feedback.value
    assert "<script>" not in html
    assert "<b>it did</b>" not in ex.reveal.value and "&lt;b&gt;it did&lt;/b&gt;" in ex.reveal.value


def test_static_fallback_has_task_not_answer(course, tmp_path):
    ex = view(course, tmp_path)
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Nothing happened." in bundle["text/html"]
    assert "it did" not in bundle["text/html"] and "it did" not in bundle["text/plain"]


def test_save_failure_is_shown_not_swallowed(course, tmp_path):
    ex = view(course, tmp_path)
    ex.widget

    def broken(*_a):
        raise OSError("read-only file system")

    ex.store.put = broken
    ex.justification.value = "my precious words"
    assert "Not saved" in ex.status.value and "read-only" in ex.status.value
    assert ex.justification.value == "my precious words"


def test_corrupt_store_warning_shown_in_widget(course, tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "answers.json").write_text("{broken")
    ex = view(course, tmp_path)
    ex.widget
    assert "could not be read" in ex.status.value


def test_response_box_saves_and_restores(course, tmp_path):
    lesson = course.lesson()
    lesson.store = AnswerStore(tmp_path / "s")
    box = lesson.response("p1")
    box.widget
    box.text.value = "Because <b>of</b> this."
    assert "3 words" in box.count.value
    lesson2 = course.lesson()
    lesson2.store = AnswerStore(tmp_path / "s")
    again = lesson2.response("p1")
    again.widget
    assert again.text.value == "Because <b>of</b> this."


def test_commit_overtaking_the_last_keystrokes_still_commits(course, tmp_path):
    """The browser may deliver a click before the text box's last update; the answer still commits."""
    ex = view(course, tmp_path)
    ex.widget
    ex.verdict.value = "contradicted"
    ex.boxes[0].value = True
    ex.justification.value = "The note counts"
    ex.commit_button.click()  # arrives before the rest of the text
    assert ex.reveal.value == ""
    ex.justification.value = JUSTIFY  # ... which arrives a moment later
    assert "What historians conclude" in ex.reveal.value and ex.model.committed


def test_an_early_commit_does_not_reveal_later_typing(course, tmp_path):
    ex = view(course, tmp_path)
    ex.widget
    ex.commit_button.click()  # pressed with nothing done
    ex._failed_commit_at -= 10  # ... a while ago
    ex.verdict.value = "contradicted"
    ex.boxes[0].value = True
    ex.justification.value = JUSTIFY
    assert ex.reveal.value == "" and not ex.model.committed
