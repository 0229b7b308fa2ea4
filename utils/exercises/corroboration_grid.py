"""Corroboration grid: claims against documents; which sources support, contradict or say nothing."""
from __future__ import annotations

from dataclasses import dataclass, field

from utils.core.html import Html, inline, join, markup, paragraphs, plain
from utils.facts.sources import provenance_html
from utils.exercises.base import LETTERS, Exercise, label_style
from utils.exercises.common import CommitModel, CommitReveal, frame, table_html

CHOICES = ("supports", "contradicts", "silent")
LABELS = {"supports": "supports the claim", "contradicts": "contradicts the claim",
          "silent": "says nothing about it"}


@dataclass
class CorroborationModel(CommitModel):
    """The grid of the student's readings, with no widgets. Cells are keyed (claim id, document id)."""

    claim_ids: list[str]
    doc_ids: list[str]
    cells: dict[tuple[str, str], str] = field(default_factory=dict)
    committed: bool = False

    def problems(self) -> list[str]:
        empty = sum(1 for c in self.claim_ids for d in self.doc_ids if self.cells.get((c, d)) not in CHOICES)
        return [f"fill in every cell of the grid ({empty} still empty)"] if empty else []

    def summary(self) -> list[dict]:
        """Per claim: counts of supporting/contradicting/silent sources, best-corroborated first."""
        rows = []
        for n, c in enumerate(self.claim_ids):
            marks = [self.cells.get((c, d)) for d in self.doc_ids]
            rows.append({"claim": c, "index": n, **{k: marks.count(k) for k in CHOICES}})
        return sorted(rows, key=lambda r: (-r["supports"], r["contradicts"], r["index"]))

    def differences(self, expected: dict[str, dict[str, str]]) -> list[tuple[str, str, str | None, str]]:
        """(claim, document, student's reading, historians' reading) wherever they differ."""
        return [(c, d, self.cells.get((c, d)), expected[c][d])
                for c in self.claim_ids for d in self.doc_ids
                if d in expected.get(c, {}) and self.cells.get((c, d)) != expected[c][d]]

    def to_dict(self) -> dict:
        grid: dict[str, dict[str, str]] = {}
        for (c, d), v in self.cells.items():
            if c in self.claim_ids and d in self.doc_ids and v in CHOICES:
                grid.setdefault(c, {})[d] = v
        return {"cells": grid, "committed": self.committed}

    def load(self, value: dict) -> None:
        grid = value.get("cells") if isinstance(value.get("cells"), dict) else {}
        self.cells = {(c, d): v for c, row in grid.items() if c in self.claim_ids and isinstance(row, dict)
                      for d, v in row.items() if d in self.doc_ids and v in CHOICES}
        self.committed = bool(value.get("committed")) and not self.problems()


class CorroborationGrid(CommitReveal, Exercise):
    """Read each source against each claim; see which claims stand on several sources."""

    kind = "corroboration-grid"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = CorroborationModel([c["id"] for c in self.spec["claims"]], list(self.spec["documents"]))

    def default_title(self) -> str:
        return "Corroboration grid"

    # -- names ---------------------------------------------------------------------------
    def claim_name(self, claim_id: str) -> str:
        return f"Claim {self.model.claim_ids.index(claim_id) + 1}"

    def doc_name(self, doc_id: str) -> str:
        return f"Source {LETTERS[self.model.doc_ids.index(doc_id)]}"

    def task_html(self) -> Html:
        docs = join(markup("<p><strong>{}</strong></p>{}", self.doc_name(d), provenance_html(self.document(d)))
                    for d in self.model.doc_ids)
        claims = join(markup("<li>{}</li>", inline(c["text"])) for c in self.spec["claims"])
        return markup("<p><strong>Question:</strong> {}</p>{}<p><strong>Claims:</strong></p><ol>{}</ol>",
                      inline(self.spec["question"]), docs, claims)

    def historians_html(self) -> Html:
        rows = [[f"{self.claim_name(r['claim'])}: {plain(self.spec['claims'][r['index']]['text'])}",
                 r["supports"], r["contradicts"], r["silent"]] for r in self.model.summary()]
        table = table_html(["Claim", "Sources that support", "Sources that contradict", "Sources silent"],
                           rows, "Your grid, best-corroborated claim first")
        diffs = self.model.differences(self.spec["expected"])
        if diffs:
            items = join(
                markup("<li>{} \u00d7 {}: you read that the source {}; historians read that it {}.</li>",
                       self.claim_name(c), self.doc_name(d), LABELS.get(mine, "was not marked"), LABELS[theirs])
                for c, d, mine, theirs in diffs)
            diff_html = markup("<p>\u2717 Where your reading differs from historians' ({}):</p><ul>{}</ul>",
                               len(diffs), items)
        else:
            diff_html = Html("<p>\u2713 Every cell historians have a reading for matches yours.</p>")
        return self.reveal_html(markup("{}<p><strong>What historians conclude.</strong></p>{}{}",
                                       table, paragraphs(self.spec["historians"]), diff_html))

    # -- widgets ---------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        self.cells: dict[tuple[str, str], object] = {}
        rows = []
        for claim in self.spec["claims"]:
            drops = []
            for d in self.model.doc_ids:
                drop = w.Dropdown(
                    options=[(LABELS[k].replace(" the claim", ""), k) for k in CHOICES], value=None,
                    description=f"{self.claim_name(claim['id'])} \u00d7 {self.doc_name(d)}:",
                    tooltip=f"Does {plain(self.document(d)['title'])} support, contradict or say nothing "
                            f"about: {plain(claim['text'])}",
                    style=label_style(), layout=w.Layout(width="auto", margin="0 1em 0 0"))
                drop.observe(self._on_change, names="value")
                self.cells[(claim["id"], d)] = drop
                drops.append(drop)
            rows.append(w.VBox([w.HTML(markup("<p><strong>{}.</strong> {}</p>", self.claim_name(claim["id"]),
                                              inline(claim["text"]))),
                                w.HBox(drops, layout=w.Layout(flex_flow="row wrap"))]))
        return frame([
            w.HTML(markup("<h3>{}</h3>{}<p>For each claim and each source, choose whether the source supports "
                          "it, contradicts it, or says nothing about it. When every cell is filled, commit to see "
                          "the summary and what historians read.</p>", inline(self.title()), self.task_html())),
            *rows, *self.commit_widgets("Save your grid, see its summary and what historians read"),
        ])

    def _read_widgets(self) -> None:
        self.model.cells = {key: drop.value for key, drop in self.cells.items() if drop.value}

    # -- saving -------------------------------------------------------------------------------
    def state(self) -> dict:
        return self.model.to_dict()

    def restore(self, value: dict) -> None:
        self.model.load(value if isinstance(value, dict) else {})
        for key, drop in self.cells.items():
            drop.value = self.model.cells.get(key)
        if self.model.committed:
            self.show_reveal()

    # -- without a kernel ----------------------------------------------------------------------
    def fallback_html(self) -> Html:
        return self.task_html() + Html("<p>For each claim and each source: supports, contradicts, "
                                       "or says nothing?</p>")

    def fallback_text(self) -> str:
        lines = [f"Question: {plain(self.spec['question'])}"]
        lines += [f"{self.doc_name(d)}: {self.document(d)['title']}" for d in self.model.doc_ids]
        lines += [f"Claim {n}. {plain(c['text'])}" for n, c in enumerate(self.spec["claims"], 1)]
        lines.append("For each claim and source: supports / contradicts / silent. Run the notebook to answer.")
        return "\n".join(lines)
