"""The class summary reads lessons handed in as well as homework, shows first and final answers,
and flags answers that are the same or nearly so (issue 10)."""
from __future__ import annotations

import time

import pytest

from utils.teacher import class_folder as classroom
from utils.content import load as content
from utils.handin import submission

WHEN = "2025-03-01T10:00:00Z"
LONG = ("Nikolayev had a grudge against the Party and a gun he was allowed to carry, and the archive "
        "studies found no order from Stalin, so the simplest reading of the evidence is that he acted alone.")


def lesson_with(kind: str) -> str:
    """The id of the first lesson that has an exercise of this kind."""
    for path in content.lesson_files():
        data = content.load_lesson(path.stem)
        if any(ex["kind"] == kind for ex in data["exercises"]):
            return path.stem
    pytest.skip(f"no lesson has a {kind}")


def value_for(kind: str, spec: dict, n: int = 0) -> dict | None:
    if kind == "claim-check":
        return {"verdict": "contradicted", "evidence": [], "justification": "Because.", "committed": True}
    if kind == "reliability-rating":
        return {"ratings": {c["id"]: 1 + (n % 5) for c in spec["criteria"]}, "justification": "x", "committed": True}
    if kind == "side-by-side":
        return {"marks": {p["id"]: "agree" for p in spec["points"]}, "reliable": None, "why": "x", "committed": True}
    if kind == "corroboration-grid":
        return {"cells": {c["id"]: {d: "supports" for d in spec["documents"]} for c in spec["claims"]}, "committed": True}
    if kind == "quick-check":
        return {"responses": {}, "attempts": {q["id"]: [{"response": 0, "correct": n % 2 == 0}, {"response": 1, "correct": True}]
                                              for q in spec["questions"]}}
    if kind == "prompt":
        return {"text": f"Answer number {n}."}
    return None


def lesson_file(lesson_id: str, student: str, change=None, n: int = 0) -> str:
    """A lesson handed in with "Hand in this lesson": the homework's file format, the lesson's id."""
    data = content.load_lesson(lesson_id)
    keys = {f"{lesson_id}/{ex['id']}": (ex["kind"], ex) for ex in data["exercises"]}
    keys.update({f"{lesson_id}/prompt-{p['id']}": ("prompt", p) for p in data.get("prompts", [])})
    items = []
    for key, (kind, spec) in keys.items():
        value = value_for(kind, spec, n)
        if change:
            value = change(key, kind, value)
        items.append({"key": key, "kind": kind, "label": key.split("/")[1], "question": "?", "value": value,
                      "shown": [["Answer", str((value or {}).get("text", ""))]] if kind == "prompt" else [],
                      "unfinished": None})
    payload = submission.make_payload({"id": lesson_id, "title": data["title"]}, student, items, "0.1.0", WHEN)
    return submission.build(payload)


def test_a_lesson_handed_in_is_listed_and_charted(tmp_path):
    lesson = lesson_with("reliability-rating")
    for n, name in enumerate(["Ann Example", "Bo Example", "Cy Example"]):
        (tmp_path / f"{lesson}_{n}.html").write_text(lesson_file(lesson, name, n=n), encoding="utf-8")
    c = classroom.load(tmp_path, lesson)
    assert c.assignment.kind == "lesson" and c.assignment.title.startswith("Lesson ")
    assert [e.student for e in c.used] == ["Ann Example", "Bo Example", "Cy Example"]
    html = c.summary()._repr_mimebundle_()["text/html"]
    assert html.count("<figure") >= 1 and "3 students" in html
    assert "historians" not in html.lower()  # only when asked
    rows = c.grade_rows()
    assert rows[0][3:5] == ["Grade", "Feedback comments"] and len(rows) == 4  # a lesson has no rubric columns
    hw = classroom.load(tmp_path, "h1-kirov-sources")  # the same folder read for a homework: listed as other
    assert {e.status for e in hw.entries} == {classroom.OTHER}
    overview = hw.overview().text
    assert f"{lesson} |" in overview and "| lesson | 3 | 3" in overview


def test_quick_checks_and_grids_of_a_lesson_are_summed_up(tmp_path):
    lesson = lesson_with("quick-check")
    for n, name in enumerate(["Ann Example", "Bo Example"]):
        (tmp_path / f"{n}.html").write_text(lesson_file(lesson, name, n=n), encoding="utf-8")
    text = classroom.load(tmp_path, lesson).summary().text
    assert " 2 1 2" in text  # each question: answered by 2, right at the first try by 1, right in the end by 2


def test_unknown_assignment_says_what_there_is(tmp_path):
    with pytest.raises(classroom.CourseError, match="h1-kirov-sources"):
        classroom.load(tmp_path, "h9-nothing")


