"""Every kind of widget is readable at 200% and at 400% zoom in JupyterLab (WCAG 1.4.4 resize text,
1.4.10 reflow: usable 320 CSS pixels wide without scrolling sideways).

200% browser zoom in a 1280 x 900 window lays the page out like a 640 x 450 CSS-pixel window drawn
with two device pixels per CSS pixel, and 400% like a 320 x 225 one drawn with four, so the check
lays the open page out as exactly that with Chrome's device-metrics override (Chromium's own zoom
is not reachable from Playwright, and this is what it amounts to). JupyterLab keeps its left sidebar open at that width (only its cells switch to the narrow layout, prompts above the
code), taking half the window; the test collapses both sidebars first, as a zoomed student would,
and at 400% also hides the two activity bars (View > Appearance > Show Left/Right Activity Bar),
which would otherwise take 66 of the 320 pixels.

After Run All (in tests/browser/test_each_notebook.py, on the page every other check of the
notebook uses), every widget output is scrolled into view and checked in the page, element by
element (CHECK_JS):

* no text is cut off: no text-bearing label, button or text element whose text overflows its own
  box where the box hides the overflow (ipywidgets' labels and buttons use ``white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis``), no text lying outside a clipping ancestor, no
  <select> list whose options are wider than the list (a list box cannot scroll sideways);
* no sideways scrolling: neither the output, nor the widget, nor any box inside it is wider than
  its area (ipywidgets' boxes are ``overflow: auto``, so a box a few pixels too wide gets its own
  horizontal scroll bar and hides the controls' right edges). A data table in a box of its own is
  the one allowed exception: a table cannot reflow, and scrolling it alone keeps the rest readable;
* no text is drawn over other text (a column too narrow for its content spills into the next;
  a wrapped radio-button label runs into the next option): the visible parts of the text lines
  of a widget do not intersect;
* text is at least MIN_FONT_PX CSS pixels (24 device pixels at 200%), for every element with
  text of its own and every form control.

Closed <details> (the numbers behind a chart) are opened first, as a student can. Chart images
are not text: an image shown smaller than its own size is printed as a note (its words shrink
with it), not failed, since the numbers are also given as a table.

The notebooks below contain every widget kind between them; the first test checks that, from
the notebooks and the lessons' YAML, so a new kind of widget cannot go unchecked. Homework: the
student types a name and presses Submit, so the list of unfinished parts and the "Submit with
these 3 parts unfinished" box are on screen too; lesson 4: the claim check is committed (what historians conclude) and an
event of the timeline is chosen (its details).

Screenshots: test-artifacts/screenshots/<notebook>-zoom200.jpg and -zoom400.jpg (git-ignored; with `make screenshots`),
1280 device pixels wide, the whole notebook. Run with:

    .venv/bin/python -m pytest tests/browser/test_each_notebook.py -p no:cacheprovider -v
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[2]
ZOOMS = (2, 4)  # 200% (resize text) and 400% (reflow: 320 CSS px wide)


def zoom_viewport(zoom: int) -> dict:
    """The CSS pixels of a 1280 x 900 window at this zoom."""
    return {"width": 1280 // zoom, "height": 900 // zoom}


MIN_FONT_PX = 12  # CSS px at 100%: the smallest size commonly held readable for body text
SLACK_PX = 1  # sub-pixel rounding

# notebook -> the widget kinds it shows (checked against the content by the first test)
NOTEBOOKS = {
    "01_revolution_from_above.ipynb": {"corroboration-grid", "estimates", "quick-check", "response",
                                       "final-claim", "my-answers"},
    "03_the_murder_of_kirov.ipynb": {"reliability-rating", "corroboration-grid", "side-by-side",
                                     "quick-check", "response"},
    "04_from_one_murder_to_a_system.ipynb": {"source-card", "claim-check", "timeline", "quick-check",
                                             "response"},
    "homework/h1_kirov_sources.ipynb": {"student-name", "reliability-rating", "side-by-side",
                                        "claim-check", "response", "submit"},
    "homework/h2_numbers_that_disagree.ipynb": {"student-name", "data-task", "response", "submit"},
    "homework/h3_molotov_essay.ipynb": {"student-name", "organizer", "essay", "response", "submit"},
}
# widgets a page shows by a call of its own rather than as an exercise of the lesson file
CALLS = {r"\.response\(": "response", r"\.name\(\)": "student-name", r"\.submit\(\)": "submit",
         r"\.my_answers\(\)": "my-answers"}


def widget_kinds() -> set[str]:
    """Every kind of widget the course has: each exercise kind of utils/exercises/registry.py (a
    "prompt" is shown by ``.response()``) and the widgets of CALLS."""
    from utils.exercises.registry import KINDS

    return ({k for k, v in KINDS.items() if v.view} - {"prompt"}) | set(CALLS.values())


def kinds_in(rel: str) -> set[str]:
    """The widget kinds a notebook shows, from its code cells and its lesson's YAML."""
    nb = nbformat.read(ROOT / "notebooks" / rel, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    found = {kind for pattern, kind in CALLS.items() if re.search(pattern, code)}
    for content_id in re.findall(r'\b(?:lesson|homework)\("([^"]+)"\)', code):
        path = next(p for p in (ROOT / "lessons" / f"{content_id}.yaml",
                                ROOT / "lessons" / "homework" / f"{content_id}.yaml") if p.is_file())
        exercises = {e["id"]: e["kind"] for e in yaml.safe_load(path.read_text(encoding="utf-8"))
                     .get("exercises", [])}
        found |= {exercises[x] for x in re.findall(r'\.exercise\("([^"]+)"\)', code)}
    return found


# -- the check, in the page ------------------------------------------------------------------

# Returns {viewport, notebook, outputs, problems: [{title, element, what}], notes: [...]}.
CHECK_JS = """async ({minFont, slack}) => {
    const app = window.jupyterapp;
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const nb = app.shell.currentWidget.content.node;
    const outs = [...nb.querySelectorAll('.jp-OutputArea-output')]
        .filter(o => o.querySelector(':scope > .jupyter-widgets'));
    const flat = s => s.trim().replace(/\\s+/g, ' ');
    const describe = el => {
        const cls = [...el.classList].filter(c => !/^(lm-|p-|jupyter-widgets$)/.test(c)).slice(0, 3);
        const text = el.tagName === 'SELECT' ? '' : flat(el.innerText || el.value || el.placeholder || '');
        return `<${el.tagName.toLowerCase()}${cls.map(c => '.' + c).join('')}>`
            + (text ? ` "${text.slice(0, 50)}${text.length > 50 ? '...' : ''}"` : '');
    };
    const shown = el => el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0;
    const ownText = el => [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
    const inline = cs => /^(inline|contents)$/.test(cs.display);
    const clips = cs => cs.overflowX !== 'visible' && !inline(cs);
    const scrolls = cs => /auto|scroll/.test(cs.overflowX) && !inline(cs);
    const ctx = document.createElement('canvas').getContext('2d');
    const problems = [], notes = [];
    // a table that cannot reflow may scroll sideways in a box of its own: a box that has a table in
    // it and in which nothing else is too wide (the rest of the widget stays put)
    const tableBox = el => el.tagName === 'TABLE' || (!!el.querySelector(':scope > table')
        && [...el.children].every(c => c.tagName === 'TABLE'
                                     || c.getBoundingClientRect().width <= el.clientWidth + slack));
    for (const out of outs) {
        out.querySelectorAll('details').forEach(d => { d.open = true; });  // what a student can open
        for (let i = 0; i < 10; i++) {  // cells above grow from their estimated height as they show
            out.scrollIntoView({block: 'start'});
            await frame();
            const r = out.getBoundingClientRect();
            if (r.top < innerHeight && r.bottom > 0) break;
        }
        const head = [...out.querySelectorAll('h1, h2, h3, h4, strong, b, label')]
            .find(h => flat(h.innerText));
        const title = flat((head || out).innerText || out.textContent).slice(0, 60);
        const problem = (el, what) => problems.push({title, element: describe(el), what});
        const w = out.querySelector(':scope > .jupyter-widgets');
        const reported = new Set();
        for (const box of [out, w])  // the output and the widget as a whole: no sideways scrolling
            if (box.scrollWidth > box.clientWidth + slack && !reported.has(out)) {
                problem(box, `scrolls sideways: ${box.scrollWidth} px of content in a `
                        + `${box.clientWidth} px box`);
                reported.add(box);
            }
        for (const el of w.querySelectorAll('*')) {
            if (!shown(el)) continue;
            const cs = getComputedStyle(el);
            const texts = ownText(el);
            const tag = el.tagName;
            const control = /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(tag);
            const size = parseFloat(cs.fontSize);
            if ((texts.length || control) && size < minFont - 0.01)
                problem(el, `font-size ${size.toFixed(1)} px, under ${minFont} px`);
            if (tag === 'SELECT') {  // a list box cuts long options off and cannot scroll sideways
                if (el.scrollWidth > el.clientWidth + slack) {
                    const ocs = el.options.length ? getComputedStyle(el.options[0]) : cs;
                    ctx.font = `${ocs.fontStyle} ${ocs.fontWeight} ${ocs.fontSize} ${ocs.fontFamily}`;
                    const pad = parseFloat(ocs.paddingLeft) + parseFloat(ocs.paddingRight);
                    const cut = [...el.options]
                        .filter(o => ctx.measureText(o.text).width + pad > el.clientWidth);
                    problem(el, `${cut.length} of ${el.options.length} options cut off (up to `
                            + `${el.scrollWidth} px of text in a ${el.clientWidth} px list)`
                            + (cut.length ? `, e.g. "${cut[0].text.slice(0, 70)}..."` : ''));
                }
                continue;
            }
            if (tag === 'INPUT' || tag === 'TEXTAREA') continue;  // what is typed scrolls or wraps inside
            if (el.scrollWidth > el.clientWidth + slack && clips(cs)) {
                if (scrolls(cs) && !(texts.length && cs.textOverflow === 'ellipsis')) {
                    if (!tableBox(el) && !reported.has(el)) {
                        problem(el, `scrolls sideways: ${el.scrollWidth} px of content in a `
                                + `${el.clientWidth} px box`);
                        reported.add(el);
                    }
                } else if (texts.length || tag === 'BUTTON' || tag === 'LABEL') {
                    problem(el, `text cut off: ${el.scrollWidth} px of text in a ${el.clientWidth} px box `
                            + `(${cs.whiteSpace}, overflow ${cs.overflowX}, `
                            + `text-overflow ${cs.textOverflow})`);
                    reported.add(el);
                    continue;
                }
            }
            // text laid out beyond the edge of a box that clips it
            for (const t of texts) {
                const range = document.createRange();
                range.selectNodeContents(t);
                const r = range.getBoundingClientRect();
                if (!r.width) continue;
                for (let a = el; a; a = a.parentElement) {
                    if (reported.has(a)) break;
                    const acs = a === el ? cs : getComputedStyle(a);
                    if (a === out || clips(acs)) {
                        const ar = a.getBoundingClientRect();
                        const left = ar.left + a.clientLeft, right = left + a.clientWidth;
                        if (r.right > right + slack || r.left < left - slack) {
                            if (!(scrolls(acs) && tableBox(a))) {
                                problem(el, `text ${scrolls(acs) ? 'reachable only by scrolling sideways'
                                        : 'clipped'} in ${describe(a)}: it spans ${Math.round(r.left - left)}`
                                        + `..${Math.round(r.right - left)} px of a ${a.clientWidth} px box`);
                                reported.add(a);
                            }
                            break;
                        }
                    }
                    if (a === out) break;
                }
            }
        }
        // text drawn over other text (a column too narrow for its content spills into the next);
        // only the part of a line that its scrolling or clipping boxes let through is on screen
        const viewBox = el => {
            let box = {left: -Infinity, right: Infinity, top: -Infinity, bottom: Infinity};
            for (let a = el; a && a !== out.parentElement; a = a.parentElement) {
                const acs = getComputedStyle(a);
                if (inline(acs) || (acs.overflowX === 'visible' && acs.overflowY === 'visible')) continue;
                const ar = a.getBoundingClientRect();
                const left = ar.left + a.clientLeft, top = ar.top + a.clientTop;
                box = {left: Math.max(box.left, left), right: Math.min(box.right, left + a.clientWidth),
                       top: Math.max(box.top, top), bottom: Math.min(box.bottom, top + a.clientHeight)};
            }
            return box;
        };
        const lines = [];
        for (const el of [w, ...w.querySelectorAll('*')]) {
            if (!shown(el)) continue;
            const texts = ownText(el);
            if (!texts.length) continue;
            const v = viewBox(el);
            for (const t of texts) {
                const range = document.createRange();
                range.selectNodeContents(t);
                for (const q of range.getClientRects()) {
                    const r = {left: Math.max(q.left, v.left), right: Math.min(q.right, v.right),
                               top: Math.max(q.top, v.top), bottom: Math.min(q.bottom, v.bottom)};
                    r.height = r.bottom - r.top;
                    if (r.right - r.left > 1 && r.height > 1) lines.push({r, el, t});
                }
            }
        }
        lines.sort((a, b) => a.r.top - b.r.top);
        let overlaps = 0;
        for (let i = 0; i < lines.length; i++) {
            const a = lines[i].r;
            for (let j = i + 1; j < lines.length && lines[j].r.top < a.bottom; j++) {
                const b = lines[j].r;
                if (lines[i].t === lines[j].t) continue;
                const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                if (dx > 2 && dy > 0.3 * Math.min(a.height, b.height) && ++overlaps <= 3)
                    problem(lines[i].el, `text drawn over other text: over ${describe(lines[j].el)}`);
            }
        }
        if (overlaps > 3) problem(w, `and ${overlaps - 3} more places where text is drawn over other text`);
        for (const img of out.querySelectorAll('img')) {
            if (!shown(img) || !img.naturalWidth) continue;
            const scale = img.getBoundingClientRect().width / img.naturalWidth;
            if (scale < 0.9)
                notes.push(`${title}: ${describe(img)} (${img.alt.slice(0, 40)}) is shown at `
                           + `${Math.round(scale * 100)}% of its ${img.naturalWidth} px width, `
                           + 'and its text with it');
        }
    }
    const box = [nb, nb.querySelector('.jp-WindowedPanel-outer')].filter(Boolean)
        .sort((a, b) => (b.scrollWidth - b.clientWidth) - (a.scrollWidth - a.clientWidth))[0];
    if (box.scrollWidth > box.clientWidth + slack)
        problems.push({title: '(the notebook)', element: describe(box),
                       what: `scrolls sideways: ${box.scrollWidth} px in ${box.clientWidth} px`});
    return {viewport: [innerWidth, devicePixelRatio], notebook: nb.clientWidth, outputs: outs.length,
            problems, notes};
}"""

# -- what the student does before the check -----------------------------------------------------

def submit_unfinished(panel) -> None:
    """Type a name and press Submit: the widget lists what is unfinished and shows its
    "Submit with these 3 parts unfinished" box."""
    from playwright.sync_api import expect

    name = panel.get_by_role("textbox", name="Your name:")
    name.fill("Anna Akhmatova")
    panel.get_by_role("button", name="Submit my homework").click()
    expect(panel.get_by_role("checkbox", name=re.compile(r"^Submit with (these \d+ parts|this part) unfinished$"))).to_be_visible()


def commit_claim_and_choose_event(panel, page, ui) -> None:
    """Commit the claim check (what historians conclude appears) and choose an event of the
    timeline (its details appear)."""
    from playwright.sync_api import expect

    ui.answer_first_claim(panel, page)
    timeline = (panel.locator(".jp-OutputArea-output")
                .filter(has_text=re.compile(r"Showing \d+ of \d+ events")))
    first = timeline.get_by_role("radio").first
    first.focus()
    first.press("Space")  # by keyboard, as a student without a mouse would
    expect(timeline.get_by_text("Choose an event in the list")).to_have_count(0)


BEFORE_CHECK = {"04_from_one_murder_to_a_system.ipynb": commit_claim_and_choose_event,
                "homework/h1_kirov_sources.ipynb": lambda panel, page, ui: submit_unfinished(panel),
                "homework/h3_molotov_essay.ipynb": lambda panel, page, ui: submit_unfinished(panel)}


# -- the test ---------------------------------------------------------------------------------

def format_problems(rel: str, problems: list[dict]) -> str:
    return "\n".join(f"  ({rel}, {p['title']!r}, {p['element']}, {p['what']})" for p in problems)


# View > Appearance > Show Left/Right Activity Bar, switched off; returns the sides it hid
HIDE_ACTIVITY_BARS = """async () => { const c = window.jupyterapp.commands, id = 'application:toggle-side-tabbar';
    const hidden = [];
    if (!c.hasCommand(id)) return hidden;
    for (const side of ['left', 'right'])
        if (c.isToggled(id, {side})) { await c.execute(id, {side}); hidden.push(side); }
    return hidden; }"""
SHOW_ACTIVITY_BARS = """async (sides) => { const c = window.jupyterapp.commands;
    for (const side of sides) await c.execute('application:toggle-side-tabbar', {side}); }"""


def before_check(page, ui, rel: str) -> None:
    """What the student does first, so that the zoomed page shows it too (BEFORE_CHECK)."""
    if rel in BEFORE_CHECK:
        BEFORE_CHECK[rel](page.locator(".jp-NotebookPanel:visible"), page, ui)


class Zoomed:
    """The open page laid out as at this zoom (zoom_viewport, zoom device pixels per CSS pixel) by
    Chrome's device-metrics override, so that one Run All serves every zoom. The override lives as
    long as its DevTools session, so the session stays open until close(), which puts the page
    back to the viewport it had."""

    def __init__(self, page, zoom: int):
        self.page, self.zoom, self.normal = page, zoom, page.viewport_size
        self.width = zoom_viewport(zoom)["width"]
        self.cdp = page.context.new_cdp_session(page)
        self.resize(zoom_viewport(zoom)["height"])

    def resize(self, height: int) -> None:
        self.cdp.send("Emulation.setDeviceMetricsOverride", {"width": self.width, "height": height,
                                                             "deviceScaleFactor": self.zoom, "mobile": False})

    def shoot(self, path, quality: int) -> None:
        """A JPEG screenshot of the viewport as drawn (Playwright's own would reset the zoom)."""
        import base64

        shot = self.cdp.send("Page.captureScreenshot", {"format": "jpeg", "quality": quality})
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        self.cdp.send("Emulation.clearDeviceMetricsOverride")
        self.cdp.detach()
        # Playwright skips a resize to the size it thinks the page has: go by another size
        self.page.set_viewport_size({**self.normal, "width": self.normal["width"] + 1})
        self.page.set_viewport_size(self.normal)


def problems_when_zoomed(page, ui, rel: str, zoom: int) -> str | None:
    """Zoom the open notebook (already run) to 200% or 400%: no widget text is cut off, nothing
    scrolls sideways, no text is under MIN_FONT_PX; screenshot. Returns what is wrong, or None.
    The page is put back to 100% (and its activity bars shown) before returning."""
    viewport = zoom_viewport(zoom)
    page.evaluate("() => { const s = window.jupyterapp.shell; s.collapseLeft(); s.collapseRight(); }")
    zoomed = Zoomed(page, zoom)
    hidden = page.evaluate(HIDE_ACTIVITY_BARS) if zoom >= 4 else []
    try:
        page.wait_for_function("""(w) => innerWidth === w
            && window.jupyterapp.shell.currentWidget.node.getBoundingClientRect().width > w * 0.8""",
                               arg=viewport["width"])
        result = page.evaluate(CHECK_JS, {"minFont": MIN_FONT_PX, "slack": SLACK_PX})
        ui.full_screenshot(page, ui.screenshot_path(rel, f"-zoom{zoom * 100}"), ui.notebook_scroller,
                           viewport, zoomed=zoomed)
    finally:  # JupyterLab keeps the choice in its settings: put the bars back for the next checks
        if hidden:
            page.evaluate(SHOW_ACTIVITY_BARS, hidden)
        zoomed.close()
    for note in result["notes"]:
        print(f"[zoom] note, {rel} at {zoom * 100}%: {note}")
    if result["viewport"] != [viewport["width"], zoom]:
        return f"at {zoom * 100}%: the page was not laid out as zoomed: {result['viewport']}"
    if result["outputs"] < len(NOTEBOOKS[rel]):
        return f"at {zoom * 100}%: only {result['outputs']} widget outputs found"
    if result["problems"]:
        return (f"{len(result['problems'])} readability problem(s) at {zoom * 100}% zoom (a "
                f"{viewport['width']} px wide page; the notebook is {result['notebook']} px) as "
                "(notebook, widget, element, what):\n" + format_problems(rel, result["problems"]))
    return None
