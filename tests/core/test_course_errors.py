"""Every message meant for a person is a CourseError: shown as its message (escaped), never a traceback."""
from __future__ import annotations

import pytest

from utils.core.errors import BadValue, CourseError, NotFound
from utils.core.paths import CourseNotFound
from utils.teacher import class_folder

EXAMPLE = "tests/submissions/example_class"
H1 = "h1-kirov-sources"


def test_a_class_folder_that_is_not_there_or_not_a_folder(tmp_path):
    with pytest.raises(NotFound, match="There is no folder or zip .*check the path in the first cell"):
        class_folder.load(tmp_path / "nowhere", H1)
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(NotFound, match="neither a folder nor a zip file"):
        class_folder.load(tmp_path / "notes.txt", H1)


@pytest.mark.parametrize("deadline", ["10 March 2025", "2025-13-01", "tomorrow"])
def test_a_deadline_that_cannot_be_read_says_how_to_write_it(deadline):
    with pytest.raises(BadValue) as info:
        class_folder.load(EXAMPLE, H1, deadline=deadline)
    assert repr(deadline) in str(info.value) and "'2025-03-10'" in str(info.value)


def test_an_item_the_assignment_does_not_have_names_those_it_has():
    cf = class_folder.load(EXAMPLE, H1)
    with pytest.raises(BadValue, match="has no item 'nope'; it has: "):
        cf.answers("nope")


def test_the_errors_are_course_errors_and_still_what_callers_catch():
    assert issubclass(NotFound, CourseError) and issubclass(NotFound, FileNotFoundError)
    assert issubclass(BadValue, CourseError) and issubclass(BadValue, ValueError)
    assert issubclass(CourseNotFound, NotFound)


def test_a_course_error_shows_its_message_escaped():
    from IPython.lib.pretty import pretty

    error = BadValue("The item '<img src=x onerror=alert(1)>' is not there.")
    html = error._repr_html_()
    assert "<img" not in html and "&lt;img src=x" in html and html.startswith('<div role="alert"')
    assert pretty(error) == str(error)  # the plain text is the message alone
