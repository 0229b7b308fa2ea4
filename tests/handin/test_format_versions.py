"""Format versions: an older answers or submission file is upgraded as it is read (a function per
version step, as nbgrader's nbgraderformat does); a file from a newer version is refused with a
clear message and never written over."""
from __future__ import annotations

import json

import pytest

from utils.core.errors import CourseError
from utils.exercises import answers
from utils.exercises.answers import AnswerStore, NewerAnswers
from utils.handin import submission

ENTRY = {"value": {"verdict": "supported", "justification": "The note counts five hundred."},
         "saved_at": "2024-01-01T10:00:00+00:00"}


def files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.endswith(".lock")}


# -- the answers file ----------------------------------------------------------------------------------
@pytest.mark.parametrize("steps", [answers.UPGRADES, submission.UPGRADES])
def test_every_older_version_has_an_upgrade_step(steps):
    assert set(steps) == set(range(answers.VERSION if steps is answers.UPGRADES else submission.VERSION))
    for version, step in steps.items():
        data = {"format": "x", "version": version, "answers": {"k": ENTRY}}
        out = step(data)
        assert out["version"] == version + 1 and data["version"] == version  # a new dict, the old one as it was


@pytest.mark.parametrize("head", [{}, {"version": 0}], ids=["unversioned", "version-0"])
def test_an_old_answers_file_is_read_and_saved_at_the_current_version(tmp_path, head):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"format": answers.FORMAT, **head, "answers": {"l1/claim": ENTRY}}), encoding="utf-8")
    store = AnswerStore(tmp_path)
    assert store.all() == {"l1/claim": ENTRY} and store.warning is None
    assert json.loads(path.read_text()) == {"format": answers.FORMAT, **head, "answers": {"l1/claim": ENTRY}}
    store.put("l1/other", {"text": "new"})
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == answers.VERSION
    assert saved["answers"]["l1/claim"] == ENTRY and saved["answers"]["l1/other"]["value"] == {"text": "new"}


def test_a_newer_answers_file_is_refused_clearly_and_never_written_over(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"format": answers.FORMAT, "version": answers.VERSION + 1,
                                "answers": {"l1/claim": ENTRY}, "something": "new"}), encoding="utf-8")
    before = files(tmp_path)
    store = AnswerStore(tmp_path)
    with pytest.raises(NewerAnswers) as info:
        store.all()
    assert isinstance(info.value, CourseError)
    message = str(info.value)
    assert str(path) in message and "newer version of the course" in message and "Nothing in it was changed" in message
    with pytest.raises(NewerAnswers):
        store.put("l1/claim", {"text": "x"})
    assert "newer version of the course" in store.set_aside("l1/claim", "a test")  # said, not done
    assert files(tmp_path) == before  # not moved aside, not rewritten, no side file


def test_a_newer_backup_is_not_written_over_when_the_answers_file_is_missing(tmp_path):
    store = AnswerStore(tmp_path)
    store.backup_path.write_text(json.dumps({"format": answers.FORMAT, "version": answers.VERSION + 1,
                                             "answers": {"l1/claim": ENTRY}}), encoding="utf-8")
    before = files(tmp_path)
    with pytest.raises(NewerAnswers):
        store.put("l1/claim", {"text": "x"})
    assert files(tmp_path) == before


@pytest.mark.parametrize("version", ["1", True, -1, 1.5, None])
def test_an_answers_file_whose_version_is_not_a_whole_number_is_kept_aside(tmp_path, version):
    path = tmp_path / "answers.json"
    text = json.dumps({"format": answers.FORMAT, "version": version, "answers": {"l1/claim": ENTRY}})
    path.write_text(text, encoding="utf-8")
    store = AnswerStore(tmp_path)
    assert store.all() == {}
    assert "format version is not a whole number" in store.warning
    kept = [p for p in tmp_path.glob("answers.unreadable-*.json")]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == text  # nothing lost


def test_upgrade_says_which_file_and_leaves_the_data_alone():
    old = {"format": answers.FORMAT, "answers": {"l1/claim": ENTRY}}
    assert answers.upgrade(old)["version"] == answers.VERSION and "version" not in old
    with pytest.raises(NewerAnswers, match="my-answers.json was saved by a newer version"):
        answers.upgrade({**old, "version": answers.VERSION + 1}, "my-answers.json")
    with pytest.raises(answers.AnswersError, match="not a whole number"):
        answers.upgrade({**old, "version": "two"}, "my-answers.json")


# -- submission files ------------------------------------------------------------------------------------
def payload(version) -> dict:
    items = [{"key": "h1-test/p1", "kind": "prompt", "label": "Prompt 1", "question": "Why?",
              "value": {"text": "Because the note counts five hundred."},
              "shown": [["Answer", "Because the note counts five hundred."]], "unfinished": None}]
    data = submission.make_payload({"id": "h1-test", "title": "A test homework"}, "Ada Example", items,
                                   "0.1.0", "2025-03-01T10:00:00Z")
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    return data


@pytest.mark.parametrize("version", [None, 0], ids=["unversioned", "version-0"])
def test_an_old_submission_is_read_at_the_current_version(version):
    text = submission.build(payload(version))  # its checksum is over the data as it was written
    reading = submission.read(text)
    assert reading.status == submission.OK, reading.problem
    assert reading.payload["version"] == submission.VERSION and reading.payload["student"] == "Ada Example"


def test_a_newer_submission_is_reported_not_read(tmp_path):
    text = submission.build(payload(submission.VERSION + 1))
    reading = submission.read(text)
    assert reading.status == submission.NEWER and reading.payload is None
    assert "newer version of the course" in reading.problem and "update the course" in reading.problem


@pytest.mark.parametrize("version", ["1", True, -1])
def test_a_submission_whose_version_is_not_a_whole_number_is_corrupt(version):
    reading = submission.read(submission.build(payload(version)))
    assert reading.status == submission.CORRUPT and "'version'" in reading.problem


def test_the_teacher_sees_a_newer_submission_by_name(hw_course, tmp_path):
    from utils.teacher import class_folder

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "newer.html").write_text(submission.build(payload(submission.VERSION + 1)), encoding="utf-8")
    (folder / "old.html").write_text(submission.build(payload(None)), encoding="utf-8")
    before = files(folder)
    cf = class_folder.load(folder, "h1-test")
    got = {e.file: (e.status, e.problem) for e in cf.entries}
    assert got["newer.html"][0] == submission.NEWER and "newer version" in got["newer.html"][1]
    assert got["old.html"][0] == class_folder.COMPLETE  # read, upgraded, counted
    assert "newer.html" in cf.problems().text
    assert files(folder) == before  # the teacher's side never writes a student's file


def test_restore_refuses_a_file_from_a_newer_course_and_upgrades_an_older_one():
    import json as _json

    from utils.exercises import answers as answers_mod
    from utils.handin.my_answers import RestoreError, parse

    newer = {"format": answers_mod.FORMAT, "version": answers_mod.VERSION + 1, "answers": {}}
    with pytest.raises(RestoreError, match="newer version"):
        parse(_json.dumps(newer).encode(), "the file")
    older = {"format": answers_mod.FORMAT, "answers": {"l/x": {"value": {"text": "kept"}, "saved_at": "2026-01-01T00:00:00+00:00"}}}
    assert parse(_json.dumps(older).encode(), "the file")["l/x"]["value"] == {"text": "kept"}
