"""The class summary reads a folder, per-student folders or a zip safely (issue 10).

Only regular files under a size limit are read; a pipe, a device or a link to one is named and
skipped, never waited on or read without end; a zip is read in memory, member by member, with
no extraction, no path traversal and no special members; a learning platform's name for the
student is kept as the student's key.
"""
from __future__ import annotations

import io
import json
import os
import signal
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from utils.teacher import class_folder as classroom
from utils.handin import submission

from test_classroom import EXAMPLE, H1, MAKER, make


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "class"
    f.mkdir()
    return f


@contextmanager
def within(seconds: int):
    """Fail (not hang) if the block takes longer than this."""
    def stop(*_):
        raise TimeoutError(f"took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def by_file(c) -> dict[str, classroom.Entry]:
    return {e.file: e for e in c.entries}


# -- only regular files, under a size limit -----------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_in_the_folder_is_skipped_not_waited_on(folder):
    good = make(folder, "Ann Example", "2025-03-01T10:00:00Z")
    os.mkfifo(folder / "pipe.html")
    with within(10):
        entries = by_file(classroom.load(folder, H1))
    assert entries["pipe.html"].status == classroom.SKIPPED and "not a regular file" in entries["pipe.html"].problem
    assert entries[good.name].status == classroom.COMPLETE


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_link_to_a_device_is_skipped_not_read_without_end(folder):
    (folder / "zero.html").symlink_to("/dev/zero")
    with within(10):
        entry = by_file(classroom.load(folder, H1))["zero.html"]
    assert entry.status == classroom.SKIPPED and "a link to something that is not a regular file" in entry.problem


def test_links_to_files_are_read_links_to_folders_and_nothing_are_not(folder, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = make(elsewhere, "Ann Example", "2025-03-01T10:00:00Z")
    (folder / "linked.html").symlink_to(real)
    (folder / "loop").symlink_to(folder)
    (folder / "gone.html").symlink_to(tmp_path / "nothing-here")
    entries = by_file(classroom.load(folder, H1))
    assert entries["linked.html"].status == classroom.COMPLETE
    assert entries["loop"].status == classroom.SKIPPED and "not followed" in entries["loop"].problem
    assert entries["gone.html"].status == classroom.SKIPPED and "not there" in entries["gone.html"].problem


def test_a_file_over_the_size_limit_is_not_read(folder, monkeypatch):
    monkeypatch.setattr(classroom, "MAX_FILE", 1000)
    (folder / "big.html").write_bytes(b"x" * 1001)
    (folder / "small.txt").write_bytes(b"x" * 1000)
    entries = by_file(classroom.load(folder, H1))
    assert entries["big.html"].status == classroom.SKIPPED and "too large" in entries["big.html"].problem
    assert entries["small.txt"].status == submission.NOT_SUBMISSION


def test_a_hostile_file_of_repeated_openers_is_read_quickly(folder):
    (folder / "hostile.html").write_text(submission.GENERATOR + submission.DATA_OPEN * 12_000)  # 0.6 MB
    start = time.perf_counter()
    with within(20):
        entry = by_file(classroom.load(folder, H1))["hostile.html"]
    assert entry.status == submission.MISSING_DATA and time.perf_counter() - start < 2


def test_a_class_of_forty_is_read_quickly(folder):
    for n in range(40):
        make(folder, f"Student Number{n}", f"2025-03-01T10:{n:02d}:00Z")
    start = time.perf_counter()
    c = classroom.load(folder, H1)
    c.statuses(), c.word_counts(), c.similar(), c.grade_rows()
    assert len(c.used) == 40 and time.perf_counter() - start < 10


# -- values of the wrong form: listed, never a crash -------------------------------------------------
def forged(folder: Path, name: str, change) -> Path:
    """A real submission whose embedded answers were edited by hand and both hashes redone."""
    path = make(folder, name, "2025-03-01T10:00:00Z")
    text = path.read_text(encoding="utf-8")
    payload = submission.read(text).payload
    change(payload)
    payload["checksum"] = submission.checksum(payload)
    start = text.index(submission.DATA_OPEN) + len(submission.DATA_OPEN)
    path.write_text(text[:start] + json.dumps(payload) + text[text.index("</script>"):], encoding="utf-8")
    return path


def item(payload, suffix):
    return next(i for i in payload["items"] if i["key"].endswith(suffix))


@pytest.mark.parametrize("change", [
    lambda p: item(p, "/rate-khrushchev")["value"]["ratings"].update(knew="4"),
    lambda p: item(p, "/rate-khrushchev")["value"].update(ratings=["4", "1"]),
    lambda p: item(p, "/two-leaders")["value"].update(marks="agree"),
    lambda p: item(p, "/prompt-argued-answer").update(shown=[["Answer"]]),
    lambda p: item(p, "/prompt-argued-answer").update(shown={"Answer": "x"}),
    lambda p: item(p, "/nkvd-helped").update(kind="prompt", value={"text": "x"}),
])
def test_wrong_typed_values_are_listed_as_invalid_and_nothing_crashes(folder, change):
    good = make(folder, "Ann Example", "2025-03-01T09:00:00Z")
    bad = forged(folder, "Bo Example", change)
    c = classroom.load(folder, H1)
    entry = by_file(c)[bad.name]
    assert entry.status == submission.INVALID and "answer" in entry.problem and entry.student == "Bo Example"
    assert [e.file for e in c.used] == [good.name]
    c.summary(), c.summary(historians=True), c.answers("argued-answer"), c.word_counts(), c.similar()
    row = next(r for r in c.grade_rows() if r[0] == "Bo Example")  # followed up like an altered file
    assert "invalid" in row


# -- per-student folders and LMS bulk downloads ----------------------------------------------------
def test_moodle_folders_on_disk(folder):
    ada = folder / "Ada Example_101_assignsubmission_file_"
    ada.mkdir()
    make(ada, "Ada Example", "2025-03-01T10:00:00Z")
    other = folder / "Zed Other_110_assignsubmission_file_"
    other.mkdir()
    make(other, "Ada Example", "2025-03-01T11:00:00Z")  # Zed handed in a file with Ada's name in it
    c = classroom.load(folder, H1)
    assert sorted(e.key for e in c.used) == ["moodle:101", "moodle:110"]  # two students, not a duplicate
    zed = next(e for e in c.used if e.key == "moodle:110")
    assert zed.who == "Zed Other (Moodle 110), typed: Ada Example" and any("check whose work" in n for n in zed.notes)
    assert not any("check whose" in n for e in c.used if e.key == "moodle:101" for n in e.notes)
    rows = c.grade_rows()
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "Zed Other")))
    assert (row["ID"], row["Identifier"], row["Name typed in the file"]) == ("110", "Participant 110", "Ada Example")


