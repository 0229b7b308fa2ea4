"""What every notebook is checked for in JupyterLab, before and after Run All (the checks of
tests/browser/test_each_notebook.py, and run_clean for the other tests that need a run notebook).

* Stored (opened, not run, as on GitHub or nbviewer or before a student presses Run): every
  chart image loads, every exercise shows its static version, nothing says "Loading widget", and
  the course's look holds without its <style>.
* Run clean (Run All): no error output, every code cell ran, every widget is live, the course
  reports no problem, no JavaScript error.
* Keys the start page promises: an event of the timeline is chosen with Tab and Space, its
  first year changed from a drop-down list; a drop-down list opens with Space and is chosen from
  with the arrow keys and Enter, without the focus leaving the exercise (in JupyterLab the arrow
  keys on their own move between cells).
"""
from __future__ import annotations

import re

import nbformat

from utils.tools import labserver

JS_CELLS = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const code = [...w.content.model.cells].filter(c => c.type === 'code');
    return {code: code.length, executed: code.filter(c => c.executionCount !== null).length,
            text: w.content.node.textContent};
}"""


def run_clean(tab, lab, rel: str) -> dict:
    """Open rel, Run All, wait for its widgets; return what the checks need (no assertion yet)."""
    labserver.open_notebook(tab.page, lab, rel, reuse=True)
    return run_all_and_look(tab.page)


def run_all_and_look(page) -> dict:
    """Run All in the open notebook, wait for its widgets; return what the checks need."""
    labserver.run_all(page)
    errors = labserver.error_outputs(page)
    widgets_live = True
    if not errors:
        try:
            labserver.wait_widgets_live(page, timeout=60_000)
        except Exception:  # playwright TimeoutError: the checks say what is wrong
            widgets_live = False
    cells = page.evaluate(JS_CELLS)
    course_errors = page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output .ph-error")
    return {"errors": errors, "widgets_live": widgets_live, "cells": cells,
            "course_errors": course_errors.all_text_contents()}


def clean_problems(tab, state: dict) -> list[str]:
    """What run_clean found wrong (nothing when the run was clean)."""
    problems = []
    if state["errors"]:
        problems.append("error output in a cell:\n" + "\n\n".join(
            f"cell {e['cell']}: " + (e.get("traceback") or f"{e.get('ename')}: {e.get('evalue')}"
                                     if "stderr" not in e else e["stderr"]) for e in state["errors"]))
    cells, text = state["cells"], state["cells"]["text"]
    if cells["executed"] != cells["code"]:
        problems.append(f"only {cells['executed']} of {cells['code']} code cells ran")
    if "Error displaying widget" in text:
        problems.append("a widget failed to display")
    if "Loading widget" in text:
        problems.append("a widget is still 'Loading widget...'")
    if not state["widgets_live"]:
        problems.append("not every widget output became a live widget")
    if state["course_errors"]:
        problems.append(f"the course reported a problem: {state['course_errors']}")
    if tab.page_errors:
        problems.append("JavaScript errors in the page:\n" + "\n".join(tab.page_errors))
    return problems


def assert_clean(tab, state: dict) -> None:
    """Fail with everything run_clean found wrong."""
    problems = clean_problems(tab, state)
    assert not problems, "\n".join(problems)


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


def stored_problems(page, lab, ui, rel: str) -> list[str]:
    """The stored notebook, opened but not run: what is wrong (nothing when all is well);
    screenshot <notebook>-stored.jpg."""
    nb = nbformat.read(lab.root / rel, as_version=4)
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
    except Exception:  # Playwright's TimeoutError: the checks below say what is missing
        pass
    state = page.evaluate(JS_STORED)
    ui.full_screenshot(page, ui.screenshot_path(rel, "-stored"), ui.notebook_scroller)
    problems = []
    if state["images"] != want_images:
        problems.append(f"{state['images']} of {want_images} stored chart images shown")
    if state["unloaded"]:
        problems.append(f"chart images that did not load: {state['unloaded']}")
    if state["fallbacks"] != want_static:
        problems.append(f"{state['fallbacks']} of {want_static} exercises show their static version")
    if "Loading widget" in state["text"] or "Error displaying widget" in state["text"]:
        problems.append("a stored widget output says 'Loading widget' or 'Error displaying widget'")
    if state["rightCells"]:
        problems.append(f"table cells not aligned left: {state['rightCells']}")
    if state["bareCards"]:
        problems.append(f"{state['bareCards']} cards lost their border")
    if state["wideProvenance"]:
        problems.append(f"{state['wideProvenance']} provenance tables wider than 60em")
    return problems


JS_FOCUS = """() => { const a = document.activeElement;
    return {tag: a.tagName, type: a.type || null, index: a.selectedIndex ?? null,
            cell: window.jupyterapp.shell.currentWidget.content.activeCellIndex}; }"""


def start_page_keys(page) -> None:
    """The start page's timeline, by keyboard (fails with an assertion)."""
    from playwright.sync_api import expect

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


def drop_down_keys(page) -> None:
    """The first drop-down list of the notebook, by keyboard, keeps the focus in its cell."""
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


# notebook -> the keys it is checked for (before the keyboard check works every widget)
KEYS = {"00_start_here.ipynb": start_page_keys, "01_revolution_from_above.ipynb": drop_down_keys}
