"""The answers store: atomic, merged across writers, never loses a damaged file."""
import json
import multiprocessing
import os

import pytest
from hypothesis import given, settings, strategies as st

from utils.exercises.answers import AnswerStore, FORMAT


def test_put_and_get_round_trip(tmp_path):
    s = AnswerStore(tmp_path)
    s.put("lesson/ex", {"text": "hello"})
    assert AnswerStore(tmp_path).get("lesson/ex") == {"text": "hello"}


def test_missing_file_is_empty(tmp_path):
    assert AnswerStore(tmp_path / "new").get("x") is None


@pytest.mark.parametrize("garbage", [b"{not json", b"\xff\xfe\x00", b"[]", b'{"format": "other"}', b""])
def test_corrupt_file_is_set_aside_not_overwritten(tmp_path, garbage):
    (tmp_path / "answers.json").write_bytes(garbage)
    s = AnswerStore(tmp_path)
    assert s.get("x") is None
    kept = list(tmp_path.glob("answers.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert "could not be read" in s.warning and kept[0].name in s.warning
    s.put("x", 1)
    s.put("x", 2)
    assert kept[0].read_bytes() == garbage
    assert json.loads((tmp_path / "answers.json").read_text())["answers"]["x"]["value"] == 2


def test_damaged_file_recovers_from_backup(tmp_path):
    s = AnswerStore(tmp_path)
    s.put("a", "one")
    s.put("a", "two")
    (tmp_path / "answers.json").write_bytes(b"{half-written")
    fresh = AnswerStore(tmp_path)
    assert fresh.get("a") == "two"  # the backup is a copy of the last good save
    assert "recovered" in fresh.warning
    assert list(tmp_path.glob("answers.unreadable-*.json"))
    assert fresh.get("a") == "two" and AnswerStore(tmp_path).get("a") == "two"  # and it stays recovered


def test_two_damaged_files_both_kept(tmp_path):
    for garbage in (b"one{", b"two{"):
        (tmp_path / "answers.json").write_bytes(garbage)
        AnswerStore(tmp_path).get("x")
    assert sorted(p.read_bytes() for p in tmp_path.glob("answers.unreadable-*")) == [b"one{", b"two{"]


def test_unsaveable_value_leaves_file_untouched(tmp_path):
    s = AnswerStore(tmp_path)
    s.put("a", "kept")
    before = (tmp_path / "answers.json").read_bytes()
    with pytest.raises(TypeError):  # an AnswerNotSaved, which is a CourseError and a TypeError
        s.put("b", object())
    assert (tmp_path / "answers.json").read_bytes() == before


def test_crash_during_write_keeps_previous_answers(tmp_path, monkeypatch):
    s = AnswerStore(tmp_path)
    s.put("a", "first")

    def boom(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        s.put("a", "second")
    monkeypatch.undo()
    assert AnswerStore(tmp_path).get("a") == "first"
    assert not list(tmp_path.glob(".answers-*.tmp")), "temporary file left behind"


def _writer(folder, n):
    s = AnswerStore(folder)
    for i in range(25):
        s.put(f"w{n}/{i}", f"{n}-{i}")


def test_concurrent_writers_lose_nothing(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(tmp_path, n)) for n in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    saved = AnswerStore(tmp_path).all()
    assert len(saved) == 100
    assert saved["w3/24"]["value"] == "3-24"


@settings(max_examples=60, deadline=None)
@given(key=st.text(min_size=1, max_size=40), text=st.text(max_size=5000))
def test_any_unicode_round_trips(tmp_path_factory, key, text):
    folder = tmp_path_factory.mktemp("store")
    AnswerStore(folder).put(key, {"text": text})
    assert AnswerStore(folder).get(key) == {"text": text}
    data = json.loads((folder / "answers.json").read_text(encoding="utf-8"))
    assert data["format"] == FORMAT


def test_long_text(tmp_path):
    text = "слово " * 200_000
    AnswerStore(tmp_path).put("essay", text)
    assert AnswerStore(tmp_path).get("essay") == text
