"""Download my answers / Restore my answers, in JupyterLab and in app mode, as a student uses them:
press Download, save the file; on a "new computer" (answers cleared), choose the file in Restore;
the answer is back on disk and in the exercise on screen, and a bad file is refused by name."""
from __future__ import annotations

import json

import pytest

from utils.exercises.answers import AnswerStore
from utils.tools import labserver

pytestmark = pytest.mark.browser

START = "00_start_here.ipynb"
KEY = "08-molotov-remembers/prompt-why-tell-it-so"
TEXT = "He spoke to an admirer, long after, <defending> what he had done."


def choose_file(page, box, path) -> None:
    """Press Restore my answers and choose a file in the browser's file chooser."""
    with page.expect_file_chooser() as chooser:
        box.get_by_role("button", name="Restore my answers").click()
    chooser.value.set_files(str(path))


def keep_and_restore(page, scope, lab, tmp_path):
    from playwright.sync_api import expect

    box = scope.locator(".jp-OutputArea-output").filter(has_text="Keep your work.").first
    expect(box).to_be_visible()
    box.get_by_role("button", name="Download my answers").click()
    link = box.get_by_role("link", name="Save the file")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["answers"][KEY]["value"]["text"] == TEXT  # the file holds what was saved

    lab.clear_answers()  # another computer: nothing saved here
    assert AnswerStore(lab.answers_dir).get(KEY) is None
    choose_file(page, box, saved)
    expect(box.get_by_role("status").filter(has_text="Restored: ")).to_contain_text("1 answer added")
    assert AnswerStore(lab.answers_dir).get(KEY) == {"text": TEXT}

    bad = tmp_path / "notes.json"
    bad.write_text("{not json")
    choose_file(page, box, bad)
    expect(box.get_by_role("alert")).to_contain_text("notes.json")
    assert AnswerStore(lab.answers_dir).get(KEY) == {"text": TEXT}


def test_keep_your_work_in_jupyterlab(lab_tab, lab, tmp_path):
    tab = lab_tab
    page = tab.page
    AnswerStore(lab.answers_dir).put(KEY, {"text": TEXT})
    labserver.open_notebook(page, lab, START, reuse=True)
    labserver.run_all(page)
    assert not labserver.error_outputs(page)
    labserver.wait_widgets_live(page)
    keep_and_restore(page, page.locator(".jp-NotebookPanel:visible"), lab, tmp_path)
    tab.assert_no_page_errors()


def test_keep_your_work_in_app_mode(tab, lab, tmp_path):
    page = tab.page
    AnswerStore(lab.answers_dir).put(KEY, {"text": TEXT})
    response = page.goto(lab.url(f"voila/render/{START}"), wait_until="domcontentloaded", timeout=300_000)
    assert response is not None and response.status == 200
    page.locator("#loading").wait_for(state="detached")
    keep_and_restore(page, page.locator("body"), lab, tmp_path)
    tab.assert_no_page_errors()
