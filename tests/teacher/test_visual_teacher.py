"""What the teacher sees in the class summary, checked without a browser (issue 13, item 4):
the grade sheet is never cut off, chart text is large enough to read, and every time is
written one way, for people."""
from __future__ import annotations

import base64
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

import matplotlib
import pytest

from utils.content import load as content
from utils.handin import submission
from utils.teacher import class_charts
from utils.teacher import class_folder as classroom

EXAMPLE = "tests/submissions/example_class"
H1 = "h1-kirov-sources"
DEADLINE = "2025-03-10T18:00:00Z"
MIN_PX = 12  # the smallest text a teacher should have to read in a chart, in CSS pixels
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d")


class Regions(HTMLParser):
    """Each <table> and the open elements around it (tag and attributes, outermost first)."""

    VOID = {"br", "img", "hr", "meta", "input", "link", "col", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.tables: list[list[tuple[str, dict]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(list(self.stack))
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for n in range(len(self.stack) - 1, -1, -1):
            if self.stack[n][0] == tag:
                del self.stack[n:]
                break


def tables_in(html: str) -> list[list[tuple[str, dict]]]:
    parser = Regions()
    parser.feed(str(html))
    return parser.tables


def style_of(attrs: dict) -> dict[str, str]:
    """An element's inline style as property -> value (the course writes these inline, so a
    notebook that is not trusted, or a viewer that strips <style>, keeps them)."""
    pairs = [d.split(":", 1) for d in (attrs.get("style") or "").split(";") if ":" in d]
    return {k.strip(): v.strip() for k, v in pairs}


class Cells(HTMLParser):
    """The attributes of every th, td and img, and of the table and caption."""

    def __init__(self):
        super().__init__()
        self.found: dict[str, list[dict]] = {}

    def handle_starttag(self, tag, attrs):
        self.found.setdefault(tag, []).append(dict(attrs))


def elements(html: str) -> dict[str, list[dict]]:
    parser = Cells()
    parser.feed(str(html))
    return parser.found


@pytest.fixture(scope="module")
def example():
    return classroom.load(EXAMPLE, H1, deadline=DEADLINE, show_answers=True)


# -- 1. the grade sheet: in its own labelled region that scrolls, never cut off --------------------------
def test_grade_sheet_scrolls_inside_its_own_labelled_region(example, tmp_path):
    html = example.grade_sheet(path=tmp_path / "grades.csv").html
    [around] = tables_in(html)
    regions = [attrs for tag, attrs in around if attrs.get("role") == "region"]
    assert regions, "the grade sheet's table is not inside a region of its own"
    region = regions[-1]
    assert region.get("aria-label") == "Grade sheet" and region.get("tabindex") == "0"
    style = style_of(region)
    assert style.get("overflow-x") == "auto" and style.get("max-width") == "100%"
    assert all(style_of(attrs).get("overflow") != "hidden" for _, attrs in around)
    # every column keeps a readable width: it wraps its words, never to a letter a line
    found = elements(html)
    cells = found["th"] + found["td"]
    assert len(cells) > 20
    for cell in cells:
        width = re.fullmatch(r"(\d+(?:\.\d+)?)em", style_of(cell).get("min-width", ""))
        assert width and float(width.group(1)) >= 6, cell
        assert style_of(cell).get("overflow-wrap") != "anywhere" and style_of(cell).get("word-break") != "break-all"
    # as wide as its columns need (JupyterLab's own rule makes a table's layout fixed)
    assert style_of(found["table"][0]).get("table-layout") == "auto"


def test_other_wide_teacher_tables_are_in_labelled_regions(example):
    for view, label in ((example.statuses(), "Every file"), (example.word_counts(), "Words written")):
        [around] = tables_in(view.html)
        region = [attrs for _, attrs in around if attrs.get("role") == "region"][-1]
        assert region.get("aria-label") == label and region.get("tabindex") == "0"


# -- 2. chart text: every text in every class chart at least 12 px as it is shown -----------------------
def lesson_with(kind: str) -> str | None:
    for path in content.lesson_files():
        if any(ex["kind"] == kind for ex in content.load_lesson(path.stem)["exercises"]):
            return path.stem
    return None


def svg_width_pt(uri: str) -> float:
    svg = base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")
    return float(re.search(r"<svg[^>]*\swidth=\"([\d.]+)pt\"", svg).group(1))


def drawn_charts(monkeypatch, cf, historians: bool) -> tuple[str, list]:
    """The summary's HTML, and (figure, image) of every chart drawn for it."""
    drawn = []
    real = class_charts.image_uri

    def keep(fig):
        uri = real(fig)
        drawn.append((fig, uri))
        return uri

    monkeypatch.setattr(class_charts, "image_uri", keep)
    return cf.summary(historians=historians).html, drawn


def shown_width(html) -> int:
    """The width, in CSS px, the class charts are shown at: fixed on the image, with no side margin
    on its figure, in a column that never shrinks below it (else the text in a chart is shrunk by
    however much room is left over)."""
    found = elements(html)
    widths = {style_of(img).get("width", "") for img in found["img"]}
    assert len(widths) == 1, f"the charts are not shown at one fixed width: {widths}"
    pinned = re.fullmatch(r"(\d+)px", widths.pop())
    assert pinned, "a class chart is shown at whatever width is left over: its text is shrunk with it"
    for figure in found["figure"]:
        margin = style_of(figure).get("margin", "").split()
        assert len(margin) == 2 and margin[1] == "0", f"the figure's side margins squeeze its image: {figure}"
    columns = [int(m) for m in re.findall(r"flex:\s*0 1 (\d+)px", str(html))]
    assert len(columns) == len(found["img"]) and min(columns) >= int(pinned.group(1)), "a chart's column can squeeze it"
    return int(pinned.group(1))


def visible_texts(fig) -> list:
    from matplotlib.text import Text

    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("historians", [True, False])
def test_every_chart_text_is_at_least_12px_as_shown(monkeypatch, example, historians):
    before = dict(matplotlib.rcParams)
    html, drawn = drawn_charts(monkeypatch, example, historians)
    kinds = {kind for kind, _ in example.assignment.keys().values()}
    assert len(drawn) == sum(kind in ("claim-check", "reliability-rating", "side-by-side") for kind, _ in
                             example.assignment.keys().values()) >= 3, kinds
    shown_px = shown_width(html)
    for fig, uri in drawn:
        px_per_pt = shown_px / svg_width_pt(uri)  # the SVG is drawn in points and shown CHART_PX wide
        texts = visible_texts(fig)
        ax = fig.axes[0]
        kinds_of_text = {"title": ax.title in texts, "ticks": any(t in texts for t in ax.get_yticklabels()),
                         "xlabel": ax.xaxis.label in texts}
        assert all(kinds_of_text.values()), kinds_of_text
        if ax.get_legend():
            assert any(t in texts for t in ax.get_legend().get_texts())
        small = [(t.get_text()[:40], round(t.get_fontsize() * px_per_pt, 1)) for t in texts
                 if t.get_fontsize() * px_per_pt < MIN_PX]
        assert not small, f"text under {MIN_PX} px as shown: {small}"
    # the sizes are set for the class charts only, not for every chart of the course
    assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize("kind", ["claim-check", "reliability-rating", "side-by-side"])
def test_chart_text_of_lessons_is_large_enough_too(monkeypatch, tmp_path, kind):
    """Each kind of class chart, as a lesson handed in draws it (its own labels, its own lengths)."""
    from test_class_summary import lesson_file

    lesson = lesson_with(kind)
    if lesson is None:
        pytest.skip(f"no lesson has a {kind}")
    for n, name in enumerate(["Ann Example", "Bo Example"]):
        (tmp_path / f"{lesson}_{n}.html").write_text(lesson_file(lesson, name, n=n), encoding="utf-8")
    html, drawn = drawn_charts(monkeypatch, classroom.load(tmp_path, lesson), True)
    assert drawn
    for fig, uri in drawn:
        px_per_pt = shown_width(html) / svg_width_pt(uri)
        assert min(t.get_fontsize() for t in visible_texts(fig)) * px_per_pt >= MIN_PX


# -- 3. times: one human format, and no ISO time reaches the teacher's HTML ------------------------------
@pytest.mark.parametrize("value,shown", [
    ("2025-03-09T16:02:11Z", "9 Mar 2025, 16:02 UTC"),
    ("2026-11-30T14:03:00", "30 Nov 2026, 14:03 UTC"),  # no zone: UTC, as the files write it
    ("2025-03-09T18:02:11+02:00", "9 Mar 2025, 16:02 UTC"),  # another zone: shown in UTC
    (datetime(2025, 3, 10, 18, 0, tzinfo=timezone.utc), "10 Mar 2025, 18:00 UTC"),
    (datetime(2025, 3, 10, 20, 0, tzinfo=timezone(timedelta(hours=2))), "10 Mar 2025, 18:00 UTC"),
    ("not a time", "not a time"),  # what a strange file holds is shown as it is
    ("", ""),
])
def test_human_time(value, shown):
    assert submission.human_time(value) == shown


def test_no_iso_time_reaches_the_teacher(example, tmp_path):
    views = [example.statuses(), example.problems(), example.overview(), example.rubric(), example.summary(),
             example.word_counts(), example.similar(), example.answers("argued-answer"),
             example.grade_sheet(path=tmp_path / "grades.csv")]
    for view in views:
        found = ISO_TIME.findall(str(view.html)) + ISO_TIME.findall(view.text)
        assert not found, (found, view.text[:200])
    statuses = str(example.statuses().html)
    assert "9 Mar 2025, 16:02 UTC" in statuses and "Deadline: 10 Mar 2025, 18:00 UTC" in statuses
    sheet = str(example.grade_sheet(path=tmp_path / "grades.csv").html)
    assert "9 Mar 2025, 16:02 UTC" in sheet
    # the file itself keeps the time as written, for spreadsheets and learning platforms to sort
    assert "2025-03-09T16:02:11Z" in (tmp_path / "grades.csv").read_text(encoding="utf-8-sig")


def test_a_submission_page_writes_its_time_the_same_way():
    payload = submission.make_payload({"id": "h1-test", "title": "A test"}, "Ann", [], "0.1.0",
                                      "2025-03-09T16:02:11Z")
    page = submission.render_page(payload)
    assert "Handed in 9 Mar 2025, 16:02 UTC." in page and not ISO_TIME.search(page)
    assert submission.read(submission.build(payload)).ok
