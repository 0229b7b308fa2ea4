"""What a student does that a fresh-kernel test never does: Run All twice in one kernel, and
reopen a lesson saved after Run All once its kernel has gone.

Both broke every lesson: the second Run All raised "'module' object is not callable" (a module of the
package shadowed the public `lesson` function), and a reopened lesson showed "Error displaying widget:
model not found" for every exercise instead of its readable version (fixed by the course's server
extension, utils/server/notebook_save.py, which keeps the readable version in the saved file).
"""
from __future__ import annotations

import pytest

from utils.tools import labserver

pytestmark = pytest.mark.browser

LESSON = "03_the_murder_of_kirov.ipynb"

JS_COUNTS = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const code = [...w.content.model.cells].filter(c => c.type === 'code');
    return {code: code.length, counts: code.map(c => c.executionCount),
            kernel: w.sessionContext.session?.kernel?.status,
            running: code.some(c => c.executionState === 'running'),
            text: w.content.node.textContent};
}"""


def run_all_again(page, timeout: float = 300_000) -> None:
    """Run → Run All Cells in the same kernel, as a student does, without clearing anything first;
    wait until every code cell has run again (its count is past the first run's) or one failed."""
    first = page.evaluate(JS_COUNTS)
    last = max(c or 0 for c in first["counts"])
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(f"""() => {{ const w = {labserver.JS_CURRENT};
        const code = [...w.content.model.cells].filter(c => c.type === 'code');
        const failed = code.some(c => [...Array(c.outputs.length).keys()]
            .some(i => c.outputs.get(i).type === 'error'));
        const again = code.every(c => (c.executionCount ?? 0) > {last});
        return w.sessionContext.session?.kernel?.status === 'idle'
            && code.every(c => c.executionState !== 'running') && (again || failed); }}""",
                           timeout=timeout, polling=100)


def widget_outputs(page) -> int:
    return page.evaluate("""(mime) => { let n = 0;
        for (const c of window.jupyterapp.shell.currentWidget.content.model.cells)
            for (let i = 0; i < (c.outputs?.length ?? 0); i++)
                if (c.outputs.get(i).data?.[mime]) n++;
        return n; }""", labserver.WIDGET_MIME)


def test_run_all_twice_in_one_kernel(lab_tab, lab, ui):
    """The first Run All, then a second in the same kernel: every cell runs again, every widget
    is live, no error output."""
    tab = lab_tab
    page = tab.page
    labserver.open_notebook(page, lab, LESSON, reuse=True)
    labserver.run_all(page)
    assert not labserver.error_outputs(page)
    labserver.wait_widgets_live(page)
    live = widget_outputs(page)
    assert live > 0

    run_all_again(page)
    errors = labserver.error_outputs(page)
    assert not errors, "the second Run All failed:\n" + "\n".join(
        e.get("traceback") or e.get("stderr") or str(e) for e in errors)
    labserver.wait_widgets_live(page)
    assert widget_outputs(page) == live
    state = page.evaluate(JS_COUNTS)
    assert "not callable" not in state["text"]
    ui.full_screenshot(page, ui.screenshot_path(LESSON, "-run-twice"), ui.notebook_scroller)
    tab.assert_no_page_errors()


def test_lesson_saved_after_run_all_reopens_readable(lab_tab, lab, ui):
    """Run All, save, the kernel dies, the page is reloaded: every exercise shows its readable
    version (never "model not found"), and running it again brings the widgets back."""
    import nbformat

    tab = lab_tab
    page = tab.page
    labserver.open_notebook(page, lab, LESSON, reuse=True)
    labserver.run_all(page)
    labserver.wait_widgets_live(page)
    exercises = widget_outputs(page)
    assert exercises > 0
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function(f"() => !{labserver.JS_CURRENT}.context.model.dirty")

    saved = nbformat.read(lab.root / LESSON, as_version=4)
    outputs = [o for c in saved.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    readable = [o for o in outputs if "ph-static" in str(o.get("data", {}).get("text/html", ""))]
    assert len(readable) == exercises, "every exercise's readable version is saved"
    assert not [o for o in readable if labserver.WIDGET_MIME in o["data"]], (
        "a saved exercise still points at a widget that dies with the kernel")

    lab.shutdown_kernels()  # the kernel has died (closed laptop, Binder timeout, crash)
    page.reload(wait_until="domcontentloaded")
    labserver.open_notebook(page, lab, LESSON)
    page.wait_for_function(f"""(n) => {labserver.JS_CURRENT}.content.node
        .querySelectorAll('.jp-OutputArea-output .ph-static').length >= n""", arg=exercises,
                           timeout=60_000)
    text = page.evaluate(JS_COUNTS)["text"]
    ui.full_screenshot(page, ui.screenshot_path(LESSON, "-reopened"), ui.notebook_scroller)
    assert "Error displaying widget" not in text and "model not found" not in text
    assert "Loading widget" not in text

    labserver.run_all(page)  # and it works again in the new kernel
    assert not labserver.error_outputs(page)
    labserver.wait_widgets_live(page)
    tab.assert_no_page_errors()
