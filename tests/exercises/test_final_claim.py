"""The final claim (issue 12): the exit ticket of every lesson. The summary of what historians
conclude appears only after a committed claim that rests on two documents; the first claim is kept
after a revision; a hand-in shows the claim and its documents; sentence starters come on request."""
from __future__ import annotations

import pytest

import utils
from utils.exercises.answers import AnswerStore
from utils.exercises.final_claim import FinalClaimModel
from utils.handin.answer_items import describe

LESSON = "04-from-one-murder-to-a-system"
CLAIM = ("The murder became a system because the decree of 1 December took away defence and appeal "
         "at once, and Article 127 of the Constitution promised protection that the figures for "
         "1937 and 1938 show meant nothing to the hundreds of thousands who were sentenced.")


@pytest.fixture
def view(tmp_path):
    lesson = utils.lesson(LESSON)
    lesson.store = AnswerStore(tmp_path / "answers")
    v = lesson.exercise("final-claim")
    v.store = lesson.store
    _ = v.widget
    return v


def test_the_model_needs_words_and_two_documents():
    m = FinalClaimModel(["a", "b", "c"], min_documents=2, min_words=40)
    assert len(m.problems()) == 2
    m.text, m.documents = CLAIM, {"a"}
    assert m.commit() and not m.committed  # one document is not enough
    m.documents.add("zzz-not-offered")
    m.load(m.to_dict())  # an id the lesson does not offer is dropped on load
    assert m.documents == {"a"}
    m.documents.add("c")
    assert m.commit() == [] and m.committed
    assert m.to_dict() == {"text": CLAIM, "documents": ["a", "c"], "committed": True}


def test_the_summary_appears_only_after_the_claim_is_committed(view):
    summary_start = " ".join(view.spec["summary"].split()[:6])
    assert summary_start not in view.reveal.value
    view.text.value = CLAIM
    view.boxes[0].value = True
    view._on_commit()  # one document: not yet
    assert "Not yet" in view.feedback.value and summary_start not in view.reveal.value
    view.boxes[3].value = True  # the late-typing rule commits it now that it is complete
    if not view.model.committed:
        view._on_commit()
    assert view.model.committed
    assert "What historians conclude" in view.reveal.value


def test_the_first_claim_is_kept_after_a_revision_and_a_restart(view, tmp_path, monkeypatch):
    import time

    clock = [1000.0]  # a revision comes after reading the reveal, not within a keystroke's delay
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    view.text.value, view.boxes[0].value, view.boxes[1].value = CLAIM, True, True
    view._on_commit()
    first = view.store.get(view.key)["first"]
    clock[0] += 30
    view.text.value = CLAIM + " On reflection the speed of the decree shows intent to use the murder."
    view._on_commit()
    saved = view.store.get(view.key)
    assert saved["first"] == first and saved["first"]["text"] == CLAIM
    assert len(saved["revisions"]) == 1 and saved["changed_after_reveal"] is True

    lesson = utils.lesson(LESSON)  # a restart
    lesson.store = view.store
    again = lesson.exercise("final-claim")
    again.store = view.store
    _ = again.widget
    assert again.text.value.startswith(CLAIM) and again.model.committed
    assert "What historians conclude" in again.reveal.value


def test_a_hand_in_shows_the_claim_and_its_documents(view):
    lesson = utils.lesson(LESSON)
    spec = view.spec
    item = describe(lesson, "final-claim", spec, {"text": CLAIM, "documents": spec["documents"][:2],
                                                  "committed": True})
    assert item["unfinished"] is None and item["shown"][0] == ["Claim", CLAIM]
    assert view.doc_label(spec["documents"][0]) in item["shown"][1][1]
    assert describe(lesson, "final-claim", spec, None)["unfinished"] == "is not started"
    short = describe(lesson, "final-claim", spec, {"text": "Too short.", "documents": [], "committed": True})
    assert short["unfinished"] == "is not committed"


def test_sentence_starters_come_on_request(tmp_path):
    lesson = utils.lesson(LESSON)
    lesson.store = AnswerStore(tmp_path / "answers")
    prompt = lesson.data["prompts"][0]
    box = lesson.response(prompt["id"])
    children = box.widget.children
    button = next(c for c in children if getattr(c, "description", "") == "Show sentence starters")
    shown = children[list(children).index(button) + 1]
    assert shown.value == ""
    button._ph_toggle()
    assert all(s.split("...")[0].strip()[:20].replace("'", "&#x27;") in shown.value for s in prompt["starters"])
    assert button.description == "Hide sentence starters"
    button._ph_toggle()
    assert shown.value == ""
    assert "Sentence starters" in box.fallback_html()


def test_starters_are_escaped():
    from utils.exercises.common import starters_html

    assert "<script>" not in starters_html(["<script>alert(1)</script> ..."])
