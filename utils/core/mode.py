"""Where the student is working: JupyterLab (or another notebook front end) or app mode (Voila).

Voila starts every kernel, pre-heated or not, with VOILA_BASE_URL (and VOILA_PREHEAT) in its
environment; a JupyterLab kernel has neither. Text that tells a student what to press asks here,
so app mode never mentions menus, cells or a file browser it does not have.
"""
from __future__ import annotations

import os

VOILA_VARIABLES = ("VOILA_BASE_URL", "VOILA_PREHEAT", "VOILA_KERNEL_ID")


def app_mode() -> bool:
    """True in a kernel that Voila started (app mode), False in JupyterLab, nbclient and the rest."""
    return any(v in os.environ for v in VOILA_VARIABLES)
