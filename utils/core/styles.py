"""The course's CSS, kept as package files in utils/core/css/, and the inline copy of it that
survives where a viewer strips <style>.

    stylesheet(name)   the text of css/<name>.css
    page_template(n)   the skeleton of a whole page (templates/<n>.html): submission, guide, handout
    STYLE              Html: <style> with course.css, put before every static output
    inline_styles(h)   h with the rules of css/inline.css copied into each matching element's
                       style attribute (JupyterLab keeps a style attribute in a notebook that is
                       not trusted, and drops <style>; so do GitHub and most static viewers)

inline.css holds simple rules only: ``tag``, ``.class``, ``tag.class`` and ``.class tag`` (a tag
inside an element of that class). That is all the course's own HTML needs, and it keeps this
file a few lines of standard library.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from utils.core.html import Html

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SELECTOR = re.compile(r"^(?:(?P<outer>\.[\w-]+)\s+)?(?P<tag>[a-z][a-z0-9]*)?(?P<cls>\.[\w-]+)?$")
# A start or end tag of the course's own HTML. Attribute values are escaped (html.escape with
# quote=True), so none holds a raw < or >, and a tag always ends at the first >.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*?)(/?)>")
_CLASS = re.compile(r"""\sclass\s*=\s*(?:'([^']*)'|"([^"]*)")""")
_STYLE = re.compile(r"""\sstyle\s*=\s*(?:'([^']*)'|"([^"]*)")""")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def page_template(name: str) -> str:
    """The skeleton of a whole page the course writes (utils/core/templates/<name>.html), with
    ``{field}`` places that utils.core.html.markup fills, escaping each one that is not Html."""
    return (resources.files("utils.core") / "templates" / f"{name}.html").read_text(encoding="utf-8")


def stylesheet(name: str) -> str:
    """The text of utils/core/css/<name>.css (a package file, so an installed course has it too)."""
    return (resources.files("utils.core") / "css" / f"{name}.css").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def inline_rules() -> tuple[tuple[str | None, str | None, str | None, str], ...]:
    """css/inline.css as (outer class, tag, class, declarations) rules, in file order."""
    rules = []
    for selectors, body in _RULE.findall(_COMMENT.sub("", stylesheet("inline"))):
        decl = ";".join(re.sub(r"\s*:\s*", ":", d.strip(), count=1) for d in body.split(";") if d.strip())
        if "'" in decl or '"' in decl:
            raise ValueError(f"css/inline.css: no quotes in a declaration ({decl!r})")
        for sel in selectors.split(","):
            m = _SELECTOR.match(sel.strip())
            if not m or not (m["tag"] or m["cls"]):
                raise ValueError(f"css/inline.css: the selector {sel.strip()!r} is not a simple one")
            rules.append((m["outer"] and m["outer"][1:], m["tag"], m["cls"] and m["cls"][1:], decl))
    return tuple(rules)


def inline_styles(html: str) -> Html:
    """``html`` (the course's own, already escaped) with inline.css copied into style attributes.
    A style the element already has comes last, so it still wins."""
    rules = inline_rules()
    open_classes: list[tuple[str, set[str]]] = []  # (tag, its classes) of every open element

    def one(m: re.Match) -> str:
        closing, tag, attrs, selfclose = m[1], m[2].lower(), m[3], m[4]
        if closing:
            for i in range(len(open_classes) - 1, -1, -1):  # close up to the matching element
                if open_classes[i][0] == tag:
                    del open_classes[i:]
                    break
            return m[0]
        cm = _CLASS.search(attrs)
        classes = set((cm[1] if cm and cm[1] is not None else (cm[2] if cm else "")).split())
        outer = set().union(*(c for _, c in open_classes)) if open_classes else set()
        decls = [d for o, t, c, d in rules
                 if (t is None or t == tag) and (c is None or c in classes) and (o is None or o in outer)]
        if tag not in _VOID and not selfclose:
            open_classes.append((tag, classes))
        if not decls:
            return m[0]
        sm = _STYLE.search(attrs)
        if sm:
            own = sm[1] if sm[1] is not None else sm[2]
            attrs = attrs[:sm.start()] + attrs[sm.end():]
            decls.append(own)
        style = ";".join(decls)
        quote = '"' if "'" in style else "'"
        return f"<{m[2]}{attrs} style={quote}{style}{quote}{selfclose}>"

    return Html(_TAG.sub(one, str(html)))


STYLE = Html(f"<style>\n{stylesheet('course')}</style>")
