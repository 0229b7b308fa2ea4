"""Claim against the record: verdict, deciding evidence, justification; then the historians' view."""
from __future__ import annotations

from dataclasses import dataclass, field

from utils.content.load import VERDICTS
from utils.facts.excerpts import folded_html
from utils.core.html import Html, esc, inline, join, markup, paragraphs, plain
from utils.facts.sources import provenance_html, short_citation
from utils.exercises.base import LETTERS, Exercise, label_style
from utils.exercises.common import MIN_WORDS, CommitModel, CommitReveal, answer_box, frame, words_problem


@dataclass
class ClaimCheckModel(CommitModel):
    """The logic of a claim check, with no widgets: tests drive it directly."""

    evidence_ids: list[str]
    verdict: str | None = None
    evidence: set[str] = field(default_factory=set)
    justification: str = ""
    committed: bool = False

    def problems(self) -> list[str]:
        """What is still missing before the answer can be committed (empty when ready)."""
        missing = []
        if self.verdict not in VERDICTS:
            missing.append("choose a verdict")
        if not self.evidence:
            missing.append("tick at least one piece of evidence that decided it")
        return missing + words_problem(self.justification, "write a justification")

    def to_dict(self) -> dict:
        return {"verdict": self.verdict, "evidence": sorted(self.evidence),
                "justification": self.justification, "committed": self.committed}

    def load(self, value: dict) -> None:
        self.verdict = value.get("verdict") if value.get("verdict") in VERDICTS else None
        self.evidence = {e for e in value.get("evidence", []) if e in self.evidence_ids}
        self.justification = str(value.get("justification", ""))
        self.committed = bool(value.get("committed")) and not self.problems()


class ClaimCheck(CommitReveal, Exercise):
    """The claim-against-the-record widget."""

    kind = "claim-check"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = ClaimCheckModel([e["id"] for e in self.spec["evidence"]])

    def default_title(self) -> str:
        return "Claim against the record"

    # -- content -------------------------------------------------------------------------
    def claim_html(self) -> Html:
        claim = self.spec["claim"]
        doc = self.document(claim["document"])
        quote = markup("<blockquote>{}</blockquote>", inline(claim["quote"])) if claim.get("quote") else Html()
        return markup("<p><strong>The claim:</strong> {}</p>{}{}", inline(claim["text"]), quote, provenance_html(doc))

    def evidence_html(self, n: int, ev: dict) -> Html:
        doc = self.document(ev["document"])
        return markup("<p><strong>Evidence {}.</strong> {}<br><small>From: {} ({}, {}; {})</small></p>{}",
                      LETTERS[n], inline(ev["text"]), inline(doc["title"]), esc(doc["genre"]), str(doc["date"]),
                      inline(short_citation(doc["source"], doc.get("locator"))), folded_html(doc))

    def historians_html(self) -> Html:
        spec = self.spec
        chosen = self.model.verdict
        agree = (Html("Your verdict is the same as theirs.") if chosen == spec["verdict"] else
                 markup("Your verdict was <strong>{}</strong>: compare your reasons with theirs.", esc(chosen)))
        key = spec.get("key_evidence") or []
        ids = [e["id"] for e in spec["evidence"]]
        key_letters = ", ".join(LETTERS[ids.index(k)] for k in key)
        ticked = ", ".join(LETTERS[ids.index(e)] for e in sorted(self.model.evidence, key=ids.index)) or "none"
        key_line = (markup("<p>The evidence that weighs most: {}. You ticked: {}.</p>", key_letters, ticked)
                    if key else Html())
        return self.reveal_html(markup("<p><strong>What historians conclude: {}.</strong> {}</p>{}{}",
                                       spec["verdict"], agree, paragraphs(spec["historians"]), key_line))

    # -- widgets ---------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        spec = self.spec
        self.verdict = w.RadioButtons(
            options=[(v.capitalize(), v) for v in VERDICTS], value=None,
            description="Your verdict on the claim:", style=label_style(),
            tooltip="Supported, partly supported, contradicted, or the evidence cannot tell",
            layout=w.Layout(width="auto"))
        self.boxes = []
        rows = []
        for n, ev in enumerate(spec["evidence"]):
            box = w.Checkbox(value=False, description=f"Evidence {LETTERS[n]} decided my verdict",
                             tooltip=plain(ev["text"]), indent=False, style=label_style(),
                             layout=w.Layout(width="auto"))
            box.observe(self._on_change, names="value")
            self.boxes.append(box)
            rows.append(w.VBox([w.HTML(self.evidence_html(n, ev)), box]))
        self.justification = answer_box(
            "Why?", f"Explain your verdict from the evidence you ticked (at least {MIN_WORDS} words).",
            "Your justification; it is saved as you type", height="7em")
        self.verdict.observe(self._on_change, names="value")
        self.justification.observe(self._on_change, names="value")
        return frame([
            w.HTML(markup("<h3>{}</h3>{}<p>Read the evidence. Then choose a verdict, tick the evidence that "
                          "decided it, and explain why. What historians conclude appears once you commit.</p>",
                          inline(self.title()), self.claim_html())),
            *rows, self.verdict, self.justification, *self.commit_widgets(),
        ])

    def _read_widgets(self) -> None:
        self.model.verdict = self.verdict.value
        self.model.evidence = {ev["id"] for ev, box in zip(self.spec["evidence"], self.boxes) if box.value}
        self.model.justification = self.justification.value

    # -- saving ------------------------------------------------------------------------------
    def state(self) -> dict:
        return self.model.to_dict()

    def restore(self, value: dict) -> None:
        self.model.load(value if isinstance(value, dict) else {})
        self.verdict.value = self.model.verdict
        for ev, box in zip(self.spec["evidence"], self.boxes):
            box.value = ev["id"] in self.model.evidence
        self.justification.value = self.model.justification
        if self.model.committed:
            self.show_reveal()

    # -- without a kernel ---------------------------------------------------------------------
    def fallback_html(self) -> Html:
        evidence = join(self.evidence_html(n, ev) for n, ev in enumerate(self.spec["evidence"]))
        return markup("{}{}<p>Your verdict: {}. Tick the evidence that decided it and explain why.</p>",
                      self.claim_html(), evidence, " / ".join(VERDICTS))

    def fallback_text(self) -> str:
        claim = self.spec["claim"]
        lines = [f"The claim: {plain(claim['text'])}",
                 f"({self.document(claim['document'])['title']})"]
        lines += [f"Evidence {LETTERS[n]}. {plain(ev['text'])}" for n, ev in enumerate(self.spec["evidence"])]
        lines.append("Your verdict: " + " / ".join(VERDICTS) + ". Run the notebook to answer.")
        return "\n".join(lines)
