"""The fault review of issue 10, store and student side: each fault that broke, as a test.

Recovery keeps what it recovered; one odd entry is set aside with a message and blocks nothing;
every failure is a message (a CourseError), never a traceback; no temporary files pile up; files
are readable by a teacher (0644).
"""
from __future__ import annotations

import builtins
import json
import os
import stat
import time

import pytest

from utils.handin import submission
from utils.handin.answer_items import describe
from utils.exercises.answers import AnswerStore, FORMAT
from utils.core.errors import CourseError
from utils import homework

JUSTIFY = "The note made at the time counts five hundred, which the memoir leaves out entirely."


def answers_file(entries: dict) -> str:
    return json.dumps({"format": FORMAT, "version": 1, "answers": entries})


def entry(value) -> dict:
    return {"value": value, "saved_at": "2026-01-01T00:00:00+00:00"}


def side_files(folder):
    return sorted(folder.glob("answers.set-aside-*.json"))


# -- HIGH: recovery from the backup keeps what it recovered ------------------------------------
def test_recovered_answers_stay_recovered_through_reads_and_saves(tmp_path):
    s = AnswerStore(tmp_path)
    s.put("hw/a", {"text": "first answer"})
    s.put("hw/b", {"text": "second answer"})
    (tmp_path / "answers.json").write_bytes(b'{"format": "purges-and-hysteria-answers", "answ')
    fresh = AnswerStore(tmp_path)
    assert fresh.get("hw/a") == {"text": "first answer"} and "recovered" in fresh.warning
    assert fresh.get("hw/a") == {"text": "first answer"}  # the second read: the old code gave None
    assert fresh.get("hw/b") == {"text": "second answer"}
    fresh.put("hw/c", {"text": "new"})
    fresh.put("hw/c", {"text": "newer"})
    after = AnswerStore(tmp_path).all()
    assert {k: v["value"]["text"] for k, v in after.items()} == {
        "hw/a": "first answer", "hw/b": "second answer", "hw/c": "newer"}
    backup = json.loads((tmp_path / "answers.backup.json").read_text(encoding="utf-8"))["answers"]
    assert set(backup) == {"hw/a", "hw/b", "hw/c"}  # the backup was never overwritten by less
    kept = list(tmp_path.glob("answers.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes().endswith(b'"answ')  # the damaged file, untouched


def test_recovery_in_a_homework_restores_every_box(hw_course, tmp_path):
    h = homework("h1-test", store=AnswerStore(tmp_path / "store"))
    for pid, text in (("p1", "my first answer"), ("p2", "my second answer")):
        h.response(pid).widget
        h.response(pid).text.value = text
    (tmp_path / "store" / "answers.json").write_text("{ damaged", encoding="utf-8")
    again = homework("h1-test", store=AnswerStore(tmp_path / "store"))
    first, second = again.response("p1"), again.response("p2")
    first.widget, second.widget
    assert first.text.value == "my first answer"
    assert second.text.value == "my second answer"  # the old code: empty
    assert "recovered" in first.status.value


def test_missing_file_with_a_backup_is_recovered_not_started_afresh(tmp_path):
    s = AnswerStore(tmp_path)
    s.put("hw/a", "kept")
    (tmp_path / "answers.json").unlink()
    fresh = AnswerStore(tmp_path)
    assert fresh.get("hw/a") == "kept" and "missing" in fresh.warning
    fresh.put("hw/b", "new")
    fresh.put("hw/b", "newer")
    assert AnswerStore(tmp_path).get("hw/a") == "kept"


def test_a_damaged_backup_is_kept_too(tmp_path):
    (tmp_path / "answers.json").write_bytes(b"{main damaged")
    (tmp_path / "answers.backup.json").write_bytes(b"{backup damaged")
    s = AnswerStore(tmp_path)
    assert s.all() == {}
    s.put("hw/a", "new")
    s.put("hw/a", "newer")
    kept = sorted(p.read_bytes() for p in tmp_path.glob("*.unreadable-*.json"))
    assert kept == [b"{backup damaged", b"{main damaged"]


def test_a_failed_backup_copy_does_not_say_not_saved(tmp_path, monkeypatch):
    s = AnswerStore(tmp_path)
    s.put("hw/a", "first")
    real = os.replace

    def no_backup(src, dst, *args, **kw):
        if str(dst).endswith("answers.backup.json"):
            raise OSError(28, "No space left on device")
        return real(src, dst, *args, **kw)

    monkeypatch.setattr(os, "replace", no_backup)
    s.put("hw/a", "second")  # saved: only the copy failed
    monkeypatch.undo()
    assert AnswerStore(tmp_path).get("hw/a") == "second"
    assert not list(tmp_path.glob(".answers-*.tmp"))


# -- one odd entry blocks nothing -------------------------------------------------------------
def test_lone_surrogate_does_not_block_saving(tmp_path):
    (tmp_path / "answers.json").write_text(
        answers_file({"hw/odd": entry({"text": "smile \ud83d here"}), "hw/good": entry({"text": "fine"})}),
        encoding="ascii")  # json.dumps escapes the surrogate as \\ud83d, as a hand-edited file may hold it
    s = AnswerStore(tmp_path)
    s.put("hw/new", {"text": "typed now"})  # the old code: UnicodeEncodeError on every save
    again = AnswerStore(tmp_path)
    assert again.get("hw/new") == {"text": "typed now"} and again.get("hw/good") == {"text": "fine"}
    assert again.get("hw/odd") == {"text": "smile \ufffd here"}  # kept, with the character replaced
    assert "hw/odd" in s.warning
    (side,) = side_files(tmp_path)
    assert side.name in s.warning
    original = json.loads(side.read_text(encoding="ascii"))["answers"]["hw/odd"]["value"]
    assert original == {"text": "smile \ud83d here"}  # the original, exactly
    (tmp_path / "answers.json").read_text(encoding="utf-8")


def test_lone_surrogate_does_not_crash_submit(hw_course, tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "answers.json").write_text(answers_file({
        "h1-test/student-name": entry({"text": "Ann"}),
        "h1-test/prompt-p1": entry({"text": "broken \ud83d text"})}), encoding="ascii")
    h = homework("h1-test", store=AnswerStore(folder))
    payload = h.payload("2026-01-01T00:00:00+00:00")
    text = submission.build(payload)
    text.encode("utf-8")  # the old code: UnicodeEncodeError
    assert "broken \ufffd text" in text


def test_wrong_typed_entry_gives_a_message_not_a_type_error(hw_course, tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    odd = {"verdict": "contradicted", "evidence": 5, "justification": JUSTIFY, "committed": True}
    (folder / "answers.json").write_text(answers_file({
        "h1-test/claim": entry(odd), "h1-test/prompt-p1": entry({"text": "still here"})}), encoding="utf-8")
    h = homework("h1-test", store=AnswerStore(folder))
    claim = h.exercise("claim")
    claim.widget  # the old code: TypeError
    assert "h1-test/claim" in claim.status.value and "evidence" in claim.status.value
    assert claim.verdict.value is None  # starts empty, nothing half-restored
    (side,) = side_files(folder)
    assert side.name in claim.status.value
    assert json.loads(side.read_text())["answers"]["h1-test/claim"]["value"] == odd  # never lost
    h.response("p1").widget
    assert h.response("p1").text.value == "still here"  # nothing else blocked
    claim.verdict.value, claim.justification.value = "contradicted", JUSTIFY  # and the box saves again
    assert AnswerStore(folder).get("h1-test/claim")["verdict"] == "contradicted"


def test_wrong_typed_entry_does_not_crash_the_hand_in(hw_course, tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "answers.json").write_text(answers_file({
        "h1-test/student-name": entry({"text": "Ann"}),
        "h1-test/claim": entry({"verdict": "contradicted", "evidence": 5, "committed": True}),
        "h1-test/prompt-p1": entry({"text": ["not", "text"]})}), encoding="utf-8")
    h = homework("h1-test", store=AnswerStore(folder))
    payload = h.payload("2026-01-01T00:00:00+00:00")  # the old code: TypeError
    submission.build(payload)
    unfinished = {u["label"] if isinstance(u, dict) else str(u) for u in payload["unfinished"]}
    assert any("claim" in u.lower() for u in unfinished), unfinished
    claim = next(i for i in h.collect()[1] if i["key"] == "h1-test/claim")
    assert "evidence" in claim["unfinished"] and "cannot read" in claim["unfinished"]


@pytest.mark.parametrize("value", [5, "text", [1, 2], {"verdict": 3}, {"evidence": 5}, {"evidence": [[1]]},
                                   {"justification": {"a": 1}}, {"committed": "yes"}])
def test_describe_names_odd_values_instead_of_guessing(hw_course, tmp_path, value):
    h = homework("h1-test", store=AnswerStore(tmp_path / "store"))
    spec = next(e for e in h.data["exercises"] if e["id"] == "claim")
    out = describe(h, "claim-check", spec, value)  # the old code: TypeError, or a silent guess
    assert "cannot read" in out["unfinished"] and out["label"].startswith("Claim check")
    assert json.loads(out["shown"][0][1]) == value  # the teacher sees what was saved


def test_entries_that_are_not_entries_are_set_aside(tmp_path):
    (tmp_path / "answers.json").write_text(answers_file({"hw/a": 5, "hw/b": entry("fine"), "hw/c": {"x": 1}}))
    s = AnswerStore(tmp_path)
    assert s.get("hw/b") == "fine" and s.get("hw/a") is None
    assert "'hw/a'" in s.warning and "'hw/c'" in s.warning
    (side,) = side_files(tmp_path)
    assert json.loads(side.read_text())["answers"] == {"hw/a": 5, "hw/c": {"x": 1}}
    s.put("hw/a", "new")
    assert AnswerStore(tmp_path).get("hw/a") == "new" and AnswerStore(tmp_path).warning is None


# -- failures are messages, never tracebacks -----------------------------------------------------
def test_deeply_nested_file_is_set_aside_and_backup_recovered(tmp_path):
    s = AnswerStore(tmp_path)
    s.put("hw/a", "saved before")
    deep = '{"format": "purges-and-hysteria-answers", "answers": {"x": {"value": ' + "[" * 100_000 + "]" * 100_000 + "}}}"
    (tmp_path / "answers.json").write_text(deep)
    fresh = AnswerStore(tmp_path)
    assert fresh.get("hw/a") == "saved before"  # the old code: RecursionError
    assert "nested too deeply" in fresh.warning
    fresh.put("hw/b", "after")


def test_deep_entry_in_a_readable_file_is_set_aside(tmp_path):
    deep = {"value": None}
    node = deep
    for _ in range(200):
        node["value"] = {"value": None}
        node = node["value"]
    (tmp_path / "answers.json").write_text(answers_file({"hw/deep": deep, "hw/ok": entry("fine")}))
    s = AnswerStore(tmp_path)
    assert s.get("hw/ok") == "fine" and "'hw/deep'" in s.warning
    s.put("hw/new", "x")
    assert len(side_files(tmp_path)) == 1


def test_answers_file_that_is_a_folder(tmp_path):
    s = AnswerStore(tmp_path)
    s.put("hw/a", "saved")
    (tmp_path / "answers.json").unlink()
    (tmp_path / "answers.json").mkdir()
    (tmp_path / "answers.json" / "inside.txt").write_text("kept")
    fresh = AnswerStore(tmp_path)
    assert fresh.get("hw/a") == "saved"  # the old code: IsADirectoryError
    assert "folder" in fresh.warning
    fresh.put("hw/b", "new")
    (kept,) = tmp_path.glob("answers.unreadable-*.json")
    assert (kept / "inside.txt").read_text() == "kept"


def _deny(monkeypatch, suffix: str):
    """Behave as if this account may not create or open files ending in suffix (tests run as root,
    where chmod alone cannot refuse anything)."""
    real_open, real_os_open = builtins.open, os.open

    def fake_open(file, *args, **kw):
        if str(file).endswith(suffix):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kw)

    def fake_os_open(path, *args, **kw):
        if str(path).endswith(suffix):
            raise PermissionError(13, "Permission denied", str(path))
        return real_os_open(path, *args, **kw)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)


def test_read_only_folder_without_a_lock_file_still_shows_answers(tmp_path, monkeypatch):
    AnswerStore(tmp_path).put("hw/a", "saved")
    (tmp_path / "answers.json.lock").unlink()
    _deny(monkeypatch, ".lock")
    s = AnswerStore(tmp_path)
    assert s.get("hw/a") == "saved"  # the old code: PermissionError on display
    with pytest.raises(CourseError, match="cannot be saved"):
        s.put("hw/a", "new")
    monkeypatch.undo()
    assert AnswerStore(tmp_path).get("hw/a") == "saved"


def test_unreadable_answers_file_is_a_message_in_the_widget(hw_course, tmp_path, monkeypatch):
    folder = tmp_path / "store"
    AnswerStore(folder).put("h1-test/prompt-p1", {"text": "mine"})
    _deny(monkeypatch, "answers.json")
    s = AnswerStore(folder)
    with pytest.raises(CourseError, match="cannot be read"):
        s.get("h1-test/prompt-p1")
    view = homework("h1-test", store=s).response("p1")
    view.widget
    assert "cannot be read" in view.status.value
    monkeypatch.undo()
    assert AnswerStore(folder).get("h1-test/prompt-p1") == {"text": "mine"}  # nothing changed


@pytest.mark.parametrize("value", [object(), {1, 2}, {"a": object()}, "\ud83d"])
def test_unsaveable_values_are_course_errors(tmp_path, value):
    s = AnswerStore(tmp_path)
    with pytest.raises(CourseError):
        s.put("hw/a", value)
    assert not (tmp_path / "answers.json").exists()


# -- housekeeping ----------------------------------------------------------------------------------
def test_stale_temporary_files_are_cleaned_up(tmp_path):
    s = AnswerStore(tmp_path)
    s.put("hw/a", "one")
    stale = tmp_path / ".answers-interrupted.tmp"
    stale.write_text('{"half": ')
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / ".answers-in-progress.tmp"  # another save, just now: not touched
    fresh.write_text("")
    s.put("hw/a", "two")
    assert not stale.exists() and fresh.exists()


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_readable_by_a_teacher(tmp_path):
    s = AnswerStore(tmp_path)
    s.put("hw/a", "one")
    s.put("hw/a", "two")
    assert _mode(tmp_path / "answers.json") == 0o644
    assert _mode(tmp_path / "answers.backup.json") == 0o644
    os.chmod(tmp_path / "answers.json", 0o600)  # saving over an existing private file
    s.put("hw/a", "three")
    assert _mode(tmp_path / "answers.json") == 0o644


def test_side_files_are_readable_by_a_teacher(tmp_path):
    (tmp_path / "answers.json").write_text(answers_file({"hw/a": 5}))
    AnswerStore(tmp_path).all()
    (side,) = side_files(tmp_path)
    assert _mode(side) == 0o644


def test_damaged_file_in_a_folder_that_cannot_change(tmp_path, monkeypatch):
    s = AnswerStore(tmp_path)
    s.put("hw/a", "saved")
    (tmp_path / "answers.json").write_bytes(b"{damaged")
    real = os.replace

    def refuse(src, dst, *args, **kw):
        raise PermissionError(13, "Permission denied", str(src))

    monkeypatch.setattr(os, "replace", refuse)
    fresh = AnswerStore(tmp_path)
    assert fresh.get("hw/a") == "saved"  # shown from the backup
    assert "could not be moved aside" in fresh.warning
    with pytest.raises(CourseError, match="not saved"):
        fresh.put("hw/b", "new")
    monkeypatch.setattr(os, "replace", real)
    assert (tmp_path / "answers.json").read_bytes() == b"{damaged"  # never overwritten
    assert not list(tmp_path.glob(".answers-*.tmp"))
