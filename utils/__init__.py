"""Purges and Hysteria: the package the course notebooks import.

Notebooks use one import form, ``from utils import <name>``, with the names below; nothing else
in the package is meant for notebooks. The package is layered (see docs/code-layout.md):

    core/       errors, paths, escaping (Markup), display, YAML and schema checks, CSS
    facts/      bibliography and documents, datasets, charts, excerpts, glossary
    content/    lesson and homework files, the course sequence, per-kind content checks
    exercises/  the registry of exercise kinds, the answers store, one module per kind
    handin/     answers as handed in, submission files, the hand-in and my-answers boxes
    pages/      the lesson, homework, start and glossary pages
    teacher/    the class folder, class charts, the teacher guide
    server/     the Jupyter server extension (imported only by Jupyter)
    tools/      developer tools (imported by nothing)

Each layer imports only the layers above it in this list (tests/core/test_layers.py). Everything heavy
(pandas, matplotlib, ipywidgets) is imported when first used, so ``import utils`` stays light.
"""
from __future__ import annotations

import os
import sys

from utils.core import paths as _paths
from utils.core.display import Shown as _Shown
from utils.core.errors import ContentError, CourseError
from utils.core.html import esc as _esc
from utils.core.version import VERSION as __version__
from utils.exercises import answers as _answers
from utils.facts.datasets import load as _load_dataset
from utils.facts.glossary import page as _glossary_page
from utils.pages.homework import Homework as _Homework
from utils.pages.lesson import Lesson as _Lesson
from utils.pages.start import course_map as _course_map
from utils.teacher.class_folder import load as _class_folder

__all__ = ["lesson", "homework", "course_map", "where_answers_are", "glossary_page", "class_folder", "load",
           "ContentError", "CourseError"]


def lesson(lesson_id: str):
    """Load one lesson from lessons/<lesson_id>.yaml (checked) and return it ready to show."""
    return _Lesson(lesson_id)


def homework(homework_id: str, store=None):
    """Load one homework from lessons/homework/<homework_id>.yaml (checked), ready to show and hand in."""
    return _Homework(homework_id, store=store)


def course_map():
    """The start page's table of lessons: question, time, skills, and a link to each."""
    return _course_map()


def glossary_page():
    """Every word of the course glossary (lessons/glossary.yaml) with its meaning."""
    return _glossary_page()


def class_folder(folder, assignment: str, deadline=None, show_answers: bool = False):
    """The teacher's view of what a class handed in: a folder, per-student folders, or an LMS zip."""
    return _class_folder(folder, assignment, deadline=deadline, show_answers=show_answers)


def load(name: str):
    """A dataset of data/ as a pandas DataFrame (for the homework's data task): load("sentences_by_year")."""
    return _load_dataset(name)


def where_answers_are():
    """Say where this computer keeps the student's answers (relative to the course folder)."""
    path = _answers.store().path
    try:
        shown = path.relative_to(_paths.course_root()).as_posix() + " (in the course folder)"
    except ValueError:
        shown = f"${_paths.ANSWERS_ENV}/{path.name}" if os.environ.get(_paths.ANSWERS_ENV) else str(path)
    return _Shown(f"<p>Your answers are saved in <code>{_esc(shown)}</code>.</p>",
                  f"Your answers are saved in {shown}.")


def _show_course_errors_plainly() -> None:
    """In a notebook, show a CourseError as its message, not as a traceback."""
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
