"""The course as a website (`make site`, site/): built from the stored notebooks, read in Chromium.

The site is built once per session into a temporary folder by site/build.py (Sphinx with
MyST-NB, no notebook executed, no network; warnings are errors, so a missing page or a broken
cross-reference fails the build), served on 127.0.0.1 by Python's http.server, and every page is
opened in Chromium in a context that can reach 127.0.0.1 only. page_problems() lists what is wrong
with a page: a request to anything outside the site, a failed request, a console or JavaScript
error, an internal link to a missing file or anchor, a first heading or window title without the
page's title, "model not found" text, an image without alt text, a missing or wrong "Run this
lesson" box, and an axe-core violation anywhere in the page (tests/browser/axe.py; WCAG 2.2 A/AA and
best practice; the whole page is the course's own HTML). test_each_check_finds_its_seeded_fault
runs it on a small seeded site, one fault per page, so every check is shown to fail.
Without Chromium those are skipped (conftest); the build and the text checks still run.

Run alone with:
    .venv/bin/python -m pytest tests/browser/test_site.py -p no:cacheprovider -o addopts="" -q
"""
from __future__ import annotations

import functools
import html
import http.server
import importlib.util
import json
import re
import threading
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from axe import axe_violations, format_violations  # tests/browser/axe.py

# Sphinx 9 warns that MyST's and the theme's use of `.app` goes in Sphinx 11: upstream, not ours
pytestmark = pytest.mark.filterwarnings("ignore:.*is deprecated. Check CHANGES for Sphinx API")

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
NOTEBOOKS = ROOT / "notebooks"
BINDER = "https://mybinder.org/v2/gh/{}/HEAD?urlpath={}/notebooks/{}"
ORG_REPO = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"][
    "Repository"].removeprefix("https://github.com/").strip("/")
# every notebook page of the site: what a reader needs (the teacher's class summary is a tool)
SITE_NOTEBOOKS = sorted([*NOTEBOOKS.glob("0*.ipynb"), NOTEBOOKS / "glossary.ipynb",
                         *NOTEBOOKS.glob("homework/*.ipynb")])
# fields of lessons/*.yaml a student sees only after committing an answer, or never (rubrics,
# the teacher's notes)
HIDDEN_FIELDS = ("historians", "explain", "rubric", "descriptor", "teacher_notes")
HIDDEN_IN_KIND = {"final-claim": ("summary",)}


