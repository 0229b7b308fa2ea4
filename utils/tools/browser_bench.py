"""Browser benchmark: seconds from opening a notebook in JupyterLab to all its widgets live.

    python -m utils.tools.browser_bench                      # every notebook under notebooks/
    python -m utils.tools.browser_bench notebooks/08_*.ipynb # some of them

For each notebook, in Debian's Chromium against a throw-away JupyterLab (utils.tools.labserver):
open the notebook (its kernel starts), Run All, and stop the clock when every cell has run and
every widget output is a live widget. The browser cache is warmed once first (JupyterLab's own
scripts), so the number is the notebook's, not the first download of JupyterLab. Median of
--runs runs (3 by default); each run gets a fresh kernel. Goal: at most 3 s. Exits 1 if a
notebook misses the goal, 0 with a message (and no measurement) when Chromium is absent.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from utils.core import paths
from utils.tools import labserver
from utils.tools.execute import notebooks_in

GOAL_SECONDS = 3.0


def _serve_folder(notebooks: list[Path]) -> Path:
    """The folder to serve: the common folder of the notebooks (notebooks/ itself if inside it)."""
    parents = [p.resolve().parent for p in notebooks]
    return Path(os.path.commonpath([str(p) for p in parents]))


def measure(notebooks: list[Path], runs: int = 3, details: dict | None = None
            ) -> list[tuple[str, float]]:
    """(notebook, median seconds from opening it to all widgets live after Run All), in order.

    If details is a dict, it receives for each notebook the median seconds of each phase
    ("JupyterLab and kernel ready", "Run All", "widgets live") and the slowest cells.
    Raises RuntimeError with labserver.CHROMIUM_MISSING when no Chromium is found.
    """
    from playwright.sync_api import sync_playwright

    chromium = labserver.find_chromium()
    if chromium is None:
        raise RuntimeError(labserver.CHROMIUM_MISSING)
    notebooks = [Path(p) for p in notebooks]
    if not notebooks:
        return []
    folder = _serve_folder(notebooks)
    rels = [p.resolve().relative_to(folder).as_posix() for p in notebooks]

    results: list[tuple[str, float]] = []
    with labserver.running_lab(folder, paths.course_root()) as lab, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=labserver.CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.set_default_timeout(180_000)
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(lab.base)
                          else r.abort())
            warm = context.new_page()  # load JupyterLab's scripts into the cache once
            warm.goto(lab.url("lab", reset=""), wait_until="domcontentloaded")
            warm.wait_for_function("() => typeof window.jupyterapp === 'object'")
            warm.evaluate("async () => { await window.jupyterapp.started; "
                          "await window.jupyterapp.restored; }")
            warm.close()
            for rel in rels:
                times, phases, cells = [], [], []
                for _ in range(runs):
                    page = context.new_page()
                    try:
                        start = time.perf_counter()
                        labserver.open_notebook(page, lab, rel)
                        opened = time.perf_counter()
                        labserver.run_all(page)
                        ran = time.perf_counter()
                        errors = labserver.error_outputs(page)
                        if errors:
                            raise RuntimeError(f"{rel}: a cell failed: {errors[0]}")
                        labserver.wait_widgets_live(page)
                        live = time.perf_counter()
                        times.append(live - start)
                        phases.append((opened - start, ran - opened, live - ran))
                        cells.append(labserver.cell_seconds(page))
                    finally:
                        page.close()
                        lab.shutdown_kernels()
                results.append((rel, statistics.median(times)))
                if details is not None:
                    names = ("JupyterLab and kernel ready", "Run All", "widgets live")
                    slowest = {}
                    for run in cells:
                        for n, secs, line in run:
                            slowest.setdefault((n, line), []).append(secs)
                    details[rel] = {
                        **{name: statistics.median(p[i] for p in phases)
                           for i, name in enumerate(names)},
                        "slowest cells": sorted(((f"cell {n}: {line}", statistics.median(v))
                                                 for (n, line), v in slowest.items()),
                                                key=lambda x: -x[1])[:3]}
            context.close()
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.tools.browser_bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks or folders (default: notebooks)")
    parser.add_argument("--runs", type=int, default=3, help="runs per notebook (median reported)")
    args = parser.parse_args(argv)
    if labserver.find_chromium() is None:
        print(f"browser bench skipped: {labserver.CHROMIUM_MISSING}")
        return 0
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("browser bench skipped: Playwright not installed (`pip install -e .[test]`)")
        return 0
    found = notebooks_in(args.notebooks or ["notebooks"])
    if not found:
        print("No notebooks found.", file=sys.stderr)
        return 1
    ok = True
    details: dict = {}
    for rel, secs in measure(found, runs=max(1, args.runs), details=details):
        verdict = "ok" if secs <= GOAL_SECONDS else "OVER GOAL"
        ok &= verdict == "ok"
        print(f"{rel}: {secs:.2f} s from opening to all widgets live after Run All "
              f"(median of {args.runs}; goal {GOAL_SECONDS:.0f} s) {verdict}")
        info = details[rel]
        print("    " + "; ".join(f"{k} {v:.2f} s" for k, v in info.items() if k != "slowest cells"))
        print("    slowest cells (kernel time): "
              + "; ".join(f"{name} {s:.2f} s" for name, s in info["slowest cells"]), flush=True)
    print("all goals met" if ok else "a goal was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
