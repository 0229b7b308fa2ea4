"""The teacher's side: read the files a class handed in, say what each one is, sum up the class.

    from utils import class_folder
    c = class_folder("tests/submissions/example_class", "h1-kirov-sources", deadline="2025-03-10")
    c.statuses()      # every file, by name: complete, incomplete, late, duplicate, corrupt, altered…
    c.grade_sheet()   # a CSV a spreadsheet or the learning platform opens, one row per student

The class can be a folder of files, a folder of per-student folders, or a zip: a learning
platform's bulk download (Moodle: a zip of folders named "Ada Example_12345_assignsubmission_file_";
Canvas: a zip of files named "exampleada_12345_67890_<file>"). Where the platform's name carries
the student's name or id, that is the student's key; the name typed in the file is shown beside it.
The assignment can be a homework or a lesson handed in with "Hand in this lesson".

A bad file never stops the reading: it is reported by name, with the reason, and the rest go on.
Only regular files under a size limit are read (never a pipe, a device, or a link to one), a zip
is read in memory member by member (nothing is extracted to disk), and every value in every
file is checked against the form the course writes before it is summed up. The statuses are
computed from the files and the content only, so the same folder always gives the same report.

What the checksum in a file proves is limited: see docs/handing-in.md. "Altered" means the
file was changed after it was made (by accident or by hand) without the checksum being redone;
a student who edits a file and redoes the checksum is not caught by it, and the time in the
file is the student's own clock. Trust the platform's upload time for lateness.
"""
from __future__ import annotations

import csv
import io
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from datetime import datetime, time, timezone
from pathlib import Path, PurePosixPath

from utils.exercises import answers, registry
from utils.content import load as content
from utils.core import paths
from utils.handin import submission
from utils.handin.submission import human_time
from utils.core.display import Shown
from utils.core.errors import BadValue, CourseError, NotFound
from utils.core.html import Html, inline, join, markup, plain, table as table_html
from utils.exercises.common import word_count
from utils.teacher.class_charts import student_key  # noqa: F401 (part of this module's API)
from utils.core.version import VERSION as __version__
from utils.handin.submit_box import shown_path
from utils.teacher.class_charts import side_by_side
from utils.teacher.class_charts import summary
from utils.teacher.guide import body_html, homework_markdown, lesson_markdown

COMPLETE, INCOMPLETE, DUPLICATE = "complete", "incomplete", "duplicate"
UNKNOWN, OTHER, UNREADABLE, SKIPPED = "unknown assignment", "other assignment", "unreadable", "not read"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_FILE = 10 * 2 ** 20  # bytes: a homework file is tens of kilobytes; this leaves room for long essays
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_BYTES = 400 * 2 ** 20  # bytes read out of one zip in all
SIMILAR_MIN_WORDS, SIMILAR_THRESHOLD = 20, 0.85  # answers compared; how alike is near-identical
MAX_DEPTH = 4  # folders inside the class folder (a zip counts as one)
IGNORED = {"__MACOSX", "Thumbs.db", "desktop.ini"}
# what learning platforms call a student in the files of a bulk download
MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assign(?:submission|feedback)_[a-z]+_?(?P<rest>.*)$", re.S)
CANVAS = re.compile(r"^(?P<name>[^\W_]+)(?P<late>_LATE)?_(?P<id>\d{3,})_(?P<sub>\d{3,})_(?P<rest>.+)$", re.S | re.I)


def lms_identity(path: str) -> dict | None:
    """{'lms', 'name', 'id', 'late'} from a path in a Moodle or Canvas bulk download, else None.

    Moodle names each student's folder (or, in older versions, each file) "Full Name_<participant
    id>_assignsubmission_file_"; Canvas names each file "<lastfirst>[_LATE]_<user id>_<submission id>_<file>".
    """
    parts = PurePosixPath(path).parts
    for part in parts:
        m = MOODLE.match(part)
        if m and m.group("name").strip():
            return {"lms": "Moodle", "name": m.group("name").strip(), "id": m.group("id"), "late": False}
    m = CANVAS.match(parts[-1]) if parts else None
    if m:
        return {"lms": "Canvas", "name": m.group("name"), "id": m.group("id"), "late": bool(m.group("late"))}
    return None


