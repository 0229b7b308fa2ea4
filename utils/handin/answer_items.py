"""One saved answer as it is handed in: its label, its question, what a reader sees, what is missing.

``describe`` reads a value from the answers store through the exercise's own model (the same
rules the widget uses to decide whether an answer is committed), so a submission and the
notebook never disagree about what is finished. The result is plain text: the submission page
escapes it, and the teacher's notebook shows it side by side.
"""
from __future__ import annotations

import json
import re

from utils.core.html import plain
from utils.exercises import registry
from utils.exercises.base import LETTERS
from utils.exercises.base import shape_problem
from utils.exercises.common import word_count
from utils.exercises.reliability import SCALE

NOT_STARTED = "is not started"
NOT_COMMITTED = "is not committed"


def fresh_view(hw, spec: dict):
    """A new view of one exercise, with no widgets: only its model is used."""
    cls = registry.view_class(spec["kind"])
    return cls(hw.id, spec, hw.documents, store=hw.store)


def _words(text: str) -> str:
    n = word_count(text)
    return f"{n} word{'s' if n != 1 else ''}"


# how a prompt's text gives its length: "(about 150 to 250 words)", "150–250 words", "at least 150 words"
_WORD_RANGE = re.compile(r"\b(\d+)\s*(?:to|-|\u2013|\u2014)\s*(\d+)\s+words\b", re.I)
_WORD_MINIMUM = re.compile(r"\b(?:at least|no fewer than|a minimum of)\s+(\d+)\s+words\b", re.I)


def asked_length(text: str) -> tuple[int, int | None] | None:
    """(fewest, most or None) words a task's text asks for, or None where it asks for no number.

    "about 150 to 250 words" gives (150, 250); "at least 150 words" gives (150, None). "About 600
    words" alone names no fewest, so it gives None: a shorter answer is not called unfinished.
    """
    text = plain(text)
    found = _WORD_RANGE.search(text)
    if found:
        low, high = sorted(int(n) for n in found.groups())
        return low, high
    found = _WORD_MINIMUM.search(text)
    return (int(found.group(1)), None) if found else None


def length_problem(text: str, low: int, high: int | None = None) -> str | None:
    """'has 18 words; the task asks for 150–250 words' when a text is shorter than the task asks, else None."""
    n = word_count(text)
    if n >= low:
        return None
    asked = f"{low}\u2013{high}" if high else f"at least {low}"
    return f"has {_words(text)}; the task asks for {asked} words"


def describe(hw, kind: str, spec: dict, value) -> dict:
    """{'label', 'question', 'shown': [[label, text], …], 'unfinished': str | None} for one item.

    A saved value of the wrong shape (an answers file edited by hand, or damaged) never stops the
    hand-in: the item is listed as unfinished, with what was wrong, and the value as it was saved.
    """

    problem = shape_problem(kind, value)
    if problem is None:
        try:
            return _describe(hw, kind, spec, value)
        except Exception as exc:  # a value the shape check did not foresee: never a traceback
            problem = f"it could not be read ({type(exc).__name__})"
    return _unreadable(hw, kind, spec, value, problem)


def _label(hw, kind: str, spec: dict) -> str:
    if kind == "prompt":
        return hw.prompt_label(spec["id"])
    if kind == "data-task":
        return f"Data task '{plain(spec.get('title') or 'Data task')}'"
    try:
        title = fresh_view(hw, spec).title()
    except Exception:  # the label must not fail where the answer already has
        title = spec.get("title") or spec.get("id", "")
    return f"{registry.label(kind)} '{plain(title)}'"


def _unreadable(hw, kind: str, spec: dict, value, problem: str) -> dict:
    try:
        text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)[:2000]
    return {"label": _label(hw, kind, spec), "question": "", "shown": [["Answer as saved", text]],
            "unfinished": (f"has a saved answer that this exercise cannot read ({problem}): open the "
                           "notebook and answer it again")}


def _describe(hw, kind: str, spec: dict, value) -> dict:
    if kind == "prompt":
        text = str(value.get("text", "")) if isinstance(value, dict) else ""
        asked = asked_length(spec["text"])
        unfinished = "is blank" if not text.strip() else length_problem(text, *asked) if asked else None
        return {"label": hw.prompt_label(spec["id"]), "question": plain(spec["text"]),
                "shown": [["Answer", text]], "unfinished": unfinished}
    if kind == "data-task":
        return _data_task(spec, value)
    view = fresh_view(hw, spec)
    label = f"{registry.label(kind)} '{plain(view.title())}'"
    handler = _HANDLERS.get(kind, _generic)
    question, shown, unfinished = handler(view, value if isinstance(value, dict) else {})
    if value is None and unfinished:
        unfinished = NOT_STARTED
    return {"label": label, "question": question, "shown": shown, "unfinished": unfinished}


