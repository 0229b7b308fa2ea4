"""`make check` (utils/tools/check.py): every content and data file checked in seconds, with the
same messages as the notebooks, and a clear list of problems instead of a traceback."""
from __future__ import annotations

import time

from utils.tools import check


def test_the_real_course_passes_in_seconds(capsys):
    start = time.perf_counter()
    status = check.main([])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "All content is valid" in out
    assert time.perf_counter() - start < 30  # the goal is 10 s (make bench measures; this is a sanity bound)


def test_a_broken_lesson_and_a_broken_dataset_are_named(course, capsys):
    assert check.main([]) == 0, capsys.readouterr().out
    course.write("lessons/01-test.yaml", (course.root / "lessons/01-test.yaml").read_text(encoding="utf-8").replace("kind: claim-check", "kind: claim-chek"))
    course.write("data/counts.csv", "year,count,source,locator,confidence,note\n1936,ten,author-2000,p. 1,verified,\n")
    from course_fixture import clear

    clear()
    assert check.main([]) == 1
    out = capsys.readouterr().out
    assert "lessons/01-test.yaml" in out and "claim-chek" in out
    assert "counts" in out and "Traceback" not in out


def test_the_quick_check_balance_is_checked():
    longer = {"options": [{"text": "a much longer right answer", "correct": True}, {"text": "short", "correct": False}]}
    even = {"options": [{"text": "right one", "correct": True}, {"text": "wrong one", "correct": False}]}
    assert check.clearly_longest(longer) and not check.clearly_longest(even)
