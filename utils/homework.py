"""The object a homework notebook works with: a Lesson read from lessons/homework/, plus the
student's name, the data-task checks, and the Submit button.

    from utils.homework import homework
    h1 = homework("h1-kirov-sources")
    h1.name()                       # the labelled name box (saved)
    h1.exercise("rate-khrushchev")  # any exercise kind, saved under 'h1-kirov-sources/…'
    h1.submit()                     # warn by name about anything unfinished, then make the file

Every answer lives in the answers store under a key that starts with the assignment id.
``collect`` reads them back from the store (the store, not the widgets on screen, is what is
handed in) and says, item by item, what is still unfinished.
"""
from __future__ import annotations

from . import content, sources
from .course import sequence
from .display import Shown
from .errors import ContentError
from .html import inline, plain
from .pages.lesson import PROMPT, Lesson  # noqa: F401 (PROMPT: kept where it was)


def homework(homework_id: str, store=None) -> "Homework":
    """Load one assignment from lessons/homework/<homework_id>.yaml (checked)."""
    return Homework(homework_id, store=store)


def check_refs(data: dict, file: str, documents: dict) -> None:
    """Cross-references only homework has (called by the content loader after the lesson checks)."""
    from . import checks

    lessons = {e["id"]: e for e in sequence()}
    if data["after_lesson"] not in lessons:
        raise ContentError(file, None, "after_lesson", "the id of a lesson in lessons/course.yaml",
                           f"'{data['after_lesson']}'{sources.suggestion(data['after_lesson'], lessons)}")
    content._ids(data["rubric"], file, "rubric criterion")
    organizers = {ex["id"] for ex in data["exercises"] if ex["kind"] == "organizer"}
    for ex in data["exercises"]:
        item = f"'{ex['id']}'"
        if ex["kind"] == "organizer":
            content._ids(ex["fields"], file, "field", item)
            for d in ex.get("documents", []):
                if d not in documents:
                    raise ContentError(file, item, "documents", "ids of documents in this file or in "
                                       "lessons/documents.yaml", f"'{d}'{sources.suggestion(d, documents)}")
        elif ex["kind"] == "essay" and ex["organizer"] not in organizers:
            raise ContentError(file, item, "organizer", "the id of an organizer in this file",
                               f"'{ex['organizer']}'{sources.suggestion(ex['organizer'], organizers)}")
        elif ex["kind"] == "data-task":
            from .datasets import resource
            for name in ex["datasets"]:
                resource(name, file, item)
            content._ids(ex["steps"], file, "step", item)
            for n, step in enumerate(ex["steps"], 1):
                if step["check"] not in checks.CHECKS:
                    raise ContentError(file, item, f"steps[{n}].check", "the name of a check in utils/checks.py",
                                       f"'{step['check']}'{sources.suggestion(step['check'], checks.CHECKS)}")
                checks.check_data(step["check"], file, item)  # data faults show at load, not in the task


class Homework(Lesson):
    """One homework assignment, ready to show and to hand in."""

    load = staticmethod(content.load_homework)

    def __init__(self, homework_id: str, store=None):
        super().__init__(homework_id, store=store)
        if self.store is None:
            from .answers import store as default_store
            self.store = default_store()

    # -- showing ---------------------------------------------------------------------------------
    def heading(self) -> Shown:
        """The lesson heading, then which lesson it follows and how to hand it in."""
        base = super().heading()
        lesson = next(e for e in sequence() if e["id"] == self.data["after_lesson"])
        after = f"Set after Lesson {lesson['number']}, {plain(lesson['title'])}."
        html = (base.html + f"<div class='ph-card'><p><strong>{inline(after)}</strong></p>"
                f"<p>{inline(self.data['instructions'])}</p></div>")
        return Shown(html, f"{base.text}\n{after}\n{plain(self.data['instructions'])}")

    def exercise(self, exercise_id: str):
        """The view of one exercise; a data task gives its checker, an essay shows its plan."""
        spec = self._find("exercises", exercise_id)
        if spec["kind"] == "data-task":
            if exercise_id not in self._views:
                from .checks import DataTask
                self._views[exercise_id] = DataTask(self.id, spec, store=self.store)
            return self._views[exercise_id]
        view = super().exercise(exercise_id)
        if spec["kind"] == "essay" and view.organizer is None:
            view.link(super().exercise(spec["organizer"]))
        return view

    def cited_works(self) -> list[str]:
        """The lesson's works, plus those behind the datasets of a data task."""
        from . import datasets

        works = set(super().cited_works())
        for ex in self.data["exercises"]:
            for name in ex.get("datasets", []) if ex["kind"] == "data-task" else []:
                works.update(datasets.load(name).attrs["sources"])
        return sorted(works, key=lambda w: sources.citation(w).lower())

    def sources(self) -> Shown:
        """'Sources for this homework': full citations of everything it uses."""
        shown = super().sources()
        return Shown(shown.html.replace("this lesson", "this homework", 1), shown.text.replace("this lesson", "this homework", 1))
