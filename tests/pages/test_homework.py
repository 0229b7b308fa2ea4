"""Homework: content checks, and the student's side driven headless (name, answers, restart, submit)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from utils import ContentError
from utils.handin import submission
from utils.exercises.answers import AnswerStore
from utils.content.load import homework_files, load_homework
from utils import homework
from course_fixture import HOMEWORK
from utils.handin.submit_box import CONFIRM, DONE, NEED_NAME, SubmitBox

ROOT = Path(__file__).resolve().parents[2]
JUSTIFY = "The note made at the time counts five hundred, which the memoir leaves out entirely."




def hw(tmp_path, store_dir="store"):
    return homework("h1-test", store=AnswerStore(tmp_path / store_dir))


def error_for(course, text) -> ContentError:
    course.write("lessons/homework/h1-test.yaml", text)
    with pytest.raises(ContentError) as info:
        load_homework("h1-test")
    return info.value


# -- content -----------------------------------------------------------------------------------
def test_real_homework_content_is_valid():
    ids = [p.stem for p in homework_files()]
    assert ids == ["h1-kirov-sources", "h2-numbers-that-disagree", "h3-molotov-essay"]
    for hid in ids:
        data = load_homework(hid)
        assert data["rubric"] and data["exercises"]


def test_good_homework_loads(hw_course):
    assert load_homework("h1-test")["title"] == "A test homework"


@pytest.mark.parametrize("old,new,item,field", [
    ("organizer: plan", "organizer: plna", "'essay'", "organizer"),
    ("after_lesson: 01-test", "after_lesson: 01-tset", None, "after_lesson"),
    ("    min_words: 5\n", "    min_words: five\n", "'essay'", "min_words"),
    ("  - {id: sourcing, label: Sourcing, points: 4}", "  - {id: sourcing, lable: Sourcing}", "'sourcing'", "label"),
    ("      - {id: reason, label: Reasoning}", "      - {id: claim, label: Reasoning}", "'plan'", "id"),
])
def test_content_errors_name_file_item_field(hw_course, old, new, item, field):
    err = error_for(hw_course, HOMEWORK.replace(old, new))
    assert err.file == "lessons/homework/h1-test.yaml"
    assert err.item == item and err.field == field, str(err)


def test_data_task_check_must_exist(hw_course):
    task = ("  - id: numbers\n    kind: data-task\n    datasets: [counts]\n    steps:\n"
            "      - {id: s1, text: Do it., check: death-share-by-yaer}\n")
    err = error_for(hw_course, HOMEWORK.replace("prompts:", task + "prompts:"))
    assert err.item == "'numbers'" and err.field == "steps[1].check"
    assert "did you mean 'death-share-by-year'" in err.found


def test_unknown_homework_file(hw_course):
    with pytest.raises(ContentError) as info:
        load_homework("h1-tset")
    assert "did you mean 'h1-test'" in info.value.found


# -- the student's side ---------------------------------------------------------------------------
def test_every_key_starts_with_the_assignment_id(hw_course, tmp_path):
    h = hw(tmp_path)
    h.name().widget.children[1].value = "Ann"
    h.exercise("essay").widget
    h.exercise("essay").box.value = "words"
    assert set(h.store.all()) == {"h1-test/student-name", "h1-test/essay"}
    assert set(h.keys()) == {"h1-test/claim", "h1-test/plan", "h1-test/essay", "h1-test/prompt-p1",
                             "h1-test/prompt-p2"}


def test_answers_restored_after_restart(hw_course, tmp_path):
    h = hw(tmp_path)
    h.name().widget
    h.name().box.value = "Zoë Ünïcode-Test"
    claim = h.exercise("claim")
    claim.widget
    claim.verdict.value, claim.justification.value = "contradicted", JUSTIFY
    claim.boxes[0].value = True
    claim.commit_button.click()
    h.exercise("plan").widget
    h.exercise("plan").boxes["claim"].value = "It happened because"
    h.response("p1").widget
    h.response("p1").text.value = "Because <b>of</b> the note."

    again = hw(tmp_path)  # a kernel restart: new objects, the same store
    assert again.name().widget and again.name().box.value == "Zoë Ünïcode-Test"
    c = again.exercise("claim")
    c.widget
    assert c.verdict.value == "contradicted" and c.boxes[0].value and "What historians conclude" in c.reveal.value
    assert again.exercise("plan").widget and again.exercise("plan").boxes["claim"].value == "It happened because"
    again.response("p1").widget
    assert again.response("p1").text.value == "Because <b>of</b> the note."


def test_two_notebooks_open_at_once_lose_nothing(hw_course, tmp_path):
    first, second = hw(tmp_path), hw(tmp_path)
    for h in (first, second):
        h.response("p1").widget
        h.response("p2").widget
    first.response("p1").text.value = "typed in the first window"
    second.response("p2").text.value = "typed in the second window"
    first.response("p1").text.value = "typed in the first window, again"
    saved = hw(tmp_path).collect()[1]
    texts = {i["key"]: i["value"]["text"] for i in saved if i["kind"] == "prompt"}
    assert texts == {"h1-test/prompt-p1": "typed in the first window, again",
                     "h1-test/prompt-p2": "typed in the second window"}


def test_essay_shows_the_plan_beside_it_and_follows_it(hw_course, tmp_path):
    h = hw(tmp_path)
    plan = h.exercise("plan")
    plan.widget
    plan.boxes["claim"].value = "My <script>claim</script> here"
    essay = h.exercise("essay")
    essay.widget
    assert "My &lt;script&gt;claim&lt;/script&gt; here" in essay.plan.value and "<script>" not in essay.plan.value
    assert "(blank" in essay.plan.value  # the reasoning field
    plan.boxes["reason"].value = "Because the note says so."
    assert "Because the note says so." in essay.plan.value
    assert essay.plan.layout is not None and "Your plan" in essay.plan.value


def test_nothing_for_the_teacher_reaches_the_student_before_commit(hw_course, tmp_path):
    h = hw(tmp_path)
    shown = [h.heading(), h.exercise("claim"), h.exercise("plan"), h.exercise("essay"), h.response("p1"),
             h.name(), h.submit()]
    text = json.dumps([s._repr_mimebundle_() for s in shown], default=str)
    for secret in ("SECRET-RUBRIC-CLAIM", "SECRET-RUBRIC-P1", "SECRET-TEACHER-NOTES", "Historians say it did"):
        assert secret not in text


# -- submitting ----------------------------------------------------------------------------------
def fill_everything(h):
    h.name().widget
    h.name().box.value = "Ann Example"
    c = h.exercise("claim")
    c.widget
    c.verdict.value, c.justification.value = "contradicted", JUSTIFY
    c.boxes[0].value = True
    c.commit_button.click()
    h.exercise("plan").widget
    h.exercise("plan").boxes["claim"].value = "It did happen."
    h.exercise("plan").boxes["reason"].value = "The note."
    h.exercise("essay").widget
    h.exercise("essay").box.value = "One two three four five six."
    for p in ("p1", "p2"):
        h.response(p).widget
        h.response(p).text.value = f"My answer to {p}."


def test_submit_needs_a_name(hw_course, tmp_path):
    box = SubmitBox(hw(tmp_path), folder=tmp_path / "out")
    box.widget
    box.button.click()
    assert box.last.status == NEED_NAME and "Type your name" in box.message.value
    assert not (tmp_path / "out").exists()


def test_submit_warns_by_name_and_needs_explicit_confirmation(hw_course, tmp_path):
    h = hw(tmp_path)
    fill_everything(h)
    h.response("p2").text.value = "   "
    h.exercise("claim").boxes[0].value = False  # no longer complete: uncommitted
    box = SubmitBox(h, folder=tmp_path / "out")
    box.widget
    box.button.click()
    assert box.last.status == CONFIRM and not (tmp_path / "out").exists()
    assert "Prompt 2 is blank" in box.message.value
    assert "Claim check &#x27;The claim&#x27; is not committed" in box.message.value
    assert box.confirm.layout.display is None and box.confirm.value is False
    assert box.confirm.description == "Submit with these 2 parts unfinished"  # the list is shown above it

    box.button.click()  # pressing again without ticking: still nothing
    assert box.last.status == CONFIRM and not (tmp_path / "out").exists()

    box.confirm.value = True
    box.button.click()
    assert box.last.status == DONE
    files = list((tmp_path / "out").iterdir())
    assert len(files) == 1
    reading = submission.read_file(files[0])
    assert reading.ok and not reading.payload["complete"]
    lines = [submission.unfinished_line(u) for u in reading.payload["unfinished"]]
    assert lines == ["Claim check 'The claim' is not committed", "Prompt 2 is blank"]
    assert "download=" in box.link.value and "data:text/html;charset=utf-8;base64," in box.link.value
    assert box.confirm.layout.display == "none"


def test_confirmation_is_for_the_exact_list(hw_course, tmp_path):
    h = hw(tmp_path)
    fill_everything(h)
    h.response("p2").text.value = ""
    box = SubmitBox(h, folder=tmp_path / "out")
    box.widget
    box.button.click()
    box.confirm.value = True
    h.response("p1").text.value = ""  # something else became unfinished after ticking
    box.button.click()
    assert box.last.status == CONFIRM and "changed since you ticked" in box.message.value
    assert box.confirm.value is False and not (tmp_path / "out").exists()


def test_complete_work_submits_at_once_and_round_trips(hw_course, tmp_path):
    h = hw(tmp_path)
    fill_everything(h)
    box = SubmitBox(h, folder=tmp_path / "out")
    box.widget
    box.button.click()
    assert box.last.status == DONE and "Every part is finished" in box.message.value
    payload = submission.read(box.last.text).payload
    assert payload["complete"] and payload["student"] == "Ann Example"
    assert payload["assignment"] == {"id": "h1-test", "title": "A test homework"}
    from utils import __version__
    assert payload["course_version"] == __version__
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", payload["submitted_at"])
    items = {i["key"]: i for i in payload["items"]}
    assert items["h1-test/claim"]["value"]["verdict"] == "contradicted"
    assert items["h1-test/prompt-p1"]["shown"] == [["Answer", "My answer to p1."]]
    # a restart remembers that it was handed in
    again = SubmitBox(hw(tmp_path), folder=tmp_path / "out")
    again.widget
    assert box.last.name in again.message.value


def test_submission_page_escapes_everything(hw_course, tmp_path):
    h = hw(tmp_path)
    fill_everything(h)
    h.name().box.value = "<img src=x onerror=alert(1)>"
    h.response("p1").text.value = "</script><script>alert(2)</script>"
    text = SubmitBox(h, folder=tmp_path / "out").model.submit().text
    assert "<script>alert" not in text and "<img src=x" not in text
    assert submission.read(text).payload["items"][3]["value"]["text"] == "</script><script>alert(2)</script>"


def test_write_failure_still_offers_the_download(hw_course, tmp_path):
    h = hw(tmp_path)
    fill_everything(h)
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be")
    box = SubmitBox(h, folder=blocker)
    box.widget
    box.button.click()
    assert box.last.status == DONE and box.last.path is None
    assert "could not be saved" in box.message.value and "download=" in box.link.value


def test_real_homework_submits(tmp_path, monkeypatch):
    monkeypatch.setenv("PH_SUBMISSIONS_DIR", str(tmp_path / "out"))
    h = homework("h3-molotov-essay", store=AnswerStore(tmp_path / "store"))
    h.name().widget
    h.name().box.value = "Test Person"
    outcome = h.submit().model.submit()
    assert outcome.status == CONFIRM
    assert outcome.unfinished == ["Plan 'Part 1: Plan your essay' is not started",
                                  "Essay 'Part 2: Write your essay' is not started", "Prompt 1 is blank"]
    done = h.submit().model.submit(confirmed=outcome.unfinished)
    assert done.status == DONE and done.path.parent == tmp_path / "out"


# -- the stored student notebooks ---------------------------------------------------------------------
STUDENT_NOTEBOOKS = sorted((ROOT / "notebooks" / "homework").glob("*.ipynb"))


def test_three_homework_notebooks():
    assert [p.name for p in STUDENT_NOTEBOOKS] == ["h1_kirov_sources.ipynb", "h2_numbers_that_disagree.ipynb",
                                                    "h3_molotov_essay.ipynb"]


def _secrets(data) -> list[str]:
    out = [data.get("teacher_notes", "")]
    out += [c.get("descriptor", "") for c in data["rubric"]] + [c["label"] for c in data["rubric"]]
    for item in data["exercises"] + data.get("prompts", []):
        out += [item.get("rubric", ""), item.get("historians", "")]
    return [" ".join(s.split())[:60] for s in out if s]


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: p.name)
def test_student_notebook_shows_no_rubric_or_answers(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    hid = re.search(r"homework\(\"([^\"]+)\"\)", "".join("".join(c["source"]) for c in nb["cells"])).group(1)
    stored = " ".join(json.dumps(c.get("outputs", [])) + "".join(c["source"]) for c in nb["cells"])
    stored = " ".join(stored.replace("\\n", " ").split())
    for secret in _secrets(load_homework(hid)):
        assert secret not in stored, f"{path.name} shows teacher-only text: {secret!r}"


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: p.name)
def test_student_notebook_prompts_match_content(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    hid = re.search(r"homework\(\"([^\"]+)\"\)", "".join("".join(c["source"]) for c in cells)).group(1)
    prompts = load_homework(hid).get("prompts", [])
    tagged = [i for i, c in enumerate(cells) if "prompt" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == len(prompts)
    for i, p in zip(tagged, prompts):
        text = re.sub(r"^\*\*Prompt \d+\.\*\*\s*", "", "".join(cells[i]["source"]))
        assert " ".join(text.split()) == " ".join(p["text"].split())
        assert f'.response("{p["id"]}")' in "".join(cells[i + 1]["source"])
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    data = load_homework(hid)
    for ex in data["exercises"]:
        assert f'.exercise("{ex["id"]}")' in code
    for p in data.get("passages", []):
        assert f'.passage("{p["id"]}")' in code
    assert ".name()" in code and ".submit()" in code and ".sources()" in code


def test_teacher_guide_includes_homework_rubrics(hw_course):
    from utils.teacher.guide import body_html, build

    md = build()
    homework_part = md[md.index("# Homework"):]
    assert "## A test homework (set after Lesson 1)" in homework_part
    for text in ("SECRET-RUBRIC-CLAIM", "SECRET-RUBRIC-P1", "SECRET-TEACHER-NOTES", "**Sourcing** (4 points)",
                 "Historians say it did happen."):
        assert text in homework_part
    html = body_html(homework_part)
    assert "<ol><li>Why?<ul><li>Strong answers mention: SECRET-RUBRIC-P1</li></ul></li>" in html
    assert "<li><strong>=Argument</strong> (3 points)</li>" in html
