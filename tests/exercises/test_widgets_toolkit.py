"""The exercise widgets of issue 4, driven headless: models directly, views through their widgets.

Every test builds its own course root (bibliography, datapackage, small CSVs) in a temporary
folder, so nothing here depends on lessons/ or data/.
"""
from __future__ import annotations

import json

import ipywidgets as w
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils.content import load as content
from utils.facts import datasets
from utils.exercises.answers import AnswerStore
from utils.core.validate import check
from utils.exercises.corroboration_grid import CorroborationGrid, CorroborationModel
from utils.exercises.estimates import Estimates, EstimatesModel, draw, kind_label, wrapped
from utils.exercises.quick_check import EXPLAIN_AFTER_WRONG, QuickCheck, QuickCheckModel
from utils.exercises.reliability import ReliabilityModel, ReliabilityRating
from utils.exercises.side_by_side import SideBySide, SideBySideModel
from utils.exercises.source_card import SourceCard, SourceCardModel
from utils.exercises.timeline import Timeline, TimelineModel

SCRIPT = "<script>alert('x')</script>"
LESSON = "01-test"
LONG = "The first account was written for the leadership in secret, so it had less reason to lie."

BIBLIOGRAPHY = """works:
  - id: conquest-1986
    authors: Robert Conquest
    title: The Harvest of Sorrow
    kind: book
    year: 1986
    published: Oxford University Press
  - id: davies-wheatcroft-2004
    authors: R. W. Davies and Stephen G. Wheatcroft
    title: The Years of Hunger
    kind: book
    year: 2004
    published: Palgrave Macmillan
  - id: evil-work
    authors: "A. <script>alert(1)</script> Hacker"
    title: "<script>alert('w')</script>"
    kind: article
    year: 2001
    published: Nowhere
"""

FAMINE = [
    ["estimate", "low_millions", "high_millions", "central_millions", "period", "region", "author",
     "estimate_kind", "source", "locator", "confidence", "note"],
    ["Conquest 1986", "7", "7", "7", "1932-1933", "USSR", "Conquest", "before the archives",
     "conquest-1986", "p. 306", "widely-cited", ""],
    ["Davies and Wheatcroft 2004", "5.5", "6.5", "", "1932-1933", "USSR", "Davies", "archival historians",
     "davies-wheatcroft-2004", "p. 415", "verified", ""],
    ["Wheatcroft range", "4.6", "8", "5.7", "1932-1933", "USSR", "Wheatcroft", "archival historians",
     "davies-wheatcroft-2004", "p. 401", "verified", ""],
    [SCRIPT + " $x$", "3", "4", "", "1932-1933", "USSR", "Hacker", SCRIPT, "evil-work", "p. 1",
     "uncertain", ""],
    ["Later famine", "1", "1.5", "", "1946-1947", "USSR", "X", "archival historians",
     "davies-wheatcroft-2004", "p. 9", "verified", ""],
]

TIMELINE = [
    ["date", "date_precision", "event", "theme", "certainty", "source", "locator", "confidence", "note"],
    ["1932-08-07", "day", "Law on the theft of socialist property", "famine", "certain",
     "davies-wheatcroft-2004", "p. 167", "verified", "Known as the law of five ears."],
    ["1934-12-01", "day", "Kirov murdered in Leningrad", "terror", "certain; who ordered it is disputed",
     "conquest-1986", "ch. 3", "widely-cited", ""],
    ["1936-08", "month", "First Moscow show trial", "trials", "certain", "conquest-1986", "ch. 4",
     "verified", ""],
    ["1937", "year", SCRIPT + " mass operations", "terror", "probable", "evil-work", "p. 2", "uncertain",
     SCRIPT],
]

FIELDS = {
    "famine_estimates": {"low_millions": "number", "high_millions": "number", "central_millions": "number"},
    "timeline": {},
}


HISTORY = ("first", "revisions", "final", "changed_after_reveal")


def answer_part(saved: dict) -> dict:
    """What the student answered, without the first-answer history kept beside it."""
    return {k: v for k, v in saved.items() if k not in HISTORY}


def _csv(rows) -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


