"""A submission file: one HTML page a teacher can open anywhere, with the answers embedded as JSON.

The page shows every question and answer (escaped). Inside it, a ``<script type="application/json">``
block holds the machine-readable submission: the assignment, the student's name, the course
version, a UTC timestamp, every answer, what was unfinished, a SHA-256 of the visible page, and a
SHA-256 checksum over the canonical JSON of all the rest. ``read`` says whether a file is a
sound submission, and if not, why: not a submission, missing data, corrupt, altered, or invalid.

What the checksum proves, and what it does not: it catches a file damaged or edited by accident
(a byte changed in transit, an answer retyped in an editor without recomputing it). It is not a
seal: the algorithm is public, so anyone can edit a file and recompute both hashes, and the
time inside the file comes from the student's own computer. A teacher who needs to know when
work was handed in trusts the upload time the learning platform records (see docs/handing-in.md).

Reading is safe for any input: linear in the file's size, and every value of every answer is
checked against the form the course writes (``VALUE_FIELDS``), so a file that passes ``read`` can
be summed up without surprises.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from utils.core import paths
from utils.core.html import Html, esc, markup
from utils.core.styles import page_template, stylesheet

FORMAT = "purges-and-hysteria-submission"
VERSION = 1
GENERATOR = "purges-and-hysteria submission"
SUBMISSIONS_ENV = "PH_SUBMISSIONS_DIR"
PAGE_START, PAGE_END = "<!-- ph-page-start -->", "<!-- ph-page-end -->"
DATA_OPEN, DATA_CLOSE = '<script type="application/json" id="ph-submission">', "</script>"
_REQUIRED = {"format": str, "version": int, "assignment": dict, "student": str, "course_version": str,
             "submitted_at": str, "items": list, "unfinished": list, "complete": bool,
             "page_sha256": str, "checksum": str}
# the status ``read`` gives a file
OK, NOT_SUBMISSION, MISSING_DATA, CORRUPT, ALTERED = "ok", "not a submission", "missing data", "corrupt", "altered"
INVALID = "invalid"  # a sound checksum over answers the Submit button never writes (made or edited by hand)
NEWER = "newer version"  # made by a newer version of the course than the one reading it
MAX_ITEMS, MAX_SHOWN = 1000, 200  # far more than any assignment has; bounds the work a hostile file can cause

# the page's look: utils/core/css/submission.css without its comment, on one line as it always was
STYLE = stylesheet("submission").split("*/", 1)[1].strip()


def now_utc() -> str:
    """The current time in UTC, to the second: 2025-03-09T17:45:12Z."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def human_time(value) -> str:
    """A moment as people read it, the one way the course shows a time: '9 Mar 2025, 17:45 UTC'.

    Takes the time a file holds ('2025-03-09T17:45:12Z', or any ISO 8601 time: converted to UTC,
    and taken as UTC when it has no zone) or a datetime. Text that is not a time is given back as
    it is ('' for nothing), so a file with a strange time still shows what it holds.
    """
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value or "").strip()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} UTC"


