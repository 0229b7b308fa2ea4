"""The teacher's side: read a folder of submission files, say what each one is, sum up the class.

    from utils import classroom
    c = classroom.load("tests/submissions/example_class", "h1-kirov-sources", deadline="2025-03-10")
    c.statuses()      # every file, by name: complete, incomplete, late, duplicate, corrupt, altered…
    c.grade_sheet()   # a CSV a spreadsheet opens cleanly, one row per student

A bad file never stops the reading: it is reported by name, with the reason, and the rest go on.
The statuses are computed from the files and the content only, so the same folder always gives
the same report.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from pathlib import Path

from . import answers, content, paths, submission
from .display import Shown
from .html import esc
from .widgets.common import table_html, word_count

COMPLETE, INCOMPLETE, DUPLICATE = "complete", "incomplete", "duplicate"
UNKNOWN, OTHER, UNREADABLE = "unknown assignment", "other assignment", "unreadable"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# the student's own words in each kind of saved answer (for word counts)
TEXT_FIELDS = {"prompt": ["text"], "essay": ["text"], "claim-check": ["justification"],
               "reliability-rating": ["justification"], "side-by-side": ["why"], "source-card": ["note"],
               "estimates": ["why"], "organizer": ["fields"]}


@dataclass
class Entry:
    """One file of the folder and what it turned out to be."""

    file: str
    status: str
    problem: str = ""
    payload: dict | None = None
    late: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def student(self) -> str:
        return self.payload["student"] if self.payload else ""

    @property
    def submitted_at(self) -> str:
        return self.payload["submitted_at"] if self.payload else ""

    @property
    def used(self) -> bool:
        """Counted for its student (the latest sound submission of this assignment)."""
        return self.status in (COMPLETE, INCOMPLETE)

    def label(self) -> str:
        return self.status + (", late" if self.late else "")


def student_key(name: str) -> str:
    """The same student however the name was typed: Unicode-normalised, case and spaces ignored."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def parse_deadline(value) -> datetime | None:
    """'2025-03-10T18:00Z', '2025-03-10 18:00' (UTC if no zone) or '2025-03-10' (the end of that day, UTC)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if len(text) == 10:
            moment = datetime.combine(moment.date(), time(23, 59, 59))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def resolve(folder) -> Path:
    """A folder as given, or relative to the course folder if it is not found as given."""
    path = Path(folder).expanduser()
    return path if path.is_absolute() or path.exists() else paths.course_root() / path


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


class ClassFolder:
    """Every file of one folder, read for one assignment."""

    def __init__(self, folder, assignment: str, deadline=None):
        from .homework import Homework

        self.folder = resolve(folder)
        self.homework = Homework(assignment)  # its content only: nothing is read from or saved to a store
        self.deadline = parse_deadline(deadline)
        self.entries = self._read()

    # -- reading ---------------------------------------------------------------------------------
    def _read(self) -> list[Entry]:
        if not self.folder.is_dir():
            raise FileNotFoundError(f"There is no folder {self.folder}: check the path in the first cell.")
        known = {p.stem for p in content.homework_files()}
        entries = []
        for path in sorted(self.folder.iterdir(), key=lambda p: p.name):
            if path.name.startswith("."):
                continue
            entries.append(self._entry(path, known))
        self._mark_duplicates(entries)
        return entries

    def _entry(self, path: Path, known: set[str]) -> Entry:
        if path.is_dir():
            return Entry(path.name, submission.NOT_SUBMISSION, "a folder, not a file: its contents are not read")
        if path.name.startswith("grade-sheet-") and path.suffix == ".csv":
            return Entry(path.name, submission.NOT_SUBMISSION, "a grade sheet made by the class summary notebook")
        try:
            data = path.read_bytes()
        except OSError as exc:
            return Entry(path.name, UNREADABLE, f"the file could not be opened ({exc.strerror or exc})")
        try:
            reading = submission.read(data)
        except Exception as exc:  # never stop at one file, whatever is wrong with it
            return Entry(path.name, submission.CORRUPT, f"the file could not be read ({type(exc).__name__})")
        if reading.status == submission.NOT_SUBMISSION and answers.FORMAT.encode() in data:
            return Entry(path.name, submission.NOT_SUBMISSION, "this is a student's answers file, not a "
                         "submission: ask the student to press Submit in the homework notebook")
        if not reading.ok:
            return Entry(path.name, reading.status, reading.problem, reading.payload)
        payload = reading.payload
        aid = payload["assignment"]["id"]
        if aid != self.homework.id:
            status, why = (OTHER, f"a submission for {aid}") if aid in known else (
                UNKNOWN, f"it is for '{aid}', which is not an assignment in lessons/homework/")
            return Entry(path.name, status, why, payload)
        entry = Entry(path.name, COMPLETE if payload["complete"] else INCOMPLETE, payload=payload)
        if not payload["complete"]:
            entry.problem = f"handed in with {len(payload['unfinished'])} unfinished (confirmed by the student)"
        try:
            entry.late = bool(self.deadline) and parse_deadline(payload["submitted_at"]) > self.deadline
        except ValueError:
            entry.notes.append("the time it was handed in cannot be read")
        if payload["course_version"] != self._version():
            entry.notes.append(f"made with course version {payload['course_version']}")
        return entry

    @staticmethod
    def _version() -> str:
        from . import __version__
        return __version__

    @staticmethod
    def _mark_duplicates(entries: list[Entry]) -> None:
        """Several sound files from one student: the latest is used, the others are duplicates."""
        by_student: dict[str, list[Entry]] = {}
        for e in entries:
            if e.used:
                by_student.setdefault(student_key(e.student), []).append(e)
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
        return sorted((e for e in self.entries if e.used), key=lambda e: student_key(e.student))

    def items(self, entry: Entry) -> dict[str, dict]:
        return {i["key"]: i for i in entry.payload["items"] if isinstance(i, dict)}

    def statuses(self) -> Shown:
        """Every file of the folder, by name, with what it is and why."""
        rows = [[e.file, e.student or "\u2013", e.submitted_at.replace("T", " ").replace("Z", "") or "\u2013",
                 e.label(), "; ".join(filter(None, [e.problem, *e.notes]))] for e in self.entries]
        counts = {}
        for e in self.entries:
            counts[e.status] = counts.get(e.status, 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        late = sum(e.late for e in self.entries)
        deadline = (f" Deadline: {self.deadline.strftime('%Y-%m-%d %H:%M')} UTC ({late} late)." if self.deadline
                    else " No deadline set.")
        caption = (f"{len(self.entries)} files in {self.folder.name}/ for {self.homework.title}: {summary}. "
                   f"{len(self.used)} students counted.{deadline}")
        html = table_html(["File", "Student", "Handed in (UTC)", "Status", "Why / notes"], rows, caption)
        text = caption + "\n" + "\n".join(" | ".join(r) for r in rows)
        return Shown(html, text)

    def problems(self) -> Shown:
        """Only the files that need the teacher's attention, each with what to do."""
        bad = [e for e in self.entries if not e.used or e.late]
        if not bad:
            return Shown("<p>Every file is a sound submission, on time.</p>", "Every file is a sound submission.")
        items = "".join(f"<li><strong>{esc(e.file)}</strong>: {esc(e.label())}"
                        + (f" ({esc(e.problem)})" if e.problem else "") + "</li>" for e in bad)
        return Shown(f"<div class='ph-note' role='note'><p><strong>{len(bad)} file"
                     f"{'s need' if len(bad) != 1 else ' needs'} your attention:</strong></p><ul>{items}</ul></div>",
                     "\n".join(f"{e.file}: {e.label()}" + (f" ({e.problem})" if e.problem else "") for e in bad))

    def rubric(self) -> Shown:
        """The assignment's rubric, what historians conclude, and the answer notes (teacher only)."""
        from .tools.guide import body_html, homework_markdown

        md = homework_markdown(self.homework.data)
        return Shown(f"<div class='ph-card'>{body_html(md)}</div>", md)

    def words(self, entry: Entry, key: str, kind: str) -> int:
        value = (self.items(entry).get(key) or {}).get("value")
        if not isinstance(value, dict):
            return 0
        parts = [value.get(f) for f in TEXT_FIELDS.get(kind, [])]
        texts = [t for p in parts for t in (p.values() if isinstance(p, dict) else [p])]
        return sum(word_count(t) for t in texts if isinstance(t, str))

    def written_items(self) -> list[tuple[str, str, str]]:
        """(key, kind, label) of every item a student writes text in."""
        labels = {i["key"]: i["label"] for e in self.used for i in e.payload["items"] if isinstance(i, dict)}
        return [(k, kind, labels.get(k, k)) for k, (kind, _spec) in self.homework.keys().items() if kind in TEXT_FIELDS]

    def word_counts(self) -> Shown:
        """Words each student wrote, item by item."""
        written = self.written_items()
        rows = [[e.student, *[str(self.words(e, k, kind)) for k, kind, _ in written],
                 str(sum(self.words(e, k, kind) for k, kind, _ in written))] for e in self.used]
        html = table_html(["Student", *[label for *_, label in written], "All"], rows,
                          f"Words written, by item ({len(rows)} students)")
        return Shown(html, "\n".join(" | ".join(r) for r in rows))

    def answers(self, item_id: str, anonymous: bool = False) -> Shown:
        """Every student's answer to one prompt (or any item) side by side, for discussion."""
        from .class_charts import side_by_side

        return side_by_side(self, item_id, anonymous)

    def summary(self) -> Shown:
        """The class's answers item by item, beside what historians conclude (charts and tables)."""
        from .class_charts import summary

        return summary(self)

    # -- the grade sheet -----------------------------------------------------------------------------
    def grade_rows(self) -> list[list]:
        """One row per student (plus students whose only file was altered), a column per criterion."""
        rubric = self.homework.data["rubric"]
        head = ["Student", "Status", "Handed in (UTC)", "File", "Unfinished", "Words",
                *[f"{c['label']} (out of {c['points']})" if c.get("points") else c["label"] for c in rubric],
                "Total", "Comments"]
        rows = [head]
        counted = {student_key(e.student) for e in self.used}
        altered = [e for e in self.entries if e.status == submission.ALTERED and e.payload
                   and student_key(e.student) not in counted]
        written = self.written_items()
        for e in sorted([*self.used, *altered], key=lambda e: student_key(e.student)):
            words = sum(self.words(e, k, kind) for k, kind, _ in written) if e.used else ""
            unfinished = "; ".join(submission.unfinished_line(u) for u in e.payload.get("unfinished", [])
                                   if isinstance(u, dict) and {"label", "problem"} <= set(u))
            rows.append([e.student, e.label(), e.submitted_at, e.file, unfinished, words,
                         *[""] * len(rubric), "", ""])
        return rows

    def grade_sheet(self, path=None) -> Shown:
        """Write the grade sheet (UTF-8 with BOM, for spreadsheets) and offer it as a download."""
        rows = self.grade_rows()
        text = csv_text(rows)
        name = f"grade-sheet-{self.homework.id}.csv"
        target = resolve(path) if path else submission.submissions_dir() / name
        where = ""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8-sig"))
            from .widgets.submit import shown_path
            where = f" Saved as <code>{esc(shown_path(target))}</code>."
        except OSError as exc:
            where = f" It could not be saved here ({esc(exc)}); use the download link."
        link = submission.download_link("\ufeff" + text, target.name, "Download the grade sheet", "text/csv")
        preview = table_html(rows[0], [[str(c) for c in r] for r in rows[1:]], f"Grade sheet: {len(rows) - 1} students")
        return Shown(f"<p>{link}.{where} Fill in the criteria columns in a spreadsheet.</p>{preview}",
                     f"Grade sheet: {len(rows) - 1} students, {len(rows[0])} columns.")


def load(folder, assignment: str, deadline=None) -> ClassFolder:
    """Read a folder of submissions for one assignment (a deadline makes later files 'late')."""
    return ClassFolder(folder, assignment, deadline)
