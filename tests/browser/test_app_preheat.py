"""App mode with pre-heated kernels (`make app`, utils.tools.app_server) in Chromium.

A pre-heated kernel is started, and the course imported in it, before anybody asks for the page.
What the page shows must still be read when the student asks for it: an answer saved after the
kernel was pre-heated is on the page. A second student's request gets a kernel of its own (a new
pre-heated one, not the first student's), and sees what was saved before *their* request.

The server is a Voila of its own (not the session's JupyterLab), serving the course folder with
answers and submissions in a temporary folder, on 127.0.0.1 only.
"""
from __future__ import annotations

import re
import time

import pytest

from utils.tools import app_server
from utils.tools.browser_bench import JS_APP_LIVE, WIDGET_OUTPUT, save_answer

pytestmark = pytest.mark.browser

LESSON = "notebooks/03_the_murder_of_kirov.ipynb"
KEY = "03-the-murder-of-kirov/prompt-why-the-vote-story"  # Prompt 1 of that lesson
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


def test_preheated_page_shows_answers_saved_after_preheating(hot, browser):
    contexts = []
    try:
        hot.wait_kernels_idle()  # the pool's kernel has started, imported the course, and waits
        first = f"Saved after the kernel was pre-heated, at {time.time():.3f}"
        save_answer(hot.answers, KEY, first)
        page1, kernel1 = _open(browser, hot, contexts)
        assert hot.preheated_kernels_used() == [kernel1], (
            "the first request did not get the pre-heated kernel:\n" + hot.log_tail())
        assert first in _textareas(page1), (
            "the pre-heated page does not show the answer saved after pre-heating (answers were "
            f"read before the request); its text boxes hold: {_textareas(page1)}")

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
        assert first in _textareas(page1)
    finally:
        for ctx in contexts:
            ctx.close()
