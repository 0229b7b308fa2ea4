"""Where the content files are: lessons/*.yaml and lessons/homework/*.yaml, in teaching order."""
from __future__ import annotations

from pathlib import Path

from utils.core import paths


def lesson_files(root: Path | None = None) -> list[Path]:
    """Every lesson content file, in teaching order."""
    folder = (root or paths.course_root()) / "lessons"
    return sorted(p for p in folder.glob("[0-9][0-9]-*.yaml"))


def homework_files(root: Path | None = None) -> list[Path]:
    """Every homework content file (lessons/homework/*.yaml), in order."""
    folder = (root or paths.course_root()) / "lessons" / "homework"
    return sorted(folder.glob("*.yaml"))