@pytest.fixture
def course(tmp_path, monkeypatch):
    root = tmp_path / "course"
    (root / "lessons").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "lessons" / "bibliography.yaml").write_text(BIBLIOGRAPHY, encoding="utf-8")
    resources = []
    for name, rows in (("famine_estimates", FAMINE), ("timeline", TIMELINE)):
        (root / "data" / f"{name}.csv").write_text(_csv(rows), encoding="utf-8")
        fields = [{"name": c, "type": FIELDS[name].get(c, "string")} for c in rows[0]]
        resources.append({"name": name, "path": f"{name}.csv", "schema": {"fields": fields}})
    (root / "data" / "datapackage.json").write_text(json.dumps({"resources": resources}), encoding="utf-8")
    monkeypatch.setenv("PH_COURSE_ROOT", str(root))
    monkeypatch.setenv("PH_ANSWERS_DIR", str(tmp_path / "answers-env"))
    content.clear_cache()
    datasets.clear_cache()
    yield root
    content.clear_cache()
    datasets.clear_cache()


@pytest.fixture
def store(tmp_path):
    return AnswerStore(tmp_path / "answers")


def _doc(doc_id, title, genre="memoir", source="conquest-1986", **extra):
    doc = {"id": doc_id, "title": title, "author": f"Author of {title}", "date": "1938",
           "genre": genre, "audience": "readers abroad", "purpose": "to testify",
           "distance": "eyewitness", "source": source, "locator": "p. 12"}
    doc.update(extra)
    return check(doc, "test.yaml", "document")


DOCS = {
    "doc-a": _doc("doc-a", "NKVD report on the harvest", "archival document", "davies-wheatcroft-2004"),
    "doc-b": _doc("doc-b", "Pravda editorial", "official press"),
    "doc-evil": _doc("doc-evil", "Memoir " + SCRIPT, source="evil-work", excerpt="He said " + SCRIPT,
                     purpose="to warn " + SCRIPT),
}


# -- helpers -------------------------------------------------------------------------------------
def html_values(widget) -> list[str]:
    """Every HTML string in a widget tree."""
    out = [widget.value] if isinstance(widget, w.HTML) else []
    for child in getattr(widget, "children", ()):
        out += html_values(child)
    return out


def all_html(view) -> str:
    return "\n".join(html_values(view.widget))


def assert_escaped(view) -> None:
    """No raw <script> anywhere a browser would render it; the escaped form where content has it."""
    bundle = view._repr_mimebundle_()
    for text in [*html_values(view.widget), bundle["text/html"]]:
        assert "<script" not in text.lower()
    assert "&lt;script&gt;" in all_html(view) + bundle["text/html"]


def assert_fallback_clean(view, *secrets) -> None:
    bundle = view._repr_mimebundle_()
    for secret in secrets:
        assert secret not in bundle["text/html"]
        assert secret not in bundle["text/plain"]
    assert bundle["text/plain"].strip()


def built(cls, spec, store):
    """A view as Lesson.exercise makes it, with its widgets built (and any saved answer restored)."""
    view = cls(LESSON, spec, DOCS, store=store)
    assert view.widget is not None
    assert "ph-widget" in view.widget._dom_classes  # the style that keeps it readable when zoomed
    return view


def spec_of(kind: str, **fields) -> dict:
    return check({"id": f"ex-{kind}", "kind": kind, **fields}, "test.yaml", kind)


# -- source card ----------------------------------------------------------------------------------
CARD = dict(document="doc-evil", questions=["Who wrote it, and when?", "What did the author want " + SCRIPT],
            stems=["I trust this source because", "I don't trust this source because"],
            rubric="RUBRIC-CARD: teachers only")


def test_source_card_model_adds_stems_on_new_lines():
    m = SourceCardModel(["I trust *this* because", "I don't trust it because"])
    assert m.add_stem(0) == "I trust this because "
    m.note += "it is secret."
    assert m.add_stem(1).splitlines() == ["I trust this because it is secret.", "I don't trust it because "]
    assert m.add_stem(9) == m.note  # unknown stem: nothing changes


def test_source_card_saves_restores_and_escapes(course, store):
    view = built(SourceCard, spec_of("source-card", **CARD), store)
    html = all_html(view)
    assert "Who wrote it, and when?" in html and "Sentence start" in view.stem_choice.description
    view.stem_choice.value = 1
    view.add_button.click()
    assert view.note.value.startswith("I don't trust this source because")
    view.note.value += " it was written to warn. " + SCRIPT
    assert store.get(view.key)["note"] == view.note.value
    assert_escaped(view)
    assert_fallback_clean(view, "RUBRIC-CARD")
    again = built(SourceCard, spec_of("source-card", **CARD), store)
    assert again.note.value == view.note.value
    assert "restored" in again.status.value


