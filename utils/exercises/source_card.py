"""Source card: a document's headnote, its sourcing questions, sentence stems and a saved note."""
from __future__ import annotations

from dataclasses import dataclass

from utils.core.html import Html, inline, join, markup, plain
from utils.facts.sources import provenance_html, provenance_text
from utils.exercises.base import Exercise, label_style
from utils.exercises.common import answer_box, frame, word_count

DEFAULT_STEMS = [
    "I trust this source about … because …",
    "I don't trust this source about … because …",
    "The author wrote this for … so …",
    "To check it, I would compare it with …",
]


@dataclass
class SourceCardModel:
    """The student's sourcing note, with no widgets."""

    stems: list[str]
    note: str = ""

    def add_stem(self, n: int) -> str:
        """Start a new line of the note with stem number n; return the new note."""
        if not 0 <= n < len(self.stems):
            return self.note
        stem = plain(self.stems[n])
        self.note = (self.note.rstrip() + "\n" if self.note.strip() else "") + stem + " "
        return self.note

    def to_dict(self) -> dict:
        return {"note": self.note, "words": word_count(self.note)}

    def load(self, value: dict) -> None:
        self.note = str(value.get("note", "")) if isinstance(value, dict) else ""


class SourceCard(Exercise):
    """Source the document before reading it for what it says."""

    kind = "source-card"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = SourceCardModel(list(self.spec.get("stems") or DEFAULT_STEMS))

    def default_title(self) -> str:
        return f"Source it: {plain(self.doc['title'])}"

    @property
    def doc(self) -> dict:
        return self.document(self.spec["document"])

    # -- content ------------------------------------------------------------------------
    def card_html(self) -> Html:
        doc = self.doc
        excerpt = self.excerpt(doc)
        questions = join(markup("<li>{}</li>", inline(q)) for q in self.spec["questions"])
        stems = join(markup("<li>{}</li>", inline(s)) for s in self.model.stems)
        return markup("{}{}<p><strong>Ask of this source:</strong></p><ol>{}</ol>"
                      "<p><strong>Sentence starts you can use:</strong></p><ul>{}</ul>",
                      provenance_html(doc), excerpt, questions, stems)

    # -- widgets ----------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        self.stem_choice = w.Dropdown(
            options=[(plain(s), n) for n, s in enumerate(self.model.stems)], value=0,
            description="Sentence start:", style=label_style(), layout=w.Layout(width="auto"),
            tooltip="Choose a sentence start, then press the button to add it to your note")
        self.add_button = w.Button(description="Add to my note", layout=w.Layout(width="auto"),
                                   tooltip="Add the chosen sentence start on a new line of your note")
        self.note = answer_box("Your sourcing note:",
                               "Who made this source, when, for whom and why? How far can you trust "
                               "it, and for what? It is saved as you type.",
                               "Your sourcing note; it is saved as you type", height="9em")
        self.count = w.HTML(value=self._count_html())
        self.add_button.on_click(self._on_add)
        self.note.observe(self._on_change, names="value")
        return frame([
            w.HTML(markup("<h3>{}</h3>{}", inline(self.title()), self.card_html())),
            w.HBox([self.stem_choice, self.add_button]), self.note, self.count, self.status,
        ])

    def _count_html(self) -> Html:
        n = word_count(self.model.note)
        return markup("<small>{} word{}.{}</small>", n, "s" if n != 1 else "", self.saved_note())

    def _on_add(self, _button=None) -> None:
        self.note.value = self.model.add_stem(self.stem_choice.value)  # observer saves

    def _on_change(self, _change=None) -> None:
        if self._restoring:
            return
        self.model.note = self.note.value
        self.save()
        self.count.value = self._count_html()

    # -- saving --------------------------------------------------------------------------------
    def state(self) -> dict:
        return self.model.to_dict()

    def restore(self, value: dict) -> None:
        self.model.load(value)
        self.note.value = self.model.note
        self.count.value = self._count_html()

    # -- without a kernel ------------------------------------------------------------------------
    def fallback_html(self) -> Html:
        return self.card_html() + Html("<p>[box for your sourcing note]</p>")

    def fallback_text(self) -> str:
        lines = [provenance_text(self.doc), "Ask of this source:"]
        lines += [f"{n}. {plain(q)}" for n, q in enumerate(self.spec["questions"], 1)]
        lines += ["Sentence starts: " + " / ".join(plain(s) for s in self.model.stems),
                  "Run the notebook to write your sourcing note."]
        return "\n".join(lines)
