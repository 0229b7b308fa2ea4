"""Build the teacher guide from lessons/: `make guide` writes docs/teacher-guide.md and .html.

Per lesson: the central question, objectives, timing, skills, content note, teacher notes, each
exercise with what historians conclude and what strong answers mention, and each prompt with
its rubric. The guide is for teachers; none of it reaches a student notebook before the
student commits.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .. import content, paths
from ..course import sequence
from ..html import esc, paragraphs, plain


def lesson_markdown(data: dict) -> str:
    """One lesson's section of the guide, in Markdown."""
    out = [f"## {data['number']}. {plain(data['title'])}", "",
           f"**Central question.** {plain(data['central_question'])}", "",
           f"**Time:** about {data['time_minutes']} minutes. **Skills:** {', '.join(data['skills'])}.", "",
           "**Objectives**", ""]
    out += [f"- {plain(o)}" for o in data["objectives"]] + [""]
    if data.get("content_note"):
        out += [f"**Content note.** {plain(data['content_note'])}", ""]
    if data.get("teacher_notes"):
        out += [f"**Teaching notes.** {plain(data['teacher_notes'])}", ""]
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
    out += ["", "### Discussion prompts", ""]
    for n, p in enumerate(data["prompts"], 1):
        stretch = " (stretch)" if p.get("stretch") else ""
        out.append(f"{n}. {' '.join(plain(p['text']).split())}{stretch}")
        if p.get("rubric"):
            out.append(f"   - Strong answers mention: {' '.join(plain(p['rubric']).split())}")
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
    return "\n".join(parts)


def to_html(markdown_text: str) -> str:
    """A plain, escaped HTML rendering of the guide (headings, lists, paragraphs)."""
    body = []
    for block in markdown_text.split("\n\n"):
        stripped = block.strip()
        if stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            body.append(f"<h{level}>{esc(stripped.lstrip('#').strip())}</h{level}>")
        else:
            body.append(paragraphs(stripped.replace("\n- ", "\n\n- ").replace("\n  - ", "\n\n- ")))
    return ("<!doctype html><html lang='en'><meta charset='utf-8'><title>Teacher guide</title>"
            "<body style='max-width:50em;margin:auto;font-family:sans-serif'>" + "\n".join(body) + "</body></html>")


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else paths.course_root() / "docs"
    out_dir.mkdir(parents=True, exist_ok=True)
    md = build()
    (out_dir / "teacher-guide.md").write_text(md, encoding="utf-8")
    (out_dir / "teacher-guide.html").write_text(to_html(md), encoding="utf-8")
    print(f"wrote {out_dir / 'teacher-guide.md'} and {out_dir / 'teacher-guide.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
