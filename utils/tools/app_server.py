"""App mode (Voila) on this computer, with pre-heated kernels: `make app`.

    python -m utils.tools.app_server                 # serve the course folder, open the start page
    python -m utils.tools.app_server --no-preheat    # plain Voila, one kernel started per request
    python -m utils.tools.app_server --port 8870 --no-browser

Voila serves the course folder (as Binder does), so a page's address is
/voila/render/notebooks/<notebook>.ipynb and the links of the start page open the lessons in app
mode. Only 127.0.0.1 listens.

Pre-heating (Voila's `preheat_kernel`, configured in `voila_config()`): Voila keeps one kernel
ready for each lesson and for the start page. Such a kernel has already started, imported the
course, pandas, matplotlib and ipywidgets, read every lesson file and run the whole notebook, with
every exercise empty and nothing written (see utils/tools/preheat_startup.py). When a student's
request takes it, the page is sent at once, and the kernel reads the answers file at that moment,
from the folder of the copy of the course the server serves, and shows every saved answer in the
exercises before the browser draws them. After a kernel is taken, the next one for that page starts
REFILL_DELAY seconds later, so it does not slow down the page being opened. Each waiting kernel
holds about 190 MB (ten pages: about 2 GB); pass --lessons to pre-heat fewer pages. A page whose
pool is empty (many students at once) gets a kernel started at request time, as in plain Voila.

Used by `make app`, by `make bench` (utils.tools.browser_bench, with and without pre-heating in
the same run), by tests/browser/test_app_preheat.py, and for its process helpers by
utils.tools.hub_bench. Nothing in the course package imports this.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import webbrowser
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from jupyter_core.paths import jupyter_config_path

from utils.tools.labserver import free_port, stop

STARTUP_FILE = Path(__file__).resolve().with_name("preheat_startup.py")
START_PAGE = "notebooks/00_start_here.ipynb"
REFILL_DELAY = 5.0  # seconds before a taken kernel is replaced (Voila's default is 1)
POOL_SIZE = 1  # ready kernels per pre-heated page
TEMPLATE_SWITCH = "purges-and-hysteria-voila.json"


def course_notebooks(root: Path) -> list[str]:
    """The start page and the lessons, relative to the course folder (the pages to pre-heat)."""
    found = sorted(p.relative_to(root).as_posix() for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    return found


def voila_config(pages: list[str], pool_size: int = POOL_SIZE) -> dict:
    """Voila's traitlets configuration for pre-heated kernels on the given pages (paths relative
    to the served folder); every other page gets a kernel at request time, as in plain Voila."""
    return {
        "VoilaConfiguration": {"preheat_kernel": True, "default_pool_size": 0},
        "VoilaKernelManager": {
            "kernel_pools_config": {"default": {"pool_size": 0},
                                    **{page: {"pool_size": pool_size} for page in pages}},
            "fill_delay": REFILL_DELAY,
        },
    }


def course_template(root: Path) -> dict:
    """The course's own Voila page (a <main> landmark, underlined links; see
    jupyter-config/purges-and-hysteria-voila.json, which switches it on, and the template in
    share/jupyter/voila/templates/), as Voila configuration, if this copy of the course has both;
    else {} (Voila's own "lab" page)."""
    switch = Path(root) / "jupyter-config" / TEMPLATE_SWITCH
    try:
        config = json.loads(switch.read_text(encoding="utf-8"))
        name = config["VoilaConfiguration"]["template"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not (Path(root) / "share" / "jupyter" / "voila" / "templates" / name).is_dir():
        return {}
    return config


def voila_command(root: Path, port: int, *, preheat: bool, pages: list[str] | None = None,
                  config_dir: Path, open_browser: bool = False) -> list[str]:
    """The Voila command line; config_dir receives the voila.json it reads first (the course's
    template, and the kernel pools when pre-heating), before Voila's usual config folders."""
    root = Path(root).resolve()
    cmd = [sys.executable, "-m", "voila", "--no-browser" if not open_browser else "",
           "--Voila.ip=127.0.0.1", f"--Voila.port={port}", "--Voila.port_retries=0",
           f"--Voila.root_dir={root}", "--show_tracebacks=False",
           # app mode can leave a kernel per visit behind (a closed laptop): cull after 30 min
           "--MappingKernelManager.cull_idle_timeout=1800",
           "--MappingKernelManager.cull_interval=300"]
    cmd = [c for c in cmd if c]
    config = json.loads(json.dumps(course_template(root)))
    if preheat:
        pages = course_notebooks(root) if pages is None else pages
        for section, values in voila_config(pages).items():
            config.setdefault(section, {}).update(values)
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "voila.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    # the first folder wins; Voila's own default list (working folder, Jupyter's) follows
    for folder in [config_dir, root, *jupyter_config_path()]:
        cmd.append(f"--Voila.config_file_paths={folder}")
    return cmd


def server_env(preheat: bool, extra: dict | None = None, root: Path | None = None) -> dict:
    env = dict(os.environ, PYTHONUNBUFFERED="1", **(extra or {}))
    env.pop("MPLBACKEND", None)  # kernels must use the inline backend, or charts go missing
    if preheat:
        env["PYTHONSTARTUP"] = str(STARTUP_FILE)
    else:
        env.pop("PYTHONSTARTUP", None)
    if root is not None and course_template(root):  # Voila finds the course's template there
        share = str(Path(root).resolve() / "share" / "jupyter")
        env["JUPYTER_PATH"] = os.pathsep.join(p for p in [share, env.get("JUPYTER_PATH")] if p)
    return env


@dataclass
class AppServer:
    base: str
    root: Path
    log_path: Path
    proc: subprocess.Popen = field(repr=False)

    def url(self, page: str = START_PAGE) -> str:
        return f"{self.base}/voila/render/{page}"

    def api(self, path: str, method: str = "GET", timeout: float = 10):
        req = urllib.request.Request(f"{self.base}/{path.lstrip('/')}", method=method)
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def ready(self) -> None:
        """Raise OSError until the server answers."""
        urllib.request.urlopen(f"{self.base}/", timeout=5).read()

    def wait_kernels_idle(self, quiet: float = 1.0, timeout: float = 180) -> None:
        """Wait until no kernel of the server has used CPU for `quiet` seconds (a pre-heated
        kernel has finished its start-up work and waits for a request)."""
        deadline = time.monotonic() + timeout
        last, since = None, time.monotonic()
        while time.monotonic() < deadline:
            now = cpu_seconds(descendants(self.proc.pid))
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            time.sleep(0.1)
        raise RuntimeError("Voila's kernels did not settle:\n" + self.log_tail())

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def wait_pool(self, pages: list[str], timeout: float = 120, times: int = 1) -> None:
        """Wait until the log says every pre-heated page's pool is filled (`times` times: 2 after
        one kernel was taken and replaced)."""
        deadline = time.monotonic() + timeout
        while True:
            log = self.log_tail(10**7)
            if all(log.count(f"Kernel pool of {p} is filled") >= times for p in pages):
                return
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Voila's kernel pool was not filled:\n" + self.log_tail())
            time.sleep(0.1)

    def preheated_kernels_used(self) -> list[str]:
        """The ids of the pre-heated kernels requests have taken so far, in order (Voila's log)."""
        return re.findall(r"Using pre-heated kernel: ([0-9a-f-]+)", self.log_tail(10**7))


def descendants(pid: int) -> list[int]:
    """pid and every process below it (Linux /proc; [pid] elsewhere)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.parent.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of the processes (those still running)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of the processes (VmRSS), in bytes."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except (OSError, ValueError):
            continue
    return total


@contextmanager
def running_app(root: Path, *, preheat: bool, pages: list[str] | None = None,
                env: dict | None = None, start_timeout: float = 120) -> Iterator[AppServer]:
    """Voila on 127.0.0.1 (a free port) serving root; stopped, with its kernels, at the end.
    Pass env={"PH_ANSWERS_DIR": ...} to keep a test's answers away from the student's."""
    with tempfile.TemporaryDirectory(prefix="ph-app-", ignore_cleanup_errors=True) as tmp_name:
        tmp = Path(tmp_name)
        port = free_port()
        cmd = voila_command(root, port, preheat=preheat, pages=pages, config_dir=tmp / "config")
        extra = {"JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), **(env or {})}
        log_path = tmp / "voila.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(cmd, cwd=root, env=server_env(preheat, extra, root),
                                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
            server = AppServer(f"http://127.0.0.1:{port}", Path(root).resolve(), log_path, proc)
            try:
                deadline = time.monotonic() + start_timeout
                while True:
                    try:
                        server.ready()
                        break
                    except (OSError, ValueError):
                        if proc.poll() is not None or time.monotonic() > deadline:
                            raise RuntimeError("Voila did not start:\n" + server.log_tail()) from None
                        time.sleep(0.1)
                yield server
            finally:
                stop(proc, interrupt_wait=20)


def course_root() -> Path:
    """The course folder: the first folder at or above the working folder that holds
    lessons/course.yaml (as the course itself decides), else the one this file belongs to."""
    if os.environ.get("PH_COURSE_ROOT"):
        return Path(os.environ["PH_COURSE_ROOT"]).resolve()
    cwd = Path.cwd().resolve()
    for folder in [cwd, *cwd.parents, *Path(__file__).resolve().parents]:
        if (folder / "lessons" / "course.yaml").is_file() and (folder / "notebooks").is_dir():
            return folder
    raise SystemExit("Cannot find the course folder (lessons/course.yaml): run this from the course.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.tools.app_server",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--no-preheat", action="store_true", help="plain Voila (no kernel pool)")
    parser.add_argument("--lessons", nargs="*", metavar="NOTEBOOK",
                        help="pre-heat only these pages (default: the start page and every lesson)")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    root = course_root()
    preheat = not args.no_preheat
    pages = None
    if args.lessons is not None:
        pages = [Path(p).resolve().relative_to(root).as_posix() for p in args.lessons]
    with tempfile.TemporaryDirectory(prefix="ph-app-") as tmp:
        cmd = voila_command(root, args.port, preheat=preheat, pages=pages,
                            config_dir=Path(tmp) / "config")
        url = f"http://127.0.0.1:{args.port}/voila/render/{START_PAGE}"
        print(f"App mode on {url} (pre-heated kernels: {'on' if preheat else 'off'}); "
              "press Ctrl+C to stop.", flush=True)
        proc = subprocess.Popen(cmd, cwd=root, env=server_env(preheat, root=root))

        def on_term(*_args):  # `kill` stops Voila and its kernels too, as Ctrl+C does
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, on_term)
        try:
            if not args.no_browser:
                for _ in range(600):
                    try:
                        urllib.request.urlopen(f"http://127.0.0.1:{args.port}/", timeout=2)
                        break
                    except (OSError, urllib.error.URLError):
                        if proc.poll() is not None:
                            break
                        time.sleep(0.1)
                webbrowser.open(url)
            return proc.wait()
        except KeyboardInterrupt:
            stop(proc, interrupt_wait=20)
            return 0


if __name__ == "__main__":
    sys.exit(main())
