"""The teacher's side: every kind of file in a class folder is reported by name; the rest go on."""
from __future__ import annotations

import csv
import importlib.util
import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils.teacher import class_folder as classroom
from utils.handin import submission
from utils.exercises.answers import AnswerStore
from utils import homework

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "submissions" / "example_class"
H1 = "h1-kirov-sources"


def _maker():
    spec = importlib.util.spec_from_file_location("make_example_class", EXAMPLE.parent / "make_example_class.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKER = _maker()


def make(folder: Path, name: str, when: str, **answers_kw) -> Path:
    fname, text = MAKER.submission_text(name, when, MAKER.answers(**answers_kw))
    path = folder / fname
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "class"
    f.mkdir()
    return f


def status_of(folder, name, **kw) -> classroom.Entry:
    return next(e for e in classroom.load(folder, H1, **kw).entries if e.file == name)


def test_example_class_is_current():
    """The committed example files are exactly what the course makes today (else: run the maker)."""
    made = MAKER.build_all()
    assert sorted(made) == sorted(p.name for p in EXAMPLE.iterdir())
    for name, data in made.items():
        assert (EXAMPLE / name).read_bytes() == data, f"{name} is stale: run tests/submissions/make_example_class.py"


def test_example_class_statuses():
    c = classroom.load("tests/submissions/example_class", H1, deadline=MAKER.DEADLINE)  # relative to the course
    got = {e.file.split("_")[1] if e.file.endswith(".html") else e.file: e.label() for e in c.entries}
    assert got == {"ada-example": "complete", "ben-placeholder": "complete", "cleo-sample": "complete, late",
                   "dev-fictional": "incomplete", "eve-testcase": "complete", "finn-madeup": "altered",
                   "gia-imaginary": "corrupt", "hal-invented": "missing data", "ivy-pretend": "unknown assignment",
                   "jo-doe-answers.json": "not a submission", "reading-notes.txt": "not a submission"}
    assert [e.label() for e in c.entries if "eve" in e.file] == ["duplicate", "complete"]
    assert [e.student for e in c.used] == ["Ada Example", "Ben Placeholder", "Cleo Sample", "Dev Fictional",
                                           "Eve Testcase"]


def test_complete_and_incomplete(folder):
    good = make(folder, "Ann Example", "2025-03-01T10:00:00Z")
    half = make(folder, "Bo Example", "2025-03-01T10:00:00Z", gained="", committed=False)
    assert status_of(folder, good.name).status == classroom.COMPLETE
    entry = status_of(folder, half.name)
    assert entry.status == classroom.INCOMPLETE and "2 unfinished" in entry.problem
    sheet = classroom.load(folder, H1).grade_rows()
    row = dict(zip(sheet[0], next(r for r in sheet if r[0] == "Bo Example")))
    assert "Prompt 2 is blank" in row["Unfinished"] and "is not committed" in row["Unfinished"]


def test_late_only_with_a_deadline(folder):
    path = make(folder, "Ann Example", "2025-03-11T00:00:01Z")
    assert not status_of(folder, path.name).late
    assert status_of(folder, path.name, deadline="2025-03-10").late  # a date: the end of that day
    assert not status_of(folder, path.name, deadline="2025-03-11T00:00:01Z").late
    assert status_of(folder, path.name, deadline="2025-03-10T23:00:00+02:00").label() == "complete, late"


def test_duplicate_student_latest_counts(folder):
    old = make(folder, "Ann Example", "2025-03-01T10:00:00Z", gained="")
    new = make(folder, "  ann   EXAMPLE ", "2025-03-02T10:00:00Z")
    c = classroom.load(folder, H1)
    assert status_of(folder, old.name).status == classroom.DUPLICATE
    assert new.name in status_of(folder, old.name).problem
    assert [e.file for e in c.used] == [new.name]


def test_altered_checksum(folder):
    path = make(folder, "Ann Example", "2025-03-01T10:00:00Z")
    path.write_text(path.read_text(encoding="utf-8").replace('"verdict": "contradicted"', '"verdict": "supported"', 1),
                    encoding="utf-8")
    entry = status_of(folder, path.name)
    assert entry.status == submission.ALTERED and "checksum" in entry.problem and not entry.used
    assert "by accident or by hand" in entry.problem  # honest: the checksum does not say which
    rows = classroom.load(folder, H1).grade_rows()
    row = dict(zip(rows[0], rows[1]))
    assert (row["Student"], row["Status"]) == ("Ann Example", "altered")  # the teacher can follow it up


def test_corrupt_json_and_missing_data_and_bad_bytes(folder):
    path = make(folder, "Ann Example", "2025-03-01T10:00:00Z")
    text = path.read_text(encoding="utf-8")
    (folder / "cut.html").write_text(text[:text.index("</script>") - 50] + text[text.index("</script>"):])
    (folder / "nodata.html").write_text(text[:text.index("<script")] + text[text.index("</script>") + 9:])
    (folder / "bytes.html").write_bytes(text.encode("utf-8")[:300] + b"\xff\xfe\xfd")
    path.unlink()
    got = {e.file: e.status for e in classroom.load(folder, H1).entries}
    assert got == {"cut.html": submission.CORRUPT, "nodata.html": submission.MISSING_DATA,
                   "bytes.html": submission.CORRUPT}


def test_unknown_and_other_assignments(folder):
    lost = submission.make_payload({"id": "h9-nothing", "title": "?"}, "Ann", [], "0.1.0", "2025-03-01T10:00:00Z")
    (folder / "lost.html").write_text(submission.build(lost), encoding="utf-8")
    store = AnswerStore(folder.parent / "store")
    store.put("h2-numbers-that-disagree/student-name", {"text": "Ann"})
    other = homework("h2-numbers-that-disagree", store=store).payload("2025-03-01T10:00:00Z")
    (folder / "other.html").write_text(submission.build(other), encoding="utf-8")
    got = {e.file: (e.status, e.problem) for e in classroom.load(folder, H1).entries}
    assert got["lost.html"][0] == classroom.UNKNOWN and "h9-nothing" in got["lost.html"][1]
    assert got["other.html"] == (classroom.OTHER, "a submission for h2-numbers-that-disagree")


def test_files_that_are_not_submissions(folder):
    (folder / "notes.txt").write_text("hello")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "answers.json").write_text('{"format": "purges-and-hysteria-answers", "answers": {}}')
    (folder / "grade-sheet-h1-kirov-sources.csv").write_text("Student\n")
    (folder / "sub").mkdir()
    (folder / ".DS_Store").write_bytes(b"\x00")
    got = {e.file: e.problem for e in classroom.load(folder, H1).entries}
    assert set(got) == {"notes.txt", "photo.png", "answers.json", "grade-sheet-h1-kirov-sources.csv", "sub/"}
    assert "answers file, not a submission" in got["answers.json"]
    assert "grade sheet" in got["grade-sheet-h1-kirov-sources.csv"] and "empty folder" in got["sub/"]