# -- side by side -------------------------------------------------------------------------------
SBS = dict(question="What happened in the village?", accounts=[
    {"document": "doc-a", "text": "Grain was taken from every household."},
    {"document": "doc-evil", "text": "Nobody was hungry " + SCRIPT}],
    points=[{"id": "grain", "text": "Grain was requisitioned", "answer": "agree"},
            {"id": "hunger", "text": "People went hungry", "answer": "conflict"}],
    more_reliable="doc-a", historians="HISTORIANS-SBS: the report is closer to events.")


def test_side_by_side_model():
    m = SideBySideModel(["p1", "p2"], ["a", "b"])
    assert len(m.commit()) == 3 and not m.committed
    m.marks, m.reliable, m.why = {"p1": "agree", "p2": "agree"}, "b", LONG
    assert m.commit() == [] and m.committed
    assert m.results({"p1": "agree", "p2": "conflict"}) == [("p1", "agree", "agree", True),
                                                              ("p2", "agree", "conflict", False)]
    m.load({"marks": {"p1": "maybe", "zz": "agree"}, "reliable": "nobody", "committed": True})
    assert m.marks == {} and m.reliable is None and not m.committed


def test_side_by_side_commit_reveal_restore(course, store):
    spec = spec_of("side-by-side", **SBS)
    view = built(SideBySide, spec, store)
    assert all(t.description.startswith("Point") for t in view.toggles)
    view.commit_button.click()
    assert "Not yet" in view.feedback.value and view.reveal.value == ""
    view.toggles[0].value, view.toggles[1].value = "agree", "agree"
    view.reliable.value = "doc-evil"
    view.why.value = SCRIPT + " " + LONG
    assert "HISTORIANS-SBS" not in all_html(view)
    view.commit_button.click()
    reveal = view.reveal.value
    assert "HISTORIANS-SBS" in reveal and "You matched 1 of 2 points" in reveal
    assert "\u2713 matches" in reveal and "\u2717 differs" in reveal
    assert answer_part(store.get(view.key)) == {"marks": {"grain": "agree", "hunger": "agree"}, "reliable": "doc-evil",
                                   "why": SCRIPT + " " + LONG, "committed": True}
    assert_escaped(view)
    assert_fallback_clean(view, "HISTORIANS-SBS")
    again = built(SideBySide, spec, store)
    assert "HISTORIANS-SBS" in all_html(again)
    assert [t.value for t in again.toggles] == ["agree", "agree"] and again.reliable.value == "doc-evil"
    again.toggles[1].value = None  # incomplete again: the reveal goes
    assert again.reveal.value == "" and store.get(again.key)["committed"] is False


# -- corroboration grid ------------------------------------------------------------------------
GRID = dict(question="Which claims stand on several sources?",
            claims=[{"id": "c1", "text": "Grain quotas were raised"}, {"id": "c2", "text": "Borders were closed"},
                    {"id": "c3", "text": "Famine was denied " + SCRIPT}],
            documents=["doc-a", "doc-b", "doc-evil"],
            expected={"c1": {"doc-a": "supports", "doc-b": "supports"}, "c2": {"doc-b": "silent"}},
            historians="HISTORIANS-GRID: quotas are the best corroborated.")


def test_corroboration_model_summary_and_differences():
    m = CorroborationModel(["c1", "c2", "c3"], ["a", "b"])
    m.cells = {("c1", "a"): "silent", ("c1", "b"): "contradicts", ("c2", "a"): "supports",
               ("c2", "b"): "supports", ("c3", "a"): "supports", ("c3", "b"): "contradicts"}
    assert [r["claim"] for r in m.summary()] == ["c2", "c3", "c1"]
    assert m.summary()[0] == {"claim": "c2", "index": 1, "supports": 2, "contradicts": 0, "silent": 0}
    assert m.differences({"c1": {"a": "silent", "b": "supports"}}) == [("c1", "b", "contradicts", "supports")]
    m.cells.pop(("c3", "b"))
    assert m.commit() == ["fill in every cell of the grid (1 still empty)"]


