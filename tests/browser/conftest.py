"""Browser tests: a throw-away JupyterLab (utils.tools.labserver) driven in Debian's Chromium.

Without Chromium every browser test is skipped with one line saying how to install it. The
server serves a temporary copy of notebooks/, saves answers to a temporary folder and is stopped
at the end of the session. A test gets a page that can reach 127.0.0.1 only: `tab`, in a fresh
browser context, or `lab_tab`, the worker's JupyterLab page kept from test to test (LabPage). Its
kernels are shut down afterwards, so the next test starts a fresh kernel.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from utils.tools import labserver

ROOT = Path(__file__).resolve().parents[2]  # the course folder: lessons/, data/, notebooks/
NOTEBOOKS_DIR = ROOT / "notebooks"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
VIEWPORT = {"width": 1400, "height": 900}
TIMEOUT_MS = 120_000  # generous: the test machines have 2 cores
EXPECT_MS = 60_000  # for expect(...) assertions (they wait for the kernel's answer)
MAX_SHOT_PX = 30_000  # tallest screenshot (a lesson is about 15,000 px at 1400 px wide)
SHOT_QUALITY = 80  # JPEG: a whole lesson encodes in about half the time of a PNG, text still sharp
# A screenshot of every page checked, for a person to look at (`make screenshots`); make test writes
# only the screenshot of a browser test that failed: the others take a fifth of its time
ALL_SHOTS = os.environ.get("PH_SCREENSHOTS") == "1"
LOCAL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/")

_counts = {"run": 0, "skipped": 0, "screenshots": 0}
# where the chromium fixture skips (every "no Chromium" skip is reported there, as one line)
_SKIP_LINE = next(n for n, line in enumerate(Path(__file__).read_text().splitlines(), 1)
                  if line.strip() == "pytest.skip(labserver.CHROMIUM_MISSING)")


def notebook_ids() -> list[str]:
    """Every notebook under notebooks/ (found at collection), as a path relative to it."""
    return [p.relative_to(NOTEBOOKS_DIR).as_posix() for p in labserver.notebooks_under(NOTEBOOKS_DIR)]


def screenshot_path(rel: str, suffix: str = "") -> Path:
    """test-artifacts/screenshots/<notebook>.jpg; sub-folders become '__' in the name."""
    name = rel[:-len(".ipynb")] if rel.endswith(".ipynb") else rel
    return SCREENSHOTS / f"{name.replace('/', '__')}{suffix}.jpg"


def app_notebook_ids() -> list[str]:
    """The notebooks a student opens as an app: the lessons and the start page (top level only;
    homework/ and teacher/ notebooks are for JupyterLab)."""
    return [rel for rel in notebook_ids() if "/" not in rel]


def pytest_generate_tests(metafunc):
    """`notebook` runs a test once per notebook under notebooks/, `app_notebook` once per lesson."""
    if "notebook" in metafunc.fixturenames:
        metafunc.parametrize("notebook", notebook_ids())
    if "app_notebook" in metafunc.fixturenames:
        metafunc.parametrize("app_notebook", app_notebook_ids())


# -- fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium() -> str:
    path = labserver.find_chromium()
    if path is None:
        pytest.skip(labserver.CHROMIUM_MISSING)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("Playwright not installed: install the test extra (`pip install -e .[test]`) "
                    "to run the browser tests")
    return path


@pytest.fixture(scope="session", autouse=True)
def axe_report():
    """At the end, write what axe found on every page checked (tests/browser/axe.py) to
    test-artifacts/accessibility.json."""
    yield
    import axe

    axe.write_report()


@pytest.fixture(scope="session")
def lab(chromium):
    """The JupyterLab server for the whole session (stopped with SIGINT at the end)."""
    with labserver.running_lab(NOTEBOOKS_DIR, ROOT) as server:
        yield server


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_MS)  # the default 5 s is too short on a loaded 2-core machine

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, headless=True,
                               args=labserver.CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Tab:
    """A page in a fresh browser context, with what went wrong in it."""

    page: object
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def assert_no_page_errors(self) -> None:
        assert not self.page_errors, "JavaScript errors in the page:\n" + "\n".join(self.page_errors)


def new_page(browser, reports):
    """A page in a fresh context (no cookies, no cache) that can reach 127.0.0.1 only; what goes
    wrong in it is recorded in the Tab that reports() returns at that moment."""
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.set_default_timeout(TIMEOUT_MS)

    def route(r):  # no network except the test server (Voila's CDN links would hang or leak)
        if LOCAL.match(r.request.url):
            r.continue_()
        else:
            reports().blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    page = ctx.new_page()
    page.on("pageerror", lambda e: reports().page_errors.append(f"{e.name}: {e.message}\n{e.stack or ''}"))
    page.on("console", lambda m: reports().console_errors.append(m.text) if m.type == "error" else None)
    return page


def after_test(t: Tab, lab, request) -> None:
    """What every browser test's page leaves behind: no kernel, and on failure what it showed."""
    failed = getattr(request.node, "rep_call_failed", False)
    lab.shutdown_kernels()  # fresh kernel for the next test (also Voila's, see the report)
    if t.blocked:
        print(f"\n[browser] blocked non-local requests: {sorted(set(t.blocked))}")
    if failed:
        print("\n[browser] console errors:\n" + "\n".join(t.console_errors[-20:]))
        print("\n[browser] server log (end):\n" + lab.log_tail(3000))


