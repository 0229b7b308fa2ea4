"""The object a lesson notebook works with: one-line calls that show content from lessons/."""
from __future__ import annotations

import weakref

from utils.content import load as content
from utils.content.course import extension_items
from utils.exercises import registry
from utils.facts import glossary
from utils.facts import sources
from utils.facts.excerpts import excerpt_html, excerpt_text
from utils.core.display import Shown
from utils.core.errors import ContentError
from utils.core.html import esc, inline, paragraphs, plain
from utils.core.mode import app_mode
from utils.core.version import VERSION as __version__
from utils.exercises.answers import store as default_store
from utils.exercises.response import ResponseBox
from utils.facts.charts import chart
from utils.facts.charts import select
from utils.handin import submission
from utils.handin.submission import MAX_SHOWN
from utils.handin.answer_items import describe
from utils.handin.my_answers import MyAnswersBox
from utils.handin.student_name import NAME_ID, clean_name
from utils.handin.student_name import StudentName
from utils.handin.submit_box import SubmitBox

PROMPT = "prompt"  # the kind of a discussion prompt's answer when handed in

# What to press, said for the mode the student is in (utils/core/mode.py): JupyterLab has menus and
# cells; app mode shows the page already run, with no menus, cells or file browser.
HOW_TO_WORK = {
    "lab": ("Run the cells from top to bottom: choose *Run*, then *Run All Cells*, or press Shift+Enter "
            "to run one cell at a time. Your answers are saved as you type, and they come back when you "
            "reopen the notebook and run it again."),
    "app": ("Read down the page and answer each exercise where you meet it. Your answers are saved as "
            "you type. To keep a copy, press *Download my answers* near the top of the page; *Restore my "
            "answers* brings a saved copy back, on this computer or another."),
}



_PAGES: "weakref.WeakSet[Lesson]" = weakref.WeakSet()  # every page made in this kernel


