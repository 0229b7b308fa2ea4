"""Printable handouts (issue 12): `make guide` writes one per lesson; each opens with nothing from
the network, fits the printed page width, passes axe, and prints to PDF from Chromium."""
from __future__ import annotations

import re

import pytest

from axe import format_violations, own_violations
from utils.content import load as content
from utils.teacher import guide

pytestmark = pytest.mark.browser

LESSON = "07-the-mass-operations"


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    out = tmp_path_factory.mktemp("guide")
    assert guide.main([str(out)]) == 0  # exactly what `make guide` runs
    return out / "handouts"


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1000, "height": 1200})
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            return r.continue_()
        outside.append(r.request.url)
        return r.abort()

    ctx.route("**/*", route)
    p = ctx.new_page()
    p.outside = outside
    try:
        yield p
    finally:
        ctx.close()


def test_every_lesson_has_a_handout(handouts):
    made = sorted(p.name for p in handouts.glob("*.html"))
    assert made == sorted(f"{p.stem}.html" for p in content.lesson_files() if not p.stem.startswith("00-"))


def test_a_handout_prints_to_pdf(handouts, page, tmp_path):
    data = content.load_lesson(LESSON)
    page.goto((handouts / f"{LESSON}.html").as_uri())
    assert not page.outside, f"the handout asked the network for {page.outside}"
    text = page.inner_text("body")
    for doc in guide.shown_in(data):
        assert doc["title"].split(",")[0] in text, f"the handout misses the document '{doc['title']}'"
    final = next(ex for ex in data["exercises"] if ex["kind"] == "final-claim")
    assert " ".join(final["summary"].split()[:8]) not in " ".join(text.split()), "a handout must not answer"
    violations = own_violations(page, whole_page_is_course=True)
    assert not violations, format_violations(violations)

    page.emulate_media(media="print")
    page.set_viewport_size({"width": 680, "height": 1000})  # A4 less 16 mm margins, at 96 px per inch
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the printed page is {overflow} px too wide: text would be cut off"
    pdf = page.pdf(format="A4", print_background=True)
    (tmp_path / f"{LESSON}.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 20, f"{pages} pages"
