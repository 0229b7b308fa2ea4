"""A small, clearly fictional course built in a temporary folder, for bad-input tests."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path


from utils.content import load as content
from utils.facts import datasets
from utils.facts import glossary

BIB = """\
works:
  - id: author-2000
    authors: A. Author
    title: A Book About Numbers
    year: 2000
    kind: book
    published: Test Press, Nowhere
  - id: doc-1937-test
    authors: A Ministry
    title: A Statistical Note
    year: 1937
    kind: document
    archive: "Archive f. 1, op. 1, d. 1"
"""

DOCS = """\
documents:
  - id: note
    title: A statistical note
    author: A Ministry
    date: 1 January 1937
    genre: statistics
    audience: the leaders
    purpose: to count
    distance: participant
    source: doc-1937-test
  - id: memoir
    title: A memoir
    author: A. Witness
    date: 1980
    genre: memoir
    audience: readers
    purpose: to explain himself
    distance: decades later
    source: author-2000
"""

CSV = "year,count,source,locator,confidence,note\n1936,10,author-2000,p. 1,verified,\n1937,500,doc-1937-test,l. 2,uncertain,a note\n"

PACKAGE = {
    "name": "test-data",
    "resources": [{
        "name": "counts", "path": "counts.csv",
        "schema": {"fields": [
            {"name": "year", "type": "integer"}, {"name": "count", "type": "integer"},
            {"name": "source", "type": "string"}, {"name": "locator", "type": "string"},
            {"name": "confidence", "type": "string"}, {"name": "note", "type": "string"}]},
    }],
}

LESSON = """\
id: 01-test
number: 1
title: A test lesson
central_question: Can we test this?
objectives: [One thing., Another thing.]
time_minutes: 40
skills: [sourcing]
passages:
  - id: intro
    text: Some *text* with <script>alert(1)</script>.
    documents: [memoir]
charts:
  - id: counts
    dataset: counts
    kind: bar
    x: year
    y: [count]
    title: Counts per year
    alt: A bar chart of two years, 1936 with 10 and 1937 with 500, a big rise.
exercises:
  - id: claim
    kind: claim-check
    claim: {text: "Nothing happened.", document: memoir}
    evidence:
      - {id: stats, text: "The note counts 500.", document: note}
      - {id: own, text: "The memoir says little.", document: memoir}
    verdict: contradicted
    key_evidence: [stats]
    historians: Historians say <b>it did</b> happen.
prompts:
  - {id: p1, text: "Why?"}
"""


# A small, clearly fictional homework for the fictional course (tests/conftest.py: hw_course).
HOMEWORK = """\
id: h1-test
number: 1
title: A test homework
after_lesson: 01-test
central_question: Can we test it?
objectives: [One thing.]
time_minutes: 30
skills: [sourcing]
instructions: Do it, then press Submit.
exercises:
  - id: claim
    kind: claim-check
    title: The claim
    claim: {text: "Nothing happened.", document: memoir}
    evidence:
      - {id: stats, text: "The note counts 500.", document: note}
      - {id: own, text: "The memoir says little.", document: memoir}
    verdict: contradicted
    historians: Historians say it did happen.
    rubric: SECRET-RUBRIC-CLAIM
  - id: plan
    kind: organizer
    title: The plan
    question: Why did it happen?
    fields:
      - {id: claim, label: Claim, hint: One sentence., min_words: 2}
      - {id: reason, label: Reasoning}
  - id: essay
    kind: essay
    title: The essay
    question: Write it up.
    organizer: plan
    min_words: 5
prompts:
  - {id: p1, text: "Why?", rubric: SECRET-RUBRIC-P1}
  - {id: p2, text: "How?"}
rubric:
  - {id: sourcing, label: Sourcing, points: 4}
  - {id: argument, label: "=Argument", points: 3}
teacher_notes: SECRET-TEACHER-NOTES
"""

class Course:
    """A temporary course folder; write() replaces a file, lesson() loads a lesson fresh."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        clear()
        return path

    def lesson(self, lesson_id: str = "01-test"):
        clear()
        from utils.pages.lesson import Lesson

        return Lesson(lesson_id)


def clear():
    content.clear_cache()
    datasets.clear_cache()
    glossary.clear_cache()
