"""Quick check: short questions with immediate feedback that explains, and room to try again."""
from __future__ import annotations

from dataclasses import dataclass, field

from utils.core.html import esc, inline, paragraphs, plain
from utils.exercises.base import LETTERS, Exercise, label_style
from utils.exercises.common import RIGHT, WRONG, fmt, frame, num

EXPLAIN_AFTER_WRONG = 2  # wrong attempts before the explanation is shown anyway


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
        return num(response) is not None

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


class QuickCheck(Exercise):
    """A few questions to check understanding; feedback at once, as many tries as you like."""

    kind = "quick-check"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = QuickCheckModel(self.spec["questions"])

    def default_title(self) -> str:
        return "Quick check"

    def question_html(self, n: int, q: dict) -> str:
        how = {"single": "Choose one answer.", "multiple": "Tick all that apply.",
               "number": "Type a number" + (f" (in {q['unit']})." if q.get("unit") else ".")}[q["type"]]
        return f"<p><strong>Question {n}.</strong> {inline(q['text'])} <em>{esc(how)}</em></p>"

    def feedback_html(self, q: dict) -> str:
        fb = self.model.feedback(q["id"])
        if fb is None:
            return ""
        mark = RIGHT if fb["correct"] else WRONG
        again = "" if fb["correct"] else " Try again."
        explain = (f"<div><strong>Why:</strong> {paragraphs(q['explain'])}</div>" if fb["explain"] else "")
        return (f"<div role='status'><p><strong>{mark} {esc(fb['hint'])}</strong>{esc(again)} "
                f"<small>(attempt {fb['tries']})</small></p>{explain}</div>")

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
                control = w.FloatText(value=0.0, description=f"Question {n}, your answer"
                                      + (f" ({q['unit']})" if q.get("unit") else "") + ":",
                                      style=label_style(), tooltip="Type a number, then press Check")
                control.observe(self._on_change, names="value")
            button = w.Button(description=f"Check question {n}", layout=w.Layout(width="auto"),
                              tooltip="Check your answer; you can change it and check again")
            button.on_click(lambda _b, qid=q["id"]: self.check(qid))
            self.inputs[q["id"]], self.feedbacks[q["id"]] = control, w.HTML(value="")
            blocks.append(w.VBox([w.HTML(self.question_html(n, q)), control, button, self.feedbacks[q["id"]]]))
        return frame([w.HTML(f"<h3>{inline(self.title())}</h3>"), *blocks, self.status])

    def response(self, q: dict):
        control = self.inputs[q["id"]]
        if q["type"] == "multiple":  # original option indices, whatever order they are shown in
            return sorted(self.order[q["id"]][k] for k, box in enumerate(control.children) if box.value)
        return control.value

    def check(self, qid: str) -> None:
        q = self.model.question(qid)
        if self.model.check(qid, self.response(q)) is None:
            self.feedbacks[qid].value = ("<div class='ph-note' role='alert'>"
                                         f"{esc('Choose an answer first, then press Check.')}</div>")
            return
        self.feedbacks[qid].value = self.feedback_html(q)
        self.save()

    def _on_change(self, _change=None) -> None:
        if self._restoring:
            return
        for q in self.spec["questions"]:
            value = self.response(q)
            if self.model.valid(q, value):
                self.model.responses[q["id"]] = value
        self.save()

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
            elif saved is not None:
                control.value = saved
            self.feedbacks[q["id"]].value = self.feedback_html(q)

    # -- without a kernel ----------------------------------------------------------------------
    def fallback_html(self) -> str:
        parts = []
        for n, q in enumerate(self.spec["questions"], 1):
            opts = "".join(f"<li>{inline(o['text'])}</li>" for o in q.get("options") or [])
            parts.append(self.question_html(n, q) + (f"<ol type='A'>{opts}</ol>" if opts else ""))
        return "".join(parts)

    def fallback_text(self) -> str:
        lines = []
        for n, q in enumerate(self.spec["questions"], 1):
            lines.append(f"Question {n}. {plain(q['text'])}")
            lines += [f"  {LETTERS[i]}. {plain(o['text'])}" for i, o in enumerate(q.get("options") or [])]
        lines.append("Run the notebook to check your answers.")
        return "\n".join(lines)
