"""What every exercise shares: saving and restoring, commit-then-reveal, provenance, fallbacks."""
from __future__ import annotations

from utils.exercises import answers
from utils.core.display import STYLE, inline_styles
from utils.core.errors import CourseError
from utils.core.html import Html, inline, join, markup, paragraphs
from utils.facts.excerpts import excerpt_html, folded_html

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# The shape of what each kind of exercise saves (its ``state()``). A spec is a type; a tuple of
# alternatives (None: null); [spec]: a list of them; {str: spec}: an object with any keys, each
# value a spec; {"field": spec, ...}: an object whose named fields, where present, are of that spec
# (fields may be missing, other fields are ignored). int never matches true/false.
SHAPES: dict[str, dict] = {
    "claim-check": {"verdict": (str, None), "evidence": [str], "justification": str, "committed": bool},
    "reliability-rating": {"ratings": {str: int}, "justification": str, "committed": bool},
    "side-by-side": {"marks": {str: str}, "reliable": (str, None), "why": str, "committed": bool},
    "corroboration-grid": {"cells": {str: {str: str}}, "committed": bool},
    "estimates": {"groups": [str], "answer": str, "committed": bool},
    "quick-check": {"responses": {str: (int, float, str, [int], None)},
                    "attempts": {str: [{"correct": bool}]}, "solved": int},
    "source-card": {"note": str, "words": int},
    "timeline": {"themes": [str], "years": [int], "selected": (str, None), "answer": str},
    "organizer": {"fields": {str: (str, None)}},
    "essay": {"text": str},
    "final-claim": {"text": str, "documents": [str], "committed": bool},
    "response": {"text": str},
    "prompt": {"text": str},
    "student-name": {"text": str},
    "submit": {"file": str, "submitted_at": str, "unfinished": int},
    "data-task": {"steps": {str: {"passed": bool, "attempts": int}}},
}
_TYPE_NAMES = {str: "text", bool: "true or false", int: "a whole number", float: "a number",
               list: "a list", dict: "an object", type(None): "null"}


def _found(value) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _expected(spec) -> str:
    if spec is None:
        return "null"
    if isinstance(spec, type):
        return _TYPE_NAMES.get(spec, spec.__name__)
    if isinstance(spec, tuple):
        return " or ".join(_expected(s) for s in spec)
    return "a list" if isinstance(spec, list) else "an object"


def _matches(value, spec, where: str) -> str | None:
    """None if value has the shape spec, else where and how it differs."""
    if isinstance(spec, tuple):
        if any(_matches(value, s, where) is None for s in spec):
            return None
        return f"{where} should be {_expected(spec)}, not {_found(value)}"
    if spec is None:
        return None if value is None else f"{where} should be null, not {_found(value)}"
    if isinstance(spec, type):
        ok = (isinstance(value, spec) and not (spec in (int, float) and isinstance(value, bool))
              or spec is float and isinstance(value, int) and not isinstance(value, bool))
        return None if ok else f"{where} should be {_expected(spec)}, not {_found(value)}"
    if isinstance(spec, list):
        if not isinstance(value, list):
            return f"{where} should be a list, not {_found(value)}"
        for n, item in enumerate(value, 1):
            problem = _matches(item, spec[0], f"item {n} of {where}")
            if problem:
                return problem
        return None
    if not isinstance(value, dict):
        return f"{where} should be an object, not {_found(value)}"
    if str in spec:  # any keys
        for key, item in value.items():
            problem = _matches(item, spec[str], f"'{key}' in {where}")
            if problem:
                return problem
        return None
    for key, sub in spec.items():
        if key in value:
            problem = _matches(value[key], sub, f"'{key}'")
            if problem:
                return problem
    return None


