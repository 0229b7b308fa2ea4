"""Reliability rating: rate one document on each criterion, justify it, then see historians' view."""
from __future__ import annotations

from dataclasses import dataclass, field

from utils.core.html import Html, inline, join, markup, paragraphs, plain
from utils.facts.sources import provenance_html, provenance_text
from utils.exercises.base import Exercise, label_style
from utils.exercises.common import CommitModel, CommitReveal, answer_box, frame, table_html, words_problem

SCALE = {1: "1 \u2013 not at all", 2: "2 \u2013 a little", 3: "3 \u2013 partly", 4: "4 \u2013 mostly",
         5: "5 \u2013 fully"}


@dataclass
class ReliabilityModel(CommitModel):
    """Ratings 1-5 per criterion and a justification, with no widgets.

    Saved as ``{"ratings": {criterion_id: int}, "justification": str, "committed": bool}`` so a
    teacher's tool can aggregate a class's ratings.
    """

    criterion_ids: list[str]
    ratings: dict[str, int] = field(default_factory=dict)
    justification: str = ""
    committed: bool = False

    def problems(self) -> list[str]:
        unrated = [n for n, c in enumerate(self.criterion_ids, 1) if self.ratings.get(c) not in SCALE]
        missing = (["rate criterion " + ", ".join(map(str, unrated)) + " on the scale 1 to 5"]
                   if unrated else [])
        return missing + words_problem(self.justification, "justify your ratings")

    def mean(self) -> float | None:
        vals = [self.ratings[c] for c in self.criterion_ids if c in self.ratings]
        return sum(vals) / len(vals) if vals else None

    def to_dict(self) -> dict:
        return {"ratings": {c: int(self.ratings[c]) for c in self.criterion_ids if self.ratings.get(c) in SCALE},
                "justification": self.justification, "committed": self.committed}

    def load(self, value: dict) -> None:
        ratings = value.get("ratings") if isinstance(value.get("ratings"), dict) else {}
        self.ratings = {c: int(v) for c, v in ratings.items()
                        if c in self.criterion_ids and isinstance(v, int) and not isinstance(v, bool) and v in SCALE}
        self.justification = str(value.get("justification", ""))
        self.committed = bool(value.get("committed")) and not self.problems()


class ReliabilityRating(CommitReveal, Exercise):
    """How far can this document be trusted, and for what?"""

    kind = "reliability-rating"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = ReliabilityModel([c["id"] for c in self.spec["criteria"]])

    @property
    def doc(self) -> dict:
        return self.document(self.spec["document"])

    def default_title(self) -> str:
        return f"How reliable is it? {plain(self.doc['title'])}"

    # -- content -------------------------------------------------------------------------
    def task_html(self) -> Html:
        doc = self.doc
        excerpt = self.excerpt(doc)
        question = (markup("<p><strong>Question:</strong> {}</p>", inline(self.spec["question"]))
                    if self.spec.get("question") else Html())
        criteria = join(markup("<li>{}</li>", inline(c["label"])) for c in self.spec["criteria"])
        return markup("{}{}{}<p><strong>Rate the source from 1 (not at all) to 5 (fully) on each criterion:"
                      "</strong></p><ol>{}</ol>", provenance_html(doc), excerpt, question, criteria)

    def historians_html(self) -> Html:
        rows = [[f"{n}. {plain(c['label'])}", SCALE[self.model.ratings[c["id"]]]]
                for n, c in enumerate(self.spec["criteria"], 1) if c["id"] in self.model.ratings]
        mean = self.model.mean()
        caption = "Your ratings" + (f" (average {mean:.1f} of 5)" if mean is not None else "")
        return self.reveal_html(markup(
            "{}<p><strong>What historians conclude.</strong></p>{}<p>Compare their reasons with your "
            "justification: where would you change a rating?</p>",
            table_html(["Criterion", "Your rating"], rows, caption), paragraphs(self.spec["historians"])))

    # -- widgets ---------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        self.scales = []
        rows = []
        for n, crit in enumerate(self.spec["criteria"], 1):
            radio = w.RadioButtons(options=[(label, k) for k, label in SCALE.items()], value=None,
                                   description=f"Criterion {n}:", style=label_style(),
                                   tooltip=f"Rate from 1 (not at all) to 5 (fully): {plain(crit['label'])}",
                                   layout=w.Layout(width="auto"))
            radio.observe(self._on_change, names="value")
            self.scales.append(radio)
            rows.append(w.VBox([w.HTML(markup("<p><strong>{}.</strong> {}</p>", n, inline(crit["label"]))), radio]))
        self.justification = answer_box("Why?", "Justify your ratings from the provenance and the text.",
                                        "Your justification; saved as you type")
        self.justification.observe(self._on_change, names="value")
        return frame([
            w.HTML(markup("<h3>{}</h3>{}<p>What historians conclude appears once you commit.</p>",
                          inline(self.title()), self.task_html())),
            w.HBox(rows, layout=w.Layout(flex_flow="row wrap")), self.justification,
            *self.commit_widgets(),
        ])

    def _read_widgets(self) -> None:
        self.model.ratings = {c["id"]: r.value for c, r in zip(self.spec["criteria"], self.scales)
                              if r.value is not None}
        self.model.justification = self.justification.value

    # -- saving -------------------------------------------------------------------------------
    def state(self) -> dict:
        return self.model.to_dict()

    def restore(self, value: dict) -> None:
        self.model.load(value if isinstance(value, dict) else {})
        for crit, radio in zip(self.spec["criteria"], self.scales):
            radio.value = self.model.ratings.get(crit["id"])
        self.justification.value = self.model.justification
        if self.model.committed:
            self.show_reveal()

    # -- without a kernel ----------------------------------------------------------------------
    def fallback_html(self) -> Html:
        return self.task_html() + Html("<p>Then justify your ratings.</p>")

    def fallback_text(self) -> str:
        lines = [provenance_text(self.doc)]
        if self.spec.get("question"):
            lines.append(f"Question: {plain(self.spec['question'])}")
        lines.append("Rate from 1 (not at all) to 5 (fully):")
        lines += [f"{n}. {plain(c['label'])}" for n, c in enumerate(self.spec["criteria"], 1)]
        lines.append("Run the notebook to answer.")
        return "\n".join(lines)
