"""Checks for the steps of a data task: feedback on each step, never the answer.

A homework's ``data-task`` lists steps; each names a check here. The expected values are
computed from data/ when the check runs and are never shown: a student learns whether a
result is right and, if not, what kind of mistake it looks like.

    check = h2.exercise("numbers")   # a DataTask
    check.show(1)                    # the instructions for step 1 (from lessons/homework/)
    check.step1(shares)              # ✓, or a hint; the result is saved for the submission
"""
from __future__ import annotations

import math
import re

from . import answers, datasets
from .display import Shown
from .errors import CourseError, ContentError
from .html import esc, inline, plain

HINT_AFTER = 2  # wrong tries before the step's hint from the content file is shown
NONE_YET = "replace None with your result, then run the cell again"


def _close(a: float, b: float, rel: float = 1e-6) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


def _number(value) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _by_year(value) -> dict[int, float | None] | str:
    """A per-year result as {year: number}; a message if it is not one."""
    if hasattr(value, "to_dict") and not hasattr(value, "columns"):
        value = value.to_dict()
    elif hasattr(value, "columns"):
        return "pass a Series (one column), not a whole table: pick the column with ['name']"
    if not isinstance(value, dict):
        return "pass a pandas Series with one number per year (the years as its index)"
    out = {}
    for key, v in value.items():
        year = _number(key)
        if year is None or not year.is_integer():
            return "the index of your Series should be the years: use set_index('year') first"
        out[int(year)] = _number(v)
    return out


def _compare_years(got: dict, want: dict, what: str) -> str | None:
    """None if every year matches; otherwise a message that names no expected value."""
    if set(got) == set(range(len(want))) and set(got) != set(want):
        return "your result is numbered 0, 1, 2…: set the years as the index first (set_index('year'))"
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    if missing:
        return f"{len(missing)} year{'s are' if len(missing) > 1 else ' is'} missing: keep every year of the data"
    if extra:
        return f"there {'are' if len(extra) > 1 else 'is'} {len(extra)} year{'s' if len(extra) > 1 else ''} too many: use only the years of the data"
    wrong = [y for y in want if not _close(got[y], want[y])]
    return None if not wrong else f"the {what} for {len(wrong)} of the {len(want)} years {'are' if len(wrong) > 1 else 'is'} not right"


# -- the checks: each takes the student's value, returns (right?, message) ----------------------
def death_share_by_year(value):
    df = datasets.load("sentences_by_year").set_index("year")
    want = {int(y): float(d) / float(t) for y, d, t in zip(df.index, df["death_sentences"], df["total_sentenced"])}
    got = _by_year(value)
    if isinstance(got, str):
        return False, got
    if set(got) == set(want) and all(_close(got[y], 100 * want[y]) for y in want):
        return True, "Right (as percentages, which is fine)."
    if set(got) == set(want) and all(_close(got[y], 1 / want[y]) for y in want if want[y]):
        return False, "you divided the wrong way round: the death sentences go on top"
    problem = _compare_years(got, want, "shares")
    return (True, "Right.") if problem is None else (False, problem + ": divide death_sentences by total_sentenced")


def _ratio(value, col: str):
    df = datasets.load("sentences_by_year").set_index("year")
    return float(df.loc[1937, col]) / float(df.loc[1936, col])


def death_ratio_1937_1936(value):
    got = _number(value)
    if got is None or isinstance(value, bool):
        return False, "pass a single number (how many times larger)"
    want = _ratio(value, "death_sentences")
    if _close(got, want, 0.005):
        return True, "Right."
    if _close(got, 1 / want, 0.005):
        return False, "that is the ratio the other way round: divide the 1937 figure by the 1936 figure"
    if _close(got, _ratio(value, "total_sentenced"), 0.005):
        return False, "you used all persons sentenced; this step is about death sentences"
    if _close(got, 100 * (want - 1), 0.005) or _close(got, want - 1, 0.005):
        return False, "that is the increase; the step asks how many times larger: divide, do not subtract"
    return False, f"{got:,.4g} is too {'high' if got > want else 'low'}: divide 1937's death sentences by 1936's"


def _series(col: str) -> dict[int, dict[str, float | None]]:
    df = datasets.load("sentences_series_compared")
    out: dict[int, dict] = {}
    for y, s, v in zip(df["year"], df["series"], df[col]):
        out.setdefault(int(y), {})[s] = _number(v)
    return out


def series_gap(value):
    series = _series("total_sentenced")
    want = {y: s["kgb"] - s["mvd-1953"] for y, s in series.items()}
    got = _by_year(value)
    if isinstance(got, str):
        return False, got
    if set(got) == set(want) and all(_close(got[y], -want[y]) for y in want):
        return False, "your differences have the right size but the opposite sign: subtract the MVD figure from the KGB figure"
    deaths = _series("death_sentences")
    if set(got) == set(want) and any(_close(got[y], (deaths[y]["kgb"] or 0) - (deaths[y]["mvd-1953"] or 0)) for y in want):
        return False, "you compared death sentences; this step is about all persons sentenced (total_sentenced)"
    problem = _compare_years(got, want, "differences")
    return (True, "Right.") if problem is None else (False, problem)


