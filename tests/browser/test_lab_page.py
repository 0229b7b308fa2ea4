"""The worker's one JupyterLab page (conftest.LabPage), reused from test to test: each test must
find it as a freshly loaded JupyterLab would be, or the checks of one notebook could see another's
leftovers."""
from __future__ import annotations

import pytest

from utils.tools import labserver

pytestmark = pytest.mark.browser

JS_STATE = """() => { const s = window.jupyterapp.shell, w = s.currentWidget;
    return {main: [...s.widgets('main')].map(x => x.context ? x.context.path : x.id),
            left: s.leftCollapsed, right: s.rightCollapsed,
            kernel: w.sessionContext.session?.kernel?.id, count: w.content.widgets[0]?.model?.executionCount ?? null,
            dialogs: document.querySelectorAll('.jp-Dialog').length}; }"""


def test_the_next_test_finds_jupyterlab_as_if_freshly_loaded(lab_page, lab):
    first = lab_page.start()
    page = first.page
    labserver.open_notebook(page, lab, "glossary.ipynb", reuse=True)
    stored = (lab.root / "glossary.ipynb").read_bytes()
    before = page.evaluate(JS_STATE)
    labserver.run_all(page)  # a kernel with state, a notebook with changes never saved
    page.evaluate("() => { const s = window.jupyterapp.shell; s.collapseLeft(); s.expandRight(); }")
    lab_page.end(keep=True)
    lab.shutdown_kernels()
    assert lab_page.page is page, "a page that passed its test was not kept"

    second = lab_page.start()
    assert second.page is page and second is not first
    labserver.open_notebook(page, lab, "00_start_here.ipynb", reuse=True)
    after = page.evaluate(JS_STATE)
    assert after["main"] == ["00_start_here.ipynb"], after  # no Launcher, no earlier notebook
    assert (after["left"], after["right"]) == (before["left"], before["right"]) == (False, True), (before, after)
    assert after["kernel"] and after["kernel"] != before["kernel"], "the same kernel again"
    assert after["dialogs"] == 0
    assert (lab.root / "glossary.ipynb").read_bytes() == stored, "closing the notebook saved it"

    # a dialog left open (not awaited: the command's promise ends when the dialog is closed)
    page.evaluate("() => { window.jupyterapp.commands.execute('help:about'); }")
    page.wait_for_selector(".jp-Dialog")
    lab_page.end(keep=True)
    assert lab_page.page is None, "a page left with a dialog open was reused"

    third = lab_page.start()
    assert third.page is not page
    lab_page.end(keep=False)
    assert lab_page.page is None, "the page of a failed test was reused"