def canonical(data) -> bytes:
    """The one byte string a JSON value has: keys sorted, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def checksum(payload: dict) -> str:
    """SHA-256 (hex) over the canonical JSON of everything but the checksum itself."""
    return hashlib.sha256(canonical({k: v for k, v in payload.items() if k != "checksum"})).hexdigest()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- building -----------------------------------------------------------------------------------
def make_payload(assignment: dict, student: str, items: list[dict], course_version: str,
                 submitted_at: str | None = None) -> dict:
    """The submission's data (without page hash and checksum; ``build`` adds them).

    Each item: key, kind, label, question, value (as saved), shown (label/text pairs a person
    reads) and unfinished (a description of what is missing, or None).
    """
    unfinished = [{"key": i["key"], "label": i["label"], "problem": i["unfinished"]}
                  for i in items if i.get("unfinished")]
    return {"format": FORMAT, "version": VERSION,
            "assignment": {"id": assignment["id"], "title": assignment["title"]},
            "student": student, "course_version": course_version,
            "submitted_at": submitted_at or now_utc(), "items": items,
            "unfinished": unfinished, "complete": not unfinished}


def unfinished_line(entry: dict) -> str:
    """'Prompt 2 is blank': an unfinished item in words."""
    return f"{entry['label']} {entry['problem']}"


def render_page(payload: dict) -> str:
    """The human-readable part: every question and answer, escaped."""
    a = payload["assignment"]
    head = (f"<h1>{esc(a['title'])}</h1><p>Student: <strong>{esc(payload['student'])}</strong></p>"
            f"<p>Handed in {esc(human_time(payload['submitted_at']))}. "
            f"Assignment <code>{esc(a['id'])}</code>; course version {esc(payload['course_version'])}.</p>")
    if payload["unfinished"]:
        items = "".join(f"<li>{esc(unfinished_line(u))}</li>" for u in payload["unfinished"])
        head += ("<div class='unfinished' role='note'><p><strong>Handed in with unfinished work.</strong> "
                 f"The student confirmed submitting with these unfinished:</p><ul>{items}</ul></div>")
    else:
        head += "<p><strong>Complete:</strong> every part was finished when it was handed in.</p>"
    sections = []
    for item in payload["items"]:
        question = f"<p>{esc(item['question'])}</p>" if item.get("question") else ""
        shown = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v) if str(v).strip() else '<em>(blank)</em>'}</dd>"
                        for k, v in item.get("shown", []))
        note = (f"<p class='unfinished'><strong>Unfinished:</strong> {esc(item['unfinished'])}</p>"
                if item.get("unfinished") else "")
        sections.append(f"<section><h2>{esc(item['label'])}</h2>{question}<dl>{shown}</dl>{note}</section>")
    return head + "".join(sections)


def _embed(payload: dict) -> str:
    """JSON that is safe inside a script element: no '<', '>' or '&' appears as itself."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, indent=1)
    for ch, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, code)
    return text


def build(payload: dict) -> str:
    """The submission file's text: the page, the page's hash and the checksum, the embedded data."""
    page = render_page(payload)
    payload = {**payload, "page_sha256": _sha(page)}
    payload["checksum"] = checksum(payload)
    title = f"{payload['assignment']['title']}: {payload['student']}"
    # a plain str: the text of a file (str methods on it must not escape, as Markup's do)
    return str(markup(page_template("submission"), generator=GENERATOR, title=title, style=Html(STYLE),
                  data=Html(_embed(payload)), page_start=Html(PAGE_START), page=Html(page),
                  page_end=Html(PAGE_END), checksum=payload["checksum"]))


# -- reading ------------------------------------------------------------------------------------
@dataclass
class Reading:
    """What ``read`` found: a status (OK or a problem), the payload if any, and why."""

    status: str
    payload: dict | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.status == OK