def show_saved_answers_everywhere() -> int:
    """Lesson.show_saved_answers on every page this kernel has made; how many answers were shown."""
    return sum(page.show_saved_answers() for page in list(_PAGES))


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
        self._first_used: dict[str, list[dict]] | None = None
        _PAGES.add(self)

    def _find(self, section: str, item_id: str) -> dict:
        for item in self.data.get(section, []):
            if item["id"] == item_id:
                return item
        known = [i["id"] for i in self.data.get(section, [])]
        raise ContentError(self.file, None, section, f"an entry with id '{item_id}'",
                           "none" + sources.suggestion(item_id, known))

    # -- the lesson's frame ------------------------------------------------------------------
    def how_to_work_text(self) -> str:
        """What to press to work through this page, in the mode the student is in."""
        return HOW_TO_WORK["app" if app_mode() else "lab"]

    def how_to_work(self) -> Shown:
        """The how-to-work line on its own (the start page shows it under its own heading)."""
        text = self.how_to_work_text()
        return Shown(f"<p class='ph-how-to-work'><strong>How to work:</strong> {inline(text)}</p>",
                     f"How to work: {plain(text)}")

    def heading(self) -> Shown:
        """How to work, central question, objectives, time, skills and content note."""
        d = self.data
        how = self.how_to_work()
        objectives = "".join(f"<li>{inline(o)}</li>" for o in d["objectives"])
        note = (f"<div class='ph-note' role='note'><strong>Content note.</strong> "
                f"{inline(d['content_note'])}</div>" if d.get("content_note") else "")
        html = (f"{how.html}<div class='ph-card'><p><strong>Central question:</strong> {inline(d['central_question'])}</p>"
                f"<p><strong>By the end of this lesson you can:</strong></p><ul>{objectives}</ul>"
                f"<p><strong>Time:</strong> about {d['time_minutes']} minutes. "
                f"<strong>Skills:</strong> {esc(', '.join(d['skills']))}.</p>{note}</div>")
        text = (f"{how.text}\nCentral question: {plain(d['central_question'])}\nTime: about {d['time_minutes']} minutes. "
                f"Skills: {', '.join(d['skills'])}." + (f"\nContent note: {plain(d['content_note'])}"
                                                         if d.get("content_note") else ""))
        return Shown(html, text)

    def passage(self, passage_id: str) -> Shown:
        """A passage in the course's own words, with a headnote for each source it rests on."""
        p = self._find("passages", passage_id)
        heading = f"<h3>{inline(p['heading'])}</h3>" if p.get("heading") else ""
        docs = [self.documents[d] for d in p.get("documents", [])]
        cards = "".join(sources.provenance_html(doc) + excerpt_html(doc) for doc in docs)
        words = self.first_used().get(passage_id, [])
        cites = ""
        if p.get("sources"):
            cites = ("<p><small>Based on: " + " ".join(inline(sources.citation(s)) for s in p["sources"])
                     + "</small></p>")
        text = "\n\n".join(t for t in [p.get("heading", "")]
                             + [excerpt_text(doc) for doc in docs] + [plain(p["text"]), glossary.box_text(words)]
                             if t).strip()
        return Shown(f"{heading}{cards}{paragraphs(p['text'])}{glossary.box_html(words)}{cites}", text)

    def first_used(self) -> dict[str, list[dict]]:
        """passage id -> the glossary words this lesson uses first in that passage (in file order)."""
        if self._first_used is None:
            seen: set[str] = set()
            self._first_used = {}
            for p in self.data.get("passages", []):
                docs = [self.documents[d] for d in p.get("documents", []) if d in self.documents]
                glossed = {t.casefold() for doc in docs for t in (doc.get("glosses") or {})}
                text = " ".join([p.get("heading", ""), *(d.get("excerpt", "") for d in docs), p["text"]])
                new = [e for e in glossary.used_in(text)
                       if e["term"] not in seen and e["term"].casefold() not in glossed]
                seen.update(e["term"] for e in glossary.used_in(text))
                self._first_used[p["id"]] = new
        return self._first_used

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
            cls = registry.view_class(spec["kind"])
            view = cls(self.id, spec, self.documents, store=self.store)
            view.documents_shown = frozenset(d for p in self.data.get("passages", []) for d in p.get("documents", []))
            self._views[exercise_id] = view
        return self._views[exercise_id]

    def response(self, prompt_id: str):
        """The answer box for one discussion prompt."""
        key = f"prompt:{prompt_id}"
        if key not in self._views:
            prompt = self._find("prompts", prompt_id)
            number = [p["id"] for p in self.data["prompts"]].index(prompt_id) + 1
            self._views[key] = ResponseBox(self.id, prompt, number, store=self.store)
        return self._views[key]

    def chart(self, chart_id: str) -> Shown:
        """A chart from data/, with alt text, a caption citing its sources, and its numbers."""

        return chart(self._find("charts", chart_id))


    def my_answers(self):
        """Download my answers / Restore my answers (every notebook, JupyterLab and app mode)."""
        if "my-answers" not in self._views:
            self._views["my-answers"] = MyAnswersBox(self)
        return self._views["my-answers"]

    def show_saved_answers(self) -> int:
        """Show what the answers file holds now in every exercise already on screen, for a page built
        before its student came (app mode's pre-heated kernels, utils/tools/preheat_startup.py): each
        quick check takes this student's option order, and every exercise shows its saved answer, or
        the store's warning about a damaged file. Return how many answers were shown."""
        for view in self._views.values():
            reorder = getattr(view, "reorder", None)
            if getattr(view, "_widget", None) is not None and callable(reorder):
                reorder()
        return self.refresh_from_store(warnings_too=True)

    def refresh_from_store(self, warnings_too: bool = False) -> int:
        """Show the saved answers again in every exercise already on screen (after a restore), the
        same way a widget restores its answer when it is built (shape check, set-aside, history);
        return how many were refreshed. With warnings_too, an answers file that cannot be read, or
        was repaired, is said in every exercise, as when it is built."""
        unreadable = False
        try:
            saved = self.answers().all()
        except Exception:  # noqa: BLE001  (each exercise's own restore says what is wrong)
            saved, unreadable = {}, True
        trouble = warnings_too and (unreadable or bool(getattr(self.answers(), "warning", None)))
        count = 0
        for view in self._views.values():
            entry = saved.get(getattr(view, "key", None))
            if getattr(view, "_widget", None) is None or not callable(getattr(view, "_restore_saved", None)):
                continue
            has_answer = isinstance(entry, dict) and "value" in entry
            if not has_answer and not trouble:
                continue
            view.status.value = "".join(view._restore_saved())
            count += has_answer
        return count

    # -- handing in (lessons and homework alike) ---------------------------------------------------
    @property
    def title(self) -> str:
        return plain(self.data["title"])

    def answers(self):
        """The answers store this page saves to."""
        if self.store is None:
            self.store = default_store()
        return self.store

    def name(self):
        """The box for the student's name (typed once per assignment, saved)."""
        if "student-name" not in self._views:
            self._views["student-name"] = StudentName(self.id, store=self.store)
        return self._views["student-name"]

    def submit(self):
        """The Submit button: checks what is unfinished, asks to confirm, makes the file."""
        if "submit" not in self._views:
            self._views["submit"] = SubmitBox(self)
        return self._views["submit"]

    def prompt_label(self, prompt_id: str) -> str:
        ids = [p["id"] for p in self.data.get("prompts", [])]
        return f"Prompt {ids.index(prompt_id) + 1}"

    def keys(self) -> dict[str, tuple[str, dict]]:
        """Every saved key of this assignment -> (kind, spec), in the order they are handed in."""
        out = {f"{self.id}/{ex['id']}": (ex["kind"], ex) for ex in self.data["exercises"]}
        out.update({f"{self.id}/prompt-{p['id']}": (PROMPT, p) for p in self.data.get("prompts", [])})
        return out

    def student(self, saved: dict | None = None) -> str:
        """The saved name ('' if none)."""

        saved = self.answers().all() if saved is None else saved
        entry = saved.get(f"{self.id}/{NAME_ID}")
        value = entry.get("value") if isinstance(entry, dict) else None
        return clean_name(value.get("text") if isinstance(value, dict) else "")

    def collect(self) -> tuple[str, list[dict]]:
        """(student's name, every item as handed in), read from the store in one go."""

        saved = self.answers().all()
        extension = self.extension_keys()
        items = []
        for key, (kind, spec) in self.keys().items():
            entry = saved.get(key)
            value = entry.get("value") if isinstance(entry, dict) else None
            item = {"key": key, "kind": kind, "value": value, **describe(self, kind, spec, value)}
            if key in extension:
                if value is None:
                    continue  # an extension part not attempted: optional, so not handed in as missing
                # attempted: handed in, marked as extension work, never holding up the hand-in
                item["label"] += " (extension)"
                if item.get("unfinished"):
                    item["shown"] = [*item["shown"], ["Not finished", item["unfinished"]]][:MAX_SHOWN]
                item["unfinished"] = None
            items.append(item)
        return self.student(saved), items

    def extension_keys(self) -> set[str]:
        """Saved keys of the parts under the notebook's 'Extension' heading (optional work)."""
        ext = extension_items(self.id)  # a homework has no lesson notebook: nothing is optional
        return ({f"{self.id}/{e}" for e in ext["exercises"]}
                | {f"{self.id}/prompt-{p}" for p in ext["prompts"]})

    def payload(self, submitted_at: str | None = None) -> dict:
        """The submission's data, as ``utils.submission.build`` takes it."""

        student, items = self.collect()
        return submission.make_payload({"id": self.id, "title": self.title}, student, items,
                                       __version__, submitted_at)

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
