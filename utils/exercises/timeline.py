"""Timeline: events from a dataset, filtered by theme and years; each with its certainty and source."""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from utils.facts import charts
from utils.facts import sources
from utils.core.html import Html, inline, join, markup, paragraphs, plain
from utils.exercises.base import Exercise, label_style
from utils.exercises.common import answer_box, frame, table_html

NONE_MATCH = "No events match these filters."
OPTION_CHARS = 140  # characters of an event in the list (the chosen one is shown whole)
DEFAULT_YEARS = (1930, 1939)
COLUMNS = ("date", "date_precision", "event", "theme", "certainty", "source", "locator", "confidence", "note")


def _text(value) -> str:
    try:
        if value is None or value != value:  # None, NaN
            return ""
    except TypeError:  # pandas.NA
        return ""
    return str(value).strip()


def rows_from_frame(df) -> list[dict]:
    """The dataset's events as plain dicts, each with its year and a key that stays the same."""
    events, keys = [], set()
    for _, r in df.iterrows():
        ev = {c: _text(r[c]) if c in df.columns else "" for c in COLUMNS}
        found = re.search(r"\d{4}", ev["date"])
        ev["year"] = int(found.group()) if found else None
        key, n = f"{ev['date']} {ev['event']}"[:120], 2
        while key in keys:
            key, n = f"{ev['date']} {ev['event']}"[:120] + f" ({n})", n + 1
        keys.add(key)
        events.append({**ev, "key": key})
    return events


@dataclass
class TimelineModel:
    """Filters and the chosen event, with no widgets."""

    events: list[dict]
    themes: set[str] = field(default_factory=set)
    years: tuple[int, int] = DEFAULT_YEARS
    selected: str | None = None
    answer: str = ""

    def __post_init__(self):
        self.all_themes = sorted({e["theme"] for e in self.events if e["theme"]})
        found = [e["year"] for e in self.events if e["year"] is not None]
        self.bounds = (min(found), max(found)) if found else DEFAULT_YEARS
        self.themes = set(self.all_themes)
        self.years = self.bounds

    def full_range(self) -> bool:
        return tuple(self.years) == tuple(self.bounds)

    def visible(self) -> list[dict]:
        """Events matching the filters, in date order (undated ones only when every year is shown)."""
        lo, hi = self.years
        out = [e for e in self.events if (e["theme"] in self.themes or not e["theme"])
               and (lo <= e["year"] <= hi if e["year"] is not None else self.full_range())]
        return sorted(out, key=lambda e: (e["date"], e["event"]))

    def current(self) -> dict | None:
        """The chosen event, if it is still shown."""
        return next((e for e in self.visible() if e["key"] == self.selected), None)

    def to_dict(self) -> dict:
        return {"themes": sorted(self.themes), "years": list(self.years), "selected": self.selected,
                "answer": self.answer}

    def load(self, value: dict) -> None:
        if isinstance(value.get("themes"), list):
            self.themes = {t for t in value["themes"] if t in self.all_themes}
        years = value.get("years")
        if isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years):
            lo, hi = self.bounds
            self.years = tuple(min(hi, max(lo, y)) for y in sorted(years))
        keys = {e["key"] for e in self.events}
        chosen = value.get("selected")
        self.selected = chosen if isinstance(chosen, str) and chosen in keys else None
        self.answer = str(value.get("answer", ""))


class YearSpan:
    """The years shown, as two labelled drop-down lists (From, To).

    Not a range slider: ipywidgets gives a range slider's two handles no accessible name, so a
    screen reader announces two unnamed sliders (axe: aria-input-field-name). A drop-down has a
    real label, is reached with Tab and chosen with the arrow keys, and wraps at any width.
    ``value`` is (first, last) like a range slider's, in order whichever list was changed.
    """

    def __init__(self, bounds: tuple[int, int], on_change):
        import ipywidgets as w

        self.min, self.max = bounds
        years = list(range(self.min, self.max + 1))
        one = self.min == self.max
        self.start = w.Dropdown(options=years, value=self.min, description="First year shown:", disabled=one,
                                style=label_style(), layout=w.Layout(width="auto", margin="0 1.5em 0 0"),
                                tooltip="The first year of events shown")
        self.end = w.Dropdown(options=years, value=self.max, description="Last year shown:", disabled=one,
                              style=label_style(), layout=w.Layout(width="auto"),
                              tooltip="The last year of events shown")
        self.widget = w.HBox([self.start, self.end], layout=w.Layout(flex_flow="row wrap"))
        self._on_change, self._setting = on_change, False
        self.start.observe(self._changed, names="value")
        self.end.observe(self._changed, names="value")

    @property
    def value(self) -> tuple[int, int]:
        return tuple(sorted((self.start.value, self.end.value)))

    @value.setter
    def value(self, years) -> None:
        lo, hi = sorted(min(self.max, max(self.min, int(y))) for y in years)
        self._setting = True
        try:
            self.start.value, self.end.value = lo, hi
        finally:
            self._setting = False
        self._changed()

    def _changed(self, _change=None) -> None:
        if not self._setting:
            self._on_change()


