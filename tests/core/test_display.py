"""What the notebooks show: escaped passages, cited charts with alt text and tables."""
import re

import pytest

from utils import ContentError


def test_passage_is_escaped(course):
    shown = course.lesson().passage("intro")
    html = shown._repr_mimebundle_()["text/html"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<em>text</em>" in html
    assert "A memoir" in html and "decades later" in html  # the provenance headnote


def test_chart_has_alt_caption_sources_and_table(course):
    bundle = course.lesson().chart("counts")._repr_mimebundle_()
    html = bundle["text/html"]
    assert "alt='A bar chart of two years" in html
    assert "data:image/svg+xml;base64," in html
    assert "A. Author" in html and "A Ministry" in html  # both publications cited
    assert "<details><summary>Show the numbers as a table</summary>" in html
    assert re.search(r"<td[^>]*>500</td>", html) and "uncertain" in html
    assert bundle["text/plain"].startswith("Chart: Counts per year.")


def test_chart_image_is_text_svg_and_the_same_each_time(course):
    import base64
    import re

    def svg():
        html = course.lesson().chart("counts")._repr_mimebundle_()["text/html"]
        return base64.b64decode(re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)[1]).decode()

    first = svg()
    assert first == svg()  # stable ids, no date: re-running a notebook changes nothing
    assert "<text" in first and "Counts per year" in first  # text kept as text: sharp when zoomed
    assert "Matplotlib v" not in first and "<dc:date>" not in first


def test_unknown_passage_is_a_content_error(course):
    with pytest.raises(ContentError) as info:
        course.lesson().passage("intro2")
    assert "did you mean 'intro'" in info.value.found


def test_sources_list_every_work(course):
    text = course.lesson().sources()._repr_mimebundle_()["text/plain"]
    assert "A Book About Numbers" in text and "A Statistical Note" in text


def test_heading_block(course):
    text = course.lesson().heading()._repr_mimebundle_()["text/plain"]
    assert "Central question: Can we test this?" in text and "40 minutes" in text


def test_chart_exclude_and_missing_values(course):
    from utils.facts.charts import select

    spec = {"dataset": "counts", "x": "year", "y": ["count"], "exclude": {"year": [1936]}}
    assert select(spec)["year"].tolist() == [1937]


def test_citation_names_the_year_once(course):
    from utils.facts import sources

    assert sources.citation("author-2000") == "A. Author, *A Book About Numbers*, Test Press, Nowhere, 2000."
    bib = course.root / "lessons" / "bibliography.yaml"
    course.write("lessons/bibliography.yaml",
                 bib.read_text(encoding="utf-8").replace("Test Press, Nowhere", "Daily Paper, 9 May 2000"))
    assert sources.citation("author-2000") == "A. Author, *A Book About Numbers*, Daily Paper, 9 May 2000."


def test_caption_reads_as_sentences(course):
    from utils.facts.charts import caption_title

    assert caption_title("How many died?") == "<strong>How many died?</strong>"
    assert caption_title("Counts per year") == "<strong>Counts per year.</strong>"
    html = course.lesson().chart("counts")._repr_mimebundle_()["text/html"]
    assert ".;" not in html and "?." not in html  # two citations: two sentences, not '1937.; A.'
