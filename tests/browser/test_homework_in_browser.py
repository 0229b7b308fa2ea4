"""A student hands in a homework in JupyterLab in Chromium, and the file they download is sound.

Homework 3 (the Molotov essay): type a name, answer Prompt 1 by typing, leave the plan and the
essay blank. Submit first warns by name about the blank parts and makes no file; with the
confirmation ticked, Submit offers a download link. The downloaded file is then read with the
course's own code (utils.handin.submission, and utils.teacher.class_folder as the teacher's notebook does).

Run with:  .venv/bin/python -m pytest tests/browser/test_homework_in_browser.py -p no:cacheprovider -o addopts="" -v
Screenshot: test-artifacts/screenshots/homework__h3_molotov_essay-submitted.jpg (git-ignored), with `make screenshots`.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from utils.teacher import class_folder as classroom
from utils.handin import submission
from utils.handin.submit_box import confirm_label
from utils.exercises.answers import AnswerStore
from utils import homework
from utils.tools import labserver

pytestmark = pytest.mark.browser

NOTEBOOK = "homework/h3_molotov_essay.ipynb"
HOMEWORK_ID = "h3-molotov-essay"
PROMPT_KEY = f"{HOMEWORK_ID}/prompt-what-would-change"
BLANK_KEYS = {f"{HOMEWORK_ID}/plan", f"{HOMEWORK_ID}/essay"}  # left blank on purpose
# an apostrophe, quotes, <, > and & on purpose: they must survive the widget, the file and the reader
STUDENT = "Ann O'Neill"
ANSWER = ('An order from Stalin about Kirov, dated before 1 December 1934, would "change everything": '
          "it would show Molotov lied where Document F <Lenoe> & others seem to back him.")
FILE_NAME = re.compile(rf"^{HOMEWORK_ID}_ann-o-neill_\d{{8}}-\d{{6}}Z(-\d+)?\.html$")


def open_and_run(tab, lab) -> None:
    """Open the homework, Run All: no error output, every widget live."""
    page = tab.page
    labserver.open_notebook(page, lab, NOTEBOOK, reuse=True)
    labserver.run_all(page)
    errors = labserver.error_outputs(page)
    assert not errors, "error output in a cell:\n" + "\n\n".join(
        f"cell {e['cell']}: " + (e.get("stderr") or e.get("traceback") or f"{e.get('ename')}: {e.get('evalue')}")
        for e in errors)
    try:
        labserver.wait_widgets_live(page, timeout=60_000)
    except Exception as exc:  # Playwright's TimeoutError: say what the page shows instead
        text = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.node.textContent")
        raise AssertionError("not every widget output became a live widget; the notebook shows: "
                             + re.sub(r"\s+", " ", text)[-1500:]) from exc


def type_into(box, text: str, first: int = 6) -> None:
    """Click, real key presses for the first few characters, then the rest at once."""
    box.click()
    box.press_sequentially(text[:first])
    box.fill(text)


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def test_student_submits_homework_and_downloads_the_file(lab_tab, lab, ui, tmp_path):
    from playwright.sync_api import expect

    tab = lab_tab

    page = tab.page
    open_and_run(tab, lab)
    panel = page.locator(".jp-NotebookPanel:visible")

    # -- the student's name and one answer, typed -------------------------------------------------
    name = panel.get_by_role("textbox", name="Your name:")
    type_into(name, STUDENT, first=4)
    expect(name).to_have_value(STUDENT)
    prompt = panel.get_by_role("textbox", name="Prompt 1:")
    type_into(prompt, ANSWER)
    expect(prompt).to_have_value(ANSWER)
    # the kernel shows the word count once it has the text; it handles messages in order, so the
    # Submit press below is handled after the text is saved
    expect(panel.get_by_text(f"{len(ANSWER.split())} words. Saved automatically.")).to_be_visible()

    # -- Submit with blank parts: a warning by name, and no file -------------------------------------
    box = panel.locator(".jp-OutputArea-output").filter(
        has=page.get_by_role("button", name="Submit my homework"))
    expect(box).to_have_count(1)
    button = box.get_by_role("button", name="Submit my homework")
    link = box.get_by_role("link")
    confirm = box.get_by_role("checkbox", name=re.compile(r"^Submit with (these \d+ parts|this part) unfinished$"))
    expect(confirm).to_be_hidden()  # hidden until Submit finds something unfinished
    folder = lab.submissions_dir  # where the server's kernels keep a copy of each submission
    before = files_in(folder)
    button.scroll_into_view_if_needed()
    button.click()
    alert = box.get_by_role("alert")
    try:
        expect(alert).to_contain_text("Nothing handed in yet")
    except AssertionError as exc:
        raise AssertionError("Submit did not warn about the blank parts; the Submit box shows: "
                             + box.inner_text()) from exc

    # what the course itself says is unfinished, read from the answers the server saved
    hw = homework(HOMEWORK_ID, store=AnswerStore(lab.answers_dir))
    expected = hw.payload()["unfinished"]
    assert {u["key"] for u in expected} == BLANK_KEYS, (
        f"the saved answers should leave exactly the plan and the essay unfinished: {expected}")
    lines = [submission.unfinished_line(u) for u in expected]
    for line in lines:  # named in the warning; the checkbox below it only counts them
        expect(alert).to_contain_text(line)
    expect(alert).not_to_contain_text("Prompt 1")
    expect(confirm).to_be_visible()
    label = confirm_label("Submit", len(lines))
    try:
        expect(box.get_by_role("checkbox", name=label, exact=True)).to_be_visible()
    except AssertionError as exc:
        raise AssertionError(f"the confirmation box should read {label!r}; the Submit box shows: "
                             + box.inner_text()) from exc
    expect(confirm).not_to_be_checked()
    expect(link).to_have_count(0)
    assert files_in(folder) == before, (
        f"a file was written to {folder} before the student confirmed: {sorted(files_in(folder) - before)}")

    # -- confirm, Submit again: a download link --------------------------------------------------
    confirm.check()
    expect(confirm).to_be_checked()
    button.click()
    try:
        expect(box.get_by_role("status")).to_contain_text("Your file is ready")
    except AssertionError as exc:
        raise AssertionError("no file after confirming; the Submit box shows: " + box.inner_text()) from exc
    expect(box.get_by_role("status")).to_contain_text(f"It lists {len(lines)} unfinished parts.")
    expect(confirm).to_be_hidden()
    download_link = box.get_by_role("link", name="Download your submission")
    expect(download_link).to_be_visible()
    href = download_link.get_attribute("href") or ""
    shown_name = download_link.get_attribute("download") or ""
    assert href.startswith("data:text/html;charset=utf-8;base64,"), f"the link is not the file itself: {href[:80]}"
    assert FILE_NAME.match(shown_name), f"the link's download name is not as expected: {shown_name!r}"

    pages_before = len(page.context.pages)
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.failure() is None, f"the download failed: {download.failure()}"
    assert len(page.context.pages) == pages_before, "clicking the link opened a new tab instead of downloading"
    assert page.url.startswith(lab.base + "/lab/"), f"clicking the link left JupyterLab for {page.url[:80]}"
    suggested = download.suggested_filename
    assert suggested == shown_name, f"the browser saved {suggested!r}, the link names {shown_name!r}"
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    saved = downloads / suggested
    download.save_as(saved)
    expect(box.get_by_role("status")).to_contain_text(suggested)  # the widget names the same file

    # -- the file, read by the course's own code ----------------------------------------------------
    reading = submission.read_file(saved)
    assert reading.ok, f"the downloaded file is not a sound submission: {reading.status}: {reading.problem}"
    data = reading.payload
    assert data["assignment"]["id"] == HOMEWORK_ID, data["assignment"]
    assert data["assignment"]["title"] == hw.title, data["assignment"]
    assert data["student"] == STUDENT, f"the file names the student {data['student']!r}"
    items = {i["key"]: i for i in data["items"]}
    assert PROMPT_KEY in items, f"the file has no Prompt 1; its items: {sorted(items)}"
    prompt_item = items[PROMPT_KEY]
    assert prompt_item["value"] == {"text": ANSWER}, f"the answer in the file: {prompt_item['value']!r}"
    assert prompt_item["shown"] == [["Answer", ANSWER]], prompt_item["shown"]
    assert prompt_item["unfinished"] is None, prompt_item
    assert {u["key"] for u in data["unfinished"]} == BLANK_KEYS, data["unfinished"]
    assert [submission.unfinished_line(u) for u in data["unfinished"]] == lines, data["unfinished"]
    assert data["complete"] is False
    text = saved.read_text(encoding="utf-8")
    assert "Handed in with unfinished work." in text
    assert "Ann O&#x27;Neill" in text and "Document F &lt;Lenoe&gt; &amp; others" in text, (
        "the page a teacher reads does not show the name and the answer, escaped")

    # the copy Submit kept on the server is the very file downloaded
    kept = folder / suggested
    assert kept.is_file(), f"Submit kept no copy in {folder}; new files there: {sorted(files_in(folder) - before)}"
    assert kept.read_bytes() == saved.read_bytes(), "the downloaded file differs from the copy Submit kept"

    # the teacher's notebook reads it as this student's (incomplete) submission
    entry = classroom.load(downloads, HOMEWORK_ID).entries
    assert [(e.file, e.status, e.student) for e in entry] == [(suggested, classroom.INCOMPLETE, STUDENT)], (
        [(e.file, e.status, e.problem, e.notes) for e in entry])
    assert not entry[0].notes, entry[0].notes  # same course version, nothing odd

    ui.full_screenshot(page, ui.screenshot_path(NOTEBOOK, "-submitted"), ui.notebook_scroller)
    tab.assert_no_page_errors()
