"""Claim against the record: verdict, deciding evidence, justification; then the historians' view."""
from __future__ import annotations

from dataclasses import dataclass, field

from utils.content.load import VERDICTS
from utils.facts.excerpts import folded_html
from utils.core.html import esc, inline, paragraphs, plain
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
    def claim_html(self) -> str:
        claim = self.spec["claim"]
        doc = self.document(claim["document"])
        quote = (f"<blockquote>{inline(claim['quote'])}</blockquote>" if claim.get("quote") else "")
        return (f"<p><strong>The claim:</strong> {inline(claim['text'])}</p>{quote}"
                f"{provenance_html(doc)}")

    def evidence_html(self, n: int, ev: dict) -> str:
        doc = self.document(ev["document"])
        return (f"<p><strong>Evidence {LETTERS[n]}.</strong> {inline(ev['text'])}<br>"
                f"<small>From: {inline(doc['title'])} ({esc(doc['genre'])}, {esc(str(doc['date']))}; "
                f"{inline(short_citation(doc['source'], doc.get('locator')))})</small></p>{folded_html(doc)}")

    def historians_html(self) -> str:
        spec = self.spec
        chosen = self.model.verdict
        agree = ("Your verdict is the same as theirs." if chosen == spec["verdict"] else
                 f"Your verdict was <strong>{esc(chosen)}</strong>: compare your reasons with theirs.")
        key = spec.get("key_evidence") or []
        ids = [e["id"] for e in spec["evidence"]]
        key_letters = ", ".join(LETTERS[ids.index(k)] for k in key)
        key_line = (f"<p>The evidence that weighs most: {esc(key_letters)}. You ticked: "
                    f"{esc(', '.join(LETTERS[ids.index(e)] for e in sorted(self.model.evidence, key=ids.index)) or 'none')}.</p>"
                    if key else "")
        return self.reveal_html(
            f"<p><strong>What historians conclude: {esc(spec['verdict'])}.</strong> {agree}</p>"
            f"{paragraphs(spec['historians'])}{key_line}")

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
            w.HTML(f"<h3>{inline(self.title())}</h3>{self.claim_html()}"
                   "<p>Read the evidence. Then choose a verdict, tick the evidence that decided it, "
                   "and explain why. What historians conclude appears once you commit.</p>"),
            *rows, self.verdict, self.justification, *self.commit_widgets(), self.status,
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
    def fallback_html(self) -> str:
        evidence = "".join(self.evidence_html(n, ev) for n, ev in enumerate(self.spec["evidence"]))
        return (f"{self.claim_html()}{evidence}<p>Your verdict: "
                + esc(" / ".join(VERDICTS)) + ". Tick the evidence that decided it and explain why.</p>")

    def fallback_text(self) -> str:
        claim = self.spec["claim"]
        lines = [f"The claim: {plain(claim['text'])}",
                 f"({self.document(claim['document'])['title']})"]
        lines += [f"Evidence {LETTERS[n]}. {plain(ev['text'])}" for n, ev in enumerate(self.spec["evidence"])]
        lines.append("Your verdict: " + " / ".join(VERDICTS) + ". Run the notebook to answer.")
        return "\n".join(lines)
