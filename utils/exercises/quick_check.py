"""Quick check: short questions with immediate feedback that explains, and room to try again."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from utils.core.html import Html, inline, join, markup, paragraphs, plain
from utils.exercises.base import LETTERS, Exercise, label_style
from utils.exercises.common import RIGHT, WRONG, fmt, frame, num

EXPLAIN_AFTER_WRONG = 2  # wrong attempts before the explanation is shown anyway

# What a number box accepts: 176, -3, 5.5, .5, 681,692 or 681 692 (a comma or space between
# thousands), a sign written as − (U+2212), and a % after it. Anything else is not read as a number.
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?")
_NEVER_IN_A_NUMBER = re.compile(r"[^0-9.,+\-\u2212%\s\u00a0\u202f]")


class NotANumber(ValueError):
    """What was typed in a number box is not a number (the message says what to type)."""


def read_number(text) -> int | float | None:
    """The number typed in a box (a whole number as an int: '42' is 42, '5.5' is 5.5), or None if
    the box is blank; NotANumber for anything else."""
    typed = str(text if text is not None else "").strip()
    if not typed:
        return None
    plain_text = typed.replace("\u2212", "-").removesuffix("%").strip()
    if _THOUSANDS.fullmatch(plain_text):
        plain_text = re.sub(r"[,\u00a0\u202f ]", "", plain_text)
    if not _PLAIN.fullmatch(plain_text):
        raise NotANumber(f"\u201c{typed[:40]}\u201d is not a number")
    return float(plain_text) if "." in plain_text else int(plain_text)


def number_text(value) -> str:
    """A saved number as it is shown in its box: 176, 5.5 (never 176.0, never 1e+06)."""
    v = num(value)
    if v is None:
        return "" if value is None else str(value)
    return str(int(v)) if v.is_integer() else repr(v)


def clearly_not_a_number(text) -> bool:
    """True once the text holds something no number has (a letter, a word): worth saying while the
    student is still typing. A half-typed number ('-', '1,2') is not."""
    return bool(_NEVER_IN_A_NUMBER.search(str(text or "")))


@dataclass
class QuickCheckModel:
    """Marking and attempts, with no widgets.

    A response is an option index (single), a sorted list of indices (multiple) or a number.
    """

    questions: list[dict]
    responses: dict[str, object] = field(default_factory=dict)
    attempts: dict[str, list[dict]] = field(default_factory=dict)

    def question(self, qid: str) -> dict:
        return next(q for q in self.questions if q["id"] == qid)

    @staticmethod
    def valid(q: dict, response) -> bool:
        if q["type"] == "single":
            return isinstance(response, int) and 0 <= response < len(q["options"])
        if q["type"] == "multiple":
            return isinstance(response, list) and all(isinstance(i, int) and 0 <= i < len(q["options"])
                                                      for i in response)
        value = num(response)
        return value is not None and math.isfinite(value)

    @staticmethod
    def is_correct(q: dict, response) -> bool:
        if q["type"] == "single":
            return bool(q["options"][response]["correct"])
        if q["type"] == "multiple":
            return set(response) == {i for i, o in enumerate(q["options"]) if o["correct"]}
        return abs(num(response) - q["answer"]) <= q.get("tolerance", 0) + 1e-9

    def check(self, qid: str, response) -> dict | None:
        """Record one attempt and return its feedback; None if there is nothing to check yet."""
        q = self.question(qid)
        if q["type"] == "multiple" and isinstance(response, (list, set, tuple)):
            response = sorted(response)
        if not self.valid(q, response) or (q["type"] == "multiple" and not response):
            return None
        self.responses[qid] = response
        self.attempts.setdefault(qid, []).append({"response": response, "correct": self.is_correct(q, response)})
        return self.feedback(qid)

    def feedback(self, qid: str) -> dict | None:
        """The feedback on the last attempt: correct?, a hint in words, whether to explain."""
        tries = self.attempts.get(qid) or []
        if not tries:
            return None
        q, last = self.question(qid), tries[-1]
        wrong = sum(not t["correct"] for t in tries)
        return {"correct": last["correct"], "tries": len(tries), "hint": self.hint(q, last["response"]),
                "explain": last["correct"] or wrong >= EXPLAIN_AFTER_WRONG}

    @staticmethod
    def hint(q: dict, response) -> str:
        if QuickCheckModel.is_correct(q, response):
            return "Correct."
        if q["type"] == "multiple":  # never how many are right: that would answer the question
            return "Not quite: at least one option is ticked that should not be, or one is missing."
        if q["type"] == "number":
            return f"Not quite: {fmt(response)} is too {'high' if num(response) > q['answer'] else 'low'}."
        return "Not quite: that is not the best answer."

    def type_number(self, qid: str, text) -> None:
        """What is typed in the box of number question qid: a number becomes its response, a blank
        box clears it (a box nobody typed in is not an answer of 0). NotANumber for anything else,
        and the response stays as it was."""
        value = read_number(text)
        if value is None:
            self.responses.pop(qid, None)
        else:
            self.responses[qid] = value

    def problems(self) -> list[str]:
        """The questions not yet answered: checked at least once (a blank box is not an answer).
        The same rule as the hand-in (utils/handin/answer_items.py)."""
        return [f"answer question {n}" for n, q in enumerate(self.questions, 1) if not self.attempts.get(q["id"])]

    def solved(self) -> int:
        return sum(any(t["correct"] for t in self.attempts.get(q["id"], [])) for q in self.questions)

    def to_dict(self) -> dict:
        return {"responses": dict(self.responses), "attempts": {k: list(v) for k, v in self.attempts.items()},
                "solved": self.solved()}

    def load(self, value: dict) -> None:
        ids = {q["id"]: q for q in self.questions}
        responses = value.get("responses") if isinstance(value.get("responses"), dict) else {}
        self.responses = {k: v for k, v in responses.items() if k in ids and self.valid(ids[k], v)}
        attempts = value.get("attempts") if isinstance(value.get("attempts"), dict) else {}
        self.attempts = {k: [{"response": t["response"], "correct": self.is_correct(ids[k], t["response"])}
                             for t in v if isinstance(t, dict) and self.valid(ids[k], t.get("response"))]
                         for k, v in attempts.items() if k in ids and isinstance(v, list)}
        for k in [k for k, v in self.responses.items() if self.untouched(ids[k], v) and not self.attempts.get(k)]:
            del self.responses[k]

    @staticmethod
    def untouched(q: dict, response) -> bool:
        """A number box nobody typed in, as an older version saved it: 0.0, never checked. (Its box
        started at 0 and saved 0.0 with every other answer; a 0 typed now is saved as the whole number 0.)"""
        return q["type"] == "number" and type(response) is float and response == 0


SEED_KEY = "course/option-order"  # saved once per student: options keep their order after a restart


def option_order(seed: str, key: str, qid: str, n: int) -> list[int]:
    """The order (original indices) in which one student sees a question's n options."""
    import hashlib

    return sorted(range(n), key=lambda i: hashlib.sha256(f"{seed}|{key}|{qid}|{i}".encode()).hexdigest())


