"""Escaping is a type: every text field of the content renders escaped, wherever it is shown.

A course is built with ``<img src=x onerror=alert(1)>`` added to every string field of its lessons,
homework and lessons/course.yaml (fields that name something, such as ids, kinds and references,
cannot hold text and are left alone). Then every page, exercise (its widgets, its no-kernel
fallback, what historians conclude), the course map, the submission file and the teacher's views of
it are rendered, and none may contain the tag: HTML in content is shown as typed, never run.

Two courses: the fictional one of tests/course_fixture.py, and a copy of the real course's content,
which has every kind of exercise.
"""
from __future__ import annotations

import inspect
import shutil
from pathlib import Path

import pytest
import yaml

from course_fixture import HOMEWORK, LESSON, clear
from utils.core.errors import ContentError
from utils.core.html import Html, esc, inline, join, markup, paragraphs, table

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = "<img src=x onerror=alert(1)>"
TAG = "<img src=x"  # the charts are <img src='data:…'>: the live tag is the one the content carries
# Keys whose values name something (ids, kinds, references to documents, datasets and checks,
# fixed choices the schema lists): not text, so left alone (the content checks refuse any other value).
NAMES = {"id", "kind", "document", "documents", "source", "sources", "dataset", "datasets", "after_lesson",
         "organizer", "key_evidence", "more_reliable", "check", "verdict", "answer", "type", "genre",
         "distance", "skills", "activity", "x", "y"}
COLUMNS = {"label", "low", "high", "value", "group"}  # in an entry that reads a dataset: its columns
SELECTIONS = {"where", "exclude", "expected"}  # maps of names to names: left alone whole


