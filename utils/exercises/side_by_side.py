"""Side by side: two or three accounts of the same events; where they agree, where they conflict."""
from __future__ import annotations

from dataclasses import dataclass, field

from utils.facts.excerpts import folded_html
from utils.core.html import Html, inline, join, markup, paragraphs, plain
from utils.facts.sources import provenance_html
from utils.exercises.base import LETTERS, Exercise, label_style
from utils.exercises.common import CommitModel, CommitReveal, answer_box, frame, match_mark, table_html, words_problem

MARKS = ("agree", "conflict")
EQUAL = "equal"


@dataclass
class SideBySideModel(CommitModel):
    """Agree/conflict per point, the more reliable account and why, with no widgets."""

    point_ids: list[str]
    account_ids: list[str]
    marks: dict[str, str] = field(default_factory=dict)
    reliable: str | None = None
    why: str = ""
    committed: bool = False

    def problems(self) -> list[str]:
        missing = []
        unmarked = [n for n, p in enumerate(self.point_ids, 1) if self.marks.get(p) not in MARKS]
        if unmarked:
            missing.append("mark agree or conflict for point " + ", ".join(map(str, unmarked)))
        if self.reliable not in [*self.account_ids, EQUAL]:
            missing.append("choose the account you find more reliable")
        return missing + words_problem(self.why, "say why")

    def results(self, expected: dict[str, str]) -> list[tuple[str, str | None, str, bool]]:
        """(point id, student's mark, historians' mark, same?) for every point."""
        return [(p, self.marks.get(p), expected[p], self.marks.get(p) == expected[p]) for p in self.point_ids]

    def to_dict(self) -> dict:
        return {"marks": {p: m for p, m in self.marks.items() if p in self.point_ids and m in MARKS},
                "reliable": self.reliable, "why": self.why, "committed": self.committed}

    def load(self, value: dict) -> None:
        marks = value.get("marks") if isinstance(value.get("marks"), dict) else {}
        self.marks = {p: m for p, m in marks.items() if p in self.point_ids and m in MARKS}
        self.reliable = value.get("reliable") if value.get("reliable") in [*self.account_ids, EQUAL] else None
        self.why = str(value.get("why", ""))
        self.committed = bool(value.get("committed")) and not self.problems()


