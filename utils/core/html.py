"""Safe HTML as a type: every piece of text is escaped before it is shown.

HTML the course builds is ``Html``, a ``markupsafe.Markup``: a string that is already safe to
show. Anything else (a ``str`` from a content file, a student's answer, a number) is text, and
every helper here that puts pieces together escapes the text it is given:

    esc(x), inline(x), paragraphs(x)   text -> Html (an Html argument is kept as it is)
    markup("<td>{}</td>", x)          a template written in the code, its arguments escaped
    join(pieces, sep)                 Html pieces kept, text pieces escaped
    table(headers, rows, caption)     an accessible table; every cell escaped unless it is Html
    Html(s)                           trusts s as HTML: only for a string built from the above

``Html + str`` and ``Html.format`` escape the text too (``Html("<b>") + "<i>"`` gives
``<b>&lt;i&gt;``). An f-string, ``"".join`` or a plain ``str`` on the left of ``+`` make a plain
``str`` again: HTML that a joining helper then escapes, so keep the type where pieces are joined.
The escaping is Python's ``html.escape`` (quote=True), so the output is what it always was.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

from markupsafe import Markup

_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


class Html(Markup):
    """HTML that is safe to show (a ``markupsafe.Markup``); any text joined to it is escaped."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: object, /) -> "Html":
        """Text -> Html, escaped as ``esc`` does; a value that is already HTML is kept as it is."""
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(html.escape(str(s), quote=True))

    def __radd__(self, value: object, /):
        # "<p>" + esc(x): a plain str on the left gives a plain str, as an f-string does (its
        # text is not escaped, and the result is not trusted as Html either).
        if isinstance(value, str) and not hasattr(value, "__html__"):
            return NotImplemented
        return super().__radd__(value)


def esc(text: object) -> Html:
    """Escape any value for use in HTML text or a quoted attribute (None gives ''); Html is kept."""
    return Html.escape("" if text is None else text)


def markup(template: str, *args: object, **kwargs: object) -> Html:
    """``template`` (HTML written in the code) with ``{}`` fields filled, each one escaped unless Html."""
    return Html(template).format(*args, **kwargs)


def join(pieces: Iterable[object], sep: str = "") -> Html:
    """The pieces one after another (``sep``, written in the code, between them): Html kept, text escaped."""
    return Html(sep).join(esc(p) for p in pieces)


def inline(text: object) -> Html:
    """Escape, then allow only **bold** and *italic* (for titles of books and the like)."""
    out = str(esc(text))  # a plain str: re.sub on a Markup would escape the tags it puts in
    out = _STRONG.sub(r"<strong>\1</strong>", out)
    return Html(_EM.sub(r"<em>\1</em>", out))


def paragraphs(text: object) -> Html:
    """Escaped paragraphs from text whose paragraphs are separated by blank lines."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", str(text or "")) if b.strip()]
    html_blocks = []
    for block in blocks:
        lines = block.splitlines()
        if all(line.lstrip().startswith(("- ", "* ")) for line in lines):
            items = join(markup("<li>{}</li>", inline(line.lstrip()[2:])) for line in lines)
            html_blocks.append(markup("<ul>{}</ul>", items))
        elif all(line.lstrip().startswith("> ") for line in lines):
            quote = " ".join(line.lstrip()[2:] for line in lines)
            html_blocks.append(markup("<blockquote>{}</blockquote>", inline(quote)))
        else:
            html_blocks.append(markup("<p>{}</p>", inline(" ".join(lines))))
    return join(html_blocks, "\n")


def table(headers: Iterable[object], rows: Iterable[Iterable[object]], caption: object = None,
          css_class: str = "ph-numbers") -> Html:
    """An accessible table: column headers, rows of cells and an optional caption (with **bold**
    and *italic*); every header and cell is escaped text unless it is Html."""
    cap = markup("<caption>{}</caption>", inline(caption)) if caption else Html()
    head = join(markup("<th scope='col'>{}</th>", esc(h)) for h in headers)
    body = join(markup("<tr>{}</tr>", join(markup("<td>{}</td>", esc(c)) for c in row)) for row in rows)
    return markup("<table class='{}'>{}<thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
                  css_class, cap, head, body)


def plain(text: object) -> str:
    """The text without the **/* markup, for plain-text fallbacks."""
    return re.sub(r"\*{1,2}(.+?)\*{1,2}", r"\1", str(text or ""))
