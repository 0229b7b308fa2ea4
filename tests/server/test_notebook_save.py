"""The server extension that keeps a saved lesson readable once its kernel is gone."""
from __future__ import annotations

import json

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def test_save_hook_keeps_other_widgets(tmp_path):
    """Only the course's own outputs lose their widget reference; anyone else's widget is kept."""
    from utils.server.notebook_save import keep_readable_versions

    ours = {"text/html": "<div class='ph-card ph-static'>…</div>", WIDGET_MIME: {"model_id": "a"}}
    theirs = {"text/plain": "IntSlider()", WIDGET_MIME: {"model_id": "b"}}
    model = {"type": "notebook", "content": {"cells": [
        {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": dict(ours)},
                                          {"output_type": "display_data", "data": dict(theirs)}]},
        {"cell_type": "markdown", "source": "x"}]}}
    keep_readable_versions(model=model, path="x.ipynb", contents_manager=None)
    first, second = model["content"]["cells"][0]["outputs"]
    assert WIDGET_MIME not in first["data"] and "text/html" in first["data"]
    assert second["data"] == theirs
    for odd in (None, {"type": "file", "content": "x"}, {"type": "notebook", "content": None},
                {"type": "notebook", "content": {"cells": [1, {"outputs": [None, {"data": 3}]}]}}):
        keep_readable_versions(model=json.loads(json.dumps(odd)), path="y")


def test_extension_is_switched_on_wherever_the_course_is_installed():
    """make lab, Binder's postBuild and pip (non-editable) install the same config file."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    config = "jupyter-config/purges-and-hysteria-save.json"
    assert json.loads((root / config).read_text()) == {
        "ServerApp": {"jpserver_extensions": {"utils.server.notebook_save": True}}}
    assert f"cp {config}" in (root / "Makefile").read_text()
    assert f"cp {config}" in (root / "postBuild").read_text()
    assert config in (root / "pyproject.toml").read_text()
