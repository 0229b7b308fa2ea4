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


STOP_WORDS = set("a an the and of on in to or what who was did do at as for with by".split())


def heading_words(s):
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in STOP_WORDS}


def first_output_heading(cell):
    """(level, text) of the heading an output opens with, after its <style>; None if it opens otherwise."""
    import html
    shown = "".join("".join(o.get("data", {}).get("text/html", "")) for o in cell.get("outputs", []))
    shown = re.sub(r"<style>.*?</style>", "", shown, flags=re.S).lstrip()
    m = re.match(r"<h([1-6])[^>]*>(.*?)</h\1>", shown, re.S)
    return (int(m.group(1)), html.unescape(re.sub("<[^>]+>", "", m.group(2)))) if m else None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_heading_is_said_twice(path):
    """A notebook heading directly followed by an output that opens with a heading of the same level,
    or with one that repeats its words, shows students two headings in a row with nothing between:
    one of them belongs in lessons/ (a passage's `heading:`) or in the notebook, not both."""
    nb = cells(path)
    doubled = []
    for n, (md, code) in enumerate(zip(nb, nb[1:])):
        if md["cell_type"] != "markdown" or code["cell_type"] != "code":
            continue
        m = re.match(r"(#+)\s+(.*)", text(md).rstrip().split("\n")[-1])
        shown = first_output_heading(code)
        if not m or not shown:
            continue
        level, said = len(m.group(1)), re.sub(r"^\d+\.\s*", "", m.group(2))
        words = heading_words(said)
        repeats = len(words & heading_words(shown[1])) >= len(words) / 2
        if shown[0] <= level or repeats:
            doubled.append(f"cell {n}: '{said}' then '{shown[1]}'")
    assert not doubled, "two headings in a row: " + "; ".join(doubled)
