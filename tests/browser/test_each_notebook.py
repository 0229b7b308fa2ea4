"""Every notebook, opened once in JupyterLab in Chromium, checked for all a student meets in it.

One page per notebook, and one Run All, serve every check, in this order (each check is in its own
module; a failed check does not hide the others, all are reported together):

1. stored: opened but not run, as on GitHub or before a student presses Run
   (notebook_checks.stored_problems);
2. run clean: Run All; no error output, every widget live, no JavaScript error; screenshot
   (notebook_checks.clean_problems);
3. axe: the course's own HTML has no WCAG 2.2 AA violation (axe.py);
4. zoom: the notebooks of zoom.NOTEBOOKS are readable at 200% and at 400% (zoom.py);
5. keys: what the start page promises a keyboard user (notebook_checks.KEYS);
6. keyboard: the notebooks of keyboard.NOTEBOOKS are worked through by keyboard alone, last,
   since it answers everything (keyboard.py).

Opening and running each notebook once instead of once per check is what keeps the browser
suite's time down (issue 14); the checks are the ones the separate tests made before. Run with:

    .venv/bin/python -m pytest tests/browser/test_each_notebook.py -p no:cacheprovider -v
"""
from __future__ import annotations

import time

import pytest

import axe  # tests/browser/axe.py
import keyboard  # tests/browser/keyboard.py
import zoom  # tests/browser/zoom.py
from notebook_checks import KEYS, clean_problems, run_all_and_look, stored_problems
from utils.tools import labserver

pytestmark = pytest.mark.browser


def test_the_notebooks_cover_every_widget_kind():
    """Between them the notebooks of zoom.NOTEBOOKS show every kind of widget, and each the kinds it
    claims; so do those of keyboard.NOTEBOOKS but for Homework 2's data task (typed into code cells)."""
    kinds = zoom.widget_kinds()
    assert len(kinds) >= 15, f"utils/exercises/registry.py kinds not found: {sorted(kinds)}"
    for table, name, exempt in ((zoom.NOTEBOOKS, "zoom", set()), (keyboard.NOTEBOOKS, "keyboard", {"data-task"})):
        shown = {rel: zoom.kinds_in(rel) for rel in table}
        for rel, claimed in table.items():
            assert claimed <= shown[rel], f"{rel} no longer shows {sorted(claimed - shown[rel])}"
        missing = kinds - set().union(*shown.values()) - exempt
        assert not missing, (f"no notebook in {name}.NOTEBOOKS shows {sorted(missing)}: add one that "
                             f"does, so every widget gets the {name} check")


class Clock:
    """Seconds each check took, printed with the test's output (what to make faster next)."""

    def __init__(self):
        self.last, self.took = time.monotonic(), {}

    def __call__(self, check: str) -> None:
        now = time.monotonic()
        self.took[check], self.last = round(now - self.last, 1), now
        print(f"[time] {check}: {self.took[check]} s")


def test_notebook_in_jupyterlab(lab_tab, lab, ui, notebook):
    tab = lab_tab
    page = tab.page
    problems: dict[str, list[str]] = {}
    clock = Clock()
    labserver.open_notebook(page, lab, notebook, reuse=True)
    clock("open")
    problems["stored"] = stored_problems(page, lab, ui, notebook)
    clock("stored")

    state = run_all_and_look(page)
    ui.full_screenshot(page, ui.screenshot_path(notebook), ui.notebook_scroller)
    problems["run clean"] = clean_problems(tab, state)
    clock("run clean")
    if state["errors"] or not state["widgets_live"]:
        fail_on(notebook, problems)  # the other checks need a notebook that ran

    own = axe.check(page, f"JupyterLab: {notebook}")
    problems["axe"] = [axe.format_violations(own)] if own else []
    clock("axe")

    if notebook in zoom.NOTEBOOKS:
        problems["zoom"] = checked(lambda: [p for z in zoom.ZOOMS if (p := zoom.problems_when_zoomed(
            page, ui, notebook, z))], before=lambda: zoom.before_check(page, ui, notebook))
        clock("zoom")
    if notebook in KEYS:
        problems["keys"] = checked(lambda: KEYS[notebook](page) or [])
        clock("keys")
    if notebook in keyboard.NOTEBOOKS:
        problems["keyboard"] = checked(lambda: keyboard.problems_by_keyboard(page, lab, notebook))
        clock("keyboard")
    problems["page"] = ["JavaScript errors in the page:\n" + "\n".join(tab.page_errors)] \
        if tab.page_errors and not problems["run clean"] else []
    fail_on(notebook, problems)


def checked(check, before=None) -> list[str]:
    """The problems a check returns; if it fails outright (an assertion, a time-out), what it
    failed on, so that the checks after it still run and every failure is reported together."""
    try:
        if before:
            before()
        return check()
    except Exception as exc:  # noqa: BLE001  (Playwright's TimeoutError, AssertionError, ...)
        return [f"{type(exc).__name__}: {str(exc)[:2000]}"]


def fail_on(notebook: str, problems: dict[str, list[str]]) -> None:
    """Fail with every check's problems, or pass if there are none."""
    found = {check: p for check, p in problems.items() if p}
    if found:
        pytest.fail(f"{notebook}:\n" + "\n".join(f"[{check}] " + "\n  ".join(p) for check, p in found.items()),
                    pytrace=False)
