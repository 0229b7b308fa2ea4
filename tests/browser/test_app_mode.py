"""App mode: each lesson rendered by Voila (the JupyterLab server's voila extension) in Chromium.

No code is shown, every widget renders, no cell fails, the page is in the course's template,
its lines are short, its instructions name no menu, axe finds nothing wrong with the course's own
HTML (tests/browser/axe.py), and in the Molotov lesson committing a claim check reveals what
historians conclude: all on one page load per lesson. On Binder the same page is
`?urlpath=voila/render/<nb>`.
"""
from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest

import axe  # tests/browser/axe.py

pytestmark = pytest.mark.browser

MOLOTOV = "08_molotov_remembers.ipynb"
WIDGET_OUTPUT = re.compile(r'widget-view\+json"\s*:\s*\{\s*"model_id"\s*:\s*"[0-9a-f]{8,}"')
VOILA_CELL_ERROR = "There was an error when executing cell"


def test_voila_server_extension_is_enabled(chromium):
    """`jupyter server extension list` shows voila enabled in the environment the tests use."""
    out = subprocess.run([sys.executable, "-m", "jupyter", "server", "extension", "list"],
                         capture_output=True, text=True, timeout=120)
    listing = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout + out.stderr)
    assert re.search(r"voila\.server_extension\s+enabled", listing), listing
    assert re.search(r"voila\.server_extension\s+\S*\s*OK", listing), listing


def code_lines(path) -> list[str]:
    """One distinctive line of each code cell (a line that no markdown cell contains)."""
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    lines = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            line = line.strip()
            if len(line) >= 10 and line not in markdown and not line.startswith("#"):
                lines.append(line)
                break
    return lines


# Characters per line of each paragraph or list item of running text: its width over the average
# width of its characters in its own font (a canvas measures them).
JS_LINE_LENGTH = """() => {
    const ctx = document.createElement('canvas').getContext('2d');
    let best = {chars: 0, text: ''};
    for (const el of document.querySelectorAll(
            '#ph-app-main .jp-RenderedHTMLCommon p, #ph-app-main .jp-RenderedHTMLCommon li')) {
        const text = el.textContent.trim();
        if (text.length < 200 || el.closest('table')) continue;  // a short line says nothing
        const cs = getComputedStyle(el);
        ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const perChar = ctx.measureText(text).width / text.length;
        const chars = Math.round(el.getBoundingClientRect().width / perChar);
        if (chars > best.chars) best = {chars, text: text.slice(0, 80)};
    }
    return best;
}"""


def test_lesson_in_app_mode(tab, lab, ui, app_notebook):
    from playwright.sync_api import expect

    page = tab.page
    response = page.goto(lab.url(f"voila/render/{app_notebook}"), wait_until="domcontentloaded",
                         timeout=300_000)  # Voila runs the whole notebook before the page ends
    assert response is not None and response.status == 200, (response and response.status,
                                                             lab.log_tail())
    raw = response.text()
    expected = len(WIDGET_OUTPUT.findall(raw))
    # Voila removes its spinner and shows the cells once the kernel and the widget manager are up
    page.locator("#loading").wait_for(state="detached")  # attached: the HTML is fully parsed
    expect(page.locator("#rendered_cells")).to_be_visible()
    page.wait_for_function(
        """(n) => document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length >= n
            && !document.body.textContent.includes('Loading widget')""", arg=expected)
    text = page.locator("body").inner_text()

    ui.full_screenshot(page, ui.screenshot_path(app_notebook, "-app"))
    assert VOILA_CELL_ERROR not in raw and VOILA_CELL_ERROR not in text, "a cell failed in Voila"
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert "Error displaying widget" not in text
    assert page.locator(".jp-OutputArea-output .ph-error").count() == 0, \
        page.locator(".jp-OutputArea-output .ph-error").all_text_contents()

    # no code: every code cell is output only, and no line of code is on the page
    assert page.locator(".jp-CodeCell").count() > 0
    assert page.locator(".jp-CodeCell:not(.jp-mod-noInput)").count() == 0
    assert page.locator(".jp-CodeCell .jp-InputArea, .cm-editor, .CodeMirror").count() == 0
    shown = [line for line in code_lines(lab.root / app_notebook) if line in text]
    assert not shown, f"code visible in app mode: {shown}"

    # instructions for the mode the student is in: no menus, cells or right-clicks in app mode
    for lab_only in ("Run All Cells", "Shift+Enter", "right-click", "Right-click", "file browser"):
        assert lab_only not in text, f"app mode tells the student to use {lab_only!r}"
    if page.locator(".ph-how-to-work").count():
        expect(page.locator(".ph-how-to-work").first).to_contain_text(
            re.compile("Read down the page|shows no code cells"))

    # readable lines: the longest line of running text is about 70 characters (WCAG 1.4.8)
    widest = page.evaluate(JS_LINE_LENGTH)
    assert widest["chars"] <= 85, f"lines of about {widest['chars']} characters: {widest['text']!r}"
    assert widest["chars"] >= 40, f"no running text measured (the selectors found {widest})"
    # the page is one column of at most 62em, centred in a wide window
    column = page.evaluate("""() => { const r = document.querySelector('#ph-app-main').getBoundingClientRect();
        return {left: r.left, right: innerWidth - r.right, width: r.width,
                em: parseFloat(getComputedStyle(document.querySelector('#ph-app-main')).fontSize)}; }""")
    assert column["width"] <= 62 * column["em"] + 1 and abs(column["left"] - column["right"]) <= 2, (
        f"the app-mode page is not a centred column of at most 62em: {column}")

    # the course's app-mode template puts the notebook in a <main> (Voila's own page has none)
    assert page.locator("main#ph-app-main").count() == 1, (
        f"{app_notebook} in app mode is not in the course's template: Voila must find "
        "share/jupyter/voila/templates/purges-and-hysteria on the Jupyter data path and a "
        "voila.json with VoilaConfiguration.template = 'purges-and-hysteria' on the config path "
        "(docs/accessibility.md, 'App mode')")
    own = axe.check(page, f"app mode: {app_notebook}")
    assert not own, (f"axe: the course's own HTML in {app_notebook} in app mode has violations:\n"
                     + axe.format_violations(own))

    if app_notebook == MOLOTOV:
        claim = ui.answer_first_claim(page.locator("body"), page)
        expect(claim.get_by_role("region", name="What historians conclude")).to_be_visible()
    tab.assert_no_page_errors()
    # nothing reaches the network: the page asks only the course's server (Voila's own template
    # links Font Awesome on a CDN, and its page config MathJax: the course's template drops both)
    assert not tab.blocked, f"{app_notebook} in app mode asks for pages outside the server: {tab.blocked}"
