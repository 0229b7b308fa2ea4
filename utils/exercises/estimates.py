"""Estimates: one quantity from several sources, as ranges and points, by kind of source."""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from utils.facts import charts
from utils.facts import sources
from utils.core.html import Html, inline, markup, paragraphs, plain
from utils.exercises.base import Exercise
from utils.exercises.common import MIN_WORDS, CommitModel, CommitReveal, answer_box, fmt, frame, num, table_html, words_problem

NONE_SHOWN = "No estimates match these filters. Tick at least one kind of source."
PROPER = {"soviet": "Soviet", "nkvd": "NKVD", "mvd": "MVD", "ogpu": "OGPU", "kgb": "KGB"}
LABEL_WIDTH = 32  # characters per line of an estimate's label beside the chart
PREFIXES = ("pre", "post", "non", "anti", "self", "semi")  # their hyphen stays: pre-archival


def kind_label(code: str) -> str:
    """A kind of source as words: 'official-soviet' becomes 'official Soviet', and
    'pre-archival-estimate' 'pre-archival estimate'."""
    kept = re.sub(r"\b(" + "|".join(PREFIXES) + r")-", "\\1\0", code, flags=re.IGNORECASE)
    words = kept.replace("-", " ").replace("\0", "-").split()
    return " ".join(PROPER.get(w.lower(), w) for w in words)


def wrapped(label: str, width: int = LABEL_WIDTH) -> str:
    """A label on at most two lines, cut at a word with an ellipsis only if longer than that."""
    lines = textwrap.wrap(label, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder=" …")]
    return "\n".join(lines)


def rows_from_frame(df, spec: dict) -> list[dict]:
    """The dataset rows as plain dicts: label, low, high, value, group and citation."""
    out = []
    for _, r in df.iterrows():
        out.append({"label": str(r[spec["label"]]), "group": kind_label(str(r[spec["group"]])),
                    "low": num(r[spec["low"]]), "high": num(r[spec["high"]]),
                    "value": num(r[spec["value"]]) if spec.get("value") else None,
                    "source": str(r["source"]), "locator": str(r["locator"]),
                    "confidence": str(r["confidence"])})
    return out


@dataclass
class EstimatesModel(CommitModel):
    """Which kinds of source are shown, and the student's answer; no widgets."""

    rows: list[dict]
    shown: set[str] = field(default_factory=set)
    answer: str = ""
    committed: bool = False

    def __post_init__(self):
        self.groups = list(dict.fromkeys(r["group"] for r in self.rows))
        self.shown = set(self.groups) if not self.shown else self.shown & set(self.groups)

    def visible(self) -> list[dict]:
        """The shown rows, grouped by kind of source, smallest figure first within a group."""
        def centre(r):
            vals = [v for v in (r["value"], r["low"], r["high"]) if v is not None]
            return vals[0] if vals else 0.0
        rows = [r for r in self.rows if r["group"] in self.shown]
        return sorted(rows, key=lambda r: (self.groups.index(r["group"]), centre(r)))

    def extent(self) -> tuple[float, float] | None:
        vals = [v for r in self.visible() for v in (r["low"], r["high"], r["value"]) if v is not None]
        return (min(vals), max(vals)) if vals else None

    def alt(self, intro: str = "", unit: str = "") -> str:
        """Alt text for the chart as drawn now."""
        rows = self.visible()
        if not rows or self.extent() is None:
            return f"{intro} {NONE_SHOWN}".strip()
        lo, hi = self.extent()
        kinds = ", ".join(g for g in self.groups if g in self.shown)
        return (f"{intro} Shown: {len(rows)} of {len(self.rows)} estimates, from {kinds}. The figures "
                f"run from {fmt(lo)} to {fmt(hi)}{' ' + unit if unit else ''}.").strip()

    def problems(self) -> list[str]:
        return words_problem(self.answer, "answer the question")

    def to_dict(self) -> dict:
        return {"groups": [g for g in self.groups if g in self.shown], "answer": self.answer,
                "committed": self.committed}

    def load(self, value: dict) -> None:
        saved = value.get("groups")
        if isinstance(saved, list):
            known = {g for g in saved if g in self.groups}
            # kinds renamed in the content since the answer was saved: show them all, not nothing
            self.shown = known if known or not saved else set(self.groups)
        self.answer = str(value.get("answer", ""))
        self.committed = bool(value.get("committed")) and not self.problems()


def _tex_safe(text: str) -> str:
    return text.replace("$", r"\$")


def draw(model: EstimatesModel, title: str, unit: str = ""):
    """Ranges (bars from low to high) and points (a marker), colour AND shape AND words by group."""
    from matplotlib.figure import Figure

    rows = model.visible()
    fig = Figure(figsize=(7.5, 0.45 * len(rows) + 1.3))
    ax = fig.add_subplot()
    seen = set()
    for y, r in enumerate(rows):
        g = model.groups.index(r["group"])
        style = {"color": charts.PALETTE[g % 8], "marker": charts.MARKERS[g % 6]}
        label = None if r["group"] in seen else _tex_safe(r["group"])
        seen.add(r["group"])
        ends = [v for v in (r["low"], r["high"]) if v is not None]
        if len(ends) == 2 and ends[0] != ends[1]:
            ax.hlines(y, ends[0], ends[1], color=style["color"], linewidth=3)
        points = [r["value"]] if r["value"] is not None else sorted(set(ends))
        ax.plot(points, [y] * len(points), linestyle="none", markersize=8, markeredgecolor="black",
                label=label, **style)
        right = max([*ends, *points], default=None)
        if right is not None:
            ax.annotate(_tex_safe(r["group"]), (right, y), xytext=(8, 0), textcoords="offset points",
                        va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), [_tex_safe(wrapped(r["label"])) for r in rows])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(charts.axis_number)
    ax.set_xlabel(_tex_safe(unit))
    ax.set_title(_tex_safe(title))
    ax.margins(x=0.2)
    extent = model.extent()
    if extent and extent[0] >= 0:
        ax.set_xlim(left=0)  # from zero, so the gaps between estimates are not exaggerated
    # no legend: the words beside each estimate name its kind of source (and drawing a legend
    # outside the axes needed a layout engine that doubled the cost of the chart)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


