"""Planning organizer (claim, evidence, counter-evidence, reasoning) and the essay written from it.

The organizer saves each field as it is typed. The essay box shows the plan beside it and keeps
it current while the student edits the plan. Neither reveals anything: there is no answer to
show, only the student's own plan and text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from utils.core.html import Html, inline, join, markup, plain
from utils.facts.sources import provenance_html
from utils.exercises.base import Exercise
from utils.exercises.common import answer_box, frame, starters_html, starters_widgets, word_count

ESSAY_MIN_WORDS = 150


@dataclass
class OrganizerModel:
    """The plan's fields by id, with no widgets."""

    fields: list[dict]
    values: dict[str, str] = field(default_factory=dict)

    def problems(self) -> list[str]:
        """Fields still blank or shorter than asked, named by their labels."""
        out = []
        for f in self.fields:
            n, need = word_count(self.values.get(f["id"], "")), f.get("min_words", 1)
            if n == 0:
                out.append(f"'{plain(f['label'])}' is blank")
            elif n < need:
                out.append(f"'{plain(f['label'])}' has {n} word{'s' if n != 1 else ''} (at least {need} asked)")
        return out

    def to_dict(self) -> dict:
        return {"fields": {f["id"]: self.values.get(f["id"], "") for f in self.fields}}

    def load(self, value) -> None:
        saved = value.get("fields") if isinstance(value, dict) and isinstance(value.get("fields"), dict) else {}
        self.values = {f["id"]: str(saved.get(f["id"]) or "") for f in self.fields}


def plan_html(fields: list[dict], values: dict[str, str]) -> Html:
    """The plan as the essay shows it: each field's label and the student's text, escaped."""
    rows = []
    for f in fields:
        text = values.get(f["id"], "").strip()
        body = (markup("<div style='white-space:pre-wrap'>{}</div>", text) if text
                else Html("<p><em>(blank: fill it in the plan above)</em></p>"))
        rows.append(markup("<p><strong>{}</strong></p>{}", inline(f["label"]), body))
    return markup("<div class='ph-card' role='region' aria-label='Your plan'>"
                  "<p><strong>Your plan</strong> (from the organizer; it changes when you edit the plan)</p>"
                  "{}</div>", join(rows))


class Organizer(Exercise):
    """Plan an argued answer field by field before writing it."""

    kind = "organizer"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = OrganizerModel(self.spec["fields"])
        self.listeners: list = []  # called with no arguments whenever the plan changes

    def default_title(self) -> str:
        return "Plan your answer"

    def task_html(self) -> Html:
        docs = join(provenance_html(self.document(d)) for d in self.spec.get("documents", []))
        items = join(markup("<li><strong>{}</strong>{}</li>", inline(f["label"]),
                            markup(": {}", inline(f["hint"])) if f.get("hint") else "")
                     for f in self.spec["fields"])
        return markup("<p><strong>Question:</strong> {}</p>{}<p>Fill in each part of the plan:</p><ul>{}</ul>",
                      inline(self.spec["question"]), docs, items)

    def build(self):
        import ipywidgets as w

        self.boxes, rows = {}, []
        for f in self.spec["fields"]:
            box = answer_box(f"{plain(f['label'])}:", plain(f.get("hint", "Write your notes here.")),
                             f"{plain(f['label'])}: part of your plan, saved as you type", height="5em")
            box.observe(self._on_change, names="value")
            self.boxes[f["id"]] = box
            rows += [box, *starters_widgets(f.get("starters"))]
        self.count = w.HTML(value=self._count_html())
        return frame([w.HTML(markup("<h3>{}</h3>{}", inline(self.title()), self.task_html())),
                      *rows, self.count, self.status])

    def _count_html(self) -> Html:
        problems = self.model.problems()
        todo = markup("Still to do: {}.", "; ".join(problems)) if problems else "Every part of the plan is filled in."
        return markup("<small>{}{}</small>", todo, self.saved_note())

    def _on_change(self, _change=None) -> None:
        if self._restoring:
            return
        self.model.values = {fid: box.value for fid, box in self.boxes.items()}
        self.save()
        self.count.value = self._count_html()
        for listener in self.listeners:
            listener()

    def state(self) -> dict:
        return self.model.to_dict()

    def restore(self, value) -> None:
        self.model.load(value)
        for fid, box in self.boxes.items():
            box.value = self.model.values.get(fid, "")
        self.count.value = self._count_html()

    def fallback_html(self) -> Html:
        starters = join(starters_html(f["starters"], plain(f["label"]))
                        for f in self.spec["fields"] if f.get("starters"))
        return markup("{}{}<p>[boxes for your plan]</p>", self.task_html(), starters)

    def fallback_text(self) -> str:
        lines = [f"Question: {plain(self.spec['question'])}", "Plan:"]
        lines += [f"- {plain(f['label'])}" for f in self.spec["fields"]]
        return "\n".join(lines + ["Run the notebook to write your plan."])


