"""Things a notebook shows: escaped HTML with a plain-text twin, so every view reads without a kernel."""
from __future__ import annotations

# The course's look is a package file (css/course.css, in STYLE); the rules in css/inline.css are
# also copied into style attributes, so a static view still reads well where <style> is stripped.
from utils.core.styles import STYLE, inline_styles  # re-exported: display.STYLE, display.inline_styles

__all__ = ["STYLE", "Shown", "inline_styles"]


class Shown:
    """A display object: HTML for JupyterLab and static viewers, plain text for the rest."""

    def __init__(self, html: str, text: str):
        self.html, self.text = html, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": STYLE + inline_styles(self.html), "text/plain": self.text}

    def __repr__(self) -> str:
        return self.text
