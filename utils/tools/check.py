"""`make check`: is every content and data file still valid? For a teacher after an edit.

Checks, with the same messages a notebook would give (file, item, field, what was expected):
course.yaml and its schema, every lesson and homework file (schema, references between them,
citations), the glossary, the documents and the bibliography, every dataset in data/ (columns,
values, dates, a source on every row), each lesson's length (a core of 45 minutes or less, the
model in docs/lengths.md) and the quick checks (the right option clearly the longest in at most
one single-choice question in three). Nothing is executed and no notebook is opened, so it takes
a few seconds. Exit status 0 when all is well, 1 with a list of problems.
"""
from __future__ import annotations

import sys
import time

from utils.content import load as content
from utils.content.course import sequence
from utils.content.files import homework_files, lesson_files
from utils.core.errors import CourseError
from utils.facts import datasets, glossary, sources
from utils.tools import lengths

LONGEST_SHARE = 1 / 3  # of single-choice quick-check questions where the right option is clearly longest


def clearly_longest(q: dict) -> bool:
    """The right option is at least 20% longer than every other option."""
    right = [len(o["text"]) for o in q["options"] if o["correct"]]
    wrong = [len(o["text"]) for o in q["options"] if not o["correct"]]
    return bool(right) and bool(wrong) and min(right) > 1.2 * max(wrong)


def _try(problems: list[str], what: str, fn, *args) -> object:
    try:
        return fn(*args)
    except CourseError as exc:
        problems.append(f"{what}: {exc}")
    except Exception as exc:  # noqa: BLE001 - a report for a person, never a traceback
        problems.append(f"{what}: could not be read ({type(exc).__name__}: {exc})")
    return None


def run() -> tuple[list[str], dict]:
    """(problems, counts) for the whole course."""
    problems: list[str] = []
    counts = {"lessons": 0, "homework": 0, "datasets": 0, "rows": 0}
    _try(problems, "lessons/course.yaml", sequence)
    _try(problems, "lessons/bibliography.yaml", sources.bibliography)
    _try(problems, "lessons/documents.yaml", sources.shared_documents)
    _try(problems, "lessons/glossary.yaml", glossary.terms)
    questions = []
    for path in lesson_files():
        data = _try(problems, f"lessons/{path.name}", content.load_lesson, path.stem)
        if data is not None:
            counts["lessons"] += 1
            questions += [q for ex in data["exercises"] if ex["kind"] == "quick-check"
                          for q in ex["questions"] if q["type"] == "single"]
    for path in homework_files():
        data = _try(problems, f"lessons/homework/{path.name}", content.load_homework, path.stem)
        if data is not None:
            counts["homework"] += 1
    for name in _try(problems, "data/datapackage.json", datasets.resources) or {}:
        n = _try(problems, f"data: {name}", datasets.validate, name)
        if n is not None:
            counts["datasets"] += 1
            counts["rows"] += n
            if "date" in datasets.fields(name):
                _try(problems, f"data: {name}", datasets.check_dates, name)
    rows = _try(problems, "lesson lengths", lengths.report) or []
    for r in rows:
        if r["core_minutes"] > lengths.CORE_LIMIT:
            problems.append(f"notebooks/{r['lesson']}.ipynb: the core takes about {r['core_minutes']} minutes "
                            f"(at most {lengths.CORE_LIMIT}); move material under '## Extension' (make lengths -v)")
    longest = [q["id"] for q in questions if clearly_longest(q)]
    if questions and len(longest) > LONGEST_SHARE * len(questions):
        problems.append(f"quick checks: in {len(longest)} of {len(questions)} single-choice questions the right "
                        f"option is clearly the longest (at most one in three): {', '.join(longest)}")
    return problems, counts


def main(argv=None) -> int:
    start = time.perf_counter()
    problems, counts = run()
    seconds = time.perf_counter() - start
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found:\n")
        for p in problems:
            print(f"- {p}")
        return 1
    print(f"All content is valid: {counts['lessons']} lessons, {counts['homework']} homework, "
          f"{counts['datasets']} datasets ({counts['rows']} rows), checked in {seconds:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
