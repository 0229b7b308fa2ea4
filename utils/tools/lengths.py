"""How long each lesson takes: words to read, exercises, prompts and estimated minutes.

`make lengths` prints the report; tests/test_lesson_lengths.py fails when a lesson's core runs over
45 minutes. The model is documented in docs/lengths.md and kept in MODEL below, so that the report,
the test and the document cannot drift apart.

A lesson notebook is read in order. Its *core* is everything before the markdown cell headed
"## Extension"; the rest (and "Hand in this lesson", "Sources") is not counted in the core.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from utils.core import paths

CORE_LIMIT = 45  # minutes: one period

MODEL = {
    "words_per_minute": 200,  # reading, as in issue 12 (an average 16-year-old reading carefully)
    "opening": 3,              # settling in, the central question, the content note
    "hand_in": 2,              # typing a name and pressing Hand in
    "prompt": 4,               # writing a short answer to a discussion prompt
    # minutes of thinking and clicking per exercise, on top of reading its words
    "kinds": {
        "quick-check": ("per question", 1.0),
        "claim-check": ("per exercise", 4.0),
        "source-card": ("per exercise", 3.0),
        "reliability-rating": ("per exercise", 3.0),
        "side-by-side": ("per exercise", 4.0),
        "corroboration-grid": ("per cell", 0.5),
        "estimates": ("per exercise", 3.0),
        "timeline": ("per exercise", 3.0),
        "organizer": ("per field", 2.0),
        "essay": ("per exercise", 15.0),
        "final-claim": ("per exercise", 6.0),
        "chart": ("per chart", 1.0),
    },
}
# what students do not read (teacher-only or machine fields)
NOT_READ = {"id", "kind", "rubric", "teacher_notes", "answer", "answers", "correct", "document",
            "documents", "dataset", "source", "sources", "locator", "x", "y", "series", "filter",
            "_file", "_documents", "min_words", "min_documents", "stretch", "extension", "confidence"}
CALL = re.compile(r"\.(passage|exercise|response|chart|source)\(\s*['\"]([^'\"]+)['\"]")
EXTENSION = re.compile(r"^\s*##\s+Extension\b", re.M)


def words(value) -> int:
    """Words a student reads in a value of content (strings inside lists and mappings)."""
    if isinstance(value, str):
        return len(re.findall(r"[\w’'-]+", value))
    if isinstance(value, list):
        return sum(words(v) for v in value)
    if isinstance(value, dict):
        return sum(words(v) for k, v in value.items() if k not in NOT_READ)
    return 0


def exercise_minutes(spec: dict) -> float:
    unit, minutes = MODEL["kinds"].get(spec["kind"], ("per exercise", 3.0))
    if unit == "per question":
        return minutes * max(1, len(spec.get("questions", [])))
    if unit == "per cell":
        return minutes * max(1, len(spec.get("claims", spec.get("rows", []))) * len(spec.get("documents", [1])))
    if unit == "per field":
        return minutes * max(1, len(spec.get("fields", [])))
    return minutes


@dataclass
class Part:
    words: int = 0
    exercises: int = 0
    prompts: int = 0
    minutes: float = 0.0
    items: list = field(default_factory=list)

    def add(self, what: str, n_words: int, minutes: float) -> None:
        self.words += n_words
        self.minutes += n_words / MODEL["words_per_minute"] + minutes
        self.items.append((what, n_words, round(minutes, 1)))


def documents_words(data: dict, ids) -> int:
    docs = data.get("_documents", {})
    return sum(words({k: v for k, v in docs[d].items() if k in ("excerpt", "title", "author", "glosses",
                                                                  "purpose", "audience", "date")})
               for d in ids if d in docs)


def measure(notebook: Path) -> tuple[Part, Part]:
    """(core, extension) of one lesson notebook."""
    from utils.content.load import load_lesson

    nb = json.loads(notebook.read_text(encoding="utf-8"))
    lesson_id = None
    core, extension = Part(), Part()
    part = core
    core.add("opening", 0, MODEL["opening"])
    data = None
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            if EXTENSION.search(src):
                part = extension
            if re.match(r"\s*##\s+(Hand in|Sources)", src):
                continue
            part.add("notes", words(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", src)), 0)
            continue
        found = re.search(r"lesson\(\s*['\"]([^'\"]+)['\"]", src)
        if found:
            lesson_id = found.group(1)
            data = load_lesson(lesson_id)
        if data is None:
            continue
        for kind, item_id in CALL.findall(src):
            if kind == "passage":
                spec = _find(data, "passages", item_id)
                part.add(f"passage {item_id}", words(spec) + documents_words(data, spec.get("documents", [])), 0)
            elif kind == "exercise":
                spec = _find(data, "exercises", item_id)
                doc_ids = {spec[k] for k in ("document",) if k in spec} | set(spec.get("documents", [])) \
                    if spec["kind"] in ("source-card", "reliability-rating") else set()
                part.add(f"{spec['kind']} {item_id}", words(spec) + documents_words(data, doc_ids),
                         exercise_minutes(spec))
                part.exercises += 1
            elif kind == "response":
                spec = _find(data, "prompts", item_id)
                part.add(f"prompt {item_id}", words(spec), MODEL["prompt"])
                part.prompts += 1
            elif kind == "chart":
                spec = _find(data, "charts", item_id)
                part.add(f"chart {item_id}", words({k: spec.get(k) for k in ("title", "caption", "alt")}),
                         MODEL["kinds"]["chart"][1])
            elif kind == "source":
                part.add(f"source {item_id}", documents_words(data, [item_id]), 0)
    core.add("hand in", 0, MODEL["hand_in"])
    return core, extension


def _find(data: dict, section: str, item_id: str) -> dict:
    for item in data.get(section, []):
        if item["id"] == item_id:
            return item
    return {}


def lesson_notebooks() -> list[Path]:
    folder = paths.course_root() / "notebooks"
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00_"))


def report() -> list[dict]:
    rows = []
    for nb in lesson_notebooks():
        core, ext = measure(nb)
        rows.append({"lesson": nb.stem, "core_words": core.words, "core_exercises": core.exercises,
                     "core_prompts": core.prompts, "core_minutes": round(core.minutes),
                     "extension_words": ext.words, "extension_exercises": ext.exercises,
                     "extension_prompts": ext.prompts, "extension_minutes": round(ext.minutes),
                     "core_items": core.items})
    return rows


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rows = report()
    print(f"Lesson lengths (model: docs/lengths.md; a core must be {CORE_LIMIT} minutes or less)\n")
    head = f"{'lesson':34} {'words':>6} {'ex.':>4} {'pr.':>4} {'core min':>9} | {'ext. words':>10} {'ext. min':>8}"
    print(head)
    print("-" * len(head))
    over = []
    for r in rows:
        flag = "  OVER" if r["core_minutes"] > CORE_LIMIT else ""
        print(f"{r['lesson']:34} {r['core_words']:>6} {r['core_exercises']:>4} {r['core_prompts']:>4} "
              f"{r['core_minutes']:>9} | {r['extension_words']:>10} {r['extension_minutes']:>8}{flag}")
        if flag:
            over.append(r["lesson"])
    if "-v" in argv:
        for r in rows:
            print(f"\n{r['lesson']}")
            for what, n, m in r["core_items"]:
                print(f"  {what:50} {n:>5} words  +{m} min")
    if over:  # a report, not a gate: tests/content/test_lesson_design.py enforces the limit
        print(f"\nOver {CORE_LIMIT} minutes: {', '.join(over)}. Move material under '## Extension'.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
