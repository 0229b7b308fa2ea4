"""Sphinx configuration of the course as a website (`make site`, issue 16).

The site is built from what is in the repository: the STORED notebooks (never executed), a
bibliography page made from lessons/bibliography.yaml, and a public edition of the teacher guide
made by utils.teacher.guide. Nothing on the site loads anything from outside the site itself: no CDN
scripts, no web fonts, no MathJax, no widget JavaScript (each exercise's stored static version
stands in for its widget).

Layout: site/build.py (`make site`) copies the pages into site/_build/src (index.md and the
generated pages' stubs from site/, the notebooks under notebooks/ with their own paths) and builds
that folder with this configuration, so the links between notebooks become links between pages.
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent  # the course folder
sys.path.insert(0, str(ROOT))  # `import utils` without an install (the venv has it anyway)

import tomllib  # noqa: E402

REPOSITORY = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
ORG_REPO = REPOSITORY.removeprefix("https://github.com/").strip("/")
BINDER = f"https://mybinder.org/v2/gh/{ORG_REPO}/HEAD"

project = "Purges and Hysteria: the Soviet Union in the 1930s"
author = "The Purges and Hysteria course team"
copyright = "the Purges and Hysteria course team; lessons, data and notebook text CC BY 4.0, code MIT"
language = "en"

# githubpages: writes .nojekyll, so GitHub Pages serves the _static/ folder
extensions = ["myst_nb", "sphinx.ext.githubpages"]

root_doc = "index"
# Only the pages of the course: the start page, the lessons, the glossary, the homework and the
# generated pages. The teacher's class summary is a tool, not reading: left out.
include_patterns = [
    "index.md",
    "bibliography.md",
    "teacher-guide.md",
    "notebooks/0*.ipynb",
    "notebooks/glossary.ipynb",
    "notebooks/homework/*.ipynb",
]
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "notebooks/teacher"]

# -- notebooks: stored outputs only, no code, no widget JavaScript ----------------------------
nb_execution_mode = "off"
nb_remove_code_source = True  # the course reads like a book: no code cells on the site
nb_remove_code_outputs = False
nb_output_stderr = "remove"
nb_ipywidgets_js = {}  # no require.js / widget embed script from a CDN
# Each exercise's output holds both a widget reference and its static HTML (class ph-static):
# drop the widget reference so the static version is what the page shows.
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/javascript", None),
]
nb_merge_streams = True
myst_enable_extensions = []  # no dollar math: a "$" in the text stays a "$"
smartquotes = False  # the text as the notebooks show it (and as tests compare it)
myst_heading_anchors = 3  # headings get anchors, so links like page.ipynb#section resolve

# -- HTML output --------------------------------------------------------------------------------
_org, _repo = ORG_REPO.split("/")
html_baseurl = f"https://{_org}.github.io/{_repo}/"  # GitHub Pages' address for the repository
html_theme = "sphinx_book_theme"
html_title = "Purges and Hysteria"
html_static_path = ["_static"]
templates_path = ["_templates"]
# the theme's sidebar, with its site title inside a landmark (_templates/ph-site-title.html)
html_sidebars = {"**": ["ph-site-title.html", "icon-links.html", "search-button-field.html",
                        "sbt-sidebar-nav.html"]}
html_css_files = ["site.css"]
html_use_index = False  # no general index: the course has no index entries
html_copy_source = False  # the notebooks are on GitHub; the site is for reading
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "repository_url": REPOSITORY,
    "repository_branch": "HEAD",
    "path_to_docs": "",  # pages keep the notebooks' paths: notebooks/01_....ipynb
    "use_repository_button": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_source_button": False,
    "use_issues_button": False,
    "use_edit_page_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"},
    # pydata-sphinx-theme: no analytics, no version switcher, no icon links fetched from anywhere
    "icon_links": [],
    "analytics": {},
    "search_bar_text": "Search the course…",
    "navbar_persistent": [],  # one search box (the sidebar's), not a second one in a top bar
}
html_context = {"default_mode": "light"}

suppress_warnings = ["myst.header"]  # lessons start at h1 and skip no level, but homework may


# -- generated pages ----------------------------------------------------------------------------

def _md_escape(text: object) -> str:
    """Text from a YAML file as literal Markdown: every ASCII punctuation mark backslash-escaped,
    so a '*', '[', '<' or '{' in a title can never become markup, a link, HTML or a role."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", re.sub(r"\s+", " ", str(text)))


