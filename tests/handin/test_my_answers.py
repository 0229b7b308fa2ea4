"""Download my answers / Restore my answers: a student's work goes home and comes back whole."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils.exercises.answers import FORMAT, AnswerStore
from utils.handin.my_answers import MyAnswersBox, MyAnswersModel, RestoreError


def file_of(entries: dict) -> bytes:
    return json.dumps({"format": FORMAT, "version": 1, "answers": entries}).encode()


def test_download_then_restore_on_another_computer(tmp_path):
    school = AnswerStore(tmp_path / "school")
    school.put("08/claim", {"verdict": "contradicted", "why": "Orders <b>signed</b> \u00e9"})
    school.put("08/prompt-1", {"text": "Long answer"})
    name, text, count = MyAnswersModel(school).download()
    assert name.endswith(".json") and count == 2
    home = AnswerStore(tmp_path / "home")
    done = MyAnswersModel(home).restore(text.encode(), name)
    assert sorted(done.added) == ["08/claim", "08/prompt-1"] and not done.kept and not done.replaced
    assert home.get("08/claim") == school.get("08/claim")
    again = MyAnswersModel(home).restore(text.encode(), name)
    assert sorted(again.same) == ["08/claim", "08/prompt-1"] and not again.added
    assert "2 already here" in again.message()


@pytest.mark.parametrize("newer_in_file", [True, False])
def test_a_conflict_keeps_both_versions_and_says_so(tmp_path, newer_in_file):
    store = AnswerStore(tmp_path / "a")
    store.put("k", {"text": "here"})
    here_time = store.all()["k"]["saved_at"]
    stamp = "2999-01-01T00:00:00+00:00" if newer_in_file else "1999-01-01T00:00:00+00:00"
    done = MyAnswersModel(store).restore(file_of({"k": {"value": {"text": "file"}, "saved_at": stamp}}))
    in_use = store.get("k")["text"]
    assert in_use == ("file" if newer_in_file else "here")
    assert done.conflicts_file is not None and done.conflicts_file.parent == store.path.parent
    kept = json.loads(done.conflicts_file.read_text())["answers"]["k"]["value"]["text"]
    assert {in_use, kept} == {"here", "file"}
    assert "newer version" in done.message() and done.conflicts_file.name in done.message()
    assert oct(done.conflicts_file.stat().st_mode & 0o777) == "0o644"
    # the conflicts file is itself an answers file Restore reads
    back = MyAnswersModel(store).restore(done.conflicts_file.read_bytes())
    assert back.kept or back.replaced or back.same
    assert here_time


@pytest.mark.parametrize("raw, says", [
    (b"\xff\xfe\x00garbage", "not a text file"),
    (b"{not json", "not a readable answers file"),
    (b'{"answers": {}}', "not an answers file of this course"),
    (b"[1, 2]", "not an answers file of this course"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
])
def test_a_bad_file_changes_nothing_and_says_why(tmp_path, raw, says):
    store = AnswerStore(tmp_path / "a")
    store.put("k", {"text": "mine"})
    before = store.path.read_bytes()
    with pytest.raises(RestoreError, match=says):
        MyAnswersModel(store).restore(raw, "upload.json")
    assert store.path.read_bytes() == before


def test_odd_entries_are_named_and_the_rest_restored(tmp_path):
    store = AnswerStore(tmp_path / "a")
    raw = json.dumps({"format": FORMAT, "answers": {
        "good": {"value": {"text": "ok"}}, "no-value": {"text": "x"}, "number": 5,
        "bad\ud83d": {"value": 1}}}).encode()
    done = MyAnswersModel(store).restore(raw)
    assert done.added == ["good"] and len(done.odd) == 3
    assert "could not be used" in done.message() and store.get("good") == {"text": "ok"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(here=st.dictionaries(st.sampled_from("abcd"), st.text(max_size=5), max_size=4),
       there=st.dictionaries(st.sampled_from("abcd"), st.text(max_size=5), max_size=4))
def test_restore_never_loses_an_answer(tmp_path_factory, here, there):
    folder = tmp_path_factory.mktemp("s")
    store = AnswerStore(folder)
    for k, v in here.items():
        store.put(k, {"text": v})
    done = MyAnswersModel(store).restore(file_of({k: {"value": {"text": v}} for k, v in there.items()}))
    kept = json.loads(done.conflicts_file.read_text())["answers"] if done.conflicts_file else {}
    for k in set(here) | set(there):
        versions = {store.get(k)["text"]} | ({kept[k]["value"]["text"]} if k in kept else set())
        assert ({here[k]} if k in here else set()) | ({there[k]} if k in there else set()) <= versions


def choose(box, name: str, raw: bytes) -> None:
    """What the browser sends when a student chooses a file in the Restore button."""
    from datetime import datetime, timezone

    box.upload.value = ({"name": name, "type": "application/json", "size": len(raw),
                         "content": memoryview(raw), "last_modified": datetime.now(timezone.utc)},)


def test_the_buttons_restore_into_the_exercises_on_screen(course, tmp_path):
    lesson = course.lesson()
    claim = lesson.exercise("claim")
    _ = claim.widget  # on screen, empty
    saved = dict(claim.state())
    box = MyAnswersBox(lesson)
    _ = box.widget
    other = AnswerStore(tmp_path / "other")
    other.put(claim.key, {**saved, "justification": "Restored from home <script>"})
    _, text, _ = MyAnswersModel(other).download()
    choose(box, "x.json", text.encode())
    assert "Restored: 1 answer added" in box.message.value and "&lt;" not in box.message.value
    assert claim.state().get("justification") == "Restored from home <script>"
    choose(box, "x.json", b"nope")
    assert "ph-error" in box.message.value and "x.json" in box.message.value
    box._on_download()
    assert "download=" in box.link.value and "Save the file" in box.link.value