def test_corroboration_grid_view(course, store):
    spec = spec_of("corroboration-grid", **GRID)
    view = built(CorroborationGrid, spec, store)
    assert view.cells[("c2", "doc-b")].description == "Claim 2 \u00d7 Source B:"
    for (c, d), drop in view.cells.items():
        drop.value = "supports" if c != "c3" else "silent"
    assert "HISTORIANS-GRID" not in all_html(view)
    view.cells[("c1", "doc-a")].value = None
    view.commit_button.click()
    assert "1 still empty" in view.feedback.value and view.reveal.value == ""
    view.cells[("c1", "doc-a")].value = "contradicts"
    view.commit_button.click()
    reveal = view.reveal.value
    assert "HISTORIANS-GRID" in reveal
    assert reveal.index("Claim 2: Borders") < reveal.index("Claim 1: Grain") < reveal.index("Claim 3: Famine")
    assert "Claim 1 \u00d7 Source A: you read that the source contradicts the claim" in reveal
    assert "Claim 2 \u00d7 Source B: you read that the source supports the claim; historians read that it " \
           "says nothing about it" in reveal
    assert_escaped(view)
    assert_fallback_clean(view, "HISTORIANS-GRID")
    again = built(CorroborationGrid, spec, store)
    assert again.cells[("c1", "doc-a")].value == "contradicts"
    assert "HISTORIANS-GRID" in again.reveal.value


# -- estimates --------------------------------------------------------------------------------------
EST = dict(question="How many died in the famine of 1932-33?", dataset="famine_estimates",
           where={"period": "1932-1933"}, label="estimate", low="low_millions", high="high_millions",
           value="central_millions", group="estimate_kind", unit="million deaths",
           alt="Estimates of deaths in the Soviet famine of 1932-33, by kind of source.",
           historians="HISTORIANS-EST: archival work puts it at 5.5 to 6.5 million.")


def _rows():
    return [{"label": "A", "group": "g1", "low": 1.0, "high": 2.0, "value": None, "source": "s",
             "locator": "p", "confidence": "verified"},
            {"label": "B", "group": "g2", "low": 3.0, "high": 3.0, "value": 3.0, "source": "s",
             "locator": "p", "confidence": "verified"}]


def test_estimates_model_filter_alt_and_draw():
    m = EstimatesModel(_rows())
    assert m.groups == ["g1", "g2"] and m.extent() == (1.0, 3.0)
    assert "2 of 2 estimates" in m.alt("Intro.", "million")
    m.shown = {"g2"}
    assert [r["label"] for r in m.visible()] == ["B"] and "from 3 to 3 million" in m.alt(unit="million")
    m.shown = set()
    assert m.visible() == [] and m.extent() is None and "No estimates match" in m.alt()
    draw(m, "Empty")  # an empty selection still draws
    fig = draw(EstimatesModel(_rows()), "All", "million")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["A", "B"]
    big = [dict(r, low=None, high=None, value=v) for r, v in zip(_rows(), (681_692.0, 1_000_000.0))]
    fig = draw(EstimatesModel(big), "Big", "people")
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "1,000,000" in ticks and not fig.axes[0].xaxis.get_offset_text().get_text()  # no "1e6"


def test_estimates_labels_read_as_words():
    assert kind_label("official-soviet") == "official Soviet"
    assert kind_label("pre-archival-estimate") == "pre-archival estimate"
    assert kind_label("before the archives") == "before the archives"
    long = "N. S. Khrushchev, Central Committee plenum (1957), speaking in closed session at length"
    lines = wrapped(long).split("\n")
    assert len(lines) == 2 and lines[0] == "N. S. Khrushchev, Central" and lines[1].endswith("…")
    assert wrapped("Shvernik commission (1963)") == "Shvernik commission (1963)"  # short: as it is


def test_estimates_restore_after_kinds_renamed():
    """Saved filters naming kinds the content no longer has show every kind, not an empty chart;
    a student who unticked everything gets exactly that back."""
    m = EstimatesModel(_rows())
    m.load({"groups": ["official-soviet"], "answer": ""})
    assert m.shown == {"g1", "g2"}
    m.load({"groups": [], "answer": ""})
    assert m.shown == set()


