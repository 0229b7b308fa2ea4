"""The course's sequence of lessons, from lessons/course.yaml (checked against its schema)."""
from __future__ import annotations

from utils.content.files import lesson_files
from utils.core import paths
from utils.core.errors import ContentError
from utils.core.validate import check
from utils.core.yamlfile import load_yaml

FILE = "lessons/course.yaml"


def sequence() -> list[dict]:
    """The lessons in teaching order: number, id, title, and whether the lesson is ready.

    lessons/course.yaml is checked against utils/content/schema/course.schema.json: each entry has a
    number (a whole number or a short label), an id (the lesson file's name) and a title."""
    data = check(load_yaml(paths.lessons_dir() / "course.yaml", FILE), FILE, schema="course")
    ready = {p.stem for p in lesson_files()}
    out, seen = [], {}
    for n, entry in enumerate(data["lessons"], 1):
        if entry["id"] in seen:
            raise ContentError(FILE, f"lesson {n} ('{entry['id']}')", "id", "each lesson once in the sequence",
                               f"the same id as lesson {seen[entry['id']]}")
        seen[entry["id"]] = n
        out.append({**entry, "ready": entry["id"] in ready})
    return out


def notebook_for(lesson_id: str) -> str:
    """The notebook file name of a lesson: 08-molotov-remembers -> 08_molotov_remembers.ipynb."""
    return lesson_id.replace("-", "_") + ".ipynb"
