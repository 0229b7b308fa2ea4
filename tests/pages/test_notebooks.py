"""The stored notebooks: executed cleanly, prompts in step with lessons/, no saved widget state."""
import json
import re
from pathlib import Path

import pytest

from utils.content.load import load_lesson
from utils.content.course import notebook_for, sequence

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))
LESSON_NOTEBOOKS = [(e["id"], ROOT / "notebooks" / notebook_for(e["id"])) for e in sequence() if e["ready"]]


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell):
    return "".join(cell["source"])


def norm(s):
    return " ".join(s.split())


def test_every_ready_lesson_has_its_notebook():
    for lesson_id, path in LESSON_NOTEBOOKS:
        assert path.exists(), f"lesson {lesson_id} has no notebook {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_executed_without_errors(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in nb["metadata"], "strip saved widget state (make notebooks does)"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for n, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        assert cell["execution_count"] is not None, f"cell {n} was not executed: run make notebooks"
        assert not [o for o in cell["outputs"] if o["output_type"] == "error"], f"cell {n} stored an error"


@pytest.mark.parametrize("lesson_id,path", LESSON_NOTEBOOKS, ids=lambda x: getattr(x, "name", x))
def test_prompts_match_lesson_content(lesson_id, path):
    """Each prompt cell (tagged 'prompt') states the lesson's prompt and is answered in its own box."""
    prompts = load_lesson(lesson_id)["prompts"]
    nb = cells(path)
    tagged = [i for i, c in enumerate(nb) if "prompt" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == len(prompts) >= 3
    assert sum(bool(p.get("extension")) for p in prompts) == 1, "one prompt should be the extension prompt"
    for i, prompt in zip(tagged, prompts):
        cell_text = re.sub(r"^\*\*Prompt \d+( \((stretch|extension)\))?\.\*\*\s*", "", text(nb[i]))
        assert norm(cell_text) == norm(prompt["text"]), f"prompt '{prompt['id']}' differs from lessons/"
        assert nb[i]["cell_type"] == "markdown"
        answer = nb[i + 1]
        assert answer["cell_type"] == "code" and f'.response("{prompt["id"]}")' in text(answer)


@pytest.mark.parametrize("lesson_id,path", LESSON_NOTEBOOKS, ids=lambda x: getattr(x, "name", x))
def test_every_exercise_and_chart_is_shown(lesson_id, path):
    data = load_lesson(lesson_id)
    code = "\n".join(text(c) for c in cells(path) if c["cell_type"] == "code")
    for ex in data["exercises"]:
        assert f'.exercise("{ex["id"]}")' in code, f"exercise {ex['id']} is not in the notebook"
    for ch in data.get("charts", []):
        assert f'.chart("{ch["id"]}")' in code
    for p in data.get("passages", []):
        assert f'.passage("{p["id"]}")' in code, f"passage {p['id']} is not in the notebook"
    assert ".sources()" in code and ".heading()" in code


@pytest.mark.parametrize("lesson_id,path", LESSON_NOTEBOOKS, ids=lambda x: getattr(x, "name", x))
def test_exercises_have_a_readable_fallback_stored(lesson_id, path):
    """Where widgets cannot run (GitHub, nbviewer), the stored output still shows the task as HTML."""
    for cell in cells(path):
        if cell["cell_type"] == "code" and ".exercise(" in text(cell):
            data = cell["outputs"][0]["data"]
            assert "application/vnd.jupyter.widget-view+json" in data
            assert "text/html" in data and "interactive exercise" in "".join(data["text/html"])
