"""Helpers the exercise widgets share: commit-then-reveal, answer boxes, marks in words, tables."""
from __future__ import annotations

from utils.core.html import esc, inline

MIN_WORDS = 10
MATCHES, DIFFERS = "\u2713 matches", "\u2717 differs"
RIGHT, WRONG = "\u2713", "\u2717"


def word_count(text: str) -> int:
    return len(str(text or "").split())


def words_problem(text: str, what: str = "explain your reasoning", minimum: int = MIN_WORDS) -> list[str]:
    """['write … (you have n)'] when a text is shorter than the minimum, else []."""
    n = word_count(text)
    return [] if n >= minimum else [f"{what} in at least {minimum} words (you have {n})"]


def match_mark(ok: bool) -> str:
    """'✓ matches' / '✗ differs': the comparison said in words, never by colour alone."""
    return MATCHES if ok else DIFFERS


def not_yet_html(problems: list[str]) -> str:
    return ("<div class='ph-note' role='alert'><strong>Not yet:</strong> "
            + esc("; ".join(problems)) + ".</div>")


def table_html(headers: list[str], rows: list[list], caption: str | None = None) -> str:
    """An accessible table; every header and cell is escaped text."""
    cap = f"<caption>{inline(caption)}</caption>" if caption else ""
    head = "".join(f"<th scope='col'>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table class='ph-numbers'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def num(value) -> float | None:
    """A float, or None for blanks, NaN and text that is not a number."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if out != out else out


def fmt(value) -> str:
    """A number for people: 5.5, 7, or '–' when missing."""
    v = num(value)
    if v is None:
        return "\u2013"
    return f"{int(v):,}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


# -- widgets -------------------------------------------------------------------------------
def answer_box(description: str, placeholder: str, tooltip: str, height: str = "6em"):
    import ipywidgets as w

    return w.Textarea(value="", description=description, placeholder=placeholder, tooltip=tooltip,
                      layout=w.Layout(width="95%", height=height),
                      style={"description_width": "initial"})


def commit_button(tooltip: str = "Save your answer and see what historians conclude"):
    import ipywidgets as w

    return w.Button(description="Commit my answer", tooltip=tooltip,
                    layout=w.Layout(width="auto"))


def frame(children: list):
    import ipywidgets as w

    return w.VBox(children, layout=w.Layout(border="1px solid #767676", padding="0.5em"))


class CommitModel:
    """Mixin for a model with ``problems()`` and a ``committed`` flag."""

    committed: bool = False

    def problems(self) -> list[str]:  # pragma: no cover - abstract
        raise NotImplementedError

    def commit(self) -> list[str]:
        """Commit if complete; return the problems otherwise (and stay uncommitted)."""
        problems = self.problems()
        if not problems:
            self.committed = True
        return problems


class CommitReveal:
    """Mixin for an Exercise view whose historians' view appears only after a commit.

    The view defines ``model`` (a CommitModel), ``_read_widgets()``, ``historians_html()``,
    and the widgets ``commit_button``, ``feedback`` and ``reveal`` (see ``commit_widgets``).
    """

    def commit_widgets(self, tooltip: str | None = None) -> list:
        import ipywidgets as w

        self.commit_button = commit_button(tooltip) if tooltip else commit_button()
        self.feedback = w.HTML(value="")
        self.reveal = w.HTML(value="")
        self.commit_button.on_click(self._on_commit)
        return [self.commit_button, self.feedback, self.reveal]

    # A button click reaches the kernel at once, while the browser may still hold back the last
    # keystrokes of a text box. If Commit was pressed a moment ago and the change that arrives
    # now completes the answer, it was meant to be committed: commit it.
    LATE_TYPING_SECONDS = 2.0
    _failed_commit_at: float = float("-inf")

    def _on_change(self, _change=None) -> None:
        if self._restoring:
            return
        self._read_widgets()
        import time

        if (not self.model.committed and not self.model.problems()
                and time.monotonic() - self._failed_commit_at < self.LATE_TYPING_SECONDS):
            self._failed_commit_at = float("-inf")
            self._on_commit()
            return
        if self.model.committed and self.model.problems():
            self.model.committed = False
            self.reveal.value = ""
            self.commit_button.description = "Commit my answer"
            self.feedback.value = "<span>Your answer changed and is no longer complete: commit again.</span>"
        elif self.model.committed:
            self.show_reveal()
        self.save()

    # -- first answers kept -----------------------------------------------------------------
    # Saved beside the answer (the form the class summary reads, utils/class_charts.revision):
    # "first" is the first committed answer with its time and never changes; each later commit that
    # changes the answer is kept in "revisions" (each after the reveal); "final" is the answer now;
    # "changed_after_reveal" says whether it differs from what was committed before the reveal.
    MAX_REVISIONS = 50
    _first: dict | None = None
    _revisions: list | None = None

    def _answer_now(self) -> dict:
        value = dict(self.model.to_dict())
        value.pop("committed", None)
        return value

    @staticmethod
    def _answer_of(version: dict) -> dict:
        return {k: v for k, v in version.items() if k not in ("at", "after_reveal")}

    def record_commit(self, at: str | None = None) -> None:
        """Called after each successful commit."""
        from datetime import datetime, timezone

        at = at or datetime.now(timezone.utc).isoformat(timespec="seconds")
        answer = self._answer_now()
        if self._first is None:
            self._first, self._revisions = {**answer, "at": at}, []
            return
        revisions = self._revisions if self._revisions is not None else []
        last = revisions[-1] if revisions else self._first
        if answer != self._answer_of(last):
            revisions.append({**answer, "at": at, "after_reveal": True})
            self._revisions = revisions[-self.MAX_REVISIONS:]

    def history_state(self) -> dict:
        """What is saved beside the answer (nothing before the first commit)."""
        if self._first is None:
            return {}
        now = self._answer_now()
        return {"first": self._first, "revisions": list(self._revisions or []), "final": now,
                "changed_after_reveal": now != self._answer_of(self._first)}

    def load_history(self, value) -> None:
        """Restore the history saved with an answer; anything of the wrong shape is ignored."""
        first = value.get("first") if isinstance(value, dict) else None
        if isinstance(first, dict) and isinstance(first.get("at"), str):
            self._first = first
            revisions = value.get("revisions")
            self._revisions = ([r for r in revisions if isinstance(r, dict) and isinstance(r.get("at"), str)]
                               [-self.MAX_REVISIONS:] if isinstance(revisions, list) else [])
        elif isinstance(value, dict) and value.get("committed") and self.model.committed:
            # saved before first answers were kept: the answer on file is the best first answer known
            self._first, self._revisions = {**self._answer_now(), "at": ""}, []

    def _on_commit(self, _button=None) -> None:
        self._read_widgets()
        problems = self.model.commit()
        if problems:
            import time

            # Only a text still too short can be the browser's held-back typing.
            only_text = all(p.endswith(")") and " words (you have " in p for p in problems)
            self._failed_commit_at = time.monotonic() if only_text else float("-inf")
            self.feedback.value = not_yet_html(problems)
            self.save()
            return
        self.record_commit()
        self.feedback.value = "<span>Committed and saved. You can still revise your answer.</span>"
        self.show_reveal()
        self.save()

    # A page may hold the historians' view back (homework: until the student hands in).
    reveal_held = None  # a callable that says whether to hold it, set by the page

    HELD = ("<div class='ph-note' role='status'>Your answer is committed and saved. What historians "
            "conclude is shown after you hand in this homework, so that your own answer counts.</div>")

    def show_reveal(self) -> None:
        """After a commit (or restoring a committed answer): the historians' view, unless held."""
        self.commit_button.description = "Commit again"
        held = self.reveal_held() if callable(self.reveal_held) else False
        self.reveal.value = self.HELD if held else self.historians_html()


def starters_html(starters: list[str], what: str = "") -> str:
    """The sentence starters of a prompt, as a list (shown when the student asks for them)."""
    items = "".join(f"<li>{inline(s)}</li>" for s in starters)
    head = f"Sentence starters ({esc(what)})" if what else "Sentence starters"
    return f"<div class='ph-starters'><p><strong>{head}:</strong></p><ul>{items}</ul></div>"


def starters_widgets(starters: list[str] | None) -> list:
    """A 'Show sentence starters' button and the list it shows (nothing if there are none).

    Starters help a student begin without giving the answer away; they are hidden until asked for,
    so a strong writer is not steered."""
    if not starters:
        return []
    import ipywidgets as w

    button = w.Button(description="Show sentence starters", layout=w.Layout(width="auto"),
                      tooltip="Show ways to begin your answer")
    shown = w.HTML(value="")

    def toggle(_button=None):
        if shown.value:
            shown.value, button.description = "", "Show sentence starters"
        else:
            shown.value, button.description = starters_html(starters), "Hide sentence starters"

    button.on_click(toggle)
    button._ph_toggle = toggle  # tests press it without a browser
    return [button, shown]