@dataclass
class Entry:
    """One file of the class and what it turned out to be."""

    file: str
    status: str
    problem: str = ""
    payload: dict | None = None
    late: bool = False
    notes: list[str] = field(default_factory=list)
    lms: dict | None = None  # the student as the learning platform's download names them

    @property
    def student(self) -> str:
        """The name typed in the file."""
        return self.payload["student"] if self.payload else ""

    @property
    def key(self) -> str:
        """Who this is: the platform's id where the download gives one, else the typed name."""
        if self.lms:
            return f"{self.lms['lms'].lower()}:{self.lms['id']}"
        return student_key(self.student)

    @property
    def who(self) -> str:
        """The student as the teacher reads it: the platform's name and id, and the typed name beside it."""
        if not self.lms:
            return self.student
        lms = f"{self.lms['name']} ({self.lms['lms']} {self.lms['id']})"
        return f"{lms}, typed: {self.student}" if self.payload else lms

    @property
    def submitted_at(self) -> str:
        return self.payload["submitted_at"] if self.payload else ""

    @property
    def used(self) -> bool:
        """Counted for its student (the latest sound submission of this assignment)."""
        return self.status in (COMPLETE, INCOMPLETE)

    def label(self) -> str:
        return self.status + (", late" if self.late else "")


def parse_deadline(value) -> datetime | None:
    """'2025-03-10T18:00Z', '2025-03-10 18:00' (UTC if no zone) or '2025-03-10' (the end of that day, UTC)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise BadValue(f"The deadline {text!r} is not a date and time the course can read: write it as "
                           "'2025-03-10' (the end of that day), '2025-03-10 18:00' (UTC) or '2025-03-10T18:00Z'.") from None
        if len(text) == 10:
            moment = datetime.combine(moment.date(), time(23, 59, 59))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def resolve(folder) -> Path:
    """A folder as given, or relative to the course folder if it is not found as given."""
    path = Path(folder).expanduser()
    return path if path.is_absolute() or os.path.lexists(path) else paths.course_root() / path


def guard(value):
    """A spreadsheet cell that cannot run as a formula: text starting with = + - @ gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: list[list]) -> str:
    """CSV for spreadsheets: every cell guarded, quoted where needed, CRLF line ends."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([[guard(c) for c in row] for row in rows])
    return out.getvalue()


# -- finding the files: a folder, per-student folders, a zip ------------------------------------------
@dataclass
class Found:
    """One file found: its name as shown (a path inside the class), its bytes, or why it was not read."""

    name: str
    data: bytes | None = None
    status: str = ""
    problem: str = ""


def _mb(n: int) -> str:
    return f"{n / 2 ** 20:.1f} MB"


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else a CourseError saying why not.

    The file is opened without blocking and checked after opening, so a pipe, a device, or a
    link to one is never read (nothing waits, nothing endless is read), whatever it was swapped
    for in between.
    """
    limit = MAX_FILE if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise CourseError(f"the file could not be opened ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CourseError("not a regular file (a pipe, a device or a socket): not read")
        if info.st_size > limit:
            raise CourseError(f"too large to be a submission ({_mb(info.st_size)}; the limit is {_mb(limit)}): not read")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise CourseError(f"too large to be a submission (over {_mb(limit)}): not read")
        return data
    except OSError as exc:
        raise CourseError(f"the file could not be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in IGNORED


def find_files(root: Path) -> list[Found]:
    """Every file of a class folder (and its folders and zips, to a depth) or of a zip, by name."""
    if not os.path.lexists(root):
        raise NotFound(f"There is no folder or zip {root}: check the path in the first cell.")
    if root.is_dir():
        return _walk(root, "", 0)
    if root.is_file() and root.suffix.lower() == ".zip":
        return _zip(root, "", 0)
    raise NotFound(f"{root} is neither a folder nor a zip file: check the path in the first cell.")


def _walk(folder: Path, prefix: str, depth: int) -> list[Found]:
    found: list[Found] = []
    try:
        children = sorted(os.scandir(folder), key=lambda d: d.name)
    except OSError as exc:
        return [Found(prefix.rstrip("/") or folder.name, status=UNREADABLE,
                      problem=f"the folder could not be opened ({exc.strerror or exc})")]
    for child in children:
        if _hidden(child.name):
            continue
        name, path = prefix + child.name, Path(child.path)
        try:
            is_link = child.is_symlink()
            target = os.stat(path)  # follows a link
        except OSError:
            found.append(Found(name, status=SKIPPED, problem="a link to something that is not there: not read"))
            continue
        if stat.S_ISDIR(target.st_mode):
            if is_link:
                found.append(Found(name, status=SKIPPED, problem="a link to a folder: not followed"))
            elif depth + 1 > MAX_DEPTH:
                found.append(Found(name, status=SKIPPED, problem=f"a folder more than {MAX_DEPTH} deep: not read"))
            else:
                inside = _walk(path, name + "/", depth + 1)
                found.extend(inside or [Found(name + "/", status=submission.NOT_SUBMISSION, problem="an empty folder")])
        elif not stat.S_ISREG(target.st_mode):
            what = "a link to " if is_link else ""
            found.append(Found(name, status=SKIPPED, problem=f"{what}something that is not a regular file "
                                                             "(a pipe, a device or a socket): not read"))
        elif child.name.lower().endswith(".zip"):
            found.extend(_zip(path, name + "/", depth + 1))
        else:
            try:
                found.append(Found(name, read_regular(path)))
            except CourseError as exc:
                found.append(Found(name, status=UNREADABLE if "could not" in str(exc) else SKIPPED, problem=str(exc)))
    return found


def _zip(path: Path, prefix: str, depth: int) -> list[Found]:
    """The members of a zip, read in memory one by one: never extracted, each one checked."""
    import zipfile

    here = prefix.rstrip("/") or path.name
    if depth > MAX_DEPTH:
        return [Found(here, status=SKIPPED, problem="a zip inside a zip: not opened (unzip it first)")]
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        fh = os.fdopen(fd, "rb")
    except OSError as exc:
        return [Found(here, status=UNREADABLE, problem=f"the zip could not be opened ({exc.strerror or exc})")]
    found: list[Found] = []
    with fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return [Found(here, status=SKIPPED, problem="not a regular file: not read")]
        try:
            archive = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            return [Found(here, status=UNREADABLE, problem=f"not a readable zip file ({exc})")]
        with archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                found.append(Found(here, status=SKIPPED, problem=f"the zip holds {len(members)} files; only the "
                                                               f"first {MAX_ZIP_MEMBERS} are read"))
            budget = MAX_ZIP_BYTES
            for info in members[:MAX_ZIP_MEMBERS]:
                raw = info.filename
                parts = [p for p in raw.replace("\\", "/").split("/") if p not in ("", ".")]
                name = prefix + "/".join(parts)
                if raw.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", raw):
                    found.append(Found(prefix + raw, status=SKIPPED, problem="a name that points outside the zip: not read"))
                    continue
                if info.is_dir() or not parts or any(_hidden(p) for p in parts):
                    continue
                mode = info.external_attr >> 16
                if stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # no type: made on Windows, a file
                    found.append(Found(name, status=SKIPPED, problem="a link or special file inside the zip, not a "
                                                                     "regular file: not read"))
                elif parts[-1].lower().endswith(".zip"):
                    found.append(Found(name, status=SKIPPED, problem="a zip inside a zip: not opened (unzip it first)"))
                elif depth + len(parts) - 1 > MAX_DEPTH:
                    found.append(Found(name, status=SKIPPED, problem=f"a file more than {MAX_DEPTH} folders deep: not read"))
                elif info.file_size > MAX_FILE:
                    found.append(Found(name, status=SKIPPED, problem=f"too large to be a submission "
                                       f"({_mb(info.file_size)}; the limit is {_mb(MAX_FILE)}): not read"))
                elif budget <= 0:
                    found.append(Found(name, status=SKIPPED, problem=f"the zip's files add up to more than "
                                                                     f"{_mb(MAX_ZIP_BYTES)}: not read"))
                else:
                    try:
                        with archive.open(info) as member:
                            data = member.read(MAX_FILE + 1)  # the size in the zip's index may lie
                    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError,
                            ValueError) as exc:
                        found.append(Found(name, status=UNREADABLE, problem=f"could not be read from the zip ({exc})"))
                        continue
                    if len(data) > MAX_FILE:
                        found.append(Found(name, status=SKIPPED, problem=f"too large to be a submission "
                                                                         f"(over {_mb(MAX_FILE)}): not read"))
                    else:
                        budget -= len(data)
                        found.append(Found(name, data))
    return found


# -- the assignment: a homework or a lesson -----------------------------------------------------------
class Assignment:
    """What the class handed in: a homework (lessons/homework/) or a lesson (lessons/), content only.

    Nothing is read from or saved to an answers store.
    """

    def __init__(self, assignment_id: str):
        homework = {p.stem for p in content.homework_files()}
        lessons = {p.stem for p in content.lesson_files()}
        if assignment_id in homework:
            self.kind, self.data = "homework", content.load_homework(assignment_id)
        elif assignment_id in lessons:
            self.kind, self.data = "lesson", content.load_lesson(assignment_id)
        else:
            known = ", ".join(sorted(homework) + sorted(lessons))
            raise CourseError(f"'{assignment_id}' is not a homework in lessons/homework/ or a lesson in "
                              f"lessons/; it can be one of: {known}")
        self.id = assignment_id
        self.documents = self.data.get("_documents", {})

    @property
    def title(self) -> str:
        title = plain(self.data["title"])
        if self.kind == "lesson" and self.data.get("number") is not None and not title.startswith("Lesson"):
            return f"Lesson {self.data['number']}: {title}"
        return title

    def keys(self) -> dict[str, tuple[str, dict]]:
        """Every saved key of this assignment -> (kind, spec), in the order they are handed in."""
        out = {f"{self.id}/{ex['id']}": (ex["kind"], ex) for ex in self.data["exercises"]}
        out.update({f"{self.id}/prompt-{p['id']}": ("prompt", p) for p in self.data.get("prompts", [])})
        return out


def known_assignments() -> set[str]:
    return {p.stem for p in content.homework_files()} | {p.stem for p in content.lesson_files()}


class ClassFolder:
    """Every file of one class folder (or zip), read for one assignment."""

    def __init__(self, folder, assignment: str, deadline=None, show_answers: bool = False):
        self.folder = resolve(folder)
        self.assignment = Assignment(assignment)
        self.homework = self.assignment  # the name the charts and older notebooks use
        self.deadline = parse_deadline(deadline)
        self.show_answers = show_answers
        self.entries = self._read()

    # -- reading ---------------------------------------------------------------------------------
    def _read(self) -> list[Entry]:
        known = known_assignments()
        entries = [self._entry(f, known) for f in find_files(self.folder)]
        self._mark_duplicates(entries)
        return entries

    def _entry(self, found: Found, known: set[str]) -> Entry:
        name = found.name
        if found.data is None:
            return Entry(name, found.status, found.problem)
        leaf = PurePosixPath(name).name
        if leaf.startswith("grade-sheet-") and leaf.endswith(".csv"):
            return Entry(name, submission.NOT_SUBMISSION, "a grade sheet made by the class summary notebook")
        data = found.data
        try:
            reading = submission.read(data)
        except Exception as exc:  # never stop at one file, whatever is wrong with it
            return Entry(name, submission.CORRUPT, f"the file could not be read ({type(exc).__name__})")
        lms = lms_identity(name)
        if reading.status == submission.NOT_SUBMISSION and answers.FORMAT.encode() in data:
            return Entry(name, submission.NOT_SUBMISSION, "this is a student's answers file, not a "
                         "submission: ask the student to hand it in with the Submit or Hand in button", lms=lms)
        if not reading.ok:
            return Entry(name, reading.status, reading.problem, reading.payload, lms=lms)
        payload = reading.payload
        aid = payload["assignment"]["id"]
        if aid != self.assignment.id:
            status, why = (OTHER, f"a submission for {aid}") if aid in known else (
                UNKNOWN, f"it is for '{aid}', which is not a homework or lesson of this course")
            return Entry(name, status, why, payload, lms=lms)
        mismatch = self._kind_mismatch(payload)
        if mismatch:
            return Entry(name, submission.INVALID, mismatch, payload, lms=lms)
        entry = Entry(name, COMPLETE if payload["complete"] else INCOMPLETE, payload=payload, lms=lms)
        if not payload["complete"]:
            entry.problem = f"handed in with {len(payload['unfinished'])} unfinished (confirmed by the student)"
        try:
            entry.late = bool(self.deadline) and parse_deadline(payload["submitted_at"]) > self.deadline
        except ValueError:
            entry.notes.append("the time it was handed in cannot be read")
        if lms and lms.get("late"):
            entry.notes.append(f"{lms['lms']} marked it late (its upload time)")
        if lms and not _same_person(lms, payload["student"]):
            entry.notes.append(f"the name typed in the file, {payload['student'] or '(none)'}, is not the name "
                               f"{lms['lms']} gives, {lms['name']}: check whose work it is")
        if payload["course_version"] != self._version():
            entry.notes.append(f"made with course version {payload['course_version']}")
        return entry

    def _kind_mismatch(self, payload: dict) -> str:
        """An item saved as another kind than the content says (the charts would misread it)."""
        kinds = {k: kind for k, (kind, _spec) in self.assignment.keys().items()}
        for n, item in enumerate(payload["items"], 1):
            want = kinds.get(item["key"])
            if want is not None and item["kind"] != want:
                return (f"answer {n} ({item['label'][:80]}) is a '{item['kind']}' in the file but a '{want}' in "
                        "the course: the file was made or edited by some other means, so its answers are not used")
        return ""

    @staticmethod
    def _version() -> str:
        return __version__

    @staticmethod
    def _mark_duplicates(entries: list[Entry]) -> None:
        """Several sound files from one student: the latest is used, the others are duplicates."""
        by_student: dict[str, list[Entry]] = {}
        for e in entries:
            if e.used:
                by_student.setdefault(e.key, []).append(e)
        for group in by_student.values():
            group.sort(key=lambda e: (e.submitted_at, e.file))
            for old in group[:-1]:
                old.status = DUPLICATE
                old.problem = f"an earlier submission by the same student; the latest, {group[-1].file}, is used"
            if len(group) > 1:
                group[-1].notes.append(f"handed in {len(group)} times; this latest file is used")

    # -- what the teacher sees ---------------------------------------------------------------------
    @property
    def used(self) -> list[Entry]:
        """The submissions counted, one per student, by name."""
        return sorted((e for e in self.entries if e.used), key=_order)

    def items(self, entry: Entry) -> dict[str, dict]:
        return {i["key"]: i for i in entry.payload["items"] if isinstance(i, dict)}

    def statuses(self) -> Shown:
        """Every file of the folder, by name, with what it is and why."""
        rows = [[e.file, e.who or "\u2013", human_time(e.submitted_at) or "\u2013",
                 e.label(), "; ".join(filter(None, [e.problem, *e.notes]))] for e in self.entries]
        counts = {}
        for e in self.entries:
            counts[e.status] = counts.get(e.status, 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        late = sum(e.late for e in self.entries)
        deadline = (f" Deadline: {human_time(self.deadline)} ({late} late by the time in the "
                    "files, which is the student's own clock)." if self.deadline else " No deadline set.")
        where = self.folder.name + ("" if self.folder.suffix.lower() == ".zip" else "/")
        caption = (f"{len(self.entries)} files in {where} for {self.assignment.title}: {summary}. "
                   f"{len(self.used)} students counted.{deadline}")
        html = wide("Every file", ["File", "Student", "Handed in (UTC, by the student's clock)", "Status",
                                   "Why / notes"], rows, caption)
        text = caption + "\n" + "\n".join(" | ".join(r) for r in rows)
        return Shown(html + STATUS_NOTE_HTML, text)

    def problems(self) -> Shown:
        """Only the files that need the teacher's attention, each with what to do."""
        bad = [e for e in self.entries if not e.used or e.late]
        if not bad:
            return Shown(Html("<p>Every file is a sound submission, on time.</p>"), "Every file is a sound submission.")
        items = join(markup("<li><strong>{}</strong>: {}{}</li>", e.file, e.label(),
                            f" ({e.problem})" if e.problem else "") for e in bad)
        return Shown(markup("<div class='ph-note' role='note'><p><strong>{} file{} your attention:</strong></p>"
                            "<ul>{}</ul></div>", len(bad), "s need" if len(bad) != 1 else " needs", items),
                     "\n".join(f"{e.file}: {e.label()}" + (f" ({e.problem})" if e.problem else "") for e in bad))

    def overview(self) -> Shown:
        """Every assignment found in the folder (homework and lessons), with how many students handed it in."""
        found: dict[str, dict] = {}
        for e in self.entries:
            if e.payload and e.status in (COMPLETE, INCOMPLETE, DUPLICATE, OTHER, UNKNOWN):
                a = e.payload["assignment"]
                row = found.setdefault(a["id"], {"title": a.get("title", ""), "files": 0, "students": set()})
                row["files"] += 1
                row["students"].add(e.key)
        homework = {p.stem for p in content.homework_files()}
        rows = [[aid, plain(str(r["title"])), "homework" if aid in homework else "lesson" if aid in known_assignments()
                 else "not in this course", str(r["files"]), str(len(r["students"]))] for aid, r in sorted(found.items())]
        caption = (f"Assignments handed in: {len(rows)}. To read another, set ASSIGNMENT in the first cell "
                   "to its id and run the notebook again.")
        return Shown(table_html(["Assignment", "Title", "Kind", "Files", "Students"], rows, caption),
                     caption + "\n" + "\n".join(" | ".join(r) for r in rows))

    def rubric(self, show: bool | None = None) -> Shown:
        """The assignment's rubric, what historians conclude, and the answer notes (teacher only).

        Shown only when asked for (``show=True``, or ``show_answers=True`` in ``load``), so that a
        notebook saved with its outputs never carries them to where students can open it.
        """
        if not (self.show_answers if show is None else show):
            return Shown(HIDDEN_HTML, HIDDEN_TEXT)

        md = (homework_markdown if self.assignment.kind == "homework" else lesson_markdown)(self.assignment.data)
        # body_html (utils/teacher/guide.py) escapes the content it turns into HTML: its result is HTML
        return Shown(markup("<div class='ph-card'>{}</div>", Html(body_html(md))), md)

    def words(self, entry: Entry, key: str, kind: str) -> int:
        return sum(word_count(t) for t in self.texts(entry, key, kind))

    def texts(self, entry: Entry, key: str, kind: str) -> list[str]:
        """The student's own words in one item (every text field of its kind)."""
        value = (self.items(entry).get(key) or {}).get("value")
        if not isinstance(value, dict):
            return []
        parts = [value.get(f) for f in registry.text_fields(kind)]
        return [t for p in parts for t in (p.values() if isinstance(p, dict) else [p]) if isinstance(t, str)]

    def written_items(self) -> list[tuple[str, str, str]]:
        """(key, kind, label) of every item a student writes text in."""
        labels = {i["key"]: i["label"] for e in self.used for i in e.payload["items"] if isinstance(i, dict)}
        return [(k, kind, labels.get(k, k)) for k, (kind, _spec) in self.assignment.keys().items()
                if registry.text_fields(kind)]

    def word_counts(self) -> Shown:
        """Words each student wrote, item by item."""
        written = self.written_items()
        rows = [[e.who, *[str(self.words(e, k, kind)) for k, kind, _ in written],
                 str(sum(self.words(e, k, kind) for k, kind, _ in written))] for e in self.used]
        html = wide("Words written", ["Student", *[label for *_, label in written], "All"], rows,
                    f"Words written, by item ({len(rows)} students)")
        return Shown(html, "\n".join(" | ".join(r) for r in rows))

    def answers(self, item_id: str, anonymous: bool = False) -> Shown:
        """Every student's answer to one prompt (or any item) side by side, for discussion."""

        return side_by_side(self, item_id, anonymous)

    def summary(self, historians: bool | None = None) -> Shown:
        """The class's answers item by item (charts and tables); beside what historians conclude when asked."""

        return summary(self, self.show_answers if historians is None else historians)

    def similar(self, min_words: int = SIMILAR_MIN_WORDS, threshold: float = SIMILAR_THRESHOLD) -> Shown:
        """Identical or near-identical answers between students (prompts and essays of some length)."""
        texts = {}
        for e in self.used:
            for key, kind, label in self.written_items():
                if kind in ("prompt", "essay"):
                    text = " ".join(self.texts(e, key, kind))
                    if word_count(text) >= min_words:
                        texts[(e.who, label)] = text
        groups = similar_groups(texts, threshold)
        if not groups:
            msg = (f"No identical or near-identical answers among {len(self.used)} students (prompts and essays "
                   f"of at least {min_words} words).")
            return Shown(markup("<p>{}</p>", msg), msg)
        rows = [[label, "identical" if g.identical else f"near-identical ({g.similarity:.0%} alike)",
                 "; ".join(who for who, _ in g.members)] for g in groups for label in [g.members[0][1]]]
        caption = (f"{len(groups)} group{'s' if len(groups) != 1 else ''} of answers that are the same or nearly the "
                   "same, once case, spacing and punctuation are ignored. A match is a reason to talk to the "
                   "students, not proof of copying.")
        return Shown(table_html(["Item", "How alike", "Students"], rows, caption),
                     caption + "\n" + "\n".join(" | ".join(r) for r in rows))

    # -- the grade sheet -----------------------------------------------------------------------------
    def criteria(self) -> list[dict]:
        return self.assignment.data.get("rubric", []) if self.assignment.kind == "homework" else []

    def criterion_header(self, c: dict) -> str:
        name = plain(c["label"]) if self.show_answers else c["id"].replace("-", " ").capitalize()
        return f"{name} (out of {c['points']})" if c.get("points") else name

    def grade_rows(self) -> list[list]:
        """One row per student (plus students whose only file was altered or invalid), a column per criterion.

        The columns are documented in docs/grade-sheet.md (and how to import them into Canvas and Moodle).
        """
        rubric = self.criteria()
        head = [*GRADE_COLUMNS[:3], *[self.criterion_header(c) for c in rubric], *GRADE_COLUMNS[3:]]
        rows = [head]
        counted = {e.key for e in self.used}
        flagged = [e for e in self.entries if e.status in (submission.ALTERED, submission.INVALID) and e.payload
                   and e.key not in counted]
        written = self.written_items()
        for e in sorted([*self.used, *flagged], key=_order):
            words = sum(self.words(e, k, kind) for k, kind, _ in written) if e.used else ""
            unfinished = "; ".join(submission.unfinished_line(u) for u in e.payload.get("unfinished", [])
                                   if isinstance(u, dict) and {"label", "problem"} <= set(u))
            lms = e.lms or {}
            identifier = f"Participant {lms['id']}" if lms.get("lms") == "Moodle" else ""
            rows.append([lms.get("name") or e.student, e.student, lms.get("id", ""), *[""] * len(rubric),
                         "", "", e.label(), e.submitted_at, e.file, unfinished, words, identifier])
        return rows

    def grade_sheet(self, path=None) -> Shown:
        """Write the grade sheet (UTF-8 with BOM, for spreadsheets) and offer it as a download."""
        rows = self.grade_rows()
        text = csv_text(rows)
        name = f"grade-sheet-{self.assignment.id}.csv"
        target = resolve(path) if path else submission.submissions_dir() / name
        where = ""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8-sig"))
            where = markup(" Saved as <code>{}</code>.", shown_path(target))
        except OSError as exc:
            where = markup(" It could not be saved here ({}); use the download link.", exc)
        link = Html(submission.download_link("\ufeff" + text, target.name, "Download the grade sheet", "text/csv"))
        when = rows[0].index(GRADE_COLUMNS[6])  # the file keeps the time as written; people read it in words
        shown = [[human_time(c) if n == when else str(c) for n, c in enumerate(r)] for r in rows[1:]]
        preview = wide("Grade sheet", rows[0], shown, f"Grade sheet: {len(rows) - 1} students")
        return Shown(markup("<p>{}.{} Fill in the criteria columns in a spreadsheet; docs/grade-sheet.md says "
                            "how to import it into Canvas or Moodle.</p>{}", link, where, preview),
                     f"Grade sheet: {len(rows) - 1} students, {len(rows[0])} columns.")


def wide(label: str, headers: list, rows: list[list], caption: str) -> Html:
    """A table that may be wider than the notebook, in its own labelled region.

    The table scrolls sideways inside the region, so it is never cut off by the box it is shown
    in, and the region takes keyboard focus (tabindex=0), so the arrow keys scroll it. Every column
    is at least 7em wide: a long heading wraps into a readable column, never to a word a line.
    The styles are inline (no <style>), so a notebook that is not trusted keeps them.
    """
    cell = "min-width:7em;overflow-wrap:break-word;vertical-align:top"
    head = join(markup("<th scope='col' style='{}'>{}</th>", cell, h) for h in headers)
    body = join(markup("<tr>{}</tr>", join(markup("<td style='{}'>{}</td>", cell, c) for c in row)) for row in rows)
    table = markup("<table class='ph-numbers' style='margin:0;table-layout:auto'><caption style='text-align:left'>"
                   "{}</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", inline(caption), head, body)
    return markup("<div role='region' aria-label='{}' tabindex='0' style='max-width:100%;overflow-x:auto;"
                  "margin:0.4em 0'>{}</div>", label, table)


# the grade sheet's columns (the criteria go after the first three); see docs/grade-sheet.md
GRADE_COLUMNS = ["Student", "Name typed in the file", "ID", "Grade", "Feedback comments", "Status",
                 "Handed in (UTC, student's clock)", "File", "Unfinished", "Words", "Identifier"]
HIDDEN_TEXT = ("The rubric and what historians conclude are not shown, so that this notebook can be kept where "
               "students can open it. To see them, set SHOW_ANSWERS = True in the first cell and run the "
               "notebook again; do not save it with them where students can open it.")
HIDDEN_HTML = markup("<div class='ph-note' role='note'><p>{}</p></div>", HIDDEN_TEXT)
STATUS_NOTE_HTML = Html("<p><small><em>Altered</em>: the file was changed after it was made (by accident or by hand) "
                    "without its checksum being redone. <em>Invalid</em>: its checksum is sound but its answers are "
                    "not in the form the course writes, so it was made or edited by other means. The checksum "
                    "catches accidents, not a student who edits a file and redoes it; the time in a file is "
                    "the student's own clock. Trust the platform's upload time (docs/handing-in.md).</small></p>")


# -- answers that are the same or nearly the same ------------------------------------------------------
@dataclass
class Group:
    """Answers that match: (who, item) of each, and how alike they are (1.0: identical once normalised)."""

    members: list[tuple[str, str]]
    similarity: float
    identical: bool


def normalise(text: str) -> list[str]:
    """The words of a text with case, spacing, punctuation and accents' forms ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.findall(r"[^\W_]+", text)


def shingles(words: list[str], n: int = 3) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def similar_groups(texts: dict[tuple[str, str], str], threshold: float = SIMILAR_THRESHOLD) -> list[Group]:
    """Groups of texts by different students that are identical or nearly so (the same words in the same order).

    Texts that share at least 30% of their three-word runs are compared word by word (difflib); a
    ratio of ``threshold`` or more makes them near-identical.

    ``texts`` maps (student, item) to a text. Candidate pairs come from an index of runs, so texts
    that share nothing are never compared (for a class of 40 this is a few thousand steps).
    """
    words = {k: normalise(t) for k, t in texts.items()}
    sets = {k: shingles(w) for k, w in words.items() if w}
    index: dict[tuple, list] = {}
    for k, sh in sets.items():
        for run in sh:
            index.setdefault(run, []).append(k)
    pairs: dict[tuple, int] = {}
    for holders in index.values():
        for i, a in enumerate(holders):
            for b in holders[i + 1:]:
                if a[0] != b[0]:
                    pair = (a, b) if a < b else (b, a)
                    pairs[pair] = pairs.get(pair, 0) + 1
    parent = {k: k for k in sets}
    best: dict = {}

    def root(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for (a, b), shared in pairs.items():
        if shared / (len(sets[a]) + len(sets[b]) - shared) < 0.3:  # Jaccard: too little in common to look closer
            continue
        score = 1.0 if words[a] == words[b] else SequenceMatcher(None, words[a], words[b], autojunk=False).ratio()
        if score >= threshold:
            ra, rb = root(a), root(b)
            parent[ra] = rb
            best[(a, b)] = score
    groups: dict = {}
    for k in sets:
        groups.setdefault(root(k), []).append(k)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        inside = [v for (a, b), v in best.items() if a in members and b in members]
        same = len({tuple(words[m]) for m in members}) == 1
        out.append(Group(sorted(members, key=lambda m: (m[1], student_key(m[0]))), min(inside) if inside else 1.0, same))
    return sorted(out, key=lambda g: (g.members[0][1], g.members[0][0]))


def _order(e: Entry) -> tuple:
    return (student_key((e.lms or {}).get("name") or e.student), e.key)


def _letters(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if ch.isalnum())


def _same_person(lms: dict, typed: str) -> bool:
    """Whether the typed name is the platform's (Canvas: last and first run together, lower case)."""
    words = [w for w in (_letters(w) for w in typed.split()) if w]
    if not words:
        return False
    if lms["lms"] == "Canvas":
        target = _letters(lms["name"])
        return sorted(target) == sorted("".join(words)) or all(w in target for w in words)
    return sorted(words) == sorted(w for w in (_letters(w) for w in lms["name"].split()) if w)


def load(folder, assignment: str, deadline=None, show_answers: bool = False) -> ClassFolder:
    """Read a folder, per-student folders or a zip of submissions for one homework or lesson.

    A deadline makes later files 'late' (by the time in the file: the student's clock).
    ``show_answers=True`` shows the rubric and what historians conclude beside the class's answers.
    """
    return ClassFolder(folder, assignment, deadline, show_answers)
