"""The submission file: build -> read round-trips for any answers; any change is caught."""
from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from utils.handin import submission
from utils.handin.submission import ALTERED, CORRUPT, MISSING_DATA, NOT_SUBMISSION, OK

WHEN = "2025-03-09T17:45:12Z"
texts = st.text(max_size=300)
ANSWER_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | texts,
                             lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                             max_leaves=12)


@st.composite
def payloads(draw):
    items = []
    for n in range(draw(st.integers(0, 5))):
        text = draw(texts)
        items.append({"key": f"h1-x/item-{n}", "kind": draw(st.sampled_from(["prompt", "claim-check", "essay"])),
                      "label": draw(texts), "question": draw(texts),
                      "value": {"text": text, "extra": draw(ANSWER_VALUES)},
                      "shown": [[draw(texts), text]], "unfinished": draw(st.none() | st.just("is blank"))})
    return submission.make_payload({"id": "h1-x", "title": draw(texts)}, draw(texts), items, "0.1.0", WHEN)


def sample(text="An answer about the lists.") -> dict:
    item = {"key": "h1-x/prompt-p1", "kind": "prompt", "label": "Prompt 1", "question": "Why?",
            "value": {"text": text}, "shown": [["Answer", text]], "unfinished": None}
    return submission.make_payload({"id": "h1-x", "title": "Homework X"}, "Ann Example", [item], "0.1.0", WHEN)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads())
def test_round_trip_for_any_unicode(payload):
    text = submission.build(payload)
    reading = submission.read(text)
    assert reading.status == OK, reading.problem
    got = reading.payload
    assert got["items"] == payload["items"] and got["student"] == payload["student"]
    assert got["checksum"] == submission.checksum(got)
    assert got["checksum"] == hashlib.sha256(submission.canonical({k: v for k, v in got.items() if k != "checksum"})).hexdigest()
    assert submission.read(text.encode("utf-8")).status == OK
    # nothing a student typed can open an element in the page or end the data block early
    head, body = text.split(submission.PAGE_START)
    assert head.count("</script>") == 1 and "<script" not in body


def test_long_texts_round_trip():
    essay = "Слово и дело, 1937. " * 50_000
    reading = submission.read(submission.build(sample(essay)))
    assert reading.ok and reading.payload["items"][0]["value"]["text"] == essay


def _answer_span(text: str) -> tuple[int, int]:
    """Byte offsets of the embedded answer text (the first item's value)."""
    data = text.encode("utf-8")
    needle = json.dumps("An answer about the lists.")[1:-1].encode()
    start = data.index(needle, data.index(b'id="ph-submission"'))
    return start, start + len(needle)


@settings(max_examples=300, deadline=None)
@given(pos=st.integers(min_value=0), new=st.integers(min_value=0, max_value=255))
def test_any_single_byte_change_to_the_answers_is_caught(pos, new):
    text = submission.build(sample())
    start, end = _answer_span(text)
    data = bytearray(text.encode("utf-8"))
    i = start + pos % (end - start)
    assume(data[i] != new)
    data[i] = new
    reading = submission.read(bytes(data))
    assert reading.status in (ALTERED, CORRUPT), reading.status
    if chr(new).isalnum() and new < 128:  # still valid JSON: the checksum catches it
        assert reading.status == ALTERED and "checksum" in reading.problem


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_single_byte_change_to_the_visible_page_is_caught(data):
    text = submission.build(sample())
    raw = bytearray(text.encode("utf-8"))
    start = raw.index(submission.PAGE_START.encode()) + len(submission.PAGE_START)
    end = raw.index(submission.PAGE_END.encode())
    i = data.draw(st.integers(start, end - 1))
    new = data.draw(st.integers(32, 126).filter(lambda b: b != raw[i]))
    raw[i] = new
    assert submission.read(bytes(raw)).status in (ALTERED, CORRUPT)


def test_altered_answer_with_valid_json():
    text = submission.build(sample()).replace("about the lists", "about the lies", 1)
    reading = submission.read(text)
    assert reading.status == ALTERED and reading.payload["student"] == "Ann Example"