@pytest.mark.parametrize("kind", ["moodle", "canvas"])
def test_lms_zip_of_the_example_class(tmp_path, kind):
    target = tmp_path / f"{kind}.zip"
    target.write_bytes(MAKER.lms_zip(kind))
    before = sorted(p.name for p in tmp_path.iterdir())
    plain = classroom.load(EXAMPLE, H1, deadline=MAKER.DEADLINE)
    c = classroom.load(target, H1, deadline=MAKER.DEADLINE)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing extracted to disk
    assert sorted(e.label() for e in c.entries) == sorted(e.label() for e in plain.entries)
    assert sorted(e.student for e in c.used) == [e.student for e in plain.used]
    assert [e.key for e in c.used] == [f"{kind}:{MAKER.LMS_IDS[e.student.lower().replace(' ', '-')]}" for e in c.used]
    eve = [e for e in c.entries if e.student == "Eve Testcase"]
    assert sorted(e.status for e in eve) == ["complete", "duplicate"]
    assert not any("check whose" in n for e in c.entries for n in e.notes)
    ada = next(e for e in c.used if e.student == "Ada Example")
    assert ada.who.endswith(f"({kind.capitalize()} 101), typed: Ada Example")
    cleo = next(e for e in c.used if e.student == "Cleo Sample")
    assert any("Canvas marked it late" in n for n in cleo.notes) == (kind == "canvas")


def _zip(members: list[tuple]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, *mode in members:
            info = zipfile.ZipInfo(name, (2025, 3, 1, 10, 0, 0))
            if mode:
                info.external_attr = mode[0] << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def test_zip_members_are_read_safely(tmp_path, monkeypatch):
    fname, text = MAKER.submission_text("Ann Example", "2025-03-01T10:00:00Z", MAKER.answers())
    monkeypatch.setattr(classroom, "MAX_FILE", 200_000)
    data = _zip([
        (fname, text),
        ("../../escape.html", text), ("/etc/absolute.html", text), ("C:/windows.html", text),
        ("link.html", "/etc/passwd", 0o120777),
        ("inner.zip", _zip([("x.html", text)])),
        ("bomb.html", b"\0" * 5_000_000),
        ("__MACOSX/._" + fname, b"junk"), ("folder/", b""),
    ])
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "bulk.zip").write_bytes(data)  # a zip inside the class folder is read too
    (tmp_path / "class" / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    entries = by_file(classroom.load(tmp_path / "class", H1))
    assert entries[f"bulk.zip/{fname}"].status == classroom.COMPLETE
    for name in ("bulk.zip/../../escape.html", "bulk.zip//etc/absolute.html", "bulk.zip/C:/windows.html"):
        assert entries[name].status == classroom.SKIPPED and "outside the zip" in entries[name].problem
    assert "not a regular file" in entries["bulk.zip/link.html"].problem
    assert "zip inside a zip" in entries["bulk.zip/inner.zip"].problem
    assert "too large" in entries["bulk.zip/bomb.html"].problem
    assert entries["broken.zip"].status == classroom.UNREADABLE and "not a readable zip" in entries["broken.zip"].problem
    assert not any("MACOSX" in n for n in entries) and not (tmp_path / "escape.html").exists()


def test_lms_names():
    assert classroom.lms_identity("Ada Example_12345_assignsubmission_file_/h1.html") == {
        "lms": "Moodle", "name": "Ada Example", "id": "12345", "late": False}
    assert classroom.lms_identity("Zoë O'Brien_7_assignsubmission_onlinetext_/x.html")["name"] == "Zoë O'Brien"
    assert classroom.lms_identity("exampleada_12345_67890_h1-kirov-sources_ada-example_1.html") == {
        "lms": "Canvas", "name": "exampleada", "id": "12345", "late": False}
    assert classroom.lms_identity("exampleada_LATE_12345_67890_h1.html")["late"] is True
    assert classroom.lms_identity("h1-kirov-sources_ada-example_20250309-160211Z.html") is None
    assert classroom.lms_identity("notes_2025_03_class.html") is None  # a teacher's own name, not Canvas's
