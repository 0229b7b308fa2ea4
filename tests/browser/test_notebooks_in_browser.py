"""A student's answers survive a kernel restart in JupyterLab (every notebook's own checks are in
test_each_notebook.py).

Run with:  .venv/bin/python -m pytest tests/browser -p no:cacheprovider -o addopts="" -v
Screenshot: test-artifacts/screenshots/08_molotov_remembers-student.jpg (git-ignored), with `make screenshots`.
"""
from __future__ import annotations

import json
import time

import pytest

from notebook_checks import assert_clean, run_clean  # tests/browser/notebook_checks.py
from utils.exercises.answers import AnswerStore
from utils.tools import labserver

pytestmark = pytest.mark.browser

MOLOTOV = "08_molotov_remembers.ipynb"
PROMPT_ANSWER = ("He wanted readers to believe the terror was a necessary defence against real "
                 "enemies, so he says the lists were checked.")

def wait_saved(lab, text: str, timeout: float = 60) -> None:
    """Wait until an answer equal to text is in the server's answers file (saved as typed)."""
    deadline = time.monotonic() + timeout
    saved = {}
    while time.monotonic() < deadline:
        try:
            saved = AnswerStore(lab.answers_dir).all()
        except (OSError, ValueError):
            saved = {}
        if any(isinstance(v, dict) and (v.get("value") or {}).get("text") == text
               for v in saved.values()):
            return
        time.sleep(0.1)
    raise AssertionError(f"the typed answer was not saved in {timeout:.0f} s; saved: "
                         + json.dumps(saved, ensure_ascii=False)[:2000])


def restart_kernel(page) -> None:
    """Kernel > Restart Kernel…, accept the dialog, wait until the new kernel is idle."""
    from playwright.sync_api import expect

    page.evaluate("""() => { const w = window.jupyterapp.shell.currentWidget; window.__phStatus = [];
        w.sessionContext.statusChanged.connect((_, s) => { window.__phStatus.push(s); });
        window.jupyterapp.commands.execute('kernelmenu:restart'); }""")
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("Restart")
    dialog.locator(".jp-mod-accept").click()
    expect(dialog).to_have_count(0)
    page.wait_for_function("""() => window.__phStatus.includes('restarting')
        && window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status === 'idle'""")


def test_student_answers_and_finds_them_after_restart(lab_tab, lab, ui):
    """Molotov lesson: commit a claim check (historians' view appears), type an answer to
    Prompt 1, restart the kernel, run all again: the answers are back."""
    tab = lab_tab
    from playwright.sync_api import expect

    if MOLOTOV not in ui.notebook_ids():
        pytest.skip(f"{MOLOTOV} is not in notebooks/")
    page = tab.page
    state = run_clean(tab, lab, MOLOTOV)
    assert_clean(tab, state)
    panel = page.locator(".jp-NotebookPanel:visible")

    claim = ui.answer_first_claim(panel, page)

    prompt = panel.get_by_role("textbox", name="Prompt 1:")
    prompt.click()
    prompt.press_sequentially("He wanted ")
    prompt.fill(PROMPT_ANSWER)
    words = len(PROMPT_ANSWER.split())
    expect(panel.get_by_text(f"{words} words. Saved automatically.")).to_be_visible()
    wait_saved(lab, PROMPT_ANSWER)

    restart_kernel(page)
    labserver.run_all(page)  # clears the old outputs first, so only the new kernel's count
    state = run_clean_after_restart(page)
    assert not state, state
    prompt = panel.get_by_role("textbox", name="Prompt 1:")
    expect(prompt).to_have_value(PROMPT_ANSWER)
    claim = panel.locator(".jp-OutputArea-output").filter(has_text="Your verdict on the claim:").first
    expect(claim.get_by_role("textbox", name="Why?")).to_have_value(ui.justification)
    expect(claim.get_by_role("checkbox", name="Evidence A decided my verdict")).to_be_checked()
    expect(claim.get_by_role("region", name="What historians conclude")).to_be_visible()
    expect(panel.get_by_text("Your saved answer has been restored.").first).to_be_visible()
    ui.full_screenshot(page, ui.screenshot_path(MOLOTOV, "-student"), ui.notebook_scroller)
    tab.assert_no_page_errors()


def run_clean_after_restart(page) -> list:
    """Problems after the second Run All (empty when clean)."""
    errors = labserver.error_outputs(page)
    if errors:
        return errors
    labserver.wait_widgets_live(page)
    return []


