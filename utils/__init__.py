"""Purges and Hysteria: the package the course notebooks import.

A notebook needs only ``from utils import lesson`` (or ``homework``). Everything heavy (pandas, matplotlib,
ipywidgets) is imported when first used, so ``import utils`` stays light.
"""
from __future__ import annotations

from .errors import ContentError, CourseError

__all__ = ["lesson", "homework", "course_map", "where_answers_are", "glossary_page", "ContentError", "CourseError"]
__version__ = "0.1.0"


def lesson(lesson_id: str):
    """Load one lesson from lessons/<lesson_id>.yaml (checked) and return it ready to show."""
    from .pages.lesson import Lesson

    return Lesson(lesson_id)


def homework(homework_id: str, store=None):
    """Load one homework from lessons/homework/<homework_id>.yaml (checked), ready to show and hand in."""
    from .pages.homework import Homework

    return Homework(homework_id, store=store)


def course_map():
    """The start page's table of lessons: question, time, skills, and a link to each."""
    from .course import course_map as _map

    return _map()


def glossary_page():
    """Every word of the course glossary (lessons/glossary.yaml) with its meaning."""
    from .glossary import page

    return page()


def where_answers_are():
    """Say where this computer keeps the student's answers (relative to the course folder)."""
    import os

    from .answers import store
    from .display import Shown
    from .html import esc
    from .paths import ANSWERS_ENV, course_root

    path = store().path
    try:
        shown = path.relative_to(course_root()).as_posix() + " (in the course folder)"
    except ValueError:
        shown = f"${ANSWERS_ENV}/{path.name}" if os.environ.get(ANSWERS_ENV) else str(path)
    return Shown(f"<p>Your answers are saved in <code>{esc(shown)}</code>.</p>",
                 f"Your answers are saved in {shown}.")


def _show_course_errors_plainly() -> None:
    """In a notebook, show a CourseError as its message, not as a traceback."""
    import sys

    if "IPython" not in sys.modules:  # not in a notebook: nothing to set up, nothing to import
        return
    from IPython import get_ipython
    shell = get_ipython()
    if shell is None:
        return

    def handler(self, etype, value, tb, tb_offset=None):
        from IPython.display import display

        display(value)
        return None

    shell.set_custom_exc((CourseError,), handler)


_show_course_errors_plainly()
