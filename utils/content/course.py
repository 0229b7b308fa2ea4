"""The course's sequence of lessons, from lessons/course.yaml (checked against its schema)."""
from __future__ import annotations

import json
import re

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


EXTENSION_HEADING = "## Extension"
_CALL = re.compile(r"\.(exercise|response)\(\s*[\"']([^\"']+)[\"']\s*\)")


def extension_items(lesson_id: str) -> dict[str, set[str]]:
    """What a lesson's notebook places under its '## Extension' heading, for students who finish
    early: {'exercises': ids, 'prompts': ids, 'passages': ids, 'documents': ids}. Everything before
    that heading is the lesson's core (one period). Empty sets when the notebook has no extension
    or cannot be read (a homework, a lesson being written)."""
    out: dict[str, set[str]] = {"exercises": set(), "prompts": set(), "passages": set(), "documents": set()}
    path = paths.course_root() / "notebooks" / notebook_for(lesson_id)
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return out
    after = False
    for cell in cells:
        source = "".join(cell.get("source", [])) if isinstance(cell.get("source"), list) else str(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            first = source.strip().splitlines()[0] if source.strip() else ""
            if first.strip() == EXTENSION_HEADING:
                after = True
            elif after and first.startswith("## "):  # "## Hand in this lesson" ends the extension
                after = False
        elif after and cell.get("cell_type") == "code":
            for what, item in _CALL.findall(source):
                out["exercises" if what == "exercise" else "prompts"].add(item)
            out["passages"].update(re.findall(r"\.passage\(\s*[\"']([^\"']+)[\"']", source))
            out["documents"].update(re.findall(r"\.source\(\s*[\"']([^\"']+)[\"']", source))
    return out


def extension_documents(data: dict, ext: dict[str, set[str]]) -> set[str]:
    """Ids of the documents a lesson shows only under its Extension heading."""
    core, later = set(), set()
    for p in data.get("passages", []):
        (later if p["id"] in ext["passages"] else core).update(p.get("documents", []))
    for ex in data.get("exercises", []):
        if ex.get("kind") in ("source-card", "reliability-rating") and ex.get("document"):
            (later if ex["id"] in ext["exercises"] else core).add(ex["document"])
    return later - core
