"""The course's CSS is package files, and the part a viewer may strip is also inline (issue 13, 15).

JupyterLab strips <style> from a notebook that is not trusted, and GitHub strips it everywhere,
but both keep a style attribute: so every stored table cell reads from the left and every card
keeps its border even there.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from utils.core import styles
from utils.core.display import Shown
from utils.core.html import Html, esc, table

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))
START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>")


def test_css_is_package_files():
    css = ROOT / "utils" / "core" / "css"
    assert {p.name for p in css.glob("*.css")} >= {"course.css", "inline.css", "handout.css"}
    assert styles.stylesheet("course") in styles.STYLE
    assert styles.STYLE.startswith("<style>") and "ph-card" in styles.STYLE


def test_no_css_left_in_python_strings():
    """A CSS rule (`selector{property:...}`) written in a Python string, outside utils/core/css/."""
    rule = re.compile(r"[\w\]\)]\s*\{\{?\s*(?:text-align|border|margin|padding|height|display|font"
                      r"|max-width|min-width|width|align-items|white-space|overflow|background|color"
                      r"|line-height|flex)[\w-]*\s*:")
    found = []
    for path in (ROOT / "utils").rglob("*.py"):
        if "tools" in path.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if rule.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}")
    assert not found, f"CSS written in Python; move it to utils/core/css/: {found}"


def test_inline_styles_reach_cells_and_cards():
    html = styles.inline_styles(esc("<") + table(["Year", "Count"], [[1937, "<b>"]])
                                + Html("<div class='ph-card ph-static'><p>x</p></div>"))
    assert "&lt;b&gt;" in html and "<b>" not in html  # text stays escaped
    for tag, attrs in START_TAG.findall(str(html)):
        if tag in ("td", "th"):
            assert "text-align:left" in attrs, attrs
    assert re.search(r"class='ph-card ph-static' style='border:1px solid #767676", html)


def test_an_own_style_still_wins_and_descendants_match():
    html = styles.inline_styles("<table class='ph-provenance'><tr><th style='width:5em'>W</th>"
                                "<td>v</td></tr></table><td>outside</td>")
    th = re.search(r"<th style='([^']*)'>", html)[1]
    assert th.endswith("width:5em") and "width:11em" in th  # the element's own style comes last
    assert "<td>outside</td>" in html  # a rule for ".ph-provenance td" stays inside the table


def test_a_complex_selector_is_refused(monkeypatch):
    monkeypatch.setattr(styles, "stylesheet", lambda name: "div > p { color: red; }")
    styles.inline_rules.cache_clear()
    try:
        with pytest.raises(ValueError, match="not a simple one"):
            styles.inline_rules()
    finally:
        monkeypatch.undo()
        styles.inline_rules.cache_clear()


def test_shown_outputs_carry_inline_styles():
    bundle = Shown(table(["a"], [[1]]), "a 1")._repr_mimebundle_()
    assert bundle["text/html"].startswith("<style>")
    assert "<td style='" in bundle["text/html"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_outputs_read_well_without_style(path):
    """In every stored notebook: each table cell and card the course shows carries its style."""
    nb = nbformat.read(path, as_version=4)
    bad = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            if "ph-" not in html:
                continue  # not the course's own output
            for tag, attrs in START_TAG.findall(html):
                if tag in ("td", "th") and "text-align:left" not in attrs:
                    bad.append(f"<{tag}{attrs[:60]}>")
                if re.search(r"class='[^']*\bph-card\b", attrs) and "border:" not in attrs:
                    bad.append(f"card <{tag}{attrs[:60]}>")
    assert not bad, f"{path.name}: {len(bad)} elements without inline style, e.g. {bad[:3]}"
