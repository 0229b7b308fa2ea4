"""A Jupyter server extension: a notebook saved after Run All keeps its exercises readable.

When JupyterLab saves a notebook, each exercise's output holds a reference to a live widget
(``application/vnd.jupyter.widget-view+json``) beside the course's readable version
(``text/html``). Once the kernel that held the widget is gone (the notebook is reopened later, or the
page reloaded after the kernel died), JupyterLab still prefers the reference and shows
"Error displaying widget: model not found" instead of the readable version. This hook drops the
reference from the copy written to disk, for the course's own outputs only (those whose HTML carries
the ``ph-static`` readable version), so a reopened notebook shows what a stored one shows. What is on
screen is not touched: the widgets stay live until the page is closed.

Enabled by ``jupyter-config/purges-and-hysteria-save.json``, which ``pip install`` puts in
``<prefix>/etc/jupyter/jupyter_server_config.d/``; `make lab`, Binder and the browser tests use it.
"""
from __future__ import annotations

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
MARK = "ph-static"  # the course's readable version of an exercise (widgets/base.py)


def keep_readable_versions(model: dict | None = None, **_kwargs) -> None:
    """Pre-save hook: remove live-widget references that have a readable course version beside them."""
    if not isinstance(model, dict) or model.get("type") != "notebook":
        return
    nb = model.get("content")
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        for output in cell.get("outputs") or []:
            data = output.get("data") if isinstance(output, dict) else None
            if not isinstance(data, dict) or WIDGET_MIME not in data:
                continue
            html = data.get("text/html")
            if isinstance(html, list):
                html = "".join(html)
            if isinstance(html, str) and MARK in html:
                del data[WIDGET_MIME]


def _jupyter_server_extension_points():
    return [{"module": "utils.server.notebook_save"}]


def _load_jupyter_server_extension(serverapp) -> None:
    serverapp.contents_manager.register_pre_save_hook(keep_readable_versions)
