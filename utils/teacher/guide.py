"""Build the teacher guide from lessons/: `make guide` writes docs/teacher-guide.md and .html.

Per lesson: the central question, objectives, timing, skills, content note, teacher notes, each
exercise with what historians conclude and what strong answers mention, and each prompt with
its rubric. The guide is for teachers; none of it reaches a student notebook before the
student commits.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from utils.content import load as content
from utils.core import paths
from utils.content.course import sequence
from utils.facts.excerpts import shown_in, words
from utils.core.html import esc, inline, paragraphs, plain
from utils.facts.sources import citation


def lesson_markdown(data: dict, heading: str | None = None) -> str:
    """One lesson's section of the guide, in Markdown (a homework's too: same fields)."""
    out = [heading or f"## {data['number']}. {plain(data['title'])}", "",
           f"**Central question.** {plain(data['central_question'])}", "",
           f"**Time:** about {data['time_minutes']} minutes. **Skills:** {', '.join(data['skills'])}.", "",
           "**Objectives**", ""]
    out += [f"- {plain(o)}" for o in data["objectives"]] + [""]
    if data.get("content_note"):
        out += [f"**Content note.** {plain(data['content_note'])}", ""]
    if data.get("teacher_notes"):
        out += [f"**Teaching notes.** {plain(data['teacher_notes'])}", ""]
    shown = shown_in(data)
    if shown:
        out += ["**Documents students read**", ""]
        for doc in shown:
            kind = "paraphrase" if doc.get("excerpt_paraphrase") else f"{words(doc)} words"
            out.append(f"- {plain(doc['title'])} ({kind}): {plain(citation(doc['source'], doc.get('locator')))}")
        out.append("")
    out += ["### Exercises", ""]
    for ex in data["exercises"]:
        title = ex.get("title") or ex["id"]
        out.append(f"- **{plain(title)}** ({ex['kind']})")
        if ex.get("verdict"):
            out.append(f"  - Historians' verdict: *{ex['verdict']}*")
        if ex.get("historians"):
            out.append(f"  - What historians conclude: {' '.join(plain(ex['historians']).split())}")
        if ex.get("rubric"):
            out.append(f"  - Strong answers: {' '.join(plain(ex['rubric']).split())}")
        for n, step in enumerate(ex.get("steps", []), 1):
            out.append(f"  - Step {n} (checked by `{step['check']}`): {' '.join(plain(step['text']).split())}")
    out += ["", "### Discussion prompts", ""]
    for n, p in enumerate(data["prompts"], 1):
        stretch = " (stretch)" if p.get("stretch") else ""
        out.append(f"{n}. {' '.join(plain(p['text']).split())}{stretch}")
        if p.get("rubric"):
            out.append(f"   - Strong answers mention: {' '.join(plain(p['rubric']).split())}")
    return "\n".join(out) + "\n"


def homework_markdown(data: dict) -> str:
    """One homework's section: the lesson-style notes, then the grading rubric."""
    after = next((e["number"] for e in sequence() if e["id"] == data["after_lesson"]), data["after_lesson"])
    out = [lesson_markdown(data, f"## {plain(data['title'])} (set after Lesson {after})"),
           "Students see what historians conclude only after they hand the homework in. To discuss "
           "it in class before everyone has handed in, read it from this guide or show it on the "
           "board; once a student has handed in, the notebook shows it in each exercise.", "",
           "### Rubric for the grade sheet", ""]
    for c in data["rubric"]:
        points = f" ({c['points']} points)" if c.get("points") else ""
        out.append(f"- **{plain(c['label'])}**{points}" + (f": {' '.join(plain(c['descriptor']).split())}"
                                                           if c.get("descriptor") else ""))
    return "\n".join(out) + "\n"


def build() -> str:
    """The whole guide as Markdown."""
    parts = ["# Teacher guide: Purges and Hysteria", "",
             "Built from `lessons/` by `make guide`. Contains answers and rubrics: do not give it to students.", ""]
    for entry in sequence():
        if entry["ready"]:
            parts.append(lesson_markdown(content.load_lesson(entry["id"])))
        else:
            parts.append(f"## {entry['number']}. {entry['title']}\n\n*In preparation.*\n")
    homework = content.homework_files()
    if homework:
        parts += ["# Homework", ""]
        parts += [homework_markdown(content.load_homework(p.stem)) for p in homework]
    return "\n".join(parts)


def to_html(markdown_text: str) -> str:
    """A plain, escaped HTML page of the guide (headings, lists, paragraphs)."""
    return ("<!doctype html><html lang='en'><meta charset='utf-8'><title>Teacher guide</title>"
            "<body style='max-width:50em;margin:auto;font-family:sans-serif'>" + body_html(markdown_text)
            + "</body></html>")


def body_html(markdown_text: str) -> str:
    """The guide's Markdown as escaped HTML blocks (also shown in the teacher's notebook)."""
    body = []
    for block in markdown_text.split("\n\n"):
        stripped = block.strip("\n")
        lines = [line for line in stripped.splitlines() if line.strip()]
        if stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            body.append(f"<h{level}>{esc(stripped.lstrip('#').strip())}</h{level}>")
        elif lines and all(_ITEM.match(line) for line in lines):
            body.append(_list_html(lines))
        else:
            body.append(paragraphs(stripped))
    return "\n".join(body)


_ITEM = re.compile(r"^\s*(?:-|\d+\.)\s+")


def _list_html(lines: list[str]) -> str:
    """A Markdown list (numbered or not), with indented lines as a list inside the item above."""
    items: list[tuple[str, list[str]]] = []
    for line in lines:
        text = _ITEM.sub("", line)
        if line[:1].isspace() and items:
            items[-1][1].append(text)
        else:
            items.append((text, []))
    tag = "ul" if lines[0].lstrip().startswith("-") else "ol"
    return f"<{tag}>" + "".join(
        f"<li>{inline(text)}" + ("<ul>" + "".join(f"<li>{inline(s)}</li>" for s in subs) + "</ul>" if subs else "")
        + "</li>" for text, subs in items) + f"</{tag}>"


def main(argv: list[str]) -> int:
    if argv and argv[0].startswith("-"):
        print(__doc__)
        return 0 if argv[0] in ("-h", "--help") else 2
    out_dir = Path(argv[0]) if argv else paths.course_root() / "docs"
    out_dir.mkdir(parents=True, exist_ok=True)
    md = build()
    (out_dir / "teacher-guide.md").write_text(md, encoding="utf-8")
    (out_dir / "teacher-guide.html").write_text(to_html(md), encoding="utf-8")
    print(f"wrote {out_dir / 'teacher-guide.md'} and {out_dir / 'teacher-guide.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
