"""The Submit button (homework) and the Hand in button (a lesson): one file to hand in, never
silently missing an answer.

Pressing Submit reads every answer of the assignment from the answers store. If anything is
blank or unfinished, it names each item and asks the student to tick "Submit with these 3 parts
unfinished" under that list (the confirmation holds for exactly that list: if it changes after
the box is ticked, the student is asked again). Then it makes one HTML file
(utils.submission), writes it to submissions/ and offers it as a browser download. A lesson
handed in makes the same file as a homework, with the lesson's id as its assignment; the class
summary notebook reads both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from utils.core import paths
from utils.handin import submission
from utils.core.errors import CourseError
from utils.core.html import Html, join, markup
from utils.exercises.base import Exercise
from utils.handin.submission import SUBMISSIONS_ENV, human_time

NEED_NAME, CONFIRM, DONE = "need name", "confirm", "done"


@dataclass
class Outcome:
    """What one press of Submit did."""

    status: str
    unfinished: list[str] = field(default_factory=list)
    text: str | None = None  # the submission file's content
    name: str | None = None  # its file name
    path: Path | None = None  # where it was written (None if writing failed)
    error: str | None = None
    payload: dict | None = None


class SubmitModel:
    """Submit's logic, with no widgets: tests drive it directly."""

    def __init__(self, homework, folder: Path | None = None):
        self.homework, self.folder = homework, folder

    def submit(self, confirmed: list[str] | None = None, submitted_at: str | None = None) -> Outcome:
        """Make the file if everything is finished, or if the student confirmed this exact list."""
        payload = self.homework.payload(submitted_at)
        lines = [submission.unfinished_line(u) for u in payload["unfinished"]]
        if not payload["student"]:
            return Outcome(NEED_NAME, lines)
        if lines and confirmed != lines:
            return Outcome(CONFIRM, lines)
        text = submission.build(payload)
        name = submission.file_name(self.homework.id, payload["student"], payload["submitted_at"])
        out = Outcome(DONE, lines, text, name, payload=payload)
        try:
            out.path = submission.write(text, name, self.folder)
            out.name = out.path.name
        except OSError as exc:
            out.error = str(exc)
        return out


def confirm_label(verb: str, count: int) -> str:
    """The confirmation box's label: 'Submit with these 3 parts unfinished' (the parts are listed above it)."""
    return f"{verb} with this part unfinished" if count == 1 else f"{verb} with these {count} parts unfinished"


def shown_path(path: Path) -> str:
    """A path relative to the course folder where it is inside it (no home folders on screen)."""
    import os


    try:
        return path.relative_to(paths.course_root()).as_posix()
    except ValueError:
        folder = os.environ.get(SUBMISSIONS_ENV)
        if folder and Path(folder).resolve() == path.resolve().parent:
            return f"${SUBMISSIONS_ENV}/{path.name}"
        return str(path)


def is_homework(assignment) -> bool:
    """A homework (set after a lesson) rather than a lesson handed in at the end of class."""
    data = getattr(assignment, "data", None)
    return isinstance(data, dict) and "after_lesson" in data


