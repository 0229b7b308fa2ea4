"""Errors a teacher can act on: which file, which item, which field, what was expected."""
from __future__ import annotations
from utils.core.html import esc


class CourseError(Exception):
    """Base class of every error the course reports to a person."""


class ContentError(CourseError):
    """A content or data file is not as the course expects.

    The message names the file, the item (by id where it has one), the field, what was
    expected and what was found, so a teacher can fix it without reading Python.
    """

    def __init__(self, file: str, item: str | None, field: str | None, expected: str,
                 found: str | None = None):
        self.file, self.item, self.field = str(file), item, field
        self.expected, self.found = expected, found
        parts = [f"In {self.file}"]
        if item:
            parts.append(f"item {item!s}")
        if field:
            parts.append(f"field '{field}'")
        where = ", ".join(parts)
        msg = f"{where}: expected {expected}"
        if found is not None:
            msg += f"; found {found}"
        super().__init__(msg + ".")

    def _repr_html_(self) -> str:  # shown when a notebook displays the error
        return f'<div role="alert" class="ph-error"><strong>Content problem.</strong> {esc(str(self))}</div>'