def test_estimates_view(course, store):
    spec = spec_of("estimates", **EST)
    view = built(Estimates, spec, store)
    html = all_html(view)
    assert "<img src='data:image/svg+xml;base64," in html and "alt='Estimates of deaths" in html
    assert "Davies and Wheatcroft 2004, p. 415" in html and "Later famine" not in html  # 'where' filters rows
    assert set(view.filters) == {"before the archives", "archival historians", SCRIPT}
    assert all(box.description.startswith("Show: ") for box in view.filters.values())
    assert_escaped(view)
    view.filters["archival historians"].value = False
    assert "Davies and Wheatcroft 2004" not in view.chart.value and "Conquest 1986" in view.chart.value
    for box in view.filters.values():
        box.value = False
    assert "No estimates match these filters" in view.chart.value
    view.filters["before the archives"].value = True
    view.answer.value = "Too short"
    view.commit_button.click()
    assert "Not yet" in view.feedback.value and "HISTORIANS-EST" not in all_html(view)
    view.answer.value = LONG
    view.commit_button.click()
    assert "HISTORIANS-EST" in view.reveal.value
    assert answer_part(store.get(view.key)) == {"groups": ["before the archives"], "answer": LONG, "committed": True}
    assert_fallback_clean(view, "HISTORIANS-EST")
    assert "Davies and Wheatcroft 2004" in view._repr_mimebundle_()["text/plain"]  # all rows, unfiltered
    again = built(Estimates, spec, store)
    assert again.filters["before the archives"].value
    assert not again.filters["archival historians"].value and "Davies and Wheatcroft 2004" not in again.chart.value
    assert "HISTORIANS-EST" in again.reveal.value
    for box in again.filters.values():  # each view is drawn once, then reused: still the right one
        box.value = True
    assert "Davies and Wheatcroft 2004" in again.chart.value and "Conquest 1986" in again.chart.value


# -- reliability ---------------------------------------------------------------------------------
REL = dict(document="doc-evil", question="Can we trust it about " + SCRIPT + "?",
           criteria=[{"id": "access", "label": "The author could know"}, {"id": "motive", "label": "No motive to lie"}],
           historians="HISTORIANS-REL: useful for attitudes, not numbers.")


def test_reliability_model():
    m = ReliabilityModel(["a", "b"])
    m.ratings = {"a": 4}
    assert m.problems()[0].startswith("rate criterion 2")
    m.load({"ratings": {"a": 2, "b": 9, "c": 1, "d": True}, "justification": LONG, "committed": True})
    assert m.ratings == {"a": 2} and not m.committed and m.mean() == 2


def test_reliability_view(course, store):
    spec = spec_of("reliability-rating", **REL)
    view = built(ReliabilityRating, spec, store)
    assert [r.description for r in view.scales] == ["Criterion 1:", "Criterion 2:"]
    assert view.scales[0].options[0][0].startswith("1") and "not at all" in view.scales[0].options[0][0]
    view.scales[0].value, view.scales[1].value = 4, 2
    view.justification.value = SCRIPT
    view.commit_button.click()
    assert "HISTORIANS-REL" not in all_html(view)
    view.justification.value = LONG + " " + SCRIPT
    view.commit_button.click()
    assert "HISTORIANS-REL" in view.reveal.value and "average 3.0 of 5" in view.reveal.value
    assert answer_part(store.get(view.key)) == {"ratings": {"access": 4, "motive": 2},
                                   "justification": LONG + " " + SCRIPT, "committed": True}
    assert_escaped(view)
    assert_fallback_clean(view, "HISTORIANS-REL")
    again = built(ReliabilityRating, spec, store)
    assert [r.value for r in again.scales] == [4, 2] and "HISTORIANS-REL" in all_html(again)


# -- quick check ------------------------------------------------------------------------------------
QC = dict(questions=[
    {"id": "q1", "text": "When was Kirov killed?", "type": "single", "explain": "EXPLAIN-1 December 1934.",
     "options": [{"text": "1934", "correct": True}, {"text": "1937 " + SCRIPT, "correct": False}]},
    {"id": "q2", "text": "Which were show trials?", "type": "multiple", "explain": "EXPLAIN-2",
     "options": [{"text": "Zinoviev-Kamenev", "correct": True}, {"text": "Bukharin", "correct": True},
                 {"text": "Nuremberg", "correct": False}]},
    {"id": "q3", "text": "How many millions died (roughly)?", "type": "number", "answer": 5.7,
     "tolerance": 0.5, "unit": "millions", "explain": "EXPLAIN-3 " + SCRIPT}])