@pytest.fixture
def tab(browser, lab, request):
    """A fresh page (no cookies, no cache); only 127.0.0.1 is reachable; answers start empty."""
    lab.clear_answers()
    t = Tab(None)
    t.page = new_page(browser, lambda: t)
    try:
        yield t
    finally:
        if getattr(request.node, "rep_call_failed", False):
            failed_screenshot(t.page, request.node.name)
        t.page.context.close()
        after_test(t, lab, request)


class LabPage:
    """One JupyterLab page kept open from test to test on a worker: loading JupyterLab again costs
    four or five seconds of both cores, opening a notebook in it one (issue 14). Between tests
    every document is closed unsaved and the kernels are shut down, so each test opens its
    notebook into a JupyterLab showing nothing, with a fresh kernel and no saved answers. A page
    that a failed test used, or that is left with a dialog open, is thrown away, and the next test
    loads JupyterLab afresh."""

    def __init__(self, browser):
        self.browser, self.page = browser, None
        self.between = self.current = Tab(None)  # between tests: what went wrong while none ran

    def start(self) -> Tab:
        if self.page is None:
            self.page = new_page(self.browser, lambda: self.current)
        t = Tab(self.page)
        for attr in ("page_errors", "console_errors", "blocked"):  # e.g. an error on closing
            getattr(t, attr).extend(f"(after the previous test) {x}" for x in getattr(self.between, attr))
        self.between, self.current = Tab(None), t
        return t

    def end(self, keep: bool) -> None:
        self.current = self.between
        if self.page is None:
            return
        try:
            keep = keep and (not self.page.url.startswith("http")
                             or self.page.evaluate(labserver.JS_CLOSE_ALL) == 0)
        except Exception:  # noqa: BLE001  a closed or crashed page
            keep = False
        if not keep:
            self.close()

    def close(self) -> None:
        if self.page is not None:
            self.page.context.close()
            self.page = None


@pytest.fixture(scope="session")
def lab_page(browser):
    holder = LabPage(browser)
    yield holder
    holder.close()


@pytest.fixture
def lab_tab(lab_page, lab, request):
    """Like tab, on the worker's JupyterLab page (LabPage): open the notebook with
    labserver.open_notebook(..., reuse=True). Answers start empty."""
    lab.clear_answers()
    t = lab_page.start()
    try:
        yield t
    finally:
        failed = getattr(request.node, "rep_call_failed", False)
        if failed:
            failed_screenshot(t.page, request.node.name)
        lab_page.end(keep=not failed)
        after_test(t, lab, request)


# -- what a student does, shared by the JupyterLab and the Voila tests -----------------------------

JUSTIFICATION = ("The order and the limits came from Moscow, signed by the Politburo, so Stalin "
                 "knew and decided the numbers himself.")


def answer_first_claim(scope, page):
    """In the first claim check under scope: commit too early, then answer and commit.

    Returns the claim check's output (a locator) once "What historians conclude" is visible.
    """
    from playwright.sync_api import expect

    claim = scope.locator(".jp-OutputArea-output").filter(has_text="Your verdict on the claim:").first
    expect(claim).to_be_visible()
    reveal = claim.get_by_role("region", name="What historians conclude")
    commit = claim.get_by_role("button", name="Commit my answer")
    commit.click()  # nothing chosen yet: the widget says what is missing and reveals nothing
    expect(claim.get_by_role("alert")).to_contain_text("Not yet")
    expect(reveal).to_have_count(0)
    claim.locator(".widget-radio-box").get_by_text("Contradicted", exact=True).click()
    expect(claim.get_by_role("radio", name="Contradicted")).to_be_checked()
    box = claim.get_by_role("checkbox", name="Evidence A decided my verdict")
    box.check()
    expect(box).to_be_checked()
    why = claim.get_by_role("textbox", name="Why?")
    why.click()
    why.press_sequentially(JUSTIFICATION[:20])  # real key presses, then the rest at once
    why.fill(JUSTIFICATION)
    commit.click()
    try:
        expect(claim.get_by_text("Committed and saved")).to_be_visible()
    except AssertionError as exc:  # say what the widget said instead
        raise AssertionError("a complete answer was not committed; the claim check shows: "
                             + claim.inner_text()[-600:]) from exc
    expect(reveal).to_be_visible()
    expect(reveal).to_contain_text("What historians conclude")
    expect(claim.get_by_role("button", name="Commit again")).to_be_visible()
    return claim