def inject(node, key=None):
    """The node with PAYLOAD added to every string that is text (not a name, see NAMES)."""
    if isinstance(node, dict):
        names = NAMES | SELECTIONS | (COLUMNS if "dataset" in node else set())
        return {k: v if k in names and not _entries(v) else inject(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [inject(v, key) for v in node]
    if isinstance(node, str):
        return f"{node} {PAYLOAD}"
    return node


def _entries(value) -> bool:
    """A list of entries (a lesson's own documents), not of names."""
    return isinstance(value, list) and any(isinstance(v, dict) for v in value)


def inject_file(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump(inject(data), allow_unicode=True, sort_keys=False), encoding="utf-8")


# -- collecting what is shown ---------------------------------------------------------------------
def widget_html(widget) -> list[str]:
    """Every HTML string in a widget tree: HTML widgets' values, and descriptions shown as HTML."""
    out = []
    if hasattr(widget, "value") and type(widget).__name__ in ("HTML", "HTMLMath"):
        out.append(widget.value)
    if getattr(widget, "description_allow_html", False):
        out.append(widget.description)
    for child in getattr(widget, "children", ()) or ():
        out += widget_html(child)
    return out


def view_html(view) -> list[str]:
    """What an exercise shows: with a kernel (its widgets), without one (its fallback), and every
    part it builds in HTML, what historians conclude and the feedback of a quick check among them."""
    out = [view._repr_mimebundle_()["text/html"]]
    spec = getattr(view, "spec", {})
    if spec.get("kind") == "data-task":  # no widget: each step's instructions, and a wrong result twice (the hint)
        for n in range(1, len(spec["steps"]) + 1):
            out += [view.show(n).html, view.step(n, "no result").html, view.step(n, "no result").html]
        return out
    out += widget_html(view.widget)
    for name, method in inspect.getmembers(view, inspect.ismethod):
        if name.endswith("_html") and not [p for p in inspect.signature(method).parameters.values()
                                           if p.default is p.empty]:
            out.append(method())
    for n, q in enumerate(spec.get("questions", []) if spec.get("kind") == "quick-check" else []):
        out += [view.question_html(n, q), view.feedback_html(q)]
    return out


def page_html(page) -> list[str]:
    """Every part of a lesson or homework page, and every exercise and answer box on it."""
    d = page.data
    out = [page.heading().html, page.sources().html]
    out += [page.passage(p["id"]).html for p in d.get("passages", [])]
    out += [page.source(doc).html for doc in page.documents]
    out += [page.chart(c["id"]).html for c in d.get("charts", [])]
    for ex in d["exercises"]:
        out += view_html(page.exercise(ex["id"]))
    for p in d.get("prompts", []):
        box = page.response(p["id"])
        out += [box._repr_mimebundle_()["text/html"], *widget_html(box.widget)]
    for box in (page.name(), page.submit(), page.my_answers()):
        bundle = box._repr_mimebundle_() if hasattr(box, "_repr_mimebundle_") else {}
        out += [bundle.get("text/html", ""), *widget_html(box.widget)]
    return out


def teacher_html(assignment_id: str, page, folder: Path) -> list[str]:
    """The file handed in, and the teacher's views of a class folder holding it."""
    from utils.handin import submission
    from utils.teacher import class_folder

    page.answers().put(f"{assignment_id}/student-name", {"text": f"Ada {PAYLOAD}"})
    text = submission.build(page.payload("2025-03-01T10:00:00Z"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ada.html").write_text(text, encoding="utf-8")
    cf = class_folder.load(folder, assignment_id, show_answers=True)
    assert [e.status for e in cf.entries] == [class_folder.INCOMPLETE]
    out = [text, cf.statuses().html, cf.problems().html, cf.overview().html, cf.rubric().html,
           cf.word_counts().html, cf.summary().html, cf.summary(historians=False).html, cf.similar().html,
           cf.grade_sheet(folder.parent / "sheet.csv").html]
    for key in cf.assignment.keys():
        out.append(cf.answers(key.split("/", 1)[1].removeprefix("prompt-")).html)
    return out


def assert_escaped(shown: list[str]) -> None:
    assert shown and all(isinstance(h, str) for h in shown)
    for html in shown:
        assert TAG not in html, f"a live tag: {html[max(0, html.find(TAG) - 200):html.find(TAG) + 60]}"
    # the content's text does reach the page, escaped (so the test cannot pass by showing nothing)
    assert any(esc(PAYLOAD) in h for h in shown)


# -- the fictional course --------------------------------------------------------------------------
def test_fictional_course_renders_every_field_escaped(hw_course, tmp_path):
    from utils.exercises.answers import AnswerStore
    from utils.facts.glossary import page as glossary_page
    from utils.pages.homework import Homework
    from utils.pages.lesson import Lesson
    from utils.pages.start import course_map

    hw_course.write("lessons/course.yaml", yaml.safe_dump({"lessons": [
        {"number": PAYLOAD, "id": "01-test", "title": f"Test {PAYLOAD}"},
        {"number": f"2 {PAYLOAD}", "id": "02-not-yet", "title": f"Later {PAYLOAD}"}]}))
    hw_course.write("lessons/01-test.yaml", yaml.safe_dump(inject(yaml.safe_load(LESSON)), sort_keys=False))
    hw_course.write("lessons/homework/h1-test.yaml", yaml.safe_dump(inject(yaml.safe_load(HOMEWORK)),
                                                                   sort_keys=False))
    store = AnswerStore(tmp_path / "store")
    lesson, hw = Lesson("01-test", store=store), Homework("h1-test", store=store)
    assert PAYLOAD in lesson.data["exercises"][0]["historians"]  # the content really carries it

    shown = [course_map().html, glossary_page().html, *page_html(lesson), *page_html(hw)]
    assert esc(PAYLOAD) in course_map().html and "in preparation" in course_map().html
    shown += teacher_html("h1-test", hw, tmp_path / "class")
    assert_escaped(shown)


# -- a copy of the real course, every kind of exercise ---------------------------------------------------
@pytest.fixture
def real_copy(tmp_path, monkeypatch):
    root = tmp_path / "course"
    shutil.copytree(ROOT / "lessons", root / "lessons")
    shutil.copytree(ROOT / "data", root / "data")
    for path in [*(root / "lessons").glob("[0-9]*.yaml"), *(root / "lessons" / "homework").glob("*.yaml"),
                 root / "lessons" / "course.yaml"]:
        inject_file(path)
    monkeypatch.setenv("PH_COURSE_ROOT", str(root))
    monkeypatch.setenv("PH_ANSWERS_DIR", str(tmp_path / "answers"))
    clear()
    yield root
    clear()


def test_real_course_with_tags_in_every_field_renders_escaped(real_copy, tmp_path):
    from utils.content import load as content
    from utils.exercises import registry
    from utils.exercises.answers import AnswerStore
    from utils.pages.homework import Homework
    from utils.pages.lesson import Lesson
    from utils.pages.start import course_map

    store = AnswerStore(tmp_path / "store")
    pages = [Lesson(p.stem, store=store) for p in content.lesson_files()]
    pages += [Homework(p.stem, store=store) for p in content.homework_files()]
    kinds = {ex["kind"] for p in pages for ex in p.data["exercises"]}
    assert kinds | {"prompt"} == set(registry.KINDS), "every kind of exercise is shown"
    shown = [course_map().html]
    for page in pages:
        shown += page_html(page)
    homework = next(p for p in pages if isinstance(p, Homework))
    shown += teacher_html(homework.id, homework, tmp_path / "class")
    assert_escaped(shown)


# -- the helpers: Html kept, text escaped -------------------------------------------------------------
def test_helpers_return_markup_and_escape_text():
    from markupsafe import Markup

    for value in (esc(PAYLOAD), inline(PAYLOAD), paragraphs(PAYLOAD), join([PAYLOAD]), markup("<p>{}</p>", PAYLOAD),
                  table([PAYLOAD], [[PAYLOAD]], PAYLOAD), ContentError("f", PAYLOAD, "x", PAYLOAD)._repr_html_()):
        assert isinstance(value, Markup) and TAG not in value and esc(PAYLOAD) in value
    assert esc(esc("<")) == "&lt;" and join(["<", Html("<b>")]) == "&lt;<b>"
    assert esc("'\"&") == "&#x27;&quot;&amp;"  # what html.escape gives: outputs are as before
    assert Html("<b>") + "<i>" == "<b>&lt;i&gt;"
    assert type("<p>" + esc("<")) is str  # a plain str on the left: a plain str, never trusted
    assert table(["a"], [[None, Html("<b>x</b>")]]) == (
        "<table class='ph-numbers'><thead><tr><th scope='col'>a</th></tr></thead>"
        "<tbody><tr><td></td><td><b>x</b></td></tr></tbody></table>")
    assert inline("**a** *b* <c>") == "<strong>a</strong> <em>b</em> &lt;c&gt;"
