"""Safe HTML: every piece of text is escaped before it is shown."""
from __future__ import annotations

import html
import re

_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def esc(text: object) -> str:
    """Escape any value for use in HTML text or a quoted attribute."""
    return html.escape("" if text is None else str(text), quote=True)


def inline(text: object) -> str:
    """Escape, then allow only **bold** and *italic* (for titles of books and the like)."""
    out = esc(text)
    out = _STRONG.sub(r"<strong>\1</strong>", out)
    return _EM.sub(r"<em>\1</em>", out)


def paragraphs(text: object) -> str:
    """Escaped paragraphs from text whose paragraphs are separated by blank lines."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", str(text or "")) if b.strip()]
    html_blocks = []
    for block in blocks:
        lines = block.splitlines()
        if all(line.lstrip().startswith(("- ", "* ")) for line in lines):
            items = "".join(f"<li>{inline(line.lstrip()[2:])}</li>" for line in lines)
            html_blocks.append(f"<ul>{items}</ul>")
        elif all(line.lstrip().startswith("> ") for line in lines):
            quote = " ".join(line.lstrip()[2:] for line in lines)
            html_blocks.append(f"<blockquote>{inline(quote)}</blockquote>")
        else:
            html_blocks.append(f"<p>{inline(' '.join(lines))}</p>")
    return "\n".join(html_blocks)


def plain(text: object) -> str:
    """The text without the **/* markup, for plain-text fallbacks."""
    return re.sub(r"\*{1,2}(.+?)\*{1,2}", r"\1", str(text or ""))
