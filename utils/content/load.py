"""Load a lesson from lessons/ and check that everything it names exists."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from utils.core import paths
from utils.facts import sources
from utils.core.errors import ContentError
from utils.core.validate import check
from utils.core.yamlfile import load_yaml
from utils.content.course import sequence
from utils.content.files import homework_files, lesson_files  # noqa: F401 (part of this module's API)
from utils.facts import data_steps
from utils.facts.charts import check_selection
from utils.facts.datasets import check_columns, check_dates, resource

VERDICTS = ["supported", "partly supported", "contradicted", "cannot tell"]


def _ids(items, file, what, item=None):
    seen = set()
    for it in items:
        if it["id"] in seen:
            raise ContentError(file, item or f"'{it['id']}'", "id",
                               f"each {what} id to be used once in the lesson", f"'{it['id']}' twice")
        seen.add(it["id"])
    return seen


def _check_refs(data: dict, file: str, documents: dict[str, dict]) -> None:
    """Cross-references the schema cannot see: documents, sources, datasets, evidence ids."""
    def need_doc(doc_id, item, field):
        if doc_id not in documents:
            raise ContentError(file, item, field,
                               "the id of a document in this lesson or in lessons/documents.yaml",
                               f"'{doc_id}'{sources.suggestion(doc_id, documents)}")

    for doc in data.get("documents", []):
        sources.work(doc["source"], file, f"'{doc['id']}'")
    for p in data.get("passages", []):
        for d in p.get("documents", []):
            need_doc(d, f"'{p['id']}'", "documents")
        for s in p.get("sources", []):
            sources.work(s, file, f"'{p['id']}'", "sources")
    _ids(data.get("passages", []), file, "passage")
    _ids(data.get("prompts", []), file, "prompt")
    _ids(data["exercises"], file, "exercise")
    for ch in data.get("charts", []):
        check_columns(ch["dataset"], [ch["x"], *ch["y"], *ch.get("where", {}), *ch.get("exclude", {})], file,
                      f"'{ch['id']}'")
        check_selection(ch, file, f"'{ch['id']}'")
    for ex in data["exercises"]:
        item = f"'{ex['id']}'"
        check(ex, file, ex["kind"])
        kind = ex["kind"]
        if kind == "claim-check":
            need_doc(ex["claim"]["document"], item, "claim.document")
            ev_ids = _ids(ex["evidence"], file, "evidence", item)
            for n, ev in enumerate(ex["evidence"], 1):
                need_doc(ev["document"], item, f"evidence[{n}].document")
            for key in ex.get("key_evidence", []):
                if key not in ev_ids:
                    raise ContentError(file, item, "key_evidence", "ids of this claim's evidence items",
                                       f"'{key}'{sources.suggestion(key, ev_ids)}")
        elif kind == "side-by-side":
            for n, acc in enumerate(ex["accounts"], 1):
                need_doc(acc["document"], item, f"accounts[{n}].document")
            _ids(ex["points"], file, "point", item)
            if ex.get("more_reliable") and ex["more_reliable"] not in [a["document"] for a in ex["accounts"]]:
                raise ContentError(file, item, "more_reliable", "the document id of one of the accounts",
                                   f"'{ex['more_reliable']}'")
        elif kind == "corroboration-grid":
            claim_ids = _ids(ex["claims"], file, "claim", item)
            for d in ex["documents"]:
                need_doc(d, item, "documents")
            for cid, row in ex["expected"].items():
                if cid not in claim_ids:
                    raise ContentError(file, item, "expected", "claim ids from this grid's claims",
                                       f"'{cid}'")
                for d in row:
                    if d not in ex["documents"]:
                        raise ContentError(file, item, f"expected.{cid}",
                                           "document ids from this grid's documents", f"'{d}'")
        elif kind in ("reliability-rating", "source-card"):
            need_doc(ex["document"], item, "document")
        elif kind == "estimates":
            cols = [ex["label"], ex["low"], ex["high"], ex["group"], *ex.get("where", {}), *ex.get("exclude", {})]
            check_columns(ex["dataset"], cols + ([ex["value"]] if ex.get("value") else []), file, item)
            check_selection(ex, file, item)
        elif kind == "quick-check":
            for n, q in enumerate(ex["questions"], 1):
                field = f"questions[{n}]"
                if q["type"] in ("single", "multiple"):
                    opts = q.get("options") or []
                    right = sum(o["correct"] for o in opts)
                    if len(opts) < 2:
                        raise ContentError(file, item, field + ".options", "at least two options", str(len(opts)))
                    if q["type"] == "single" and right != 1:
                        raise ContentError(file, item, field + ".options",
                                           "exactly one option marked correct: true", f"{right}")
                    if q["type"] == "multiple" and right < 1:
                        raise ContentError(file, item, field + ".options",
                                           "at least one option marked correct: true", "none")
                elif "answer" not in q:
                    raise ContentError(file, item, field + ".answer", "the number that is the answer")
        elif kind == "final-claim":
            for d in ex["documents"]:
                need_doc(d, item, "documents")
            if ex.get("min_documents", 2) > len(ex["documents"]):
                raise ContentError(file, item, "min_documents", "no more than the number of documents listed",
                                   str(ex["min_documents"]))
        elif kind == "timeline":
            check_columns(ex["dataset"], ["date", "event", "theme"], file, item)
            check_selection(ex, file, item)
            check_dates(ex["dataset"], file, item)


def check_homework_refs(data: dict, file: str, documents: dict) -> None:
    """Cross-references only homework has (called by the content loader after the lesson checks)."""

    lessons = {e["id"]: e for e in sequence()}
    if data["after_lesson"] not in lessons:
        raise ContentError(file, None, "after_lesson", "the id of a lesson in lessons/course.yaml",
                           f"'{data['after_lesson']}'{sources.suggestion(data['after_lesson'], lessons)}")
    _ids(data["rubric"], file, "rubric criterion")
    organizers = {ex["id"] for ex in data["exercises"] if ex["kind"] == "organizer"}
    for ex in data["exercises"]:
        item = f"'{ex['id']}'"
        if ex["kind"] == "organizer":
            _ids(ex["fields"], file, "field", item)
            for d in ex.get("documents", []):
                if d not in documents:
                    raise ContentError(file, item, "documents", "ids of documents in this file or in "
                                       "lessons/documents.yaml", f"'{d}'{sources.suggestion(d, documents)}")
        elif ex["kind"] == "essay" and ex["organizer"] not in organizers:
            raise ContentError(file, item, "organizer", "the id of an organizer in this file",
                               f"'{ex['organizer']}'{sources.suggestion(ex['organizer'], organizers)}")
        elif ex["kind"] == "data-task":
            for name in ex["datasets"]:
                resource(name, file, item)
            _ids(ex["steps"], file, "step", item)
            for n, step in enumerate(ex["steps"], 1):
                if step["check"] not in data_steps.CHECKS:
                    raise ContentError(file, item, f"steps[{n}].check", "the name of a check in utils/facts/data_steps.py",
                                       f"'{step['check']}'{sources.suggestion(step['check'], data_steps.CHECKS)}")
                data_steps.check_data(step["check"], file, item)  # data faults show at load, not in the task

@lru_cache(maxsize=None)
def _load(root: Path, lesson_id: str, homework: bool = False) -> dict:
    rel = f"homework/{lesson_id}" if homework else lesson_id
    file = f"lessons/{rel}.yaml"
    path = root / "lessons" / f"{rel}.yaml"
    if not path.exists():
        known = [p.stem for p in (homework_files(root) if homework else lesson_files(root))]
        raise ContentError(file, None, None, f"a {'homework' if homework else 'lesson'} file with this name",
                           f"no such file{sources.suggestion(lesson_id, known)}")
    data = load_yaml(path, file)
    check(data, file, "homework" if homework else None)
    if data["id"] != lesson_id:
        raise ContentError(file, None, "id", f"the file's own name, '{lesson_id}'", f"'{data['id']}'")
    local = {d["id"]: d for d in data.get("documents", [])}
    _ids(data.get("documents", []), file, "document")
    shared = sources.shared_documents()
    for d in local:
        if d in shared:
            raise ContentError(file, f"'{d}'", "id", "a document id not already used in lessons/documents.yaml",
                               "the same id in both")
    documents = {**shared, **local}
    _check_refs(data, file, documents)
    if homework:
        check_homework_refs(data, file, documents)
    data["_documents"] = documents
    data["_file"] = file
    return data


def load_lesson(lesson_id: str) -> dict:
    """A lesson's content, validated, with all its documents resolved."""
    return _load(paths.course_root(), lesson_id)


def load_homework(homework_id: str) -> dict:
    """A homework assignment's content (lessons/homework/<id>.yaml), validated like a lesson."""
    return _load(paths.course_root(), homework_id, True)


def clear_cache() -> None:
    """Forget loaded content (after a teacher edits a file in a running kernel)."""
    _load.cache_clear()
    sources._bibliography.cache_clear()
    sources._shared_documents.cache_clear()
