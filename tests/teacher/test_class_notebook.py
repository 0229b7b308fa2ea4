"""The stored teacher notebook shows the example class without any homework's rubric or
historians' text: it sits in the students' file tree (and on Binder), so its stored outputs must
not give the answers away (issue 10)."""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "teacher" / "class_summary.ipynb"
SECRET_KEYS = {"historians", "rubric", "teacher_notes", "descriptor"}
RUN = 8  # words in a row that give a text away (shorter runs match common phrases)


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def secret_texts(node, inside: bool = False):
    """Every teacher-only text in a homework file: historians, rubrics (labels too), teacher notes."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from secret_texts(value, inside or key in SECRET_KEYS)
    elif isinstance(node, list):
        for value in node:
            yield from secret_texts(value, inside)
    elif isinstance(node, str) and inside:
        yield node


def stored_text(nb: dict) -> str:
    """Everything the stored notebook shows: every output, and any file carried in a data: link."""
    parts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            for value in out.get("data", {}).values():
                parts.append(value if isinstance(value, str) else "".join(value) if isinstance(value, list)
                             else json.dumps(value))
            parts.append("".join(out.get("text", "")))
    text = "\n".join(parts)
    for b64 in re.findall(r"data:[\w/.+-]+;charset=utf-8;base64,([A-Za-z0-9+/=]+)", text):
        parts.append(base64.b64decode(b64).decode("utf-8", "replace"))
    return "\n".join(parts)


def leaks(nb: dict) -> list[str]:
    shown = " ".join(words(stored_text(nb)))
    found = []
    for path in sorted((ROOT / "lessons" / "homework").glob("*.yaml")):
        for text in secret_texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            w = words(text)
            for i in range(max(1, len(w) - RUN + 1)):
                run = " ".join(w[i:i + RUN])
                if len(w) >= RUN and f" {run} " in f" {shown} ":
                    found.append(f"{path.name}: ...{run}...")
                    break
    return found


def test_stored_teacher_notebook_gives_no_answers_away():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert any(cell.get("outputs") for cell in nb["cells"]), "the notebook should be stored with its outputs"
    assert leaks(nb) == []


def test_the_check_finds_a_leak():
    """The check above can fail: a notebook showing the rubric is caught."""
    from utils.teacher import class_folder as classroom

    from test_classroom import EXAMPLE, H1

    shown = classroom.load(EXAMPLE, H1, show_answers=True)
    nb = {"cells": [{"outputs": [{"data": {"text/html": shown.rubric()._repr_mimebundle_()["text/html"]}}]},
                    {"outputs": [{"data": {"text/plain": shown.summary(historians=True).text}}]}]}
    assert any("h1-kirov-sources.yaml" in leak for leak in leaks(nb))
    hidden = classroom.load(EXAMPLE, H1)
    nb = {"cells": [{"outputs": [{"data": {"text/html": hidden.rubric()._repr_mimebundle_()["text/html"]}}]},
                    {"outputs": [{"data": {"text/html": hidden.summary()._repr_mimebundle_()["text/html"]}}]},
                    {"outputs": [{"data": {"text/html": hidden.grade_sheet(EXAMPLE.parent / "unused.csv")
                                           ._repr_mimebundle_()["text/html"]}}]}]}
    (EXAMPLE.parent / "unused.csv").unlink()
    assert leaks(nb) == []
