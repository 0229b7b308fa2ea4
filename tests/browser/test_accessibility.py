"""axe-core on every page the course makes: zero violations in the course's own HTML.

Checked (tests/browser/axe.py says how axe is fetched, which rules run, and what counts as the
course's own HTML as against JupyterLab's and Voila's):

* every notebook under notebooks/ (lessons, the start page, the glossary, homework, the teacher's
  notebook) after Run All in JupyterLab, once every widget is live, and every notebook a student
  opens as an app (conftest.app_notebook_ids), rendered by Voila: these two run in
  test_each_notebook.py and test_app_mode.py, on the page their other checks use;
* a submission file (Homework 3 handed in with one answer and blank parts), made by
  utils.handin.submission exactly as the Submit button makes it;
* the teacher guide (utils.teacher.guide, as ``make guide`` writes docs/teacher-guide.html) and
  the printable handouts it writes beside it.

The first test shows the checks can fail: it seeds violations into a scratch page and checks
that they are found and put on the right side (course or upstream).

Every violation found (the course's own and upstream) is written to
test-artifacts/accessibility.json (git-ignored), which docs/accessibility.md summarises. Run with:

    .venv/bin/python -m pytest tests/browser/test_accessibility.py -p no:cacheprovider -o addopts="" -q
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

import axe  # tests/browser/axe.py
from axe import axe_violations, format_violations, split_violations

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HOMEWORK_ID = "h3-molotov-essay"
STUDENT = "Ann O'Neill"
ANSWER = 'An order from Stalin "dated before 1 December 1934" <would> & could change everything.'


def check(page, name: str, **kwargs) -> None:
    """Run axe, record what it found under name, and fail on any violation of the course's own."""
    own = axe.check(page, name, **kwargs)
    assert not own, f"axe: the course's own HTML in {name} has violations:\n" + format_violations(own)


@pytest.fixture
def scratch(browser):
    """A blank page in a context of its own (no server needed)."""
    ctx = browser.new_context()
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
              else r.abort())  # local files only, nothing from the network
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


# -- the checks can fail --------------------------------------------------------------------------

SEEDED = """<!doctype html><html lang="en"><head><title>seeded</title></head><body>
<div class="jp-Toolbar"><img src="data:," id="upstream-img"></div>
<main><h1>Lesson</h1>
<div class="jp-OutputArea-output"><div class="ph-card"><h2>Card</h2>
  <img src="data:," id="own-img"><h4 id="own-skip">skipped two levels</h4>
  <p style="color:#aaa;background:#fff" id="own-contrast">pale text</p></div></div>
<div class="jp-OutputArea-output"><div class="widget-text"><input type="text" id="own-input"></div></div>
</main></body></html>"""

CLEAN = """<!doctype html><html lang="en"><head><title>clean</title></head><body><main><h1>Lesson</h1>
<div class="jp-OutputArea-output"><div class="ph-card"><h2>Card</h2>
<img src="data:," alt="A chart"><label>Answer <input type="text"></label></div></div></main></body></html>"""


def test_axe_finds_seeded_violations_and_sorts_them(scratch):
    scratch.set_content(SEEDED)
    own, upstream = split_violations(axe_violations(scratch))
    own_ids = {v["id"]: [t for n in v["nodes"] for t in n["target"]] for v in own}
    up_ids = {v["id"]: [t for n in v["nodes"] for t in n["target"]] for v in upstream}
    assert own_ids.get("image-alt") == ["#own-img"], own_ids
    assert own_ids.get("heading-order") == ["#own-skip"], own_ids
    assert own_ids.get("color-contrast") == ["#own-contrast"], own_ids
    assert own_ids.get("label") == ["#own-input"], own_ids
    assert up_ids.get("image-alt") == ["#upstream-img"], up_ids
    assert "region" in up_ids, up_ids  # the toolbar is outside every landmark
    for v in own:
        assert v["impact"] and v["help"] and all(n["html"].startswith("<") for n in v["nodes"]), v
    # a page the course makes whole: everything is the course's own
    own_all, up_all = split_violations(axe_violations(scratch, whole_page_is_course=True))
    assert not up_all and {"image-alt", "region"} <= {v["id"] for v in own_all}
    # a context limits what is checked
    only = axe_violations(scratch, "#own-img")
    assert [v["id"] for v in only] == ["image-alt"], only


def test_axe_passes_a_clean_page(scratch):
    scratch.set_content(CLEAN)
    assert axe_violations(scratch) == []


# -- pages the course makes whole ------------------------------------------------------------------

def submission_text() -> str:
    """Homework 3 handed in with Prompt 1 answered (quotes, <, > and & on purpose) and the plan
    and the essay blank: the same text the Submit button offers for download."""
    from utils import homework
    from utils.handin import submission
    from utils.exercises.answers import AnswerStore

    with tempfile.TemporaryDirectory() as folder:
        store = AnswerStore(folder)
        store.put(f"{HOMEWORK_ID}/prompt-what-would-change", {"text": ANSWER})
        payload = homework(HOMEWORK_ID, store=store).payload()
    assert payload["unfinished"] and any(not i.get("unfinished") for i in payload["items"]), payload
    return submission.build({**payload, "student": STUDENT})


def test_submission_file(scratch, tmp_path):
    path = tmp_path / "submission.html"
    path.write_text(submission_text(), encoding="utf-8")
    scratch.goto(path.as_uri())  # as a teacher opens the downloaded file
    check(scratch, "submission file", whole_page_is_course=True)


def test_teacher_guide(scratch, tmp_path):
    from utils.teacher import guide

    assert guide.main([str(tmp_path)]) == 0  # as `make guide` writes docs/teacher-guide.html
    scratch.goto((tmp_path / "teacher-guide.html").as_uri())
    check(scratch, "teacher guide", whole_page_is_course=True)


def test_printable_handouts(scratch, tmp_path):
    """The printable handouts `make guide` writes beside the guide (one a lesson), if any."""
    from utils.teacher import guide

    assert guide.main([str(tmp_path)]) == 0
    handouts = sorted(tmp_path.rglob("*.html"))
    handouts = [h for h in handouts if h.name != "teacher-guide.html"]
    if not handouts:
        pytest.skip("make guide writes no handouts")
    for path in handouts:
        scratch.goto(path.as_uri())
        check(scratch, f"handout: {path.name}", whole_page_is_course=True)
