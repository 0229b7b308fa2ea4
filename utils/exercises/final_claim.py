"""The final claim: the student's answer to the lesson's central question, from the documents.

It is the lesson's exit ticket. The student writes a short claim (sentence frames help), ticks at
least two documents it rests on, and commits; only then does the summary of what historians
conclude appear. The first committed claim is kept, as in every commit-then-reveal exercise.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from utils.core.html import Html, inline, join, markup, paragraphs, plain
from utils.exercises.base import Exercise, label_style
from utils.exercises.common import CommitModel, CommitReveal, answer_box, frame, word_count, words_problem

MIN_CLAIM_WORDS = 40


@dataclass
class FinalClaimModel(CommitModel):
    """The logic of a final claim, with no widgets: tests drive it directly."""

    document_ids: list[str]
    min_documents: int = 2
    min_words: int = MIN_CLAIM_WORDS
    text: str = ""
    documents: set[str] = field(default_factory=set)
    committed: bool = False

    def problems(self) -> list[str]:
        missing = words_problem(self.text, "write your claim", self.min_words)
        if len(self.documents) < self.min_documents:
            missing.append(f"tick at least {self.min_documents} documents your claim rests on "
                           f"(you have {len(self.documents)})")
        return missing

    def to_dict(self) -> dict:
        return {"text": self.text, "documents": [d for d in self.document_ids if d in self.documents],
                "committed": self.committed}

    def load(self, value: dict) -> None:
        value = value if isinstance(value, dict) else {}
        self.text = str(value.get("text", ""))
        docs = value.get("documents") if isinstance(value.get("documents"), list) else []
        self.documents = {d for d in docs if d in self.document_ids}
        self.committed = bool(value.get("committed")) and not self.problems()


class FinalClaim(CommitReveal, Exercise):
    """The final-claim widget: frames, a text box, the documents used, then the summary."""

    kind = "final-claim"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spec = self.spec
        self.model = FinalClaimModel(list(spec["documents"]), spec.get("min_documents", 2),
                                     spec.get("min_words", MIN_CLAIM_WORDS))

    def default_title(self) -> str:
        return "Your answer to the central question"

    # -- content ---------------------------------------------------------------------------
    def task_html(self) -> Html:
        spec, m = self.spec, self.model
        frames = join(markup("<li>{}</li>", inline(f)) for f in spec["frames"])
        return markup("<p><strong>The question:</strong> {}</p>"
                      "<p>Write a claim that answers it in at least {} words, and name at least "
                      "{} of the documents you read as your evidence. These frames can help:</p>"
                      "<ul class='ph-frames'>{}</ul>"
                      "<p>What historians conclude appears once you commit your claim.</p>",
                      inline(spec["question"]), m.min_words, m.min_documents, frames)

    def doc_label(self, doc_id: str) -> str:
        doc = self.document(doc_id)
        return plain(doc["title"])

    def historians_html(self) -> Html:
        return self.reveal_html(markup("<p><strong>What historians conclude.</strong></p>{}<p>Compare it with your "
                                       "claim: where do you agree, and what evidence would you add?</p>",
                                       paragraphs(self.spec["summary"])))

    # -- widgets -------------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        self.text = answer_box("Your claim:", "Answer the question from the documents. It is saved as you type.",
                               "Your claim; it is saved as you type", height="9em")
        self.count = w.HTML(value=self._count_html())
        self.boxes = []
        for doc_id in self.spec["documents"]:
            box = w.Checkbox(value=False, description=f"I used: {self.doc_label(doc_id)}", indent=False,
                             style=label_style(), layout=w.Layout(width="auto"),
                             tooltip="Tick each document your claim rests on")
            box.observe(self._on_change, names="value")
            self.boxes.append(box)
        self.text.observe(self._on_change, names="value")
        return frame([
            w.HTML(markup("<h3>{}</h3>{}", inline(self.title()), self.task_html())),
            self.text, self.count,  # the frames are shown above the box, not again on request
            w.HTML(Html("<p><strong>The documents your claim rests on:</strong></p>")), *self.boxes,
            *self.commit_widgets("Save your claim and see what historians conclude"),
        ])

    def _count_html(self) -> Html:
        n = word_count(self.model.text)
        return markup("<small>{} word{} (at least {}).</small>", n, "s" if n != 1 else "", self.model.min_words)

    def _read_widgets(self) -> None:
        self.model.text = self.text.value
        self.model.documents = {d for d, box in zip(self.spec["documents"], self.boxes) if box.value}
        self.count.value = self._count_html()

    # -- saving ----------------------------------------------------------------------------------
    def state(self) -> dict:
        return self.model.to_dict()

    def restore(self, value: dict) -> None:
        self.model.load(value)
        self.text.value = self.model.text
        for d, box in zip(self.spec["documents"], self.boxes):
            box.value = d in self.model.documents
        self.count.value = self._count_html()
        if self.model.committed:
            self.show_reveal()

    # -- without a kernel ------------------------------------------------------------------------
    def fallback_html(self) -> Html:
        docs = join(markup("<li>{}</li>", self.doc_label(d)) for d in self.spec["documents"])
        return markup("{}<p>Documents you may cite:</p><ul>{}</ul><p>[box for your claim]</p>", self.task_html(), docs)

    def fallback_text(self) -> str:
        lines = [f"The question: {plain(self.spec['question'])}", "Frames:"]
        lines += [f"- {plain(f)}" for f in self.spec["frames"]]
        lines += ["Documents you may cite:"] + [f"- {self.doc_label(d)}" for d in self.spec["documents"]]
        lines.append("Run the notebook to write and commit your claim.")
        return "\n".join(lines)
