"""The teacher guide (issue 12): plans for 45 and 60 minutes, vocabulary, answer keys, the final
claim's rubric as a list, and a printable handout per lesson that answers nothing."""
from __future__ import annotations

import pytest

from utils.content import load as content
from utils.content.course import sequence
from utils.teacher import guide
from utils.teacher.handouts import handout_html

LESSONS = [e["id"] for e in sequence() if e["ready"] and e["id"] != "00-start-here"]


@pytest.fixture(scope="module")
def built():
    return guide.build()


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_each_lesson_has_plans_vocabulary_keys_and_the_exit_ticket(lesson_id):
    data = content.load_lesson(lesson_id)
    md = guide.lesson_markdown(data)
    assert "### Lesson plan for 45 minutes" in md and "### Lesson plan for 60 minutes" in md
    assert "| 0–3 | Hook |" in md or "| 0–" in md
    assert "### Vocabulary" in md
    final = next(ex for ex in data["exercises"] if ex["kind"] == "final-claim")
    assert "### Exit ticket: the final claim" in md
    for n, point in enumerate(final["rubric"], 1):
        assert f"{n}. {guide._one_line(point)}" in md
    assert "['" not in md, "a Python list leaked into the guide"
    for ex in data["exercises"]:
        if ex["kind"] == "quick-check":
            for q in ex["questions"]:
                assert guide._one_line(q["text"]) in md and "**Key:**" in md


def test_plan_minutes_run_from_zero_to_the_period():
    plan = [{"activity": "hook", "minutes": 5, "what": "a | b"}, {"activity": "exit ticket", "minutes": 40, "what": "x"}]
    lines = guide.plan_markdown(plan, "45")
    assert lines[4] == "| 0–5 | Hook | a / b |" and lines[5].startswith("| 5–45 | Exit ticket |")


def test_tables_render_as_escaped_html():
    html = guide.body_html("| A | B |\n| --- | --- |\n| 0–3 | <script>x</script> |")
    assert "<table" in html and "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_a_handout_has_every_document_and_no_answers(lesson_id):
    data = content.load_lesson(lesson_id)
    html = str(handout_html(data))  # a plain str: Markup.replace would escape its arguments
    assert "<main>" in html and "http" not in html.split("<body>")[1].split("Where to find it")[0]
    for doc in guide.shown_in(data):
        assert guide._one_line(doc["title"])[:30] in guide._one_line(html.replace("&quot;", '"').replace("&#x27;", "'"))
    flat = " ".join(html.split())
    for ex in data["exercises"]:
        for field in ("historians", "summary", "rubric"):
            text = ex.get(field)
            if isinstance(text, str):
                assert " ".join(text.split()[:10]) not in flat, f"{lesson_id}: the handout shows {ex['id']}.{field}"


def test_make_guide_writes_the_guide_and_handouts(tmp_path):
    assert guide.main([str(tmp_path)]) == 0
    assert (tmp_path / "teacher-guide.html").read_text(encoding="utf-8").count("Lesson plan for 45 minutes") == len(LESSONS)
    assert len(list((tmp_path / "handouts").glob("*.html"))) == len(LESSONS)
