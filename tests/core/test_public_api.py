"""The package's public names stay the functions notebooks call, whatever has been imported.

A module named like a public function replaces that function on the package the moment it is
imported (``import utils.lesson`` sets ``utils.lesson`` to the module). In a notebook that broke
the second Run All with "'module' object is not callable".
"""
from __future__ import annotations

import importlib
import pkgutil
import types

import utils


def _every_submodule():
    for info in pkgutil.walk_packages(utils.__path__, "utils."):
        if info.name.startswith("utils.tools"):  # dev tools may need extras; never imported by the course
            continue
        yield info.name


def test_no_public_name_is_also_a_module_name():
    modules = {name.split(".")[1] for name in _every_submodule()}
    clash = sorted(set(utils.__all__) & modules)
    assert not clash, f"public names that are also module names: {clash}"


def test_public_names_survive_importing_every_submodule():
    before = {name: getattr(utils, name) for name in utils.__all__}
    for name in _every_submodule():
        importlib.import_module(name)
    for name, obj in before.items():
        now = getattr(utils, name)
        assert now is obj, f"utils.{name} is now {now!r}"
        assert not isinstance(now, types.ModuleType)


def test_lesson_called_twice_in_one_interpreter(course):
    """What a second Run All does: the first cell again, in the same kernel."""
    first = utils.lesson("01-test")
    second = utils.lesson("01-test")
    assert type(first) is type(second) and callable(utils.lesson)


def test_notebooks_use_one_import_form():
    """Every notebook imports the course as `from utils import <public names>` and nothing deeper."""
    import json
    import re
    from pathlib import Path

    wrong = []
    for nb_path in sorted((Path(__file__).resolve().parents[2] / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in nb_path.parts:
            continue
        for cell in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            for line in "".join(cell["source"]).splitlines():
                if re.match(r"\s*(from|import)\s+utils\b", line):
                    m = re.match(r"\s*from utils import ([\w, ]+)$", line)
                    names = [n.strip() for n in m.group(1).split(",")] if m else []
                    if not m or not set(names) <= set(utils.__all__):
                        wrong.append(f"{nb_path.name}: {line.strip()}")
    assert not wrong, wrong
