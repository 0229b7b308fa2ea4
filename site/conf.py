"""Sphinx configuration of the course as a website (`make site`, issue 16).

The site is built from what is in the repository: the STORED notebooks (never executed), a
bibliography page made from lessons/bibliography.yaml, and a public edition of the teacher guide
made by utils.tools.guide. Nothing on the site loads anything from outside the site itself: no CDN
scripts, no web fonts, no MathJax, no widget JavaScript (each exercise's stored static version
stands in for its widget).

Layout: the source folder is site/; `site/notebooks` is a link to the course's notebooks/ folder
(made here if missing, git-ignored), so pages keep the notebooks' own paths and the links between
notebooks become links between pages.
"""
from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent  # the course folder
sys.path.insert(0, str(ROOT))  # `import utils` without an install (the venv has it anyway)

_link = SITE / "notebooks"
if not _link.exists():
    _link.symlink_to(Path("..") / "notebooks", target_is_directory=True)

import tomllib  # noqa: E402

REPOSITORY = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
ORG_REPO = REPOSITORY.removeprefix("https://github.com/").strip("/")
BINDER = f"https://mybinder.org/v2/gh/{ORG_REPO}/HEAD"

project = "Purges and Hysteria: the Soviet Union in the 1930s"
author = "The Purges and Hysteria course team"
copyright = "the Purges and Hysteria course team; lessons, data and notebook text CC BY 4.0, code MIT"
language = "en"

extensions = ["myst_nb"]

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
myst_heading_anchors = 3  # headings get anchors, so links like page.ipynb#section resolve

# -- no network at read time ------------------------------------------------------------------
mathjax_path = ""  # never load MathJax (the course has no formulas)
html_math_renderer = "mathjax"

# -- HTML output --------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Purges and Hysteria"
html_static_path = ["_static"]
html_css_files = ["site.css"]
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
}
html_context = {"default_mode": "light"}

suppress_warnings = ["myst.header"]  # lessons start at h1 and skip no level, but homework may


# -- generated pages ----------------------------------------------------------------------------

def _md_escape(text: object) -> str:
    """Text from a YAML file as literal Markdown: every ASCII punctuation mark backslash-escaped,
    so a '*', '[', '<' or '{' in a title can never become markup, a link, HTML or a role."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(str(text).split()))


def _sources_module():
    """utils.sources, wherever the layer move (issue 15) puts it."""
    import importlib
    for name in ("utils.sources", "utils.core.sources", "utils.content.sources"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ImportError("utils.sources not found: where did the bibliography code move?")


def bibliography_markdown() -> str:
    """Every work the course cites, in the form students see in the lessons, A to Z."""
    sources = _sources_module()
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


# Lines of the teacher guide that give an answer away: what historians conclude, their verdict,
# what strong answers mention, and the homework's grading rubric. The site is public, so students
# read it: the full guide stays with `make guide` (docs/teacher-guide.md).
_ANSWER_LINE = re.compile(r"^\s*- (Historians' verdict|What historians conclude|Strong answers)\b")


def teacher_guide_markdown() -> str:
    """The teacher guide without its answers: objectives, timing, documents, exercises, prompts."""
    from utils.tools import guide

    text = guide.build()
    out, skipping = [], False
    for line in text.splitlines():
        if line.startswith("#"):
            skipping = line.startswith("### Rubric")
            if skipping:
                continue
        if skipping or _ANSWER_LINE.match(line) or line.startswith("Students see what historians conclude"):
            continue
        if line.startswith("Built from `lessons/` by `make guide`"):
            line = ("This public edition leaves out what historians conclude, the verdicts, what strong "
                    "answers mention and the grading rubrics, because students read this site too. "
                    "The full guide, with all of them, is built from `lessons/` by `make guide` "
                    "(`docs/teacher-guide.md` and `.html`).")
        out.append(line)
    md = "\n".join(out) + "\n"
    # The guide's text is plain (utils.html.plain): no raw HTML may reach the page.
    return re.sub(r"<", "&lt;", md)


GENERATED = {"bibliography": bibliography_markdown, "teacher-guide": teacher_guide_markdown}


def _fill_generated(app, docname, source):
    if docname in GENERATED:
        source[0] = GENERATED[docname]()


def _always_reread(app, env, added, changed, removed):
    """The generated pages depend on lessons/, which Sphinx does not watch: read them every build."""
    return [d for d in GENERATED if d in env.found_docs]


# -- "Run this lesson" on every notebook page ---------------------------------------------------

def _run_box(pagename: str) -> str:
    nb = f"{pagename}.ipynb"
    lab = f"{BINDER}?urlpath=lab/tree/{nb}"
    app_mode = f"{BINDER}?urlpath=voila/render/{nb}"
    e = html.escape
    return (
        "<aside class='ph-run' aria-label='Run this page'>"
        "<p><strong>Run this lesson.</strong> This page is for reading: exercises show as they look "
        "before you answer them. To answer them and save your work, open the notebook on Binder: "
        f"<a class='ph-run-lab' href='{e(lab)}'>in JupyterLab</a> or "
        f"<a class='ph-run-app' href='{e(app_mode)}'>as an app, without code</a>. "
        "Binder deletes the session when you leave: press <em>Download my answers</em> before you "
        "go.</p></aside>"
    )


def _add_run_box(app, pagename, templatename, context, doctree):
    if not pagename.startswith("notebooks/") or "body" not in context:
        return
    body = context["body"]
    # after the page's title (its first heading), else at the top
    context["body"] = re.sub(r"(</h1>)", lambda m: m.group(1) + _run_box(pagename), body, count=1) \
        if "</h1>" in body else _run_box(pagename) + body


def setup(app):
    app.connect("source-read", _fill_generated)
    app.connect("env-get-outdated", _always_reread)
    app.connect("html-page-context", _add_run_box)
    return {"parallel_read_safe": True}
