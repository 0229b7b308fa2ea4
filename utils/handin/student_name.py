"""The student's name for one assignment: typed once at the top, saved, restored on return."""
from __future__ import annotations

from utils.core.html import Html
from utils.exercises.base import Exercise, label_style

NAME_ID = "student-name"
MAX_LENGTH = 120


def clean_name(text) -> str:
    """A name as it goes on a submission: one line, spaces collapsed, not too long."""
    return " ".join(str(text or "").split())[:MAX_LENGTH]


class StudentName(Exercise):
    """A labelled text box for the student's name, saved under '<assignment id>/student-name'."""

    kind = "student-name"

    def __init__(self, assignment_id: str, store=None):
        super().__init__(assignment_id, {"id": NAME_ID}, store=store)
        self.name = ""

    def default_title(self) -> str:
        return "Your name"

    def build(self):
        import ipywidgets as w

        self.box = w.Text(value="", description="Your name:", placeholder="First name and surname",
                          tooltip="Your name as your teacher knows it; it goes on your submission",
                          style=label_style(), layout=w.Layout(width="30em"))
        self.box.observe(self._on_change, names="value")
        return w.VBox([
            w.HTML("<p>Type your name once. It is saved with your answers and printed on the file "
                   "you hand in.</p>"), self.box, self.status])

    def _on_change(self, _change=None) -> None:
        if self._restoring:
            return
        self.name = clean_name(self.box.value)
        self.save()

    def state(self) -> dict:
        return {"text": self.name}

    def restore(self, value) -> None:
        self.name = clean_name(value.get("text") if isinstance(value, dict) else "")
        self.box.value = self.name

    def fallback_html(self) -> Html:
        return Html("<p>[a box for your name]</p>")

    def fallback_text(self) -> str:
        return "[a box for your name: run the notebook to type it]"
