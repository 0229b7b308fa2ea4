"""A data task's steps in the notebook: feedback on each step, never the answer.

    check = h2.exercise("numbers")   # a DataTask
    check.show(1)                    # the instructions for step 1 (from lessons/homework/)
    check.step1(shares)              # ✓, or a hint; the result is saved for the submission
"""
from __future__ import annotations

import re

from utils.core.display import Shown
from utils.core.errors import BadValue, CourseError, ContentError
from utils.core.html import Html, inline, join, markup, plain
from utils.exercises import answers
from utils.facts.data_steps import CHECKS, HINT_AFTER, NONE_YET, NEEDS, check_data  # noqa: F401


def _with_code(text: str) -> Html:
    """Escaped text in which `backticked` parts are shown as code."""
    parts = str(text).split("`")
    return join(markup("<code>{}</code>", p) if i % 2 else inline(p) for i, p in enumerate(parts))


class DataTask:
    """The checker of one data task: ``step1(value)``, ``step2(value)``, …; progress is saved."""

    kind = "data-task"

    def __init__(self, homework_id: str, spec: dict, store=None):
        self.spec, self.key = spec, f"{homework_id}/{spec['id']}"
        for n, step in enumerate(spec["steps"], 1):
            check_data(step["check"], f"lessons/homework/{homework_id}.yaml", f"'{spec['id']}' step {n}")
        self.store = store or answers.store()

    def __getattr__(self, name):
        found = re.fullmatch(r"step([1-9][0-9]*)", name)
        if not found:
            raise AttributeError(name)
        return lambda value: self.step(int(found.group(1)), value)

    def __dir__(self):
        return [*super().__dir__(), *(f"step{n}" for n in range(1, len(self.spec["steps"]) + 1))]

    def _step(self, n: int) -> dict:
        steps = self.spec["steps"]
        if not 1 <= n <= len(steps):
            raise BadValue(f"This task has steps 1 to {len(steps)}; there is no step {n}.")
        return steps[n - 1]

    def show(self, n: int) -> Shown:
        """The instructions for step n."""
        step = self._step(n)
        return Shown(markup("<div class='ph-card'><p><strong>Step {}.</strong> {}</p></div>",
                            n, _with_code(step["text"])),
                     f"Step {n}. {plain(step['text'])}")

    def saved(self) -> dict:
        try:
            value = self.store.get(self.key)
        except CourseError:  # the answers file cannot be read: the widget says so elsewhere
            return {}
        steps = value.get("steps") if isinstance(value, dict) else None
        return dict(steps) if isinstance(steps, dict) else {}

    def step(self, n: int, value) -> Shown:
        """Check the result of step n; say ✓ or give a hint; save the outcome."""
        step = self._step(n)
        if value is None:
            return self._feedback(n, False, NONE_YET, None)
        try:
            right, message = CHECKS[step["check"]](value)
        except ContentError:  # a fault in data/ is the teacher's to fix: say so, do not blame the student
            raise
        except Exception as exc:  # a student's odd value must give advice, not a traceback
            right, message = False, f"the check could not read your result ({type(exc).__name__}); pass what the step asks for"
        steps = self.saved()
        record = steps.get(step["id"]) if isinstance(steps.get(step["id"]), dict) else {}
        attempts = record.get("attempts")  # a hand-edited file may hold anything here
        tries = (attempts if isinstance(attempts, int) and not isinstance(attempts, bool) and attempts >= 0 else 0) + 1
        steps[step["id"]] = {"passed": bool(record.get("passed")) or right, "attempts": tries}
        note = None
        try:
            self.store.put(self.key, {"steps": steps})
        except (CourseError, OSError, TypeError, ValueError) as exc:
            note = f"Not saved: {exc}. Tell your teacher."
        hint = step.get("hint") if not right and tries >= HINT_AFTER else None
        return self._feedback(n, right, message, hint, note)

    def _feedback(self, n, right, message, hint, note=None) -> Shown:
        head = f"\u2713 Step {n}: {message}" if right else f"\u2717 Step {n}, not yet: {message}."
        extra = markup("<p><strong>Hint:</strong> {}</p>", _with_code(hint)) if hint else Html()
        warn = markup("<p class='ph-note' role='alert'>{}</p>", note) if note else Html()
        return Shown(markup("<div role='status'><p><strong>{}</strong></p>{}{}</div>", head, extra, warn),
                     head + (f"\nHint: {plain(hint)}" if hint else "") + (f"\n{note}" if note else ""))

    def progress(self) -> Shown:
        """Which steps are done."""
        steps = self.saved()
        rows = [(n, "\u2713 done" if (steps.get(s["id"]) or {}).get("passed") else "not yet done")
                for n, s in enumerate(self.spec["steps"], 1)]
        html = join(markup("<tr><td>Step {}</td><td>{}</td></tr>", n, state) for n, state in rows)
        return Shown(markup("<table class='ph-numbers'><thead><tr><th scope='col'>Step</th><th scope='col'>"
                            "State</th></tr></thead><tbody>{}</tbody></table>", html),
                     "\n".join(f"Step {n}: {state}" for n, state in rows))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.progress()._repr_mimebundle_()