def _module(*names: str):
    """The first of these modules that imports (the course's modules moved into layer folders
    in issue 15; the older paths are kept for a checkout from before the move)."""
    import importlib
    for name in names:
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not name.startswith(exc.name):
                raise  # the module exists but something it imports is missing: say so
    raise ModuleNotFoundError(f"none of {', '.join(names)} found")


def bibliography_markdown() -> str:
    """Every work the course cites, in the form students see in the lessons, A to Z."""
    sources = _module("utils.facts.sources", "utils.sources")
    works = sources.bibliography()
    entries = sorted(((sources.citation(wid), wid) for wid in works), key=lambda e: e[0].casefold())
    out = ["# Bibliography", "",
           _md_escape("Every publication and document the lessons, the homework and the datasets cite, "
                      "from lessons/bibliography.yaml.") + " "
           "Titles of books are in italics.", ""]
    for text, wid in entries:
        # citation() marks a book's title as *Title*: keep that one markup, escape everything else
        parts = re.split(r"\*([^*]+)\*", text)
        line = "".join(f"*{_md_escape(p)}*" if i % 2 else _md_escape(p) for i, p in enumerate(parts))
        out.append(f"- {line}")
    return "\n".join(out) + "\n"


# The teacher guide's public edition. The site is public and students read it, so it keeps only
# what gives no answer away, section by section (a whitelist: a section the guide gains later is
# reported, and the build fails, until it is listed here). The full guide, with the answer keys,
# what historians conclude, the rubrics and the teaching notes, stays with `make guide`.
#   section heading (start of "### ...") -> which of its lines are kept (None: all, "": none)
_GUIDE_SECTIONS = {
    "Lesson plan for": "",  # a plan may say what to point out in an exercise: teachers only
    "Vocabulary": None,
    # the exercises' names and kinds, and a coding homework's steps (the student's instructions)
    "Exercises and answer keys": r"- \*\*|  - Step \d+ ",
    "Discussion prompts": r"\d+\. ",  # the prompts, not what strong answers mention
    "Exit ticket: the final claim": r"\*\*Question\.\*\* ",  # not its rubric or summary
    "Rubric": "",  # the homework's grade sheet
}
_GUIDE_RENAME = {"### Exercises and answer keys": "### Exercises"}
# paragraphs outside those sections that give answers away (the teaching notes name the traps
# and the keys); the handout line names a file only `make guide` writes
_GUIDE_DROP = ("**Teaching notes.**", "**Printable handout:**", "Students see what historians conclude")
_GUIDE_CLAUSE = re.compile(r";? ?the summary below appears in their notebook only after they commit\.?")


def public_guide(text: str) -> tuple[str, list[str]]:
    """The teacher guide's Markdown without its answers: objectives, timing, documents, lesson
    plans, vocabulary, the exercises' names and the prompts. Also returns the ### sections it
    dropped because _GUIDE_SECTIONS does not know them."""
    unknown: list[str] = []
    out: list[str] = []
    keep: str | None = None  # the current ### section's rule
    for line in text.splitlines():
        if line.startswith("#"):
            keep = None
            if line.startswith("### "):
                name = line[4:]
                keep = next((r for head, r in _GUIDE_SECTIONS.items() if name.startswith(head)), False)
                if keep is False:
                    unknown.append(name)
                    keep = ""
                if keep == "":
                    continue
                line = _GUIDE_RENAME.get(line, line)
        elif keep == "":
            continue
        elif keep is not None and line.strip() and not re.match(keep, line):
            continue
        if line.startswith(_GUIDE_DROP):
            continue
        if line.startswith("**Question.**"):
            line = _GUIDE_CLAUSE.sub(".", line)
        if line.startswith("Built from `lessons/` by `make guide`"):
            line = ("This public edition leaves out the answer keys, what historians conclude, what "
                    "strong answers mention, the rubrics, the lesson plans and the teaching notes, because students "
                    "read this site too. The full guide, with all of them and a printable handout "
                    "for each lesson, is built from `lessons/` by `make guide` "
                    "(`docs/teacher-guide.md` and `.html`, `docs/handouts/`).")
        out.append(line)
    md = re.sub(r"\n{3,}", "\n\n", "\n".join(out)) + "\n"
    # The guide's text is plain (utils.core.html.plain): no raw HTML may reach the page.
    return md.replace("<", "&lt;"), unknown


