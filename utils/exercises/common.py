"""Helpers the exercise widgets share: commit-then-reveal, answer boxes, marks in words, tables."""
from __future__ import annotations

from utils.core.html import Html, inline, join, markup, table

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


def not_yet_html(problems: list[str]) -> Html:
    return markup("<div class='ph-note' role='alert'><strong>Not yet:</strong> {}.</div>", "; ".join(problems))


def table_html(headers: list[str], rows: list[list], caption: str | None = None) -> Html:
    """An accessible table; every header and cell is escaped text (utils.core.html.table)."""
    return table(headers, rows, caption)


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

    Whether the answer is saved, committed or not, complete or not, is said on one line, the
    exercise's status line (``feedback`` is that line), so that two lines never contradict each
    other: after a restore and an edit the line says what is true of the answer now.
    """

    COMMITTED = Html("<span>Committed and saved. You can still revise your answer.</span>")

    def commit_widgets(self, tooltip: str | None = None) -> list:
        import ipywidgets as w

        self.commit_button = commit_button(tooltip) if tooltip else commit_button()
        self.reveal = w.HTML(value="")
        self.commit_button.on_click(self._on_commit)
        return [self.commit_button, self.status, self.reveal]

    @property
    def feedback(self):
        """What a commit says, and what is true of the answer after each change: the status line."""
        return self.status

    def saved_line(self) -> Html:
        """The status line after the answer is saved: committed or not, and what is still to do."""
        if self.model.committed:
            return Html("<span>Committed. Your changes are saved; press Commit again to record this version.</span>")
        problems = self.model.problems()
        if not problems:
            return Html("<span>Saved, not committed yet: press Commit my answer when it is ready.</span>")
        todo = "; ".join(problems)
        if self._first is not None:  # committed before, and no longer complete
            return markup("<span>Saved. Your answer changed and is no longer complete, so it is not committed. "
                          "Still to do: {}; then commit again.</span>", todo)
        return markup("<span>Saved, not committed yet. Still to do: {}.</span>", todo)

    def after_restore(self, _value=None) -> None:
        """After a restore (also into widgets already on screen, from Restore my answers): the
        historians' view and the button as the restored answer is, committed or not."""
        if self.model.committed:
            self.show_reveal()
        else:
            self.reveal.value = ""
            self.commit_button.description = "Commit my answer"

    def restored_line(self) -> str:
        restored = super().restored_line()
        if self.model.committed:
            return f"{restored} It is committed; you can still revise it."
        return f"{restored} It is not committed yet."

    # A button click reaches the kernel at once, while the browser may still hold back the last
    # keystrokes of a text box. If Commit was pressed a moment ago and the change that arrives
    # now completes the answer, it was meant to be committed: commit it.
    LATE_TYPING_SECONDS = 2.0
    _failed_commit_at: float = float("-inf")
    _committed_at: float = float("-inf")

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
        if (self.model.committed and not self.model.problems() and self._only_typed_on()
                and time.monotonic() - self._committed_at < self.LATE_TYPING_SECONDS):
            # the last keystrokes typed before Commit was pressed: they belong to that commit
            self._amend_last_commit()
            if self.save():
                self.say(self.COMMITTED)
            return
        if self.model.committed and self.model.problems():
            self.model.committed = False
            self.reveal.value = ""
            self.commit_button.description = "Commit my answer"
        elif self.model.committed:
            self.show_reveal()
        self.save()  # and the status line says what is true now (saved_line)

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

    def _only_typed_on(self) -> bool:
        """Whether the answer now differs from the latest commit only by text added at the end of
        its text boxes: what keystrokes held back by the browser look like (nothing else is)."""
        if self._first is None:
            return False
        last = self._answer_of(self._revisions[-1] if self._revisions else self._first)
        now = self._answer_now()
        if now == last or set(now) != set(last):
            return False
        return all(now[k] == last[k] or (isinstance(now[k], str) and isinstance(last[k], str)
                                         and now[k].startswith(last[k])) for k in now)

    def _amend_last_commit(self) -> None:
        """The answer now replaces the one the latest commit recorded (keeping its time): for
        keystrokes the browser sent only after the Commit press they came before."""
        if self._first is None:
            return
        answer = self._answer_now()
        if self._revisions:
            self._revisions[-1] = {**self._revisions[-1], **answer}
        else:
            self._first = {**self._first, **answer}

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
            if self.save():  # not saved: the status line says so instead
                self.say(not_yet_html(problems))
            return
        self.record_commit()
        import time

        self._committed_at = time.monotonic()
        self.show_reveal()
        if self.save():
            self.say(self.COMMITTED)

    # A page may hold the historians' view back (homework: until the student hands in).
    reveal_held = None  # a callable that says whether to hold it, set by the page

    # Where the historians' view will be: not a second status line (the status line says whether
    # the answer is committed), only why the view is not there yet.
    HELD = Html("<div class='ph-note'>What historians conclude is shown here after you hand in this homework, "
                "so that your own answer counts.</div>")

    def show_reveal(self) -> None:
        """After a commit (or restoring a committed answer): the historians' view, unless held."""
        self.commit_button.description = "Commit again"
        held = self.reveal_held() if callable(self.reveal_held) else False
        self.reveal.value = self.HELD if held else self.historians_html()


def starters_html(starters: list[str], what: str = "") -> Html:
    """The sentence starters of a prompt, as a list (shown when the student asks for them)."""
    items = join(markup("<li>{}</li>", inline(s)) for s in starters)
    head = markup("Sentence starters ({})", what) if what else "Sentence starters"
    return markup("<div class='ph-starters'><p><strong>{}:</strong></p><ul>{}</ul></div>", head, items)


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
