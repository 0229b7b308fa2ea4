"""Every kind of widget can be done by keyboard alone in JupyterLab, and the focus stays visible
(WCAG 2.1.1 keyboard, 2.4.7 focus visible).

For each notebook below, after Run All, every widget output is worked through with the keyboard
only. The test puts the focus on the output's first control (as Tab from the cell above would),
then, until Tab takes the focus out of the output, it does at each control what a student does:

* a text box: types an answer (a name, a number, a few sentences);
* a radio button, toggle button or check box not yet chosen: Space (the theme boxes of the timeline and the
  chart filters start ticked and are left so);
* a drop-down list with nothing chosen: Space, ArrowDown, Enter;
* a button that commits, checks or hands in: Enter; "Show sentence starters": Space. Download and
  Restore open the browser's own file dialogs and are only reached, not pressed;

and checks that the focused element shows a focus ring (an outline or a box shadow). Afterwards,
every widget that saves must have saved something (answers/answers.json changed), every commit
must have been accepted ("Committed and saved"), and the hand-in widget must have written a file.
Tab must reach every control of the output (nothing is reachable by mouse only). The check
runs in tests/browser/test_each_notebook.py, last, on the page every other check of the notebook
used.

The notebooks below show every widget kind between them except the data task of Homework 2,
whose steps are typed into code cells (JupyterLab's own editor). Run with:

    .venv/bin/python -m pytest tests/browser/test_each_notebook.py -p no:cacheprovider -q
"""
from __future__ import annotations

import re

from utils.tools import labserver

NOTEBOOKS = {
    "00_start_here.ipynb": {"timeline", "my-answers"},
    "01_revolution_from_above.ipynb": {"estimates", "quick-check", "corroboration-grid", "final-claim",
                                       "response", "student-name", "submit"},
    "03_the_murder_of_kirov.ipynb": {"reliability-rating", "side-by-side"},
    "04_from_one_murder_to_a_system.ipynb": {"source-card", "claim-check", "timeline"},
    "homework/h3_molotov_essay.ipynb": {"organizer", "essay", "student-name", "submit"},
}
ANSWER = ("Moscow set the limits and raised them when the regions asked, so the terror was "
          "planned at the top and carried out below.")
PRESS_ENTER = re.compile(r"^(Commit my answer|Commit again|Check question \d+|Check my answers?|Check|"
                         r"Submit my homework|Hand in this lesson|Add to my note)$")
PRESS_SPACE = re.compile(r"^Show sentence starters$")
MAX_STEPS = 400

# What has the focus: its kind, label and state, and whether a focus ring is drawn
FOCUS_JS = """(out) => { const a = document.activeElement;
    if (!a || !out.contains(a)) return null;
    const cs = getComputedStyle(a);
    const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0)
                 || (cs.boxShadow && cs.boxShadow !== 'none');
    const label = (a.labels && a.labels[0] ? a.labels[0].innerText
                   : a.getAttribute('aria-label') || a.title || a.innerText || '').trim();
    const group = a.closest('.widget-radio-box');
    const toggles = a.closest('.widget-toggle-buttons');
    return {tag: a.tagName, type: a.type || '', label: label.slice(0, 80), text: (a.innerText || '').trim(),
            checked: !!a.checked, index: a.selectedIndex ?? null, ring, placeholder: a.placeholder || '',
            focusVisible: a.matches(':focus-visible'),
            groupChosen: group ? !!group.querySelector('input:checked') : false,
            toggle: !!toggles, toggleChosen: toggles ? !!toggles.querySelector('.mod-active') : false,
            id: a.dataset.phKey || (a.dataset.phKey = String(Math.random()))}; }"""
FOCUS_FIRST_JS = """(out) => { const e = [...out.querySelectorAll('input, select, textarea, button')]
    .find(e => e.tabIndex >= 0 && !e.disabled && e.type !== 'file' && e.getClientRects().length);
    if (e) e.focus(); return !!e; }"""
CONTROLS_JS = """(out) => [...out.querySelectorAll('input, select, textarea, button, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.checkVisibility({visibilityProperty: true})
                 && e.getClientRects().length > 0 && e.type !== 'file').length"""


def saved(lab) -> str:
    path = lab.answers_dir / "answers.json"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


# the kernel has answered every message sent so far and the page has drawn what it sent back
SETTLED_JS = f"""() => new Promise(r => setTimeout(() => {{
    const k = () => {labserver.JS_CURRENT}.sessionContext.session?.kernel;
    const wait = () => (!k() || k().status === 'idle')
        ? requestAnimationFrame(() => requestAnimationFrame(() => r(true))) : setTimeout(wait, 20);
    wait(); }}, 60))"""
KEYS_TYPED = 24  # typed key by key; the rest of an answer arrives as one input, as a paste would


def settle(page) -> None:
    """Wait until the kernel has answered the last key (a commit, a check) and the page shows it."""
    page.evaluate(SETTLED_JS)


def type_answer(page, text: str) -> None:
    """Type the first KEYS_TYPED characters key by key (each a keydown, input and keyup, as a
    student types), then the rest as one input: every box is still filled from the keyboard's
    focus, and a paragraph costs two dozen kernel round trips instead of four hundred."""
    page.keyboard.type(text[:KEYS_TYPED])
    if text[KEYS_TYPED:]:
        page.keyboard.insert_text(text[KEYS_TYPED:])


