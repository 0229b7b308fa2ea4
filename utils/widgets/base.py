"""What every exercise shares: saving and restoring, commit-then-reveal, provenance, fallbacks."""
from __future__ import annotations

from .. import answers
from ..display import STYLE
from ..html import esc, inline, paragraphs

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def label_style():
    """Descriptions shown in full rather than cut to the default width."""
    return {"description_width": "initial"}


class Exercise:
    """Base of every exercise view.

    Subclasses set ``kind`` and implement ``build()`` (the ipywidgets), ``state()`` (what to
    save), ``restore(value)``, ``fallback_html()`` and ``fallback_text()`` (what a reader sees
    where no kernel runs: the task, never the answer).
    """

    kind = "exercise"

    def __init__(self, lesson_id: str, spec: dict, documents: dict | None = None, store=None):
        self.lesson_id, self.spec, self.documents = lesson_id, spec, documents or {}
        self.key = f"{lesson_id}/{spec['id']}"
        self.store = store or answers.store()
        self._restoring = False
        self._widget = None
        self.save_error: str | None = None
        self._status = None

    # -- the widget --------------------------------------------------------------------
    @property
    def widget(self):
        """The ipywidgets tree, built on first use, with any saved answer restored."""
        if self._widget is None:
            self._restoring = True  # nothing may save while the widgets are being built
            try:
                self._widget = self.build()
                self._widget.add_class("ph-widget")  # the course's widget style (display.STYLE)
            finally:
                self._restoring = False
            saved = self.store.get(self.key)
            notes = []
            if self.store.warning:
                notes.append(f"<div class='ph-error' role='alert'>{esc(self.store.warning)}</div>")
            if saved is not None:
                self._restoring = True
                try:
                    self.restore(saved)
                finally:
                    self._restoring = False
                notes.append("<span>Your saved answer has been restored.</span>")
            self.status.value = "".join(notes)
        return self._widget

    @property
    def status(self):
        """The exercise's status line (saved, restored, or a problem)."""
        if self._status is None:
            import ipywidgets as w

            self._status = w.HTML(value="")
        return self._status

    def save(self) -> bool:
        """Save the current state; on failure say so in the widget and keep the text on screen."""
        if self._restoring:
            return False
        try:
            self.store.put(self.key, self.state())
        except (OSError, TypeError, ValueError) as exc:
            self.save_error = str(exc)
            self.status.value = (
                "<div class='ph-error' role='alert'><strong>Not saved.</strong> "
                f"{esc(exc)}. Your text is still here: copy it somewhere safe and tell your teacher.</div>")
            return False
        if self.save_error:
            self.save_error = None
            self.status.value = "<span>Saved again.</span>"
        return True

    # -- helpers for subclasses --------------------------------------------------------
    def document(self, doc_id: str) -> dict:
        return self.documents[doc_id]

    def title(self) -> str:
        return self.spec.get("title") or self.default_title()

    def default_title(self) -> str:
        return self.kind.replace("-", " ").capitalize()

    def reveal_html(self, body: str) -> str:
        return f"<div class='ph-reveal' role='region' aria-label='What historians conclude'>{body}</div>"

    # -- display -----------------------------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_() or {})
        bundle["text/html"] = STYLE + (
            f"<div class='ph-card ph-static' role='group' aria-label='{esc(self.title())}'>"
            f"<p><strong>{inline(self.title())}</strong></p>{self.fallback_html()}"
            "<p><em>This is an interactive exercise. Open the notebook in JupyterLab (or from the "
            "Binder link) and run it to answer; what historians conclude is shown after you "
            "answer.</em></p></div>")
        bundle["text/plain"] = f"{self.title()}\n{self.fallback_text()}"
        return bundle

    # -- to implement ------------------------------------------------------------------
    def build(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def state(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def restore(self, value: dict) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def fallback_html(self) -> str:
        return paragraphs(self.fallback_text())

    def fallback_text(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError
