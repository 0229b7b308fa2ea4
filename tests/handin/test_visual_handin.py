"""Handing in, checked without a browser (issue 13, item 4): an answer far shorter than its task
asks is unfinished, the confirmation box has a short label, and it still holds for exactly the
list the student saw."""
from __future__ import annotations

import pytest

from utils import homework
from utils.core.html import esc
from utils.exercises.answers import AnswerStore
from utils.handin import answer_items, submission
from utils.handin.submit_box import CONFIRM, DONE, SubmitBox

H1, H3 = "h1-kirov-sources", "h3-molotov-essay"


def words(n: int) -> str:
    return " ".join(["word"] * n)


def hand_in(tmp_path, assignment: str, answers: dict):
    h = homework(assignment, store=AnswerStore(tmp_path / "store"))
    for key, value in answers.items():
        h.store.put(f"{assignment}/{key}", value)
    return h


def unfinished(h) -> list[str]:
    return [submission.unfinished_line(u) for u in h.payload("2025-03-09T16:02:11Z")["unfinished"]]


# -- an answer far shorter than its task asks is unfinished -------------------------------------------
@pytest.mark.parametrize("text,asked", [
    ("Write a short argued answer (about 150 to 250 words) that uses at least two", (150, 250)),
    ("Write 150\u2013250 words.", (150, 250)),
    ("Write 250 - 150 words.", (150, 250)),
    ("Write at least 120 words, using two documents.", (120, None)),
    ("Write an argued answer of about 600 words.", None),  # a size, not a fewest: never unfinished for it
    ("Why did the terror of 1937\u201338 end?", None),
    ("In 2 to 3 sentences, say why.", None),
])
def test_the_length_a_task_asks_for(text, asked):
    assert answer_items.asked_length(text) == asked


def test_a_prompt_answer_far_shorter_than_asked_is_unfinished(tmp_path):
    """H1's argued answer asks for about 150 to 250 words: 18 words is not finished."""
    h = hand_in(tmp_path, H1, {"prompt-argued-answer": {"text": words(18)}})
    assert "Prompt 1 has 18 words; the task asks for 150\u2013250 words" in unfinished(h)
    h.store.put(f"{H1}/prompt-argued-answer", {"text": words(150)})
    assert not [line for line in unfinished(h) if line.startswith("Prompt 1 ")]
    h.store.put(f"{H1}/prompt-argued-answer", {"text": "   "})
    assert "Prompt 1 is blank" in unfinished(h)
    # a prompt that names no length is finished with any answer (H1's second prompt)
    h.store.put(f"{H1}/prompt-what-each-gained", {"text": words(5)})
    assert not [line for line in unfinished(h) if line.startswith("Prompt 2 ")]


def test_the_short_answer_is_named_in_the_submit_box_and_the_file(tmp_path):
    h = hand_in(tmp_path, H1, {"student-name": {"text": "Ann Example"},
                               "prompt-argued-answer": {"text": words(18)}})
    outcome = h.submit().model.submit()
    assert outcome.status == CONFIRM
    assert "Prompt 1 has 18 words; the task asks for 150\u2013250 words" in outcome.unfinished
    done = SubmitBox(h, folder=tmp_path / "out").model.submit(confirmed=outcome.unfinished)
    payload = submission.read(done.text).payload
    assert not payload["complete"]
    assert {"key": f"{H1}/prompt-argued-answer", "label": "Prompt 1",
            "problem": "has 18 words; the task asks for 150\u2013250 words"} in payload["unfinished"]


def test_an_essay_too_short_says_how_long_it_should_be(tmp_path):
    h = hand_in(tmp_path, H3, {"essay": {"text": words(18)}})
    assert "Essay 'Part 2: Write your essay' has 18 words; the task asks for at least 250 words" in unfinished(h)
    h.store.put(f"{H3}/essay", {"text": words(250)})
    assert not [line for line in unfinished(h) if line.startswith("Essay ")]


# -- the confirmation box: a short label, for exactly the list shown above it ----------------------------
def started_box(tmp_path, answers: dict) -> SubmitBox:
    h = hand_in(tmp_path, H1, {"student-name": {"text": "Ann Example"}, **answers})
    box = SubmitBox(h, folder=tmp_path / "out")
    box.widget
    box.button.click()
    assert box.last.status == CONFIRM
    return box


def test_the_confirmation_label_is_short_and_the_list_is_above_it(tmp_path):
    box = started_box(tmp_path, {})
    lines = box.last.unfinished
    assert len(lines) > 3
    assert box.confirm.description == f"Submit with these {len(lines)} parts unfinished"
    assert box.confirm.tooltip == box.confirm.description
    assert not any(line in box.confirm.description for line in lines)
    assert all(esc(line) in box.message.value for line in lines)  # each one named above the box


@pytest.mark.parametrize("count,label", [(1, "Submit with this part unfinished"),
                                         (2, "Submit with these 2 parts unfinished")])
def test_the_label_counts_the_parts(count, label):
    from utils.handin.submit_box import confirm_label

    assert confirm_label("Submit", count) == label
    assert confirm_label("Hand in", count) == label.replace("Submit", "Hand in")


def test_the_confirmation_holds_for_exactly_the_list_even_when_the_count_is_the_same(tmp_path):
    """Ticked for one list; then a different part is unfinished (as many as before): asked again."""
    box = started_box(tmp_path, {})
    h = box.model.homework
    before = list(box.last.unfinished)
    box.confirm.value = True
    h.store.put(f"{H1}/prompt-argued-answer", {"text": words(20)})  # no longer blank, but still too short
    box.button.click()
    assert box.last.status == CONFIRM and box.last.unfinished != before
    assert len(box.last.unfinished) == len(before)
    assert "changed since you ticked" in box.message.value and box.confirm.value is False
    assert not (tmp_path / "out").exists()
    box.confirm.value = True  # ticked for the list now shown
    box.button.click()
    assert box.last.status == DONE and len(list((tmp_path / "out").iterdir())) == 1


def test_handed_in_before_says_when_in_words(tmp_path):
    box = started_box(tmp_path, {})
    box.restore({"file": "h1.html", "submitted_at": "2025-03-09T16:02:11Z", "unfinished": 0})
    assert "(9 Mar 2025, 16:02 UTC)" in box.message.value and "T16:02" not in box.message.value
