"""Every notebook, opened in JupyterLab in Chromium, runs clean; and a student's answers survive.

Run with:  .venv/bin/python -m pytest tests/browser -p no:cacheprovider -o addopts="" -v
Screenshots: test-artifacts/screenshots/<notebook>.png (git-ignored).
"""
from __future__ import annotations

import json
import re
import time

import pytest

from utils.exercises.answers import AnswerStore
from utils.tools import labserver

pytestmark = pytest.mark.browser

MOLOTOV = "08_molotov_remembers.ipynb"
PROMPT_ANSWER = ("He wanted readers to believe the terror was a necessary defence against real "
                 "enemies, so he says the lists were checked.")

JS_CELLS = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const code = [...w.content.model.cells].filter(c => c.type === 'code');
    return {code: code.length, executed: code.filter(c => c.executionCount !== null).length,
            text: w.content.node.textContent};
}"""


def run_clean(tab, lab, rel: str) -> dict:
    """Open rel, Run All, wait for its widgets; return what the checks need (no assertion yet)."""
    page = tab.page
    labserver.open_notebook(page, lab, rel)
    labserver.run_all(page)
    errors = labserver.error_outputs(page)
    widgets_live = True
    if not errors:
        try:
            labserver.wait_widgets_live(page, timeout=60_000)
        except Exception:  # playwright TimeoutError: the assertions below say what is wrong
            widgets_live = False
    cells = page.evaluate(JS_CELLS)
    course_errors = page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output .ph-error")
    return {"errors": errors, "widgets_live": widgets_live, "cells": cells,
            "course_errors": course_errors.all_text_contents()}


def assert_clean(tab, state: dict) -> None:
    errors = state["errors"]
    assert not errors, "error output in a cell:\n" + "\n\n".join(
        f"cell {e['cell']}: " + (e.get("traceback") or f"{e.get('ename')}: {e.get('evalue')}"
                                 if "stderr" not in e else e["stderr"]) for e in errors)
    cells, text = state["cells"], state["cells"]["text"]
    assert cells["executed"] == cells["code"], f"only {cells['executed']} of {cells['code']} code cells ran"
    assert "Error displaying widget" not in text, "a widget failed to display"
    assert "Loading widget" not in text, "a widget is still 'Loading widget...'"
    assert state["widgets_live"], "not every widget output became a live widget"
    assert not state["course_errors"], f"the course reported a problem: {state['course_errors']}"
    tab.assert_no_page_errors()


def test_notebook_runs_clean_in_jupyterlab(tab, lab, ui, notebook):
    """Open, Run All: no error output, every widget live, no JavaScript error; screenshot."""
    state = run_clean(tab, lab, notebook)
    ui.full_screenshot(tab.page, ui.screenshot_path(notebook), ui.notebook_scroller)
    assert_clean(tab, state)


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


def test_student_answers_and_finds_them_after_restart(tab, lab, ui):
    """Molotov lesson: commit a claim check (historians' view appears), type an answer to
    Prompt 1, restart the kernel, run all again: the answers are back."""
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


JS_STORED = """() => {
    const node = window.jupyterapp.shell.currentWidget.content.node;
    const imgs = [...node.querySelectorAll('.jp-OutputArea-output img')];
    return {images: imgs.length,
            unloaded: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt.slice(0, 80)),
            fallbacks: node.querySelectorAll('.jp-OutputArea-output .ph-static').length,
            // the course's look without its <style> (stripped in a notebook not yet trusted):
            // cells read from the left, cards keep their border, provenance stays narrow
            rightCells: [...node.querySelectorAll('.jp-OutputArea-output :is(td, th)')]
                .filter(c => !['left', 'start'].includes(getComputedStyle(c).textAlign))
                .map(c => c.textContent.slice(0, 40)).slice(0, 5),
            bareCards: [...node.querySelectorAll('.jp-OutputArea-output .ph-card')]
                .filter(c => getComputedStyle(c).borderTopStyle === 'none').length,
            wideProvenance: [...node.querySelectorAll('.jp-OutputArea-output table.ph-provenance')]
                .filter(t => t.getBoundingClientRect().width > 61 * parseFloat(getComputedStyle(t).fontSize)).length,
            text: node.textContent};
}"""


def test_stored_notebook_is_readable_before_running(tab, lab, ui, notebook):
    """Opened but not run (as on GitHub or nbviewer, or before a student presses Run): every
    chart image loads and every exercise shows its static version, nothing says 'Loading widget'."""
    import nbformat

    page = tab.page
    labserver.open_notebook(page, lab, notebook)
    nb = nbformat.read(lab.root / notebook, as_version=4)
    html = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    want_images = sum(h.count("<img ") for h in html)
    want_static = sum(h.count("ph-static") for h in html)
    try:  # JupyterLab renders the outputs of a long notebook a little at a time: wait for all
        page.wait_for_function(f"""() => {{ const n = {labserver.JS_CURRENT}.content.node;
            return [...n.querySelectorAll('.jp-OutputArea-output img')].filter(i => i.complete).length
                   >= {want_images}
                && n.querySelectorAll('.jp-OutputArea-output .ph-static').length >= {want_static}; }}""",
                               timeout=60_000)
    except Exception:  # Playwright's TimeoutError: the assertions below say what is missing
        pass
    state = page.evaluate(JS_STORED)
    ui.full_screenshot(page, ui.screenshot_path(notebook, "-stored"), ui.notebook_scroller)
    assert state["images"] == want_images, f"{state['images']} of {want_images} stored chart images shown"
    assert not state["unloaded"], f"chart images that did not load: {state['unloaded']}"
    assert state["fallbacks"] == want_static, (
        f"{state['fallbacks']} of {want_static} exercises show their static version")
    assert "Loading widget" not in state["text"] and "Error displaying widget" not in state["text"]
    assert not state["rightCells"], f"table cells not aligned left: {state['rightCells']}"
    assert not state["bareCards"], f"{state['bareCards']} cards lost their border"
    assert not state["wideProvenance"], f"{state['wideProvenance']} provenance tables wider than 60em"
    tab.assert_no_page_errors()


JS_FOCUS = """() => { const a = document.activeElement;
    return {tag: a.tagName, type: a.type || null, index: a.selectedIndex ?? null,
            cell: window.jupyterapp.shell.currentWidget.content.activeCellIndex}; }"""


def test_exercises_work_by_keyboard_in_jupyterlab(tab, lab):
    """What the start page promises a keyboard user, in JupyterLab (where the arrow keys on their
    own move between cells): an event of the timeline is chosen with Tab and Space, its first
    year is changed from a drop-down list, and a drop-down list opens with Space and is chosen from
    with the arrow keys and Enter, without the focus leaving the exercise."""
    from playwright.sync_api import expect

    page = tab.page
    state = run_clean(tab, lab, "00_start_here.ipynb")
    assert_clean(tab, state)
    from utils.facts.datasets import load

    events = len(load("timeline"))  # every event of data/timeline.csv is shown at first
    timeline = page.locator(".jp-OutputArea-output").filter(has_text=re.compile(rf"Showing \d+ of {events} events"))
    expect(timeline).to_have_count(1)
    expect(timeline).to_contain_text(f"Showing {events} of {events} events.")
    radios = timeline.get_by_role("radio")
    radios.first.focus()
    page.keyboard.press("Space")
    expect(radios.first).to_be_checked()
    expect(timeline.get_by_role("region", name="The chosen event")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(radios.nth(1)).to_be_checked()
    first_year = timeline.get_by_label("First year shown:")
    first_year.focus()
    for key in ("Space", "ArrowDown", "Enter"):  # the first year moves from 1929 to 1930
        page.keyboard.press(key)
    expect(timeline.get_by_text(re.compile(rf"Showing \d+ of {events} events"))).not_to_have_text(
        f"Showing {events} of {events} events.")

    page.goto("about:blank")
    lab.shutdown_kernels()
    state = run_clean(tab, lab, "01_revolution_from_above.ipynb")
    assert_clean(tab, state)
    drop = page.locator(".jp-OutputArea-output .widget-dropdown select").first
    drop.focus()
    before = page.evaluate(JS_FOCUS)
    assert before["tag"] == "SELECT" and before["index"] == -1, before
    for key in ("Space", "ArrowDown", "Enter"):
        page.keyboard.press(key)
    page.wait_for_function("() => document.activeElement.tagName === 'SELECT' "
                           "&& document.activeElement.selectedIndex === 0")
    after = page.evaluate(JS_FOCUS)
    assert after["cell"] == before["cell"], f"the focus moved to another cell: {before} -> {after}"
    tab.assert_no_page_errors()