def test_recomputed_checksum_but_old_page_is_still_altered():
    text = submission.build(sample())
    payload = submission.read(text).payload
    payload["items"][0]["value"]["text"] = "A new answer."
    payload["items"][0]["shown"] = [["Answer", "A new answer."]]
    payload["checksum"] = submission.checksum(payload)  # recomputed, but the page still shows the old answer
    start = text.index('id="ph-submission">') + len('id="ph-submission">')
    forged = text[:start] + json.dumps(payload) + text[text.index("</script>"):]
    assert submission.read(forged).status == ALTERED


@pytest.mark.parametrize("mangle,status", [
    (lambda t: t[:t.index('id="ph-submission">') + 200] + t[t.index("</script>"):], CORRUPT),
    (lambda t: t[:t.index("<script")] + t[t.index("</script>") + 9:], MISSING_DATA),
    (lambda t: t.replace('"format": "purges-and-hysteria-submission"', '"format": "other"'), CORRUPT),
    (lambda t: t.replace('"student": "Ann Example"', '"student": 5'), CORRUPT),
    (lambda t: "<html><body>My homework</body></html>", NOT_SUBMISSION),
    (lambda t: t.encode("utf-8")[:-40] + b"\xff\xfe", CORRUPT),
])
def test_every_kind_of_bad_file(mangle, status):
    assert submission.read(mangle(submission.build(sample()))).status == status


def test_page_shows_every_question_and_answer_escaped():
    text = submission.build(sample("<b>bold</b> & \u201cquoted\u201d"))
    page = text[text.index(submission.PAGE_START):]
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;" in page and "<b>bold" not in page
    assert "Why?" in page and "Ann Example" in page and "Homework X" in page
    assert submission.read(text).payload["checksum"] in text[text.index(submission.PAGE_END):]


def test_unfinished_are_listed_in_the_page_and_the_data():
    payload = sample("")
    payload["items"][0]["unfinished"] = "is blank"
    payload = submission.make_payload(payload["assignment"], "Ann", payload["items"], "0.1.0", WHEN)
    text = submission.build(payload)
    assert "Handed in with unfinished work" in text and "Prompt 1 is blank" in text
    assert submission.read(text).payload["unfinished"] == [{"key": "h1-x/prompt-p1", "label": "Prompt 1",
                                                           "problem": "is blank"}]


def test_file_names_are_safe_and_writes_never_overwrite(tmp_path):
    name = submission.file_name("h1-x", "../../Zoë O'Brien <x>", WHEN)
    assert name == "h1-x_zoë-o-brien-x_20250309-174512Z.html"
    assert submission.file_name("h1-x", "   ", WHEN).startswith("h1-x_student_")
    first = submission.write("one", name, tmp_path)
    second = submission.write("two", name, tmp_path)
    assert first.read_text() == "one" and second.read_text() == "two" and first != second
    assert not list(tmp_path.glob(".submission-*"))


def test_data_uri_carries_the_file():
    import base64

    uri = submission.data_uri("é<")
    assert base64.b64decode(uri.split(",", 1)[1]).decode("utf-8") == "é<"
    link = submission.download_link("x", "a'b.html", "Download")
    assert "download='a&#x27;b.html'" in link


# -- hostile or hand-made files (issue 10) ------------------------------------------------------
def forge(change) -> str:
    """A file whose embedded data was edited by hand and both hashes redone (the page is left as it was)."""
    text = submission.build(sample())
    payload = submission.read(text).payload
    change(payload)
    payload["checksum"] = submission.checksum(payload)
    start = text.index(submission.DATA_OPEN) + len(submission.DATA_OPEN)
    return text[:start] + json.dumps(payload) + text[text.index("</script>"):]


