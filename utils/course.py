"""The course map shown on the start page, built from lessons/course.yaml and the lesson files."""
from __future__ import annotations

from . import content, paths
from .display import Shown
from .errors import ContentError
from .html import esc, inline, plain
from .validate import check
from .yamlfile import load_yaml

FILE = "lessons/course.yaml"


def sequence() -> list[dict]:
    """The lessons in teaching order: number, id, title, and whether the lesson is ready.

    lessons/course.yaml is checked against utils/schema/course.schema.json: each entry has a
    number (a whole number or a short label), an id (the lesson file's name) and a title."""
    data = check(load_yaml(paths.lessons_dir() / "course.yaml", FILE), FILE, schema="course")
    ready = {p.stem for p in content.lesson_files()}
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


def course_map() -> Shown:
    """A table of the lessons: what each asks, its time and skills, and a link to open it."""
    rows, lines = [], []
    for entry in sequence():
        if entry["ready"]:
            d = content.load_lesson(entry["id"])
            link = f"<a href='{esc(notebook_for(entry['id']))}'>{inline(d['title'])}</a>"
            rows.append(f"<tr><td>{esc(entry['number'])}</td><td>{link}</td><td>{inline(d['central_question'])}</td>"
                        f"<td>{esc(d['time_minutes'])} min</td><td>{esc(', '.join(d['skills']))}</td></tr>")
            lines.append(f"{entry['number']}. {d['title']} ({d['time_minutes']} min): {plain(d['central_question'])}")
        else:
            rows.append(f"<tr><td>{esc(entry['number'])}</td><td>{inline(entry['title'])}</td>"
                        "<td colspan='3'><em>in preparation</em></td></tr>")
            lines.append(f"{entry['number']}. {entry['title']} (in preparation)")
    head = ("<tr><th scope='col'>#</th><th scope='col'>Lesson</th><th scope='col'>The question it asks</th>"
            "<th scope='col'>Time</th><th scope='col'>Skills</th></tr>")
    return Shown(f"<table class='ph-course-map'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>",
                 "\n".join(lines))
