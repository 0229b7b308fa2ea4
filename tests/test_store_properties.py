"""The answers store under stress, as homework uses it: any text, writers at once, crashes mid-write."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils.answers import AnswerStore

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                    | st.text(), lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=15)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(puts=st.lists(st.tuples(st.text(min_size=1, max_size=30), JSON), min_size=1, max_size=8))
def test_last_write_wins_and_nothing_else_changes(tmp_path_factory, puts):
    folder = tmp_path_factory.mktemp("store")
    expected = {}
    for key, value in puts:
        AnswerStore(folder).put(f"h1-kirov-sources/{key}", value)
        expected[f"h1-kirov-sources/{key}"] = value
    saved = AnswerStore(folder).all()
    assert {k: v["value"] for k, v in saved.items()} == expected


@FAST
@given(writers=st.integers(2, 6), per_writer=st.integers(1, 12), text=st.text(max_size=200))
def test_concurrent_writers_in_one_kernel_lose_nothing(tmp_path_factory, writers, per_writer, text):
    folder = tmp_path_factory.mktemp("store")

    def write(n):
        store = AnswerStore(folder)  # one object per notebook
        for i in range(per_writer):
            store.put(f"hw/{n}/{i}", {"text": text, "i": i})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = AnswerStore(folder).all()
    assert len(saved) == writers * per_writer
    assert all(v["value"]["text"] == text for v in saved.values())


@pytest.mark.parametrize("where", ["fsync", "link", "replace"])
def test_crash_between_write_and_replace_keeps_previous(tmp_path, monkeypatch, where):
    store = AnswerStore(tmp_path)
    store.put("hw/essay", {"text": "the first draft"})
    before = (tmp_path / "answers.json").read_bytes()

    def crash(*_args, **_kw):
        raise OSError(f"power cut during {where}")

    target = {"fsync": (os, "fsync"), "link": (os, "link"), "replace": (os, "replace")}[where]
    monkeypatch.setattr(*target, crash)
    if where == "link":  # the backup falls back to a copy; make that fail too
        import shutil
        monkeypatch.setattr(shutil, "copyfile", crash)
    with pytest.raises(OSError):
        store.put("hw/essay", {"text": "the second draft"})
    monkeypatch.undo()
    assert (tmp_path / "answers.json").read_bytes() == before
    assert AnswerStore(tmp_path).get("hw/essay") == {"text": "the first draft"}
    assert not list(tmp_path.glob(".answers-*.tmp"))


WRITER = """
import sys
from utils.answers import AnswerStore
store = AnswerStore(sys.argv[1])
i = 0
while True:
    store.put("hw/essay", {"text": "word " * 40000, "version": i})
    print(i, flush=True)
    i += 1
"""


@pytest.mark.parametrize("delay", [0.05, 0.13, 0.27, 0.41])
def test_kill_in_the_middle_of_writing_leaves_a_whole_file(tmp_path, delay):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        proc.stdout.readline()  # at least one save finished
        time.sleep(delay)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    store = AnswerStore(tmp_path)
    value = store.get("hw/essay")
    assert store.warning is None, store.warning
    assert value["text"] == "word " * 40000 and isinstance(value["version"], int)
    json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))


def test_damaged_store_is_set_aside_with_a_clear_message_and_backup(tmp_path):
    store = AnswerStore(tmp_path)
    store.put("hw/student-name", {"text": "Ann"})
    store.put("hw/prompt-p1", {"text": "An answer"})
    (tmp_path / "answers.json").write_text('{"format": "purges-and-hysteria-answers", "answers": {', encoding="utf-8")
    fresh = AnswerStore(tmp_path)
    assert fresh.get("hw/student-name") == {"text": "Ann"}  # recovered from the backup
    kept = list(tmp_path.glob("answers.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].name in fresh.warning and "Nothing was deleted" in fresh.warning
    assert (tmp_path / "answers.backup.json").exists()
