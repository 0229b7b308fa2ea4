"""App mode with pre-heated kernels (`make app`, utils.tools.app_server) in Chromium.

A pre-heated kernel is started, the course imported in it and the whole notebook run, before
anybody asks for the page (utils/tools/preheat_startup.py). Before the request it writes nothing
(the answers folder stays empty). What the page shows must still be read when the student asks for
it: an answer, a name and the quick check's option order saved after the kernel was pre-heated are
on the page. A second student's request gets a kernel of its own (a new pre-heated one, not the
first student's), and sees what was saved before *their* request.

The server is a Voila of its own (not the session's JupyterLab), serving the course folder with
answers and submissions in a temporary folder, on 127.0.0.1 only.
"""
from __future__ import annotations

import re
import time

import pytest

from utils.content.load import load_lesson
from utils.exercises.answers import AnswerStore
from utils.exercises.quick_check import SEED_KEY, option_order
from utils.tools import app_server
from utils.tools.browser_bench import JS_APP_LIVE, WIDGET_OUTPUT, save_answer

pytestmark = pytest.mark.browser

LESSON = "notebooks/03_the_murder_of_kirov.ipynb"
LESSON_ID = "03-the-murder-of-kirov"
KEY = f"{LESSON_ID}/prompt-why-the-vote-story"  # Prompt 1 of that lesson
QUICK_CHECK, QUESTION = "check-kirov", "detentions"  # a quick check's first one-answer question
SEED = "a seed saved before the request"
KERNEL_ID = re.compile(r'kernel[_-]?[iI]d["\']?\s*[:=]\s*["\']([0-9a-f-]{36})')


@pytest.fixture(scope="module")
def hot(chromium, tmp_path_factory):
    """A pre-heated Voila serving the course, its pool (one kernel for LESSON) filled and idle."""
    folder = tmp_path_factory.mktemp("app-preheat")
    answers, submissions = folder / "answers", folder / "submissions"
    answers.mkdir()
    submissions.mkdir()
    env = {"PH_ANSWERS_DIR": str(answers), "PH_SUBMISSIONS_DIR": str(submissions)}
    with app_server.running_app(app_server.course_root(), preheat=True, pages=[LESSON],
                                env=env) as server:
        server.wait_pool([LESSON])
        server.answers = answers
        yield server


def _open(browser, server, context_list):
    """A new student's page (own browser context, only 127.0.0.1 reachable) on the lesson, once
    every widget is live; returns (page, the page's kernel id)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    context_list.append(ctx)
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.base) else r.abort())
    page = ctx.new_page()
    response = page.goto(server.url(LESSON), wait_until="domcontentloaded", timeout=180_000)
    assert response is not None and response.status == 200, server.log_tail()
    html = response.text()
    page.wait_for_function(JS_APP_LIVE, arg=len(WIDGET_OUTPUT.findall(html)), polling=100,
                           timeout=180_000)
    ids = set(KERNEL_ID.findall(html))
    assert len(ids) == 1, f"expected one kernel id in the page, found {ids}"
    return page, ids.pop()


def _textareas(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('textarea')].map(a => a.value)")


def _options_shown(page, question_text: str) -> list[str]:
    """The option labels of a quick-check question, in the order the page shows them."""
    return page.evaluate("""(q) => { const box = [...document.querySelectorAll('.widget-radio')]
        .find(r => r.querySelector('.widget-label')?.textContent.trim() === q);
        return box ? [...box.querySelectorAll('.widget-radio-box label')].map(l => l.textContent.trim()) : null; }""",
                         question_text)


def test_preheated_page_shows_answers_saved_after_preheating(hot, browser):
    contexts = []
    try:
        hot.wait_kernels_idle()  # the pool's kernel has started, run the notebook, and waits
        assert not [p.name for p in hot.answers.iterdir()], (
            "the pre-heated kernel wrote to the answers folder before any student came")
        first = f"Saved after the kernel was pre-heated, at {time.time():.3f}"
        save_answer(hot.answers, KEY, first)
        store = AnswerStore(hot.answers)
        store.put(SEED_KEY, {"seed": SEED})
        store.put(f"{LESSON_ID}/student-name", {"text": "Vera Preheat"})
        page1, kernel1 = _open(browser, hot, contexts)
        assert hot.preheated_kernels_used() == [kernel1], (
            "the first request did not get the pre-heated kernel:\n" + hot.log_tail())
        assert first in _textareas(page1), (
            "the pre-heated page does not show the answer saved after pre-heating (answers were "
            f"read before the request); its text boxes hold: {_textareas(page1)}")
        names = page1.evaluate("() => [...document.querySelectorAll('input[type=text]')].map(i => i.value)")
        assert "Vera Preheat" in names, f"the saved name is not in the name box: {names}"
        spec = next(e for e in load_lesson(LESSON_ID)["exercises"] if e["id"] == QUICK_CHECK)
        n, q = next((n, q) for n, q in enumerate(spec["questions"], 1) if q["id"] == QUESTION)
        want = [q["options"][i]["text"] for i in option_order(SEED, f"{LESSON_ID}/{QUICK_CHECK}",
                                                               QUESTION, len(q["options"]))]
        assert _options_shown(page1, f"Question {n}:") == want, (
            "the quick check does not show the option order saved for this student: "
            f"{_options_shown(page1, f'Question {n}:')} (want {want})")

        # what the student types now is saved (the store is theirs, not the pre-request one)
        typed = "Typed on the pre-heated page."
        page1.get_by_role("textbox", name="Prompt 1:").fill(typed)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (AnswerStore(hot.answers).get(KEY) or {}).get("text") != typed:
            time.sleep(0.2)
        assert (AnswerStore(hot.answers).get(KEY) or {}).get("text") == typed, (
            "an answer typed on the pre-heated page was not saved: " + repr(AnswerStore(hot.answers).get(KEY)))

        # a second student: Voila refills the pool; their request takes the NEW kernel
        hot.wait_pool([LESSON], times=2, timeout=180)
        hot.wait_kernels_idle()
        second = f"Saved before the second request, at {time.time():.3f}"
        save_answer(hot.answers, KEY, second)
        page2, kernel2 = _open(browser, hot, contexts)
        assert kernel2 != kernel1, "the second student's page got the first student's kernel"
        assert hot.preheated_kernels_used() == [kernel1, kernel2], hot.log_tail()
        values2 = _textareas(page2)
        assert second in values2 and first not in values2, values2
        # the first student's page still runs on its own kernel, unchanged
        assert typed in _textareas(page1)
    finally:
        for ctx in contexts:
            ctx.close()
