"""What students read speaks of history, not of the course's own research; and they read documents.

Issue: students judged the course's paraphrases and read "the course's notes could not trace
them", "not verified here", "[Work not known]". These tests keep that out of every content file,
dataset and stored notebook, require full bibliography entries, and require every lesson 01-09 to
show at least two documents in their own words (120+ words each), at least 25 in all.
"""
from __future__ import annotations

import csv
import json
import re
from html import unescape
from pathlib import Path

import nbformat
import pytest
import yaml

from utils.content import load as content
from utils.facts import sources
from utils.facts.excerpts import shown_in, words

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.stem for p in (ROOT / "lessons").glob("0[1-9]-*.yaml"))

# research shorthand that must never reach a reader
WORKINGS = re.compile(
    r"course'?s (?:own )?(?:research )?notes|\bthe notes\b|\bnotes behind\b|not verified here|"
    r"\bnot known\b|\bwork not known\b|compiler not known|could not trace|\[W\]|"
    r"not (?:given|named) in the notes|still (?:has|have) to be (?:looked up|checked)", re.I)


def strings(value, where=""):
    """Every string in a parsed YAML/JSON value, with where it is."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, f"{where}.{k}" if where else str(k))
    elif isinstance(value, list):
        for n, v in enumerate(value):
            item = v.get("id") if isinstance(v, dict) and "id" in v else n
            yield from strings(v, f"{where}[{item}]")


def content_texts():
    for path in sorted((ROOT / "lessons").rglob("*.yaml")):
        for where, text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield f"{path.relative_to(ROOT)}: {where}", text
    for path in sorted((ROOT / "data").glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), 2):
                for col, text in row.items():
                    yield f"{path.relative_to(ROOT)}: line {n}, {col}", text or ""
    pkg = ROOT / "data" / "datapackage.json"
    for where, text in strings(json.loads(pkg.read_text(encoding="utf-8"))):
        yield f"data/datapackage.json: {where}", text
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for n, cell in enumerate(nb.cells):
            texts = [cell.source]
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                texts += [str(data.get("text/plain", "")), str(data.get("text/html", ""))]
            for text in texts:
                yield f"{path.relative_to(ROOT)}: cell {n}", text


def test_no_research_shorthand_reaches_students():
    found = [f"{where}: …{m.group(0)}…" for where, text in content_texts()
             for m in [WORKINGS.search(text)] if m]
    assert not found, f"{len(found)} places speak of the course's own workings:\n" + "\n".join(found[:60])


def test_every_bibliography_entry_names_a_real_publication():
    works = yaml.safe_load((ROOT / "lessons" / "bibliography.yaml").read_text(encoding="utf-8"))["works"]
    bad = []
    for w in works:
        missing = [f for f in ("authors", "title", "year") if not str(w.get(f) or "").strip()
                   or WORKINGS.search(str(w.get(f)))]
        if missing:
            bad.append(f"{w.get('id')}: {', '.join(missing)}")
    assert not bad, "bibliography entries without author, title or year:\n" + "\n".join(bad)


def primary_excerpts(lesson_id: str) -> list[dict]:
    """Documents the lesson shows in full: attached to a passage or to an exercise that shows its
    document, not a paraphrase, not a historian's work, 120 words or more."""
    return [d for d in shown_in(content.load_lesson(lesson_id)) if words(d) >= 120
            and not d.get("excerpt_paraphrase") and d["genre"] != "historian"]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_lesson_shows_two_documents_in_their_own_words(lesson_id):
    found = primary_excerpts(lesson_id)
    assert len(found) >= 2, (f"{lesson_id} shows {len(found)} primary-source excerpts of 120+ words "
                             f"({[d['id'] for d in found]}); it needs at least 2")
    for doc in found:
        assert doc.get("translation_note"), f"{doc['id']}: say what was done (translation_note)"
        assert "[...]" in doc["excerpt"] or "[…]" in doc["excerpt"] or "in full" in doc["translation_note"], (
            f"{doc['id']}: mark cuts with [...] or say in translation_note that it is given in full")
        assert doc.get("locator") and not WORKINGS.search(doc["locator"]), f"{doc['id']}: page or reference"
        sources.work(doc["source"])  # a real bibliography entry


def test_at_least_25_documents_across_the_lessons():
    total = {d["id"] for lesson_id in LESSONS for d in primary_excerpts(lesson_id)}
    assert len(total) >= 25, f"{len(total)} primary-source excerpts in lessons 01-09; at least 25 wanted"


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_stored_notebook_shows_its_excerpts(lesson_id):
    """The excerpts are in the stored notebook (GitHub, nbviewer, the site), not only in the YAML."""
    path = next((ROOT / "notebooks").glob(lesson_id.replace("-", "_", 1).split("-")[0] + "_*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    html = " ".join(str(o.get("data", {}).get("text/html", "")) for c in nb.cells if c.cell_type == "code"
                    for o in c.get("outputs", []))
    shown = " ".join(re.sub(r"[*\[\]]", " ", unescape(re.sub(r"<[^>]+>", " ", html))).split())
    for doc in primary_excerpts(lesson_id):
        first = " ".join(re.sub(r"[*\[\]]", " ", doc["excerpt"]).split()[:8])
        assert first in shown, f"{path.name} does not show the excerpt of {doc['id']}: run make notebooks"


def test_readme_and_teacher_guide_list_each_lessons_documents():
    """Teachers see which documents each lesson has students read before they adopt it."""
    from utils.teacher.guide import build

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = build()
    for lesson_id in LESSONS:
        for doc in primary_excerpts(lesson_id):
            title = doc["title"].replace("*", "")
            assert title in readme, f"README does not list {lesson_id}'s document '{title}'"
            assert title in guide, f"the teacher guide does not list {lesson_id}'s document '{title}'"