def _load_build_module():
    spec = importlib.util.spec_from_file_location("site_build", ROOT / "site" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def first_heading(nb_path: Path) -> str:
    """The notebook's title: the text of its first '# ' heading, without Markdown emphasis."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return re.sub(r"[*_`]", "", line[2:]).strip()
    raise AssertionError(f"{nb_path.name} has no '# ' heading")


def expected_pages() -> dict[str, str]:
    """Every page of the site (path under the site folder) and the title it must show."""
    pages = {"index.html": "Read the course online", "bibliography.html": "Bibliography",
             "teacher-guide.html": "Teacher guide", "search.html": "Search"}
    for nb in SITE_NOTEBOOKS:
        pages[nb.relative_to(ROOT).with_suffix(".html").as_posix()] = first_heading(nb)
    return pages


def run_links(page: str) -> tuple[str, str] | None:
    """The Binder links (JupyterLab, app mode) of a page's "Run" box: its own notebook, or the
    start page for a page that is not a notebook; None for the search page, which has no box."""
    if page == "search.html":
        return None
    nb = (page.removeprefix("notebooks/").removesuffix(".html") + ".ipynb"
          if page.startswith("notebooks/") else "00_start_here.ipynb")
    return BINDER.format(ORG_REPO, "lab/tree", nb), BINDER.format(ORG_REPO, "voila/render", nb)


def hidden_texts() -> list[tuple[str, str]]:
    """(file, text) of every answer-revealing field in lessons/: what historians conclude,
    quick-check explanations, final-claim summaries, rubrics, teaching notes."""
    out = []

    def walk(node, file, kind=None):
        if isinstance(node, dict):
            kind = node.get("kind", kind)
            for key, value in node.items():
                hidden = key in HIDDEN_FIELDS or key in HIDDEN_IN_KIND.get(kind, ())
                if hidden and isinstance(value, str):
                    out.append((file, value))
                else:
                    walk(value, file, kind)
        elif isinstance(node, list):
            for item in node:
                walk(item, file, kind)

    for path in sorted(LESSONS.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.relative_to(ROOT).as_posix())
    return out


QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def page_text(markup: str) -> str:
    """What a reader sees of an HTML page: no scripts or styles, tags removed, one space,
    straight quotes."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split()).translate(QUOTES)


def leaked_sentences(text: str, hidden: list[tuple[str, str]], min_words: int = 8) -> list[str]:
    """The hidden texts that a page shows: more than half of a text's sentences of min_words or
    more appear in it. (A reveal shows the whole text; a lesson's passage or closing summary may
    state one of the same facts in the same words, which gives nothing away.)"""
    found = []
    for file, value in hidden:
        plain = " ".join(re.sub(r"\*{1,2}", "", value).split()).translate(QUOTES)
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", plain) if len(s.split()) >= min_words]
        shown = [s for s in sentences if s in text]
        if sentences and 2 * len(shown) > len(sentences):
            found.append(f"{file}: {len(shown)} of {len(sentences)} sentences, e.g. {shown[0][:100]}")
    return found


# -- the build -----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site, built once into a temporary folder; the build must pass with no warning."""
    build = _load_build_module()
    work = tmp_path_factory.mktemp("site")
    out = work / "html"
    status = build.build(out, work=work, quiet=True)
    assert status == 0, "site/build.py failed or warned (see the captured stderr above)"
    return out


def test_the_site_has_every_page_and_no_other(site):
    missing = [p for p in expected_pages() if not (site / p).is_file()]
    assert not missing, f"pages not built: {missing}"
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts}
    assert built == set(expected_pages()), f"pages nobody expects: {sorted(built - set(expected_pages()))}"
    assert (site / ".nojekyll").is_file(), "GitHub Pages would hide _static/ without .nojekyll"


def test_a_missing_page_fails_the_build(tmp_path, monkeypatch):
    """A link to a notebook that is not there is a warning, and a warning fails the build."""
    build = _load_build_module()
    original = build.stage

    def stage_with_broken_link(dest):
        dest = original(dest)
        (dest / "index.md").write_text((dest / "index.md").read_text(encoding="utf-8")
                                       + "\n[gone](notebooks/no_such_lesson.ipynb)\n", encoding="utf-8")
        return dest

    monkeypatch.setattr(build, "stage", stage_with_broken_link)
    assert build.build(tmp_path / "html", work=tmp_path, quiet=True) != 0


def test_no_answer_is_on_the_site(site):
    hidden = hidden_texts()
    assert len(hidden) > 25, "lessons/ should hold many answer-revealing texts"
    leaks = {}
    for page in sorted(site.rglob("*.html")):
        found = leaked_sentences(page_text(page.read_text(encoding="utf-8")), hidden)
        if found:
            leaks[page.relative_to(site).as_posix()] = found
    assert not leaks, "answers (historians' conclusions, explanations, rubrics) on the site:\n" + \
        json.dumps(leaks, indent=1)