class SubmitBox(Exercise):
    """The Submit button, its warnings, the confirmation box, and the download link."""

    kind = "submit"

    def __init__(self, homework, folder: Path | None = None):
        super().__init__(homework.id, {"id": "submission"}, store=homework.store)
        self.model = SubmitModel(homework, folder)
        self.pending: list[str] | None = None  # the list the confirmation box names
        self.last: Outcome | None = None
        self.record: dict = {}
        homework_ = is_homework(homework)
        self.what = "your homework" if homework_ else "this lesson"
        self.button_label = "Submit my homework" if homework_ else "Hand in this lesson"
        self.verb = "Submit" if homework_ else "Hand in"

    def default_title(self) -> str:
        return f"Hand in {self.what}"

    def build(self):
        import ipywidgets as w

        self.button = w.Button(description=self.button_label,
                               tooltip="Check every answer, then make the file you hand in",
                               layout=w.Layout(width="auto"))
        self.confirm = w.Checkbox(value=False, description=f"{self.verb} with these unfinished", indent=False,
                                  layout=w.Layout(width="auto", display="none"),
                                  style={"description_width": "initial"})
        self.confirm.add_class("ph-confirm")  # the course's .ph-widget checkbox rules wrap it on a narrow screen
        self.message = w.HTML(value="")
        self.link = w.HTML(value="")
        self.button.on_click(self._on_submit)
        return w.VBox([
            w.HTML(markup("<h3>{}</h3><p>Press <strong>{}</strong> when you have finished. It checks every "
                          "answer first and names anything still blank or unfinished. Then it makes one file: "
                          "download it and hand it in as your teacher asks.</p>", self.title(), self.button_label)),
            self.button, self.message, self.confirm, self.link, self.status,
        ], layout=w.Layout(border="1px solid #767676", padding="0.5em"))

    def _on_submit(self, _button=None) -> None:
        confirmed = self.pending if self.confirm.value else None
        try:
            outcome = self.model.submit(confirmed)
        except CourseError as exc:  # the answers file cannot be read: say so, never a traceback
            self.message.value = markup("<div class='ph-error' role='alert'><strong>Nothing handed in yet."
                                        "</strong> {}</div>", exc)
            return
        self.last = outcome
        if outcome.status == NEED_NAME:
            self.message.value = ("<div class='ph-note' role='alert'><strong>Nothing handed in yet.</strong> "
                                  "Type your name in the box at the top of the notebook first: it goes on "
                                  "your file.</div>")
        elif outcome.status == CONFIRM:
            self._ask(outcome.unfinished, changed=confirmed is not None)
        else:
            self._done(outcome)

    def _ask(self, lines: list[str], changed: bool) -> None:
        self.pending = lines
        items = join(markup("<li>{}</li>", line) for line in lines)
        lead = ("What is unfinished has changed since you ticked the box. " if changed else "")
        self.message.value = markup(
            "<div class='ph-note' role='alert'><p><strong>Nothing handed in yet.</strong> {}{} part{} "
            "unfinished:</p><ul>{}</ul><p>Finish them and press {} again, or tick the box below to hand in "
            "as it is (your file will list them as unfinished) and press {} again.</p></div>",
            lead, len(lines), "s are" if len(lines) != 1 else " is", items, self.verb, self.verb)
        text = confirm_label(self.verb, len(lines))  # short: the list itself is just above it
        self.confirm.value = False
        self.confirm.description = text
        self.confirm.tooltip = text
        self.confirm.layout.display = None
        self.link.value = ""

    def _done(self, outcome: Outcome) -> None:
        self.pending = None
        self.confirm.value = False
        self.confirm.layout.display = "none"
        where = (markup(" A copy is saved as <code>{}</code>.", shown_path(outcome.path)) if outcome.path else
                 markup(" (It could not be saved on this computer: {}. Download it now.)", outcome.error))
        left = (f" It lists {len(outcome.unfinished)} unfinished part{'s' if len(outcome.unfinished) != 1 else ''}."
                if outcome.unfinished else " Every part is finished.")
        self.message.value = markup("<div role='status'><p><strong>\u2713 Your file is ready:</strong> "
                                    "{}.{}{}</p></div>", outcome.name, left, where)
        self.link.value = markup("<p style='font-size:1.1em'>\u2b07 <strong style='text-decoration:underline'>{}"
                                 "</strong> and hand it in as your teacher asks. If you change an answer, submit "
                                 "again: your teacher uses the latest file.</p>",
                                 submission.download_link(outcome.text, outcome.name, "Download your submission"))
        self.record = {"file": outcome.name, "submitted_at": outcome.payload["submitted_at"],
                       "unfinished": len(outcome.unfinished)}
        self.save()  # remembered, so the notebook can say when it was last handed in
        release = getattr(self.model.homework, "release_reveals", None)
        if callable(release):  # homework: the historians' views appear once it is handed in
            release()

    def state(self) -> dict:
        return self.record

    def restore(self, value) -> None:
        if isinstance(value, dict) and value.get("file"):
            self.record = value
            when = human_time(value.get("submitted_at", ""))
            self.message.value = markup("<div role='status'><p>You last handed this in as {} ({}). Change your "
                                        "answers and submit again at any time.</p></div>", value["file"], when)

    def fallback_html(self) -> Html:
        return markup("<p>{}</p>", self.fallback_text())

    def fallback_text(self) -> str:
        name = "Submit" if self.button_label.startswith("Submit") else self.button_label
        return f"[{name} button: run the notebook to hand in {self.what}]"
