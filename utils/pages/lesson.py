"""The object a lesson notebook works with: one-line calls that show content from lessons/."""
from __future__ import annotations

import importlib

from .. import content, sources
from ..excerpts import excerpt_html, excerpt_text
from ..display import Shown
from ..errors import ContentError
from ..html import esc, inline, paragraphs, plain

# kind of exercise -> (module, class); modules are imported only when used
EXERCISES = {
    "claim-check": ("claim_check", "ClaimCheck"),
    "source-card": ("source_card", "SourceCard"),
    "side-by-side": ("side_by_side", "SideBySide"),
    "corroboration-grid": ("corroboration_grid", "CorroborationGrid"),
    "estimates": ("estimates", "Estimates"),
    "reliability-rating": ("reliability", "ReliabilityRating"),
    "quick-check": ("quick_check", "QuickCheck"),
    "timeline": ("timeline", "Timeline"),
    "organizer": ("organizer", "Organizer"),
    "essay": ("organizer", "Essay"),
}


class Lesson:
    """One lesson's content, ready to show."""

    load = staticmethod(content.load_lesson)  # a subclass may read another kind of content file

    def __init__(self, lesson_id: str, store=None):
        self.id = lesson_id
        self.data = self.load(lesson_id)
        self.documents = self.data["_documents"]
        self.file = self.data["_file"]
        self.store = store
        self._views: dict[str, object] = {}

    def _find(self, section: str, item_id: str) -> dict:
        for item in self.data.get(section, []):
            if item["id"] == item_id:
                return item
        known = [i["id"] for i in self.data.get(section, [])]
        raise ContentError(self.file, None, section, f"an entry with id '{item_id}'",
                           "none" + sources.suggestion(item_id, known))

    # -- the lesson's frame ------------------------------------------------------------------
    def heading(self) -> Shown:
        """Central question, objectives, time, skills and content note."""
        d = self.data
        objectives = "".join(f"<li>{inline(o)}</li>" for o in d["objectives"])
        note = (f"<div class='ph-note' role='note'><strong>Content note.</strong> "
                f"{inline(d['content_note'])}</div>" if d.get("content_note") else "")
        html = (f"<div class='ph-card'><p><strong>Central question:</strong> {inline(d['central_question'])}</p>"
                f"<p><strong>By the end of this lesson you can:</strong></p><ul>{objectives}</ul>"
                f"<p><strong>Time:</strong> about {d['time_minutes']} minutes. "
                f"<strong>Skills:</strong> {esc(', '.join(d['skills']))}.</p>{note}</div>")
        text = (f"Central question: {plain(d['central_question'])}\nTime: about {d['time_minutes']} minutes. "
                f"Skills: {', '.join(d['skills'])}." + (f"\nContent note: {plain(d['content_note'])}"
                                                         if d.get("content_note") else ""))
        return Shown(html, text)

    def passage(self, passage_id: str) -> Shown:
        """A passage in the course's own words, with a headnote for each source it rests on."""
        p = self._find("passages", passage_id)
        heading = f"<h3>{inline(p['heading'])}</h3>" if p.get("heading") else ""
        docs = [self.documents[d] for d in p.get("documents", [])]
        cards = "".join(sources.provenance_html(doc) + excerpt_html(doc) for doc in docs)
        cites = ""
        if p.get("sources"):
            cites = ("<p><small>Based on: " + " ".join(inline(sources.citation(s)) for s in p["sources"])
                     + "</small></p>")
        text = "\n\n".join(t for t in [p.get("heading", "")]
                             + [excerpt_text(doc) for doc in docs] + [plain(p["text"])] if t).strip()
        return Shown(f"{heading}{cards}{paragraphs(p['text'])}{cites}", text)

    def source(self, document_id: str) -> Shown:
        """The provenance headnote of one document."""
        if document_id not in self.documents:
            raise ContentError(self.file, None, "documents", f"a document with id '{document_id}'",
                               "none" + sources.suggestion(document_id, self.documents))
        doc = self.documents[document_id]
        text = "\n".join(t for t in (sources.provenance_text(doc), excerpt_text(doc)) if t)
        return Shown(sources.provenance_html(doc) + excerpt_html(doc), text)

    # -- interactive parts ---------------------------------------------------------------------
    def exercise(self, exercise_id: str):
        """The widget for one exercise (saved and restored through the answers store)."""
        if exercise_id not in self._views:
            spec = self._find("exercises", exercise_id)
            module_name, class_name = EXERCISES[spec["kind"]]
            module = importlib.import_module(f"utils.widgets.{module_name}")
            cls = getattr(module, class_name)
            self._views[exercise_id] = cls(self.id, spec, self.documents, store=self.store)
        return self._views[exercise_id]

    def response(self, prompt_id: str):
        """The answer box for one discussion prompt."""
        key = f"prompt:{prompt_id}"
        if key not in self._views:
            from ..widgets.response import ResponseBox

            prompt = self._find("prompts", prompt_id)
            number = [p["id"] for p in self.data["prompts"]].index(prompt_id) + 1
            self._views[key] = ResponseBox(self.id, prompt, number, store=self.store)
        return self._views[key]

    def chart(self, chart_id: str) -> Shown:
        """A chart from data/, with alt text, a caption citing its sources, and its numbers."""
        from ..charts import chart

        return chart(self._find("charts", chart_id))

    # -- closing ----------------------------------------------------------------------------------
    def cited_works(self) -> list[str]:
        """Every work this lesson rests on: its documents, passages and datasets."""
        used_docs = set()
        for ex in self.data["exercises"]:
            used_docs.update(_doc_refs(ex))
        for p in self.data.get("passages", []):
            used_docs.update(p.get("documents", []))
        used_docs.update(d["id"] for d in self.data.get("documents", []))
        works = {self.documents[d]["source"] for d in used_docs if d in self.documents}
        for p in self.data.get("passages", []):
            works.update(p.get("sources", []))
        from ..charts import select

        for spec in self.data.get("charts", []) + self.data["exercises"]:
            if "dataset" in spec:  # only the rows actually shown, as in the captions
                works.update(select(spec)["source"])
        return sorted(works, key=lambda w: sources.citation(w).lower())

    def sources(self) -> Shown:
        """'Sources for this lesson': full citations of everything it uses."""
        works = self.cited_works()
        items = "".join(f"<li>{inline(sources.citation(w))}</li>" for w in works)
        return Shown(f"<h3>Sources for this lesson</h3><ul>{items}</ul>",
                     "Sources for this lesson:\n" + "\n".join(plain(sources.citation(w)) for w in works))


def _doc_refs(spec) -> set[str]:
    """Document ids named anywhere inside an exercise."""
    found = set()
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "document" and isinstance(value, str):
                found.add(value)
            elif key == "documents" and isinstance(value, list):
                found.update(v for v in value if isinstance(v, str))
            else:
                found |= _doc_refs(value)
    elif isinstance(spec, list):
        for item in spec:
            found |= _doc_refs(item)
    return found
