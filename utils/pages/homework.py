"""The object a homework notebook works with: a Lesson read from lessons/homework/, plus the
student's name, the data-task checks, and the Submit button.

    from utils import homework
    h1 = homework("h1-kirov-sources")
    h1.name()                       # the labelled name box (saved)
    h1.exercise("rate-khrushchev")  # any exercise kind, saved under 'h1-kirov-sources/…'
    h1.submit()                     # warn by name about anything unfinished, then make the file

Every answer lives in the answers store under a key that starts with the assignment id.
``collect`` reads them back from the store (the store, not the widgets on screen, is what is
handed in) and says, item by item, what is still unfinished.
"""
from __future__ import annotations

from utils.content import load as content
from utils.facts import sources
from utils.content.course import sequence
from utils.core.display import Shown
from utils.core.html import inline, plain
from utils.pages.lesson import HOW_TO_WORK, PROMPT, Lesson
from utils.core.mode import app_mode
from utils.exercises.answers import store as default_store
from utils.exercises.data_checks import DataTask
from utils.facts import datasets


def homework(homework_id: str, store=None) -> "Homework":
    """Load one assignment from lessons/homework/<homework_id>.yaml (checked)."""
    return Homework(homework_id, store=store)


class Homework(Lesson):
    """One homework assignment, ready to show and to hand in."""

    load = staticmethod(content.load_homework)

    def __init__(self, homework_id: str, store=None):
        super().__init__(homework_id, store=store)
        if self.store is None:
            self.store = default_store()

    # -- showing ---------------------------------------------------------------------------------
    def how_to_work_text(self) -> str:
        """As for a lesson, with the name first; a homework that asks for code needs JupyterLab."""
        if not app_mode():
            return ("Type your name first. " + HOW_TO_WORK["lab"]
                    + " You can stop and go on another day: your work is kept.")
        if any(e["kind"] == "data-task" for e in self.data.get("exercises", [])):
            return ("This homework asks you to write Python in code cells, and this app view shows no "
                    "code cells. Open it in JupyterLab instead, from the course's link \"Open the course in "
                    "JupyterLab\". If you have typed anything here, press *Download my answers* first, "
                    "then *Restore my answers* there.")
        return "Type your name first. " + HOW_TO_WORK["app"]

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
                self._views[exercise_id] = DataTask(self.id, spec, store=self.store)
            return self._views[exercise_id]
        view = super().exercise(exercise_id)
        if hasattr(view, "show_reveal"):  # historians' views only after hand-in (issue: honest homework)
            view.reveal_held = self.reveals_held
        if spec["kind"] == "essay" and view.organizer is None:
            view.link(super().exercise(spec["organizer"]))
        return view

    def reveals_held(self) -> bool:
        """Whether the historians' views are still held back: until the homework is handed in."""
        try:
            record = self.answers().get(f"{self.id}/submission")
        except Exception:  # an unreadable answers file: hold (the widgets say what is wrong)
            return True
        return not (isinstance(record, dict) and record.get("file"))

    def release_reveals(self) -> None:
        """After hand-in: show the historians' view in every committed exercise on screen."""
        for view in self._views.values():
            if callable(getattr(view, "show_reveal", None)) and getattr(view, "_widget", None) is not None \
                    and getattr(getattr(view, "model", None), "committed", False):
                view.show_reveal()

    def cited_works(self) -> list[str]:
        """The lesson's works, plus those behind the datasets of a data task."""

        works = set(super().cited_works())
        for ex in self.data["exercises"]:
            for name in ex.get("datasets", []) if ex["kind"] == "data-task" else []:
                works.update(datasets.load(name).attrs["sources"])
        return sorted(works, key=lambda w: sources.citation(w).lower())

    def sources(self) -> Shown:
        """'Sources for this homework': full citations of everything it uses."""
        shown = super().sources()
        return Shown(shown.html.replace("this lesson", "this homework", 1), shown.text.replace("this lesson", "this homework", 1))