def _load_conf():
    spec = importlib.util.spec_from_file_location("site_conf", ROOT / "site" / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


# what marks an answer in the full teacher guide (utils/teacher/guide.py): none may be on the site
GUIDE_ANSWER_MARKS = ("Key:", "Key evidence", "Key, point", "Key, more reliable", "Historians' verdict",
                      "What historians conclude:", "Strong answers", "Summary shown after the claim",
                      "Teaching notes.", "Rubric")


def test_the_public_teacher_guide_keeps_the_outline_and_drops_the_answers():
    """site/conf.py's public edition of the real guide: every lesson, its objectives, documents and
    prompts stay; plans and every answer line go; a section conf.py does not know is dropped and named."""
    from utils.teacher import guide

    full = guide.build()
    seeded = full + "\n### Answers to everything\n\n- The answer is forty-two.\n"
    public, unknown = _load_conf().public_guide(seeded)
    assert unknown == ["Answers to everything"]
    assert "forty-two" not in public
    for mark in GUIDE_ANSWER_MARKS:
        assert mark in full, f"the full guide has no {mark!r}: update GUIDE_ANSWER_MARKS"
        assert mark not in public, f"the public guide still has {mark!r}"
    kept = [line for line in full.splitlines()
            if line.startswith(("## ", "- ", "**Central question.**", "**Objectives**"))
            and not line.startswith("- **")]
    missing = [line for line in kept if line.replace("<", "&lt;") not in public]
    assert not missing, f"the public guide lost {len(missing)} lines, e.g. {missing[:3]}"


def test_the_teacher_guide_page_has_no_answer(site):
    text = page_text((site / "teacher-guide.html").read_text(encoding="utf-8"))
    found = [mark for mark in GUIDE_ANSWER_MARKS if mark in text]
    assert not found, f"teacher-guide.html shows answers: {found}"
    assert "Vocabulary" in text and "Discussion prompts" in text
    assert "Lesson plan for 45 minutes" not in text  # a plan may point to an answer: teachers only


def test_the_leak_check_finds_a_leak():
    hidden = hidden_texts()
    file, text = next((f, t) for f, t in hidden if len(t.split()) > 40)
    page = f"<p>Intro.</p><div class='x'><p>{html.escape(text).replace(chr(10) * 2, '</p><p>')}</p></div>"
    assert leaked_sentences(page_text(page), hidden), f"a historians' text from {file} was not found"
    first = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))[0]
    assert not leaked_sentences(page_text(f"<p>{html.escape(first)}</p>"), [(file, text)])


def test_bibliography_text_cannot_become_markup():
    """A title with Markdown or HTML in it is shown as typed (site/conf.py escapes it)."""
    from markdown_it import MarkdownIt

    conf = _load_conf()
    hostile = "A. Author, <script>alert(1)</script> *not italic* [a link](http://x) {sub}`x` # 1_000 & co."
    rendered = MarkdownIt("commonmark").renderInline(conf._md_escape(hostile))
    assert rendered == html.escape(hostile, quote=False)


def test_pages_show_static_exercises_and_no_widget_code(site):
    for page in [p for p in expected_pages() if p.startswith("notebooks/")]:
        markup = (site / page).read_text(encoding="utf-8")
        assert "vnd.jupyter.widget" not in markup, f"{page}: widget view or state left in the page"
        assert "model not found" not in markup.lower(), page
        assert not re.search(r"class=['\"][^'\"]*\bph-reveal\b", markup), \
            f"{page}: a 'What historians conclude' block is shown"
        assert not re.search(r"<script[^>]+src=['\"](https?:)?//", markup), f"{page}: a script from elsewhere"
        assert not re.search(r"href=['\"](?![a-z]+:)[^'\"]*\.ipynb\b", markup), \
            f"{page}: a link still points to a notebook file"
        nb = json.loads((ROOT / page).with_suffix(".ipynb").read_text(encoding="utf-8"))
        stored = "".join("".join(o.get("data", {}).get("text/html", "")) for c in nb["cells"]
                         for o in c.get("outputs", []))
        for mark in ("ph-static", "ph-figure", "ph-numbers"):
            assert markup.count(mark) >= stored.count(mark), \
                f"{page}: {stored.count(mark)} '{mark}' in the stored notebook, {markup.count(mark)} on the page"
        assert "cell_input" not in markup, f"{page}: a code cell is shown"


