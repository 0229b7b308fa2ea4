"""Browser benchmark: seconds from opening a notebook in JupyterLab to all its widgets live.

    python -m utils.tools.browser_bench                      # every notebook under notebooks/
    python -m utils.tools.browser_bench notebooks/08_*.ipynb # some of them

For each notebook, in Debian's Chromium against a throw-away JupyterLab (utils.tools.labserver):
open the notebook (its kernel starts), Run All, and stop the clock when every cell has run and
every widget output is a live widget. The browser cache is warmed once first (JupyterLab's own
scripts), so the number is the notebook's, not the first download of JupyterLab. Median of
--runs runs (3 by default); each run gets a fresh kernel. Goal: at most 3 s. Exits 1 if a
notebook misses the goal, 0 with a message (and no measurement) when Chromium is absent.

App mode (utils.tools.app_server, `make app`): the same lesson (APP_LESSON) served by two Voila
servers at once, one plain and one with pre-heated kernels, requested alternately (--app-runs
times each): seconds from the request to every widget live and an exercise's button enabled.
Goal with pre-heating: at most 1.5 s. The same run checks that a pre-heated page shows what the
student saved after its kernel was pre-heated (answers are read at request time, not before).
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from utils.core import paths
from utils.exercises.answers import AnswerStore
from utils.tools import app_server
from utils.tools import labserver
from utils.tools.execute import notebooks_in

GOAL_SECONDS = 3.0
APP_LESSON = "notebooks/03_the_murder_of_kirov.ipynb"
APP_GOAL_SECONDS = 1.5
# every request but those to 127.0.0.1 fails at once (a proxy on a closed port; loopback bypasses it)
OFFLINE_ARGS = ["--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
WIDGET_OUTPUT = re.compile(r'widget-view\+json"\s*:\s*\{\s*"model_id"\s*:\s*"[0-9a-f]{8,}"')
# Voila has removed its spinner, every widget output is a rendered widget (Voila renders them once
# the kernel is connected), and a button of an exercise can be pressed
JS_APP_LIVE = """(n) => !document.querySelector('#loading')
    && document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length >= n
    && !document.body.textContent.includes('Loading widget')
    && [...document.querySelectorAll('.jupyter-widgets button')]
        .some(b => !b.disabled && b.offsetParent !== null)"""


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


def _app_page_live(page, url: str, phases: list | None = None) -> float:
    """Seconds from requesting an app-mode page to its widgets live (see JS_APP_LIVE); phases,
    if given, receives the seconds to the whole HTML (the last cell run by the server)."""
    start = time.perf_counter()
    response = page.goto(url, wait_until="domcontentloaded", timeout=180_000)
    if phases is not None:
        phases.append(time.perf_counter() - start)
    if response is None or response.status != 200:
        raise RuntimeError(f"{url}: HTTP {response and response.status}")
    expected = len(WIDGET_OUTPUT.findall(response.text()))
    try:
        page.wait_for_function(JS_APP_LIVE, arg=expected, polling="raf", timeout=120_000)  # every frame
    except Exception as exc:  # Playwright's TimeoutError: say what was missing
        state = page.evaluate("""() => ({spinner: !!document.querySelector('#loading'),
            widgets: document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length,
            loading: document.body.textContent.includes('Loading widget'),
            buttons: [...document.querySelectorAll('.jupyter-widgets button')].filter(
                b => !b.disabled && b.offsetParent !== null).length})""")
        raise RuntimeError(f"{url}: widgets not live after 120 s (expected {expected}): {state}") from exc
    return time.perf_counter() - start


def save_answer(folder: Path, key: str, text: str) -> None:
    """Save one prompt's answer into the answers folder as the course saves it (the student's
    earlier work, typed in another tab or before the page was opened)."""
    AnswerStore(folder).put(key, {"text": text})


def measure_app(lesson: str = APP_LESSON, runs: int = 5) -> dict:
    """App mode with and without pre-heated kernels, same lesson, same run, requests alternated.

    Returns {"preheated": [seconds...], "plain": [seconds...], "fresh answers shown": bool,
    "memory per ready kernel MB": float}. Raises RuntimeError(CHROMIUM_MISSING) without Chromium.
    """
    from playwright.sync_api import sync_playwright

    chromium = labserver.find_chromium()
    if chromium is None:
        raise RuntimeError(labserver.CHROMIUM_MISSING)
    root = app_server.course_root()
    key = f"{Path(lesson).stem.replace('_', '-')}/prompt-why-the-vote-story"  # a prompt of APP_LESSON
    out: dict = {"preheated": [], "plain": [], "page preheated": [], "page plain": []}
    with tempfile.TemporaryDirectory(prefix="ph-app-bench-") as tmp_name:
        tmp = Path(tmp_name)
        envs = {}
        for kind in ("plain", "preheated"):
            for sub in ("answers", "submissions"):
                (tmp / kind / sub).mkdir(parents=True)
            envs[kind] = {"PH_ANSWERS_DIR": str(tmp / kind / "answers"),
                          "PH_SUBMISSIONS_DIR": str(tmp / kind / "submissions")}
        with app_server.running_app(root, preheat=False, env=envs["plain"]) as plain, \
                app_server.running_app(root, preheat=True, pages=[lesson],
                                       env=envs["preheated"]) as hot, sync_playwright() as pw:
            hot.wait_pool([lesson])
            # Nothing leaves the machine, and the browser keeps its cache as a student's does
            # (Playwright's request routing would switch the cache off and make every page fetch
            # Voila's scripts again): every address but 127.0.0.1 goes to a proxy that is not there.
            browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                         args=labserver.CHROMIUM_ARGS + OFFLINE_ARGS)
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                servers = {"plain": plain, "preheated": hot}

                def one(kind: str, check: str | None = None) -> float:
                    server = servers[kind]
                    # both servers quiet first: the pool's kernel taken last time is replaced
                    # and the new one waits, so no refill runs while either server is timed
                    hot.wait_pool([lesson], times=len(hot.preheated_kernels_used()) + 1, timeout=180)
                    hot.wait_kernels_idle()
                    plain.wait_kernels_idle()
                    if kind == "preheated" and check is not None:  # saved after pre-heating
                        save_answer(tmp / kind / "answers", key, check)
                    page = context.new_page()
                    try:
                        if os.environ.get("PH_BENCH_DEBUG"):
                            print(f"  [{kind}] requesting", file=sys.stderr, flush=True)
                        secs = _app_page_live(page, server.url(lesson), out[f"page {kind}"])
                        if check is not None:
                            out["fresh answers shown"] = page.evaluate(
                                "(t) => [...document.querySelectorAll('textarea')]"
                                ".some(a => a.value === t)", check)
                    finally:
                        page.close(run_before_unload=True)  # Voila shuts the page's kernel down
                    return secs

                for kind in ("plain", "preheated"):  # warm the browser cache (Voila's scripts)
                    one(kind)
                    out[f"page {kind}"].clear()
                hot.wait_kernels_idle()
                out["memory per ready kernel MB"] = _ready_kernel_mb(hot)
                one("preheated", check=f"saved after pre-heating {time.time():.0f}")
                out["page preheated"].clear()
                for _ in range(runs):
                    for kind in ("plain", "preheated"):
                        out[kind].append(one(kind))
                context.close()
            finally:
                browser.close()
    return out


def _ready_kernel_mb(server) -> float:
    """Resident memory of the largest kernel process of the server (the one waiting in the pool)."""
    kids = [p for p in app_server.descendants(server.proc.pid) if p != server.proc.pid]
    sizes = [app_server.rss_bytes([p]) for p in kids]
    return max(sizes, default=0) / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.tools.browser_bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks or folders (default: notebooks)")
    parser.add_argument("--runs", type=int, default=3, help="runs per notebook (median reported)")
    parser.add_argument("--app-runs", type=int, default=5,
                        help="app-mode requests per server, plain and pre-heated (0: skip app mode)")
    parser.add_argument("--app-only", action="store_true", help="only the app-mode comparison")
    args = parser.parse_args(argv)
    if labserver.find_chromium() is None:
        print(f"browser bench skipped: {labserver.CHROMIUM_MISSING}")
        return 0
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("browser bench skipped: Playwright not installed (`pip install -e .[test]`)")
        return 0
    ok = True
    if args.app_runs > 0:
        ok &= report_app(runs=args.app_runs)
    if args.app_only:
        print("all goals met" if ok else "a goal was missed")
        return 0 if ok else 1
    found = notebooks_in(args.notebooks or ["notebooks"])
    if not found:
        print("No notebooks found.", file=sys.stderr)
        return 1
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


def report_app(runs: int = 5, lesson: str = APP_LESSON) -> bool:
    """Print the app-mode comparison; True if the pre-heated page meets its goal and shows
    answers saved after pre-heating."""
    res = measure_app(lesson, runs=runs)
    hot, plain = statistics.median(res["preheated"]), statistics.median(res["plain"])
    fresh = res.get("fresh answers shown") is True
    met = hot <= APP_GOAL_SECONDS and fresh
    print(f"app mode {lesson}: {hot:.2f} s with pre-heated kernels, {plain:.2f} s plain Voila, "
          f"from the request to widgets live and an exercise's button enabled (medians of {runs}, "
          f"alternated; goal {APP_GOAL_SECONDS} s) {'ok' if met else 'OVER GOAL'}")
    print("    each run: pre-heated " + ", ".join(f"{x:.2f}" for x in res["preheated"])
          + "; plain " + ", ".join(f"{x:.2f}" for x in res["plain"]))
    print(f"    of which the page's HTML (the cells Voila runs after the request): pre-heated "
          f"{statistics.median(res['page preheated']):.2f} s, plain "
          f"{statistics.median(res['page plain']):.2f} s; the rest is the browser connecting "
          f"to the kernel and drawing the widgets")
    print(f"    an answer saved after the kernel was pre-heated is on the page: "
          f"{'yes' if fresh else 'NO (answers would be stale)'}; a ready kernel holds "
          f"{res['memory per ready kernel MB']:.0f} MB", flush=True)
    return met


if __name__ == "__main__":
    sys.exit(main())
