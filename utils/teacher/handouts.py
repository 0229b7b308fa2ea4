"""Printable student handouts: one HTML page per lesson, made by `make guide` in docs/handouts/.

A handout holds what a student needs on paper: the central question, a content warning where the
lesson has one, every document the lesson shows (headnote, the excerpt, its glossed words), an
organizer with one row per document, and the final claim's frames with room to write. Nothing in
it answers a question: no historians' views, keys or summaries. It prints cleanly to PDF from
Chromium (A4 or Letter): no navigation, no scripts, nothing loaded from outside the page.
"""
from __future__ import annotations

from utils.content.course import extension_documents, extension_items
from utils.core.html import Html, inline, join, markup
from utils.core.styles import page_template, stylesheet
from utils.facts.excerpts import excerpt_html, shown_in
from utils.facts.sources import provenance_html

STYLE = stylesheet("handout")


def handout_html(data: dict) -> Html:
    """The printable handout of one lesson (loaded content), as a whole HTML page."""
    later = extension_documents(data, extension_items(data["id"]))
    docs = [d for d in shown_in(data) if d["id"] not in later]
    extra = [d for d in shown_in(data) if d["id"] in later]
    final = next((ex for ex in data.get("exercises", []) if ex["kind"] == "final-claim"), None)
    title = f"Lesson {data['number']}: {data['title']}"
    parts = [markup("<h1>{}</h1>", inline(title)),
             Html("<p class='ph-meta'><span>Name:</span><span>Date:</span></p>"),
             markup("<p><strong>The central question:</strong> {}</p>", inline(data["central_question"]))]
    if data.get("content_note"):
        parts.append(markup("<div class='ph-warning' role='note'><strong>Before you read:</strong> {}</div>",
                            inline(data["content_note"])))

    def document(n: int, doc: dict) -> Html:
        return markup("<section class='ph-doc' aria-labelledby='doc-{}'><h3 id='doc-{}'>Document {}: {}</h3>"
                      "{}{}</section>", n, n, n, inline(doc["title"]), provenance_html(doc), excerpt_html(doc))

    parts.append(Html("<h2>The documents</h2>"))
    parts += [document(n, doc) for n, doc in enumerate(docs, 1)]
    if extra:
        parts.append(Html("<h2>More documents, for the extension</h2>"))
        parts += [document(n, doc) for n, doc in enumerate(extra, len(docs) + 1)]
    rows = join(markup("<tr><th scope='row'>{}. {}</th><td class='write'></td><td class='write'></td>"
                       "<td class='write'></td></tr>", n, inline(doc["title"])) for n, doc in enumerate(docs, 1))
    parts.append(markup("<h2>Organizer</h2><p>For each document, make notes as you read.</p>"
                        "<table class='ph-organizer'><thead><tr><th scope='col'>Document</th>"
                        "<th scope='col'>Who made it, when, and why?</th>"
                        "<th scope='col'>What does it say that helps answer the question?</th>"
                        "<th scope='col'>How far can we trust it, and why?</th></tr></thead>"
                        "<tbody>{}</tbody></table>", rows))
    if final:
        frames = join(markup("<li>{}</li>", inline(f)) for f in final["frames"])
        parts.append(markup("<h2>Your answer to the central question</h2><p>{}</p>"
                            "<p>Write a claim of at least {} words and name at least {} of the documents as "
                            "your evidence. These frames can help:</p><ul>{}</ul>{}",
                            inline(final["question"]), final.get("min_words", 40), final.get("min_documents", 2),
                            frames, Html("<div class='ph-lines'></div>" * 8)))
    return markup(page_template("handout"), title=title, style=Html(STYLE), body=join(parts))
