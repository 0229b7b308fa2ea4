"""A document's own words: shown escaped, labelled, glossed, and with a plain-text twin."""
from __future__ import annotations

from utils.facts.excerpts import excerpt_html, excerpt_text, words

DOC = {"title": "A <b>decree</b>", "excerpt": "First *line* <script>x()</script> [...]\n\nSecond paragraph.",
       "glosses": {"troika <i>": "a panel of <three>"}}


def test_excerpt_is_escaped_quoted_and_glossed():
    html = excerpt_html(DOC)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<i>" not in html and "&lt;three&gt;" in html and "<b>decree" not in html
    assert html.count("<p>") == 2 and "<em>line</em>" in html
    assert "<blockquote" in html and "The document" in html and "Words in this document" in html
    assert "troika &lt;i&gt;" in html


def test_paraphrase_says_so_and_counts_words():
    doc = {**DOC, "excerpt_paraphrase": True}
    assert "Paraphrase" in excerpt_html(doc) and "Paraphrase" in excerpt_text(doc)
    assert "Paraphrase" not in excerpt_html(DOC)
    assert words(DOC) == 6 and words({}) == 0


def test_no_excerpt_shows_nothing():
    assert excerpt_html({"title": "x"}) == "" and excerpt_text({}) == ""


def test_passage_shows_the_excerpt_of_its_documents(course):
    lesson = course.lesson()
    doc_id = lesson.data["passages"][0]["documents"][0]
    lesson.documents[doc_id]["excerpt"] = "The words of the memoir itself."
    shown = lesson.passage(lesson.data["passages"][0]["id"])
    assert "The words of the memoir itself." in shown.html and "<blockquote" in shown.html
    assert "The words of the memoir itself." in shown.text


def test_a_claim_check_lets_students_read_the_document_its_evidence_rests_on(course):
    lesson = course.lesson()
    lesson.documents["note"]["excerpt"] = "The note's own <words>."
    view = lesson.exercise("claim")
    html = view.evidence_html(0, view.spec["evidence"][0])
    assert "<details" in html and "Read the document itself" in html and "The note&#x27;s own &lt;words&gt;." in html
    lesson.documents["memoir"].pop("excerpt", None)
    assert "<details" not in view.evidence_html(1, view.spec["evidence"][1])


def test_a_document_already_shown_in_a_passage_is_folded_not_repeated():
    """Lesson 4 shows the decree in section 1, then sources it in a card: the card folds it."""
    import utils

    lesson = utils.lesson("04-from-one-murder-to-a-system")
    card = lesson.exercise("source-the-decree").card_html()
    assert "Read the document itself" in card and card.count("<blockquote") == 1
    assert "<details" in card