@pytest.mark.parametrize("change,where", [
    (lambda p: p["items"][0].update(kind="reliability-rating", value={"ratings": {"knew": "4"}}), "'ratings.knew'"),
    (lambda p: p["items"][0].update(kind="reliability-rating", value={"ratings": [4, 5]}), "'ratings'"),
    (lambda p: p["items"][0].update(kind="reliability-rating", value={"ratings": {"knew": 9}}), "at most 5"),
    (lambda p: p["items"][0].update(shown="Answer"), "'shown'"),
    (lambda p: p["items"][0].update(shown=[["Answer"]]), "'shown[1]'"),
    (lambda p: p["items"][0].update(shown=[["Answer", 5]]), "'shown[1][2]'"),
    (lambda p: p["items"][0].update(value={"text": ["a", "b"]}), "'text'"),
    (lambda p: p["items"][0].update(value=5), "its value"),
    (lambda p: p["items"][0].update(kind="data-task", value={"steps": {"s1": {"attempts": "many"}}}), "'steps.s1.attempts'"),
    (lambda p: p["items"][0].update(kind="claim-check", value={"verdict": ["supported"]}), "'verdict'"),
    (lambda p: p["items"][0].update(kind="claim-check", value={"verdict": "supported", "first": {"verdict": 3}}), "'first'"),
    (lambda p: p["items"][0].update(unfinished=["is blank"]), "'unfinished'"),
    (lambda p: p["assignment"].update(title=["Homework X"]), "'assignment.title'"),
    (lambda p: p.update(unfinished=[{"key": "k"}]), "'unfinished[1]'"),
])
def test_values_of_the_wrong_form_are_invalid_with_a_message(change, where):
    reading = submission.read(forge(change))
    assert reading.status == submission.INVALID, reading.status
    assert where in reading.problem and "Submit button never writes" in reading.problem
    assert reading.payload["student"] == "Ann Example"  # the teacher can see whose file it is


def test_revision_records_are_valid():
    def add(p):
        p["items"][0].update(kind="claim-check", value={
            "verdict": "contradicted", "evidence": [], "justification": "x", "committed": True,
            "first": {"verdict": "supported"}, "revisions": [{"verdict": "contradicted", "after_reveal": True}],
            "final": {"verdict": "contradicted"}, "changed_after_reveal": True})
    assert submission.read(forge(add)).status == OK


def test_a_decimal_quick_check_answer_is_valid():
    """A number box takes 5.9 as well as 6: the hand-in must read it back as sound, not invalid."""
    def add(p):
        p["items"][0].update(kind="quick-check", value={
            "responses": {"q1": 5.9, "q2": 681692, "q3": [0, 2]},
            "attempts": {"q1": [{"response": 5.9, "correct": True}]}, "solved": 1})
    assert submission.read(forge(add)).status == OK


def test_repeated_data_openers_are_read_in_linear_time():
    import time

    hostile = submission.GENERATOR + submission.DATA_OPEN * 20_000  # 1 MB; quadratic reading took minutes
    start = time.perf_counter()
    assert submission.read(hostile).status == MISSING_DATA
    assert time.perf_counter() - start < 0.5


def test_many_answers_on_the_page_are_checked_in_linear_time():
    import time

    items = [{"key": f"h1-x/p{n}", "kind": "prompt", "label": f"P{n}", "question": "",
              "value": {"text": f"answer {n}"}, "shown": [[f"A{n}", f"answer {n}"]] * 40, "unfinished": None}
             for n in range(submission.MAX_ITEMS // 2)]
    text = submission.build(submission.make_payload({"id": "h1-x", "title": "X"}, "Ann", items, "0.1.0", WHEN))
    start = time.perf_counter()
    assert submission.read(text).ok
    assert time.perf_counter() - start < 3


def test_too_many_answers_are_invalid():
    reading = submission.read(forge(lambda p: p.update(items=p["items"] * (submission.MAX_ITEMS + 1))))
    assert reading.status in (submission.INVALID, ALTERED) and reading.status != OK


def test_deeply_nested_data_is_corrupt_not_a_crash():
    text = submission.build(sample())
    start = text.index(submission.DATA_OPEN) + len(submission.DATA_OPEN)
    deep = text[:start] + "[" * 100_000 + "]" * 100_000 + text[text.index("</script>"):]
    assert submission.read(deep).status == CORRUPT
