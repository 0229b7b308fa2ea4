"""Where answers are saved: in the copy of the course the notebook was opened from (issue 10, item 7)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from utils.core import paths
from utils.core.errors import CourseError

ROOT = Path(__file__).resolve().parents[2]


def make_course(folder: Path, with_package: bool = False) -> Path:
    (folder / "lessons" / "homework").mkdir(parents=True)
    (folder / "lessons" / "course.yaml").write_text("lessons: []\n", encoding="utf-8")
    (folder / "data").mkdir()
    (folder / "notebooks" / "homework").mkdir(parents=True)
    if with_package:
        shutil.copytree(ROOT / "utils", folder / "utils", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(paths.ROOT_ENV, raising=False)
    monkeypatch.delenv(paths.ANSWERS_ENV, raising=False)


@pytest.mark.parametrize("where", ["notebooks", "notebooks/homework", "."])
def test_the_notebooks_folder_decides(tmp_path, monkeypatch, no_env, where):
    second = make_course(tmp_path / "second copy")
    monkeypatch.chdir(second / where)
    assert paths.course_root() == second.resolve()  # the old code: the package's own folder
    assert paths.answers_dir() == second.resolve() / "answers"


def test_outside_any_course_the_package_folder_is_used(tmp_path, monkeypatch, no_env):
    monkeypatch.chdir(tmp_path)
    assert paths.course_root() == ROOT


def test_environment_still_wins(tmp_path, monkeypatch, no_env):
    second = make_course(tmp_path / "second")
    monkeypatch.chdir(second / "notebooks")
    monkeypatch.setenv(paths.ROOT_ENV, str(ROOT))
    assert paths.course_root() == ROOT
    monkeypatch.setenv(paths.ANSWERS_ENV, str(tmp_path / "elsewhere"))
    assert paths.answers_dir() == (tmp_path / "elsewhere").resolve()


def test_a_folder_with_lessons_and_data_but_no_course_is_not_taken(tmp_path, monkeypatch, no_env):
    (tmp_path / "other" / "lessons").mkdir(parents=True)
    (tmp_path / "other" / "data").mkdir()
    monkeypatch.chdir(tmp_path / "other")
    assert paths.course_root() == ROOT


def test_no_course_anywhere_is_a_course_error(tmp_path, monkeypatch, no_env):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "pkg" / "utils" / "paths.py"))
    with pytest.raises(CourseError, match="Cannot find the course"):
        paths.course_root()
    with pytest.raises(FileNotFoundError):  # still what callers catch
        paths.course_root()


SAVE = """
import sys
sys.path.insert(0, sys.argv[1])
import utils.exercises.answers as a
s = a.store()
s.put("hw/prompt", {"text": sys.argv[2]})
print(a.__file__)
print(s.path)
"""


def test_two_copies_of_the_course_keep_their_own_answers(tmp_path, no_env):
    """A kernel started in copy B's notebooks folder, with the package imported from copy A."""
    first = make_course(tmp_path / "copy A", with_package=True)
    second = make_course(tmp_path / "copy B", with_package=True)
    env = {k: v for k, v in __import__("os").environ.items() if k not in (paths.ROOT_ENV, paths.ANSWERS_ENV)}
    for copy, text in ((second, "typed in B"), (first, "typed in A")):
        out = subprocess.run([sys.executable, "-c", SAVE, str(first), text], cwd=copy / "notebooks" / "homework",
                             env=env, capture_output=True, text=True, check=True).stdout.split("\n")
        assert out[0].startswith(str(first))  # the package always came from copy A
        assert out[1] == str(copy.resolve() / "answers" / "answers.json")
    from utils.exercises.answers import AnswerStore

    assert AnswerStore(second / "answers").get("hw/prompt") == {"text": "typed in B"}
    assert AnswerStore(first / "answers").get("hw/prompt") == {"text": "typed in A"}
