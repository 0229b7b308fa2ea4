"""Where the course's folders are: content, data, and the student's saved answers."""
from __future__ import annotations

import os
from pathlib import Path

from utils.core.errors import NotFound

ANSWERS_ENV = "PH_ANSWERS_DIR"
ROOT_ENV = "PH_COURSE_ROOT"


class CourseNotFound(NotFound):
    """No course folder above the notebook's folder, and none where the package lives."""


def is_course(folder: Path) -> bool:
    """Whether folder is a copy of the course: it holds lessons/course.yaml and data/."""
    try:
        return (folder / "lessons" / "course.yaml").is_file() and (folder / "data").is_dir()
    except OSError:
        return False


def course_root() -> Path:
    """The folder that holds lessons/ and data/ (override with $PH_COURSE_ROOT).

    The copy of the course the notebook was opened from decides: a notebook's kernel starts in the
    notebook's folder (<course>/notebooks, <course>/notebooks/homework), so the first course folder
    at or above the working directory is the one. Only where there is none (a script run from
    elsewhere) is the folder the package was loaded from used. So with two copies of the course, or
    the package installed from another folder, answers are saved beside the notebooks the student
    opened, not beside the package.
    """
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).expanduser().resolve()
    try:
        cwd = Path.cwd().resolve()
    except OSError:  # the working folder was deleted under the kernel
        cwd = None
    if cwd is not None:
        for folder in [cwd, *cwd.parents]:
            if is_course(folder):
                return folder
    here = Path(__file__).resolve().parents[2]  # utils/core/paths.py -> the folder holding utils/
    if (here / "lessons").is_dir():
        return here
    raise CourseNotFound(
        "Cannot find the course folders (lessons/ and data/). Open the notebooks from the "
        f"course folder, or set {ROOT_ENV} to it."
    )


def lessons_dir() -> Path:
    """The folder of lesson content files."""
    return course_root() / "lessons"


def data_dir() -> Path:
    """The folder of datasets and datapackage.json."""
    return course_root() / "data"


def answers_dir() -> Path:
    """Where answers are saved: $PH_ANSWERS_DIR, else answers/ in the course folder."""
    if os.environ.get(ANSWERS_ENV):
        return Path(os.environ[ANSWERS_ENV]).expanduser().resolve()
    return course_root() / "answers"