def test_the_site_address_in_the_readme():
    """The README's site badge and section use the GitHub Pages address of the Repository URL."""
    repo = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    org, name = repo.removeprefix("https://github.com/").strip("/").split("/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"https://{org}.github.io/{name}/" in readme
    assert "make site" in readme


# -- in Chromium ---------------------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_browser(browser):
    """The session's one Chromium (tests/browser/conftest.py): a second Playwright in the same
    process fails once another test file has started the first."""
    return browser


@functools.lru_cache(maxsize=None)
def _ids_in(path: Path) -> frozenset[str]:
    markup = path.read_text(encoding="utf-8")
    return frozenset(re.findall(r"\bid=['\"]([^'\"]+)['\"]", markup))


def broken_links(site: Path, base: str, hrefs: list[str]) -> list[str]:
    """Internal links (resolved by the browser) that miss a file or an anchor in it."""
    broken = []
    for href in hrefs:
        if not href.startswith(base):
            continue
        parts = urlsplit(href)
        rel = unquote(parts.path)[len(urlsplit(base).path):]
        target = site / (rel or "index.html")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{href} (no file)")
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids_in(target):
            broken.append(f"{href} (no anchor)")
    return broken


QUIET_MS = 150  # the page has loaded and asked for nothing more for this long


def load_and_settle(tab, url: str, timeout_ms: float = 60_000) -> None:
    """Load url and wait until no request has been pending for QUIET_MS: what the page's scripts
    fetch after the load event is in (Playwright's "networkidle" waits a fixed 500 ms instead)."""
    pending = set()
    tab.on("request", lambda r: pending.add(r))
    tab.on("requestfinished", lambda r: pending.discard(r))
    tab.on("requestfailed", lambda r: pending.discard(r))
    tab.goto(url, wait_until="load")
    quiet, waited = 0, 0
    while quiet < QUIET_MS and waited < timeout_ms:
        tab.wait_for_timeout(25)  # (events are delivered while Playwright waits)
        quiet = 0 if pending else quiet + 25
        waited += 25


def page_problems(browser, base: str, site: Path, page: str, title: str,
                  run: tuple[str, str] | None) -> list[str]:
    """Everything wrong with one page of the site served at base (see the module docstring);
    run: the Binder links its "Run" box must have, or None for a page without one."""
    ctx = browser.new_context(viewport={"width": 1300, "height": 900})
    outside, failed, errors, problems = [], [], [], []

    def route(r):
        if r.request.url.startswith(base):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    tab = ctx.new_page()
    tab.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}") if r.url.startswith(base) else None)
    tab.on("response", lambda r: failed.append(f"{r.url}: HTTP {r.status}") if r.status >= 400 else None)
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(f"{e.name}: {e.message}"))
    try:
        load_and_settle(tab, base + page)
        if outside:
            problems.append(f"requests outside the site: {sorted(set(outside))}")
        if failed:
            problems.append(f"failed requests: {failed}")
        if errors:
            problems.append(f"console errors: {errors}")

        # the page's content: the article (the search page has its own container)
        content = "article.bd-article" if page != "search.html" else ".bd-search-container"
        headings = [" ".join(h.split()) for h in tab.locator(f"{content} h1").all_inner_texts()]
        if not headings or title not in headings[0]:
            problems.append(f"title: the first heading is {headings[:1]}, not {title!r}")
        if title not in " ".join(tab.title().split()):
            problems.append(f"title: the window title {tab.title()!r} does not name {title!r}")

        hrefs = tab.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        broken = broken_links(site, base, hrefs)
        if broken:
            problems.append("broken internal links: " + ", ".join(broken))
        if "model not found" in tab.locator("body").inner_text().lower():
            problems.append("a widget's 'model not found' text")
        no_alt = tab.eval_on_selector_all("img", "els => els.filter(i => !(i.getAttribute('alt') || '')"
                                                 ".trim()).map(i => i.getAttribute('src'))")
        if no_alt:
            problems.append(f"images without alt text: {no_alt}")

        boxes = tab.locator("aside.ph-run")
        if run is None:
            if boxes.count():
                problems.append("run box on a page that should have none")
        elif boxes.count() != 1 or not boxes.first.is_visible():
            problems.append(f"run box: {boxes.count()} visible 'Run this lesson' boxes, not 1")
        else:
            shown = (boxes.first.locator("a.ph-run-lab").get_attribute("href"),
                     boxes.first.locator("a.ph-run-app").get_attribute("href"))
            if shown != run:
                problems.append(f"run box: links {shown}, not {run}")

        violations = axe_violations(tab, whole_page_is_course=True)
        if violations:
            problems.append("axe-core violations:\n" + format_violations(violations))
    finally:
        ctx.close()
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("page", list(expected_pages()))
def test_page_in_chromium(page, site, served, site_browser):
    problems = page_problems(site_browser, served, site, page, expected_pages()[page], run_links(page))
    assert not problems, f"{page}:\n" + "\n".join(problems)


