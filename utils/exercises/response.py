"""A response box for a discussion prompt: saved as typed, restored on return."""
from __future__ import annotations

from utils.core.html import Html, inline, markup
from utils.exercises.base import Exercise
from utils.exercises.common import answer_box, starters_html, starters_widgets, word_count


class ResponseBox(Exercise):
    """A text box answering one prompt of a lesson."""

    kind = "response"

    def __init__(self, lesson_id: str, prompt: dict, number: int, store=None):
        super().__init__(lesson_id, {"id": f"prompt-{prompt['id']}"}, store=store)
        self.prompt, self.number = prompt, number

    def default_title(self) -> str:
        extension = self.prompt.get("extension") or self.prompt.get("stretch")
        return f"Your answer to prompt {self.number}" + (" (extension)" if extension else "")

    def build(self):
        import ipywidgets as w

        self.text = answer_box(f"Prompt {self.number}:", "Type your answer here. It is saved as you type.",
                               self.prompt["text"][:200], height="8em")
        self.count = w.HTML(value=self._count_html(0))
        self.text.observe(self._on_change, names="value")
        return w.VBox([self.text, *starters_widgets(self.prompt.get("starters")), self.count, self.status])

    def _count_html(self, n: int) -> Html:
        return markup("<small>{} word{}.{}</small>", n, "s" if n != 1 else "", self.saved_note())

    def _on_change(self, change) -> None:
        self.save()
        self.count.value = self._count_html(word_count(change["new"]))

    def state(self) -> dict:
        return {"text": self.text.value}

    def restore(self, value: dict) -> None:
        text = value.get("text", "") if isinstance(value, dict) else ""
        self.text.value = str(text)
        self.count.value = self._count_html(word_count(self.text.value))

    def fallback_html(self) -> Html:
        starters = starters_html(self.prompt["starters"]) if self.prompt.get("starters") else Html()
        return markup("<p>{}</p>{}<p>[answer box]</p>", inline(self.prompt["text"]), starters)

    def fallback_text(self) -> str:
        return "[answer box: run the notebook to type your answer]"