def test_quick_check_model():
    m = QuickCheckModel(QC["questions"])
    assert m.check("q1", None) is None and m.check("q2", []) is None
    fb = m.check("q2", [2, 0])
    assert not fb["correct"] and fb["hint"].startswith("Not quite")
    assert not any(ch.isdigit() for ch in fb["hint"]), "a hint must not say how many options are right"
    assert not fb["explain"]
    assert m.check("q3", 9)["hint"] == "Not quite: 9 is too high."
    assert m.check("q3", 5.3)["correct"] and m.solved() == 1
    for _ in range(EXPLAIN_AFTER_WRONG):
        fb = m.check("q1", 1)
    assert fb["explain"] and not fb["correct"]
    m.load({"responses": {"q1": 7, "q3": "x"}, "attempts": {"q1": [{"response": 0}, "junk"], "zz": []}})
    assert m.responses == {} and m.attempts == {"q1": [{"response": 0, "correct": True}]}


def test_quick_check_view(course, store):
    spec = spec_of("quick-check", **QC)
    view = built(QuickCheck, spec, store)
    buttons = [c for c in view.widget.children[1].children if isinstance(c, w.Button)]
    assert buttons[0].description == "Check question 1"
    buttons[0].click()
    assert "Choose an answer first" in view.feedbacks["q1"].value
    view.inputs["q1"].value = 1
    buttons[0].click()
    assert "\u2717 Not quite" in view.feedbacks["q1"].value and "EXPLAIN-1" not in all_html(view)
    view.inputs["q1"].value = 0
    buttons[0].click()
    assert "\u2713 Correct." in view.feedbacks["q1"].value and "EXPLAIN-1" in view.feedbacks["q1"].value
    for k, i in enumerate(view.order["q2"]):  # the options as this student sees them
        view.inputs["q2"].children[k].value = i in (0, 1)
    view.check("q2")
    assert "\u2713" in view.feedbacks["q2"].value
    view.inputs["q3"].value = 5.9
    view.check("q3")
    assert "EXPLAIN-3 &lt;script&gt;" in view.feedbacks["q3"].value
    saved = store.get(view.key)
    assert saved["solved"] == 3 and [a["correct"] for a in saved["attempts"]["q1"]] == [False, True]
    assert_escaped(view)
    assert_fallback_clean(view, "EXPLAIN-1", "EXPLAIN-2", "EXPLAIN-3")
    again = built(QuickCheck, spec, store)
    assert again.inputs["q1"].value == 0 and again.inputs["q3"].value == 5.9
    assert again.order == view.order  # a restart does not reshuffle
    assert [b.value for b in again.inputs["q2"].children] == [i in (0, 1) for i in again.order["q2"]]
    assert "\u2713 Correct." in again.feedbacks["q1"].value


# -- timeline ---------------------------------------------------------------------------------------
TL = dict(dataset="timeline", question="When did the terror begin?")


def test_timeline_model():
    events = [{"key": "k1", "date": "1934-12-01", "event": "Kirov", "theme": "terror", "year": 1934},
              {"key": "k2", "date": "1932", "event": "Law", "theme": "famine", "year": 1932},
              {"key": "k3", "date": "", "event": "Undated", "theme": "", "year": None}]
    m = TimelineModel(events)
    assert m.bounds == (1932, 1934) and [e["key"] for e in m.visible()] == ["k3", "k2", "k1"]
    m.years = (1933, 1934)
    assert [e["key"] for e in m.visible()] == ["k1"]
    m.themes = set()
    assert m.visible() == [] and m.current() is None
    m.load({"years": [1900, 1901], "selected": ["unhashable"], "themes": ["famine", "nope"]})
    assert m.years == (1932, 1932) and m.selected is None and m.themes == {"famine"}
    assert TimelineModel([]).visible() == []


