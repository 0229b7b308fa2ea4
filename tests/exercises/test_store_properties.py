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

from utils.exercises.answers import AnswerStore

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


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_crash_between_write_and_replace_keeps_previous(tmp_path, monkeypatch, where):
    store = AnswerStore(tmp_path)
    store.put("hw/essay", {"text": "the first draft"})
    before = (tmp_path / "answers.json").read_bytes()

    def crash(*_args, **_kw):
        raise OSError(f"power cut during {where}")

    target = {"fsync": (os, "fsync"), "replace": (os, "replace")}[where]
    monkeypatch.setattr(*target, crash)
    with pytest.raises(OSError):
        store.put("hw/essay", {"text": "the second draft"})
    monkeypatch.undo()
    assert (tmp_path / "answers.json").read_bytes() == before
    assert AnswerStore(tmp_path).get("hw/essay") == {"text": "the first draft"}
    assert not list(tmp_path.glob(".answers-*.tmp"))


WRITER = """
import sys
from utils.exercises.answers import AnswerStore
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


# -- random damage and random entries (issue 10): only CourseErrors, nothing saved is lost --------------
from utils.exercises.answers import FORMAT
from utils.core.errors import CourseError

SAVED = st.dictionaries(st.text(min_size=1, max_size=12).map(lambda k: f"hw/{k}"), JSON, min_size=1, max_size=5)
ANY_JSON = JSON | st.recursive(st.integers(), lambda inner: st.lists(inner, min_size=1, max_size=1), max_leaves=40)
SURROGATE_TEXT = st.builds(lambda a, s, b: a + s + b, st.text(max_size=5),
                           st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), st.text(max_size=5))


@st.composite
def damage(draw, data: bytes):
    """Damaged bytes for a whole answers file: truncated, random bytes, or wrong JSON types at each level."""
    how = draw(st.sampled_from(["truncate", "bytes", "splice", "top", "format", "answers", "entry"]))
    doc = json.loads(data)
    if how == "truncate":
        return data[:draw(st.integers(0, len(data) - 1))]
    if how == "bytes":
        return draw(st.binary(max_size=200))
    if how == "splice":  # random bytes over part of the file
        at = draw(st.integers(0, len(data) - 1))
        junk = draw(st.binary(min_size=1, max_size=20).filter(lambda b: b"}" not in b))
        return data[:at] + junk
    if how == "top":
        doc = draw(ANY_JSON.filter(lambda v: not (isinstance(v, dict) and v.get("format") == FORMAT)))
    elif how == "format":
        doc["format"] = draw(ANY_JSON.filter(lambda v: v != FORMAT))
    elif how == "answers":
        doc["answers"] = draw(ANY_JSON.filter(lambda v: not isinstance(v, dict)))
    else:
        key = draw(st.sampled_from(sorted(doc["answers"])))
        doc["answers"][key] = draw(ANY_JSON.filter(lambda v: not (isinstance(v, dict) and "value" in v)))
    return json.dumps(doc).encode("utf-8")


def _public_api(folder, keys) -> dict:
    """Everything a notebook does with the store; any exception must be a CourseError."""
    store = AnswerStore(folder)
    seen = {}
    try:
        store.all()
        seen = {k: store.get(k) for k in keys}
        store.put("hw/after-the-damage", {"text": "typed later"})
        store.put("hw/after-the-damage", {"text": "typed later, again"})
    except CourseError:
        pass
    return seen


def _files_readable(folder):
    for name in ("answers.json", "answers.backup.json"):
        if (folder / name).exists():
            data = json.loads((folder / name).read_text(encoding="utf-8"))
            assert data["format"] == FORMAT and isinstance(data["answers"], dict)
    assert not list(folder.glob(".answers-*.tmp"))


DAMAGE = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


@DAMAGE
@given(saved=SAVED, data=st.data())
def test_random_damage_loses_nothing_saved_before_it(tmp_path_factory, saved, data):
    folder = tmp_path_factory.mktemp("store")
    store = AnswerStore(folder)
    for key, value in saved.items():
        store.put(key, value)
    original = (folder / "answers.json").read_bytes()
    damaged = data.draw(damage(original))
    (folder / "answers.json").write_bytes(damaged)
    seen = _public_api(folder, saved)
    assert seen == saved  # every answer, exactly, straight after the damage
    after = AnswerStore(folder).all()
    assert {k: after[k]["value"] for k in saved} == saved  # and after two more saves
    assert after["hw/after-the-damage"]["value"] == {"text": "typed later, again"}
    _files_readable(folder)
    if damaged != original:  # what was damaged is kept somewhere, byte for byte
        kept = [p.read_bytes() for p in folder.glob("answers.*-*.json")]
        assert damaged in kept or any(json.loads(damaged)["answers"][k] == json.loads(p)["answers"].get(k)
                                      for p in kept for k in json.loads(damaged)["answers"])


ODD_ENTRY = (ANY_JSON.filter(lambda v: not (isinstance(v, dict) and "value" in v))
             | st.builds(lambda t: {"value": {"text": t}}, SURROGATE_TEXT)
             | st.builds(lambda n: {"value": json.loads("[" * n + "]" * n)}, st.integers(30, 400)))


@DAMAGE
@given(good=SAVED, odd=st.dictionaries(st.text(min_size=1, max_size=12).map(lambda k: f"odd/{k}"), ODD_ENTRY,
                                       min_size=1, max_size=4))
def test_random_odd_entries_are_set_aside_and_block_nothing(tmp_path_factory, good, odd):
    folder = tmp_path_factory.mktemp("store")
    entries = {k: {"value": v, "saved_at": "2026-01-01T00:00:00+00:00"} for k, v in good.items()}
    entries.update(odd)
    text = json.dumps({"format": FORMAT, "version": 1, "answers": entries})  # ASCII: surrogates as \\udXXX
    (folder / "answers.json").write_text(text, encoding="ascii")
    seen = _public_api(folder, good)
    assert seen == good
    store = AnswerStore(folder)
    assert store.get("hw/after-the-damage") == {"text": "typed later, again"}
    _files_readable(folder)
    kept = {}
    for side in folder.glob("answers.set-aside-*.json"):
        kept.update(json.loads(side.read_text(encoding="ascii"))["answers"])
    assert kept == odd  # every odd entry, exactly as it was


@settings(max_examples=150, deadline=None)
@given(value=ANY_JSON | st.dictionaries(st.sampled_from(["verdict", "evidence", "justification", "committed",
                                                          "fields", "ratings", "text"]), ANY_JSON, max_size=4))
def test_a_value_of_the_right_shape_always_loads(value):
    """The shapes the widgets check are enough: what passes loads into the model without an error."""
    from utils.exercises.base import shape_problem
    from utils.exercises.claim_check import ClaimCheckModel
    from utils.exercises.organizer import OrganizerModel
    from utils.exercises.reliability import ReliabilityModel

    models = {"claim-check": ClaimCheckModel(["a", "b"]), "reliability-rating": ReliabilityModel(["a"]),
              "organizer": OrganizerModel([{"id": "a", "label": "A"}])}
    for kind, model in models.items():
        if value is not None and shape_problem(kind, value) is None:  # None is "nothing saved"
            model.load(value)
            json.dumps(model.to_dict())
