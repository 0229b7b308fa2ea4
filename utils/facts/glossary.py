"""The course glossary (lessons/glossary.yaml): each hard word's meaning, shown where a lesson
first uses it and as a page of its own (notebooks/glossary.ipynb)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from utils.core import paths
from utils.core.display import Shown
from utils.core.errors import ContentError
from utils.core.html import Html, esc, inline, join, markup, plain
from utils.core.yamlfile import load_yaml

FILE = "lessons/glossary.yaml"


def _check(data, file: str) -> list[dict]:
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise ContentError(file, None, "terms", "a list of words under 'terms:'", type(data).__name__)
    seen: dict[str, str] = {}
    out = []
    for n, entry in enumerate(data["terms"], 1):
        item = f"word {n}"
        if not isinstance(entry, dict):
            raise ContentError(file, item, "term", "a word with 'term:' and 'meaning:'", repr(entry)[:60])
        unknown = set(entry) - {"term", "meaning", "forms"}
        if unknown:
            raise ContentError(file, item, sorted(unknown)[0], "only term, meaning and forms", "another field")
        for field in ("term", "meaning"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise ContentError(file, item, field, "text", repr(entry.get(field))[:60])
        forms = entry.get("forms", [])
        if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
            raise ContentError(file, f"'{entry['term']}'", "forms", "a list of words", repr(forms)[:60])
        for form in [entry["term"], *forms]:
            key = form.casefold()
            if key in seen:
                raise ContentError(file, f"'{entry['term']}'", "forms", "each word listed once in the glossary",
                                   f"'{form}', already under '{seen[key]}'")
            seen[key] = entry["term"]
        out.append({"term": entry["term"], "meaning": entry["meaning"], "forms": forms})
    return out


@lru_cache(maxsize=None)
def _terms(root: Path) -> tuple[dict, ...]:
    path = root / "lessons" / "glossary.yaml"
    if not path.exists():
        return ()
    return tuple(_check(load_yaml(path), FILE))


def terms() -> tuple[dict, ...]:
    """Every glossary entry, in the file's order ({} if there is no glossary)."""
    return _terms(paths.course_root())


def clear_cache() -> None:
    _terms.cache_clear()
    _pattern.cache_clear()


@lru_cache(maxsize=None)
def _pattern(root: Path):
    entries = _terms(root)
    index = {}
    for e in entries:
        for form in [e["term"], *e["forms"]]:
            index[form.casefold()] = e
    if not index:
        return None, index
    words = sorted(index, key=len, reverse=True)  # "Old Bolshevik" before "Bolshevik"
    rx = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I)
    return rx, index


def used_in(text: str) -> list[dict]:
    """Glossary entries used in text, in the order they first appear."""
    rx, index = _pattern(paths.course_root())
    if rx is None:
        return []
    found, seen = [], set()
    for m in rx.finditer(plain(text).replace("\u2019", "'")):
        word = m.group(1)
        entry = index[word.casefold()]
        exact = next(f for f in [entry["term"], *entry["forms"]] if f.casefold() == word.casefold())
        if exact.isupper() and word != exact:  # "CC" is an abbreviation; "cc" is not
            continue
        if entry["term"] not in seen:
            seen.add(entry["term"])
            found.append(entry)
    return found


def box_html(entries: list[dict]) -> Html:
    """A small 'Words' box: each word with its meaning."""
    if not entries:
        return Html()
    items = join(markup("<li style='margin:0.1em 0'><strong>{}</strong>: {}</li>", e["term"], inline(e["meaning"]))
                 for e in entries)
    return markup("<div class='ph-glosses' style='margin:0.2em 0 0.6em 0;max-width:42em' role='note' "
                  "aria-label='Words used here'><p style='margin:0'><strong>Words used here</strong></p>"
                  "<ul style='margin:0.2em 0;padding-left:1.2em'>{}</ul></div>", items)


def box_text(entries: list[dict]) -> str:
    return ("Words used here: " + "; ".join(f"{e['term']}: {plain(e['meaning'])}" for e in entries)
            if entries else "")


def page() -> Shown:
    """The whole glossary, alphabetically."""
    entries = sorted(terms(), key=lambda e: e["term"].casefold())
    items = "".join(f"<li style='margin:0.3em 0' id='{esc(re.sub(r'[^a-z0-9]+', '-', e['term'].lower()))}'>"
                    f"<strong>{esc(e['term'])}</strong>: {inline(e['meaning'])}"
                    + (f" <small>(also: {esc(', '.join(e['forms']))})</small>" if e["forms"] else "")
                    + "</li>" for e in entries)
    text = "\n".join(f"{e['term']}: {plain(e['meaning'])}" for e in entries)
    return Shown(f"<ul class='ph-glossary' style='max-width:48em;list-style:none;padding-left:0'>{items}</ul>", text)
