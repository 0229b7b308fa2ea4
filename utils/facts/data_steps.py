"""The checks behind each step of a data task: computed from data/, never shown to students.

A homework's ``data-task`` lists steps; each names a check here (``CHECKS``). The expected values
are computed from data/ when the check runs: a student learns whether a result is right and, if
not, what kind of mistake it looks like. The widget that runs them is utils/exercises/data_checks.py.
"""
from __future__ import annotations

import math
import re

from utils.facts import datasets
from utils.core.errors import CourseError, ContentError
from utils.core.html import esc, inline, plain

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