class Estimates(CommitReveal, Exercise):
    """How many? Compare the estimates, by who made them and when."""

    kind = "estimates"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = EstimatesModel(rows_from_frame(charts.select(self.spec), self.spec))
        self._drawn: dict[frozenset, Html] = {}  # chart HTML by the kinds of source shown

    def default_title(self) -> str:
        return "Comparing estimates"

    # -- content -------------------------------------------------------------------------
    def chart_html(self, model: EstimatesModel | None = None) -> Html:
        """The chart for the kinds of source the model shows; each view is drawn once (drawing
        costs a third of a second, and the live chart and the static fallback are the same view)."""
        model = model or self.model
        key = frozenset(model.shown)
        if key not in self._drawn:
            self._drawn[key] = self._chart_html(model)
        return self._drawn[key]

    def _chart_html(self, model: EstimatesModel) -> Html:
        rows = model.visible()
        unit = self.spec.get("unit", "")
        alt = model.alt(self.spec.get("alt", ""), unit)
        if not rows:
            return markup("<p role='status'>{}</p>", NONE_SHOWN)
        table = table_html(
            ["Estimate", "Kind of source", "Low", "Central", "High", "Source", "Confidence"],
            [[r["label"], r["group"], fmt(r["low"]), fmt(r["value"]), fmt(r["high"]),
              sources.short_citation(r["source"], r["locator"]), r["confidence"]] for r in rows],
            f"Figures in {unit}" if unit else None)
        caption = markup("{} Bars run from the low to the high figure of a range; a marker is a single or "
                         "central figure (a range without one has a marker at each end). Colour, marker shape "
                         "and the words beside each bar all name the kind of source. {}",
                         charts.caption_title(self.title()), charts.sources_caption(r["source"] for r in rows))
        return charts.figure_html(charts.image_uri(draw(model, plain(self.title()), unit)), alt, caption, table)

    def question_html(self) -> Html:
        return markup("<p><strong>Question:</strong> {}</p>", inline(self.spec["question"]))

    def historians_html(self) -> Html:
        return self.reveal_html(markup("<p><strong>What historians conclude.</strong></p>{}",
                                       paragraphs(self.spec["historians"])))

    # -- widgets ---------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        self.filters = {}
        for g in self.model.groups:
            box = w.Checkbox(value=True, description=f"Show: {g}", indent=False,
                             tooltip=f"Show or hide the estimates made by: {g}",
                             layout=w.Layout(width="auto", margin="0 1.5em 0 0"))
            box.observe(self._on_filter, names="value")
            self.filters[g] = box
        self.chart = w.HTML(value=self.chart_html())
        self.answer = answer_box("Your answer:", "Answer the question from the figures and who made them "
                                 f"(at least {MIN_WORDS} words). It is saved as you type.",
                                 "Your answer to the question; saved as you type")
        self.answer.observe(self._on_change, names="value")
        return frame([
            w.HTML(markup("<h3>{}</h3>{}<p>Tick or untick kinds of source to compare them. What historians "
                          "conclude appears once you commit your answer.</p><p><strong>Kinds of source shown:"
                          "</strong></p>", inline(self.title()), self.question_html())),
            w.HBox(list(self.filters.values()), layout=w.Layout(flex_flow="row wrap")), self.chart,
            self.answer, *self.commit_widgets(),
        ])

    def _on_filter(self, _change=None) -> None:
        if self._restoring:
            return
        self.model.shown = {g for g, box in self.filters.items() if box.value}
        self.chart.value = self.chart_html()
        self.save()

    def _read_widgets(self) -> None:
        self.model.answer = self.answer.value

    # -- saving -------------------------------------------------------------------------------
    def state(self) -> dict:
        return self.model.to_dict()

    def restore(self, value: dict) -> None:
        self.model.load(value if isinstance(value, dict) else {})
        for g, box in self.filters.items():
            box.value = g in self.model.shown
        self.answer.value = self.model.answer
        self.chart.value = self.chart_html()
        if self.model.committed:
            self.show_reveal()

    # -- without a kernel ----------------------------------------------------------------------
    def fallback_html(self) -> Html:
        return self.question_html() + self.chart_html(EstimatesModel(self.model.rows))

    def fallback_text(self) -> str:
        lines = [f"Question: {plain(self.spec['question'])}"]
        for r in EstimatesModel(self.model.rows).visible():
            span = fmt(r["low"]) if r["low"] == r["high"] else f"{fmt(r['low'])}\u2013{fmt(r['high'])}"
            lines.append(f"- {r['label']} ({r['group']}): {span}"
                         + (f", central {fmt(r['value'])}" if r["value"] is not None else "")
                         + f" {self.spec.get('unit', '')} [{sources.short_citation(r['source'], r['locator'])}]")
        lines.append("Run the notebook to answer.")
        return "\n".join(lines)