class SideBySide(CommitReveal, Exercise):
    """Accounts in columns; agree or conflict, point by point; which to trust more."""

    kind = "side-by-side"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = SideBySideModel([p["id"] for p in self.spec["points"]],
                                     [a["document"] for a in self.spec["accounts"]])

    def default_title(self) -> str:
        return "Side by side"

    # -- content -------------------------------------------------------------------------
    def account_name(self, doc_id: str) -> str:
        if doc_id == EQUAL:
            return "neither: they are about as reliable as each other"
        n = self.model.account_ids.index(doc_id)
        return f"Account {LETTERS[n]} ({plain(self.document(doc_id)['title'])})"

    def account_html(self, n: int, acc: dict) -> Html:
        doc = self.document(acc["document"])
        return markup("<p><strong>Account {}</strong></p>{}{}<blockquote>{}</blockquote>",
                      LETTERS[n], provenance_html(doc), folded_html(doc), inline(acc["text"]))

    def points_html(self) -> Html:
        items = join(markup("<li>{}</li>", inline(p["text"])) for p in self.spec["points"])
        return markup("<p><strong>Points to compare:</strong></p><ol>{}</ol>", items)

    def historians_html(self) -> Html:
        expected = {p["id"]: p["answer"] for p in self.spec["points"]}
        results = self.model.results(expected)
        rows = [[f"{n}. {plain(p['text'])}", mark or "not marked", want, match_mark(ok)]
                for n, (p, (_pid, mark, want, ok)) in enumerate(zip(self.spec["points"], results), 1)]
        right = sum(r[3] for r in results)
        table = table_html(["Point", "You said", "Historians say", "Comparison"], rows,
                           f"You matched {right} of {len(results)} points.")
        best = self.spec.get("more_reliable")
        chosen = self.model.reliable
        reliable = Html()
        if best:
            reliable = markup("<p>Most historians who have studied the question find {} the more reliable. You "
                              "chose {}: {}. Where historians disagree, what counts is whether your reasons stand "
                              "up to the evidence above.</p>", self.account_name(best),
                              self.account_name(chosen) if chosen else "none", match_mark(chosen == best))
        return self.reveal_html(markup("<p><strong>What historians conclude.</strong></p>{}{}{}",
                                       paragraphs(self.spec["historians"]), table, reliable))

    # -- widgets ---------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        spec = self.spec
        columns = [w.HTML(self.account_html(n, acc), layout=w.Layout(flex="1 1 18em", min_width="16em",
                                                                     margin="0 0.5em 0 0"))
                   for n, acc in enumerate(spec["accounts"])]
        self.toggles = []
        rows = []
        for n, point in enumerate(spec["points"], 1):
            toggle = w.ToggleButtons(
                options=[("Agree", "agree"), ("Conflict", "conflict")], value=None,
                description=f"Point {n}:", style={**label_style(), "button_width": "auto"},
                tooltips=[f"The accounts agree on point {n}", f"The accounts conflict on point {n}"],
                tooltip=plain(point["text"]))
            toggle.observe(self._on_change, names="value")
            self.toggles.append(toggle)
            rows.append(w.VBox([w.HTML(markup("<p>{}. {}</p>", n, inline(point["text"]))), toggle]))
        self.reliable = w.Dropdown(
            options=[(self.account_name(a), a) for a in self.model.account_ids]
            + [(self.account_name(EQUAL).capitalize(), EQUAL)], value=None,
            description="More reliable on this question:", style=label_style(), layout=w.Layout(width="auto"),
            tooltip="Which account would you rely on more, given who wrote it, when and why?")
        self.why = answer_box("Why?", "Give your reasons from the provenance and the texts.",
                              "Why you rely more on that account; saved as you type")
        self.reliable.observe(self._on_change, names="value")
        self.why.observe(self._on_change, names="value")
        return frame([
            w.HTML(markup("<h3>{}</h3><p><strong>Question:</strong> {}</p><p>Read the accounts. For each point, "
                          "say whether they agree or conflict; then choose the account you find more reliable and "
                          "say why. What historians conclude appears once you commit.</p>",
                          inline(self.title()), inline(spec["question"]))),
            w.HBox(columns, layout=w.Layout(flex_flow="row wrap")), *rows, self.reliable, self.why,
            *self.commit_widgets(),
        ])

    def _read_widgets(self) -> None:
        self.model.marks = {p["id"]: t.value for p, t in zip(self.spec["points"], self.toggles) if t.value}
        self.model.reliable = self.reliable.value
        self.model.why = self.why.value

    # -- saving -------------------------------------------------------------------------------
    def state(self) -> dict:
        return self.model.to_dict()

    def restore(self, value: dict) -> None:
        self.model.load(value if isinstance(value, dict) else {})
        for point, toggle in zip(self.spec["points"], self.toggles):
            toggle.value = self.model.marks.get(point["id"])
        self.reliable.value = self.model.reliable
        self.why.value = self.model.why
        if self.model.committed:
            self.show_reveal()

    # -- without a kernel ----------------------------------------------------------------------
    def fallback_html(self) -> Html:
        accounts = join(self.account_html(n, a) for n, a in enumerate(self.spec["accounts"]))
        return markup("<p><strong>Question:</strong> {}</p>{}{}<p>For each point: agree or conflict? Which account "
                      "is more reliable, and why?</p>", inline(self.spec["question"]), accounts, self.points_html())

    def fallback_text(self) -> str:
        lines = [f"Question: {plain(self.spec['question'])}"]
        for n, acc in enumerate(self.spec["accounts"]):
            lines.append(f"Account {LETTERS[n]} ({self.document(acc['document'])['title']}): {plain(acc['text'])}")
        lines += [f"Point {n}. {plain(p['text'])}" for n, p in enumerate(self.spec["points"], 1)]
        lines.append("For each point: agree or conflict? Run the notebook to answer.")
        return "\n".join(lines)