@pytest.fixture
def ui():
    """The shared helpers (a fixture, so the test modules need not import conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(answer_first_claim=answer_first_claim, justification=JUSTIFICATION,
                           full_screenshot=full_screenshot, screenshot_path=screenshot_path,
                           notebook_ids=notebook_ids,
                           notebook_scroller=NOTEBOOK_SCROLLER)


# the element that scrolls a JupyterLab notebook (the windowed list's outer node)
NOTEBOOK_SCROLLER = """(() => { const n = window.jupyterapp.shell.currentWidget.content.node;
    const c = [n, n.querySelector('.jp-WindowedPanel-outer')].filter(Boolean);
    return c.sort((a, b) => (b.scrollHeight - b.clientHeight) - (a.scrollHeight - a.clientHeight))[0];
})()"""


# the element that scrolls any other page (Voila scrolls its body, not the document)
PAGE_SCROLLER = """(() => [document.scrollingElement, ...document.querySelectorAll('body, body *')]
    .filter(e => e === document.scrollingElement || /auto|scroll/.test(getComputedStyle(e).overflowY))
    .sort((a, b) => (b.scrollHeight - b.clientHeight) - (a.scrollHeight - a.clientHeight))[0])()"""


def failed_screenshot(page, test_name: str) -> None:
    """What the page of a failed test showed when it failed (the window, as the student saw it)."""
    path = SCREENSHOTS / "failed" / (re.sub(r"[^\w.-]+", "_", test_name) + ".jpg")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), type="jpeg", quality=SHOT_QUALITY, timeout=10_000)
        print(f"\n[browser] screenshot of the failed test: {path}")
    except Exception as exc:  # noqa: BLE001  a page that has crashed or closed: say so, go on
        print(f"\n[browser] no screenshot of the failed test ({type(exc).__name__})")


def full_screenshot(page, path: Path, scroller_js: str | None = None, viewport: dict | None = None,
                    zoomed=None) -> Path | None:
    """A screenshot of the whole document: the viewport (VIEWPORT unless given) grows to the
    height of the scrolled content (JupyterLab scrolls inside the notebook, not the page),
    capped at MAX_SHOT_PX. For a zoomed page pass zoomed (zoom.Zoomed), which resizes and shoots
    it with as many device pixels per CSS pixel as the zoom. Only with PH_SCREENSHOTS=1 (else
    None): nothing a test checks depends on it."""
    if not ALL_SHOTS:
        return None
    scroller = scroller_js or PAGE_SCROLLER
    viewport = viewport or VIEWPORT
    resize = zoomed.resize if zoomed else (
        lambda height: page.set_viewport_size({"width": viewport["width"], "height": height}))
    measure = f"""() => new Promise(r => {{ const n = {scroller}; if (n) n.scrollTop = 0;
        requestAnimationFrame(() => requestAnimationFrame(() =>
            r(n ? Math.max(0, n.scrollHeight - n.clientHeight) : 0))); }})"""
    height, tallest = viewport["height"], MAX_SHOT_PX // (zoomed.zoom if zoomed else 1)
    for _ in range(6):  # a notebook measures its cells as they are shown: grow until all fit
        extra = int(page.evaluate(measure))
        if extra <= 1 or height >= tallest:
            break
        height = min(height + extra, tallest)
        resize(height)
    path.parent.mkdir(parents=True, exist_ok=True)
    if zoomed:
        zoomed.shoot(path, SHOT_QUALITY)
    else:
        page.screenshot(path=str(path), full_page=True, type="jpeg", quality=SHOT_QUALITY)
    resize(viewport["height"])
    _counts["screenshots"] += 1
    print(f"\n[browser] screenshot: {path}")
    return path


# -- reporting --------------------------------------------------------------------------------

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call":
        item.rep_call_failed = rep.failed
    if (rep.skipped and isinstance(rep.longrepr, tuple)
            and labserver.CHROMIUM_MISSING in str(rep.longrepr[2])):
        # one location for every such skip, so `-rs` folds them into ONE line
        _counts["no_chromium"] = True
        rep.longrepr = (__file__, _SKIP_LINE, f"Skipped: {labserver.CHROMIUM_MISSING}")


def pytest_runtest_logreport(report):
    if "browser" not in report.keywords:
        return
    if report.when == "call":
        _counts["run"] += 1
    elif report.when == "setup" and report.skipped:
        _counts["skipped"] += 1


def pytest_terminal_summary(terminalreporter):
    if not (_counts["run"] or _counts["skipped"]):
        return
    line = f"browser tests run: {_counts['run']}"
    if _counts["skipped"]:
        line += f" (skipped: {_counts['skipped']})"
    terminalreporter.write_sep("-", line)
    if _counts.get("no_chromium"):
        terminalreporter.write_line(labserver.CHROMIUM_MISSING)
    if not _counts["run"]:
        return
    if ALL_SHOTS:
        shots = sorted(SCREENSHOTS.glob("*.jpg")) if SCREENSHOTS.is_dir() else []
        terminalreporter.write_line(f"screenshots ({len(shots)}): {SCREENSHOTS}")
    else:
        terminalreporter.write_line("screenshots: only of failed tests, in "
                                    f"{SCREENSHOTS / 'failed'}; `make screenshots` takes one of every page")