# -- every check can fail: a small seeded site, one fault per page --------------------------------

_SEED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - seeded site</title></head>
<body><main><article class="bd-article"><h1 id="top">{heading}</h1>{run}<p>A paragraph.</p>{extra}</article>
</main></body></html>"""
_SEED_RUN = ("<aside class='ph-run' aria-label='Run'><p><a class='ph-run-lab' href='{}'>lab</a> "
             "<a class='ph-run-app' href='{}'>app</a></p></aside>")
_PIXEL = "<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>"
# page: (what it adds, what page_problems must say); "good.html" must have no problem at all
SEEDED_FAULTS = {
    "good.html": ("<a href='good.html#top'>here</a> <img src='pixel.svg' alt='A dot'>", None),
    "outside.html": ("<img src='https://cdn.example.org/dot.png' alt='A dot'>", "requests outside the site"),
    "missing-file.html": ("<img src='gone.png' alt='A dot'>", "failed requests"),
    "console-error.html": ("<script>console.error('seeded error')</script>", "console errors"),
    "script-error.html": ("<script>throw new Error('seeded')</script>", "console errors"),
    "broken-link.html": ("<a href='nowhere.html'>a page</a>", "broken internal links"),
    "broken-anchor.html": ("<a href='good.html#nowhere'>a section</a>", "broken internal links"),
    "no-title.html": ("", "title: the first heading"),
    "no-window-title.html": ("", "title: the window title"),
    "no-alt.html": ("<img src='pixel.svg'>", "images without alt text"),
    "model.html": ("<p>Model not found</p>", "'model not found'"),
    "no-run-box.html": ("", "run box: 0 visible"),
    "wrong-run-box.html": ("", "run box: links"),
    "axe.html": ("<button></button>", "axe-core violations"),
}


@pytest.mark.browser
def test_each_check_finds_its_seeded_fault(tmp_path, site_browser):
    lab, app = run_links("notebooks/seeded.html")
    for name, (extra, _) in SEEDED_FAULTS.items():
        run = "" if name == "no-run-box.html" else _SEED_RUN.format(
            html.escape(lab), html.escape(app if name != "wrong-run-box.html" else lab))
        heading = "Another page" if name == "no-title.html" else "Seeded page"
        title = "Another page" if name == "no-window-title.html" else "Seeded page"
        (tmp_path / name).write_text(_SEED_PAGE.format(title=title, heading=heading, run=run, extra=extra),
                                     encoding="utf-8")
    (tmp_path / "pixel.svg").write_text(_PIXEL, encoding="utf-8")
    _ids_in.cache_clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        found = {name: page_problems(site_browser, base, tmp_path, name, "Seeded page", (lab, app))
                 for name in SEEDED_FAULTS}
    finally:
        server.shutdown()
        server.server_close()
    assert found["good.html"] == [], f"the seeded good page has problems: {found['good.html']}"
    missed = {name: found[name] for name, (_, said) in SEEDED_FAULTS.items()
              if said and not any(said in problem for problem in found[name])}
    assert not missed, f"checks that did not find their seeded fault: {json.dumps(missed, indent=1)}"


@pytest.mark.browser
def test_a_lesson_prints_without_navigation(site, served, site_browser):
    """Printed, a page is its article: no sidebars, header, search or Run box."""
    ctx = site_browser.new_context(viewport={"width": 1300, "height": 900})
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(served) else r.abort())
    tab = ctx.new_page()
    try:
        load_and_settle(tab, served + "notebooks/03_the_murder_of_kirov.html")
        nav = ".bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .prev-next-area, aside.ph-run"
        assert tab.locator(nav).first.is_visible(), "the screen view shows the navigation"
        tab.emulate_media(media="print")
        shown = tab.eval_on_selector_all(nav, "els => els.filter(e => e.offsetParent !== null)"
                                              ".map(e => e.className)")
        assert not shown, f"printed, the page still shows: {shown}"
        assert tab.locator("h1:visible").count() >= 1, "printed, the page has no title"
        assert len(tab.pdf(format="A4")) > 10_000
    finally:
        ctx.close()