def _committed(view) -> str | None:
    return None if view.model.committed else NOT_COMMITTED


def _claim_check(view, value):
    m, spec = view.model, view.spec
    m.load(value)
    ticked = [f"{LETTERS[n]}. {plain(ev['text'])}" for n, ev in enumerate(spec["evidence"]) if ev["id"] in m.evidence]
    shown = [["Verdict", m.verdict or ""], ["Evidence that decided it", "\n".join(ticked)],
             ["Why", m.justification]]
    return plain(spec["claim"]["text"]), shown, _committed(view)


def _reliability(view, value):
    m, spec = view.model, view.spec
    m.load(value)
    shown = [[f"{n}. {plain(c['label'])}", SCALE.get(m.ratings.get(c["id"]), "")]
             for n, c in enumerate(spec["criteria"], 1)] + [["Why", m.justification]]
    question = plain(spec.get("question") or f"How far can {view.doc['title']} be trusted?")
    return question, shown, _committed(view)


def _side_by_side(view, value):
    m, spec = view.model, view.spec
    m.load(value)
    shown = [[f"Point {n}. {plain(p['text'])}", m.marks.get(p["id"], "")] for n, p in enumerate(spec["points"], 1)]
    shown += [["More reliable", view.account_name(m.reliable) if m.reliable else ""], ["Why", m.why]]
    return plain(spec["question"]), shown, _committed(view)


def _organizer(view, value):
    m = view.model
    m.load(value)
    shown = [[plain(f["label"]), m.values.get(f["id"], "")] for f in view.spec["fields"]]
    problems = m.problems()
    return plain(view.spec["question"]), shown, ("is unfinished: " + "; ".join(problems)) if problems else None


def _essay(view, value):
    view.load_text(value)
    problems = view.problems()  # the essay's own rule (its min_words): the same as the notebook's
    unfinished = None if not problems else ("is blank" if not view.text.strip() else
                                            length_problem(view.text, view.min_words) or problems[0])
    return plain(view.spec["question"]), [["Essay", view.text], ["Length", _words(view.text)]], unfinished


def _quick_check(view, value):
    m = view.model
    m.load(value)
    shown, missing = [], []
    for n, q in enumerate(view.spec["questions"], 1):
        tries = m.attempts.get(q["id"]) or []
        right = any(t["correct"] for t in tries)
        shown.append([f"Question {n}. {plain(q['text'])}",
                      f"{'right' if right else 'not yet right'} after {len(tries)} tr{'y' if len(tries) == 1 else 'ies'}"
                      if tries else ""])
        if not tries:
            missing.append(str(n))
    unfinished = f"has question{'s' if len(missing) > 1 else ''} {', '.join(missing)} not answered" if missing else None
    return "", shown, unfinished


def _final_claim(view, value):
    m = view.model
    m.load(value)
    docs = "\n".join(view.doc_label(d) for d in view.spec["documents"] if d in m.documents)
    shown = [["Claim", m.text], ["Documents it rests on", docs], ["Length", _words(m.text)]]
    return plain(view.spec["question"]), shown, _committed(view)


def _generic(view, value):
    model = getattr(view, "model", None)
    if model is not None and hasattr(model, "load"):
        model.load(value)
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) if value else ""
    unfinished = _committed(view) if hasattr(model, "committed") else (None if value else NOT_STARTED)
    return "", [["Answer", text]], unfinished


def _data_task(spec: dict, value) -> dict:
    steps = value.get("steps") if isinstance(value, dict) and isinstance(value.get("steps"), dict) else {}
    shown, missing = [], []
    for n, step in enumerate(spec["steps"], 1):
        rec = steps.get(step["id"]) if isinstance(steps.get(step["id"]), dict) else {}
        tries = int(rec.get("attempts") or 0)
        state = ("done" if rec.get("passed") else "not yet done") + (
            f" (checked {tries} time{'s' if tries != 1 else ''})" if tries else " (never checked)")
        shown.append([f"Step {n}. {plain(step['text'])}", state])
        if not rec.get("passed"):
            missing.append(str(n))
    unfinished = (f"has step{'s' if len(missing) > 1 else ''} {', '.join(missing)} not yet done" if missing else None)
    title = plain(spec.get("title") or "Data task")
    return {"label": f"Data task '{title}'", "question": "", "shown": shown, "unfinished": unfinished}


_HANDLERS = {"claim-check": _claim_check, "reliability-rating": _reliability, "side-by-side": _side_by_side,
             "organizer": _organizer, "essay": _essay, "quick-check": _quick_check,
             "final-claim": _final_claim}