def test_timeline_view(course, store):
    spec = spec_of("timeline", **TL)
    view = built(Timeline, spec, store)
    assert set(view.theme_boxes) == {"famine", "terror", "trials"}
    assert view.years.min == 1932 and view.years.max == 1937 and len(view.events.options) == 4
    assert "Showing 4 of 4 events" in view.count.value
    kirov = next(v for label, v in view.events.options if "Kirov" in label)
    view.events.value = kirov
    assert "Kirov murdered" in view.detail.value and "who ordered it is disputed" in view.detail.value
    assert "Conquest 1986, ch. 3" in view.detail.value
    view.theme_boxes["terror"].value = False
    assert all("Kirov" not in label for label, _ in view.events.options)
    assert "Choose an event" in view.detail.value
    view.theme_boxes["terror"].value = True
    assert view.events.value == kirov  # the choice comes back with its theme
    view.years.value = (1935, 1937)
    assert [label[:4] for label, _ in view.events.options] == ["1936", "1937"]
    evil = view.events.options[1][1]
    view.events.value = evil
    assert_escaped(view)
    view.years.value = (1932, 1933)
    view.theme_boxes["famine"].value = False
    assert view.events.options == () and "No events match these filters." in view.detail.value
    view.theme_boxes["famine"].value = True
    view.answer.value = "In 1934, with the murder of Kirov."
    assert store.get(view.key) == {"themes": ["famine", "terror", "trials"], "years": [1932, 1933],
                                   "selected": evil, "answer": "In 1934, with the murder of Kirov."}
    assert_fallback_clean(view, "Your saved answer")
    again = built(Timeline, spec, store)
    assert again.years.value == (1932, 1933)
    assert again.answer.value.startswith("In 1934") and len(again.events.options) == 1
    again.years.value = (1932, 1937)
    assert again.events.value == evil and "mass operations" in again.detail.value


# -- every model survives whatever is in the answers file ---------------------------------------------
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10)
saved_shapes = st.dictionaries(st.sampled_from(["marks", "reliable", "why", "cells", "committed", "groups", "answer",
                                                "ratings", "justification", "responses", "attempts", "themes",
                                                "years", "selected", "note"]), json_values, max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(saved_shapes)
def test_models_load_anything(value):
    models = [SideBySideModel(["p1"], ["a", "b"]), CorroborationModel(["c1"], ["a", "b"]), EstimatesModel(_rows()),
              ReliabilityModel(["a"]), QuickCheckModel(QC["questions"]), SourceCardModel(["x"]),
              TimelineModel([{"key": "k", "date": "1934", "event": "e", "theme": "t", "year": 1934}])]
    for m in models:
        m.load(value)
        json.dumps(m.to_dict())


# -- through a lesson file, as a notebook calls them --------------------------------------------------
KINDS = {"source-card": ("source_card", "SourceCard", CARD), "side-by-side": ("side_by_side", "SideBySide", SBS),
         "corroboration-grid": ("corroboration_grid", "CorroborationGrid", GRID),
         "estimates": ("estimates", "Estimates", EST), "reliability-rating": ("reliability", "ReliabilityRating", REL),
         "quick-check": ("quick_check", "QuickCheck", QC), "timeline": ("timeline", "Timeline", TL)}


def test_every_kind_loads_from_a_lesson_file(course, tmp_path, monkeypatch):
    import importlib

    import yaml

    lesson_module = importlib.import_module("utils.pages.lesson")

    from utils.exercises import registry

    for kind, (module, cls, _spec) in KINDS.items():  # every kind the registry names is one of these
        assert registry.KINDS[kind].view == f"{module}:{cls}"
    data = {"id": LESSON, "number": 1, "title": "Test", "central_question": "Can we test it?",
            "objectives": ["One.", "Two."], "time_minutes": 30, "skills": ["sourcing"], "passages": [],
            "prompts": [], "documents": list(DOCS.values()),
            "exercises": [{"id": f"ex-{kind}", "kind": kind, **spec} for kind, (_m, _c, spec) in KINDS.items()]}
    (course / "lessons" / f"{LESSON}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    content.clear_cache()
    lesson = lesson_module.Lesson(LESSON, store=AnswerStore(tmp_path / "lesson-answers"))
    for kind, (_module, cls, _spec) in KINDS.items():
        view = lesson.exercise(f"ex-{kind}")
        assert type(view).__name__ == cls and view.kind == kind
        bundle = view._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert "<script" not in bundle["text/html"].lower()
        assert "HISTORIANS-" not in bundle["text/html"] + bundle["text/plain"]