def work_by_keyboard(page, out) -> dict:
    """Work one widget output with the keyboard; return what was done and any focus problems."""
    handle = out.element_handle()
    controls = page.evaluate(CONTROLS_JS, handle)
    first = page.evaluate(FOCUS_FIRST_JS, handle)
    done = {"controls": controls, "reached": set(), "pressed": [], "typed": 0, "no_ring": []}
    if not first:
        return done
    page.keyboard.press("Shift+Tab")  # from the control before, so that the first focus is by Tab
    page.keyboard.press("Tab")
    if page.evaluate(FOCUS_JS, handle) is None:  # the control before is JupyterLab's, whose Tab
        page.evaluate(FOCUS_FIRST_JS, handle)     # goes elsewhere: start on the first control itself
    for _ in range(MAX_STEPS):
        f = page.evaluate(FOCUS_JS, handle)
        if f is None:
            break
        done["reached"].add(f["id"])
        if not f["ring"]:
            done["no_ring"].append(f"{f['tag'].lower()} {f['type']} {f['label']!r}")
        if f["tag"] == "INPUT" and f["type"] == "text" and f["placeholder"] == "a number":
            page.keyboard.type("1")  # a quick check's number box (empty until a number is typed)
            done["typed"] += 1
        elif f["tag"] == "TEXTAREA" or (f["tag"] == "INPUT" and f["type"] == "text"):
            type_answer(page, "Anna Keyboard" if "name" in f["label"].lower() else
                        ANSWER if f["tag"] == "INPUT" else " ".join([ANSWER] * 3))
            done["typed"] += 1
        elif f["tag"] == "INPUT" and f["type"] == "radio" and not f["groupChosen"]:
            page.keyboard.press("Space")
        elif f["tag"] == "INPUT" and f["type"] == "checkbox" and not f["checked"] \
                and not f["label"].startswith(("Theme:", "Show:")):
            page.keyboard.press("Space")
        elif f["tag"] == "SELECT" and f["index"] == -1:
            for key in ("Space", "ArrowDown", "Enter"):
                page.keyboard.press(key)
        elif f["tag"] == "BUTTON" and f["toggle"] and not f["toggleChosen"]:
            page.keyboard.press("Space")  # one of a set of toggle buttons (agree / conflict)
            settle(page)
        elif f["tag"] == "BUTTON" and PRESS_ENTER.match(f["text"]):
            page.keyboard.press("Enter")
            done["pressed"].append(f["text"])
            settle(page)  # the kernel answers; the widget may grow
        elif f["tag"] == "BUTTON" and PRESS_SPACE.match(f["text"]):
            page.keyboard.press("Space")
            done["pressed"].append(f["text"])
            settle(page)
        page.keyboard.press("Tab")
    else:
        raise AssertionError("Tab never left the output: a keyboard trap?")
    return done


def problems_by_keyboard(page, lab, rel: str) -> list[str]:
    """Work every widget output of the open notebook (already run) by keyboard; return what is
    wrong (nothing when all is well)."""
    from playwright.sync_api import expect

    outputs = page.locator(".jp-OutputArea-output:has(> .jupyter-widgets)")
    problems, worked = [], 0
    for n in range(outputs.count()):
        out = outputs.nth(n)
        out.scroll_into_view_if_needed()
        # JupyterLab lays out a cell only once it is on screen (content-visibility): wait for it
        page.wait_for_function("(o) => o.innerText.trim().length > 0", arg=out.element_handle())
        title = (out.inner_text().strip().splitlines() or ["?"])[0][:60]
        before = saved(lab)
        done = work_by_keyboard(page, out)
        if not done["controls"]:
            continue
        worked += 1
        if done["no_ring"]:
            problems.append(f"{title}: no visible focus on {done['no_ring'][:3]}")
        if len(done["reached"]) < done["controls"]:
            problems.append(f"{title}: Tab reached {len(done['reached'])} of {done['controls']} controls")
        hand_in = any(p in ("Submit my homework", "Hand in this lesson") for p in done["pressed"])
        keeps_nothing = "Download my answers" in out.text_content()  # My answers only shows them
        if (done["typed"] or (done["pressed"] and not hand_in)) and not keeps_nothing:
            deadline = 150  # the kernel saves a moment after the last key
            while saved(lab) == before and deadline:
                page.wait_for_timeout(100)
                deadline -= 1
            if saved(lab) == before:
                problems.append(f"{title}: nothing was saved after working it by keyboard "
                                f"(pressed {done['pressed']}, typed in {done['typed']} box(es))")
        out.scroll_into_view_if_needed()
        text = out.text_content()  # (JupyterLab does not lay out cells off screen: no inner_text)
        if "Commit my answer" in done["pressed"] and "Committed and saved" not in text:
            problems.append(f"{title}: the commit was not accepted: {text[-300:]!r}")
        if "Show sentence starters" in done["pressed"] and "Hide sentence starters" not in text:
            problems.append(f"{title}: Space on 'Show sentence starters' showed nothing")
    if worked < len(NOTEBOOKS[rel]):
        problems.append(f"only {worked} widget outputs had controls")
    if "submit" in NOTEBOOKS[rel] and not any(lab.submissions_dir.glob("*.html")):
        # the hand-in box asks to confirm what is unfinished, then writes the file
        box = outputs.filter(has_text=re.compile(r"(Submit my homework|Hand in this lesson)"))
        box.scroll_into_view_if_needed()
        confirm = box.get_by_role("checkbox", name=re.compile(r"with (these \d+ parts|this part) unfinished"))
        expect(confirm).to_be_visible()
        confirm.focus()
        if not confirm.is_checked():
            page.keyboard.press("Space")
        page.keyboard.press("Shift+Tab")
        for _ in range(5):  # back to the button
            if page.evaluate("() => document.activeElement.tagName") == "BUTTON":
                break
            page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")
        for _ in range(300):
            if any(lab.submissions_dir.glob("*.html")):
                break
            page.wait_for_timeout(100)
        if not any(lab.submissions_dir.glob("*.html")):
            problems.append(f"handing in by keyboard wrote no file: {box.text_content()[-400:]!r}")
    return problems