class Essay(Exercise):
    """The essay box, with the student's plan beside it."""

    kind = "essay"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.text = ""
        self.organizer: Organizer | None = None

    @property
    def min_words(self) -> int:
        return self.spec.get("min_words", ESSAY_MIN_WORDS)

    def default_title(self) -> str:
        return "Your essay"

    def link(self, organizer: Organizer) -> None:
        """Show this organizer's plan beside the essay, and keep it current."""
        self.organizer = organizer
        organizer.listeners.append(self._refresh_plan)

    def problems(self) -> list[str]:
        n = word_count(self.text)
        return [] if n >= self.min_words else [f"has {n} word{'s' if n != 1 else ''} (at least {self.min_words} asked)"]

    def task_html(self) -> Html:
        return markup("<p><strong>Question:</strong> {}</p><p>Write at least {} words. Your plan is shown beside "
                      "the box.</p>", inline(self.spec["question"]), self.min_words)

    def _plan(self) -> Html:
        if self.organizer is None:
            return Html()
        self.organizer.widget  # noqa: B018 - building it restores the saved plan
        return plan_html(self.organizer.spec["fields"], self.organizer.model.values)

    def _refresh_plan(self) -> None:
        if self._widget is not None:
            self.plan.value = self._plan()

    def build(self):
        import ipywidgets as w

        self.box = answer_box("Your essay:", "Write your essay here. It is saved as you type.",
                              "Your essay; saved as you type", height="22em")
        self.box.layout.width = "auto"  # 100% plus the widget's margin overflows its column
        self.box.observe(self._on_change, names="value")
        self.count = w.HTML(value=self._count_html())
        self.plan = w.HTML(value=self._plan(), layout=w.Layout(flex="1 1 16em", min_width="14em"))
        left = w.VBox([self.box, *starters_widgets(self.spec.get("starters")), self.count], layout=w.Layout(flex="2 1 24em", min_width="18em"))
        return frame([w.HTML(markup("<h3>{}</h3>{}", inline(self.title()), self.task_html())),
                      w.HBox([left, self.plan], layout=w.Layout(flex_flow="row wrap")), self.status])

    def _count_html(self) -> Html:
        n = word_count(self.text)
        return markup("<small>{} word{} of at least {}.{}</small>", n, "s" if n != 1 else "", self.min_words,
                      self.saved_note())

    def _on_change(self, _change=None) -> None:
        if self._restoring:
            return
        self.text = self.box.value
        self.save()
        self.count.value = self._count_html()

    def state(self) -> dict:
        return {"text": self.text}

    def restore(self, value) -> None:
        self.text = str(value.get("text", "")) if isinstance(value, dict) else ""
        self.box.value = self.text
        self.count.value = self._count_html()

    def fallback_html(self) -> Html:
        starters = starters_html(self.spec["starters"]) if self.spec.get("starters") else Html()
        return markup("{}{}<p>[essay box, with your plan beside it]</p>", self.task_html(), starters)

    def fallback_text(self) -> str:
        return f"Question: {plain(self.spec['question'])}\nRun the notebook to write your essay."

    def load_text(self, value) -> None:
        """Read a saved value without widgets (for checking a submission)."""
        self.text = str(value.get("text", "")) if isinstance(value, dict) else ""