def read(data: bytes | str) -> Reading:
    """Parse and verify a submission file's content."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return Reading(CORRUPT, None, f"it is not UTF-8 text (bad byte at position {exc.start})")
    if GENERATOR not in data:
        return Reading(NOT_SUBMISSION, None, "it was not made by the course's Submit button")
    block = _data_block(data)
    if block is None:
        return Reading(MISSING_DATA, None, "the page has no embedded answers (the file was cut short or "
                                           "saved again by another program)")
    try:
        payload = json.loads(block)
    except (ValueError, RecursionError) as exc:
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:80]
        return Reading(CORRUPT, None, f"the embedded answers are not valid JSON ({why})")
    sealed = payload  # the checksum is over the data as written, at the version it was written in
    status, problem, payload = _upgraded(payload)
    if status:
        return Reading(status, None, problem)
    problem = _shape_problem(payload)
    if problem:
        return Reading(CORRUPT, None, problem)
    if checksum(sealed) != sealed.get("checksum"):
        return Reading(ALTERED, payload, "the checksum does not match: the file was changed after it was "
                                         "made (by accident or by hand) without the checksum being redone")
    start, end = data.find(PAGE_START), data.find(PAGE_END)
    page = data[start + len(PAGE_START):end]
    if start < 0 or end < start or _sha(page) != payload["page_sha256"]:
        return Reading(ALTERED, payload, "the page a teacher reads was changed after the file was made")
    problem = value_problem(payload)
    if problem:
        return Reading(INVALID, payload, problem + ". The Submit button never writes this: the file was made "
                       "or edited by some other means, so its answers are not used")
    if not _page_shows(payload, page):
        return Reading(ALTERED, payload, "the answers on the page and the embedded answers differ")
    return Reading(OK, payload)


# -- versions of the format: a file is never rewritten, an older one is upgraded as it is read ----------
def _upgrade_0_to_1(payload: dict) -> dict:
    """Version 0, a file without a "version" (as none was ever written): the same data, numbered 1."""
    return {**payload, "version": 1}


# UPGRADES[n] turns the data of a version-n file into version n + 1, keeping every answer. A change
# of format raises VERSION, adds the step here and a version-n file to tests/handin/test_format_versions.py.
UPGRADES = {0: _upgrade_0_to_1}


def _upgraded(payload) -> tuple[str, str, object]:
    """(status, problem, the data at VERSION): a status if the version is not a whole number or newer
    than this copy of the course reads (data that is not a submission is left to ``_shape_problem``)."""
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return "", "", payload
    version = payload.get("version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        return CORRUPT, "the embedded data has no valid 'version'", payload
    if version > VERSION:
        return NEWER, (f"it was made by a newer version of the course (submission format {version}; this copy "
                       f"reads formats up to {VERSION}): update the course, then read the folder again"), payload
    while version < VERSION:
        payload = UPGRADES[version](payload)
        version = payload["version"]
    return "", "", payload


def _data_block(data: str) -> str | None:
    """The text of the first embedded data block, found in linear time (None if there is none)."""
    start = data.find(DATA_OPEN)
    if start < 0:
        return None
    start += len(DATA_OPEN)
    end = data.find(DATA_CLOSE, start)
    return None if end < 0 else data[start:end]


def _page_shows(payload: dict, page: str) -> bool:
    """Every answer in the data is on the page, in the order ``render_page`` writes them.

    Each text is looked for after the one before, so the whole check reads the page once
    (looking for each text anywhere in the page would take time quadratic in a hostile file).
    """
    wanted = [payload["student"]] + [str(v) for i in payload["items"] for pair in i.get("shown", [])
                                     if isinstance(pair, list) and len(pair) == 2 for v in pair]
    at = 0
    for w in wanted:
        if not w.strip():
            continue
        shown = esc(w)
        found = page.find(shown, at)
        if found < 0:
            return False
        at = found + len(shown)
    return True


def _shape_problem(payload) -> str:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return "the embedded data is not a submission of this course"
    for key, kind in _REQUIRED.items():
        if not isinstance(payload.get(key), kind):
            return f"the embedded data has no valid '{key}'"
    if not isinstance(payload["assignment"].get("id"), str):
        return "the embedded data names no assignment"
    bad = [n for n, i in enumerate(payload["items"], 1)
           if not (isinstance(i, dict) and isinstance(i.get("key"), str) and isinstance(i.get("label"), str))]
    return f"answer {bad[0]} of the embedded data is damaged" if bad else ""


# -- every value in the form the course writes ------------------------------------------------------
_TEXT, _BOOL, _INT = {"type": "string"}, {"type": "boolean"}, {"type": "integer"}
_NAME = {"type": ["string", "null"]}
_TEXTS = {"type": "array", "items": _TEXT}
_MAP_OF_TEXT = {"type": "object", "additionalProperties": _TEXT}
# the fields each kind of exercise saves (others are allowed: a later version may add some)
VALUE_FIELDS = {
    "prompt": {"text": _TEXT},
    "essay": {"text": _TEXT},
    "claim-check": {"verdict": _NAME, "evidence": _TEXTS, "justification": _TEXT, "committed": _BOOL},
    "reliability-rating": {"ratings": {"type": "object", "additionalProperties":
                                       {"type": "integer", "minimum": 1, "maximum": 5}},
                           "justification": _TEXT, "committed": _BOOL},
    "side-by-side": {"marks": _MAP_OF_TEXT, "reliable": _NAME, "why": _TEXT, "committed": _BOOL},
    "corroboration-grid": {"cells": {"type": "object", "additionalProperties": _MAP_OF_TEXT}, "committed": _BOOL},
    "estimates": {"groups": _TEXTS, "answer": _TEXT, "committed": _BOOL},
    "quick-check": {"responses": {"type": "object", "additionalProperties":
                                  {"anyOf": [{"type": "number"}, {"type": "array", "items": _INT}, _TEXT]}},
                    "attempts": {"type": "object", "additionalProperties": {"type": "array", "items": {
                        "type": "object", "properties": {"correct": _BOOL}}}},
                    "solved": {"anyOf": [_BOOL, _INT, _TEXTS]}},
    "timeline": {"themes": _TEXTS, "years": {"type": "array", "items": _INT, "minItems": 2, "maxItems": 2},
                 "selected": _NAME, "answer": _TEXT},
    "organizer": {"fields": _MAP_OF_TEXT},
    "source-card": {"note": _TEXT, "words": _INT},
    "final-claim": {"text": _TEXT, "documents": _TEXTS, "committed": _BOOL},
    "data-task": {"steps": {"type": "object", "additionalProperties": {
        "type": "object", "properties": {"passed": _BOOL, "attempts": {"type": "integer", "minimum": 0}}}}},
}
# a record of revisions (first answer, later ones, the final one), for exercises that keep them
_REVISION_FIELDS = {"changed_after_reveal": _BOOL, "after_reveal": _BOOL, "at": _TEXT}


def _value_schema(fields: dict) -> dict:
    version = {"type": "object", "properties": {**fields, **_REVISION_FIELDS}}
    one = {"anyOf": [version, _TEXT, {"type": "null"}]}
    return {"type": ["object", "null"],
            "properties": {**fields, "first": one, "final": one, "revisions": {"type": "array", "items": one},
                           "changed_after_reveal": _BOOL}}


_ITEM = {"type": "object", "required": ["key", "kind", "label", "shown"],
         "properties": {"key": _TEXT, "kind": _TEXT, "label": _TEXT, "question": _TEXT,
                        "shown": {"type": "array", "maxItems": MAX_SHOWN,
                                  "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": _TEXT}},
                        "unfinished": {"type": ["string", "null"]}}}
ENVELOPE = {"type": "object",
            "properties": {"assignment": {"type": "object", "required": ["id", "title"],
                                          "properties": {"id": _TEXT, "title": _TEXT}},
                           "items": {"type": "array", "maxItems": MAX_ITEMS},
                           "unfinished": {"type": "array", "items": {
                               "type": "object", "required": ["key", "label", "problem"],
                               "properties": {"key": _TEXT, "label": _TEXT, "problem": _TEXT}}}}}
_WANTED = {"string": "text", "integer": "a whole number", "number": "a number", "array": "a list",
           "object": "a set of named fields", "boolean": "true or false", "null": "empty"}
_validators: dict = {}


def _validator(kind: str):
    if kind not in _validators:
        import fastjsonschema

        schema = {"": ENVELOPE, "item": _ITEM}.get(kind) or _value_schema(VALUE_FIELDS.get(kind, {}))
        _validators[kind] = fastjsonschema.compile(schema)
    return _validators[kind]


def _schema_problem(validate, value) -> str | None:
    """None if the value fits, else '<where>' should be <what>, not <what it is>."""
    import fastjsonschema

    try:
        validate(value)
        return None
    except fastjsonschema.JsonSchemaValueException as exc:
        where = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + 1}]", exc.name.removeprefix("data").lstrip("."))
        rule = exc.rule_definition
        if exc.rule == "type":
            kinds = [rule] if isinstance(rule, str) else list(rule)
            wanted = " or ".join(_WANTED.get(k, k) for k in kinds)
        elif exc.rule in ("minimum", "maximum"):
            wanted = f"a number {'at least' if exc.rule == 'minimum' else 'at most'} {rule}"
        elif exc.rule in ("minItems", "maxItems"):
            wanted = f"a list of {'at least' if exc.rule == 'minItems' else 'at most'} {rule} items"
        elif exc.rule == "required":
            wanted = "a set of fields including " + ", ".join(rule)
        else:
            wanted = "in the form the course writes"
        got = exc.value
        got = (f"text ({json.dumps(got)[:40]})" if isinstance(got, str) else
               f"{type(got).__name__} {json.dumps(got)[:40]}" if not isinstance(got, (dict, list)) else
               "a set of named fields" if isinstance(got, dict) else f"a list of {len(got)} items")
        return f"'{where}' should be {wanted}, not {got}" if where else f"should be {wanted}, not {got}"
    except RecursionError:
        return "it is nested too deeply"


def value_problem(payload: dict) -> str:
    """'' if every part of the submission is in the form the course writes, else what is not and where."""
    problem = _schema_problem(_validator(""), payload)
    if problem:
        return f"the embedded data is not in the form the course writes: {problem}"
    for n, item in enumerate(payload["items"], 1):
        label = item["label"].strip()[:80] or item["key"][:80]  # both are text (``_shape_problem``)
        problem = _schema_problem(_validator("item"), item)
        if problem:
            return f"answer {n} ({label}) is not in the form the course writes: {problem}"
        problem = _schema_problem(_validator(item["kind"]), item.get("value"))
        if problem:
            return f"answer {n} ({label}) is not in the form the course writes: its value {problem}"
    return ""


def read_file(path: Path) -> Reading:
    """``read`` a file from disk."""
    return read(Path(path).read_bytes())


# -- handing in ---------------------------------------------------------------------------------
def submissions_dir() -> Path:
    """Where Submit writes files: $PH_SUBMISSIONS_DIR, else submissions/ in the course folder."""
    if os.environ.get(SUBMISSIONS_ENV):
        return Path(os.environ[SUBMISSIONS_ENV]).expanduser().resolve()
    return paths.course_root() / "submissions"


def file_name(assignment_id: str, student: str, submitted_at: str) -> str:
    """h1-kirov-sources_anna-ivanova_20250309-174512Z.html (letters of any script are kept)."""
    slug = re.sub(r"[\W_]+", "-", student.casefold()).strip("-")[:40].strip("-") or "student"
    stamp = re.sub(r"[^0-9TZ]", "", submitted_at).replace("T", "-")
    return f"{assignment_id}_{slug}_{stamp}.html"


def write(text: str, name: str, folder: Path | None = None) -> Path:
    """Write atomically into the submissions folder; never overwrite (a suffix is added)."""
    folder = Path(folder) if folder else submissions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target, n = folder / name, 1
    while target.exists():
        n += 1
        target = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
    fd, tmp = tempfile.mkstemp(prefix=".submission-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            if hasattr(os, "fchmod"):  # readable by a teacher on the same computer, like the answers
                os.fchmod(fh.fileno(), 0o644)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target


def data_uri(text: str, mime: str = "text/html") -> str:
    """The text as a data: URI, for a browser download link that works on Binder too."""
    return f"data:{mime};charset=utf-8;base64," + base64.b64encode(text.encode("utf-8")).decode("ascii")


def download_link(text: str, name: str, label: str, mime: str = "text/html") -> Html:
    """An <a download> link carrying the file itself."""
    return markup("<a download='{}' href='{}' title='{}: {}'>{}</a>", name, data_uri(text, mime), label, name, label)