def lowest_kgb_share_year(value):
    series = _series("total_sentenced")
    share = {y: s["kgb"] / s["mvd-1953"] for y, s in series.items()}
    gap = {y: abs(s["kgb"] - s["mvd-1953"]) for y, s in series.items()}
    year = _number(value)
    if year is None or not year.is_integer() or int(year) not in share:
        return False, "answer with one of the four years in the table, as a number (e.g. 1900)"
    if int(year) == min(share, key=share.get):
        return True, "Right."
    if int(year) == max(gap, key=gap.get):
        return False, ("that is the year with the largest gap in persons; the step asks for the smallest "
                       "share: divide the KGB figure by the MVD figure for each year")
    return False, "not that year: divide the KGB figure by the MVD figure for each year and compare"


def labelled_chart(value):
    axes = _axes(value)
    if not axes:
        return False, "pass the figure (or the axes) of your chart, e.g. the fig from fig, ax = plt.subplots()"
    series = _series("total_sentenced")
    want = {v for s in series.values() for v in s.values() if v is not None}
    shown = set()
    for ax in axes:
        sizes = [s for p in ax.patches for s in (getattr(p, "get_height", None), getattr(p, "get_width", None)) if s]
        values = [size() for size in sizes] + [y for line in ax.lines for y in line.get_ydata()]
        shown |= {round(v) for v in map(_number, values) if v is not None}
    missing = []
    if not want <= shown:
        missing.append("the totals of both series for all four years (plot total_sentenced, one bar or point per year and series)")
    if not any(ax.get_title().strip() for ax in axes) and not getattr(axes[0].figure, "_suptitle", None):
        missing.append("a title")
    top = max(want)  # the axis that reaches the largest count is the axis of the numbers
    if not any((ax.get_ylabel() if ax.get_ylim()[1] >= 0.9 * top else ax.get_xlabel()).strip() for ax in axes):
        missing.append("a label on the axis of the numbers, saying what is counted")
    legends = [ax.get_legend() for ax in axes if ax.get_legend() is not None]
    if not legends or sum(len(lg.get_texts()) for lg in legends) < 2:
        missing.append("a legend naming the two series")
    return (True, "Right: a labelled chart of both series.") if not missing else (False, "your chart still needs " + "; ".join(missing))


def _axes(value) -> list:
    if hasattr(value, "get_axes"):  # a Figure
        return list(value.get_axes())
    if hasattr(value, "patches") and hasattr(value, "get_title"):  # one Axes
        return [value]
    if isinstance(value, (list, tuple)) or hasattr(value, "flat"):
        return [a for a in getattr(value, "flat", value) if hasattr(a, "get_title")]
    return []


CHECKS = {"death-share-by-year": death_share_by_year, "death-ratio-1937-1936": death_ratio_1937_1936,
          "series-gap": series_gap, "lowest-kgb-share-year": lowest_kgb_share_year,
          "labelled-chart": labelled_chart}

# What each check reads from data/: dataset -> columns, and the rows it needs (column, value).
_BY_YEAR = {"sentences_by_year": (["year", "death_sentences", "total_sentenced"], [("year", "1936"), ("year", "1937")])}
_SERIES = {"sentences_series_compared": (["year", "series", "total_sentenced", "death_sentences"],
                                         [("series", "kgb"), ("series", "mvd-1953")])}
NEEDS = {"death-share-by-year": _BY_YEAR, "death-ratio-1937-1936": _BY_YEAR, "series-gap": _SERIES,
         "lowest-kgb-share-year": _SERIES, "labelled-chart": _SERIES}


def check_data(check: str, file: str, item: str | None) -> None:
    """Raise a ContentError (naming the content file, the task and the dataset) if data/ lacks a
    column or the rows a check computes its expected values from: a teacher's edit of the data must
    not turn into "the check could not read your result" for every student."""
    for name, (cols, needed) in NEEDS.get(check, {}).items():
        datasets.check_columns(name, cols, file, item)
        rows = datasets.rows(name)
        for col, value in needed:
            if not any(r[col] == value for r in rows):
                raise ContentError(f"data/{datasets.resource(name)['path']}", None, col,
                                   f"a row with {col} {value} (the check '{check}' of {file} uses it)", "none")


def _with_code(text: str) -> str:
    """Escaped text in which `backticked` parts are shown as code."""
    parts = str(text).split("`")
    return "".join(f"<code>{esc(p)}</code>" if i % 2 else inline(p) for i, p in enumerate(parts))


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
            raise ValueError(f"This task has steps 1 to {len(steps)}; there is no step {n}.")
        return steps[n - 1]

    def show(self, n: int) -> Shown:
        """The instructions for step n."""
        step = self._step(n)
        return Shown(f"<div class='ph-card'><p><strong>Step {n}.</strong> {_with_code(step['text'])}</p></div>",
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
        extra = f"<p><strong>Hint:</strong> {_with_code(hint)}</p>" if hint else ""
        warn = f"<p class='ph-note' role='alert'>{esc(note)}</p>" if note else ""
        return Shown(f"<div role='status'><p><strong>{esc(head)}</strong></p>{extra}{warn}</div>",
                     head + (f"\nHint: {plain(hint)}" if hint else "") + (f"\n{note}" if note else ""))

    def progress(self) -> Shown:
        """Which steps are done."""
        steps = self.saved()
        rows = [(n, "\u2713 done" if (steps.get(s["id"]) or {}).get("passed") else "not yet done")
                for n, s in enumerate(self.spec["steps"], 1)]
        html = "".join(f"<tr><td>Step {n}</td><td>{esc(state)}</td></tr>" for n, state in rows)
        return Shown(f"<table class='ph-numbers'><thead><tr><th scope='col'>Step</th><th scope='col'>"
                     f"State</th></tr></thead><tbody>{html}</tbody></table>",
                     "\n".join(f"Step {n}: {state}" for n, state in rows))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.progress()._repr_mimebundle_()