def test_one_bad_file_never_stops_the_rest(folder, monkeypatch):
    good = make(folder, "Ann Example", "2025-03-01T10:00:00Z")
    (folder / "boom.html").write_text("x")
    real = submission.read

    def fragile(data):
        if data == b"x":
            raise RecursionError("deep")
        return real(data)

    monkeypatch.setattr(submission, "read", fragile)
    unreadable = folder / "locked.html"
    unreadable.write_text("y")
    unreadable.chmod(0)
    try:
        entries = {e.file: e for e in classroom.load(folder, H1).entries}
    finally:
        unreadable.chmod(0o644)
    assert entries["boom.html"].status == submission.CORRUPT and "RecursionError" in entries["boom.html"].problem
    assert entries[good.name].status == classroom.COMPLETE
    if os.geteuid() != 0:  # root can read anything
        assert entries["locked.html"].status == classroom.UNREADABLE


def test_missing_folder_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="check the path"):
        classroom.load(tmp_path / "nowhere", H1)
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(FileNotFoundError, match="neither a folder nor a zip"):
        classroom.load(tmp_path / "notes.txt", H1)


def test_summary_answers_and_words_from_example():
    c = classroom.load(EXAMPLE, H1, deadline=MAKER.DEADLINE, show_answers=True)
    summary = c.summary()
    html = summary._repr_mimebundle_()["text/html"]
    assert html.count("<figure") == 4 and "historians&#x27; view" in html and "alt='" in html
    assert "contradicted: 3" in summary.text  # Ada, Cleo, Eve (latest); Ben cannot tell; Dev partly
    side = c.answers("argued-answer", anonymous=True)
    assert "Student A" in side.text and "Ada Example" not in side.text
    assert "Ada Example" in c.answers("argued-answer").text
    with pytest.raises(ValueError, match="has no item"):
        c.answers("nope")
    words = c.word_counts().text.splitlines()
    assert words[0].startswith("Ada Example |") and words[3].split(" | ")[-2] == "0"  # Dev left prompt 2 blank
    assert "SECRET" not in c.rubric().text and "Rubric for the grade sheet" in c.rubric().text
    hidden = classroom.load(EXAMPLE, H1)  # the default: nothing for the teacher's eyes only
    assert "Rubric for the grade sheet" not in hidden.rubric().text and "SHOW_ANSWERS = True" in hidden.rubric().text
    assert hidden.rubric(show=True).text == c.rubric().text
    html = hidden.summary()._repr_mimebundle_()["text/html"]
    assert html.count("<figure") == 4 and "historians" not in html.lower()


def test_grade_sheet_opens_in_a_spreadsheet(tmp_path):
    c = classroom.load(EXAMPLE, H1, deadline=MAKER.DEADLINE)
    target = tmp_path / "sheet.csv"
    c.grade_sheet(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 + 6  # five counted students and the altered file's student
    head = rows[0]
    assert head[:3] == ["Student", "Name typed in the file", "ID"]
    assert head[3] == "Sourcing (out of 4)" and head[7:9] == ["Grade", "Feedback comments"]
    assert head[9:] == ["Status", "Handed in (UTC, student's clock)", "File", "Unfinished", "Words", "Identifier"]
    assert all(len(r) == len(head) for r in rows)
    assert classroom.load(EXAMPLE, H1, show_answers=True).grade_rows()[0][3].startswith("Sourcing:")


def test_grade_sheet_columns_are_documented():
    """Every column of the grade sheet is named in docs/grade-sheet.md."""
    doc = (ROOT / "docs" / "grade-sheet.md").read_text(encoding="utf-8")
    for column in classroom.GRADE_COLUMNS:
        assert f"`{column}`" in doc, column
    assert "Canvas" in doc and "Moodle" in doc and "Participant" in doc


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=30) | st.integers(), max_size=6))
def test_csv_cells_never_start_a_formula_and_round_trip(cells):
    text = classroom.csv_text([cells])
    back = next(csv.reader(io.StringIO(text))) if cells else []
    assert len(back) == len(cells)
    for original, cell in zip(cells, back):
        if isinstance(original, str) and original.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert cell == "'" + original
        else:
            assert cell == str(original)
        assert not cell.startswith(("=", "+", "-", "@")) or isinstance(original, int)