def test_first_and_final_verdicts_are_shown(tmp_path):
    lesson = lesson_with("claim-check")

    def revised(first, final, after):
        def change(key, kind, value):
            if kind == "claim-check":
                return {**value, "verdict": final, "first": {"verdict": first}, "revisions": [{"verdict": final}],
                        "final": {"verdict": final}, "changed_after_reveal": after}
            return value
        return change

    (tmp_path / "a.html").write_text(lesson_file(lesson, "Ann Example", revised("supported", "contradicted", True)))
    (tmp_path / "b.html").write_text(lesson_file(lesson, "Bo Example", revised("cannot tell", "contradicted", False)))
    (tmp_path / "c.html").write_text(lesson_file(lesson, "Cy Example", revised("contradicted", "contradicted", False)))
    (tmp_path / "d.html").write_text(lesson_file(lesson, "Di Example"))  # no revisions kept
    c = classroom.load(tmp_path, lesson)
    assert len(c.used) == 4
    summary = c.summary()
    html = summary._repr_mimebundle_()["text/html"]
    assert "supported \u2192 contradicted" in html and "cannot tell \u2192 contradicted" in html
    assert "contradicted (unchanged)" in html
    assert "2 of 3 students with both recorded changed their answer, 1 of them after the reveal" in summary.text
    ex = next(e["id"] for e in c.assignment.data["exercises"] if e["kind"] == "claim-check")
    side = c.answers(ex).text
    assert "Ann Example: Verdicts: First supported \u2192 final contradicted (changed after the reveal)" in side
    assert "Bo Example: Verdicts: First cannot tell \u2192 final contradicted" in side.splitlines()


def test_revision_helper():
    from utils.teacher.class_charts import revision

    assert revision({"verdict": "supported"}, ("verdict",)) is None
    assert revision({"first": "supported", "verdict": "contradicted"}, ("verdict",)) == ("supported", "contradicted", False)
    assert revision({"first": {"verdict": "a"}, "revisions": [{"verdict": "b", "after_reveal": True}]},
                    ("verdict",)) == ("a", "b", True)
    assert revision({"first": {"marks": {"p": "agree"}, "reliable": "x"}, "final": {"marks": {}, "reliable": None}},
                    ("marks", "reliable")) == (({"p": "agree"}, "x"), ({}, None), False)


# -- the same answers from different students ------------------------------------------------------
def test_identical_and_near_identical_answers_are_flagged():
    a = LONG
    texts = {("Ann", "Prompt 1"): a,
             ("Bo", "Prompt 1"): "  " + a.upper().replace(",", "") + "!!",  # identical once normalised
             ("Cy", "Prompt 1"): a.replace("simplest", "plainest").replace("a gun", "the gun"),  # near
             ("Di", "Prompt 1"): "The murder was organised from above, because the guard died the next day in a "
                                 "lorry and the NKVD let the killer go twice before the shot was fired.",
             ("Ann", "Prompt 2"): a,  # the same student's own words again: not flagged against herself
             ("Ed", "Prompt 2"): "Short and the same."}
    groups = classroom.similar_groups(texts)
    assert len(groups) == 1
    g = groups[0]
    assert {who for who, _ in g.members} == {"Ann", "Bo", "Cy"} and not g.identical and g.similarity >= 0.85
    exact = classroom.similar_groups({k: v for k, v in texts.items() if k[0] in ("Ann", "Bo")})
    assert len(exact) == 1 and exact[0].identical


def test_short_answers_are_not_compared_and_the_example_class_flags_eve(tmp_path):
    from test_classroom import EXAMPLE, H1

    c = classroom.load(EXAMPLE, H1)
    text = c.similar().text
    assert "Prompt 1 | near-identical" in text and "Prompt 2 | identical | Ada Example; Eve Testcase" in text
    assert "Ben" not in text and "Cleo" not in text  # their answers are their own
    assert "No identical" in c.similar(min_words=1000).text


def test_similarity_is_fast_for_a_class_of_forty():
    import random

    rng = random.Random(1)
    vocab = LONG.split() * 3
    texts = {(f"S{n}", f"Prompt {p}"): " ".join(rng.sample(vocab, 60)) for n in range(40) for p in range(3)}
    texts.update({(f"C{n}", "Prompt 0"): LONG for n in range(40)})  # forty identical copies
    start = time.perf_counter()
    groups = classroom.similar_groups(texts)
    assert time.perf_counter() - start < 5
    assert any(g.identical and len(g.members) == 41 or len(g.members) == 40 for g in groups)


def test_a_lesson_gets_a_hand_in_button_and_homework_keeps_submit(tmp_path):
    from utils.exercises.answers import AnswerStore
    from utils.handin.submit_box import SubmitBox

    class Page:  # what the Submit box needs of a lesson page
        id, data, store = "03-the-murder-of-kirov", {"title": "The murder of Kirov"}, AnswerStore(tmp_path)

    box = SubmitBox(Page())
    assert (box.button_label, box.title()) == ("Hand in this lesson", "Hand in this lesson")
    assert box.fallback_text() == "[Hand in this lesson button: run the notebook to hand in this lesson]"
    Page.data = {"title": "Homework 1", "after_lesson": "03-the-murder-of-kirov"}
    box = SubmitBox(Page())
    assert (box.button_label, box.title()) == ("Submit my homework", "Hand in your homework")
    assert box.fallback_text() == "[Submit button: run the notebook to hand in your homework]"  # as before
