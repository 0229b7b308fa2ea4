"""The bibliography (publications) and the documents (sources with their provenance)."""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path

from utils.core import paths
from utils.core.errors import ContentError
from utils.core.html import Html, esc, inline, join, markup
from utils.core.validate import check
from utils.core.yamlfile import load_yaml

UNKNOWN = "not given in the notes"  # how data and bibliography mark a detail still to be checked

GENRE_HINTS = {
    "archival document": "written inside the state at the time, not meant for the public",
    "official press": "published by the regime for the public",
    "trial record": "the regime's own account of a staged trial",
    "memoir": "a participant's memories, told later",
    "foreign visitor": "an outsider's impressions, shaped by what he or she was shown",
    "historian": "a scholar's reading of the evidence",
    "speech": "spoken to persuade an audience",
    "interview": "a conversation recorded for publication",
    "law": "what the rules said, not what happened",
    "statistics": "an official count, made for the leadership",
    "novel": "fiction: an interpretation, not evidence of events",
    "letter": "written to one reader",
}


def suggestion(word: str, known) -> str:
    """' Did you mean X?' when a close match exists, else ''."""
    close = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _unique(items: list[dict], file: str, what: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for item in items:
        if item["id"] in out:
            raise ContentError(file, f"'{item['id']}'", "id", f"each {what} id to be used once",
                               "it used twice")
        out[item["id"]] = item
    return out


@lru_cache(maxsize=None)
def _bibliography(root: Path) -> dict[str, dict]:
    file = root / "lessons" / "bibliography.yaml"
    data = check(load_yaml(file, "lessons/bibliography.yaml"), "lessons/bibliography.yaml",
                 "bibliography")
    works = _unique(data["works"], "lessons/bibliography.yaml", "work")
    for work in works.values():
        if not (work.get("pages") or work.get("archive") or work.get("published")):
            raise ContentError("lessons/bibliography.yaml", f"'{work['id']}'", "published",
                               "where the work was published (or its pages or archive reference)")
    return works


def bibliography() -> dict[str, dict]:
    """All works the course cites, by id."""
    return _bibliography(paths.course_root())


def work(work_id: str, file: str = "?", item: str | None = None, field: str = "source") -> dict:
    """One work by id; a ContentError names the caller's file and field if it is unknown."""
    works = bibliography()
    if work_id not in works:
        raise ContentError(file, item, field, "the id of a work in lessons/bibliography.yaml",
                           f"'{work_id}'{suggestion(work_id, works)}")
    return works[work_id]


def citation(work_id: str, locator: str | None = None) -> str:
    """A full citation in plain text (with *italic* markup for titles of books)."""
    w = {k: v for k, v in work(work_id).items() if not str(v).startswith(UNKNOWN)}
    title = f"*{w['title']}*" if w["kind"] in ("book", "memoir", "novel", "document-collection",
                                               "reference") else f"\u201c{w['title']}\u201d"
    parts = [w["authors"], title]
    if w.get("published"):
        parts.append(str(w["published"]))
    if w.get("year") and str(w["year"]) not in str(w.get("published", "")):  # "9 December 2021"
        parts.append(str(w["year"]))
    text = ", ".join(parts)
    if w.get("pages") and not locator:
        pages = str(w["pages"])
        text += f", {'pp.' if '–' in pages or '-' in pages else 'p.'} {pages}"
    if w.get("archive"):
        text += f" ({w['archive']})"
    if locator and locator != UNKNOWN and locator not in text:
        text += f", {locator}"
    # Research shorthand stays out of what students read: drop "(volume not given in the notes)".
    text = re.sub(r"\s*\([^()]*not (?:given|named) in the notes[^()]*\)", "", text)
    text = re.sub(r"not (?:given|named) in the notes", "not known", text)
    return text + "."


def _short_authors(w: dict) -> str:
    if w.get("short"):
        return w["short"]
    first = re.sub(r"\s*\([^)]*\)", "", w["authors"].split(";")[0]).strip()
    institutional = w["kind"] in ("document", "document-collection") or re.search(
        r"Committee|Ministry|Politburo|Council|[Cc]ommission|administration|Department|editors|Memorial", first)
    if institutional or not re.search(r"[a-z]", first):
        return first if len(first) <= 60 else first[:57].rsplit(" ", 1)[0] + "…"
    people = [p.strip() for p in re.split(r",\s*|\s+and\s+|\s*&\s*", first) if p.strip()]
    surnames = [p.split()[-1] for p in people]
    if len(surnames) == 1:
        return surnames[0]
    return " and ".join(surnames) if len(surnames) == 2 else f"{surnames[0]} et al."


def short_citation(work_id: str, locator: str | None = None) -> str:
    """Author surname(s) and year, with the locator: for captions and evidence lines."""
    w = work(work_id)
    name, year = _short_authors(w), str(w.get("year", "n.d."))
    text = name if year in name else f"{name} {year}"
    return f"{text}, {locator}" if locator and locator != UNKNOWN else text


@lru_cache(maxsize=None)
def _shared_documents(root: Path) -> dict[str, dict]:
    file = root / "lessons" / "documents.yaml"
    if not file.exists():
        return {}
    data = check(load_yaml(file, "lessons/documents.yaml"), "lessons/documents.yaml",
                 "documents-file")
    docs = _unique(data["documents"], "lessons/documents.yaml", "document")
    for doc in docs.values():
        work(doc["source"], "lessons/documents.yaml", f"'{doc['id']}'")
    return docs


def shared_documents() -> dict[str, dict]:
    """Documents defined once in lessons/documents.yaml, usable by every lesson."""
    return _shared_documents(paths.course_root())


def provenance_html(doc: dict) -> Html:
    """A headnote: who, when, what kind of source, for whom, why, how far from the events."""
    rows = [
        ("Who", doc["author"] + (f", {doc['author_position']}" if doc.get("author_position") else "")),
        ("When", str(doc["date"])),
        ("What kind of source", f"{doc['genre']} ({GENRE_HINTS.get(doc['genre'], '')})"),
        ("For whom", doc["audience"]),
        ("Why", doc["purpose"]),
        ("Distance from the events", doc["distance"] + (f": {doc['distance_note']}"
                                                        if doc.get("distance_note") else "")),
        ("Where to find it", citation(doc["source"], doc.get("locator"))),
    ]
    if doc.get("translation_note"):
        rows.append(("Translation", doc["translation_note"]))
    body = join(markup("<tr><th scope='row'>{}</th><td>{}</td></tr>", k, inline(v)) for k, v in rows)
    return markup("<div class='ph-source-card' role='group' aria-label='Source: {}'>"
                  "<p class='ph-source-title'><strong>Source:</strong> {}</p>"
                  "<table class='ph-provenance'>{}</table></div>", doc["title"], inline(doc["title"]), body)


def provenance_text(doc: dict) -> str:
    """The same headnote as plain text."""
    return (f"Source: {doc['title']}. {doc['author']}; {doc['date']}; {doc['genre']}; "
            f"for {doc['audience']}; {doc['distance']}. {citation(doc['source'], doc.get('locator'))}")
