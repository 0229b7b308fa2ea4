"""Fixtures: a small, clearly fictional course built in a temporary folder for bad-input tests."""
import json

import pytest

from course_fixture import BIB, CSV, DOCS, HOMEWORK, LESSON, PACKAGE, Course, clear


@pytest.fixture
def course(tmp_path, monkeypatch):
    root = tmp_path / "course"
    c = Course(root)
    c.write("lessons/bibliography.yaml", BIB)
    c.write("lessons/documents.yaml", DOCS)
    c.write("lessons/course.yaml", "lessons:\n  - {number: 1, id: 01-test, title: Test}\n")
    c.write("lessons/01-test.yaml", LESSON)
    c.write("data/counts.csv", CSV)
    c.write("data/datapackage.json", json.dumps(PACKAGE))
    monkeypatch.setenv("PH_COURSE_ROOT", str(root))
    monkeypatch.setenv("PH_ANSWERS_DIR", str(tmp_path / "answers"))
    clear()
    yield c
    clear()


@pytest.fixture
def hw_course(course):
    """The fictional course with one homework, lessons/homework/h1-test.yaml."""
    course.write("lessons/homework/h1-test.yaml", HOMEWORK)
    return course