class Timeline(Exercise):
    """Explore the events of the decade: what happened, how sure we are, and who says so."""

    kind = "timeline"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = TimelineModel(rows_from_frame(charts.select(self.spec)))

    def default_title(self) -> str:
        return "Timeline"

    # -- content -------------------------------------------------------------------------
    @staticmethod
    def option_label(e: dict) -> str:
        """Date and event; long ones are cut at a word (the chosen event is shown whole below)."""
        return (f"{e['date'] or 'date unknown'} \u2014 "
                + textwrap.shorten(plain(e["event"]), OPTION_CHARS, placeholder=" \u2026"))

    def event_html(self, e: dict | None) -> Html:
        if e is None:
            msg = (NONE_MATCH if not self.model.visible() else
                   "Choose an event in the list to see what happened, how certain it is, and its source.")
            return markup("<p role='status'>{}</p>", msg)
        p = e["date_precision"]
        precision = (f" (dated to the {p})" if p in ("day", "month", "season", "year", "decade")
                     else f" (date: {p})" if p else "")
        facts = [("When", f"{e['date'] or 'date unknown'}{precision}"), ("Theme", e["theme"] or "none given"),
                 ("How certain", e["certainty"] or "not stated")]
        rows = join(markup("<tr><th scope='row'>{}</th><td>{}</td></tr>", k, v) for k, v in facts)
        cite = sources.short_citation(e["source"], e["locator"] or None)
        confidence = markup(" (data confidence: {})", e["confidence"]) if e["confidence"] else Html()
        return markup("<div role='region' aria-label='The chosen event'><p><strong>{}</strong></p>"
                      "<table class='ph-provenance'>{}</table>{}<p><small>Source: {}{}</small></p></div>",
                      inline(e["event"]), rows, paragraphs(e["note"]), inline(cite), confidence)

    def question_html(self) -> Html:
        return (markup("<p><strong>Question:</strong> {}</p>", inline(self.spec["question"]))
                if self.spec.get("question") else Html())

    # -- widgets ---------------------------------------------------------------------------
    def build(self):
        import ipywidgets as w

        m = self.model
        self.theme_boxes = {t: w.Checkbox(value=True, description=f"Theme: {t}", indent=False,
                                          tooltip=f"Show or hide events about {t}",
                                          layout=w.Layout(width="auto", margin="0 1.5em 0 0"))
                            for t in m.all_themes}
        self.years = YearSpan(m.bounds, self._on_filter)
        self.count = w.HTML(value="")
        # Radio buttons, not a list box: in JupyterLab the arrow keys move between cells, so a list
        # box cannot be worked by keyboard (and typed letters become notebook commands); a radio
        # button is reached with Tab and chosen with Space, and its label wraps at any zoom.
        self.events = w.RadioButtons(options=[], value=None, description="Events:", style=label_style(),
                                     tooltip="Tab to an event, Space to choose it",
                                     layout=w.Layout(width="95%", max_height="24em", overflow="auto"))
        self.detail = w.HTML(value="")
        for box in self.theme_boxes.values():
            box.observe(self._on_filter, names="value")
        self.events.observe(self._on_select, names="value")
        parts = [w.HTML(markup("<h3>{}</h3>{}<p>Filter the events by theme and years, then choose one to see "
                               "what happened, how certain it is, and who says so.</p><p><strong>Themes shown:"
                               "</strong></p>", inline(self.title()), self.question_html())),
                 w.HBox(list(self.theme_boxes.values()), layout=w.Layout(flex_flow="row wrap")),
                 self.years.widget, self.count, self.events, self.detail]
        if self.spec.get("question"):
            self.answer = answer_box("Your answer:", "Answer the question from the events you explored. "
                                     "It is saved as you type.", "Your answer; saved as you type")
            self.answer.observe(self._on_answer, names="value")
            parts.append(self.answer)
        self.refresh()
        return frame([*parts, self.status])

    def refresh(self) -> None:
        """Redraw the list, the count and the chosen event from the model."""
        shown = self.model.visible()
        self.count.value = markup("<p role='status'>Showing {} of {} events.</p>", len(shown), len(self.model.events))
        keep = self.model.current()
        prior, self._restoring = self._restoring, True  # the list changes under the selection: no saving
        try:
            self.events.options = [(self.option_label(e), e["key"]) for e in shown]
            self.events.value = keep["key"] if keep else None
        finally:
            self._restoring = prior
        self.detail.value = self.event_html(keep)

    def _on_filter(self, _change=None) -> None:
        if self._restoring:
            return
        self.model.themes = {t for t, box in self.theme_boxes.items() if box.value}
        self.model.years = tuple(self.years.value)
        self.refresh()
        self.save()

    def _on_select(self, change) -> None:
        if self._restoring:
            return
        self.model.selected = change["new"]
        self.detail.value = self.event_html(self.model.current())
        self.save()

    def _on_answer(self, change) -> None:
        if not self._restoring:
            self.model.answer = change["new"]
            self.save()

    # -- saving -------------------------------------------------------------------------------
    def state(self) -> dict:
        return self.model.to_dict()

    def restore(self, value: dict) -> None:
        self.model.load(value if isinstance(value, dict) else {})
        for t, box in self.theme_boxes.items():
            box.value = t in self.model.themes
        self.years.value = self.model.years
        if self.spec.get("question"):
            self.answer.value = self.model.answer
        self.refresh()

    # -- without a kernel ----------------------------------------------------------------------
    def everything(self) -> list[dict]:
        """Every event in date order, whatever the student's filters."""
        return TimelineModel(self.model.events).visible()

    def fallback_html(self) -> Html:
        rows = [[e["date"], plain(e["event"]), e["theme"], e["certainty"],
                 sources.short_citation(e["source"], e["locator"] or None)] for e in self.everything()]
        if not rows:
            return self.question_html() + markup("<p>{}</p>", NONE_MATCH)
        return self.question_html() + table_html(["Date", "Event", "Theme", "How certain", "Source"], rows)

    def fallback_text(self) -> str:
        lines = [f"Question: {plain(self.spec['question'])}"] if self.spec.get("question") else []
        lines += [f"{e['date']}: {plain(e['event'])} [{e['certainty'] or 'certainty not stated'}; "
                  f"{sources.short_citation(e['source'], e['locator'] or None)}]" for e in self.everything()]
        return "\n".join(lines or [NONE_MATCH])