def student_seed(store) -> str:
    """The seed of this student's option order: fixed the first time it is needed (from the name the
    student typed, if any, else at random) and saved, so a restart never reshuffles."""
    import secrets

    try:
        saved = store.all()
    except Exception:  # the answers file cannot be read: the widget says so; any order will do
        return "unsaved"
    entry = saved.get(SEED_KEY)
    value = entry.get("value") if isinstance(entry, dict) else None
    if isinstance(value, dict) and isinstance(value.get("seed"), str) and value["seed"]:
        return value["seed"]
    names = sorted((e.get("saved_at") or "", (e.get("value") or {}).get("text") or "")
                   for k, e in saved.items() if k.endswith("/student-name") and isinstance(e, dict)
                   and isinstance(e.get("value"), dict) and isinstance(e["value"].get("text"), str))
    seed = names[-1][1].strip().casefold() if names and names[-1][1].strip() else secrets.token_hex(8)
    try:
        store.put(SEED_KEY, {"seed": seed})
    except Exception:
        pass  # not saved: the order may change after a restart, nothing else is lost
    return seed


class NumberBox:
    """The box of a number question: it starts empty (a box nobody typed in is not an answer of 0)
    and takes the text as typed; the model reads it as a number (read_number).

    The label is the box's own description (its accessible name), on its own line above the box,
    which is at least 12em wide however long the label is. ``value`` is what the box holds as a
    number: None when it is empty, the text itself when that is not a number."""

    MIN_WIDTH = "12em"

    def __init__(self, label: str):
        import ipywidgets as w

        self.label = label
        self.box = w.Text(value="", placeholder="a number", description=label + ":", style=label_style(),
                          tooltip="Type a number, then press Check",
                          layout=w.Layout(flex_flow="column", align_items="stretch", width="fit-content",
                                          min_width=self.MIN_WIDTH, max_width="100%", height="auto"))
        self.box.add_class("ph-number-box")

    @property
    def value(self):
        try:
            return read_number(self.box.value)
        except NotANumber:
            return self.box.value

    @value.setter
    def value(self, value) -> None:
        self.box.value = number_text(value)


