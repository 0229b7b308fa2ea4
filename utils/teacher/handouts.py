"""Printable student handouts: one HTML page per lesson, made by `make guide` in docs/handouts/.

A handout holds what a student needs on paper: the central question, a content warning where the
lesson has one, every document the lesson shows (headnote, the excerpt, its glossed words), an
organizer with one row per document, and the final claim's frames with room to write. Nothing in
it answers a question: no historians' views, keys or summaries. It prints cleanly to PDF from
Chromium (A4 or Letter): no navigation, no scripts, nothing loaded from outside the page.
"""
from __future__ import annotations

from utils.content.course import extension_documents, extension_items
from utils.core.html import esc, inline
from utils.facts.excerpts import excerpt_html, shown_in
from utils.facts.sources import provenance_html

STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; font-size: 11pt; line-height: 1.45;
       max-width: 44em; margin: 1.5em auto; padding: 0 1em; color: #111; background: #fff; }
h1 { font-size: 1.5em; margin: 0 0 0.2em; } h2 { font-size: 1.2em; margin: 1.2em 0 0.3em; }
h3 { font-size: 1.05em; margin: 1em 0 0.2em; }
.ph-meta { display: flex; gap: 2em; margin: 0.6em 0 1em; }
.ph-meta span { flex: 1; border-bottom: 1px solid #333; padding-bottom: 0.2em; }
.ph-warning { border: 2px solid #333; padding: 0.4em 0.8em; margin: 0.8em 0; }
.ph-source-card { border: 1px solid #767676; padding: 0.3em 0.6em; margin: 0.4em 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.25em 0.4em; }
.ph-provenance th { width: 11em; font-weight: bold; }
.ph-organizer th, .ph-organizer td { border: 1px solid #333; }
.ph-organizer td.write { height: 6.5em; }
.ph-organizer tbody th { width: 26%; }
.ph-lines { border-bottom: 1px solid #555; height: 2em; }
section.ph-doc { break-inside: auto; }
figure, .ph-source-card, .ph-glosses, tr { break-inside: avoid; page-break-inside: avoid; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
@page { margin: 16mm; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: underline; } }
"""


def handout_html(data: dict) -> str:
    """The printable handout of one lesson (loaded content), as a whole HTML page."""
    later = extension_documents(data, extension_items(data["id"]))
    docs = [d for d in shown_in(data) if d["id"] not in later]
    extra = [d for d in shown_in(data) if d["id"] in later]
    final = next((ex for ex in data.get("exercises", []) if ex["kind"] == "final-claim"), None)
    title = f"Lesson {data['number']}: {data['title']}"
    parts = [f"<h1>{inline(title)}</h1>",
             "<p class='ph-meta'><span>Name:</span><span>Date:</span></p>",
             f"<p><strong>The central question:</strong> {inline(data['central_question'])}</p>"]
    if data.get("content_note"):
        parts.append(f"<div class='ph-warning' role='note'><strong>Before you read:</strong> "
                     f"{inline(data['content_note'])}</div>")
    parts.append("<h2>The documents</h2>")
    for n, doc in enumerate(docs, 1):
        parts.append(f"<section class='ph-doc' aria-labelledby='doc-{n}'><h3 id='doc-{n}'>Document {n}: "
                     f"{inline(doc['title'])}</h3>{provenance_html(doc)}{excerpt_html(doc)}</section>")
    if extra:
        parts.append("<h2>More documents, for the extension</h2>")
        for n, doc in enumerate(extra, len(docs) + 1):
            parts.append(f"<section class='ph-doc' aria-labelledby='doc-{n}'><h3 id='doc-{n}'>Document {n}: "
                         f"{inline(doc['title'])}</h3>{provenance_html(doc)}{excerpt_html(doc)}</section>")
    rows = "".join(f"<tr><th scope='row'>{n}. {inline(doc['title'])}</th><td class='write'></td>"
                   f"<td class='write'></td><td class='write'></td></tr>" for n, doc in enumerate(docs, 1))
    parts.append("<h2>Organizer</h2><p>For each document, make notes as you read.</p>"
                 "<table class='ph-organizer'><thead><tr><th scope='col'>Document</th>"
                 "<th scope='col'>Who made it, when, and why?</th>"
                 "<th scope='col'>What does it say that helps answer the question?</th>"
                 "<th scope='col'>How far can we trust it, and why?</th></tr></thead>"
                 f"<tbody>{rows}</tbody></table>")
    if final:
        frames = "".join(f"<li>{inline(f)}</li>" for f in final["frames"])
        lines = "<div class='ph-lines'></div>" * 8
        parts.append(f"<h2>Your answer to the central question</h2><p>{inline(final['question'])}</p>"
                     f"<p>Write a claim of at least {final.get('min_words', 40)} words and name at least "
                     f"{final.get('min_documents', 2)} of the documents as your evidence. These frames can "
                     f"help:</p><ul>{frames}</ul>{lines}")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{esc(title)}: handout</title><style>{STYLE}</style></head>"
            f"<body><main>{''.join(parts)}</main></body></html>")