def shape_problem(kind: str, value) -> str | None:
    """Why a saved value is not in the shape this kind of exercise saves (None if it is, or if the
    kind has no recorded shape). Checked before the value reaches a widget or a submission."""
    spec = SHAPES.get(kind)
    if spec is None or value is None:
        return None
    return _matches(value, spec, "the saved answer")


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
        self.saved_here = False  # saved at least once since the widgets were shown
        self._status = None
        self._alerts: list[Html] = []  # what restoring found wrong: kept above every later status line

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
            self.status.value = join(self._restore_saved())
        return self._widget

    @staticmethod
    def _alert(text: str) -> Html:
        return markup("<div class='ph-error' role='alert'>{}</div>", text)

    def _restore_saved(self) -> list[Html]:
        """Restore the saved answer into the new widgets; the notes to show. An answer of the wrong
        shape is set aside (kept, never lost) with a message naming it, and the exercise starts empty.
        The alerts among the notes stay on the status line after it changes (see ``say``)."""
        self._alerts = notes = []
        saved = None
        try:
            saved = self.store.get(self.key)
        except CourseError as exc:  # the answers file cannot be read at all: say so, nothing is changed
            notes.append(self._alert(f"{exc} Your answers are not shown here, and may not be saved."))
        if getattr(self.store, "warning", None):
            notes.append(self._alert(self.store.warning))
        if saved is None:
            return notes
        problem = shape_problem(self.kind, saved)
        if problem is None:
            self._restoring = True
            try:
                self.restore(saved)
                for hook in ("load_history", "after_restore"):  # first answers kept; commit state shown
                    method = getattr(self, hook, None)
                    if callable(method):
                        method(saved)
            except Exception as exc:  # a value the shape check did not foresee: never a traceback
                problem = f"it could not be shown ({type(exc).__name__}: {str(exc)[:120]})"
                self._start_empty()
            finally:
                self._restoring = False
        if problem is None:
            self._alerts = list(notes)
            return notes + [markup("<span>{}</span>", self.restored_line())]
        set_aside = getattr(self.store, "set_aside", None)
        message = set_aside(self.key, problem) if set_aside else ""
        notes.append(self._alert(message or f"Your saved answer '{self.key}' could not be used ({problem})."))
        self._alerts = list(notes)
        return notes

    def restored_line(self) -> str:
        """The status line after a saved answer is restored."""
        return "Your saved answer has been restored."

    def _start_empty(self) -> None:
        """New, empty widgets after a restore failed half-way (nothing half-restored stays on screen)."""
        import contextlib

        widget = self.build()
        widget.add_class("ph-widget")
        self._widget = widget
        with contextlib.suppress(Exception):
            self.restore({})

    @property
    def status(self):
        """The exercise's one status line: what is true of the answer now (restored, saved, committed,
        or a problem). Every message about the answer's state goes here, through ``say``, so two
        lines can never contradict each other."""
        if self._status is None:
            import ipywidgets as w

            self._status = w.HTML(value="")
        return self._status

    def say(self, line: Html) -> None:
        """Put ``line`` (Html: a plain str would be escaped) on the status line in place of what it
        said, below any alert from restoring (an answer set aside, a damaged file): those stay true
        until the page is reloaded."""
        self.status.value = join([*self._alerts, line])

    def saved_line(self) -> Html:
        """The status line after a successful save (a subclass says more: committed or not)."""
        return Html()

    def saved_note(self) -> str:
        """' Saved automatically.' for a word count, once this answer has been saved here and while
        saving works: never beside a 'Not saved' on the status line."""
        return " Saved automatically." if self.saved_here and not self.save_error else ""

    def save(self) -> bool:
        """Save the current state; on failure say so in the widget and keep the text on screen.
        On success the status line says what is true now (``saved_line``): a note that the answer
        was restored, or that an earlier save failed, is no longer the news."""
        if self._restoring:
            return False
        value = self.state()
        history = getattr(self, "history_state", None)  # first answers kept (widgets/common.py)
        if callable(history) and isinstance(value, dict):
            value = {**value, **history()}
        try:
            self.store.put(self.key, value)
        except (CourseError, OSError, TypeError, ValueError) as exc:
            self.save_error = str(exc)
            self.say(markup("<div class='ph-error' role='alert'><strong>Not saved.</strong> {}. Your text is "
                            "still here: copy it somewhere safe and tell your teacher.</div>", str(exc).rstrip(".")))
            return False
        recovered, self.save_error, self.saved_here = bool(self.save_error), None, True
        self.say(self.saved_line() or (Html("<span>Saved again.</span>") if recovered else Html()))
        return True

    # -- helpers for subclasses --------------------------------------------------------
    def document(self, doc_id: str) -> dict:
        return self.documents[doc_id]

    # Documents the page has already shown in full (in a passage): an exercise on one of them folds
    # its excerpt under "Read the document itself" instead of printing it a second time.
    documents_shown: frozenset = frozenset()

    def excerpt(self, doc: dict) -> Html:
        return folded_html(doc) if doc.get("id") in self.documents_shown else excerpt_html(doc)

    def title(self) -> str:
        return self.spec.get("title") or self.default_title()

    def default_title(self) -> str:
        return self.kind.replace("-", " ").capitalize()

    def reveal_html(self, body: Html) -> Html:
        """``body`` (Html: a plain str would be escaped) in the region of what historians conclude."""
        return markup("<div class='ph-reveal' role='region' aria-label='What historians conclude'>{}</div>", body)

    # -- display -----------------------------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget._repr_mimebundle_() or {})
        bundle["text/html"] = STYLE + inline_styles(markup(
            "<div class='ph-card ph-static' role='group' aria-label='{}'><p><strong>{}</strong></p>{}"
            "<p><em>This is an interactive exercise: it works while the notebook runs. In JupyterLab, "
            "choose Run, then Run All Cells; on a web page, open the course from its Binder link.{}</em></p></div>",
            self.title(), inline(self.title()), self.fallback_html(),
            " What historians conclude is shown only after you answer." if hasattr(self, "historians_html") else ""))
        bundle["text/plain"] = f"{self.title()}\n{self.fallback_text()}"
        return bundle

    # -- to implement ------------------------------------------------------------------
    def build(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def state(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def restore(self, value: dict) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def fallback_html(self) -> Html:
        return paragraphs(self.fallback_text())

    def fallback_text(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError
