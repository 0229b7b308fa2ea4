"""Build the teacher guide from lessons/: `make guide` writes docs/teacher-guide.md and .html,
and one printable handout per lesson in docs/handouts/.

Per lesson: the central question, objectives, timing, skills, content note, teacher notes, a
minute-by-minute plan for a 45- and a 60-minute period, the vocabulary, the documents, each
exercise with its answer key (quick checks, grids, ratings, number questions) and what historians
conclude, each prompt with what strong answers mention, and the final claim (the exit ticket) with
its 3-point rubric. The guide is for teachers; none of it reaches a student notebook before the
student commits.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from utils.content import load as content
from utils.core import paths
from utils.content.course import extension_documents, extension_items, sequence
from utils.facts import glossary
from utils.facts.excerpts import shown_in, words
from utils.core.html import Html, inline, join, markup, paragraphs, plain
from utils.core.styles import page_template
from utils.facts.sources import citation
from utils.teacher.handouts import handout_html


ACTIVITY_NAMES = {"hook": "Hook", "reading": "Reading", "background": "Background", "pair work": "Pair work",
                  "exercise": "Exercise", "discussion": "Discussion", "exit ticket": "Exit ticket",
                  "hand in": "Hand in"}


def _one_line(text) -> str:
    return " ".join(plain(str(text)).split())


def _cell(text) -> str:
    """Text for a Markdown table cell: one line, with no '|' to break the row."""
    return _one_line(text).replace("|", "/")


def plan_markdown(plan: list[dict], minutes: str) -> list[str]:
    """A teacher plan as a table: from-to minutes, the activity and what happens."""
    out = [f"### Lesson plan for {minutes} minutes", "", "| Minutes | Activity | What happens |",
           "| --- | --- | --- |"]
    start = 0
    for step in plan:
        end = start + step["minutes"]
        name = ACTIVITY_NAMES.get(step["activity"], step["activity"].capitalize())
        out.append(f"| {start}–{end} | {_cell(name)} | {_cell(step['what'])} |")
        start = end
    return out + [""]


def vocabulary(data: dict, ext: dict[str, set[str]] | None = None) -> tuple[list, list]:
    """The lesson's hard words, (core, extension only): glosses of the documents it shows, then
    glossary words its passages use; words met first in the extension come second."""
    ext = ext or {"passages": set(), "exercises": set()}
    later_docs = extension_documents(data, ext) if ext.get("passages") or ext.get("exercises") else set()
    core: dict[str, str] = {}
    later: dict[str, str] = {}
    for doc in shown_in(data):
        target = later if doc["id"] in later_docs else core
        for term, meaning in (doc.get("glosses") or {}).items():
            target.setdefault(term, _one_line(meaning))
    for where, passages in ((core, [p for p in data.get("passages", []) if p["id"] not in ext["passages"]]),
                            (later, [p for p in data.get("passages", []) if p["id"] in ext["passages"]])):
        for entry in glossary.used_in(" ".join(str(p.get("text", "")) for p in passages)):
            where.setdefault(entry["term"], _one_line(entry["meaning"]))
    return list(core.items()), [(t, m) for t, m in later.items() if t not in core]


def _option_key(q: dict) -> str:
    right = [f"{chr(65 + i)}. {_one_line(o['text'])}" for i, o in enumerate(q.get("options", [])) if o.get("correct")]
    return "; ".join(right)


def answer_key(ex: dict) -> list[str]:
    """Markdown lines (indented list items) with the key of one exercise, where it has one."""
    kind, out = ex["kind"], []
    if kind == "quick-check":
        for n, q in enumerate(ex["questions"], 1):
            if q["type"] == "number":
                tol = f" (accept ±{q['tolerance']})" if q.get("tolerance") else ""
                key = f"{q['answer']}{(' ' + q['unit']) if q.get('unit') else ''}{tol}"
            else:
                key = _option_key(q) + (" (tick every one of these)" if q["type"] == "multiple" else "")
            out.append(f"  - Question {n}: {_one_line(q['text'])} **Key:** {key.rstrip('.')}. "
                       f"{_one_line(q.get('explain', ''))}")
        out.append("  - Each student sees the options in a different order: go over them by their words, not by "
                   "the letters above.")
    elif kind == "corroboration-grid":
        for claim in ex["claims"]:
            marks = ", ".join(f"{d}: {v}" for d, v in ex["expected"].get(claim["id"], {}).items())
            out.append(f"  - Key: {_one_line(claim['text'])} ({marks})")
    elif kind == "side-by-side":
        for n, point in enumerate(ex["points"], 1):
            out.append(f"  - Key, point {n}: {_one_line(point['text'])} **{_one_line(point['answer'])}**")
        if ex.get("more_reliable"):
            out.append(f"  - Key, more reliable: {_one_line(ex['more_reliable'])}")
    elif kind == "claim-check":
        if ex.get("key_evidence"):
            ids = {e["id"]: n for n, e in enumerate(ex["evidence"])}
            letters = ", ".join(chr(65 + ids[i]) for i in ex["key_evidence"] if i in ids)
            out.append(f"  - Key evidence: {letters} (the letters students see)")
    elif kind == "reliability-rating":
        out.append("  - Key: ratings are judgements, not right or wrong; mark the reasons against what "
                   "historians conclude and the rubric below.")
    elif kind == "estimates" and ex.get("rubric"):
        out.append("  - Key: a range justified from the sources, as in the rubric below.")
    return out


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
    ext = extension_items(data["id"])
    later_docs = extension_documents(data, ext)
    shown = shown_in(data)
    if shown:
        out += ["**Documents students read**", ""]
        for doc in shown:
            kind = "paraphrase" if doc.get("excerpt_paraphrase") else f"{words(doc)} words"
            where = "; in the extension" if doc["id"] in later_docs else ""
            out.append(f"- {plain(doc['title'])} ({kind}{where}): "
                       f"{plain(citation(doc['source'], doc.get('locator')))}")
        out.append("")
    if data.get("teacher_plan"):
        for minutes in ("45", "60"):
            if data["teacher_plan"].get(minutes):
                out += plan_markdown(data["teacher_plan"][minutes], minutes)
    core_words, later_words = vocabulary(data, ext)
    if core_words:
        out += ["### Vocabulary", "", "Words to teach for the core, in the order students meet them:", ""]
        out += [f"- **{plain(t)}**: {m}" for t, m in core_words] + [""]
    if later_words:
        out += ["Met first in the extension:", ""] + [f"- **{plain(t)}**: {m}" for t, m in later_words] + [""]
    if data.get("_file") and "number" in data:
        out += [f"**Printable handout:** `docs/handouts/{handout_name(data)}` (the documents and an "
                "organizer; print it from the browser).", ""]
    out += ["### Exercises and answer keys", ""]
    final = None
    for ex in data["exercises"]:
        if ex["kind"] == "final-claim":
            final = ex
            continue
        title = ex.get("title") or ex["id"]
        part = "; extension" if ex["id"] in ext["exercises"] else ""
        out.append(f"- **{plain(title)}** ({ex['kind']}{part})")
        out += answer_key(ex)
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
        extension = (" (the extension prompt, for strong students)" if p.get("extension")
                     else " (extension)" if p["id"] in ext["prompts"] else "")
        out.append(f"{n}. {' '.join(plain(p['text']).split())}{extension}")
        if p.get("rubric"):
            out.append(f"   - Strong answers mention: {' '.join(plain(p['rubric']).split())}")
    if final:
        out += ["", "### Exit ticket: the final claim", "",
                f"**Question.** {_one_line(final['question'])} Students write at least "
                f"{final.get('min_words', 40)} words and tick at least {final.get('min_documents', 2)} "
                "documents; the summary below appears in their notebook only after they commit.", "",
                "**Rubric (one point each)**", ""]
        out += [f"{n}. {_one_line(point)}" for n, point in enumerate(final["rubric"], 1)]
        out += ["", f"**Summary shown after the claim.** {_one_line(final['summary'])}"]
    return "\n".join(out) + "\n"


def handout_name(data: dict) -> str:
    return f"{data['id']}.html"


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


def to_html(markdown_text: str) -> Html:
    """A plain, escaped HTML page of the guide (headings, lists, paragraphs), with a contents list."""
    sections = [line[3:].strip() for line in markdown_text.splitlines() if line.startswith("## ")]
    toc = join(markup("<li style='margin:0.5em 0'><a style='display:inline-block;min-height:24px;padding:2px 0' "
                      "href='#{}'>{}</a></li>", _slug(t), t) for t in sections)
    nav = markup("<nav aria-label='Contents'><p><strong>Contents</strong></p><ul>{}</ul></nav>", toc) if sections else ""
    return markup(page_template("guide"), nav=nav, body=body_html(markdown_text))


def _slug(title: str) -> str:
    return "s-" + re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")


def body_html(markdown_text: str) -> Html:
    """The guide's Markdown as escaped HTML blocks (also shown in the teacher's notebook)."""
    body = []
    for block in markdown_text.split("\n\n"):
        stripped = block.strip("\n")
        lines = [line for line in stripped.splitlines() if line.strip()]
        if stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            title = stripped.lstrip('#').strip()
            anchor = markup(" id='{}'", _slug(title)) if level == 2 else ""
            body.append(markup("<h{}{}>{}</h{}>", level, anchor, title, level))
        elif lines and all(_ITEM.match(line) for line in lines):
            body.append(_list_html(lines))
        elif len(lines) >= 2 and all(line.startswith("|") for line in lines):
            body.append(_table_html(lines))
        else:
            body.append(paragraphs(stripped))
    return join(body, "\n")


_ITEM = re.compile(r"^\s*(?:-|\d+\.)\s+")


def _table_html(lines: list[str]) -> Html:
    """A Markdown table (header row, rule, rows) as an escaped HTML table, left-aligned."""
    def cells(line: str) -> list[str]:
        return [c.strip() for c in line.strip().strip("|").split("|")]

    head, rows = cells(lines[0]), [cells(line) for line in lines[2:]]
    th = join(markup("<th scope='col' style='text-align:left;padding:0.2em 0.5em'>{}</th>", inline(c)) for c in head)
    body = join(markup("<tr>{}</tr>", join(markup("<td style='text-align:left;vertical-align:top;padding:0.2em 0.5em'>"
                                                  "{}</td>", inline(c)) for c in row)) for row in rows)
    return markup("<table class='ph-plan' style='border-collapse:collapse'><thead><tr>{}</tr></thead>"
                  "<tbody>{}</tbody></table>", th, body)


def _list_html(lines: list[str]) -> Html:
    """A Markdown list (numbered or not), with indented lines as a list inside the item above."""
    items: list[tuple[str, list[str]]] = []
    for line in lines:
        text = _ITEM.sub("", line)
        if line[:1].isspace() and items:
            items[-1][1].append(text)
        else:
            items.append((text, []))
    tag = "ul" if lines[0].lstrip().startswith("-") else "ol"
    return markup("<{}>{}</{}>", tag, join(
        markup("<li>{}{}</li>", inline(text),
               markup("<ul>{}</ul>", join(markup("<li>{}</li>", inline(x)) for x in subs)) if subs else "")
        for text, subs in items), tag)


def main(argv: list[str]) -> int:
    if argv and argv[0].startswith("-"):
        print(__doc__)
        return 0 if argv[0] in ("-h", "--help") else 2
    out_dir = Path(argv[0]) if argv else paths.course_root() / "docs"
    out_dir.mkdir(parents=True, exist_ok=True)
    md = build()
    (out_dir / "teacher-guide.md").write_text(md, encoding="utf-8")
    (out_dir / "teacher-guide.html").write_text(to_html(md), encoding="utf-8")
    handouts = write_handouts(out_dir / "handouts")
    print(f"wrote {out_dir / 'teacher-guide.md'}, {out_dir / 'teacher-guide.html'} and "
          f"{len(handouts)} handouts in {out_dir / 'handouts'}")
    return 0


def write_handouts(folder: Path) -> list[Path]:
    """One printable handout per ready lesson (docs/handouts/<lesson id>.html)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in sequence():
        if entry["ready"] and entry["id"] != "00-start-here":
            data = content.load_lesson(entry["id"])
            if data.get("exercises") is None:
                continue
            path = folder / handout_name(data)
            path.write_text(handout_html(data), encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