def teacher_guide_markdown() -> str:
    """The public edition of the guide built from lessons/; a section it does not know is left
    out and reported as a warning, which fails the build (-W)."""
    md, unknown = public_guide(_module("utils.teacher.guide", "utils.tools.guide").build())
    if unknown:
        from sphinx.util import logging
        logging.getLogger(__name__).warning(
            "teacher guide: left out the section(s) %s, which site/conf.py does not know; add each "
            "to _GUIDE_SECTIONS there, saying which of its lines students may read",
            ", ".join(repr(n) for n in sorted(set(unknown))))
    return md


GENERATED = {"bibliography": bibliography_markdown, "teacher-guide": teacher_guide_markdown}


def _fill_generated(app, docname, source):
    if docname in GENERATED:
        source[0] = GENERATED[docname]()
    elif docname == "index":  # the course's address is kept in one place: pyproject.toml
        source[0] = source[0].replace("REPOSITORY_URL", REPOSITORY)


def _always_reread(app, env, added, changed, removed):
    """The generated pages depend on lessons/, which Sphinx does not watch: read them every build."""
    return [d for d in GENERATED if d in env.found_docs]


# -- "Run this lesson" on every page -----------------------------------------------------------

START_PAGE = "notebooks/00_start_here"  # what a page that is not a notebook runs


def _run_box(pagename: str) -> str:
    """The box under a page's title: its notebook on Binder, in JupyterLab and as an app (for a
    page that is not a notebook, the course's start page)."""
    notebook_page = pagename.startswith("notebooks/")
    nb = f"{pagename if notebook_page else START_PAGE}.ipynb"
    lab = html.escape(f"{BINDER}?urlpath=lab/tree/{nb}")
    app_mode = html.escape(f"{BINDER}?urlpath=voila/render/{nb}")
    links = (f"<a class='ph-run-lab' href='{lab}'>in JupyterLab</a> or "
             f"<a class='ph-run-app' href='{app_mode}'>as an app, without code</a>")
    if pagename.endswith("/glossary"):
        text = f"<strong>Open the glossary in the running course</strong> on Binder: {links}."
    elif not notebook_page:
        text = (f"<strong>Run the course.</strong> This site is for reading. To do the exercises "
                f"and save your work, open the course's start page on Binder: {links}.")
    else:
        what = ("the course" if pagename == START_PAGE else
                "this homework" if "/homework/" in pagename else "this lesson")
        text = (f"<strong>Run {what}.</strong> This page is for reading: exercises show as they look "
                "before you answer them. To answer them and save your work, open the notebook on "
                f"Binder: {links}. Binder deletes the session when you leave: press <em>Download my "
                "answers</em> before you go.")
    return f"<aside class='ph-run' aria-label='Run this page on Binder'><p>{text}</p></aside>"


# A link to a notebook inside a stored output (the start page's course map is HTML made by the
# course, which Sphinx does not read): 01_revolution_from_above.ipynb -> 01_revolution_from_above.html
_NOTEBOOK_HREF = re.compile(r"""(href=(['"]))(?![a-z][a-z0-9+.-]*:|/|#)([^'"#?]+)\.ipynb(?=[#'"])""", re.I)


def _fix_page(app, pagename, templatename, context, doctree):
    if "body" not in context:
        return
    body = _NOTEBOOK_HREF.sub(lambda m: f"{m.group(1)}{m.group(3)}.html", context["body"])
    context["body"] = body
    if pagename == "search":
        return
    # every page: after the page's title (its first heading), else at the top
    context["body"] = re.sub(r"(</h1>)", lambda m: m.group(1) + _run_box(pagename), body, count=1) \
        if "</h1>" in body else _run_box(pagename) + body


def _no_mathjax(app, pagename, templatename, context, doctree):
    """Never load MathJax (it comes from a CDN): the course has no formulas. Runs before
    sphinx.ext.mathjax's own handler; a page with math is reported and its math left as text."""
    if context.get("has_maths_elements"):
        from sphinx.util import logging
        logging.getLogger(__name__).warning(f"{pagename}: has math, which the site does not render "
                                            "(MathJax would load from a CDN)")
        context["has_maths_elements"] = False


def setup(app):
    app.connect("html-page-context", _no_mathjax, priority=100)
    app.connect("source-read", _fill_generated)
    app.connect("env-get-outdated", _always_reread)
    app.connect("html-page-context", _fix_page)
    return {"parallel_read_safe": True}
