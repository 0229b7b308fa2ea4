"""Errors a teacher can act on: which file, which item, which field, what was expected."""
from __future__ import annotations
from utils.core.html import Html, markup


class CourseError(Exception):
    """Base class of every error the course reports to a person.

    Its message says what is wrong and where (which file, folder, item or value), and what to do.
    In a notebook it is shown as that message, never as a traceback (utils/__init__.py).
    """

    def _repr_html_(self) -> Html:  # shown when a notebook displays the error
        return markup('<div role="alert" class="ph-error">{}</div>', str(self))

    def _repr_pretty_(self, p, cycle) -> None:  # the plain-text twin: the message alone
        p.text(str(self))


class NotFound(CourseError, FileNotFoundError):
    """A file or folder a person named (in a notebook cell, a content file) is not there."""


class BadValue(CourseError, ValueError):
    """A value a person gave (a deadline, an item's name, a step's number) is not one the course can use."""


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

    def _repr_html_(self) -> Html:  # shown when a notebook displays the error
        return markup('<div role="alert" class="ph-error"><strong>Content problem.</strong> {}</div>', str(self))
