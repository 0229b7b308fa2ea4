"""A throw-away JupyterLab server and Chromium helpers, for the browser tests and the browser bench.

    with running_lab(notebooks_dir, course_root) as lab:
        page.goto(lab.url("lab/tree/08_molotov_remembers.ipynb"))

The server serves a temporary copy of the notebooks (so nothing a test does is ever written back),
listens on 127.0.0.1 on a free port with a random token, saves answers to a temporary folder, keeps
its settings, workspaces and runtime files in a temporary folder (news prompt and autosave off), and
is stopped with SIGINT (then SIGTERM, then SIGKILL) when the block ends, even on failure.

The page helpers drive JupyterLab through ``window.jupyterapp`` (the server sets
``LabApp.expose_app_in_browser``), waiting on the app's own model, never on fixed sleeps.
Nothing here imports Playwright: callers pass their ``page``.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

CHROMIUM_MISSING = ("Chromium not found: install it with `apt-get install chromium` (Debian) "
                    "to run the browser tests")
# Debian's chromium; never Playwright's own download (`playwright install` needs the internet).
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium", "chromium",
                       "chromium-browser")
CHROMIUM_ARGS = ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-default-apps", "--disable-extensions", "--mute-audio"]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

SETTINGS = {  # JupyterLab user settings for the test server (recipes section 5, pitfalls 3 and 4)
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # cell timings in the (never saved) cell metadata, for the bench's slowest-cells list; no
    # blank space after the last cell, so a screenshot can be cut to the notebook's height
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
        {"recordTiming": True, "scrollPastEnd": False},
}


def find_chromium() -> str | None:
    """Path of a Chromium executable, or None. $PH_CHROMIUM, when set, is the only candidate
    (set it to a browser of your choice, or to "none" to skip the browser tests)."""
    chosen = os.environ.get("PH_CHROMIUM")
    for candidate in ((chosen,) if chosen else CHROMIUM_CANDIDATES):
        path = candidate if os.path.isabs(candidate) else shutil.which(candidate)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def notebooks_under(folder: Path) -> list[Path]:
    """Every notebook under folder, sorted, checkpoints excluded."""
    return sorted(p for p in Path(folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab: its address, token, served folder, answers and submissions folders."""

    base: str
    token: str
    root: Path
    answers_dir: Path
    submissions_dir: Path
    log_path: Path
    proc: subprocess.Popen = field(repr=False)

    def url(self, path: str = "lab", **query: str) -> str:
        """Address of a page with the token (the token sets a cookie for later requests)."""
        params = "&".join(f"{k}={v}" for k, v in {**query, "token": self.token}.items())
        return f"{self.base}/{path.lstrip('/')}?{params}"

    def api(self, method: str, path: str, timeout: float = 30):
        """Call the REST API; return the decoded JSON (None for an empty answer)."""
        req = urllib.request.Request(f"{self.base}/api/{path.lstrip('/')}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Delete every session and kernel, so the next notebook gets a fresh kernel."""
        for session in self.api("GET", "sessions"):
            try:
                self.api("DELETE", f"sessions/{session['id']}")
            except urllib.error.HTTPError as exc:  # already gone
                if exc.code != 404:
                    raise
        for kernel in self.api("GET", "kernels"):  # Voila's kernels have no session
            try:
                self.api("DELETE", f"kernels/{kernel['id']}")
            except urllib.error.HTTPError as exc:
                if exc.code != 404:
                    raise

    def clear_answers(self) -> None:
        """Forget every saved answer and submission (each test starts as a new student)."""
        for item in [*self.answers_dir.iterdir(), *self.submissions_dir.iterdir()]:
            if item.is_dir():
                shutil.rmtree(item)
            else:
                item.unlink()

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def stop(proc: subprocess.Popen, interrupt_wait: float = 30) -> None:
    """SIGINT (a Jupyter server or Voila then shuts its kernels down), then SIGTERM, then SIGKILL."""
    for sig, wait in ((signal.SIGINT, interrupt_wait), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        if proc.poll() is not None:
            return
        proc.send_signal(sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def running_lab(notebooks_dir: Path, course_root: Path, *, start_timeout: float = 120
                ) -> Iterator[LabServer]:
    """Start JupyterLab on a temporary copy of notebooks_dir; stop it and clean up at the end."""
    with tempfile.TemporaryDirectory(prefix="ph-lab-", ignore_cleanup_errors=True) as tmp_name:
        tmp = Path(tmp_name)
        root = tmp / "notebooks"
        shutil.copytree(notebooks_dir, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        answers, submissions = tmp / "answers", tmp / "submissions"
        settings = tmp / "settings"
        for folder in (answers, submissions, settings, tmp / "workspaces", tmp / "runtime", tmp / "config",
                       tmp / "data"):
            folder.mkdir(parents=True, exist_ok=True)
        # the course's server extension, as `make lab` and Binder switch it on (utils/server/notebook_save.py)
        (tmp / "config" / "jupyter_server_config.json").write_text(json.dumps(
            {"ServerApp": {"jpserver_extensions": {"utils.server.notebook_save": True}}}), encoding="utf-8")
        # app mode (/voila/render) with the course's own page, as `make lab` and Binder install it
        course = Path(course_root).resolve()
        switch = course / "jupyter-config" / "purges-and-hysteria-voila.json"
        if switch.is_file():
            shutil.copyfile(switch, tmp / "config" / "voila.json")
        for rel, value in SETTINGS.items():
            (settings / rel).parent.mkdir(parents=True, exist_ok=True)
            (settings / rel).write_text(json.dumps(value), encoding="utf-8")
        env = dict(os.environ, PH_COURSE_ROOT=str(Path(course_root).resolve()),
                   PH_ANSWERS_DIR=str(answers), PH_SUBMISSIONS_DIR=str(submissions),
                   JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
                   JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
                   JUPYTER_DATA_DIR=str(tmp / "data"), PYTHONUNBUFFERED="1",
                   JUPYTER_PATH=os.pathsep.join(p for p in [str(course / "share" / "jupyter"),
                                                            os.environ.get("JUPYTER_PATH")] if p))
        env.pop("MPLBACKEND", None)  # the kernels must use the inline backend, or charts go missing
        port, token = free_port(), secrets.token_hex(16)
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={token}",
               f"--LabApp.workspaces_dir={tmp / 'workspaces'}", "--LabApp.expose_app_in_browser=True",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--FileContentsManager.delete_to_trash=False"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        log_path = tmp / "lab.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(cmd, cwd=root, env=env, stdin=subprocess.DEVNULL,
                                    stdout=log, stderr=subprocess.STDOUT)
            server = LabServer(f"http://127.0.0.1:{port}", token, root, answers, submissions, log_path,
                               proc)
            try:
                _wait_ready(server, start_timeout)
                yield server
            finally:
                stop(proc)


def _wait_ready(server: LabServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            server.api("GET", "status", timeout=2)
            return
        except (OSError, ValueError):
            if server.proc.poll() is not None:
                raise RuntimeError("JupyterLab exited before answering /api/status:\n"
                                   + server.log_tail()) from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"JupyterLab did not answer /api/status in {timeout:.0f} s:\n"
                                   + server.log_tail()) from None
            time.sleep(0.1)


# -- page helpers (Playwright `page` objects, driven through window.jupyterapp) -------------------

JS_CURRENT = "window.jupyterapp.shell.currentWidget"

JS_RUN_FINISHED = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const code = [...w.content.model.cells].filter(c => c.type === 'code');
    const failed = code.some(c => [...Array(c.outputs.length).keys()]
        .some(i => c.outputs.get(i).type === 'error'));
    const kernel = w.sessionContext.session?.kernel;
    // a fresh kernel numbers the cells 1..N in order when Run All has run them all
    const done = code.every((c, i) => c.executionCount === i + 1);
    return kernel?.status === 'idle' && code.every(c => c.executionState !== 'running')
        && (done || failed);
}"""

JS_ERRORS = """() => {
    const w = window.jupyterapp.shell.currentWidget; const found = [];
    [...w.content.model.cells].forEach((c, n) => {
        for (let i = 0; i < (c.outputs?.length ?? 0); i++) {
            const o = c.outputs.get(i).toJSON();
            if (o.output_type === 'error') found.push({cell: n, ename: o.ename, evalue: o.evalue,
                traceback: (o.traceback || []).join('\\n').replace(/\\x1b\\[[0-9;]*m/g, '')});
            else if (o.output_type === 'stream' && o.name === 'stderr' && /Traceback|Error/.test(o.text))
                found.push({cell: n, stderr: o.text});
        }
    });
    return found;
}"""

# every widget-view output of the notebook is on screen as a live widget
JS_WIDGETS_LIVE = """(mime) => {
    const w = window.jupyterapp.shell.currentWidget;
    let expected = 0;
    for (const c of w.content.model.cells)
        for (let i = 0; i < (c.outputs?.length ?? 0); i++) {
            const d = c.outputs.get(i).data;
            if (d && d[mime] && d[mime].model_id) expected++;
        }
    const outs = [...w.content.node.querySelectorAll('.jp-OutputArea-output')];
    if (outs.some(o => /Loading widget|Error displaying widget/.test(o.textContent))) return false;
    return outs.filter(o => o.querySelector(':scope > .jupyter-widgets')).length >= expected;
}"""


# Close every document in the main area without saving (autosave is off on the test server, so
# nothing reaches the disk). Returns the number of dialogs open (a page with one is not reused:
# it is waiting for an answer that no test will give).
JS_CLOSE_ALL = """async () => { const s = window.jupyterapp.shell;
    for (const w of [...s.widgets('main')]) { if (w.context) w.context.model.dirty = false; w.dispose(); }
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return document.querySelectorAll('.jp-Dialog').length; }"""

# The notebook just opened alone in the main area (JupyterLab opens a Launcher when the last
# document closes), the left side bar open and the right one closed, as on a freshly loaded page.
JS_AS_FRESH = """(p) => { const s = window.jupyterapp.shell;
    for (const w of [...s.widgets('main')]) if (!(w.context && w.context.path === p)) w.dispose();
    if (s.leftCollapsed) s.expandLeft();
    if (!s.rightCollapsed) s.collapseRight(); }"""


def lab_is_running(page, server: LabServer) -> bool:
    """Is this page a JupyterLab of this server that has started?"""
    return page.url.startswith(f"{server.base}/lab") and page.evaluate(
        "() => !!(window.jupyterapp && window.jupyterapp.shell && window.jupyterapp.shell.widgets)")


def open_notebook(page, server: LabServer, rel_path: str, timeout: float = 180_000,
                  reuse: bool = False) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is idle. With reuse, a page already
    showing this server's JupyterLab opens it as File > Open would (about a second, against four
    or five to load JupyterLab again); other pages load JupyterLab at the notebook's address."""
    if reuse and lab_is_running(page, server):
        page.evaluate("async (p) => { await window.jupyterapp.commands.execute('docmanager:open', "
                      "{path: p, factory: 'Notebook'}); }", rel_path)
    else:
        page.goto(server.url(f"lab/tree/{rel_path}", reset=""), wait_until="domcontentloaded")
        page.wait_for_function("() => typeof window.jupyterapp === 'object'", timeout=timeout)
        page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")
    page.wait_for_function(f"""(p) => {{ const w = {JS_CURRENT};
        return !!(w && w.sessionContext && w.context && w.context.path === p); }}""",
                           arg=rel_path, timeout=timeout)
    page.evaluate(f"async () => {{ const w = {JS_CURRENT}; await w.context.ready; "
                  "await w.sessionContext.ready; }")
    page.wait_for_function(f"() => {JS_CURRENT}.sessionContext.session?.kernel?.status === 'idle'",
                           timeout=timeout)
    if reuse:
        page.evaluate(JS_AS_FRESH, rel_path)


def run_all(page, timeout: float = 300_000) -> None:
    """Clear the outputs, Run All Cells, and wait until every code cell ran (or one failed) and
    the kernel is idle. Clearing first matters: a stored notebook already numbers its cells."""
    page.evaluate("""async () => { const app = window.jupyterapp;
        await app.commands.execute('notebook:clear-all-cell-outputs');
        app.commands.execute('notebook:run-all-cells'); }""")
    try:
        page.wait_for_function(JS_RUN_FINISHED, timeout=timeout, polling=100)
    except Exception as exc:  # Playwright's TimeoutError: say where the run stopped
        raise RuntimeError(f"Run All did not finish in {timeout / 1000:.0f} s: "
                           f"{run_state(page)}") from exc


def run_state(page) -> dict:
    """Kernel status and, per code cell, its execution count and state (for error messages)."""
    return page.evaluate("""() => { const w = window.jupyterapp.shell.currentWidget;
        return {kernel: w.sessionContext.session?.kernel?.status,
                cells: [...w.content.model.cells].map((c, i) => [i, c.type, c.executionCount ?? null,
                        c.type === 'code' ? c.executionState : null])
                    .filter(c => c[1] === 'code')}; }""")


def error_outputs(page) -> list[dict]:
    """Error outputs (and tracebacks printed to stderr) of the current notebook."""
    return page.evaluate(JS_ERRORS)


def wait_widgets_live(page, timeout: float = 60_000) -> None:
    """Wait until every widget output of the current notebook is rendered as a widget."""
    page.wait_for_function(JS_WIDGETS_LIVE, arg=WIDGET_MIME, timeout=timeout, polling=50)


JS_CELL_SECONDS = """() => {
    const w = window.jupyterapp.shell.currentWidget; const found = [];
    [...w.content.model.cells].forEach((c, n) => {
        const t = c.type === 'code' ? c.getMetadata('execution') : null;
        if (t && t['iopub.status.busy'] && t['shell.execute_reply'])
            found.push([n, (Date.parse(t['shell.execute_reply']) - Date.parse(t['iopub.status.busy'])) / 1000,
                        c.sharedModel.getSource().split('\\n').filter(l => l.trim()).pop() || '']);
    });
    return found;
}"""


def cell_seconds(page) -> list[tuple[int, float, str]]:
    """(cell index, seconds the kernel spent, last line of the cell) for each code cell that ran
    (JupyterLab records the timing: the server sets recordTiming)."""
    return [tuple(x) for x in page.evaluate(JS_CELL_SECONDS)]