class QuickCheck(Exercise):
    """A few questions to check understanding; feedback at once, as many tries as you like."""

    kind = "quick-check"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = QuickCheckModel(self.spec["questions"])

    def default_title(self) -> str:
        return "Quick check"

    def question_html(self, n: int, q: dict) -> Html:
        how = {"single": "Choose one answer.", "multiple": "Tick all that apply.",
               "number": "Type a number" + (f" (in {q['unit']})." if q.get("unit") else ".")}[q["type"]]
        return markup("<p><strong>Question {}.</strong> {} <em>{}</em></p>", n, inline(q["text"]), how)

    def feedback_html(self, q: dict) -> Html:
        fb = self.model.feedback(q["id"])
        if fb is None:
            return Html()
        mark = RIGHT if fb["correct"] else WRONG
        again = "" if fb["correct"] else " Try again."
        explain = markup("<div><strong>Why:</strong> {}</div>", paragraphs(q["explain"])) if fb["explain"] else Html()
        return markup("<div role='status'><p><strong>{} {}</strong>{} <small>(attempt {})</small></p>{}</div>",
                      mark, fb["hint"], again, fb["tries"], explain)

    # -- widgets ---------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        self.inputs, self.feedbacks, self.order, blocks = {}, {}, {}, []
        seed = student_seed(self.store)
        for n, q in enumerate(self.spec["questions"], 1):
            order = option_order(seed, self.key, q["id"], len(q.get("options") or []))
            self.order[q["id"]] = order
            if q["type"] == "single":
                control = w.RadioButtons(options=[(plain(q["options"][i]["text"]), i) for i in order],
                                         value=None, description=f"Question {n}:", style=label_style(),
                                         tooltip="Choose one answer", layout=w.Layout(width="auto"))
                control.observe(self._on_change, names="value")
            elif q["type"] == "multiple":
                boxes = [w.Checkbox(value=False, description=f"{LETTERS[k]}. {plain(q['options'][i]['text'])}",
                                    indent=False, tooltip=f"Question {n}, option {LETTERS[k]}",
                                    layout=w.Layout(width="auto"))
                         for k, i in enumerate(order)]
                for box in boxes:
                    box.observe(self._on_change, names="value")
                control = w.VBox(boxes)
            else:
                control = NumberBox(f"Question {n}, your answer" + (f" ({q['unit']})" if q.get("unit") else ""))
                control.box.observe(self._on_change, names="value")
            button = w.Button(description=f"Check question {n}", layout=w.Layout(width="auto"),
                              tooltip="Check your answer; you can change it and check again")
            button.on_click(lambda _b, qid=q["id"]: self.check(qid))
            self.inputs[q["id"]], self.feedbacks[q["id"]] = control, w.HTML(value="")
            shown = control.box if isinstance(control, NumberBox) else control
            blocks.append(w.VBox([w.HTML(self.question_html(n, q)), shown, button, self.feedbacks[q["id"]]]))
        return frame([w.HTML(markup("<h3>{}</h3>", inline(self.title()))), *blocks, self.status])

    def reorder(self) -> None:
        """Show the options in this student's order again, from the seed the store holds now (a page
        built before its student came, app mode's pre-heated kernels, was ordered without it). Any
        choice shown is cleared; the saved answer is restored after (Lesson.show_saved_answers)."""
        seed = student_seed(self.store)
        self._restoring = True  # nothing is saved while the options move
        try:
            for q in self.spec["questions"]:
                if q["type"] not in ("single", "multiple"):
                    continue
                order = option_order(seed, self.key, q["id"], len(q.get("options") or []))
                if order == self.order[q["id"]]:
                    continue
                self.order[q["id"]], control = order, self.inputs[q["id"]]
                if q["type"] == "single":
                    control.value = None
                    control.options = [(plain(q["options"][i]["text"]), i) for i in order]
                    control.value = None
                else:
                    for k, (box, i) in enumerate(zip(control.children, order)):
                        box.value = False
                        box.description = f"{LETTERS[k]}. {plain(q['options'][i]['text'])}"
        finally:
            self._restoring = False

    def response(self, q: dict):
        control = self.inputs[q["id"]]
        if q["type"] == "multiple":  # original option indices, whatever order they are shown in
            return sorted(self.order[q["id"]][k] for k, box in enumerate(control.children) if box.value)
        return control.value

    def number_problem(self, q: dict) -> str | None:
        """Why the text in number question q's box cannot be checked (None if it can), naming the box."""
        control = self.inputs[q["id"]]
        try:
            value = read_number(control.box.value)
        except NotANumber as exc:
            return (f"{control.label}: {exc}. Type digits only, such as 250 or 7.5 (no words or units). "
                    "What you typed stays in the box, but it is not saved until it is a number.")
        return None if value is not None else f"{control.label}: the box is empty. Type a number, then press Check."

    def check(self, qid: str) -> None:
        q = self.model.question(qid)
        problem = self.number_problem(q) if q["type"] == "number" else None
        if problem or self.model.check(qid, self.response(q)) is None:
            problem = problem or "Choose an answer first, then press Check."
            self.feedbacks[qid].value = markup("<div class='ph-note' role='alert'>{}</div>", problem)
            return
        self.feedbacks[qid].value = self.feedback_html(q)
        self.save()

    def _on_change(self, _change=None) -> None:
        if self._restoring:
            return
        for q in self.spec["questions"]:
            if q["type"] == "number":
                self._read_number(q)
                continue
            value = self.response(q)
            if self.model.valid(q, value):
                self.model.responses[q["id"]] = value
        self.save()

    def _read_number(self, q: dict) -> None:
        """Take what is typed in a number box into the model; say at once if it cannot be a number."""
        text, shown = self.inputs[q["id"]].box.value, self.feedbacks[q["id"]]
        try:
            self.model.type_number(q["id"], text)
        except NotANumber:
            if clearly_not_a_number(text):  # not for a half-typed number such as '-' or '1,2'
                shown.value = markup("<div class='ph-note' role='status'>{}</div>", self.number_problem(q))
            return
        if "ph-note" in shown.value:  # the message about the box is no longer true
            shown.value = self.feedback_html(q)

    # -- saving -------------------------------------------------------------------------------
    def state(self) -> dict:
        return self.model.to_dict()

    def restore(self, value: dict) -> None:
        self.model.load(value if isinstance(value, dict) else {})
        for q in self.spec["questions"]:
            saved, control = self.model.responses.get(q["id"]), self.inputs[q["id"]]
            if q["type"] == "multiple":
                for k, box in enumerate(control.children):
                    box.value = self.order[q["id"]][k] in (saved or [])
            elif q["type"] == "number":
                control.value = saved  # None: an empty box, never 0
            elif saved is not None:
                control.value = saved
            self.feedbacks[q["id"]].value = self.feedback_html(q)

    # -- without a kernel ----------------------------------------------------------------------
    def fallback_html(self) -> Html:
        parts = []
        for n, q in enumerate(self.spec["questions"], 1):
            opts = join(markup("<li>{}</li>", inline(o["text"])) for o in q.get("options") or [])
            parts.append(self.question_html(n, q) + (markup("<ol type='A'>{}</ol>", opts) if opts else Html()))
        return join(parts)

    def fallback_text(self) -> str:
        lines = []
        for n, q in enumerate(self.spec["questions"], 1):
            lines.append(f"Question {n}. {plain(q['text'])}")
            lines += [f"  {LETTERS[i]}. {plain(o['text'])}" for i, o in enumerate(q.get("options") or [])]
        lines.append("Run the notebook to check your answers.")
        return "\n".join(lines)
