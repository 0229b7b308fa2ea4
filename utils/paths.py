"""Where the course's folders are: content, data, and the student's saved answers."""
from __future__ import annotations

import os
from pathlib import Path

ANSWERS_ENV = "PH_ANSWERS_DIR"
ROOT_ENV = "PH_COURSE_ROOT"


def course_root() -> Path:
    """The folder that holds lessons/ and data/ (override with $PH_COURSE_ROOT)."""
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).resolve()
    here = Path(__file__).resolve().parent.parent
    if (here / "lessons").is_dir():
        return here
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "lessons").is_dir() and (folder / "data").is_dir():
            return folder
    raise FileNotFoundError(
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
