"""A document's own words, as students read them: the excerpt, what was done to it, and glosses.

An excerpt is the course's translation or abridgement of a named publication (lessons/*.yaml,
``documents``): ``excerpt`` (paragraphs; cuts marked [...]), ``translation_note`` (what was done),
``glosses`` (hard words, each with a short meaning shown beside the text) and, where the wording
could not be checked against the publication, ``excerpt_paraphrase: true``, shown as a paraphrase.
Styles are inline so the excerpt still reads as a quotation where a notebook's <style> is stripped.
"""
from __future__ import annotations

from utils.core.html import Html, inline, join, markup, paragraphs, plain

QUOTE_STYLE = ("border-left:4px solid #555;margin:0.4em 0;padding:0.1em 0.9em;"
               "background:rgba(0,0,0,0.03);max-width:42em")
GLOSS_STYLE = "margin:0.2em 0 0.6em 0;max-width:42em"


def words(doc: dict) -> int:
    """How many words the excerpt has (0 without one)."""
    return len(plain(doc.get("excerpt") or "").split())


def label(doc: dict) -> str:
    return ("Paraphrase: a summary of the document, not its own words"
            if doc.get("excerpt_paraphrase") else "The document")


def excerpt_html(doc: dict) -> Html:
    """The excerpt as a quotation with its label, and its glossary beside it ('' without one)."""
    if not doc.get("excerpt"):
        return Html()
    html = markup("<figure class='ph-excerpt' style='margin:0.4em 0' aria-label='{}: {}'>"
                  "<figcaption><strong>{}</strong> ({} words)</figcaption>"
                  "<blockquote style='{}'>{}</blockquote></figure>",
                  label(doc), plain(doc.get("title", "")), label(doc), words(doc),
                  QUOTE_STYLE, paragraphs(doc["excerpt"]))
    glosses = doc.get("glosses") or {}
    if glosses:
        items = join(markup("<li style='margin:0.1em 0'><strong>{}</strong>: {}</li>", term, inline(meaning))
                     for term, meaning in glosses.items())
        html += markup("<div class='ph-glosses' style='{}'><p style='margin:0'><strong>Words in this "
                       "document</strong></p><ul style='margin:0.2em 0;padding-left:1.2em'>{}</ul></div>",
                       GLOSS_STYLE, items)
    return html


def excerpt_text(doc: dict) -> str:
    """The same as plain text, for readers without HTML."""
    if not doc.get("excerpt"):
        return ""
    text = f"{label(doc)}:\n{plain(doc['excerpt'])}"
    glosses = doc.get("glosses") or {}
    if glosses:
        text += "\nWords in this document: " + "; ".join(
            f"{term}: {plain(meaning)}" for term, meaning in glosses.items())
    return text


def shown_in(data: dict) -> list[dict]:
    """The documents a lesson (loaded content) shows with an excerpt: those of its passages and of
    its source-card and reliability-rating exercises, in the order the file names them."""
    docs = data.get("_documents", {})
    ids: list[str] = []
    for p in data.get("passages", []):
        ids += p.get("documents", [])
    ids += [ex["document"] for ex in data.get("exercises", [])
            if ex.get("kind") in ("source-card", "reliability-rating") and ex.get("document")]
    seen: list[str] = []
    for i in ids:
        if i not in seen and i in docs and docs[i].get("excerpt"):
            seen.append(i)
    return [docs[i] for i in seen]


def folded_html(doc: dict) -> Html:
    """The excerpt folded under 'Read the document itself', for exercises that rest on a document
    (claim checks, side-by-side accounts): one click away, never in the way ('' without one)."""
    if not doc.get("excerpt"):
        return Html()
    return markup("<details class='ph-excerpt-fold' style='margin:0.2em 0 0.5em 0'><summary>Read the "
                  "document itself: {}</summary>{}</details>", plain(doc.get("title", "")), excerpt_html(doc))
